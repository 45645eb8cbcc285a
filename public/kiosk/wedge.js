// Handheld USB/Bluetooth scanners are "keyboard wedges": they type the code as a burst of
// keystrokes and finish with Enter (or Tab). A person types far slower, so the gaps between keys
// tell the two apart. This module only decides; kiosk.js listens to the keyboard and acts.

/** Milliseconds: scanners send a key every few ms; even fast typists need 60 ms or more. */
export const MAX_GAP_MS = 35;
/**
 * A Bluetooth scanner (or a busy tablet) may pause this long mid-burst. Allowed only once 8 keys
 * came at scanner speed, which no person does, so it never turns typing into a scan.
 */
const HICCUP_MS = 400;
/** Our codes have 124 characters; anything much shorter is a person or another barcode. */
export const MIN_LENGTH = 16;

/**
 * Feeds keystrokes in, one at a time, with their timestamps. Returns the scanned text when a
 * burst ends with Enter or Tab, else null. `start` tells kiosk.js where the burst began, so it can
 * take the burst's characters back out of a text field that had focus.
 */
export function createWedge({maxGapMs = MAX_GAP_MS, minLength = MIN_LENGTH} = {}) {
    let buffer = '';
    let last = -Infinity;
    let started = false;

    function reset() {
        buffer = '';
        started = false;
    }

    return {
        /** @returns {{text: string}|null} */
        key(key, time) {
            const gap = time - last;
            last = time;
            if (key === 'Enter' || key === 'Tab') {
                const text = buffer;
                const burst = started && gap <= HICCUP_MS && text.length >= minLength;
                reset();
                return burst ? {text} : null;
            }
            if (key.length !== 1) {
                // Shift, arrows and other named keys do not break a burst (scanners send Shift).
                return null;
            }
            if (gap > maxGapMs) {
                if (started && buffer.length >= 8 && gap <= HICCUP_MS) {
                    // No person types 8 keys at scanner speed: this is a wireless scanner's hiccup.
                    buffer += key;
                    return null;
                }
                // Too slow to belong to the burst so far: a new one may start here.
                buffer = key;
                started = true;
                return null;
            }
            buffer += key;
            return null;
        },
        /** The characters collected so far in the current burst. */
        pending() {
            return buffer;
        },
        reset,
    };
}
