// The door's check-ins: a scanned code or a ticket picked by name goes to POST /api/checkins for
// the list and direction the kiosk is set to, one request at a time. When the server does not
// answer within ANSWER_WITHIN_MS (or the kiosk is offline already, or scans made offline are still
// waiting to upload, which must reach the server first), the offline door decides and queues, and
// the kiosk moves to the next of the event's nodes (nodes.js): the sync uploads the queue there.
import {postJsonWithin} from '/js/api.js';
import {ANSWER_WITHIN_MS} from '/kiosk/offline-mode.js';
import {couldNotCheckVerdict, verdictFor} from '/kiosk/verdicts.js';

/** The same code again this soon is the same ticket still in front of the camera. */
const SAME_CODE_PAUSE_MS = 5000;

/**
 * @param token      the kiosk's token
 * @param settings   the kiosk's settings ({list, mode}), read at each scan
 * @param facts      {words, lists, time} for verdictFor
 * @param show       verdict => ..., puts it on the screen
 * @param connection the kiosk's connection state (offline-mode.js)
 * @param nodes      where the kiosk reaches Usher (nodes.js)
 * @param offline    the offline door (offline-door.js), or null without offline storage
 * @param waiting    () => Promise<number>: scans queued offline, not uploaded yet
 * @param onUnauthorized called when the server no longer knows this kiosk
 * @returns {handleCode(code), admitTicket(ticketId), busy(), stop()}
 */
export function createDoor({token, settings, facts, show, connection, nodes, offline, waiting, onUnauthorized}) {
    const handled = new Map(); // code or ticket -> when it was last handled
    let busy = false;
    let stopped = false;

    async function submit(what, key) {
        if (busy || stopped) {
            return; // one request at a time
        }
        busy = true;
        handled.set(key, performance.now());
        // The nonce goes with the scan everywhere, to the server now or in the queue: a request that
        // reached the server after all is answered once, however often it is sent.
        const request = {
            ...what,
            list: settings.list,
            type: settings.mode,
            nonce: crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`,
            at: new Date().toISOString(),
        };
        try {
            const answer = await askServer(request);
            if (answer) {
                show(verdictFor(answer, facts));
                if (answer.status === 401) {
                    onUnauthorized();
                } else if (offline) {
                    await offline.noteAnswer(request, answer).catch((e) => console.warn('door: offline list not updated', e));
                }
            } else {
                show(offline ? await offline.decide(request) : couldNotCheckVerdict());
            }
        } catch (e) {
            console.warn('door: could not check', e);
            show(couldNotCheckVerdict());
        } finally {
            handled.set(key, performance.now());
            busy = false;
        }
    }

    /** The server's answer, or null when the kiosk must decide itself. */
    async function askServer(request) {
        if (connection.offline || (offline && (await waiting()) > 0)) {
            return null;
        }
        const node = nodes.current;
        try {
            const r = await postJsonWithin(nodes.url('/api/checkins', node), request, token, ANSWER_WITHIN_MS);
            if (r.status >= 500) {
                nodes.failed(node);
                connection.failed();
                return null;
            }
            connection.answered();
            return r;
        } catch {
            nodes.failed(node);
            connection.failed();
            return null;
        }
    }

    return {
        handleCode(code) {
            const last = handled.get(code);
            if (!code || (last !== undefined && performance.now() - last < SAME_CODE_PAUSE_MS)) {
                return;
            }
            submit({code}, code);
        },
        admitTicket(ticketId) {
            submit({ticketId}, `ticket:${ticketId}`);
        },
        /** Whether a scan is being checked right now. */
        busy() {
            return busy;
        },
        /** The kiosk was unpaired: nothing more is sent. */
        stop() {
            stopped = true;
        },
    };
}
