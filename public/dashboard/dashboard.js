// The staff dashboard: signs in (organizer token or a viewer's pairing link), follows the live
// stream of snapshots and shows counts, arrivals, the last scans and warnings. Staff actions
// (admin only) live in staff.js. State is on <body>: data-auth, data-live, data-role.
import {getJson, postJson, NetworkError, messageOf} from '/js/api.js';
import {openLiveStream} from '/js/live.js';
import {formatDate, formatVenue} from '/js/event-format.js';
import {createEventClock} from '/dashboard/event-clock.js';
import {drawArrivals} from '/dashboard/chart.js';
import {createStaffPanel} from '/dashboard/staff.js';

const TOKEN_KEY = 'usher.dashboard.token';
const RETRY_START_MS = 3000;
/** A kiosk polls its counts every 5 s: two minutes of silence means it is off, asleep or offline. */
const SILENT_KIOSK_MS = 2 * 60 * 1000;
const RATE_MINUTES = 5;
/** Several invalid codes from one kiosk in a short time are the first sign of trouble at a door. */
const INVALID_BURST = {count: 3, withinMs: 2 * 60 * 1000, shownForMs: 10 * 60 * 1000};
/** The server's clock wins over this device's when they disagree by more than this. */
const SKEW_TOLERANCE_MS = 2000;

const $ = (id) => document.getElementById(id);
const body = document.body;

const REASONS = {
    already_redeemed: 'already checked in',
    not_inside: 'not inside (exit refused)',
    revoked: 'replaced code',
    canceled: 'cancelled ticket',
    invalid: 'not a valid code',
};

const dash = {
    token: null,
    me: null,
    event: null,
    clock: null,
    stream: null,
    snapshot: null,
    receivedAt: 0,
    skewMs: 0,
    recentRows: new Map(),     // row key -> <tr>, so rows (and their buttons) survive updates
    newestScan: null,
    annulTarget: null,
    retryTimer: null,
};

const staff = createStaffPanel({
    getToken: () => dash.token,
    onUnauthorized: () => signOut('The organizer token is no longer valid. Paste the current one from data/admin-token.'),
    clock: () => dash.clock,
});

setUpPage();
start();

function setUpPage() {
    $('signin-form').addEventListener('submit', (e) => {
        e.preventDefault();
        const token = tokenFromInput($('signin-token').value);
        if (!token) {
            $('signin-reason').textContent = 'Paste the organizer token first.';
            return;
        }
        signIn(token, true);
    });
    $('sign-out').addEventListener('click', () => signOut(''));
    $('annul-cancel').addEventListener('click', () => $('annul-dialog').close());
    $('annul-form').addEventListener('submit', (e) => {
        e.preventDefault();
        annul();
    });
    $('recent').addEventListener('click', (e) => {
        const button = e.target.closest('button[data-checkin-id]');
        if (button) {
            openAnnulDialog(button);
        }
    });
    // A pairing link opened in a tab that already shows the dashboard changes only the fragment.
    window.addEventListener('hashchange', () => {
        if (location.hash.startsWith('#pair=')) {
            start();
        }
    });
    new ResizeObserver(() => requestAnimationFrame(drawChart)).observe($('arrivals-chart').parentElement);
    setInterval(tick, 1000);
    setInterval(drawChart, 30000); // the "now" line moves
}

function start() {
    const paired = takePairingToken();
    const token = paired || localStorage.getItem(TOKEN_KEY);
    if (!token) {
        showSignIn('');
        return;
    }
    signIn(token, false, Boolean(paired));
}

