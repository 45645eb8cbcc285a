// "Attendees" (organizer only): the whole guest list, a page at a time (GET /api/tickets with a
// cursor), searched, filtered by presence and list, sorted; each row with what the desk does for
// one guest: correct the name or email, open the ticket, mail it, re-issue it, cancel it, admit the
// guest by hand or take an arrival back (annul the entry).
// The panel's data-state (loading | ready | failed) and each row's data-presence decide what shows.
import {messageOf} from '/js/api.js';
import {byId, element, setText} from '/js/dom.js';
import {createAttendeeEdit} from '/dashboard/attendee-edit.js';
import {attendeesQuery, presence} from '/dashboard/attendee-query.js';
import {ticketMailLine} from '/dashboard/mail-state.js';
import {pollWhile} from '/dashboard/poll.js';

const PAGE_SIZE = 100;
const PAUSE_MS = 250;
const CONFIRM_MS = 4000;
const POLL_MS = 1000;

/**
 * @param api           the staff requests (staff.js)
 * @param lists         the event's check-in lists, the main door first
 * @param mainList      the vocabulary's main list: where "Admit" checks in when no list is picked
 * @param statuses      the vocabulary's presence filters, [{name, wording}]
 * @param sorts         the vocabulary's orders, [{name, wording}], the server's default first
 * @param search        the vocabulary's search limits
 * @param mailState     the vocabulary's wording of a mail state
 * @param clock         () => the event clock, for times of day
 * @param onMailChanged called when a ticket mail was queued (the mail panel refreshes)
 * @param annulDialog   the page's annul dialog (annul-dialog.js)
 */
