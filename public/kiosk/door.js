// The door's check-ins: a scanned code or a ticket picked by name goes to POST /api/checkins for
// the list and direction the kiosk is set to, one request at a time, retried on a flaky network.
import {postJson} from '/js/api.js';
import {troubleVerdict, verdictFor} from '/kiosk/verdicts.js';

/** The same code again this soon is the same ticket still in front of the camera. */
const SAME_CODE_PAUSE_MS = 5000;
const ATTEMPTS = 3;

/**
 * @param token     the kiosk's token
 * @param settings  the kiosk's settings ({list, mode}), read at each scan
 * @param facts     {words, lists, time} for verdictFor
 * @param show      verdict => ..., puts it on the screen
 * @param setOnline online => ..., each request tells whether the server answered
 * @param onUnauthorized called when the server no longer knows this kiosk
 * @returns {handleCode(code), admitTicket(ticketId), stop()}
 */
export function createDoor({token, settings, facts, show, setOnline, onUnauthorized}) {
    const handled = new Map(); // code or ticket -> when it was last handled
    let busy = false;
    let stopped = false;

    async function submit(what, key) {
        if (busy || stopped) {
            return; // one request at a time
        }
        busy = true;
        handled.set(key, performance.now());
        const request = {
            ...what,
            list: settings.list,
            type: settings.mode,
            nonce: crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`,
            at: new Date().toISOString(),
        };
        try {
            const answer = await sendWithRetries(request);
            show(verdictFor(answer, facts));
            if (answer.status === 401) {
                onUnauthorized();
            }
        } catch {
            show(troubleVerdict('No connection', 'The scan was not recorded. Try again.'));
        } finally {
            handled.set(key, performance.now());
            busy = false;
        }
    }

    /** Venue Wi-Fi drops requests: the same nonce makes a retry safe, the server answers it once. */
    async function sendWithRetries(request) {
        for (let attempt = 1; ; attempt++) {
            try {
                const r = await postJson('/api/checkins', request, token);
                setOnline(true);
                return r;
            } catch (e) {
                setOnline(false);
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                await new Promise((resolve) => setTimeout(resolve, 400 * attempt));
            }
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
        /** The kiosk was unpaired: nothing more is sent. */
        stop() {
            stopped = true;
        },
    };
}
