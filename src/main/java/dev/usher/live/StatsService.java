package dev.usher.live;

import dev.usher.event.Event;
import dev.usher.store.Database;

import java.util.List;
import java.util.Map;

/** Builds {@link Stats} for the event's lists from one consistent read. */
public final class StatsService {
    private final Database db;
    private final StatsStore store;
    private final Event event;

    public StatsService(Database db, StatsStore store, Event event) {
        this.db = db;
        this.store = store;
        this.event = event;
    }

    public Stats current() {
        return db.read(c -> {
            // One read transaction: the three queries see the same snapshot.
            c.setAutoCommit(false);
            try {
                int registered = store.registered(c);
                Map<String, StatsStore.ListRow> rows = store.lists(c);
                List<Stats.DeviceCount> devices = store.devices(c);
                List<Stats.ListCount> lists = event.checkInLists().stream().map(l -> {
                    StatsStore.ListRow r = rows.getOrDefault(l.id(), new StatsStore.ListRow(0, 0, 0));
                    return new Stats.ListCount(l.id(), l.name(), r.checkedIn(), r.entries() - r.exits(), r.entries(), r.exits());
                }).toList();
                Stats.ListCount main = lists.get(0);
                return new Stats(registered, main.checkedIn(), main.inside(), lists, devices);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        });
    }
}
