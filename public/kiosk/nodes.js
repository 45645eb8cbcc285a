// Where the kiosk reaches Usher. The server that served this page is one node; an event on
// PostgreSQL may have more (each one's --public-url), named by the pairing link and by every
// offline sync. Requests go to the current node. When it stops answering (no answer in time, or a
// server error) the kiosk moves to the next one and stays there while it answers: with the offline
// queue in between, no scan is lost on the way. The list and the choice are kept on the device;
// <body data-node> names the node the kiosk talks to.

const NODES_KEY = 'usher.kiosk.nodes';

/**
 * @param home  this page's own origin
 * @param named the addresses a pairing link named (a new pairing: what an earlier one kept is dropped)
 * @returns {url(path, at), current, count, failed(origin), learn(nodes), forget()}
 */
export function createNodes({home = location.origin, named = null} = {}) {
    const kept = named ? {} : stored();
    let list = originsOf([home, ...(named || []), ...(kept.list || [])]);
    let current = list.includes(kept.current) ? kept.current : home;

    function save() {
        localStorage.setItem(NODES_KEY, JSON.stringify({list, current}));
        document.body.dataset.node = current;
    }

    save();
    return {
        /** The address of `path` on node `at` (the current one unless named): this page's own stays relative. */
        url(path, at = current) {
            return at === home ? path : at + path;
        },
        get current() {
            return current;
        },
        get count() {
            return list.length;
        },
        /** `origin` did not answer: if it is still the current node, the next one is; returns whether the kiosk moved. */
        failed(origin) {
            if (origin !== current || list.length < 2) {
                return false;
            }
            current = list[(list.indexOf(current) + 1) % list.length];
            save();
            return true;
        },
        /** The nodes a server named (an offline sync's `nodes`): this page's own server stays first. */
        learn(nodes) {
            if (!Array.isArray(nodes)) {
                return;
            }
            const next = originsOf([home, ...nodes]);
            if (next.join() === list.join()) {
                return; // every sync page names them: the device is written only when they change
            }
            list = next;
            if (!list.includes(current)) {
                current = home;
            }
            save();
        },
        /** The kiosk was unpaired: nothing of the event's nodes stays on the device. */
        forget() {
            localStorage.removeItem(NODES_KEY);
        },
    };
}

/** http(s) origins, each once, in the order given; anything else is dropped. */
export function originsOf(addresses) {
    const seen = [];
    for (const address of addresses) {
        let origin;
        try {
            const url = new URL(String(address));
            origin = url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
        } catch {
            origin = null;
        }
        if (origin && !seen.includes(origin)) {
            seen.push(origin);
        }
    }
    return seen;
}

function stored() {
    try {
        const kept = JSON.parse(localStorage.getItem(NODES_KEY) || '{}');
        return kept && Array.isArray(kept.list) ? kept : {};
    } catch {
        return {};
    }
}
