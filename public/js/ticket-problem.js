// What the ticket page says instead of a QR code. What a door would refuse (a replaced or
// cancelled ticket, a code that is no ticket at all) is worded by the server's vocabulary; the
// page's own troubles (no connection, a broken answer, a QR image that did not load) are worded here.

const PAGE_TROUBLES = {
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

/**
 * {title, detail} for a page status other than "valid" and "loading": a reason ("revoked",
 * "canceled", "invalid") or one of the page's own troubles. `words` is vocabularyOf(...), or null
 * when the event did not load: a reason then cannot be worded, which is the server's trouble too.
 */
export function ticketProblem(status, words) {
    const trouble = PAGE_TROUBLES[status] || (words ? null : PAGE_TROUBLES.broken);
    if (trouble) {
        return trouble;
    }
    const {wording, advice} = words.reason(status);
    return {title: wording, detail: advice || ''};
}
