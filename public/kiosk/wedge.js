// Handheld USB/Bluetooth scanners are "keyboard wedges": they type the code as keystrokes and
// finish with Enter (or Tab). This module only decides what a terminator ends; handheld.js
// listens to the keyboard and acts. No DOM here, so tests can feed it keys with made-up times.
//
// Our own ticket codes are found by their shape, published by the server: the last `length` keys
// before the terminator, all in the code's alphabet (either case), starting with its prefix.
// Whatever came before them (letters typed into the search field) is left out, and however the
// keys were spaced (a burst split by a busy tablet, keys delivered late in one batch) the code is
// whole. Timing then only tells a machine from a person, over the whole code: at least half of its
// keys must follow the key before within CODE_GAP_MS. A person copying 124 random characters by
// hand is several times slower: that is not a scan, and nothing of it is sent.
//
// Anything else (another system's barcode) has only its timing: the scan is the longest run of
// keys before the terminator that starts at scanner speed and in which at least half the gaps are
// within MAX_GAP_MS. Its last MIN_LENGTH keys must pass that test too, so that a burst without its
// Enter does not make a person's typing after it a scan. Judged over the run rather than gap by
// gap, a stall does not cut it short.

/** Milliseconds: scanners send a key every few ms; even fast typists need 60 ms or more. */
export const MAX_GAP_MS = 35;
/** A burst that is not one of our codes must be this long; shorter is a person or a stray key. */
export const MIN_LENGTH = 16;
/**
 * For our codes, whose shape already rules out typing a name: a busy tablet spreads a scan out
 * (Chromium throttled 4x on a loaded machine: median gaps of 13-27 ms, a few past 400 ms), a
 * person is far slower (even a record typist needs ~60 ms a key on prose, and a random code is
 * much harder than prose).
 */
export const CODE_GAP_MS = 50;
/** Keys kept since the last terminator: the longest barcode that is read whole. */
const KEPT = 512;

/**
 * Feeds keystrokes in, one at a time, with their timestamps. When Enter or Tab ends a scan,
 * `key` returns it: `text` to check in (our codes in upper case) and `typed`, the characters
 * exactly as they were typed (to take them back out of a text field); else null.
 *
 * @param code the ticket code's shape, `{length, alphabet, prefix}` from /api/event
 */
export function createWedge({code, maxGapMs = MAX_GAP_MS, minLength = MIN_LENGTH} = {}) {
    const ourCode = code ? codeFinder(code) : () => null;
    let keys = [];

    return {
        /** @returns {{text: string, typed: string}|null} */
        key(key, time) {
            if (key === 'Enter' || key === 'Tab') {
                const found = ourCode(keys, time);
                const scan = found === null ? burst(keys, time, maxGapMs, minLength) : found.scan;
                keys = [];
                return scan;
            }
            // Shift, arrows and other named keys do not break a burst (scanners send Shift).
            if (key.length === 1) {
                keys.push({key, time});
                if (keys.length > KEPT) {
                    keys.shift();
                }
            }
            return null;
        },
    };
}

/**
 * Returns a function that looks for one of our codes at the end of the keys: null when the keys
 * do not end in a code's shape, else `{scan}`, the scan or null when a person typed it.
 */
function codeFinder({length, alphabet, prefix}) {
    const letters = new Set(alphabet.toUpperCase());
    const start = prefix.toUpperCase();
    return (keys, endTime) => {
        if (keys.length < length) {
            return null;
        }
        const last = keys.slice(-length);
        const typed = last.map((k) => k.key).join('');
        const text = typed.toUpperCase();
        if (!text.startsWith(start) || ![...text].every((c) => letters.has(c))) {
            return null;
        }
        const gaps = gapsOf(last, endTime);
        const fast = gaps.filter((gap) => gap <= CODE_GAP_MS).length;
        return {scan: fast * 2 >= gaps.length ? {text, typed} : null};
    };
}

/** Another barcode: the longest machine-speed run of keys before the terminator, or null. */
function burst(keys, endTime, maxGapMs, minLength) {
    const gaps = gapsOf(keys, endTime);
    let fast = 0;
    let start = -1;
    for (let i = keys.length - 1; i >= 0; i--) {
        const quick = gaps[i] <= maxGapMs;
        fast += quick ? 1 : 0;
        const machine = fast * 2 >= keys.length - i;
        if (i === keys.length - minLength && !machine) {
            return null;
        }
        if (quick && machine) {
            start = i;
        }
    }
    if (start < 0 || keys.length - start < minLength) {
        return null;
    }
    const typed = keys.slice(start).map((k) => k.key).join('');
    return {text: typed, typed};
}

/** The gap after each key: to the next key, and from the last one to the terminator. */
function gapsOf(keys, endTime) {
    return keys.map((k, i) => (i + 1 < keys.length ? keys[i + 1].time : endTime) - k.time);
}
