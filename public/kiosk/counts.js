// The kiosk's top bar: online or not, and the counts (this kiosk's admissions, the event's
// arrivals), pushed by the live stream the dashboard reads too: no polling. Each snapshot also
// names the event's revision: a new one means staff edited the event.
import {setText} from '/js/dom.js';
import {openLiveStream} from '/js/live.js';

export function setOnline(online, wording = online ? 'Online' : 'Offline') {
    document.body.dataset.online = online ? 'yes' : 'no';
    setText('connection', wording);
}

/**
 * @param token     the kiosk's token
 * @param kioskId   this kiosk's id, to find its own count
 * @param onDenied  called when the stream refuses the token: the kiosk was revoked
 * @param onRevision called with each snapshot's event revision
 */
export function followCounts({token, kioskId, onDenied, onRevision}) {
    openLiveStream('/api/stats/stream', {
        token,
        onEvent: (event) => {
            if (event.type === 'snapshot') {
                const snapshot = JSON.parse(event.data);
                showCounts(snapshot.stats, kioskId);
                if (snapshot.event) {
                    onRevision(snapshot.event);
                }
            }
        },
        onStatus: (status) => {
            if (status === 'live' || status === 'reconnecting') {
                setOnline(status === 'live');
            } else if (status === 'denied') {
                onDenied();
            }
        },
    });
}

function showCounts(stats, kioskId) {
    const mine = stats.kiosks.find((k) => k.id === kioskId);
    setText('count-mine', String(mine ? mine.admitted : 0));
    setText('count-event', String(stats.checkedIn));
    setText('count-registered', String(stats.registered));
}
