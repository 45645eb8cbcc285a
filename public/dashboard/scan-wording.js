// How the last-scans table words a scan: who it was, and the verdict in the server's words.

/** The attendee's name, "invalid code" for a code that is no ticket, else "—". */
export function scanWho(scan) {
    return scan.name || (scan.reason === 'invalid' ? 'invalid code' : '—');
}

/**
 * "✓ admitted", "↩ let out", "annulled", "⚠ Offline conflict: " and the reason, or "✕ " and the
 * reason's wording from the vocabulary.
 */
export function scanVerdict(scan, words) {
    if (scan.status === 'conflict') {
        return `⚠ ${words.conflict}: ${words.reason(scan.reason).wording}`;
    }
    if (scan.status === 'ok') {
        return scan.annulled ? 'annulled' : scan.type === words.direction.exit ? '↩ let out' : '✓ admitted';
    }
    return `✕ ${words.reason(scan.reason).wording}`;
}
