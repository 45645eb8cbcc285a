package dev.usher.event;

import dev.usher.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/**
 * The data folder keeps its event: the first start stores the event file (or the embedded one),
 * later starts serve the stored one. An event file given to a folder that has an event is a change:
 * it is applied only when it drops no check-in list that has check-ins, unless the organizer names
 * those lists to drop.
 */
public final class StoredEvent {
    private static final Logger log = LoggerFactory.getLogger(StoredEvent.class);
    private static final String STORED = "the event stored in the data folder";

    private StoredEvent() {
    }

    /**
     * @param eventFile null to serve the stored event (or the embedded one on a fresh folder)
     * @param dropLists list ids the organizer allows to be removed although they have check-ins
     */
    public static CurrentEvent resolve(Database db, Path eventFile, Set<String> dropLists, Clock clock) {
        EventFile files = new EventFile();
        EventStore store = new EventStore();
        String stored = db.read(store::load);
        if (stored == null) {
            boolean used = db.read(store::inUse);
            Event first = eventFile == null ? files.seed() : files.load(eventFile);
            if (used && eventFile == null) {
                log.warn("This data folder has tickets but kept no event (an older Usher): serving the embedded event."
                        + " If the tickets are for another event, start once with --event FILE.");
            }
            String definition = files.write(first);
            db.write(c -> {
                store.save(c, definition, clock.instant());
                return null;
            });
            log.info("event \"{}\" is now kept in the data folder; later starts need no --event", first.name());
            return new CurrentEvent(first, definition);
        }
        Event current = files.parse(stored, STORED);
        if (eventFile == null) {
            return new CurrentEvent(current, stored);
        }
        Event wanted = files.load(eventFile);
        EventChanges changes = EventChanges.between(current, wanted);
        if (changes.isEmpty()) {
            return new CurrentEvent(current, stored);
        }
        Map<String, Long> blocked = changes.blockedDrops(db.read(store::checkInsPerList), dropLists);
        if (!blocked.isEmpty()) {
            throw new InvalidEventException(eventFile + " would remove check-in lists that have check-ins: "
                    + EventChanges.describe(blocked) + ". Nothing was changed. Put the talks back in the file, or start once with --drop-lists "
                    + String.join(",", blocked.keySet()) + " to remove them (their check-ins stay in checkins.csv).");
        }
        String definition = files.write(wanted);
        db.write(c -> {
            store.save(c, definition, clock.instant());
            return null;
        });
        log.info("event updated from {}:\n  {}", eventFile, String.join("\n  ", changes.lines()));
        return new CurrentEvent(wanted, definition);
    }
}
