// The "Trust this server" page (/trust/): what a door device needs to trust Usher's local CA,
// all facts from GET /api/tls (the CA, its fingerprint, the HTTPS port, this page's QR code).
import {getJson, messageOf, NetworkError} from '/js/api.js';
import {byId, setText} from '/js/dom.js';
import {platformOf} from '/trust/platform.js';

const page = byId('trust');

async function load() {
    let result;
    try {
        result = await getJson('/api/tls');
    } catch (e) {
        if (!(e instanceof NetworkError)) {
            throw e;
        }
        return fail(e.message);
    }
    if (!result.ok) {
        return fail(messageOf(result));
    }
    show(result.body);
}

function show(tls) {
    page.dataset.state = tls.localCa ? 'local-ca' : tls.httpsPort ? 'organizer' : 'no-tls';
    page.dataset.https = String(tls.https);
    page.dataset.continue = String(Boolean(tls.kioskUrl));
    if (tls.localCa) {
        setText(byId('fingerprint'), tls.fingerprint);
        setText(byId('ca-name'), tls.caName);
        byId('download-pem').href = tls.caPem;
        byId('download-crt').href = tls.caCrt;
    }
    byId('page-qr').src = tls.pageQr;
    const url = byId('page-url');
    url.href = tls.pageUrl;
    setText(url, tls.pageUrl);
    if (tls.kioskUrl) {
        byId('continue').href = tls.kioskUrl;
    }
    const mine = platformOf(navigator.userAgent, navigator.maxTouchPoints);
    for (const steps of document.querySelectorAll('details[data-platform]')) {
        steps.open = steps.dataset.platform === mine;
    }
}

function fail(message) {
    page.dataset.state = 'error';
    setText(byId('trust-error'), message);
}

load();
