// While the server answers, every few seconds: upload the scans queued offline (in order, one at a
// time, with their own nonce and scan time), then fetch what changed in the offline list
// (GET /api/offline, page after page while `more`). See docs/offline-api.md. A node that does not
// answer is left for the next of the event's nodes (nodes.js), tried at once, so the queue uploads
// to whichever node still answers; each page names the nodes there are.
import {getJsonWithin, postJsonWithin} from '/js/api.js';
import {ANSWER_WITHIN_MS} from '/kiosk/offline-mode.js';

export const SYNC_MS = 5000;
/** Offline, the server is asked again this often: the kiosk goes back online soon after it answers. */
const PROBE_MS = 3000;
const PAGE = 1000;
/** A page of the offline list is bigger than a scan's answer: it may take longer without the network being down. */
const PAGE_WITHIN_MS = 10000;

class NoAnswer extends Error {
}

class Denied extends Error {
}

/** The node answered, but asks the kiosk to slow down (429): it stays the node to upload to. */
class Busy extends Error {
}

/**
 * @param token      the kiosk's token
 * @param store      the offline store
 * @param connection the kiosk's connection state (offline-mode.js)
 * @param nodes      where the kiosk reaches Usher (nodes.js)
 * @param onQueue    n => ..., the number of scans waiting, after each change
 * @param onSynced   entries => ..., after a sync: how many entries the device holds
 * @param onDenied   the server no longer knows this kiosk
 * @param onRevision revision => Promise, each page's event revision: the kiosk follows an edited event
 * @returns {stop(), now()}
 */
export function startOfflineSync({token, store, connection, nodes, onQueue, onSynced, onDenied, onRevision}) {
    let stopped = false;
    let timer = null;
    let running = null;
    /** Nodes that did not answer in a row: each is tried once before the kiosk waits to probe again. */
    let misses = 0;

    async function upload(node) {
        for (const scan of await store.queued()) {
            const {seq, code, list, type, nonce, at} = scan;
            let r;
            try {
                r = await postJsonWithin(nodes.url('/api/checkins', node), {code, list, type, nonce, at, offline: true}, token, ANSWER_WITHIN_MS);
            } catch {
                throw new NoAnswer();
            }
            if (r.status === 401) {
                throw new Denied();
            }
            // A server error or the rate limit is no verdict on the scan: it stays queued, in its place.
            if (r.status === 429) {
                throw new Busy();
            }
            if (r.status >= 500) {
                throw new NoAnswer();
            }
            await store.unqueue(seq);
            onQueue(await store.queueLength());
        }
    }

    async function sync(node) {
        let cursor = await store.cursor();
        for (;;) {
            const query = `limit=${PAGE}` + (cursor ? `&after=${encodeURIComponent(cursor)}` : '');
            let r;
            try {
                r = await getJsonWithin(nodes.url(`/api/offline?${query}`, node), token, PAGE_WITHIN_MS);
            } catch {
                throw new NoAnswer();
            }
            if (r.status === 401) {
                throw new Denied();
            }
            if (r.status >= 500) {
                throw new NoAnswer();
            }
            if (!r.ok || !r.body || !Array.isArray(r.body.entries)) {
                return; // a server without the offline list: the kiosk checks signatures only
            }
            nodes.learn(r.body.nodes);
            await store.savePage(r.body.entries, r.body.next);
            await onRevision(r.body.revision);
            cursor = r.body.next;
            if (!r.body.more) {
                return;
            }
        }
    }

    async function tick() {
        timer = null;
        const node = nodes.current;
        let another = false;
        try {
            await upload(node);
            await sync(node);
            misses = 0;
            connection.answered();
            onSynced(await store.entryCount());
        } catch (e) {
            if (e instanceof Denied) {
                stopped = true;
                onDenied();
                return;
            }
            if (!(e instanceof Busy)) {
                misses += 1;
                nodes.failed(node);
                another = misses < nodes.count;
            }
            connection.failed();
        }
        onQueue(await store.queueLength());
        if (!stopped) {
            timer = setTimeout(run, another ? 0 : connection.offline ? PROBE_MS : SYNC_MS);
        }
    }

    function run() {
        if (!running) {
            running = tick().finally(() => { running = null; });
        }
        return running;
    }

    run();
    return {
        stop() {
            stopped = true;
            clearTimeout(timer);
        },
        /** Syncs now (the network came back), unless a sync is already running. */
        now() {
            if (!stopped) {
                clearTimeout(timer);
                run();
            }
        },
    };
}
