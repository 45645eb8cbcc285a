// The door kiosk: pairing, the three ways a ticket arrives (camera, handheld scanner, search),
// the verdict on screen, and the counts. State lives in data-* attributes on <body> and #verdict.
import {getJson, postJson, NetworkError, messageOf} from '/js/api.js';
import {openLiveStream} from '/js/live.js';
import {listenForScanner} from '/kiosk/handheld.js';
import {play, unlock} from '/kiosk/feedback.js';

const TOKEN_KEY = 'usher.kiosk.token';
const SETTINGS_KEY = 'usher.kiosk.settings';
const SAME_CODE_PAUSE_MS = 5000;
const OK_VISIBLE_MS = 2000;
const REFUSAL_VISIBLE_MS = 5000;
const RETRIES = 3;

const $ = (id) => document.getElementById(id);
const body = document.body;

const kiosk = {
    token: null,
    me: null,
    event: null,
    settings: loadSettings(),
    busy: false,
    recent: new Map(),          // code -> when it was last handled
    scanner: null,
    verdictTimer: null,
};

main();

async function main() {
    kiosk.token = takePairingToken() || localStorage.getItem(TOKEN_KEY);
    if (!kiosk.token) {
        showUnpaired('');
        return;
    }
    try {
        const [me, event] = await Promise.all([getJson('/api/me', kiosk.token), getJson('/api/event')]);
        if (me.status === 401 || me.status === 403 || (me.ok && me.body.role !== 'kiosk')) {
            localStorage.removeItem(TOKEN_KEY);
            showUnpaired('This device was unpaired or its token was revoked.');
            return;
        }
        if (!me.ok || !event.ok) {
            throw new NetworkError(new Error('unexpected answer'));
        }
        kiosk.me = me.body;
        kiosk.event = event.body;
    } catch (e) {
        setOnline(false);
        $('connection').textContent = 'No connection: retrying…';
        setTimeout(main, 3000);
        return;
    }
    setOnline(true);
    showStation();
}

/** A pairing link carries the token in the fragment (#pair=...); keep it, then drop it from the URL. */
function takePairingToken() {
    const match = location.hash.match(/^#pair=([A-Za-z0-9_-]{20,200})$/);
    if (!match) {
        return null;
    }
    localStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', location.pathname);
    return match[1];
}

function showUnpaired(reason) {
    body.dataset.state = 'unpaired';
    $('unpaired').hidden = false;
    $('station').hidden = true;
    $('unpaired-reason').textContent = reason;
}

function showStation() {
    $('kiosk-name').textContent = kiosk.me.name;
    document.title = `${kiosk.me.name} · Usher kiosk`;
    const select = $('list');
    select.replaceChildren(...kiosk.event.lists.map((l) => new Option(l.name, l.id)));
    if (!kiosk.event.lists.some((l) => l.id === kiosk.settings.list)) {
        kiosk.settings.list = 'main';
    }
    select.value = kiosk.settings.list;
    select.addEventListener('change', () => saveSettings({list: select.value}));
    for (const button of document.querySelectorAll('.mode-button')) {
        button.addEventListener('click', () => saveSettings({mode: button.dataset.mode}));
    }
    $('start').addEventListener('click', start);
    $('verdict').addEventListener('click', clearVerdict);
    $('camera').addEventListener('change', () => {
        saveSettings({camera: $('camera').value});
        startCamera();
    });
    $('torch').addEventListener('click', toggleTorch);
    listenForScanner({code: kiosk.event.vocabulary.ticketCode, onCode: handleCode});
    listenForSearch();
    renderSettings();
    $('station').hidden = false;
    body.dataset.state = 'ready';
    followCounts();
}

function renderSettings() {
    const list = kiosk.event.lists.find((l) => l.id === kiosk.settings.list);
    $('list-name').textContent = `${list ? list.name : ''} · ${kiosk.settings.mode === 'exit' ? 'Exit' : 'Entry'}`;
    for (const button of document.querySelectorAll('.mode-button')) {
        button.setAttribute('aria-checked', String(button.dataset.mode === kiosk.settings.mode));
    }
    body.dataset.mode = kiosk.settings.mode;
}

function loadSettings() {
    try {
        return {list: 'main', mode: 'entry', camera: '', ...JSON.parse(localStorage.getItem(SETTINGS_KEY) || '{}')};
    } catch {
        return {list: 'main', mode: 'entry', camera: ''};
    }
}

function saveSettings(change) {
    Object.assign(kiosk.settings, change);
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(kiosk.settings));
    renderSettings();
}

