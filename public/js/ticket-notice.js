// A sentence from the registration answer to show on the ticket page it leads to (e.g. that the
// ticket was emailed too). It rides along in this tab's sessionStorage, for that ticket's page only.
const KEY = 'usher.ticket-notice';

/** Keeps the message for the page at `url`; nothing to keep for an empty message. */
export function keepTicketNotice(url, message) {
    try {
        if (typeof message === 'string' && message.trim() !== '') {
            sessionStorage.setItem(KEY, JSON.stringify({path: new URL(url, location.href).pathname, message}));
        }
    } catch {
        // Storage may be off (private mode): the ticket still shows, without the sentence.
    }
}

/** The message kept for this page's path, once: it is forgotten as it is read. */
export function takeTicketNotice(path) {
    try {
        const kept = JSON.parse(sessionStorage.getItem(KEY) || 'null');
        sessionStorage.removeItem(KEY);
        return kept && kept.path === path && typeof kept.message === 'string' ? kept.message : '';
    } catch {
        return '';
    }
}
