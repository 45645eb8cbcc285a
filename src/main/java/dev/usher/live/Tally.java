package dev.usher.live;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counts that grow with the rows (per list, per device, arrivals per minute), as of the last
 * check-in and scan they include. On SQLite a snapshot adds only the rows written since, instead
 * of counting every check-in and scan again: one writer hands out ids in commit order, so every row
 * up to a seen id is already visible, and check-ins and scans are never deleted. The one change to
 * an old row, annulling a check-in, changes {@code annulled}, and then everything is counted afresh.
 *
 * @param annulled how many check-ins were annulled when these counts were made
 */
record Tally(long lastCheckinId, long lastScanId, int annulled, Map<String, StatsStore.ListRow> lists,
             Map<String, StatsStore.ScanRow> devices, Map<Long, Integer> mainMinutes) {

    static Tally empty(int annulled) {
        return new Tally(0, 0, annulled, Map.of(), Map.of(), Map.of());
    }

    /** These counts and the rows after them, up to {@code lastCheckinId} and {@code lastScanId}. */
    Tally plus(long lastCheckinId, long lastScanId, Map<String, StatsStore.ListRow> moreLists,
               Map<String, StatsStore.ScanRow> moreDevices, Map<Long, Integer> moreMinutes) {
        Map<String, StatsStore.ListRow> lists = new TreeMap<>(this.lists);
        moreLists.forEach((id, row) -> lists.merge(id, row, StatsStore.ListRow::plus));
        Map<String, StatsStore.ScanRow> devices = new TreeMap<>(this.devices);
        moreDevices.forEach((id, row) -> devices.merge(id, row, StatsStore.ScanRow::plus));
        Map<Long, Integer> minutes = new TreeMap<>(this.mainMinutes);
        moreMinutes.forEach((minute, n) -> minutes.merge(minute, n, Integer::sum));
        return new Tally(lastCheckinId, lastScanId, annulled, Collections.unmodifiableMap(lists), Collections.unmodifiableMap(devices),
                Collections.unmodifiableMap(minutes));
    }
}
