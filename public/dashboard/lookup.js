// "Find an attendee": the look-up for a guest who lost their ticket, with a link to the ticket
// page (and its QR code) to show them, the state of their ticket mail, and a button to mail the
// ticket (again).
import {messageOf} from '/js/api.js';
import {byId, element, setText} from '/js/dom.js';
import {listenForSearch} from '/js/search.js';
import {ticketMailLine} from '/dashboard/mail-state.js';
import {pollWhile} from '/dashboard/poll.js';

const POLL_MS = 1000;

/**
 * @param api          the staff requests (staff.js)
 * @param search       the vocabulary's search limits
 * @param clock        () => the event clock, for times of day
 * @param onMailChanged called when a ticket mail was queued, and when it left (the mail panel refreshes)
 */
export function mountLookup({api, search, mailState, clock, onMailChanged}) {
    const results = byId('lookup-results');
    const time = (instant) => clock()?.time(instant) ?? '';
    let stops = [];

    function item(ticket) {
        return element('li', {data: {ticketId: ticket.id, cancelled: String(ticket.cancelled)}},
            element('span', {class: 'lookup-who user-text'},
                element('b', {}, ticket.name),
                element('small', {}, ticket.cancelled ? `${ticket.email} · cancelled` : ticket.email),
                mailLine(ticket.mail)),
            element('span', {class: 'lookup-actions'},
                element('button', {type: 'button', class: 'button button-small', data: {action: 'ticket', ticketId: ticket.id}}, 'Ticket'),
                ticket.cancelled ? '' : element('button', {
                    type: 'button', class: 'button button-small', data: {action: 'send', ticketId: ticket.id, testid: 'lookup-send'},
                }, 'Send ticket')));
    }

    function mailLine(mail) {
        return showMail(element('small', {class: 'lookup-mail', data: {testid: 'lookup-mail'}}), mail?.state, ticketMailLine(mail, time, mailState));
    }

    /** state: the mail's, or refused when nothing could be queued. */
    function showMail(line, state, text) {
        line.dataset.mailState = state || 'never';
        setText(line, text);
        return line;
    }

    const lookup = listenForSearch({
        input: byId('lookup'),
        note: byId('lookup-note'),
        results,
        search,
        token: api.token,
        onUnauthorized: api.onUnauthorized,
        item,
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

    async function sendTicket(button) {
        const li = button.closest('li');
        const id = button.dataset.ticketId;
        button.disabled = true;
        try {
            const r = await api.post('/api/tickets/send', {ids: [id]});
            if (!r) {
                return;
            }
            if (!r.ok || !(r.body.queued > 0)) {
                showMail(li.querySelector('.lookup-mail'), 'refused', r.ok ? 'Nothing was queued for this ticket.' : messageOf(r));
                button.disabled = false;
                return;
            }
            onMailChanged();
            button.textContent = 'Sending…';
            follow(li, id, button);
        } catch {
            button.disabled = false;
            button.textContent = 'Retry send';
        }
    }

    /** Shows the ticket's mail state once a second while its mail waits in the queue. */
    function follow(li, id, button) {
        stops.push(pollWhile(async () => {
            if (!li.isConnected) {
                return false;
            }
            const r = await api.get(`/api/tickets/${encodeURIComponent(id)}`);
            if (!r || !r.ok || !li.isConnected) {
                return false;
            }
            const mail = r.body.ticket.mail;
            showMail(li.querySelector('.lookup-mail'), mail?.state, ticketMailLine(mail, time, mailState));
            const queued = mail && mail.state === 'queued';
            if (!queued) {
                onMailChanged();
                button.disabled = false;
                button.textContent = 'Send ticket';
            }
            return queued;
        }, POLL_MS));
    }

    results.addEventListener('click', (e) => {
        const button = e.target.closest('button[data-ticket-id]');
        if (button && button.dataset.action === 'ticket') {
            showTicketLink(button);
        } else if (button && button.dataset.action === 'send') {
            sendTicket(button);
        }
    });
    return {
        hide() {
            stops.forEach((stop) => stop());
            stops = [];
            lookup.clear();
        },
    };
}