// ---------- Camera ----------

async function start() {
    unlock();
    body.dataset.state = 'scanning';
    $('start').hidden = true;
    await startCamera();
}

async function startCamera() {
    if (kiosk.scanner) {
        kiosk.scanner.stop();
        kiosk.scanner = null;
    }
    const note = $('camera-note');
    note.hidden = true;
    try {
        const {startScanner, listCameras} = await import('/kiosk/scanner.js');
        kiosk.scanner = await startScanner({
            video: $('video'),
            onCode: (text) => handleCode(text.trim()),
            deviceId: kiosk.settings.camera || undefined,
        });
        $('torch').hidden = !kiosk.scanner.hasTorch;
        const cameras = await listCameras();
        if (cameras.length > 1) {
            $('camera').replaceChildren(...cameras.map((c, i) => new Option(c.label || `Camera ${i + 1}`, c.deviceId)));
            $('camera').value = kiosk.scanner.track?.getSettings?.().deviceId || kiosk.settings.camera;
            $('camera-choice').hidden = false;
        }
    } catch (e) {
        note.textContent = `Camera unavailable (${e && e.message ? e.message : e}). The handheld scanner and search still work.`;
        note.hidden = false;
    }
}

async function toggleTorch() {
    const on = $('torch').getAttribute('aria-pressed') !== 'true';
    await kiosk.scanner?.setTorch(on);
    $('torch').setAttribute('aria-pressed', String(on));
}

// ---------- Manual search ----------

function listenForSearch() {
    const input = $('search');
    let timer = null;
    let asked = 0;
    input.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(async () => {
            const q = input.value.trim();
            const note = $('search-note');
            if (q.length < 3) {
                $('results').replaceChildren();
                note.textContent = q.length ? 'Type at least 3 letters.' : '';
                return;
            }
            const mine = ++asked;
            try {
                const r = await getJson(`/api/tickets?q=${encodeURIComponent(q)}`, kiosk.token);
                if (mine !== asked) {
                    return; // a newer search is on its way
                }
                if (!r.ok) {
                    note.textContent = messageOf(r);
                    return;
                }
                const found = r.body.tickets.slice(0, 5);
                note.textContent = found.length ? '' : 'Nobody found.';
                $('results').replaceChildren(...found.map(resultItem));
            } catch {
                note.textContent = 'No connection to the server.';
            }
        }, 250);
    });
}

function resultItem(ticket) {
    const li = document.createElement('li');
    const who = document.createElement('span');
    who.className = 'result-who';
    const name = document.createElement('b');
    name.textContent = ticket.name;
    const email = document.createElement('small');
    email.textContent = maskEmail(ticket.email);
    who.append(name, email);
    const admit = document.createElement('button');
    admit.type = 'button';
    admit.textContent = kiosk.settings.mode === 'exit' ? 'Let out' : 'Admit';
    admit.disabled = ticket.cancelled;
    admit.dataset.ticketId = ticket.id;
    admit.addEventListener('click', () => submit({ticketId: ticket.id}, `ticket:${ticket.id}`));
    li.append(who, admit);
    return li;
}

/** Enough of the address to tell two Alex Smiths apart, not enough to harvest it. */
function maskEmail(email) {
    const [user, domain] = String(email).split('@');
    return `${user.slice(0, 2)}…@${domain || ''}`;
}

// ---------- Check-in ----------

function handleCode(code) {
    if (!code || body.dataset.state === 'unpaired') {
        return;
    }
    const now = performance.now();
    const last = kiosk.recent.get(code);
    if (last !== undefined && now - last < SAME_CODE_PAUSE_MS) {
        return; // the same ticket still in front of the camera
    }
    submit({code}, code);
}

