package dev.usher.live;

import java.time.Instant;
import java.util.List;

/**
 * Everything the dashboard shows, as of one moment: what the live stream sends on every change.
 *
 * @param event the event's revision: a page holding another one fetches {@code /api/event} again
 */
public record Snapshot(Instant at, String event, Stats stats, List<RecentScan> recent, List<MinuteCount> arrivalsPerMinute) {

    /**
     * A kiosk's projection: counts only. The last scans name other attendees and the other
     * devices' activity is staff business, so a door tablet (which can be lost) never gets them.
     */
    public Snapshot forKiosk(String deviceId) {
        return new Snapshot(at, event, stats.forKiosk(deviceId), List.of(), List.of());
    }

    /** One of the last scans, admitted or refused; {@code checkinId} is set when it recorded one. */
    public record RecentScan(long id, Instant at, String kioskId, String kiosk, String list, String type, String status, String reason,
                             String ticketId, String name, Long checkinId, boolean annulled) {
    }

    /** Entries at the main door that began in this minute. */
    public record MinuteCount(Instant minute, int count) {
    }
}
