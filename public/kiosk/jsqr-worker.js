// The jsQR fallback decoder of scanner.js, off the main thread so the page stays responsive.
// A classic worker: jsQR 1.4.0 is a UMD script. Message in: {id, width, height, pixels (RGBA
// ArrayBuffer)}; message out: {id, texts}, [] when no QR code was found.
importScripts('../vendor/jsqr/jsQR.js');

self.onmessage = ({ data }) => {
    let texts = [];
    try {
        // Tickets are dark on light; trying the inverted image too would double the cost of every frame.
        const code = self.jsQR(new Uint8ClampedArray(data.pixels), data.width, data.height,
            { inversionAttempts: 'dontInvert' });
        texts = code ? [code.data] : [];
    } catch (e) {
        texts = [];
    }
    self.postMessage({ id: data.id, texts });
};
