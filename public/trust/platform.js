// Which install steps to open first: the device this page runs on. No DOM, so tests can ask it.

/**
 * @param {string} userAgent navigator.userAgent
 * @param {number} touchPoints navigator.maxTouchPoints (iPadOS says "Macintosh" but has touch)
 * @returns {'android'|'ios'|'chromeos'|'windows'|'macos'|null}
 */
export function platformOf(userAgent, touchPoints = 0) {
    const ua = userAgent || '';
    if (/Android/i.test(ua)) {
        return 'android';
    }
    if (/iPhone|iPad|iPod/i.test(ua) || (/Macintosh/i.test(ua) && touchPoints > 1)) {
        return 'ios';
    }
    if (/CrOS/.test(ua)) {
        return 'chromeos';
    }
    if (/Windows/i.test(ua)) {
        return 'windows';
    }
    if (/Macintosh|Mac OS X/i.test(ua)) {
        return 'macos';
    }
    return null;
}
