// Signing in to the dashboard and out again: the organizer token pasted into the form, or a
// viewer's pairing link. The token is kept in this browser until signing out, or until the server
// stops accepting it. <body data-auth>: loading | signed-in | signed-out; data-role: the role, or none.
import {getJson, messageOf, NetworkError} from '/js/api.js';
import {byId, setText} from '/js/dom.js';
import {createEventClock} from '/js/event-clock.js';
import {pairingTokenIn, takePairingToken} from '/js/pairing.js';
import {vocabularyOf} from '/js/vocabulary.js';
import {showLive} from '/dashboard/live-status.js';

const TOKEN_KEY = 'usher.dashboard.token';
const RETRY_MS = 3000;
export const ORGANIZER_TOKEN_GONE = 'The organizer token is no longer valid. Paste the current one from data/admin-token.';

/**
 * @param onSignedIn   session => ..., with the session: {token, me, event, words, clock, admin, listName(id)}
 * @param onSignedOut  () => ..., before the sign-in form shows: take everything signed-in off the screen
 * @returns {start(), signOut(reason)}
 */
export function createSession({onSignedIn, onSignedOut}) {
    let token = null;
    let retryTimer = null;

    async function signIn(candidate, {typed = false, paired = false} = {}) {
        clearTimeout(retryTimer);
        byId('signin-submit').disabled = true;
        let me = null;
        let event = null;
        try {
            [me, event] = await Promise.all([getJson('/api/me', candidate), getJson('/api/event')]);
        } catch (e) {
            if (!(e instanceof NetworkError)) {
                throw e;
            }
        } finally {
            byId('signin-submit').disabled = false;
        }
        if (me && (me.status === 401 || me.status === 403)) {
            forget(candidate);
            showSignIn(typed ? 'That token was not accepted. Copy it again from data/admin-token.'
                : paired ? 'This dashboard link is no longer valid: it was revoked. Ask the organizer for a new one.'
                    : 'You were signed out: this dashboard’s token was revoked or replaced.');
            return;
        }
        const words = event && event.ok ? vocabularyOf(event.body.vocabulary) : null;
        if (me && me.ok && words && me.body.role === words.role.kiosk) {
            forget(candidate);
            showSignIn('That is a door kiosk’s token: the dashboard needs the organizer token (data/admin-token) '
                + 'or a dashboard viewer link made by staff.');
            return;
        }
        if (!me || !me.ok || !words) {
            if (typed) {
                showSignIn(me ? messageOf(me.ok ? event : me) : 'No connection to the server. Try again.');
                return;
            }
            // The server is unreachable or unwell: keep the token and try again.
            showLive('reconnecting', 'no connection: retrying…');
            retryTimer = setTimeout(() => signIn(candidate, {paired}), RETRY_MS);
            return;
        }
        token = candidate;
        localStorage.setItem(TOKEN_KEY, candidate);
        showSignedIn(sessionOf(candidate, me.body, event.body, words));
    }

    function showSignedIn(session) {
        document.body.dataset.auth = 'signed-in';
        document.body.dataset.role = session.me.role;
        byId('signin').hidden = true;
        setText('who', session.admin ? 'Organizer' : `${session.me.name} · watching`);
        byId('sign-out').hidden = false;
        onSignedIn(session);
    }

    /** Forgets this token if it is the one kept: a wrong token typed or linked leaves a good one in place. */
    function forget(candidate) {
        if (localStorage.getItem(TOKEN_KEY) === candidate) {
            localStorage.removeItem(TOKEN_KEY);
        }
        token = null;
    }

    function showSignIn(reason) {
        onSignedOut();
        document.body.dataset.auth = 'signed-out';
        document.body.dataset.role = 'none';
        showLive('off', 'signed out');
        setText('who', '');
        byId('sign-out').hidden = true;
        byId('signin').hidden = false;
        setText('signin-reason', reason);
        byId('signin-token').value = '';
        document.title = 'Usher dashboard';
    }

    function start() {
        const paired = takePairingToken();
        const candidate = paired || localStorage.getItem(TOKEN_KEY);
        if (candidate) {
            signIn(candidate, {paired: Boolean(paired)});
        } else {
            showSignIn('');
        }
    }

    function signOut(reason) {
        forget(token);
        showSignIn(reason);
    }

    byId('signin-form').addEventListener('submit', (e) => {
        e.preventDefault();
        const value = byId('signin-token').value;
        const candidate = pairingTokenIn(value) || value.trim();
        if (candidate) {
            signIn(candidate, {typed: true});
        } else {
            setText('signin-reason', 'Paste the organizer token first.');
        }
    });
    byId('sign-out').addEventListener('click', () => signOut(''));
    // A pairing link opened in a tab that already shows the dashboard changes only the fragment.
    window.addEventListener('hashchange', () => {
        if (location.hash.startsWith('#pair=')) {
            start();
        }
    });
    return {start, signOut};
}

/** The session with the event as staff edited it (GET /api/event again). */
export function withEvent(session, event) {
    return sessionOf(session.token, session.me, event, session.words);
}

function sessionOf(token, me, event, words) {
    const lists = event.lists || [];
    return {
        token,
        me,
        event,
        words,
        admin: me.role === words.role.admin,
        clock: createEventClock(event.timezone, event.doorsOpen),
        /** A list's name, for a list id of a scan. */
        listName(id) {
            const list = lists.find((l) => l.id === id);
            return list ? list.name : id || '';
        },
    };
}
