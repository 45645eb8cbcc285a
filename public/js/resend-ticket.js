// "Lost your ticket?" on the event page: asks the server to mail the ticket of an address again.
// The server answers the same sentence whether or not the address has a ticket (so the form tells
// nobody who registered); the page shows that sentence as it is.
import {postJson, messageOf, NetworkError} from '/js/api.js';
import {byId, setText} from '/js/dom.js';

const NO_CONNECTION = 'No connection to the server. Check your network and try again.';

export function mountResend() {
    const form = byId('resend-form');
    const email = byId('resend-email');
    const button = byId('resend-button');
    let sending = false;

    async function send(e) {
        e.preventDefault();
        if (sending) {
            return;
        }
        sending = true;
        button.disabled = true;
        setText('resend-error', '');
        setText('resend-message', '');
        let result;
        try {
            result = await postJson('/api/registrations/resend', {email: email.value.trim()});
        } catch (err) {
            setText('resend-error', err instanceof NetworkError ? NO_CONNECTION : 'The request could not be sent. Please try again.');
            return;
        } finally {
            sending = false;
            button.disabled = false;
        }
        if (result.ok) {
            setText('resend-message', messageOf(result, 'If that address has a ticket, it is on its way.'));
        } else {
            setText('resend-error', messageOf(result, `That did not work (HTTP ${result.status}). Please try again.`));
            email.focus();
        }
    }

    form.addEventListener('submit', send);
    email.addEventListener('input', () => setText('resend-error', ''));
}
