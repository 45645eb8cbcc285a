// "Event" (organizer only): the event file as a form (GET /api/event/file), saved whole with
// PUT /api/event and If-Match, so an edit made meanwhile by someone else is not overwritten (412:
// load it again). The server checks everything and names the field it refuses (400); a talk whose
// check-in list has check-ins is removed only once the organizer confirms (409, ?dropLists=).
// What the form does not show (the agenda, fields a newer server adds) is sent back as it came.
// The panel's data-state: idle | loading | ready | saving | failed | confirm | stale.
import {messageOf} from '/js/api.js';
import {byId, element, setText} from '/js/dom.js';

const TALK_FIELDS = [
    ['id', 'Id (the check-in list)', 'input'], ['title', 'Title', 'input'], ['speaker', 'Speaker', 'input'],
    ['start', 'Start', 'time'], ['end', 'End', 'time'], ['abstract', 'Abstract', 'textarea'], ['speakerBio', 'Speaker bio', 'textarea'],
];

/** @param api the staff requests (staff.js) */
export function mountEventEditor({api}) {
    const panel = byId('event-editor');
    const form = byId('event-form');
    const talks = byId('event-talks');
    const field = (path) => form.querySelector(`[data-path="${path}"]`);
    let loaded = null;
    let etag = null;

    function state(name) {
        panel.dataset.state = name;
    }

    function say({error = '', changes = null} = {}) {
        setText('event-error', error);
        const list = byId('event-changes');
        list.replaceChildren(...(changes || []).map((c) => element('li', {}, c)));
        list.hidden = !changes;
        setText('event-saved', changes ? (changes.length ? 'Saved. What changed:' : 'Saved: nothing had changed.') : '');
        byId('event-confirm').hidden = true;
        byId('event-reload').hidden = true;
        form.querySelectorAll('[aria-invalid]').forEach((input) => input.removeAttribute('aria-invalid'));
    }

    async function load() {
        state('loading');
        say();
        try {
            const r = await api.request('GET', '/api/event/file');
            if (!r) {
                return;
            }
            if (!r.ok) {
                state('failed');
                say({error: messageOf(r)});
                return;
            }
            loaded = r.body;
            etag = r.headers.get('ETag');
            fill(loaded);
            state('ready');
        } catch {
            state('failed');
            say({error: 'No connection to the server: the event could not be loaded.'});
        }
    }

    function fill(e) {
        const values = {
            name: e.name, summary: e.summary, date: e.date, timezone: e.timezone, doorsOpen: e.doorsOpen, ends: e.ends,
            'venue.name': e.venue?.name, 'venue.address': e.venue?.address, 'venue.city': e.venue?.city, 'venue.country': e.venue?.country,
            'registration.capacity': e.registration?.capacity, 'mail.subject': e.mail?.subject, 'mail.intro': e.mail?.intro,
        };
        for (const [path, value] of Object.entries(values)) {
            field(path).value = value ?? '';
        }
        field('registration.open').checked = e.registration?.open !== false;
        field('registration.confirmByEmail').checked = Boolean(e.registration?.confirmByEmail);
        talks.replaceChildren(...(e.talks || []).map(talkRow));
    }

    function talkRow(talk = {}) {
        const row = element('fieldset', {class: 'event-talk', data: {testid: 'event-talk'}},
            element('legend', {class: 'visually-hidden'}, 'Talk'));
        for (const [key, label, kind] of TALK_FIELDS) {
            const input = kind === 'textarea' ? element('textarea', {rows: '2'})
                : element('input', {type: 'text', spellcheck: 'false', ...(kind === 'time' ? {placeholder: 'HH:MM', inputmode: 'numeric'} : {})});
            input.dataset.talk = key;
            input.value = talk[key] ?? '';
            row.append(element('label', {class: `event-talk-${key}`}, element('span', {}, label), input));
        }
        row.append(element('button', {type: 'button', class: 'button button-small button-quiet-danger', data: {action: 'remove-talk',
            testid: 'event-talk-remove'}}, 'Remove talk'));
        return row;
    }

    const text = (path) => field(path).value.trim();
    const orNull = (value) => (value === '' ? null : value);

    /** The event file as the form has it; what the form does not show is kept as loaded. */
    function read() {
        const capacity = text('registration.capacity');
        return {
            ...loaded,
            name: text('name'), summary: field('summary').value.trim(), date: text('date'), timezone: text('timezone'),
            doorsOpen: text('doorsOpen'), ends: orNull(text('ends')),
            venue: {...loaded.venue, name: text('venue.name'), address: text('venue.address'), city: text('venue.city'), country: text('venue.country')},
            registration: {...loaded.registration, open: field('registration.open').checked,
                confirmByEmail: field('registration.confirmByEmail').checked,
                capacity: capacity === '' ? null : Number(capacity)},
            mail: {...loaded.mail, subject: text('mail.subject'), intro: field('mail.intro').value.trim()},
            talks: [...talks.querySelectorAll('.event-talk')].map((row) => {
                const talk = {};
                row.querySelectorAll('[data-talk]').forEach((input) => {
                    talk[input.dataset.talk] = input.value.trim();
                });
                const before = (loaded.talks || []).find((t) => t.id === talk.id);
                return {...before, ...talk, end: orNull(talk.end)};
            }),
        };
    }

    async function save(dropLists = []) {
        const body = read();
        state('saving');
        say();
        byId('event-save').disabled = true;
        try {
            const query = dropLists.length ? `?dropLists=${encodeURIComponent(dropLists.join(','))}` : '';
            const r = await api.request('PUT', `/api/event${query}`, {body, headers: etag ? {'If-Match': etag} : {}});
            if (!r) {
                return;
            }
            if (r.ok) {
                etag = r.headers.get('ETag') || `"${r.body.revision}"`;
                loaded = body;
                state('ready');
                say({changes: r.body.changes || []});
            } else if (r.status === 409 && r.body?.error === 'lists_have_checkins') {
                state('confirm');
                say({error: messageOf(r)});
                const confirm = byId('event-confirm');
                confirm.dataset.lists = Object.keys(r.body.lists || {}).join(',');
                confirm.hidden = false;
            } else if (r.status === 412) {
                state('stale');
                say({error: messageOf(r, 'Someone else changed the event meanwhile: load it again, then make your change.')});
                byId('event-reload').hidden = false;
            } else {
                state('failed');
                say({error: messageOf(r)});
                markField(r.body?.message);
            }
        } catch {
            state('failed');
            say({error: 'No connection to the server. Nothing was saved.'});
        } finally {
            byId('event-save').disabled = false;
        }
    }

    /** "doorsOpen: ..." or "venue.city: ...": the field the server names gets the focus. */
    function markField(message) {
        const path = /^([\w.[\]]+):/.exec(message || '')?.[1];
        const talk = path && /^talks\[(\d+)]\.(\w+)$/.exec(path);
        const input = talk ? talks.querySelectorAll('.event-talk')[Number(talk[1])]?.querySelector(`[data-talk="${talk[2]}"]`)
            : path && field(path);
        if (input) {
            input.setAttribute('aria-invalid', 'true');
            input.focus();
        }
    }

    form.addEventListener('submit', (e) => {
        e.preventDefault();
        save();
    });
    byId('event-add-talk').addEventListener('click', () => {
        const row = talkRow();
        talks.append(row);
        row.querySelector('[data-talk="id"]').focus();
    });
    talks.addEventListener('click', (e) => {
        e.target.closest('[data-action="remove-talk"]')?.closest('.event-talk').remove();
    });
    byId('event-confirm').addEventListener('click', (e) => save(e.target.dataset.lists.split(',').filter(Boolean)));
    byId('event-reload').addEventListener('click', () => load());

    return {
        show() {
            load();
        },
        hide() {
            loaded = null;
            etag = null;
            form.reset();
            talks.replaceChildren();
            say();
            state('idle');
        },
    };
}
