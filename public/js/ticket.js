// The attendee's ticket at /t/{code}: name, event, and the QR code to show at the door.
// Only a current code gets a QR: a replaced or cancelled one would only be refused at the door.
import {getJson, NetworkError} from '/js/api.js';
import {byId, setText} from '/js/dom.js';
import {formatDate, formatDoors, formatVenue} from '/js/event-format.js';
import {takeTicketNotice} from '/js/ticket-notice.js';
import {ticketProblem} from '/js/ticket-problem.js';
import {vocabularyOf} from '/js/vocabulary.js';

const ticket = byId('ticket');
const qr = byId('qr');
const qrImage = byId('qr-image');
let words = null;

byId('print-button').addEventListener('click', () => window.print());
// Just registered: the registration's answer may have more to say (e.g. that the ticket was mailed too).
setText('ticket-notice', takeTicketNotice(location.pathname));
qrImage.addEventListener('error', () => {
    if (qrImage.getAttribute('src')) {
        show('qr-failed');
    }
});
load();

async function load() {
    // The event is context (and the wording of a refusal): the ticket still shows if it fails to load.
    const eventLoaded = getJson('/api/event').catch(() => null);
    const code = codeFromPath(location.pathname);
    let result = null;
    try {
        result = code ? await getJson(`/t/${encodeURIComponent(code)}/ticket.json`) : {status: 404};
    } catch (e) {
        showProblem(e instanceof NetworkError ? 'offline' : 'broken');
        return;
    }
    showEvent(await eventLoaded);

    const info = result.ok && result.body && result.body.ticket;
    if (result.status === 404 || !info) {
        showProblem(result.status === 404 ? 'invalid' : 'broken');
        return;
    }
    setText('attendee-name', info.name);
    if (info.status !== 'valid') {
        show(info.status);
        return;
    }
    qrImage.src = `/t/${encodeURIComponent(code)}/qr.svg`;
    setText('ticket-code', code);
    qr.hidden = false;
    show('valid');
    const eventName = byId('event-name').textContent;
    document.title = eventName ? `${info.name}: ticket for ${eventName}` : `${info.name}: ticket`;
}

function showEvent(result) {
    const event = result && result.ok && result.body;
    if (!event) {
        return;
    }
    words = vocabularyOf(event.vocabulary);
    setText('event-name', event.name);
    setText('event-date', formatDate(event.date));
    setText('event-venue', formatVenue(event.venue));
    setText('event-doors', formatDoors(event));
}

/** A problem that is no particular person's ticket: no name on the page. */
function showProblem(status) {
    setText('attendee-name', '');
    show(status);
}

/** valid | revoked | canceled | invalid | offline | broken | qr-failed: CSS shows the matching parts. */
function show(status) {
    ticket.dataset.status = status;
    const problem = status === 'valid' ? {title: '', detail: ''} : ticketProblem(status, words);
    if (status !== 'valid') {
        document.title = problem.title;
        qr.hidden = true;
        qrImage.removeAttribute('src');
    }
    setText('problem-title', problem.title);
    setText('problem-detail', problem.detail);
}

function codeFromPath(path) {
    const match = /^\/t\/([^/]+)\/?$/.exec(path);
    if (!match) {
        return null;
    }
    try {
        return decodeURIComponent(match[1]);
    } catch {
        return null;
    }
}
