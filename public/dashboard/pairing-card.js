// The pairing card of a new kiosk or viewer: its QR code big enough to scan across a table, the
// link beside it, and a warning when the link names this computer ("localhost" in a tablet's QR
// code leads nowhere). The card holds a device token: it is shown once and cleared on Done.
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

export function mountPairingCard(card) {
    let link = '';
    const part = (name) => card.querySelector(`.pairing-${name}`);

    function hide() {
        card.hidden = true;
        part('qr').removeAttribute('src');
        part('link').removeAttribute('href');
        part('link').textContent = '';
        link = '';
    }

    part('done').addEventListener('click', hide);
    part('copy').addEventListener('click', async () => {
        try {
            await navigator.clipboard.writeText(link);
            part('copy').textContent = 'Copied';
        } catch {
            part('copy').textContent = 'Select the link to copy it';
        }
    });
    return {
        /** created: the answer of POST /api/kiosks or /api/viewers. */
        show(created) {
            link = created.pairingLink;
            part('name').textContent = created.name;
            part('qr').src = created.pairingQr;
            part('link').href = created.pairingUrl;
            part('link').textContent = created.pairingLink;
            part('copy').textContent = 'Copy link';
            // The server builds the link from the address this page was opened at.
            const host = hostOf(created.pairingLink);
            part('host').textContent = host;
            part('warning').hidden = !LOOPBACK.test(host);
            card.hidden = false;
        },
        hide,
    };
}

function hostOf(link) {
    try {
        return new URL(link).hostname;
    } catch {
        return '';
    }
}
