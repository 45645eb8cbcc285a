package dev.usher.live;

import java.time.Instant;
import java.util.List;

/**
 * Counts as the database has them. {@code checkedIn} and {@code inside} are the main door's;
 * each list and device also has its own. {@code conflicts}: offline entries the online rules
 * would have refused, on every list.
 */
public record Stats(int registered, int checkedIn, int inside, int conflicts, List<ListCount> lists, List<DeviceCount> kiosks) {

    /** What a door kiosk sees: the counts, and of the devices only itself. */
    public Stats forKiosk(String deviceId) {
        return new Stats(registered, checkedIn, inside, conflicts, lists, kiosks.stream().filter(k -> k.id().equals(deviceId)).toList());
    }

    public record ListCount(String id, String name, int checkedIn, int inside, int entries, int exits) {
    }

    public record DeviceCount(String id, String name, int scans, int admitted, int refused, Instant lastSeen, boolean revoked) {
    }
}
