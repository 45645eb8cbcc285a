// The door's decision with no server: the code's signature (WebCrypto Ed25519), then its entry in
// the offline list (revoked, cancelled, already inside), the name opened with the code itself.
// An admitted scan is marked on its entry and queued for upload in one step.
import {entryIdOf, importPublicKey, isGenuine, openName, readCode} from '/kiosk/offline-codes.js';
import {couldNotCheckVerdict, offlineVerdict} from '/kiosk/verdicts.js';

/** The offline list says "cancelled"; the reasons' vocabulary says "canceled". */
const REFUSED_STATES = {revoked: 'revoked', cancelled: 'canceled'};

/**
 * @param store   the offline store (offline-store.js)
 * @param event   the event as GET /api/event gave it (publicKey, vocabulary)
 * @param words   vocabularyOf(event.vocabulary)
 */
export function createOfflineDoor({store, event, words}) {
    let key = null;

    async function publicKey() {
        if (!key && event.publicKey && event.publicKey.spki) {
            key = await importPublicKey(event.publicKey.spki);
        }
        return key;
    }

    return {
        /**
         * The verdict for a request the server did not answer ({code | ticketId, list, type, nonce, at}).
         * A ticket picked by name cannot be checked offline: the search needs the server.
         */
        async decide(request) {
            let verifier;
            try {
                verifier = request.code ? await publicKey() : null;
            } catch {
                verifier = null;
            }
            if (!verifier) {
                return couldNotCheckVerdict();
            }
            const code = readCode(request.code, event.vocabulary.ticketCode);
            if (!code || !(await isGenuine(verifier, code))) {
                return offlineVerdict(words, {reason: 'invalid'});
            }
            const id = await entryIdOf(code.serial);
            const entry = await store.entry(id);
            const refusal = entry && REFUSED_STATES[entry.state];
            if (refusal) {
                return offlineVerdict(words, {reason: refusal});
            }
            const entering = request.type === words.direction.entry;
            const inside = Boolean(entry && (entry.inside || []).includes(request.list));
            const name = entry && entry.name ? await openName(code.serial, id, entry.name) : null;
            if (entering && inside) {
                return offlineVerdict(words, {reason: 'already_redeemed', name});
            }
            if (!entering && entry && !inside) {
                return offlineVerdict(words, {reason: 'not_inside', name});
            }
            const {code: text, list, type, nonce, at} = request;
            await store.recordPassage(id, list, type, words.direction.entry, {code: text, list, type, nonce, at});
            return offlineVerdict(words, {admitted: true, direction: type, name});
        },

        /**
         * The server admitted (or let out) a scanned code: note it on the entry at once, so that a
         * scan offline before the next sync knows it too.
         */
        async noteAnswer(request, answer) {
            const b = answer.body || {};
            const inside = b.status === 'ok' || b.reason === 'already_redeemed';
            const code = request.code && inside ? readCode(request.code, event.vocabulary.ticketCode) : null;
            if (code) {
                const type = b.status === 'ok' ? request.type : words.direction.entry;
                await store.recordPassage(await entryIdOf(code.serial), request.list, type, words.direction.entry, null);
            }
        },
    };
}
