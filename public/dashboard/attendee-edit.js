// The attendee edit dialog: an organizer corrects a guest's name or email (PATCH /api/tickets/{id},
// only what changed). The server's refusal (a bad address, one already on another ticket) is
// shown as it says it, and the dialog stays open with what was typed.
import {messageOf} from '/js/api.js';
import {byId, setText} from '/js/dom.js';

/**
 * @param api  the staff requests (staff.js)
 * @returns {open(ticket, onSaved), close()}; onSaved(ticket) gets the ticket as the server now has it
 */
export function createAttendeeEdit({api}) {
    const dialog = byId('attendee-edit');
    const name = byId('attendee-edit-name');
    const email = byId('attendee-edit-email');
    const save = byId('attendee-edit-save');
    let target = null;
    let then = null;

    async function submit() {
        const changes = {};
        if (name.value.trim() !== target.name) {
            changes.name = name.value;
        }
        if (email.value.trim() !== target.email) {
            changes.email = email.value;
        }
        if (Object.keys(changes).length === 0) {
            dialog.close();
            return;
        }
        save.disabled = true;
        setText('attendee-edit-error', '');
        try {
            const r = await api.patch(`/api/tickets/${encodeURIComponent(target.id)}`, changes);
            if (!r) {
                dialog.close();
                return;
            }
            if (!r.ok) {
                setText('attendee-edit-error', messageOf(r));
                ('email' in changes && r.body?.error !== 'invalid_name' ? email : name).focus();
                return;
            }
            dialog.close();
            then(r.body.ticket);
        } catch {
            setText('attendee-edit-error', 'No connection to the server. Nothing was changed.');
        } finally {
            save.disabled = false;
        }
    }

    byId('attendee-edit-cancel').addEventListener('click', () => dialog.close());
    byId('attendee-edit-form').addEventListener('submit', (e) => {
        e.preventDefault();
        submit();
    });
    return {
        open(ticket, onSaved) {
            target = ticket;
            then = onSaved;
            name.value = ticket.name;
            email.value = ticket.email;
            setText('attendee-edit-error', '');
            save.disabled = false;
            dialog.showModal();
            name.focus();
        },
        close() {
            if (dialog.open) {
                dialog.close();
            }
        },
    };
}
