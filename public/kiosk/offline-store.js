// What the kiosk keeps on the device for the offline door, in IndexedDB: the station (this kiosk,
// the event with its public key and vocabulary), the last counts, the offline list's entries by
// entry id (no names in the clear: see offline-codes.js) with the sync cursor, and the queue of
// scans made offline, in scan order. It outlives a reload and a browser restart.

const DB_NAME = 'usher-kiosk';
const DB_VERSION = 1;

/** @returns the store's operations; every one returns a Promise. */
export async function openOfflineStore() {
    const db = await promised(openRequest());

    function run(stores, mode, work) {
        return new Promise((resolve, reject) => {
            const tx = db.transaction(stores, mode);
            let result;
            Promise.resolve(work(tx)).then((r) => { result = r; }, reject);
            tx.oncomplete = () => resolve(result);
            tx.onerror = () => reject(tx.error);
            tx.onabort = () => reject(tx.error || new Error('aborted'));
        });
    }

    const read = (name, key) => run([name], 'readonly', (tx) => promised(tx.objectStore(name).get(key)));

    return {
        /** {me, event} of the last time this kiosk started online, or null. */
        async station() {
            const s = await read('state', 'station');
            return s ? s.value : null;
        },
        saveStation(station) {
            return run(['state'], 'readwrite', (tx) => { tx.objectStore('state').put({key: 'station', value: station}); });
        },
        /** The kiosk's counts of the last live snapshot (its projection of GET /api/stats), or null. */
        async counts() {
            const s = await read('state', 'counts');
            return s ? s.value : null;
        },
        saveCounts(stats) {
            return run(['state'], 'readwrite', (tx) => { tx.objectStore('state').put({key: 'counts', value: stats}); });
        },
        async cursor() {
            const s = await read('state', 'cursor');
            return s ? s.value : null;
        },
        /** One page of GET /api/offline: its entries replace earlier ones, and its cursor is kept with them. */
        savePage(entries, cursor) {
            return run(['entries', 'state'], 'readwrite', (tx) => {
                const store = tx.objectStore('entries');
                for (const e of entries) {
                    store.put(e);
                }
                tx.objectStore('state').put({key: 'cursor', value: cursor});
            });
        },
        entry(id) {
            return read('entries', id);
        },
        entryCount() {
            return run(['entries'], 'readonly', (tx) => promised(tx.objectStore('entries').count()));
        },
        /**
         * The door let someone in or out: note it on their entry (made if the list does not have it
         * yet) and, for a scan made offline, queue it in the same transaction.
         */
        recordPassage(id, list, type, entryWord, scan) {
            return run(['entries', 'queue'], 'readwrite', async (tx) => {
                const entries = tx.objectStore('entries');
                const entry = (await promised(entries.get(id))) || {id, state: 'valid', inside: []};
                const inside = new Set(entry.inside || []);
                if (type === entryWord) {
                    inside.add(list);
                } else {
                    inside.delete(list);
                }
                entries.put({...entry, inside: [...inside]});
                if (scan) {
                    tx.objectStore('queue').add(scan);
                }
            });
        },
        /** The queued scans, oldest first, each with its `seq`. */
        queued() {
            return run(['queue'], 'readonly', (tx) => promised(tx.objectStore('queue').getAll()));
        },
        queueLength() {
            return run(['queue'], 'readonly', (tx) => promised(tx.objectStore('queue').count()));
        },
        unqueue(seq) {
            return run(['queue'], 'readwrite', (tx) => { tx.objectStore('queue').delete(seq); });
        },
        /** The kiosk was unpaired: nothing of the event stays on the device. */
        clear() {
            return run(['state', 'entries', 'queue'], 'readwrite', (tx) => {
                for (const name of ['state', 'entries', 'queue']) {
                    tx.objectStore(name).clear();
                }
            });
        },
    };
}

function openRequest() {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
        const db = request.result;
        db.createObjectStore('state', {keyPath: 'key'});
        db.createObjectStore('entries', {keyPath: 'id'});
        db.createObjectStore('queue', {keyPath: 'seq', autoIncrement: true});
    };
    return request;
}

function promised(request) {
    return new Promise((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
    });
}
