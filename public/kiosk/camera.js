// The kiosk's camera: the Start tap (which also unlocks sound), the camera choice and the torch.
// The scanner module (and its decoder) loads only when scanning starts.
import {byId, element} from '/js/dom.js';
import {unlock} from '/kiosk/feedback.js';

/**
 * @param settings  the kiosk's settings: the chosen camera is kept there
 * @param onCode    text => ..., for each QR code the camera reads
 */
export function mountCamera({settings, onCode}) {
    let scanner = null;

    async function startCamera() {
        scanner?.stop();
        scanner = null;
        const note = byId('camera-note');
        note.hidden = true;
        if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
            // Browsers give pages the camera only over HTTPS (or on localhost): say so, not a JS error.
            document.body.dataset.camera = 'needs-https';
            note.replaceChildren('The camera needs HTTPS. ', element('a', {href: '/trust/'}, 'Trust this server'),
                ' to use it here; the handheld scanner and search still work.');
            note.hidden = false;
            return;
        }
        try {
            const {startScanner, listCameras} = await import('/kiosk/scanner.js');
            scanner = await startScanner({video: byId('video'), onCode, deviceId: settings.camera || undefined});
            byId('torch').hidden = !scanner.hasTorch;
            const cameras = await listCameras();
            if (cameras.length > 1) {
                byId('camera').replaceChildren(...cameras.map((c, i) => new Option(c.label || `Camera ${i + 1}`, c.deviceId)));
                byId('camera').value = scanner.track?.getSettings?.().deviceId || settings.camera;
                byId('camera-choice').hidden = false;
            }
        } catch (e) {
            note.textContent = `Camera unavailable (${e && e.message ? e.message : e}). The handheld scanner and search still work.`;
            note.hidden = false;
        }
    }

    byId('start').addEventListener('click', () => {
        unlock();
        document.body.dataset.state = 'scanning';
        byId('start').hidden = true;
        startCamera();
    });
    byId('camera').addEventListener('change', () => {
        settings.save({camera: byId('camera').value});
        startCamera();
    });
    byId('torch').addEventListener('click', async () => {
        const on = byId('torch').getAttribute('aria-pressed') !== 'true';
        await scanner?.setTorch(on);
        byId('torch').setAttribute('aria-pressed', String(on));
    });
}
