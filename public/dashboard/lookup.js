// "Find an attendee": the look-up for a guest who lost their ticket, with a link to the ticket
// page (and its QR code) to show or send them.
import {byId, element} from '/js/dom.js';
import {listenForSearch} from '/js/search.js';

/**
 * @param api     the staff requests (staff.js)
 * @param search  the vocabulary's search limits
 */
export function mountLookup({api, search}) {
    const results = byId('lookup-results');
    const lookup = listenForSearch({
        input: byId('lookup'),
        note: byId('lookup-note'),
        results,
        search,
        token: api.token,
        onUnauthorized: api.onUnauthorized,
        item: (ticket) => element('li', {data: {ticketId: ticket.id, cancelled: String(ticket.cancelled)}},
            element('span', {class: 'lookup-who'},
                element('b', {}, ticket.name), element('small', {}, ticket.cancelled ? `${ticket.email} · cancelled` : ticket.email)),
            element('button', {type: 'button', class: 'button button-small', data: {ticketId: ticket.id}}, 'Ticket')),
    });

    async function showTicketLink(button) {
        button.disabled = true;
        try {
            const r = await api.get(`/api/tickets/${encodeURIComponent(button.dataset.ticketId)}`);
            if (!r) {
                return;
            }
            if (!r.ok || !r.body.ticket.url) {
                button.textContent = r.ok ? 'No valid code' : 'Failed';
                return;
            }
            button.replaceWith(element('a', {
                class: 'button button-small', href: r.body.ticket.url, target: '_blank', rel: 'noopener',
            }, 'Open ticket'));
        } catch {
            button.disabled = false;
            button.textContent = 'Retry';
        }
    }

    results.addEventListener('click', (e) => {
        const button = e.target.closest('button[data-ticket-id]');
        if (button) {
            showTicketLink(button);
        }
    });
    return {hide: lookup.clear};
}
