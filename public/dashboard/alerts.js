// The warnings above the board, decided from a snapshot and the time alone (no page involved):
// a burst of invalid codes at one kiosk, and kiosks that have gone silent.
import {duration} from '/dashboard/durations.js';
import {kioskHealth} from '/dashboard/kiosk-health.js';

/** Several invalid codes from one kiosk in a short time are the first sign of trouble at a door. */
const INVALID_BURST = {count: 3, withinMs: 2 * 60 * 1000, shownForMs: 10 * 60 * 1000};

/**
 * @param snapshot  the live stream's snapshot: {stats: {kiosks}, recent}
 * @param now       the server's time (ms)
 * @param time      instant => "18:04" on the event's clock
 * @returns [{kind: 'invalid-burst' | 'kiosk-silent', text}]
 */
export function alertsFor(snapshot, now, time) {
    const alerts = invalidBursts(snapshot.recent, now).map((burst) => ({
        kind: 'invalid-burst',
        text: `${burst.kiosk}: ${burst.count} invalid codes within ${INVALID_BURST.withinMs / 60000} minutes `
            + `(last at ${time(burst.last)}). Someone may be showing a wrong or forged ticket, `
            + 'or the kiosk is scanning something else: check that door.',
    }));
    for (const k of snapshot.stats.kiosks) {
        if (kioskHealth(k, now) === 'silent') {
            alerts.push({kind: 'kiosk-silent', text: `${k.name} not seen for ${duration(now - Date.parse(k.lastSeen))}: `
                    + 'possibly dead (battery, Wi-Fi, closed browser?).'});
        }
    }
    return alerts;
}

/**
 * Kiosks with INVALID_BURST.count invalid scans inside INVALID_BURST.withinMs, the last one less
 * than INVALID_BURST.shownForMs ago: [{kiosk, count (the most inside one window), last (ms)}].
 */
export function invalidBursts(recent, now) {
    const byKiosk = new Map();
    for (const scan of recent) {
        if (scan.reason === 'invalid') {
            const key = scan.kiosk || '?';
            byKiosk.set(key, [...(byKiosk.get(key) || []), Date.parse(scan.at)]);
        }
    }
    const bursts = [];
    for (const [kiosk, times] of byKiosk) {
        times.sort((a, b) => a - b);
        let best = 0;
        for (let i = 0, j = 0; j < times.length; j++) {
            while (times[j] - times[i] > INVALID_BURST.withinMs) {
                i++;
            }
            best = Math.max(best, j - i + 1);
        }
        const last = times[times.length - 1];
        if (best >= INVALID_BURST.count && now - last < INVALID_BURST.shownForMs) {
            bursts.push({kiosk, count: best, last});
        }
    }
    return bursts;
}
