// The mail preview: asks the server for a short-lived link to a mail as its guest gets it
// (POST /api/mail/{id}/preview) and shows it in a sandboxed frame (no scripts, its own origin).
import {messageOf} from '/js/api.js';
import {byId, setText} from '/js/dom.js';

/**
 * @param api   the staff requests (staff.js)
 * @param clock () => the event clock, for the link's expiry
 * @returns {open(mail), close()}
 */
export function createMailPreview({api, clock}) {
    const dialog = byId('mail-preview');
    const frame = byId('mail-preview-frame');
    let asked = 0;

    async function open(mail) {
        const mine = ++asked;
        frame.src = 'about:blank';
        setText('mail-preview-what', `${mail.subject} · to ${mail.name} <${mail.to}>`);
        setText('mail-preview-error', '');
        setText('mail-preview-expires', '');
        dialog.dataset.state = 'loading';
        if (!dialog.open) {
            dialog.showModal();
        }
        try {
            const r = await api.post(`/api/mail/${encodeURIComponent(mail.id)}/preview`, {});
            if (!r || mine !== asked) {
                return;
            }
            if (!r.ok || !r.body.url) {
                dialog.dataset.state = 'failed';
                setText('mail-preview-error', messageOf(r, `No preview (HTTP ${r.status}).`));
                return;
            }
            frame.src = r.body.url;
            dialog.dataset.state = 'shown';
            setText('mail-preview-expires', r.body.expiresAt
                ? `This preview link works until ${clock()?.time(r.body.expiresAt) ?? r.body.expiresAt}.` : '');
        } catch {
            if (mine === asked) {
                dialog.dataset.state = 'failed';
                setText('mail-preview-error', 'No connection to the server.');
            }
        }
    }

    function close() {
        if (dialog.open) {
            dialog.close();
        }
    }

    byId('mail-preview-close').addEventListener('click', close);
    // However it closes (the button, Escape), an answer still on its way is ignored and the mail unloaded.
    dialog.addEventListener('close', () => {
        asked++;
        frame.src = 'about:blank';
    });
    return {open, close};
}
