// "Walk-in": someone at the desk without a ticket. The organizer types a name (and an email, if
// the guest wants the ticket mailed), picks the list, and Admit issues the ticket and checks it in
// at once (POST /api/walkins). The server's greeting or refusal shows under the form, which is
// cleared for the next person with the cursor back in the name field.
import {messageOf} from '/js/api.js';
import {byId, element, setText} from '/js/dom.js';

/** The field a refusal is about, by the server's error code: the cursor goes there to fix it. */
const FIELD_OF_ERROR = {invalid_name: 'walkin-name', invalid_email: 'walkin-email', email_taken: 'walkin-email'};

/**
 * @param api   the staff requests (staff.js)
 * @param lists the event's check-in lists (GET /api/event), the main door first
 */
export function mountWalkIn({api, lists}) {
    const form = byId('walkin-form');
    const name = byId('walkin-name');
    const email = byId('walkin-email');
    const list = byId('walkin-list');
    const button = byId('walkin-submit');
    const showLists = (next) => {
        const picked = list.value;
        list.replaceChildren(...next.map((l) => element('option', {value: l.id}, l.name)));
        if (next.some((l) => l.id === picked)) {
            list.value = picked;
        }
    };
    showLists(lists);

    function show(state, text) {
        form.dataset.state = state;
        setText('walkin-result', state === 'admitted' ? text : '');
        setText('walkin-error', state === 'failed' ? text : '');
    }

    async function admit() {
        const body = {name: name.value.trim()};
        if (email.value.trim()) {
            body.email = email.value.trim();
        }
        if (list.value) {
            body.list = list.value;
        }
        button.disabled = true;
        show('admitting', '');
        try {
            const r = await api.post('/api/walkins', body);
            if (!r) {
                return;
            }
            if (!r.ok) {
                show('failed', messageOf(r, `The walk-in was not admitted (HTTP ${r.status}).`));
                byId(FIELD_OF_ERROR[r.body?.error] || 'walkin-name').focus();
                return;
            }
            const checkin = r.body.checkin;
            show('admitted', checkin.status === 'ok' ? checkin.title : messageOf({body: checkin}));
            name.value = '';
            email.value = '';
            name.focus();
        } catch {
            show('failed', 'No connection to the server. Nobody was admitted: try again.');
        } finally {
            button.disabled = false;
        }
    }

    form.addEventListener('submit', (e) => {
        e.preventDefault();
        admit();
    });
    return {
        /** The event was edited: its lists as they are now. */
        showLists,
        hide() {
            name.value = '';
            email.value = '';
            show('idle', '');
        },
    };
}
