package dev.usher.live;

import dev.usher.event.CurrentEvent;
import dev.usher.event.Event;
import dev.usher.store.Database;
import dev.usher.store.Dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Builds {@link Stats} and dashboard {@link Snapshot}s, each from one consistent read. */
public final class StatsService {
    static final int RECENT_SCANS = 20;
    static final int RECENT_CONFLICTS = 20;

    private final Database db;
    private final StatsStore store;
    private final CurrentEvent event;
    private final Clock clock;
    /** SQLite: counts are kept and added to (see {@link Tally}); PostgreSQL counts every row each time. */
    private final boolean keepsTally;
    /** The last tally made on SQLite, which the next read adds to; replaced, never changed. */
    private volatile Tally kept;

    public StatsService(Database db, StatsStore store, CurrentEvent event, Clock clock) {
        this.db = db;
        this.keepsTally = db.dialect() == Dialect.SQLITE;
        this.store = store;
        this.event = event;
        this.clock = clock;
    }

    public Stats current() {
        return db.read(c -> stats(c, tally(c)));
    }

    /** Counts, the last scans, arrivals per minute and the latest offline conflicts. */
    public Snapshot snapshot() {
        return db.read(c -> {
            Tally tally = tally(c);
            List<Snapshot.MinuteCount> minutes = tally.mainMinutes().entrySet().stream()
                    .map(m -> new Snapshot.MinuteCount(Instant.ofEpochMilli(m.getKey() * 60_000), m.getValue())).toList();
            return new Snapshot(clock.instant(), event.revision(), stats(c, tally), store.recentScans(c, RECENT_SCANS), minutes,
                    store.recentConflicts(c, RECENT_CONFLICTS));
        });
    }

    /**
     * The counts as of this read: on SQLite the kept tally plus the rows written since (counted
     * afresh after an annulment); on PostgreSQL every row each time, since ids there become visible
     * out of order (two nodes' transactions commit in any order) and a range could be missed.
     */
    private Tally tally(Connection c) throws SQLException {
        StatsStore.Marks marks = store.marks(c);
        Tally base = keepsTally ? kept : null;
        if (base == null || base.annulled() != marks.annulled() || base.lastCheckinId() > marks.lastCheckinId()
                || base.lastScanId() > marks.lastScanId()) {
            base = Tally.empty(marks.annulled());
        }
        if (base.lastCheckinId() == marks.lastCheckinId() && base.lastScanId() == marks.lastScanId()) {
            return base;
        }
        Tally now = base.plus(marks.lastCheckinId(), marks.lastScanId(),
                store.lists(c, base.lastCheckinId(), marks.lastCheckinId()),
                store.scans(c, base.lastScanId(), marks.lastScanId()),
                store.entriesPerMinute(c, Event.MAIN_LIST, base.lastCheckinId(), marks.lastCheckinId()));
        if (keepsTally) {
            kept = now;
        }
        return now;
    }

    private Stats stats(Connection c, Tally tally) throws SQLException {
        int registered = store.registered(c);
        List<Stats.DeviceCount> devices = store.devices(c, tally.devices());
        List<Stats.ListCount> lists = event.get().checkInLists().stream().map(l -> {
            StatsStore.ListRow r = tally.lists().getOrDefault(l.id(), new StatsStore.ListRow(0, 0, 0));
            return new Stats.ListCount(l.id(), l.name(), r.checkedIn(), r.entries() - r.exits(), r.entries(), r.exits());
        }).toList();
        Stats.ListCount main = lists.get(0);
        return new Stats(registered, main.checkedIn(), main.inside(), store.conflicts(c), lists, devices);
    }
}