/** A viewer's pairing link carries the token in the fragment (#pair=...): take it, then drop it from the URL. */
function takePairingToken() {
    const match = location.hash.match(/^#pair=([A-Za-z0-9_-]{20,200})$/);
    if (match) {
        history.replaceState(null, '', location.pathname + location.search);
        return match[1];
    }
    return null;
}

/** The token itself, or a whole pairing link pasted into the form. */
function tokenFromInput(text) {
    const value = text.trim();
    const link = value.match(/#pair=([A-Za-z0-9_-]{20,200})$/);
    return link ? link[1] : value;
}

// ---------- Signing in and out ----------

async function signIn(token, typed, paired = false) {
    clearTimeout(dash.retryTimer);
    $('signin-submit').disabled = true;
    let me;
    let event;
    try {
        [me, event] = await Promise.all([getJson('/api/me', token), getJson('/api/event')]);
    } catch (e) {
        if (!(e instanceof NetworkError)) {
            throw e;
        }
        me = null;
    } finally {
        $('signin-submit').disabled = false;
    }
    if (me && (me.status === 401 || me.status === 403)) {
        forgetToken(token);
        showSignIn(typed ? 'That token was not accepted. Copy it again from data/admin-token.'
            : paired ? 'This dashboard link is no longer valid: it was revoked. Ask the organizer for a new one.'
                : 'You were signed out: this dashboard’s token was revoked or replaced.');
        return;
    }
    if (me && me.ok && me.body.role === 'kiosk') {
        forgetToken(token);
        showSignIn('That is a door kiosk’s token: the dashboard needs the organizer token (data/admin-token) '
            + 'or a dashboard viewer link made by staff.');
        return;
    }
    if (!me || !me.ok || !event.ok) {
        if (typed) {
            $('signin-reason').textContent = me ? messageOf(me.ok ? event : me) : 'No connection to the server. Try again.';
            showSignIn($('signin-reason').textContent);
            return;
        }
        // The server is unreachable or unwell: keep the token and try again.
        body.dataset.live = 'reconnecting';
        $('live-status').textContent = 'no connection: retrying…';
        dash.retryTimer = setTimeout(() => signIn(token, false, paired), RETRY_START_MS);
        return;
    }
    dash.token = token;
    dash.me = me.body;
    dash.event = event.body;
    dash.clock = createEventClock(dash.event.timezone, dash.event.doorsOpen);
    localStorage.setItem(TOKEN_KEY, token);
    showBoard();
    startStream();
}

/** Forgets this token if it is the one kept: a wrong token typed or linked leaves a good one in place. */
function forgetToken(token) {
    if (localStorage.getItem(TOKEN_KEY) === token) {
        localStorage.removeItem(TOKEN_KEY);
    }
    dash.token = null;
}

function signOut(reason) {
    dash.stream?.stop();
    dash.stream = null;
    forgetToken(dash.token);
    staff.hide();
    showSignIn(reason);
}

function showSignIn(reason) {
    dash.stream?.stop();
    dash.stream = null;
    dash.me = null;
    dash.snapshot = null;
    dash.recentRows.clear();
    dash.newestScan = null;
    dash.receivedAt = 0;
    for (const id of ['recent', 'lists', 'kiosks', 'alerts', 'agenda']) {
        $(id).replaceChildren();
    }
    delete $('alerts').dataset.key;
    if ($('annul-dialog').open) {
        $('annul-dialog').close();
    }
    body.dataset.auth = 'signed-out';
    body.dataset.role = 'none';
    body.dataset.live = 'off';
    $('live-status').textContent = 'signed out';
    $('who').textContent = '';
    $('sign-out').hidden = true;
    $('board').hidden = true;
    $('staff').hidden = true;
    staff.hide();
    $('signin').hidden = false;
    $('signin-reason').textContent = reason;
    $('signin-token').value = '';
    document.title = 'Usher dashboard';
}

function showBoard() {
    const admin = dash.me.role === 'admin';
    body.dataset.auth = 'signed-in';
    body.dataset.role = admin ? 'admin' : 'viewer';
    $('signin').hidden = true;
    $('board').hidden = false;
    $('who').textContent = admin ? 'Organizer' : `${dash.me.name} · watching`;
    $('sign-out').hidden = false;
    $('event-name').textContent = dash.event.name;
    $('event-facts').replaceChildren(
        text('span', formatDate(dash.event.date)),
        text('span', formatVenue(dash.event.venue)),
        Object.assign(text('span', ''), {id: 'event-clock', title: `Event time (${dash.clock.zone || 'this device'})`}),
    );
    $('chart-note').textContent = `Main door entries by time of day, event time (${dash.clock.zone || 'this device’s zone'}).`;
    renderAgenda();
    $('staff').hidden = !admin;
    if (admin) {
        staff.show();
    }
    tick();
}

// ---------- The live stream ----------

function startStream() {
    dash.stream?.stop();
    body.dataset.live = 'connecting';
    $('live-status').textContent = 'connecting…';
    dash.stream = openLiveStream('/api/stats/stream', {
        token: dash.token,
        onOpen: (response) => {
            const date = Date.parse(response.headers.get('Date') || '');
            if (!Number.isNaN(date)) {
                const skew = date - Date.now();
                dash.skewMs = Math.abs(skew) > SKEW_TOLERANCE_MS ? skew : 0;
            }
        },
        onEvent: (event) => {
            if (event.type === 'snapshot') {
                render(JSON.parse(event.data));
            }
        },
        onStatus: (status) => {
            switch (status) {
                case 'live':
                    body.dataset.live = 'live';
                    $('live-status').textContent = 'live';
                    break;
                case 'reconnecting':
                    body.dataset.live = 'reconnecting';
                    $('live-status').textContent = 'reconnecting…';
                    $('stale-since').textContent = dash.receivedAt ? dash.clock.timeWithSeconds(dash.receivedAt + dash.skewMs) : 'earlier';
                    break;
                case 'denied':
                    signOut(dash.me && dash.me.role === 'admin'
                        ? 'The organizer token is no longer valid. Paste the current one from data/admin-token.'
                        : 'This dashboard link was revoked. Ask the organizer for a new one.');
                    break;
                default:
                    break;
            }
        },
    });
}

function serverNow() {
    return Date.now() + dash.skewMs;
}

// ---------- Rendering a snapshot ----------

function render(snapshot) {
    dash.snapshot = snapshot;
    dash.receivedAt = Date.now();
    const s = snapshot.stats;
    const main = s.lists.find((l) => l.id === 'main') || {exits: 0, entries: 0};

    $('count-arrived').textContent = String(s.checkedIn);
    $('count-registered').textContent = String(s.registered);
    $('share-arrived').textContent = `${s.registered ? Math.round((100 * s.checkedIn) / s.registered) : 0}%`;
    $('arrived-progress').max = Math.max(1, s.registered);
    $('arrived-progress').value = Math.min(s.checkedIn, Math.max(1, s.registered));
    $('count-inside').textContent = String(s.inside);
    $('inside-note').textContent = main.exits ? `${main.exits} ${main.exits === 1 ? 'exit' : 'exits'} scanned` : 'nobody has left yet';
    document.title = `${s.checkedIn}/${s.registered} arrived · Usher dashboard`;

    renderLists(s.lists);
    renderRecent(snapshot.recent);
    tick();
    drawChart();
}

function renderLists(lists) {
    syncRows($('lists'), lists, (l) => l.id, (row, l) => {
        row.dataset.listId = l.id;
        const [name, checkedIn, inside] = cells(row, [['th', ''], ['td', 'num list-checked-in'], ['td', 'num list-inside']]);
        name.scope = 'row';
        setText(name, l.name);
        setText(checkedIn, String(l.checkedIn));
        setText(inside, String(l.inside));
    });
}

function listName(id) {
    const list = (dash.event.lists || []).find((l) => l.id === id);
    return list ? list.name : id || '';
}

function renderRecent(scans) {
    const admin = dash.me.role === 'admin';
    const previousNewest = dash.newestScan;
    const wanted = scans.map((scan) => {
        const key = `${scan.id}:${scan.annulled}`;
        let row = dash.recentRows.get(key);
        if (!row) {
            row = recentRow(scan, admin);
            if (previousNewest !== null && scan.id > previousNewest) {
                row.classList.add('fresh');
            }
        }
        return [key, row];
    });
    dash.recentRows = new Map(wanted);
    const tbody = $('recent');
    const keep = new Set(dash.recentRows.values());
    for (const row of [...tbody.children]) {
        if (!keep.has(row)) {
            row.remove();
        }
    }
    // Rows already in place stay where they are: a button being clicked is not moved under the pointer.
    wanted.forEach(([, row], i) => {
        if (tbody.children[i] !== row) {
            tbody.insertBefore(row, tbody.children[i] || null);
        }
    });
    while (tbody.children.length > wanted.length) {
        tbody.lastElementChild.remove();
    }
    dash.newestScan = scans.length ? Math.max(...scans.map((s) => s.id)) : previousNewest;
    $('recent-empty').hidden = scans.length > 0;
}

function recentRow(scan, admin) {
    const row = document.createElement('tr');
    row.dataset.scanId = String(scan.id);
    row.dataset.status = scan.status;
    row.dataset.reason = scan.reason || '';
    row.dataset.annulled = String(Boolean(scan.annulled));
    const who = scan.name || (scan.reason === 'invalid' ? 'invalid code' : '—');
    let verdict;
    if (scan.status === 'ok') {
        verdict = scan.annulled ? 'annulled' : scan.type === 'exit' ? '↩ let out' : '✓ admitted';
    } else {
        verdict = `✕ ${REASONS[scan.reason] || scan.reason || 'refused'}`;
    }
    const action = document.createElement('td');
    action.className = 'admin-col';
    if (admin && scan.status === 'ok' && scan.checkinId !== null && scan.checkinId !== undefined && !scan.annulled) {
        const button = text('button', 'Annul', {type: 'button', class: 'button button-small annul-button'});
        button.dataset.checkinId = String(scan.checkinId);
        button.dataset.testid = 'annul';
        button.dataset.what = `${who} · ${scan.type === 'exit' ? 'exit' : 'entry'} on ${listName(scan.list)} at `
            + `${dash.clock.timeWithSeconds(scan.at)} (${scan.kiosk || 'staff'})`;
        action.append(button);
    }
    row.append(
        text('td', dash.clock.timeWithSeconds(scan.at), {class: 'recent-time'}),
        text('td', scan.kiosk || '', {class: 'recent-kiosk'}),
        text('td', listName(scan.list), {class: 'recent-list'}),
        text('td', who, {class: 'recent-name'}),
        text('td', verdict, {class: 'recent-verdict'}),
        action,
    );
    return row;
}

const KIOSK_BADGES = {revoked: 'revoked', silent: 'possibly dead', never: 'not used yet'};

function renderKiosks(kiosks, now) {
    syncRows($('kiosks'), kiosks, (k) => k.id, (row, k) => {
        row.dataset.kioskId = k.id;
        row.dataset.health = kioskHealth(k, now);
        const [name, admitted, refused, seen] = cells(row,
            [['th', ''], ['td', 'num kiosk-admitted'], ['td', 'num kiosk-refused'], ['td', 'kiosk-seen']]);
        name.scope = 'row';
        const badge = KIOSK_BADGES[row.dataset.health] || '';
        if (name.dataset.shown !== `${k.name}|${badge}`) {
            name.dataset.shown = `${k.name}|${badge}`;
            name.replaceChildren(k.name, ...(badge ? [' ', text('span', badge, {class: 'badge'})] : []));
        }
        setText(admitted, String(k.admitted));
        setText(refused, String(k.refused));
        setText(seen, k.lastSeen ? ago(now - Date.parse(k.lastSeen)) : 'never');
    });
    $('kiosks-empty').hidden = kiosks.length > 0;
}

function kioskHealth(k, now) {
    if (k.revoked) {
        return 'revoked';
    }
    if (!k.lastSeen) {
        return 'never';
    }
    return now - Date.parse(k.lastSeen) > SILENT_KIOSK_MS ? 'silent' : 'ok';
}

// ---------- Things that change with time: ages, countdown, rate, warnings ----------

function tick() {
    if (!dash.clock) {
        return;
    }
    const now = serverNow();
    const clock = $('event-clock');
    if (clock) {
        clock.textContent = `${dash.clock.timeWithSeconds(now)} event time`;
    }
    renderCountdown(now);
    if (!dash.snapshot) {
        return;
    }
    renderKiosks(dash.snapshot.stats.kiosks, now);
    renderRate(dash.snapshot.arrivalsPerMinute, now);
    renderAlerts(dash.snapshot, now);
}

function renderCountdown(now) {
    const nowMinute = dash.clock.minuteOf(now);
    const items = agendaItems();
    const next = items.find((item) => item.at > nowMinute);
    const current = [...items].reverse().find((item) => item.at <= nowMinute);
    for (const li of $('agenda').children) {
        const at = Number(li.dataset.minute);
        li.dataset.when = next && at === next.at ? 'next' : current && at === current.at ? 'now' : at < nowMinute ? 'past' : 'later';
    }
    if (!next) {
        $('next-heading').textContent = 'Agenda';
        $('countdown').textContent = 'done';
        $('next-item').textContent = current ? `last item was ${current.time} ${current.title}` : 'no agenda';
        return;
    }
    $('next-heading').textContent = 'Next on the agenda';
    $('countdown').textContent = countdown((next.at - nowMinute) * 60000);
    $('next-item').textContent = `until ${next.time} ${next.title}`;
}

/** The agenda with each item's place on the event's clock, in order. */
function agendaItems() {
    return (dash.event.agenda || [])
        .map((item) => ({...item, at: dash.clock.agendaMinute(item.time)}))
        .filter((item) => item.at !== null)
        .sort((a, b) => a.at - b.at);
}

function renderAgenda() {
    $('agenda').replaceChildren(...agendaItems().map((item) => {
        const li = document.createElement('li');
        li.dataset.minute = String(item.at);
        li.append(text('b', item.time), ' ', text('span', item.title));
        return li;
    }));
}

function renderRate(perMinute, now) {
    const since = Math.floor(now / 60000) * 60000 - (RATE_MINUTES - 1) * 60000;
    const count = perMinute.filter((m) => Date.parse(m.minute) >= since).reduce((sum, m) => sum + m.count, 0);
    const rate = count / RATE_MINUTES;
    $('arrival-rate').textContent = rate === 0 ? '0' : rate < 10 ? rate.toFixed(1) : String(Math.round(rate));
    $('rate-note').textContent = `${count} ${count === 1 ? 'arrival' : 'arrivals'} in the last ${RATE_MINUTES} minutes`;
}

function renderAlerts(snapshot, now) {
    const alerts = [];
    for (const burst of invalidBursts(snapshot.recent, now)) {
        alerts.push({
            kind: 'invalid-burst',
            text: `${burst.kiosk}: ${burst.count} invalid codes within ${INVALID_BURST.withinMs / 60000} minutes `
                + `(last at ${dash.clock.time(burst.last)}). Someone may be showing a wrong or forged ticket, `
                + 'or the kiosk is scanning something else: check that door.',
        });
    }
    for (const k of snapshot.stats.kiosks) {
        if (kioskHealth(k, now) === 'silent') {
            alerts.push({kind: 'kiosk-silent', text: `${k.name} not seen for ${duration(now - Date.parse(k.lastSeen))}: `
                    + 'possibly dead (battery, Wi-Fi, closed browser?).'});
        }
    }
    const key = JSON.stringify(alerts);
    if ($('alerts').dataset.key === key) {
        return;
    }
    $('alerts').dataset.key = key;
    $('alerts').replaceChildren(...alerts.map((a) => {
        const li = text('li', a.text, {class: 'alert'});
        li.dataset.kind = a.kind;
        return li;
    }));
}

/** Kiosks with INVALID_BURST.count invalid scans inside INVALID_BURST.withinMs, the last one recent. */
function invalidBursts(recent, now) {
    const byKiosk = new Map();
    for (const scan of recent) {
        if (scan.reason === 'invalid') {
            const key = scan.kiosk || '?';
            byKiosk.set(key, [...(byKiosk.get(key) || []), Date.parse(scan.at)]);
        }
    }
    const bursts = [];
    for (const [kiosk, times] of byKiosk) {
        times.sort((a, b) => a - b);
        let best = 0;
        for (let i = 0, j = 0; j < times.length; j++) {
            while (times[j] - times[i] > INVALID_BURST.withinMs) {
                i++;
            }
            best = Math.max(best, j - i + 1);
        }
        const last = times[times.length - 1];
        if (best >= INVALID_BURST.count && now - last < INVALID_BURST.shownForMs) {
            bursts.push({kiosk, count: best, last});
        }
    }
    return bursts;
}

function drawChart() {
    if (!dash.snapshot || $('board').hidden) {
        return;
    }
    drawArrivals($('arrivals-chart'), {
        clock: dash.clock,
        arrivals: dash.snapshot.arrivalsPerMinute,
        agenda: dash.event.agenda || [],
        now: serverNow(),
    });
}

// ---------- Annulling a check-in ----------

function openAnnulDialog(button) {
    dash.annulTarget = button.dataset.checkinId;
    $('annul-what').textContent = button.dataset.what;
    $('annul-reason').value = '';
    $('annul-dialog-error').textContent = '';
    $('annul-confirm').disabled = false;
    $('annul-dialog').showModal();
    $('annul-reason').focus();
}

async function annul() {
    const id = dash.annulTarget;
    $('annul-confirm').disabled = true;
    $('annul-dialog-error').textContent = '';
    try {
        const reason = $('annul-reason').value.trim();
        const r = await postJson(`/api/checkins/${encodeURIComponent(id)}/annul`, reason ? {reason} : {}, dash.token);
        if (r.status === 401) {
            signOut('The organizer token is no longer valid. Paste the current one from data/admin-token.');
            return;
        }
        if (!r.ok) {
            $('annul-dialog-error').textContent = messageOf(r);
            return;
        }
        $('annul-dialog').close();
    } catch {
        $('annul-dialog-error').textContent = 'No connection to the server. Nothing was changed.';
    } finally {
        $('annul-confirm').disabled = false;
    }
}

// ---------- Small helpers ----------

/**
 * Updates a table body in place, one row per item (by key): rows and cells are kept, only changed
 * text is written, so the once-a-second refresh does not rebuild what someone is looking at.
 */
function syncRows(tbody, items, keyOf, fill) {
    const existing = new Map([...tbody.children].map((row) => [row.dataset.key, row]));
    const rows = items.map((item) => {
        const key = keyOf(item);
        let row = existing.get(key);
        if (!row) {
            row = document.createElement('tr');
            row.dataset.key = key;
        }
        fill(row, item);
        return row;
    });
    const keep = new Set(rows);
    for (const row of existing.values()) {
        if (!keep.has(row)) {
            row.remove();
        }
    }
    rows.forEach((row, i) => {
        if (tbody.children[i] !== row) {
            tbody.insertBefore(row, tbody.children[i] || null);
        }
    });
}

/** The row's cells, made on first use: [[tag, class], ...]. */
function cells(row, spec) {
    if (row.children.length !== spec.length) {
        row.replaceChildren(...spec.map(([tag, className]) => {
            const cell = document.createElement(tag);
            if (className) {
                cell.className = className;
            }
            return cell;
        }));
    }
    return [...row.children];
}

function setText(node, value) {
    if (node.textContent !== value) {
        node.textContent = value;
    }
}

function text(tag, content, attributes = {}) {
    const node = document.createElement(tag);
    node.textContent = content;
    for (const [key, value] of Object.entries(attributes)) {
        node.setAttribute(key, value);
    }
    return node;
}

/** "12 s ago", "3 min ago", "2 h 5 min ago". */
function ago(ms) {
    return `${duration(Math.max(0, ms))} ago`;
}

/** "4:05" under an hour (it ticks visibly), else "2 h 5 min". */
function countdown(ms) {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    if (seconds >= 3600) {
        return duration(ms);
    }
    return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** "12 s", "3 min", "2 h 5 min". */
function duration(ms) {
    const seconds = Math.max(0, Math.floor(ms / 1000));
    if (seconds < 60) {
        return `${seconds} s`;
    }
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) {
        return `${minutes} min`;
    }
    const hours = Math.floor(minutes / 60);
    return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}
