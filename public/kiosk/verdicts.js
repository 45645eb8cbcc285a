// What the kiosk shows for the server's answer to a scan, decided without touching the page: the
// headline is the answer's own title; colour, icon and sound follow the reason's tone in the
// vocabulary; the detail line is made of the answer's facts (name, first check-in, list).
import {messageOf} from '/js/api.js';

const ICONS = {ok: '✓', warning: '!', refused: '✕', unchecked: '↻'};
/** A welcome clears quickly for the next person; anything else waits for a look (or a tap). */
const VISIBLE_MS = {ok: 2000, warning: 5000, refused: 5000, unchecked: 5000};
const OFFLINE = 'Checked offline';

/**
 * @param r      the answer of POST /api/checkins: {status, body}
 * @param words  vocabularyOf(...) of the event
 * @param lists  the event's check-in lists [{id, name}]
 * @param time   instant => "18:04" on the event's clock
 * @returns {kind, tone, icon, title, detail, visibleMs}; kind is #verdict's data-verdict: "ok",
 *          "already" (a warning: look again), the reason of a refusal, or "error"
 */
export function verdictFor(r, {words, lists, time}) {
    const b = r.body || {};
    if (r.status === 401) {
        return troubleVerdict('This kiosk was unpaired by staff', 'Ask staff for a new pairing link.');
    }
    const list = listLabel(b.list, words, lists);
    if (b.status === 'ok') {
        return verdict('ok', 'ok', b.title, list);
    }
    if (!b.reason) {
        return troubleVerdict('Not recorded', messageOf(r));
    }
    const {tone, wording} = words.reason(b.reason);
    const first = b.firstCheckin ? `at ${time(b.firstCheckin.at)} at ${b.firstCheckin.kiosk}` : '';
    const detail = [b.ticket ? b.ticket.name : '', first, list].filter(Boolean).join(' · ');
    return verdict(tone === 'warning' ? 'already' : b.reason, tone, b.title || wording, detail);
}

/** A scan that got no verdict from the server (no connection, a revoked kiosk): red, it was not recorded. */
export function troubleVerdict(title, detail) {
    return verdict('error', 'refused', title, detail);
}

/**
 * Neither the server nor the kiosk could decide (no answer in time, and no public key on the device
 * yet, or a ticket picked by name): grey, its own icon, never the red of a refused ticket.
 */
export function couldNotCheckVerdict() {
    return verdict('unchecked', 'unchecked', 'Could not check — try again', 'No answer from the server. Nothing was recorded.');
}

/**
 * What the kiosk decided itself, offline: `{admitted, direction, name}` or `{reason, name}` (a
 * reason's wire name): the greeting, wording and tone come from the vocabulary, as online. `name` is null
 * when the entry's name could not be opened (a ticket issued after the last sync).
 */
export function offlineVerdict(words, {admitted, direction, reason, name}) {
    if (admitted) {
        const title = name ? words.greeting(direction, name) : 'Ticket is genuine';
        return verdict('ok', 'ok', title, `${OFFLINE}: the scan is queued`);
    }
    const {tone, wording} = words.reason(reason);
    return verdict(tone === 'warning' ? 'already' : reason, tone, wording, [name, OFFLINE].filter(Boolean).join(' · '));
}

function verdict(kind, tone, title, detail) {
    return {kind, tone, icon: ICONS[tone] || ICONS.refused, title, detail, visibleMs: VISIBLE_MS[tone] || VISIBLE_MS.refused};
}

/** The list's name, or '' for the main list: the kiosk's top bar names the list it scans for. */
function listLabel(id, words, lists) {
    if (!id || id === words.mainList) {
        return '';
    }
    const list = lists.find((l) => l.id === id);
    return list ? list.name : id;
}
