// The attendees panel's decisions, without the DOM: which page of GET /api/tickets to ask for, and
// how a guest's presence reads on a row.

/**
 * What to ask GET /api/tickets for. A search (at least the vocabulary's minimum of letters) asks
 * `?q=` alone: the server's few best matches, which it does not page, filter or sort. Otherwise a
 * page of the whole list: the filters that are set, and the cursor of the page before (none for
 * the first).
 * @param filters {q, status, list, sort}; empty strings are left out
 * @returns {mode: 'search' | 'pages', path}
 */
export function attendeesQuery({limit, cursor, q, status, list, sort}, minChars) {
    const query = (q || '').trim();
    if (query.length >= minChars) {
        return {mode: 'search', path: `/api/tickets?${new URLSearchParams({q: query})}`};
    }
    const params = new URLSearchParams({limit: String(limit)});
    if (cursor) {
        params.set('cursor', cursor);
    }
    for (const [name, value] of Object.entries({status, list, sort})) {
        if (value) {
            params.set(name, value);
        }
    }
    return {mode: 'pages', path: `/api/tickets?${params}`};
}

/**
 * Where the guest is: {state: cancelled | inside | left | absent | outside, text}; `time` puts an
 * instant on the event's clock. A page's row says when the guest first arrived on its list; a
 * search match says only whether they are inside (outside: not inside, arrival not known).
 * Cancelled wins: a cancelled ticket admits nobody, whatever happened before.
 */
export function presence(ticket, time) {
    if (ticket.cancelled) {
        return {state: 'cancelled', text: 'Cancelled'};
    }
    const arrived = ticket.arrivedAt ? `Arrived ${time(ticket.arrivedAt)}` : '';
    if (ticket.inside) {
        return {state: 'inside', text: arrived ? `${arrived} · inside` : 'Inside'};
    }
    if (arrived) {
        return {state: 'left', text: `${arrived} · left`};
    }
    return 'arrivedAt' in ticket ? {state: 'absent', text: 'Not arrived'} : {state: 'outside', text: 'Not inside'};
}
