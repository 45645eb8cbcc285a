package dev.usher.offline;

import dev.usher.event.CurrentEvent;
import dev.usher.store.Database;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The delta sync of the offline list: every code of each ticket changed since a cursor, sealed. */
public final class OfflineService {
    static final int DEFAULT_LIMIT = 1_000;
    static final int MAX_LIMIT = 5_000;

    private final Database db;
    private final OfflineStore store;
    private final NameSeal seal;
    private final CurrentEvent event;
    private final Supplier<List<String>> nodes;

    /** @param nodes the origins of the event's nodes, which a kiosk moves between when one stops answering */
    public OfflineService(Database db, OfflineStore store, NameSeal seal, CurrentEvent event, Supplier<List<String>> nodes) {
        this.db = db;
        this.store = store;
        this.seal = seal;
        this.event = event;
        this.nodes = nodes;
    }

    /** At most {@code limit} changed tickets after the cursor {@code after} (0: from the start). */
    OfflinePage changesAfter(long after, int limit) {
        return db.read(c -> {
            long latest = store.latest(c);
            // A cursor from the future was issued by another database (a restored backup, a new
            // data folder): start again from the beginning; later entries replace earlier ones.
            long from = after > latest ? 0 : after;
            List<OfflineStore.Changed> changed = store.changedAfter(c, from, limit);
            long next = changed.isEmpty() ? from : changed.get(changed.size() - 1).seq();
            List<OfflinePage.Entry> entries = new ArrayList<>();
            for (OfflineStore.Changed t : changed) {
                for (OfflineStore.Code code : t.codes()) {
                    entries.add(entry(t, code));
                }
            }
            return new OfflinePage(event.revision(), entries, Long.toString(next), latest > next, nodes.get());
        });
    }

    private OfflinePage.Entry entry(OfflineStore.Changed ticket, OfflineStore.Code code) {
        String id = NameSeal.entryId(code.serial());
        if (ticket.cancelled()) {
            return new OfflinePage.Entry(id, EntryState.CANCELLED, null, null);
        }
        if (code.revoked()) {
            return new OfflinePage.Entry(id, EntryState.REVOKED, null, null);
        }
        return new OfflinePage.Entry(id, EntryState.VALID, seal.seal(code.serial(), id, ticket.name()), List.copyOf(ticket.inside()));
    }
}
