// The event's public page: shows the event from /api/event and registers through the form. A new
// ticket shows on its own page; when the event mails tickets instead (registration.confirmByEmail),
// or the address already had one, the page shows the server's sentence and no ticket.
// The page follows the event as staff edit it, without a reload: every 10 s it asks /api/event
// (a 304 while nothing changed) and /api/registration (open, sold out, places left).
import {getJson, postJson, messageOf, NetworkError, requestJson} from '/js/api.js';
import {byId, setText} from '/js/dom.js';
import {formatDate, formatDoors, formatTimeRange, formatVenue} from '/js/event-format.js';
import {mountResend} from '/js/resend-ticket.js';
import {keepTicketNotice} from '/js/ticket-notice.js';

const page = byId('event-page');
const registration = byId('registration');
const form = byId('registration-form');
const fields = byId('registration-fields');
const nameInput = byId('name');
const emailInput = byId('email');
const button = byId('register-button');
const formError = byId('registration-error');

const NO_CONNECTION = 'No connection to the server. Check your network and try again.';
const POLL_MS = 10_000;
/** While one of these, the form is someone's: a change of the event does not take it away. */
const BUSY = new Set(['sending', 'done']);

let revision = null;
let availability = null;

form.addEventListener('submit', submit);
byId('register-another').addEventListener('click', () => {
    form.reset();
    setRegistration('open');
    nameInput.focus();
});
mountResend();
// Back from the ticket page, the browser may restore this page as it was left: mid-request.
window.addEventListener('pageshow', e => {
    if (e.persisted && registration.dataset.state === 'sending') {
        setRegistration('open');
    }
});
load();

async function load() {
    let result;
    try {
        [result, availability] = await Promise.all([getJson('/api/event'), fetchAvailability()]);
    } catch (e) {
        showPageError(e instanceof NetworkError ? NO_CONNECTION : 'The event could not be loaded.');
        return;
    }
    if (!result.ok || !result.body) {
        showPageError(messageOf(result, 'The event could not be loaded. Please reload the page.'));
        return;
    }
    revision = result.body.revision;
    showEvent(result.body);
    setTimeout(follow, POLL_MS);
}

/** {open, soldOut, placesLeft}, or null when it could not be asked (the event's own "open" decides then). */
async function fetchAvailability() {
    try {
        const r = await getJson('/api/registration');
        return r.ok && r.body ? r.body : null;
    } catch {
        return null;
    }
}

/** One poll: a changed event is drawn again, and the form follows open, closed and sold out. */
async function follow() {
    try {
        const [r, rules] = await Promise.all([
            requestJson('GET', '/api/event', {headers: revision ? {'If-None-Match': `"${revision}"`} : {}}),
            fetchAvailability(),
        ]);
        availability = rules ?? availability;
        if (r.status === 200 && r.body) {
            revision = r.body.revision;
            showEvent(r.body);
        } else if (rules) {
            showAvailability(null);
        }
    } catch {
        // Offline for a moment: the page stays as it is, and the next poll tries again.
    } finally {
        setTimeout(follow, POLL_MS);
    }
}

let shownEvent = null;

function showEvent(event) {
    shownEvent = event;
    document.title = `${event.name}: register`;
    setText('event-name', event.name);
    setText('event-date', formatDate(event.date));
    setText('event-venue', formatVenue(event.venue));
    setText('event-doors', formatDoors(event));
    setText('event-summary', event.summary || '');
    byId('agenda').replaceChildren(...(event.agenda || []).map(agendaItem));
    byId('talks').replaceChildren(...(event.talks || []).map(talk));
    page.dataset.state = 'ready';
    registration.dataset.delivery = event.registration.confirmByEmail ? 'email' : 'page';
    showAvailability(event);
}

