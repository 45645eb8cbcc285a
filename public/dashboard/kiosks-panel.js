// "Kiosks": admitted and refused per door kiosk and when it was last seen; a silent one is
// flagged (data-health), a revoked one steps back.
import {byId, element, setText} from '/js/dom.js';
import {ago} from '/dashboard/durations.js';
import {healthBadge, kioskHealth} from '/dashboard/kiosk-health.js';
import {cells, syncRows} from '/dashboard/table-rows.js';

/** kiosks: the snapshot's stats.kiosks; now: the server's time (ms). */
export function renderKiosks(kiosks, now) {
    syncRows(byId('kiosks'), kiosks, (k) => k.id, (row, k) => {
        row.dataset.kioskId = k.id;
        row.dataset.health = kioskHealth(k, now);
        const [name, admitted, refused, seen] = cells(row,
            [['th', ''], ['td', 'num kiosk-admitted'], ['td', 'num kiosk-refused'], ['td', 'kiosk-seen']]);
        name.scope = 'row';
        const badge = healthBadge(row.dataset.health);
        if (name.dataset.shown !== `${k.name}|${badge}`) {
            name.dataset.shown = `${k.name}|${badge}`;
            name.replaceChildren(k.name, ...(badge ? [' ', element('span', {class: 'badge'}, badge)] : []));
        }
        setText(admitted, String(k.admitted));
        setText(refused, String(k.refused));
        setText(seen, k.lastSeen ? ago(now - Date.parse(k.lastSeen)) : 'never');
    });
    byId('kiosks-empty').hidden = kiosks.length > 0;
}
