// "Last scans": the newest scans first, refusals highlighted by their reason's tone, annulled
// ones struck through, new ones flashing once; to the organizer, an Annul button per admission.
// A row is made once per scan (and again once annulled), so a button being clicked stays put.
import {byId, element} from '/js/dom.js';
import {scanVerdict, scanWho} from '/dashboard/scan-wording.js';
import {placeRows} from '/dashboard/table-rows.js';

export function createRecentScans() {
    let rows = new Map(); // `${id}:${annulled}` -> <tr>
    let newest = null;

    /** session: {words, clock, admin, listName}, from session.js. */
    function row(scan, session) {
        const {words, clock} = session;
        const who = scanWho(scan);
        const action = element('td', {class: 'admin-col'});
        if (session.admin && scan.status === 'ok' && scan.checkinId !== null && scan.checkinId !== undefined && !scan.annulled) {
            action.append(element('button', {
                type: 'button',
                class: 'button button-small annul-button',
                data: {
                    checkinId: String(scan.checkinId),
                    testid: 'annul',
                    what: `${who} · ${scan.type} on ${session.listName(scan.list)} at ${clock.timeWithSeconds(scan.at)} (${scan.kiosk || 'staff'})`,
                },
            }, 'Annul'));
        }
        const tone = scan.annulled ? 'neutral' : scan.status === 'ok' ? 'ok' : words.reason(scan.reason).tone;
        return element('tr', {
            data: {scanId: String(scan.id), status: scan.status, reason: scan.reason || '', tone, annulled: String(Boolean(scan.annulled))},
        },
        element('td', {class: 'recent-time'}, clock.timeWithSeconds(scan.at)),
        element('td', {class: 'recent-kiosk'}, scan.kiosk || ''),
        element('td', {class: 'recent-list'}, session.listName(scan.list)),
        element('td', {class: 'recent-name'}, who),
        element('td', {class: 'recent-verdict'}, scanVerdict(scan, words)),
        action);
    }

    return {
        render(scans, session) {
            const wanted = scans.map((scan) => {
                const key = `${scan.id}:${scan.annulled}`;
                let tr = rows.get(key);
                if (!tr) {
                    tr = row(scan, session);
                    if (newest !== null && scan.id > newest) {
                        tr.classList.add('fresh');
                    }
                }
                return [key, tr];
            });
            rows = new Map(wanted);
            placeRows(byId('recent'), [...rows.values()]);
            newest = scans.length ? Math.max(...scans.map((s) => s.id)) : newest;
            byId('recent-empty').hidden = scans.length > 0;
        },
        clear() {
            rows.clear();
            newest = null;
            byId('recent').replaceChildren();
        },
    };
}
