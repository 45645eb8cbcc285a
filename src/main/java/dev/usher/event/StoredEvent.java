package dev.usher.event;

import dev.usher.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
    public static Event resolve(Database db, Path eventFile, Set<String> dropLists, Clock clock) {
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
            db.write(c -> {
                store.save(c, files.write(first), clock.instant());
                return null;
            });
            log.info("event \"{}\" is now kept in the data folder; later starts need no --event", first.name());
            return first;
        }
        Event current = files.parse(stored, STORED);
        if (eventFile == null) {
            return current;
        }
        Event wanted = files.load(eventFile);
        EventChanges changes = EventChanges.between(current, wanted);
        if (changes.isEmpty()) {
            return current;
        }
        Map<String, Long> checkIns = db.read(store::checkInsPerList);
        Map<String, Long> lost = new TreeMap<>();
        for (String list : changes.droppedLists()) {
            if (checkIns.getOrDefault(list, 0L) > 0 && !dropLists.contains(list)) {
                lost.put(list, checkIns.get(list));
            }
        }
        if (!lost.isEmpty()) {
            StringBuilder why = new StringBuilder(eventFile + " would remove check-in lists that have check-ins: ");
            lost.forEach((list, n) -> why.append("'").append(list).append("' (").append(n).append(n == 1 ? " check-in) " : " check-ins) "));
            why.append("Nothing was changed. Put the talks back in the file, or start once with --drop-lists ")
                    .append(String.join(",", lost.keySet())).append(" to remove them (their check-ins stay in checkins.csv).");
            throw new InvalidEventException(why.toString());
        }
        db.write(c -> {
            store.save(c, files.write(wanted), clock.instant());
            return null;
        });
        log.info("event updated from {}:\n  {}", eventFile, String.join("\n  ", changes.lines()));
        return wanted;
    }
}
