// Tables the board refreshes every second: rows and cells are kept and only changed text is
// written, so the refresh does not rebuild (or move) what someone is looking at.
import {element} from '/js/dom.js';

/** One row per item (by key, in the items' order); fill(row, item) writes the row. */
export function syncRows(tbody, items, keyOf, fill) {
    const existing = new Map([...tbody.children].map((row) => [row.dataset.key, row]));
    const rows = items.map((item) => {
        const key = keyOf(item);
        const row = existing.get(key) || element('tr', {data: {key}});
        fill(row, item);
        return row;
    });
    placeRows(tbody, rows);
}

/** Puts exactly these rows in the table body, in order, leaving the ones already in place where they are. */
export function placeRows(tbody, rows) {
    const keep = new Set(rows);
    for (const row of [...tbody.children]) {
        if (!keep.has(row)) {
            row.remove();
        }
    }
    rows.forEach((row, i) => {
        if (tbody.children[i] !== row) {
            tbody.insertBefore(row, tbody.children[i] || null);
        }
    });
}

/** The row's cells, made on first use: spec is [[tag, class], ...]. */
export function cells(row, spec) {
    if (row.children.length !== spec.length) {
        row.replaceChildren(...spec.map(([tag, className]) => element(tag, className ? {class: className} : {})));
    }
    return [...row.children];
}
