// The annul dialog: an organizer takes back a check-in, with a reason: from the last scans, or an
// arrival from the attendees list. One dialog in the page, opened by both.
import {messageOf, postJson} from '/js/api.js';
import {byId} from '/js/dom.js';

/**
 * @param token           () => the organizer token
 * @param onUnauthorized  called on a 401: the token stopped working
 * @returns {open({checkinId, what}, onAnnulled)}: onAnnulled (optional) is called once it is annulled; and close()
 */
export function createAnnulDialog({token, onUnauthorized}) {
    const dialog = byId('annul-dialog');
    const error = byId('annul-dialog-error');
    const confirm = byId('annul-confirm');
    let target = null;
    let then = null;

    async function annul() {
        confirm.disabled = true;
        error.textContent = '';
        try {
            const reason = byId('annul-reason').value.trim();
            const r = await postJson(`/api/checkins/${encodeURIComponent(target)}/annul`, reason ? {reason} : {}, token());
            if (r.status === 401) {
                onUnauthorized();
                return;
            }
            if (!r.ok) {
                error.textContent = messageOf(r);
                return;
            }
            dialog.close();
            then?.();
        } catch {
            error.textContent = 'No connection to the server. Nothing was changed.';
        } finally {
            confirm.disabled = false;
        }
    }

    byId('annul-cancel').addEventListener('click', () => dialog.close());
    byId('annul-form').addEventListener('submit', (e) => {
        e.preventDefault();
        annul();
    });
    return {
        open({checkinId, what}, onAnnulled = null) {
            target = checkinId;
            then = onAnnulled;
            byId('annul-what').textContent = what;
            byId('annul-reason').value = '';
            error.textContent = '';
            confirm.disabled = false;
            dialog.showModal();
            byId('annul-reason').focus();
        },
        close() {
            if (dialog.open) {
                dialog.close();
            }
        },
    };
}
