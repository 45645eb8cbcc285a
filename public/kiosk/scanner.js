/**
 * Camera QR scanning for the kiosk page.
 *
 *   import { listCameras, startScanner } from '/kiosk/scanner.js';
 *
 *   listCameras() -> Promise<[{ deviceId, label }]>
 *       The video inputs. Labels are empty until the page has had camera permission once.
 *
 *   startScanner({ video, onCode, deviceId, facingMode = 'environment' }) -> Promise<{
 *       stop(),          // stops the camera tracks and the decode loop, ends the worker
 *       decoder,         // 'native' | 'zxing-wasm' | 'jsqr'
 *       facing,          // 'user' | 'environment'
 *       hasTorch,        // whether setTorch can light anything
 *       setTorch(on),    // -> Promise<boolean>: whether the torch is now on
 *       track,           // the MediaStreamTrack (listen for 'ended' to notice an unplugged camera)
 *   }>
 *       Opens the camera (an exact deviceId wins over facingMode), shows it in the <video> and
 *       calls onCode(text) for every QR code decoded. The same text is passed on at most once per
 *       300 ms; deduplication beyond that and request pacing are the page's business.
 *       Rejects with getUserMedia's error (NotAllowedError, NotFoundError, ...) if the camera
 *       cannot be opened.
 *
 * The decoder is chosen once per page, in order: the browser's own BarcodeDetector when it reads
 * qr_code (Android Chrome, macOS); else the barcode-detector ponyfill over zxing-cpp WebAssembly
 * (desktop Chromium, Firefox); else jsQR in a Web Worker. Its name goes on
 * document.body.dataset.decoder. All three are served from /vendor (see src/vendor/vendor.json).
 *
 * The two fallbacks decode in a Web Worker (zxing-worker.js, jsqr-worker.js): on a slow phone a
 * decode takes longer than a frame, and on the main thread it would delay taps, painting and the
 * verdict. One frame is decoded at a time: the next frame is requested only when the previous
 * decode has finished, so a slow device drops frames instead of queueing them. Frames are decoded
 * as the camera delivers them, never mirrored; a front camera only gets data-facing="user" on the
 * <video> so CSS can mirror the preview.
 */

const VENDOR = new URL('../vendor/', import.meta.url);
const ZXING_WASM = new URL('zxing-wasm/zxing_reader.wasm', VENDOR).href;
const JSQR_WORKER = new URL('./jsqr-worker.js', import.meta.url).href;
const ZXING_WORKER = new URL('./zxing-worker.js', import.meta.url).href;

/** Longest side of the frame handed to each decoder: more pixels cost time, fewer lose small codes. */
const ZXING_MAX_SIDE = 1280;
const JSQR_MAX_SIDE = 640;
const SAME_TEXT_MS = 300;
/** If no video frame callback comes (hidden video, paused compositor), poll at this pace instead. */
const FALLBACK_POLL_MS = 250;

let decoderPromise = null;

export async function listCameras() {
    const devices = await navigator.mediaDevices.enumerateDevices();
    return devices
        .filter((d) => d.kind === 'videoinput')
        .map((d) => ({ deviceId: d.deviceId, label: d.label }));
}

export async function startScanner({ video, onCode, deviceId, facingMode = 'environment' }) {
    if (!video || typeof onCode !== 'function') {
        throw new TypeError('startScanner needs { video, onCode }');
    }
    // The decoder loads (up to a megabyte of WebAssembly) while the camera opens.
    const decoderReady = chooseDecoder();
    const stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: {
            ...(deviceId ? { deviceId: { exact: deviceId } } : { facingMode: { ideal: facingMode } }),
            width: { ideal: 1280 },
            height: { ideal: 720 },
        },
    });
    const [track] = stream.getVideoTracks();
    let decoder;
    try {
        decoder = await decoderReady;
        document.body.dataset.decoder = decoder.name;
        video.muted = true;
        video.playsInline = true;
        video.setAttribute('playsinline', '');
        video.srcObject = stream;
        await video.play();
    } catch (e) {
        stream.getTracks().forEach((t) => t.stop());
        throw e;
    }

    const facing = facingOf(track, deviceId ? null : facingMode);
    video.dataset.facing = facing;
    const hasTorch = Boolean(track.getCapabilities?.().torch);

    const loop = decodeLoop(video, decoder, onCode);
    return {
        decoder: decoder.name,
        facing,
        hasTorch,
        track,
        async setTorch(on) {
            if (!hasTorch) {
                return false;
            }
            await track.applyConstraints({ advanced: [{ torch: Boolean(on) }] });
            return Boolean(on);
        },
        stop() {
            loop.stop();
            stream.getTracks().forEach((t) => t.stop());
            if (video.srcObject === stream) {
                video.srcObject = null;
            }
            decoder.release();
        },
    };
}

