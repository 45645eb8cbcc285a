// Whether a door kiosk looks alive. The server notes when a kiosk last made a request (a scan, or
// opening its live stream, which then stays open without further requests), so a kiosk silent for
// two minutes is off, asleep, offline, or at a door where nobody has come for a while.

const SILENT_KIOSK_MS = 2 * 60 * 1000;

const BADGES = {revoked: 'revoked', silent: 'possibly dead', never: 'not used yet'};

/** 'revoked' | 'never' (not used yet) | 'silent' (possibly dead) | 'ok', for a kiosk of the snapshot's stats at `now` (ms). */
export function kioskHealth(kiosk, now) {
    if (kiosk.revoked) {
        return 'revoked';
    }
    if (!kiosk.lastSeen) {
        return 'never';
    }
    return now - Date.parse(kiosk.lastSeen) > SILENT_KIOSK_MS ? 'silent' : 'ok';
}

/** The badge beside the kiosk's name for a health, '' for a healthy one. */
export function healthBadge(health) {
    return BADGES[health] || '';
}
