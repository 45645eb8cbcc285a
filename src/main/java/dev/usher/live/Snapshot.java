package dev.usher.live;

import java.time.Instant;
import java.util.List;

/**
 * Everything the dashboard shows, as of one moment: what the live stream sends on every change.
 *
 * @param event the event's revision: a page holding another one fetches {@code /api/event} again
 */
public record Snapshot(Instant at, String event, Stats stats, List<RecentScan> recent, List<MinuteCount> arrivalsPerMinute,
                       List<Conflict> conflicts) {

    /**
     * A kiosk's projection: counts only. The last scans and the conflicts name other attendees
     * and the other devices' activity is staff business, so a door tablet (which can be lost)
     * never gets them.
     */
    public Snapshot forKiosk(String deviceId) {
        return new Snapshot(at, event, stats.forKiosk(deviceId), List.of(), List.of(), List.of());
    }

    /**
     * An offline entry the online rules would have refused, for staff to look at: who, at which
     * door and when ({@code at} is the scan time at the door), and the entry that stands for it.
     */
    public record Conflict(long id, Instant at, String ticketId, String name, String list, String kiosk, String reason,
                           FirstCheckin firstCheckin) {
    }

    /** The standing entry: an earlier one by another door, or the one the conflicting scan made. */
    public record FirstCheckin(Instant at, String kiosk) {
    }

    /** One of the last scans, admitted or refused; {@code checkinId} is set when it recorded one. */
    public record RecentScan(long id, Instant at, String kioskId, String kiosk, String list, String type, String status, String reason,
                             String ticketId, String name, Long checkinId, boolean annulled) {
    }

    /** Entries at the main door that began in this minute. */
    public record MinuteCount(Instant minute, int count) {
    }
}
