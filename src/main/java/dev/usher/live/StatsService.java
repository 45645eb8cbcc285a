package dev.usher.live;

import dev.usher.event.CurrentEvent;
import dev.usher.event.Event;
import dev.usher.store.Database;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Builds {@link Stats} and dashboard {@link Snapshot}s, each from one consistent read. */
public final class StatsService {
    static final int RECENT_SCANS = 20;
    static final int RECENT_CONFLICTS = 20;

    private final Database db;
    private final StatsStore store;
    private final CurrentEvent event;
    private final Clock clock;

    public StatsService(Database db, StatsStore store, CurrentEvent event, Clock clock) {
        this.db = db;
        this.store = store;
        this.event = event;
        this.clock = clock;
    }

    public Stats current() {
        return db.read(this::stats);
    }

    /** Counts, the last scans, arrivals per minute and the latest offline conflicts. */
    public Snapshot snapshot() {
        return db.read(c -> new Snapshot(clock.instant(), event.revision(), stats(c),
                store.recentScans(c, RECENT_SCANS), store.entriesPerMinute(c, Event.MAIN_LIST),
                store.recentConflicts(c, RECENT_CONFLICTS)));
    }

    private Stats stats(Connection c) throws SQLException {
        int registered = store.registered(c);
        Map<String, StatsStore.ListRow> rows = store.lists(c);
        List<Stats.DeviceCount> devices = store.devices(c);
        List<Stats.ListCount> lists = event.get().checkInLists().stream().map(l -> {
            StatsStore.ListRow r = rows.getOrDefault(l.id(), new StatsStore.ListRow(0, 0, 0));
            return new Stats.ListCount(l.id(), l.name(), r.checkedIn(), r.entries() - r.exits(), r.entries(), r.exits());
        }).toList();
        Stats.ListCount main = lists.get(0);
        return new Stats(registered, main.checkedIn(), main.inside(), store.conflicts(c), lists, devices);
    }
}
