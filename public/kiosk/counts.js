// The kiosk's top bar: online or not, and the counts (this kiosk's admissions, the event's
// arrivals), pushed by the live stream the dashboard reads too: no polling. Each snapshot also
// names the event's revision: a new one means staff edited the event. While the stream is down the
// counts go on from the device (approximate-counts.js), marked "≈".
import {setText} from '/js/dom.js';
import {openLiveStream} from '/js/live.js';
import {countsNow} from '/kiosk/approximate-counts.js';

const APPROXIMATE = '≈';

export function setOnline(online, wording = online ? 'Online' : 'Offline') {
    document.body.dataset.online = online ? 'yes' : 'no';
    setText('connection', wording);
}

/**
 * @param token     the kiosk's token
 * @param kioskId   this kiosk's id, to find its own count
 * @param words     vocabularyOf(...) of the event
 * @param store     the offline store (the last counts and the queue), or null
 * @param nodes     where the kiosk reaches Usher (nodes.js): a reconnect goes to the current node
 * @param onDenied  called when the stream refuses the token: the kiosk was revoked
 * @param onRevision called with each snapshot's event revision
 * @returns {refresh()}: the queue changed or the kiosk went offline or back; show the counts again;
 *          {stop()}: the kiosk was unpaired, draw no more
 */
export function followCounts({token, kioskId, words, store, nodes, onDenied, onRevision}) {
    let stats = null;
    let live = false;
    let stopped = false;

    async function show() {
        const queued = store ? await store.queued().catch(() => []) : [];
        // An unpaired kiosk shows no counts: a redraw begun before it was unpaired must not bring them back.
        if (stopped) {
            return;
        }
        const counts = countsNow(stats, kioskId, queued, words, live);
        if (!counts) {
            return;
        }
        const mark = counts.approximate ? APPROXIMATE : '';
        document.body.dataset.counts = counts.approximate ? 'approximate' : 'live';
        setText('count-mine', mark + counts.mine);
        setText('count-event', mark + counts.event);
        setText('count-registered', String(counts.registered));
    }

    // The counts of the last time the kiosk was online: a kiosk started offline goes on from them.
    store?.counts().then((kept) => {
        if (kept && !stats) {
            stats = kept;
            show();
        }
    }, () => {});
    openLiveStream(() => nodes.url('/api/stats/stream'), {
        token,
        onEvent: (event) => {
            if (event.type === 'snapshot') {
                const snapshot = JSON.parse(event.data);
                stats = snapshot.stats;
                live = true;
                store?.saveCounts(stats).catch(() => {});
                show();
                if (snapshot.event) {
                    onRevision(snapshot.event);
                }
            }
        },
        onStatus: (status) => {
            if (status === 'live' || status === 'reconnecting') {
                setOnline(status === 'live');
                live = status === 'live';
                show();
            } else if (status === 'denied') {
                onDenied();
            }
        },
    });
    return {
        refresh(offline = false) {
            if (offline) {
                live = false;
            }
            show();
        },
        stop() {
            stopped = true;
        },
    };
}
