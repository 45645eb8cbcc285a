// "Webhooks": register endpoints that hear of every check-in (Standard Webhooks, signed), see
// each one's pending deliveries and last attempts, pause, resume, rotate the secret, send a test
// event, remove one with two clicks. A new secret is shown once, right where it was made.
import {deleteJson, messageOf} from '/js/api.js';
import {byId, element} from '/js/dom.js';

const REFRESH_MS = 15000;
const CONFIRM_MS = 4000;

/** @param api the staff requests (staff.js); @param clock () => the event clock */
export function mountWebhooks({api, clock}) {
    const form = byId('webhook-form');
    const list = byId('webhook-list');
    const error = byId('webhook-error');
    const secretBox = byId('webhook-secret');
    let timer = null;
    const open = new Set(); // endpoints whose attempts are shown
    let confirming = null; // the endpoint whose Remove asks again; kept across a re-render

    async function refresh() {
        try {
            const r = await api.get('/api/webhooks');
            if (r && r.ok) {
                await render(r.body.webhooks);
            }
        } catch {
            // The live stream shows the connection state; the list catches up next time.
        }
    }

    async function render(hooks) {
        byId('webhook-empty').hidden = hooks.length > 0;
        const rows = [];
        for (const h of hooks) {
            const state = h.enabled ? `${h.pending} pending` : `paused: ${h.disabledReason || 'disabled'}`;
            const li = element('li', {data: {webhookId: h.id, enabled: String(h.enabled), testid: 'webhook'}},
                element('span', {class: 'device-who'}, element('b', {}, h.description || h.url),
                    element('small', {}, `${h.description ? h.url + ' · ' : ''}${h.events.join(', ')}${h.includeEmail ? ' · with emails' : ''}`),
                    element('small', {data: {testid: 'webhook-state'}}, state)),
                element('span', {class: 'webhook-actions'},
                    button(h.enabled ? 'Pause' : 'Resume', h.enabled ? 'disable' : 'enable', h.id),
                    button('Send test', 'test', h.id),
                    button('New secret', 'rotate', h.id),
                    button('Attempts', 'attempts', h.id),
                    confirming === h.id ? confirmButton(h.id) : button('Remove', 'delete', h.id, 'button-quiet-danger')));
            if (open.has(h.id)) {
                li.append(await attempts(h.id));
            }
            rows.push(li);
        }
        list.replaceChildren(...rows);
    }

    function button(label, action, id, extra = '') {
        return element('button', {type: 'button', class: `button button-small ${extra}`.trim(), data: {action, webhookId: id, testid: `webhook-${action}`}}, label);
    }

    function confirmButton(id) {
        const b = button('Really remove?', 'delete', id, 'button-quiet-danger');
        b.dataset.confirm = 'yes';
        return b;
    }

    async function attempts(id) {
        const r = await api.get(`/api/webhooks/${encodeURIComponent(id)}/deliveries`);
        const rows = r && r.ok ? r.body.deliveries : [];
        const table = element('table', {class: 'webhook-attempts', data: {testid: 'webhook-attempts'}},
            element('thead', {}, element('tr', {}, ...['Time', 'Event', 'Try', 'Answer', 'ms', 'State'].map((t) => element('th', {scope: 'col'}, t)))),
            element('tbody', {}, ...rows.map((a) => element('tr', {data: {state: a.state}},
                element('td', {}, clock()?.time(a.at) ?? a.at), element('td', {}, a.type), element('td', {class: 'num'}, String(a.attempt)),
                element('td', {}, a.error ? a.error : String(a.status)), element('td', {class: 'num'}, String(a.latencyMs)),
                element('td', {}, a.state)))));
        return rows.length ? table : element('p', {class: 'hint'}, 'No attempts yet.');
    }

    function showSecret(secret, what) {
        secretBox.hidden = false;
        secretBox.replaceChildren(element('p', {}, `${what} Copy it now: it is not shown again.`),
            element('code', {data: {testid: 'webhook-secret-value'}}, secret));
    }

    async function create() {
        error.textContent = '';
        const data = new FormData(form);
        const events = data.getAll('events');
        const body = {url: String(data.get('url') || '').trim(), description: String(data.get('description') || '').trim(),
            includeEmail: data.get('includeEmail') === 'on'};
        if (events.length) {
            body.events = events;
        }
        try {
            const r = await api.post('/api/webhooks', body);
            if (r && !r.ok) {
                error.textContent = messageOf(r);
            } else if (r) {
                form.reset();
                showSecret(r.body.secret, 'The endpoint’s signing secret.');
                refresh();
            }
        } catch {
            error.textContent = 'No connection to the server. Nothing was registered.';
        }
    }

    async function act(b) {
        const id = b.dataset.webhookId;
        const path = `/api/webhooks/${encodeURIComponent(id)}`;
        error.textContent = '';
        if (b.dataset.action === 'attempts') {
            open.has(id) ? open.delete(id) : open.add(id);
            return refresh();
        }
        if (b.dataset.action === 'delete' && b.dataset.confirm !== 'yes') {
            confirming = id;
            b.replaceWith(confirmButton(id));
            setTimeout(() => {
                if (confirming === id) {
                    confirming = null;
                    refresh();
                }
            }, CONFIRM_MS);
            return null;
        }
        if (b.dataset.action === 'delete') {
            confirming = null;
        }
        b.disabled = true;
        try {
            const r = b.dataset.action === 'delete' ? await deleteJson(path, api.token()) : await api.post(`${path}/${b.dataset.action}`, {});
            if (r && r.status === 401) {
                api.onUnauthorized();
            } else if (r && !r.ok) {
                error.textContent = messageOf(r);
            } else if (r && b.dataset.action === 'rotate') {
                showSecret(r.body.secret, 'The new secret (the old one keeps signing for 24 hours).');
            }
        } catch {
            error.textContent = 'No connection to the server. Nothing was changed.';
        }
        return refresh();
    }

    form.addEventListener('submit', (e) => {
        e.preventDefault();
        create();
    });
    list.addEventListener('click', (e) => {
        const b = e.target.closest('button[data-action]');
        if (b) {
            act(b);
        }
    });
    return {
        show() {
            refresh();
            clearInterval(timer);
            timer = setInterval(refresh, REFRESH_MS);
        },
        hide() {
            clearInterval(timer);
            timer = null;
            list.replaceChildren();
            secretBox.hidden = true;
            secretBox.replaceChildren();
            error.textContent = '';
        },
    };
}