async function submit(what, key) {
    if (kiosk.busy) {
        return; // one request at a time
    }
    kiosk.busy = true;
    kiosk.recent.set(key, performance.now());
    const request = {
        ...what,
        list: kiosk.settings.list,
        type: kiosk.settings.mode,
        nonce: crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`,
        at: new Date().toISOString(),
    };
    try {
        const answer = await sendWithRetries(request);
        showAnswer(answer);
    } catch (e) {
        showVerdict('error', 'No connection', 'The scan was not recorded. Try again.');
    } finally {
        kiosk.recent.set(key, performance.now());
        kiosk.busy = false;
    }
}

/** Venue Wi-Fi drops requests: the same nonce makes a retry safe, the server answers it once. */
async function sendWithRetries(request) {
    for (let attempt = 1; ; attempt++) {
        try {
            const r = await postJson('/api/checkins', request, kiosk.token);
            setOnline(true);
            return r;
        } catch (e) {
            setOnline(false);
            if (attempt >= RETRIES) {
                throw e;
            }
            await new Promise((resolve) => setTimeout(resolve, 400 * attempt));
        }
    }
}

function showAnswer(r) {
    const b = r.body || {};
    const name = b.ticket ? b.ticket.name : '';
    if (r.status === 401) {
        localStorage.removeItem(TOKEN_KEY);
        showVerdict('error', 'Kiosk unpaired', 'This device’s token was revoked. Ask staff for a new pairing link.');
        return;
    }
    if (b.status === 'ok') {
        const exit = b.type === 'exit';
        showVerdict('ok', exit ? `Goodbye, ${name}` : `Welcome, ${name}`, listLabel(b.list));
        return;
    }
    switch (b.reason) {
        case 'already_redeemed':
            showVerdict('already', 'Already checked in',
                `${name} · at ${clock(b.firstCheckin.at)} at ${b.firstCheckin.kiosk}`);
            return;
        case 'not_inside':
            showVerdict('already', 'Not checked in here', `${name} has no entry on ${listLabel(b.list) || 'this list'}.`);
            return;
        case 'revoked':
            showVerdict('revoked', 'Ticket replaced', `This code was replaced by a newer one${name ? ` (${name})` : ''}.`);
            return;
        case 'canceled':
            showVerdict('canceled', 'Ticket cancelled', name);
            return;
        case 'invalid':
            showVerdict('invalid', 'Not a valid ticket', 'This code was not issued for this event.');
            return;
        default:
            showVerdict('error', 'Not recorded', messageOf(r));
    }
}

function listLabel(id) {
    if (!id || id === 'main') {
        return '';
    }
    const list = kiosk.event.lists.find((l) => l.id === id);
    return list ? list.name : id;
}

function clock(iso) {
    return new Intl.DateTimeFormat(undefined, {hour: '2-digit', minute: '2-digit', timeZone: kiosk.event.timezone})
        .format(new Date(iso));
}

const ICONS = {ok: '✓', already: '!', invalid: '✕', revoked: '✕', canceled: '✕', error: '✕'};

function showVerdict(kind, title, detail) {
    const box = $('verdict');
    clearTimeout(kiosk.verdictTimer);
    box.dataset.verdict = kind;
    $('verdict-icon').textContent = ICONS[kind];
    $('verdict-title').textContent = title;
    $('verdict-detail').textContent = detail || '';
    box.hidden = false;
    body.dataset.lastVerdict = kind;
    body.dataset.lastVerdictAt = String(performance.now());
    play(kind === 'ok' ? 'ok' : kind === 'already' ? 'already' : 'refused');
    kiosk.verdictTimer = setTimeout(clearVerdict, kind === 'ok' ? OK_VISIBLE_MS : REFUSAL_VISIBLE_MS);
}

function clearVerdict() {
    clearTimeout(kiosk.verdictTimer);
    $('verdict').hidden = true;
}

// ---------- Counts and connection ----------

/** The dashboard's live stream also carries the kiosk's counts: pushed on every change, no polling. */
function followCounts() {
    openLiveStream('/api/stats/stream', {
        token: kiosk.token,
        onEvent: (event) => {
            if (event.type === 'snapshot') {
                showCounts(JSON.parse(event.data).stats);
            }
        },
        onStatus: (status) => {
            if (status === 'live') {
                setOnline(true);
            } else if (status === 'reconnecting') {
                setOnline(false);
            } else if (status === 'denied') {
                localStorage.removeItem(TOKEN_KEY);
                showUnpaired('This device was unpaired or its token was revoked.');
            }
        },
    });
}

function showCounts(stats) {
    const mine = stats.kiosks.find((k) => k.id === kiosk.me.id);
    $('count-mine').textContent = String(mine ? mine.admitted : 0);
    $('count-event').textContent = String(stats.checkedIn);
    $('count-registered').textContent = String(stats.registered);
}

function setOnline(online) {
    body.dataset.online = online ? 'yes' : 'no';
    $('connection').textContent = online ? 'Online' : 'Offline';
}
