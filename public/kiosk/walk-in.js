// "Walk-in" on the kiosk, under Find by name: a guest without a ticket. The volunteer types the
// name (and an email, to have the ticket mailed); Admit issues a ticket and checks it in on the
// kiosk's list (POST /api/walkins), and the verdict shows as a scan's does. A refusal of what was
// typed (no name, a bad address) stays in the form, with the cursor where it is to be fixed.
import {messageOf, NetworkError, postJson} from '/js/api.js';
import {byId, setText} from '/js/dom.js';
import {troubleVerdict, verdictFor} from '/kiosk/verdicts.js';

/** The field a refusal is about, by the server's error code. */
const FIELD_OF_ERROR = {invalid_name: 'walkin-name', invalid_email: 'walkin-email', email_taken: 'walkin-email'};

/**
 * @param token     the kiosk's token
 * @param settings  the kiosk's settings: the walk-in is admitted on settings.list
 * @param nodes     where the kiosk reaches Usher (nodes.js)
 * @param facts     () => {words, lists, time} for verdictFor, as they are now
 * @param show      verdict => ..., puts it on the screen
 * @param setOnline online => ..., whether the server answered
 * @param onUnauthorized called when the server no longer knows this kiosk
 */
export function mountWalkIn({token, settings, nodes, facts, show, setOnline, onUnauthorized}) {
    const open = byId('walkin-open');
    const form = byId('walkin-form');
    const name = byId('walkin-name');
    const email = byId('walkin-email');
    const submit = byId('walkin-submit');

    function toggle(shown) {
        form.hidden = !shown;
        open.setAttribute('aria-expanded', String(shown));
        setText('walkin-error', '');
        if (shown) {
            name.focus();
        } else {
            name.value = '';
            email.value = '';
        }
    }

    async function admit() {
        const body = {name: name.value.trim(), list: settings.list};
        if (email.value.trim()) {
            body.email = email.value.trim();
        }
        submit.disabled = true;
        form.dataset.state = 'admitting';
        setText('walkin-error', '');
        try {
            const r = await postJson(nodes.url('/api/walkins'), body, token);
            setOnline(true);
            if (r.status === 401) {
                show(verdictFor(r, facts()));
                onUnauthorized();
                return;
            }
            if (!r.ok) {
                form.dataset.state = 'failed';
                setText('walkin-error', messageOf(r, `The walk-in was not admitted (HTTP ${r.status}).`));
                byId(FIELD_OF_ERROR[r.body?.error] || 'walkin-name').focus();
                return;
            }
            form.dataset.state = 'idle';
            toggle(false);
            show(verdictFor({status: r.status, body: r.body.checkin}, facts()));
        } catch (e) {
            if (!(e instanceof NetworkError)) {
                throw e;
            }
            setOnline(false);
            form.dataset.state = 'failed';
            show(troubleVerdict('No connection', 'Nobody was admitted. Try again.'));
        } finally {
            submit.disabled = false;
        }
    }

    open.addEventListener('click', () => toggle(true));
    byId('walkin-cancel').addEventListener('click', () => toggle(false));
    // Enter is kept from submitting anything on the kiosk (handheld.js): Admit is tapped.
    form.addEventListener('submit', (e) => {
        e.preventDefault();
        admit();
    });
}