/** Open, closed or sold out, as /api/registration says (or the event, when it could not be asked). */
function showAvailability(event) {
    const state = registration.dataset.state;
    if (BUSY.has(state)) {
        return;
    }
    const open = availability ? availability.open : (event ?? shownEvent)?.registration.open;
    const next = !open ? 'closed' : availability?.soldOut ? 'soldout' : state === 'error' ? 'error' : 'open';
    if (next !== state) {
        setRegistration(next);
    }
    if (next === 'closed') {
        setText('registration-closed', 'Registration for this event is closed.');
    }
    const left = availability?.placesLeft;
    setText('places-left', typeof left === 'number' && left > 0 ? `${left} ${left === 1 ? 'place' : 'places'} left.` : '');
}

function agendaItem(item) {
    const li = fromTemplate('agenda-item-template');
    const time = li.querySelector('.agenda-time');
    time.textContent = item.time;
    time.dateTime = item.time;
    li.querySelector('.agenda-title').textContent = item.title;
    return li;
}

function talk(t) {
    const article = fromTemplate('talk-template');
    article.dataset.talkId = t.id;
    article.querySelector('.talk-time').textContent = formatTimeRange(t.start, t.end);
    article.querySelector('.talk-title').textContent = t.title;
    article.querySelector('.talk-speaker').textContent = t.speaker;
    fillDetails(article.querySelector('.talk-abstract'), t.abstract);
    const bio = article.querySelector('.talk-bio');
    bio.querySelector('summary').textContent = t.speaker ? `About ${t.speaker}` : 'About the speaker';
    fillDetails(bio, t.speakerBio);
    return article;
}

// Abstracts and bios are plain text with blank lines between paragraphs.
function fillDetails(details, body) {
    const paragraphs = (body || '').split(/\n\s*\n/).map(p => p.trim()).filter(p => p !== '');
    if (paragraphs.length === 0) {
        details.remove();
        return;
    }
    details.querySelector('.prose').replaceChildren(...paragraphs.map(p => {
        const el = document.createElement('p');
        el.textContent = p;
        return el;
    }));
}

async function submit(e) {
    e.preventDefault();
    if (registration.dataset.state !== 'open' && registration.dataset.state !== 'error') {
        return;
    }
    showFormError('');
    setRegistration('sending');
    // Read the values before the fieldset is disabled: they are what the person typed.
    const body = {name: nameInput.value.trim(), email: emailInput.value.trim()};
    let result;
    try {
        result = await postJson('/api/registrations', body);
    } catch (err) {
        failed(err instanceof NetworkError ? NO_CONNECTION : 'The registration could not be sent. Please try again.');
        return;
    }
    const answer = result.body || {};
    if (result.status === 201 && answer.ticket && answer.ticket.url) {
        // Stay in "sending" so the button stays disabled while the ticket page loads.
        keepTicketNotice(answer.ticket.url, answer.message);
        location.assign(answer.ticket.url);
        return;
    }
    if (result.ok && (answer.result === 'resent' || answer.result === 'mailed')) {
        setText('registration-message', messageOf(result, 'Your ticket is on its way to your inbox.'));
        setRegistration('done');
        return;
    }
    const code = result.body && result.body.error;
    if (code === 'registration_closed') {
        setRegistration('closed');
        setText('registration-closed', messageOf(result));
        return;
    }
    if (code === 'sold_out') {
        setRegistration('soldout');
        setText('registration-soldout', messageOf(result));
        return;
    }
    failed(messageOf(result, `Registration failed (HTTP ${result.status}). Please try again.`));
    if (code === 'invalid_name') {
        nameInput.focus();
    } else if (code === 'invalid_email' || code === 'email_taken') {
        emailInput.focus();
    }
}

function failed(message) {
    setRegistration('error');
    showFormError(message);
}

/** loading | open | sending | error | closed | soldout | done: CSS shows the matching parts. */
function setRegistration(state) {
    registration.dataset.state = state;
    fields.disabled = state !== 'open' && state !== 'error';
    form.setAttribute('aria-busy', String(state === 'sending'));
    button.textContent = state === 'sending' ? 'Registering…' : 'Get my ticket';
}

function showFormError(message) {
    formError.textContent = message;
}

function showPageError(message) {
    page.dataset.state = 'error';
    setText('event-name', 'Event unavailable');
    setText('event-error', message);
}

function fromTemplate(id) {
    return byId(id).content.firstElementChild.cloneNode(true);
}
