// The top bar's counts as the kiosk can know them: the last counts the server sent, plus the scans
// this kiosk let through offline that have not reached the server yet. Only the live stream's
// counts are exact; offline, other doors admit too and a re-entry counts once, so the numbers are
// marked approximate. No DOM: the counts module shows them.

/**
 * @param stats   the kiosk's projection of GET /api/stats (the last snapshot), or null
 * @param kioskId this kiosk's id
 * @param queued  the scans queued offline [{list, type}]
 * @param words   vocabularyOf(...): the main list and the direction names
 * @param live    whether the counts came from the live stream just now
 * @returns {mine, event, registered, approximate}, or null without any counts yet
 */
export function countsNow(stats, kioskId, queued, words, live) {
    if (!stats) {
        return null;
    }
    const mine = stats.kiosks.find((k) => k.id === kioskId);
    // The server counts an exit let through as an admission of the kiosk, and the main list's
    // entries as the event's arrivals.
    const arrivals = queued.filter((s) => s.type === words.direction.entry && s.list === words.mainList).length;
    return {
        mine: (mine ? mine.admitted : 0) + queued.length,
        event: stats.checkedIn + arrivals,
        registered: stats.registered,
        approximate: !live || queued.length > 0,
    };
}
