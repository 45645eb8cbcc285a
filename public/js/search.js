// The name look-up of the kiosk and of the staff dashboard: asks GET /api/tickets?q= as the person
// types (after a short pause), and shows only the answer to the newest question, whichever
// answer arrives last.
import {getJson, messageOf} from '/js/api.js';

const PAUSE_MS = 250;

/**
 * @param input    the search field; its placeholder states the minimum
 * @param note     where hints and failures are written
 * @param results  the list the matches are put in
 * @param search   the vocabulary's {minChars, maxResults}
 * @param token    () => the bearer token, read at each request
 * @param item     ticket => the <li> to show for it
 * @param shown    how many matches to show at most (the server sends up to search.maxResults)
 * @param onUnauthorized called for a 401 (the token stopped working), instead of showing its message
 * @param address  path => the URL to ask (the kiosk's current node); the path itself by default
 * @returns {clear()}: empties the field and its results and ignores any answer still on its way
 */
export function listenForSearch({input, note, results, search, token, item, shown = search.maxResults, onUnauthorized,
    address = (path) => path}) {
    let timer = null;
    let asked = 0;
    input.placeholder = `At least ${search.minChars} letters of a name or email`;

    async function ask() {
        const q = input.value.trim();
        const mine = ++asked;
        if (q.length < search.minChars) {
            results.replaceChildren();
            note.textContent = q.length ? `Type at least ${search.minChars} letters.` : '';
            return;
        }
        try {
            const r = await getJson(address(`/api/tickets?q=${encodeURIComponent(q)}`), token());
            if (mine !== asked) {
                return; // a newer search is on its way
            }
            if (r.status === 401 && onUnauthorized) {
                onUnauthorized();
                return;
            }
            if (!r.ok) {
                note.textContent = messageOf(r);
                return;
            }
            const found = r.body.tickets;
            const showing = found.slice(0, shown);
            note.textContent = matchesNote(found.length, showing.length, search.maxResults);
            results.replaceChildren(...showing.map(item));
        } catch {
            if (mine === asked) {
                note.textContent = 'No connection to the server.';
            }
        }
    }

    input.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(ask, PAUSE_MS);
    });
    return {
        clear() {
            clearTimeout(timer);
            asked++;
            input.value = '';
            note.textContent = '';
            results.replaceChildren();
        },
    };
}

function matchesNote(found, showing, maxResults) {
    if (found === 0) {
        return 'Nobody found.';
    }
    return showing < found || found >= maxResults ? `The first ${showing} matches: type more to narrow down.` : '';
}
