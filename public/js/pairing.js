// Pairing links carry a device's token in the address's fragment (…/kiosk/#pair=TOKEN), which a
// browser never sends to a server or a proxy log. The kiosk and the dashboard both take it from there.

const PAIRING = /#pair=([A-Za-z0-9_-]{20,200})$/;

/** The token in a pairing link (or in a location.hash), else null. */
export function pairingTokenIn(text) {
    const match = PAIRING.exec(String(text || '').trim());
    return match ? match[1] : null;
}

/** The token this page was opened with, taken out of the address bar (and its history entry); else null. */
export function takePairingToken() {
    const token = location.hash.startsWith('#pair=') ? pairingTokenIn(location.hash) : null;
    if (token) {
        history.replaceState(null, '', location.pathname + location.search);
    }
    return token;
}
