// Pairing links carry a device's token in the address's fragment (…/kiosk/#pair=TOKEN), which a
// browser never sends to a server or a proxy log. The kiosk and the dashboard both take it from there.
// A kiosk's link may also name the event's nodes (…#pair=TOKEN&nodes=https://a:8443,https://b:8443),
// the addresses it moves between when one stops answering.

const PAIRING = /#pair=([A-Za-z0-9_-]{20,200})(?:&nodes=([^#\s]*))?$/;

/** The token in a pairing link (or in a location.hash), else null. */
export function pairingTokenIn(text) {
    const match = PAIRING.exec(String(text || '').trim());
    return match ? match[1] : null;
}

/** The node addresses a pairing link names, as written (nodes.js checks them); else []. */
export function pairingNodesIn(text) {
    const match = PAIRING.exec(String(text || '').trim());
    if (!match || !match[2]) {
        return [];
    }
    return match[2].split(',').map((part) => {
        try {
            return decodeURIComponent(part);
        } catch {
            return '';
        }
    }).filter(Boolean);
}

/** The pairing this page was opened with ({token, nodes}), taken out of the address bar (and its history entry); else null. */
export function takePairing() {
    const token = location.hash.startsWith('#pair=') ? pairingTokenIn(location.hash) : null;
    if (!token) {
        return null;
    }
    const nodes = pairingNodesIn(location.hash);
    history.replaceState(null, '', location.pathname + location.search);
    return {token, nodes};
}

/** The token this page was opened with, taken out of the address bar (and its history entry); else null. */
export function takePairingToken() {
    const pairing = takePairing();
    return pairing ? pairing.token : null;
}
