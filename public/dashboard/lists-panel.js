// "Check-in lists": checked in and inside per list; the main door's row is marked (data-main).
import {byId, setText} from '/js/dom.js';
import {cells, syncRows} from '/dashboard/table-rows.js';

export function renderLists(lists, mainList) {
    syncRows(byId('lists'), lists, (l) => l.id, (row, l) => {
        row.dataset.listId = l.id;
        row.dataset.main = String(l.id === mainList);
        const [name, checkedIn, inside] = cells(row, [['th', ''], ['td', 'num list-checked-in'], ['td', 'num list-inside']]);
        name.scope = 'row';
        setText(name, l.name);
        setText(checkedIn, String(l.checkedIn));
        setText(inside, String(l.inside));
    });
}