/**
 * Decodes the video's frames one at a time until stopped. Each round waits for a new frame
 * (requestVideoFrameCallback, else requestAnimationFrame), decodes it, and only then asks for the
 * next one.
 */
function decodeLoop(video, decoder, onCode) {
    let stopped = false;
    let pending = null;
    let lastText = null;
    let lastAt = -Infinity;
    let failures = 0;

    const schedule = () => {
        if (stopped) {
            return;
        }
        let fired = false;
        const once = () => {
            if (fired || stopped) {
                return;
            }
            fired = true;
            cancel();
            tick();
        };
        const frameHandle = video.requestVideoFrameCallback
            ? video.requestVideoFrameCallback(once)
            : requestAnimationFrame(once);
        const timer = setTimeout(once, FALLBACK_POLL_MS);
        const cancel = () => {
            clearTimeout(timer);
            if (video.cancelVideoFrameCallback) {
                video.cancelVideoFrameCallback(frameHandle);
            } else {
                cancelAnimationFrame(frameHandle);
            }
        };
        pending = cancel;
    };

    const tick = async () => {
        pending = null;
        if (video.readyState >= 2 && video.videoWidth > 0) {
            try {
                const texts = await decoder.decode(video);
                failures = 0;
                const now = performance.now();
                for (const text of texts) {
                    if (stopped) {
                        break;
                    }
                    if (text === lastText && now - lastAt < SAME_TEXT_MS) {
                        continue;
                    }
                    lastText = text;
                    lastAt = now;
                    try {
                        onCode(text);
                    } catch (e) {
                        console.error('scanner: onCode threw', e);
                    }
                }
            } catch (e) {
                // A frame can fail (camera switching, a lost GPU context); report a run of them once.
                if (++failures === 10) {
                    console.error('scanner: decoding keeps failing', e);
                }
            }
        }
        schedule();
    };

    schedule();
    return {
        stop() {
            stopped = true;
            if (pending) {
                pending();
                pending = null;
            }
        },
    };
}

/** The first decoder that works here; chosen once per page. */
function chooseDecoder() {
    if (!decoderPromise) {
        decoderPromise = (async () => {
            const native = await nativeDecoder();
            if (native) {
                return native;
            }
            try {
                return await zxingDecoder();
            } catch (e) {
                console.warn('scanner: zxing-wasm unavailable, using jsQR', e);
                return jsqrDecoder();
            }
        })();
        // A failed choice may succeed on a later try (e.g. the .wasm download was interrupted).
        decoderPromise.catch(() => {
            decoderPromise = null;
        });
    }
    return decoderPromise;
}

async function nativeDecoder() {
    if (!('BarcodeDetector' in globalThis)) {
        return null;
    }
    try {
        const formats = await globalThis.BarcodeDetector.getSupportedFormats();
        if (!formats.includes('qr_code')) {
            return null;
        }
        const detector = new globalThis.BarcodeDetector({ formats: ['qr_code'] });
        return {
            name: 'native',
            async decode(video) {
                return (await detector.detect(video)).map((b) => b.rawValue);
            },
            release() {},
        };
    } catch {
        return null;
    }
}

async function zxingDecoder() {
    // The page compiles the WebAssembly (streamed, off the main thread) and hands the module to the
    // worker, which instantiates it and does everything else per frame.
    const wasm = await WebAssembly.compileStreaming(fetch(ZXING_WASM));
    const start = async () => {
        const worker = new Worker(ZXING_WORKER, { type: 'module' });
        try {
            await new Promise((resolve, reject) => {
                worker.onmessage = ({ data }) => (data.ready ? resolve() : reject(new Error(data.failed)));
                worker.onerror = (e) => reject(new Error('zxing worker failed to start: ' + e.message));
                worker.postMessage({ wasm });
            });
            return worker;
        } catch (e) {
            worker.terminate();
            throw e;
        }
    };
    // Started here once, so that a browser where it cannot run falls back to jsQR.
    const first = await start();
    return workerDecoder('zxing-wasm', first, start, async (video) => {
        const frame = await currentFrame(video);
        return [{ frame, maxSide: ZXING_MAX_SIDE }, [frame]];
    });
}

