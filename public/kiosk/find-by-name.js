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
 */
export function mountFindByName({token, words, settings, admitTicket}) {
    listenForSearch({
        input: byId('search'),
        note: byId('search-note'),
        results: byId('results'),
        search: words.search,
        token: () => token,
        shown: SHOWN,
        item: (ticket) => {
            const admit = element('button', {type: 'button', data: {ticketId: ticket.id}},
                settings.mode === words.direction.exit ? 'Let out' : 'Admit');
            admit.disabled = ticket.cancelled;
            admit.addEventListener('click', () => admitTicket(ticket.id));
            return element('li', {},
                element('span', {class: 'result-who user-text'}, element('b', {}, ticket.name), element('small', {}, ticket.email)),
                admit);
        },
    });
}

