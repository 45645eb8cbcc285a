// The door kiosk: pairs the device, then puts the station together: its settings, the three ways
// a ticket arrives (camera, handheld scanner, search), the verdict and the counts. State lives in
// data-* attributes on <body> and #verdict.
import {getJson} from '/js/api.js';
import {byId, setText} from '/js/dom.js';
import {createEventClock} from '/js/event-clock.js';
import {takePairingToken} from '/js/pairing.js';
import {vocabularyOf} from '/js/vocabulary.js';
import {mountCamera} from '/kiosk/camera.js';
import {followCounts, setOnline} from '/kiosk/counts.js';
import {createDoor} from '/kiosk/door.js';
import {mountFindByName} from '/kiosk/find-by-name.js';
import {listenForScanner} from '/kiosk/handheld.js';
import {mountSettings} from '/kiosk/settings.js';
import {createVerdictScreen} from '/kiosk/verdict.js';
import {mountWalkIn} from '/kiosk/walk-in.js';

const TOKEN_KEY = 'usher.kiosk.token';
const RETRY_MS = 3000;

main();

async function main() {
    const paired = takePairingToken();
    if (paired) {
        localStorage.setItem(TOKEN_KEY, paired);
    }
    const token = paired || localStorage.getItem(TOKEN_KEY);
    if (!token) {
        showUnpaired('');
        return;
    }
    let me;
    let event;
    try {
        [me, event] = await Promise.all([getJson('/api/me', token), getJson('/api/event')]);
    } catch {
        me = null;
    }
    if (me && (me.status === 401 || me.status === 403)) {
        unpair();
        return;
    }
    if (!me || !me.ok || !event.ok) {
        setOnline(false, 'No connection: retrying…');
        setTimeout(main, RETRY_MS);
        return;
    }
    const words = vocabularyOf(event.body.vocabulary);
    if (me.body.role !== words.role.kiosk) {
        unpair();
        return;
    }
    setOnline(true);
    showStation(token, me.body, event.body, words);
}

function unpair() {
    localStorage.removeItem(TOKEN_KEY);
    showUnpaired('This device was unpaired or its token was revoked.');
}

function showUnpaired(reason) {
    document.body.dataset.state = 'unpaired';
    byId('unpaired').hidden = false;
    byId('station').hidden = true;
    setText('unpaired-reason', reason);
}

function showStation(token, me, event, words) {
    setText('kiosk-name', me.name);
    document.title = `${me.name} · Usher kiosk`;
    setText('event-name', event.name);
    const settings = mountSettings(event.lists, words);
    const clock = createEventClock(event.timezone, event.doorsOpen);
    const verdict = createVerdictScreen();
    const facts = {words, lists: event.lists, time: (instant) => clock.time(instant)};
    const onUnauthorized = () => localStorage.removeItem(TOKEN_KEY);
    const {handleCode, admitTicket, stop} = createDoor({token, settings, facts, show: verdict.show, setOnline, onUnauthorized});
    mountCamera({settings, onCode: (text) => handleCode(text.trim())});
    listenForScanner({code: event.vocabulary.ticketCode, onCode: handleCode});
    mountFindByName({token, words, settings, admitTicket});
    mountWalkIn({token, settings, facts: () => facts, show: verdict.show, setOnline, onUnauthorized});
    byId('station').hidden = false;
    document.body.dataset.state = 'ready';
    let revision = event.revision;
    let asking = false;
    /** Staff edited the event: its name and lists are asked for again, the station keeps running. */
    async function followEvent(next) {
        if (next === revision || asking) {
            return;
        }
        asking = true;
        try {
            const r = await getJson('/api/event');
            if (r.ok && r.body) {
                revision = r.body.revision;
                facts.lists = r.body.lists;
                setText('event-name', r.body.name);
                settings.showLists(r.body.lists);
            }
        } catch {
            // The next snapshot asks again.
        } finally {
            asking = false;
        }
    }
    followCounts({token, kioskId: me.id, onRevision: followEvent, onDenied: () => {
        stop();
        unpair();
    }});
}
