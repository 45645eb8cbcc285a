// "Ticket mail" (organizer only): how many mails are queued, sent and failed, where they go (an
// SMTP relay, or .eml files in the outbox folder), and the newest mails with a preview each; a
// failed one shows the relay's answer and can be retried, alone or with every other failed one.
// The panel's data-transport (smtp | outbox | unknown) and data-failed decide what shows.
import {messageOf} from '/js/api.js';
import {byId, element, setText} from '/js/dom.js';
import {mailTime, retryNote} from '/dashboard/mail-state.js';
import {createMailPreview} from '/dashboard/mail-preview.js';

const REFRESH_MS = 5000;

/**
 * @param api   the staff requests (staff.js)
 * @param clock () => the event clock, for times of day
 * @returns {show(), hide(), refresh()}
 */
export function mountMailPanel({api, clock, mailState}) {
    const panel = byId('mail-panel');
    const list = byId('mail-recent');
    const preview = createMailPreview({api, clock});
    let timer = null;
    let shown = '';
    let mails = new Map();
    let active = false;
    let inFlight = false;
    let askAgain = false;

    /** Asks for the counts and the newest mails; asked while an answer is on its way, asks once more after it. */
    async function refresh() {
        if (inFlight) {
            askAgain = true;
            return;
        }
        inFlight = true;
        askAgain = false;
        try {
            const r = await api.get('/api/mail');
            if (!r || !active) {
                return;
            }
            if (!r.ok) {
                setText('mail-error', messageOf(r));
                return;
            }
            setText('mail-error', '');
            render(r.body);
        } catch {
            if (active) {
                setText('mail-error', 'No connection to the server: the mail counts may be out of date.');
            }
        } finally {
            inFlight = false;
            if (askAgain && active) {
                refresh();
            }
        }
    }

    function render(answer) {
        panel.dataset.transport = answer.transport || 'unknown';
        panel.dataset.failed = String(answer.failed > 0);
        setText('mail-transport', answer.transport === 'smtp' ? 'Sent through the SMTP relay.'
            : answer.transport === 'outbox' ? 'Saved to the outbox folder.' : '');
        setText('mail-queued', String(answer.queued));
        setText('mail-sent', String(answer.sent));
        setText('mail-failed', String(answer.failed));
        const recent = answer.recent || [];
        byId('mail-empty').hidden = recent.length > 0;
        // Rebuilt only when something changed: a button under the pointer stays where it is.
        const key = JSON.stringify(recent);
        if (key === shown) {
            return;
        }
        shown = key;
        mails = new Map(recent.map((mail) => [mail.id, mail]));
        list.replaceChildren(...recent.map(row));
    }

    function row(mail) {
        const time = (instant) => clock()?.time(instant) ?? '';
        const note = mail.state === 'failed' ? mail.error || 'refused' : retryNote(mail, time);
        const actions = [element('button', {
            type: 'button', class: 'button button-small', data: {action: 'preview', mailId: mail.id, testid: 'mail-preview-open'},
        }, 'Preview')];
        if (mail.state === 'failed') {
            actions.push(element('button', {
                type: 'button', class: 'button button-small', data: {action: 'retry', mailId: mail.id, testid: 'mail-retry'},
            }, 'Retry'));
        }
        return element('li', {data: {mailId: mail.id, state: mail.state, kind: mail.kind || ''}},
            element('span', {class: 'mail-who user-text'}, element('b', {}, mail.name || mail.to), element('small', {}, mail.to)),
            element('span', {class: 'mail-subject user-text'}, mail.subject || ''),
            element('span', {class: 'mail-meta'},
                element('span', {class: 'badge', data: {testid: 'mail-state'}}, mailState(mail.state)),
                ' ', element('time', {datetime: mailTime(mail) || ''}, mailTime(mail) ? time(mailTime(mail)) : '')),
            element('span', {class: 'mail-actions'}, ...actions),
            ...(note ? [element('p', {class: 'mail-note user-text', data: {testid: 'mail-note'}}, note)] : []));
    }

    async function act(button, path, body) {
        button.disabled = true;
        setText('mail-error', '');
        try {
            const r = await api.post(path, body);
            if (r && !r.ok) {
                setText('mail-error', messageOf(r));
            }
        } catch {
            setText('mail-error', 'No connection to the server. Nothing was changed.');
        } finally {
            button.disabled = false;
            refresh();
        }
    }

    list.addEventListener('click', (e) => {
        const button = e.target.closest('button[data-mail-id]');
        const mail = button && mails.get(button.dataset.mailId);
        if (!mail) {
            return;
        }
        if (button.dataset.action === 'preview') {
            preview.open(mail);
        } else if (button.dataset.action === 'retry') {
            act(button, `/api/mail/${encodeURIComponent(mail.id)}/retry`, {});
        }
    });
    byId('mail-retry-failed').addEventListener('click', (e) => act(e.currentTarget, '/api/mail/retry-failed', {}));

    return {
        show() {
            active = true;
            clearInterval(timer);
            refresh();
            timer = setInterval(refresh, REFRESH_MS);
        },
        hide() {
            active = false;
            clearInterval(timer);
            timer = null;
            preview.close();
            shown = '';
            mails = new Map();
            list.replaceChildren();
            panel.dataset.transport = 'unknown';
            panel.dataset.failed = 'false';
            ['mail-queued', 'mail-sent', 'mail-failed'].forEach((id) => setText(id, '0'));
            setText('mail-transport', '');
            setText('mail-error', '');
        },
        refresh,
    };
}
