// The door kiosk: pairs the device, then puts the station together: its settings, the three ways
// a ticket arrives (camera, handheld scanner, search), the verdict and the counts, and the offline
// door (the station kept on the device, the sync, the banner), and the event's nodes it moves
// between when one stops answering. State lives in data-* attributes on <body> and #verdict.
import {getJsonWithin} from '/js/api.js';
import {byId, setText} from '/js/dom.js';
import {createEventClock} from '/js/event-clock.js';
import {pairingTokenIn, takePairing} from '/js/pairing.js';
import {vocabularyOf} from '/js/vocabulary.js';
import {mountCamera} from '/kiosk/camera.js';
import {followCounts, setOnline} from '/kiosk/counts.js';
import {createDoor} from '/kiosk/door.js';
import {createNodes} from '/kiosk/nodes.js';
import {followEvent} from '/kiosk/event-follow.js';
import {mountFindByName} from '/kiosk/find-by-name.js';
import {listenForScanner} from '/kiosk/handheld.js';
import {mountOfflineBanner} from '/kiosk/offline-banner.js';
import {createOfflineDoor} from '/kiosk/offline-door.js';
import {ANSWER_WITHIN_MS, createConnection} from '/kiosk/offline-mode.js';
import {openOfflineStore} from '/kiosk/offline-store.js';
import {startOfflineSync} from '/kiosk/offline-sync.js';
import {askPersistentStorage, startServiceWorker} from '/kiosk/pwa.js';
import {mountSettings} from '/kiosk/settings.js';
import {createVerdictScreen} from '/kiosk/verdict.js';
import {mountWalkIn} from '/kiosk/walk-in.js';

const TOKEN_KEY = 'usher.kiosk.token';
const RETRY_MS = 3000;
/** A kiosk that never loses the network still looks for a new server build now and then. */
const UPDATE_CHECK_MS = 10 * 60 * 1000;

/** What runs the station once it is up: stopped when staff unpair the kiosk. */
const station = {door: null, sync: null, counts: null};
let store = null;
let nodes = null;
const banner = mountOfflineBanner();
const app = startServiceWorker({isIdle: () => byId('verdict').hidden && !(station.door && station.door.busy())});

start();

async function start() {
    // A pairing link opened in a tab already on /kiosk/ changes only the fragment: the page starts
    // again with it, and takes it as it does at the first start.
    window.addEventListener('hashchange', () => {
        if (pairingTokenIn(location.hash)) {
            location.reload();
        }
    });
    askPersistentStorage().then(banner.storage);
    setInterval(app.checkForUpdate, UPDATE_CHECK_MS);
    try {
        store = await openOfflineStore();
    } catch (e) {
        console.warn('kiosk: no offline storage, the door needs the network', e);
    }
    main();
}

async function main() {
    const paired = takePairing();
    if (paired) {
        localStorage.setItem(TOKEN_KEY, paired.token);
    }
    const token = paired ? paired.token : localStorage.getItem(TOKEN_KEY);
    if (!token) {
        showUnpaired('');
        return;
    }
    if (!nodes || paired) {
        nodes = createNodes({named: paired ? paired.nodes : null});
    }
    let me;
    let event;
    const node = nodes.current;
    try {
        [me, event] = await Promise.all([getJsonWithin(nodes.url('/api/me', node), token, ANSWER_WITHIN_MS),
            getJsonWithin(nodes.url('/api/event', node), null, ANSWER_WITHIN_MS)]);
    } catch {
        me = null;
    }
    if (!me || me.status >= 500) {
        nodes.failed(node);
    }
    if (me && (me.status === 401 || me.status === 403)) {
        unpair();
        return;
    }
    if (!me || !me.ok || !event.ok) {
        // No server: the door opens from what the device kept of the last time it was online.
        const kept = store ? await store.station().catch(() => null) : null;
        if (kept) {
            showStation(token, kept.me, kept.event, true);
            return;
        }
        setOnline(false, 'No connection: retrying…');
        setTimeout(main, RETRY_MS);
        return;
    }
    if (me.body.role !== vocabularyOf(event.body.vocabulary).role.kiosk) {
        unpair();
        return;
    }
    await store?.saveStation({me: me.body, event: event.body}).catch(() => {});
    showStation(token, me.body, event.body, false);
}

function unpair() {
    station.door?.stop();
    station.sync?.stop();
    station.counts?.stop();
    localStorage.removeItem(TOKEN_KEY);
    nodes?.forget();
    store?.clear().catch(() => {});
    setText('kiosk-name', '');
    setText('list-name', '');
    for (const id of ['count-mine', 'count-event', 'count-registered']) {
        setText(id, '–');
    }
    document.title = 'Usher kiosk';
    showUnpaired('This kiosk was unpaired by staff.');
}

function showUnpaired(reason) {
    document.body.dataset.state = 'unpaired';
    byId('unpaired').hidden = false;
    byId('station').hidden = true;
    setText('unpaired-reason', reason);
}

function showStation(token, me, event, offline) {
    const words = vocabularyOf(event.vocabulary);
    setText('kiosk-name', me.name);
    document.title = `${me.name} · Usher kiosk`;
    const connection = createConnection((isOffline) => {
        banner.offline(isOffline);
        setOnline(!isOffline);
        station.counts?.refresh(isOffline);
        if (isOffline) {
            // The door has moved to the next node: the sync tries it now, and uploads the queue there.
            station.sync?.now();
            return;
        }
        station.sync?.now();
        app.checkForUpdate();
    }, offline);
    banner.offline(offline);
    setOnline(!offline);
    setText('event-name', event.name);
    const settings = mountSettings(event.lists, words);
    const clock = createEventClock(event.timezone, event.doorsOpen);
    const verdict = createVerdictScreen();
    const facts = {words, lists: event.lists, time: (instant) => clock.time(instant)};
    const onUnauthorized = unpair;
    /** The scans waiting to upload changed: the banner and the counts say so. */
    const queueChanged = (n) => {
        banner.queued(n);
        station.counts?.refresh();
    };
    station.door = createDoor({
        token,
        settings,
        facts,
        show: (v) => {
            verdict.show(v);
            store?.queueLength().then(queueChanged, () => {});
        },
        connection,
        nodes,
        offline: store ? createOfflineDoor({store, event, words}) : null,
        waiting: () => (store ? store.queueLength() : Promise.resolve(0)),
        onUnauthorized,
    });
    const {handleCode, admitTicket} = station.door;
    mountCamera({settings, onCode: (text) => handleCode(text.trim())});
    listenForScanner({code: event.vocabulary.ticketCode, onCode: handleCode});
    mountFindByName({token, words, settings, admitTicket, nodes});
    mountWalkIn({token, settings, nodes, facts: () => facts, show: verdict.show, setOnline, onUnauthorized});
    byId('station').hidden = false;
    document.body.dataset.state = 'ready';
    // Staff edited the event: its name and lists are drawn again, the station keeps running.
    const edits = followEvent({
        revision: event.revision,
        store,
        nodes,
        onEvent: (edited) => {
            facts.lists = edited.lists;
            setText('event-name', edited.name);
            settings.showLists(edited.lists);
        },
    });
    if (store) {
        station.sync = startOfflineSync({token, store, connection, nodes, onQueue: queueChanged, onSynced: banner.synced, onDenied: unpair,
            onRevision: edits.seen});
    }
    station.counts = followCounts({token, kioskId: me.id, words, store, nodes, onRevision: edits.seen, onDenied: unpair});
}
