// The zxing-cpp decoder of scanner.js, off the main thread: on a slow phone a frame's copy and
// decode take longer than a frame interval, and on the page they would hold up taps, painting and
// the verdict. A module worker.
//   in, once:   {wasm}: the compiled zxing_reader.wasm (compiled by the page, so its load is the
//               page's own); answered {ready: true} or {failed: message}
//   in, then:   {id, frame, maxSide}: frame is a VideoFrame or an ImageBitmap, transferred; it is
//               scaled down to maxSide at most, decoded and closed
//   out:        {id, texts: [...]} or {id, error}
import {BarcodeDetector, prepareZXingModule, setZXingModuleOverrides} from '../vendor/barcode-detector/ponyfill.js';

let detector = null;
let canvas = null;
let ctx = null;

self.onmessage = async ({data}) => {
    if (data.wasm) {
        try {
            setZXingModuleOverrides({
                instantiateWasm: (imports, done) => {
                    WebAssembly.instantiate(data.wasm, imports).then((instance) => done(instance, data.wasm));
                    return {};
                },
            });
            await prepareZXingModule({fireImmediately: true});
            canvas = new OffscreenCanvas(1, 1);
            ctx = canvas.getContext('2d', {willReadFrequently: true});
            detector = new BarcodeDetector({formats: ['qr_code']});
            self.postMessage({ready: true});
        } catch (e) {
            self.postMessage({failed: String(e && e.message ? e.message : e)});
        }
        return;
    }
    const {id, frame, maxSide} = data;
    try {
        const width = frame.displayWidth || frame.width;
        const height = frame.displayHeight || frame.height;
        const scale = Math.min(1, maxSide / Math.max(width, height));
        const w = Math.round(width * scale);
        const h = Math.round(height * scale);
        if (canvas.width !== w || canvas.height !== h) {
            canvas.width = w;
            canvas.height = h;
        }
        ctx.drawImage(frame, 0, 0, w, h);
        frame.close();
        const found = await detector.detect(ctx.getImageData(0, 0, w, h));
        self.postMessage({id, texts: found.map((b) => b.rawValue)});
    } catch (e) {
        frame?.close?.();
        self.postMessage({id, error: String(e && e.message ? e.message : e)});
    }
};
