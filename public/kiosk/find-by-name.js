// "Find by name" on the kiosk: for a guest without their QR code. Matches show the email as the
// server masks it for kiosks: enough to tell two Alex Smiths apart, not enough to harvest.
import {byId, element} from '/js/dom.js';
import {listenForSearch} from '/js/search.js';

/** A few rows fit beside the camera on a phone; the search can always be narrowed. */
const SHOWN = 5;

/**
 * @param token        the kiosk's token
 * @param words        vocabularyOf(...): the search limits and the direction names
 * @param settings     the kiosk's settings: an exit kiosk lets out instead of admitting
 * @param admitTicket  ticketId => ..., checks the ticket in (or out)
 * @param nodes        where the kiosk reaches Usher (nodes.js)
 */
export function mountFindByName({token, words, settings, admitTicket, nodes}) {
    listenForSearch({
        input: byId('search'),
        note: byId('search-note'),
        results: byId('results'),
        search: words.search,
        token: () => token,
        address: (path) => nodes.url(path),
        shown: SHOWN,
        item: (ticket) => {
            // The server says who is inside on the main list: offer them no green Admit there.
            const alreadyIn = ticket.inside && settings.mode === words.direction.entry && settings.list === words.mainList;
            const label = alreadyIn ? words.reason('already_redeemed').wording
                : settings.mode === words.direction.exit ? 'Let out' : 'Admit';
            const admit = element('button', {type: 'button', data: {ticketId: ticket.id}}, label);
            admit.disabled = ticket.cancelled || alreadyIn;
            admit.addEventListener('click', () => admitTicket(ticket.id));
            return element('li', {},
                element('span', {class: 'result-who user-text'}, element('b', {}, ticket.name), element('small', {}, ticket.email)),
                admit);
        },
    });
}

