// "Conflicts": offline entries the online rules would have refused (already in by another door,
// a replaced or cancelled ticket), newest first, from the snapshot's `conflicts`: who, at which
// door and when, and the entry that stands for it. Hidden while there are none.
import {byId} from '/js/dom.js';
import {cells, syncRows} from '/dashboard/table-rows.js';

/** conflicts: the snapshot's list; session: {words, clock, listName}, from session.js. */
export function renderConflicts(conflicts, session) {
    const {words, clock} = session;
    syncRows(byId('conflicts'), conflicts, (c) => String(c.id), (row, c) => {
        row.dataset.conflictId = String(c.id);
        row.dataset.reason = c.reason || '';
        const [time, who, list, doors, why] = cells(row,
            [['td', 'conflict-time'], ['td', 'conflict-name'], ['td', 'conflict-list'], ['td', 'conflict-doors'], ['td', 'conflict-why']]);
        time.textContent = clock.timeWithSeconds(c.at);
        who.textContent = c.name || '—';
        list.textContent = session.listName(c.list);
        const first = c.firstCheckin;
        doors.textContent = first
            ? `${c.kiosk} (offline) · in at ${clock.timeWithSeconds(first.at)} by ${first.kiosk}`
            : `${c.kiosk} (offline)`;
        why.textContent = words.reason(c.reason).wording;
    });
    byId('conflicts-panel').hidden = conflicts.length === 0;
}

export function clearConflicts() {
    byId('conflicts').replaceChildren();
    byId('conflicts-panel').hidden = true;
}
