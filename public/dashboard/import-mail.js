// The import report's "Send tickets to the N new guests": queues the import's tickets
// (POST /api/tickets/send {importId}) and follows them out of the outbox, once a second, until
// none is queued. The part's data-state: none | offer | sending | done.
import {messageOf} from '/js/api.js';
import {byId, setText} from '/js/dom.js';
import {pollWhile} from '/dashboard/poll.js';

const POLL_MS = 1000;

/**
 * @param api           the staff requests (staff.js)
 * @param onMailChanged called when mails were queued, and when they have all left (the mail panel refreshes)
 * @returns {offer(report), hide()}
 */
export function createImportMail({api, onMailChanged}) {
    const part = byId('import-mail');
    const button = byId('import-send');
    let importId = null;
    let stopPolling = () => {};

    function setState(state) {
        part.dataset.state = state;
        part.hidden = state === 'none';
    }

    async function send() {
        button.disabled = true;
        setText('import-mail-error', '');
        try {
            const r = await api.post('/api/tickets/send', {importId});
            if (!r) {
                return;
            }
            if (!r.ok) {
                setText('import-mail-error', messageOf(r, `The tickets could not be queued (HTTP ${r.status}).`));
                return;
            }
            onMailChanged();
            setState('sending');
            follow(importId);
        } catch {
            setText('import-mail-error', 'No connection to the server. Nothing was queued: try again.');
        } finally {
            button.disabled = false;
        }
    }

    function follow(id) {
        stopPolling();
        stopPolling = pollWhile(async () => {
            const r = await api.get(`/api/mail?importId=${encodeURIComponent(id)}`);
            if (!r || id !== importId) {
                return false;
            }
            if (!r.ok) {
                setText('import-mail-error', messageOf(r));
                return false;
            }
            showCounts(r.body);
            if (r.body.queued > 0) {
                return true;
            }
            setState('done');
            onMailChanged();
            setText('import-mail-note', r.body.failed > 0
                ? 'Failed mails are listed under Ticket mail, with the relay’s answer and Retry.' : '');
            return false;
        }, POLL_MS);
    }

    function showCounts(counts) {
        setText('import-mail-queued', String(counts.queued));
        setText('import-mail-sent', String(counts.sent));
        setText('import-mail-failed', String(counts.failed));
        part.dataset.failed = String(counts.failed > 0);
    }

    function hide() {
        stopPolling();
        importId = null;
        setState('none');
        showCounts({queued: 0, sent: 0, failed: 0});
        setText('import-mail-note', '');
        setText('import-mail-error', '');
    }

    button.addEventListener('click', send);
    hide();
    return {
        /** After an import: offers to mail the tickets it created, if it created any. */
        offer(report) {
            hide();
            if (!report.importId || !(report.created > 0)) {
                return;
            }
            importId = report.importId;
            button.textContent = report.created === 1 ? 'Send the ticket to the new guest'
                : `Send tickets to the ${report.created} new guests`;
            setState('offer');
        },
        hide,
    };
}
