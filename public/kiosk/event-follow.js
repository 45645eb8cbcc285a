// Staff edited the event (a list renamed or added, the event's name): the running kiosk takes the
// new one without a reload. Two things name the event's revision: each live snapshot and each page
// of the offline sync. Whichever sees a new one first fetches GET /api/event once, redraws through
// onEvent, and keeps it on the device with the station, so an offline start shows it too.
import {getJsonWithin} from '/js/api.js';

/** The event is small; the door is not waiting on it, so it may take longer than a scan's answer. */
const EVENT_WITHIN_MS = 10000;

/**
 * @param revision the revision of the event the station shows
 * @param store    the offline store, or null
 * @param nodes    where the kiosk reaches Usher (nodes.js)
 * @param onEvent  event => ..., the event (as GET /api/event gives it) of a newer revision
 * @returns {seen(revision)}: a Promise, settled once the event is followed (or could not be fetched)
 */
export function followEvent({revision, store, nodes, onEvent}) {
    let shown = revision;
    let asking = null;

    async function fetchEvent() {
        try {
            const r = await getJsonWithin(nodes.url('/api/event'), null, EVENT_WITHIN_MS);
            if (!r.ok || !r.body) {
                return;
            }
            shown = r.body.revision;
            onEvent(r.body);
            const kept = store ? await store.station() : null;
            if (kept) {
                await store.saveStation({...kept, event: r.body});
            }
        } catch (e) {
            // Whoever names the revision next (a snapshot, the next sync) asks again.
            console.warn('kiosk: the edited event could not be fetched', e);
        } finally {
            asking = null;
        }
    }

    return {
        seen(next) {
            if (next && next !== shown && !asking) {
                asking = fetchEvent();
            }
            return asking || Promise.resolve();
        },
    };
}