/**
 * The video's current frame as something a worker can take over: a VideoFrame refers to the
 * decoded frame without copying it; where there is none (or it refuses this video), an ImageBitmap.
 */
async function currentFrame(video) {
    if (typeof VideoFrame === 'function') {
        try {
            return new VideoFrame(video);
        } catch {
            // An older WebCodecs that cannot wrap this video: copy it instead.
        }
    }
    return createImageBitmap(video);
}

function jsqrDecoder() {
    const frames = frameGrabber(JSQR_MAX_SIDE);
    return workerDecoder('jsqr', null, async () => new Worker(JSQR_WORKER), (video) => {
        const image = frames.grab(video);
        return [{ width: image.width, height: image.height, pixels: image.data.buffer }, [image.data.buffer]];
    });
}

/**
 * A decoder whose work runs in a Web Worker. `message(video)` -> [message, transfer] for one frame;
 * the worker answers {id, texts} or {id, error}. `start()` -> Promise<Worker> makes a worker
 * (`first`, if given, is used before that), on the first frame and again after a release.
 */
function workerDecoder(name, first, start, message) {
    let nextId = 0;
    const waiting = new Map();
    const listen = (w) => {
        w.onmessage = ({ data }) => {
            const job = waiting.get(data.id);
            waiting.delete(data.id);
            if (data.error) {
                job?.reject(new Error(data.error));
            } else {
                job?.resolve(data.texts);
            }
        };
        w.onerror = (e) => {
            for (const job of waiting.values()) {
                job.reject(new Error(`${name} worker failed: ${e.message}`));
            }
            waiting.clear();
        };
        return w;
    };
    let worker = first ? Promise.resolve(listen(first)) : null;
    return {
        name,
        async decode(video) {
            if (!worker) {
                worker = start().then(listen);
                // A worker that failed to start is tried again on the next frame.
                worker.catch(() => {
                    worker = null;
                });
            }
            const w = await worker;
            const [body, transfer] = await message(video);
            const id = nextId++;
            return new Promise((resolve, reject) => {
                waiting.set(id, { resolve, reject });
                w.postMessage({ id, ...body }, transfer);
            });
        },
        release() {
            worker?.then((w) => w.terminate(), () => {});
            worker = null;
            for (const job of waiting.values()) {
                job.resolve([]);
            }
            waiting.clear();
        },
    };
}

/** Copies the current video frame, scaled down to maxSide at most, as ImageData (never mirrored). */
function frameGrabber(maxSide) {
    const canvas = typeof OffscreenCanvas === 'function'
        ? new OffscreenCanvas(1, 1)
        : document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    return {
        grab(video) {
            const scale = Math.min(1, maxSide / Math.max(video.videoWidth, video.videoHeight));
            const width = Math.round(video.videoWidth * scale);
            const height = Math.round(video.videoHeight * scale);
            if (canvas.width !== width || canvas.height !== height) {
                canvas.width = width;
                canvas.height = height;
            }
            ctx.drawImage(video, 0, 0, width, height);
            return ctx.getImageData(0, 0, width, height);
        },
    };
}

/**
 * 'user' or 'environment'. Phones report facingMode; desktop webcams usually report nothing, and
 * such a camera almost always faces the person in front of the screen.
 */
function facingOf(track, requested) {
    const reported = track.getSettings?.().facingMode;
    if (reported === 'user' || reported === 'environment') {
        return reported;
    }
    const label = track.label || '';
    if (/back|rear|environment/i.test(label)) {
        return 'environment';
    }
    if (/front|user|face/i.test(label)) {
        return 'user';
    }
    return requested === 'environment' && /mobile|android|iphone|ipad/i.test(navigator.userAgent)
        ? 'environment'
        : 'user';
}