export function mountAttendees({api, lists, mainList, statuses, sorts, search, mailState, clock, onMailChanged, annulDialog}) {
    const panel = byId('attendees');
    const rows = byId('attendees-rows');
    const more = byId('attendees-more');
    const filter = {q: byId('attendees-q'), status: byId('attendees-status'), list: byId('attendees-list'), sort: byId('attendees-sort')};
    const time = (instant) => clock()?.time(instant) ?? '';
    const listName = (id) => lists.find((l) => l.id === id)?.name ?? id;
    const listOptions = filter.list.children.length; // options of the page's own, before the event's lists
    filter.list.append(...lists.map((l) => element('option', {value: l.id}, l.name)));
    filter.status.append(...statuses.map((s) => element('option', {value: s.name}, s.wording)));
    filter.sort.append(...sorts.map((s) => element('option', {value: s.name}, s.wording)));
    const editDialog = createAttendeeEdit({api});
    filter.q.placeholder = `At least ${search.minChars} letters of a name or email`;

    let tickets = new Map();
    let next = null;
    let asked = 0;
    let typing = null;
    let stops = [];

    /**
     * Loads the first page for the filters as they are now (more: the page after the ones shown;
     * keep: at least that many rows, page after page, so a refresh keeps what was shown).
     */
    async function load({more: appending = false, keep = 0} = {}) {
        const mine = ++asked;
        panel.dataset.state = 'loading';
        more.disabled = true;
        setText('attendees-error', '');
        const query = (cursor) => attendeesQuery({
            limit: PAGE_SIZE, cursor, q: filter.q.value, status: filter.status.value,
            list: filter.list.value, sort: filter.sort.value,
        }, search.minChars);
        const {mode} = query(null);
        showMode(mode);
        try {
            const found = [];
            let cursor = appending ? next : null;
            do {
                const r = await api.get(query(cursor).path);
                if (mine !== asked || !r) {
                    return; // newer filters were asked for, or the token stopped working
                }
                if (!r.ok) {
                    panel.dataset.state = 'failed';
                    setText('attendees-error', messageOf(r));
                    return;
                }
                found.push(...r.body.tickets);
                cursor = r.body.next || null;
            } while (mode === 'pages' && cursor && found.length < keep);
            if (!appending) {
                tickets = new Map();
                rows.replaceChildren();
            }
            for (const ticket of found) {
                tickets.set(ticket.id, ticket);
                rows.append(row(ticket));
            }
            next = cursor;
            panel.dataset.state = 'ready';
            showCount(mode);
        } catch {
            if (mine === asked) {
                panel.dataset.state = 'failed';
                setText('attendees-error', 'No connection to the server: the list may be incomplete.');
            }
        } finally {
            if (mine === asked) {
                more.disabled = false;
            }
        }
    }

    /** A search shows the server's best matches of everyone: the filters and the order do not apply to it. */
    function showMode(mode) {
        panel.dataset.mode = mode;
        [filter.status, filter.list, filter.sort].forEach((select) => {
            select.disabled = mode === 'search';
        });
    }

    function showCount(mode) {
        const shown = tickets.size;
        more.hidden = !next;
        byId('attendees-empty').hidden = shown > 0;
        const searched = shown >= search.maxResults ? `The first ${shown} matches: type more to narrow down` : `${shown} found`;
        setText('attendees-count', shown === 0 ? '' : mode === 'search' ? searched
            : next ? `The first ${shown} shown` : `All ${shown} shown`);
    }

    function row(ticket) {
        const tr = element('tr', {data: {ticketId: ticket.id}},
            element('td', {class: 'attendee-who'}, element('b'), element('small')),
            element('td', {class: 'attendee-presence'},
                element('span', {data: {testid: 'attendee-presence'}}), element('span', {class: 'attendee-annul'})),
            element('td', {class: 'attendee-mail', data: {testid: 'attendee-mail'}}),
            element('td', {}, element('span', {class: 'attendee-actions'})));
        fill(tr, ticket);
        return tr;
    }

    /** Writes a row in place: a button being pointed at stays where it is, unless its ticket was just cancelled. */
    function fill(tr, ticket) {
        const [who, where, mail, actions] = tr.children;
        const now = presence(ticket, time);
        tr.dataset.presence = now.state;
        setText(who.firstChild, ticket.name);
        setText(who.lastChild, ticket.email);
        setText(where.firstChild, now.text);
        // Only a ticket's latest movement on a list can be annulled: its entry, while the guest is inside.
        const annullable = !ticket.cancelled && ticket.inside && ticket.checkinId != null ? String(ticket.checkinId) : '';
        if (where.lastChild.dataset.checkinId !== annullable) {
            where.lastChild.dataset.checkinId = annullable;
            where.lastChild.replaceChildren(...(annullable ? [button('annul', 'Annul arrival')] : []));
        }
        mail.dataset.mailState = ticket.mail?.state || 'never';
        setText(mail, ticketMailLine(ticket.mail, time, mailState));
        if (tr.dataset.cancelled !== String(ticket.cancelled)) {
            tr.dataset.cancelled = String(ticket.cancelled);
            actions.firstChild.replaceChildren(button('edit', 'Edit'), button('ticket', 'Ticket'), ...(ticket.cancelled ? [] : [
                button('admit', 'Admit'), button('send', 'Send ticket'), button('reissue', 'Re-issue'),
                button('cancel', 'Cancel ticket', {danger: true})]));
        }
    }

    function button(action, label, {danger = false} = {}) {
        return element('button', {
            type: 'button', class: `button button-small${danger ? ' button-quiet-danger' : ''}`, data: {action, testid: `attendee-${action}`},
        }, label);
    }

    /** Writes the row again from what is known of its ticket now. */
    function redraw(id, changes) {
        const ticket = {...tickets.get(id), ...changes};
        tickets.set(id, ticket);
        const tr = rows.querySelector(`tr[data-ticket-id="${CSS.escape(id)}"]`);
        if (tr) {
            fill(tr, ticket);
        }
    }

    /** The list the rows' arrivals are on, and where Admit checks in: a search's matches are on the main door. */
    function shownList() {
        return panel.dataset.mode === 'search' ? mainList : filter.list.value || mainList;
    }

    function note(ticket, text) {
        setText('attendees-note', text ? `${ticket.name}: ${text}` : '');
    }

    async function act(button, id) {
        const ticket = tickets.get(id);
        const action = button.dataset.action;
        if (action === 'edit') {
            editDialog.open(ticket, (edited) => {
                redraw(id, {name: edited.name, email: edited.email});
                note(tickets.get(id), 'name and email saved.');
            });
            return;
        }
        if (action === 'annul') {
            annulDialog.open({checkinId: ticket.checkinId, what: `${ticket.name} · entry on ${listName(shownList())} (${presence(ticket, time).text})`},
                () => {
                    note(ticket, 'the arrival was annulled.');
                    load({keep: tickets.size});
                });
            return;
        }
        if (action === 'cancel' && button.dataset.confirm !== 'yes') {
            // Two clicks: a cancelled ticket admits nobody, and it cannot be undone here.
            button.dataset.confirm = 'yes';
            button.textContent = 'Really cancel?';
            setTimeout(() => {
                if (button.isConnected && !button.disabled) {
                    button.dataset.confirm = 'no';
                    button.textContent = 'Cancel ticket';
                }
            }, CONFIRM_MS);
            return;
        }
        button.disabled = true;
        note(ticket, '');
        try {
            if (action === 'ticket') {
                await openTicket(button, id);
            } else if (action === 'admit') {
                await admit(ticket);
            } else if (action === 'send') {
                await send(ticket);
            } else if (action === 'reissue' || action === 'cancel') {
                await revoke(ticket, action === 'reissue');
            }
        } catch {
            note(ticket, 'no connection to the server. Nothing was changed.');
        } finally {
            if (button.isConnected) {
                button.disabled = false;
            }
        }
    }

    async function openTicket(button, id) {
        const r = await api.get(`/api/tickets/${encodeURIComponent(id)}`);
        if (!r) {
            return;
        }
        if (!r.ok || !r.body.ticket.url) {
            button.textContent = r.ok ? 'No valid code' : 'Failed';
            return;
        }
        button.replaceWith(element('a', {
            class: 'button button-small', href: r.body.ticket.url, target: '_blank', rel: 'noopener', data: {testid: 'attendee-open'},
        }, 'Open ticket'));
    }

    async function admit(ticket) {
        const r = await api.post('/api/checkins', {ticketId: ticket.id, list: shownList()});
        if (!r) {
            return;
        }
        const checkin = r.body && r.body.status ? r.body : null;
        if (!r.ok || !checkin || checkin.status !== 'ok') {
            note(ticket, checkin ? checkin.message : messageOf(r));
            return;
        }
        // The list rows say when the guest first arrived: a second entry keeps that time.
        // The answer carries no time: this browser's clock stands in for the first arrival.
        redraw(ticket.id, {arrivedAt: ticket.arrivedAt || new Date().toISOString(), inside: true, checkinId: checkin.checkinId ?? null});
        note(ticket, `${checkin.title} (${listName(checkin.list)}).`);
    }

    async function send(ticket) {
        const r = await api.post('/api/tickets/send', {ids: [ticket.id]});
        if (!r) {
            return;
        }
        if (!r.ok || !(r.body.queued > 0)) {
            note(ticket, r.ok ? 'nothing was queued for this ticket.' : messageOf(r));
            return;
        }
        onMailChanged();
        redraw(ticket.id, {mail: {state: 'queued'}});
        follow(ticket.id);
    }

    async function revoke(ticket, reissue) {
        const r = await api.post(`/api/tickets/${encodeURIComponent(ticket.id)}/revoke`, {reissue});
        if (!r) {
            return;
        }
        if (!r.ok) {
            note(ticket, messageOf(r));
            return;
        }
        redraw(ticket.id, {cancelled: r.body.ticket.cancelled, mail: r.body.ticket.mail});
        note(ticket, reissue ? 'a new ticket code was issued; the old one no longer admits.' : 'the ticket was cancelled.');
        if (reissue && r.body.ticket.mail?.state === 'queued') {
            onMailChanged();
            follow(ticket.id);
        }
    }

    /** Shows the ticket's mail state once a second while its mail waits in the queue. */
    function follow(id) {
        stops.push(pollWhile(async () => {
            const r = await api.get(`/api/tickets/${encodeURIComponent(id)}`);
            if (!r || !r.ok || !tickets.has(id)) {
                return false;
            }
            const mail = r.body.ticket.mail;
            redraw(id, {mail});
            const queued = mail && mail.state === 'queued';
            if (!queued) {
                onMailChanged();
            }
            return queued;
        }, POLL_MS));
    }

    rows.addEventListener('click', (e) => {
        const button = e.target.closest('button[data-action]');
        const id = button?.closest('tr')?.dataset.ticketId;
        if (id && tickets.has(id)) {
            act(button, id);
        }
    });
    filter.q.addEventListener('input', () => {
        clearTimeout(typing);
        typing = setTimeout(() => load(), PAUSE_MS);
    });
    [filter.status, filter.list, filter.sort].forEach((select) => select.addEventListener('change', () => load()));
    byId('attendees-filter').addEventListener('submit', (e) => {
        e.preventDefault();
        clearTimeout(typing);
        load();
    });
    more.addEventListener('click', () => load({more: true}));

    return {
        show() {
            load();
        },
        /** The event was edited: its lists as they are now (a removed list's filter falls back to none). */
        showLists(next) {
            lists = next;
            const picked = filter.list.value;
            [...filter.list.children].slice(listOptions).forEach((option) => option.remove());
            filter.list.append(...lists.map((l) => element('option', {value: l.id}, l.name)));
            filter.list.value = lists.some((l) => l.id === picked) ? picked : mainList;
            if (filter.list.value !== picked) {
                load();
            }
        },
        /** Signed out: no guest's name or address stays on the screen. */
        hide() {
            stops.forEach((stop) => stop());
            stops = [];
            editDialog.close();
            clearTimeout(typing);
            asked++;
            tickets = new Map();
            next = null;
            rows.replaceChildren();
            filter.q.value = '';
            setText('attendees-count', '');
            setText('attendees-note', '');
            setText('attendees-error', '');
            more.hidden = true;
            panel.dataset.state = 'idle';
        },
    };
}
