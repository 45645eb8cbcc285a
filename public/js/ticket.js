// The attendee's ticket at /t/{code}: name, event, and the QR code to show at the door.
// Only a current code gets a QR: a replaced or cancelled one would only be refused at the door.
import {getJson, NetworkError} from './api.js';
import {formatDate, formatDoors, formatVenue} from './event-format.js';

const ticket = document.getElementById('ticket');
const qr = document.getElementById('qr');
const qrImage = document.getElementById('qr-image');

const PROBLEMS = {
    revoked: {
        title: 'This ticket was replaced',
        detail: 'A newer code was issued for this ticket, so this one no longer works. '
            + 'Use the latest ticket link you were given, or ask the organisers at the door.',
    },
    canceled: {
        title: 'This ticket was cancelled',
        detail: 'It can no longer be used to enter. If you think this is a mistake, contact the organisers.',
    },
    invalid: {
        title: 'Not a valid ticket',
        detail: 'This link does not match any ticket for this event. Check that you copied the whole link.',
    },
    offline: {
        title: 'Your ticket could not be loaded',
        detail: 'There is no connection to the server. Check your network and reload the page.',
    },
    broken: {
        title: 'Your ticket could not be loaded',
        detail: 'The server had a problem. Please reload the page in a moment.',
    },
    'qr-failed': {
        title: 'The QR code could not be loaded',
        detail: 'Reload the page. If this keeps happening, your ticket may have been replaced or cancelled.',
    },
};

document.getElementById('print-button').addEventListener('click', () => window.print());
qrImage.addEventListener('error', () => {
    if (qrImage.getAttribute('src')) {
        show('qr-failed');
    }
});
load();

async function load() {
    const code = codeFromPath(location.pathname);
    if (!code) {
        text('attendee-name', '');
        show('invalid');
        return;
    }
    const base = `/t/${encodeURIComponent(code)}`;
    // The event is context only: the ticket still shows if it fails to load.
    const eventLoaded = getJson('/api/event').catch(() => null);
    let result;
    try {
        result = await getJson(`${base}/ticket.json`);
    } catch (e) {
        text('attendee-name', '');
        show(e instanceof NetworkError ? 'offline' : 'broken');
        return;
    }
    showEvent(await eventLoaded);

    if (result.status === 404) {
        text('attendee-name', '');
        show('invalid');
        return;
    }
    const info = result.ok && result.body && result.body.ticket;
    if (!info) {
        text('attendee-name', '');
        show('broken');
        return;
    }
    text('attendee-name', info.name);
    if (info.status === 'valid') {
        qrImage.src = `${base}/qr.svg`;
        text('ticket-code', code);
        qr.hidden = false;
        show('valid');
        const eventName = document.getElementById('event-name').textContent;
        document.title = eventName ? `${info.name}: ticket for ${eventName}` : `${info.name}: ticket`;
    } else {
        show(PROBLEMS[info.status] ? info.status : 'broken');
    }
}

function showEvent(result) {
    const event = result && result.ok && result.body;
    if (!event) {
        return;
    }
    text('event-name', event.name);
    text('event-date', formatDate(event.date));
    text('event-venue', formatVenue(event.venue));
    text('event-doors', formatDoors(event));
}

/** valid | revoked | canceled | invalid | offline | broken | qr-failed: CSS shows the matching parts. */
function show(status) {
    ticket.dataset.status = status;
    const problem = PROBLEMS[status];
    if (problem) {
        document.title = problem.title;
        qr.hidden = true;
        qrImage.removeAttribute('src');
        text('problem-title', problem.title);
        text('problem-detail', problem.detail);
    } else {
        text('problem-title', '');
        text('problem-detail', '');
    }
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

function text(id, value) {
    document.getElementById(id).textContent = value;
}
