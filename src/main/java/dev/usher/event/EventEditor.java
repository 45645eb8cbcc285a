package dev.usher.event;

import dev.usher.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Staff edit the event while Usher runs: the whole event file is sent back, checked like a file
 * given at start-up, stored, and then served to everyone. The rule for check-in lists is the same
 * as at start-up: a list that has check-ins is only dropped when the organizer names it.
 */
public final class EventEditor {
    private static final Logger log = LoggerFactory.getLogger(EventEditor.class);

    private final Database db;
    private final CurrentEvent current;
    private final Clock clock;
    private final EventFile files = new EventFile();
    private final EventStore store = new EventStore();

    public EventEditor(Database db, CurrentEvent current, Clock clock) {
        this.db = db;
        this.current = current;
        this.clock = clock;
    }

    /** What an edit did. */
    public sealed interface Outcome {
        /** Stored and served; {@code changes} is empty when the text changed nothing. */
        record Saved(String revision, List<String> changes) implements Outcome {
        }

        /** Nothing changed: these lists would go, and they have check-ins (count per list). */
        record ListsHaveCheckIns(Map<String, Long> lists, String message) implements Outcome {
        }

        /** Nothing changed: the editor started from another revision than the one stored now. */
        record Stale(String revision) implements Outcome {
        }
    }

    /** The stored event file, the form staff edit. */
    public CurrentEvent.Version version() {
        return current.version();
    }

    /**
     * @param expected the revision the edit started from, or null to overwrite whatever is stored
     * @param dropLists lists the organizer agreed to remove although they have check-ins
     * @param by who edits, for the log
     * @throws InvalidEventException naming the field and the form it needs
     */
    /** Another node saved an edit of the event: take the stored one, and tell this node's pages. */
    public synchronized void changedElsewhere() {
        String stored = db.read(store::load);
        if (stored != null && !stored.equals(current.version().definition())) {
            current.replace(files.parse(stored, null), stored);
            log.info("event edited on another node: now revision {}", current.revision());
        }
    }

    public synchronized Outcome replace(String text, String expected, Set<String> dropLists, String by) {
        CurrentEvent.Version before = current.version();
        if (expected != null && !expected.equals(before.revision())) {
            return new Outcome.Stale(before.revision());
        }
        Event wanted = files.parse(text, null);
        EventChanges changes = EventChanges.between(before.event(), wanted);
        if (changes.isEmpty()) {
            return new Outcome.Saved(before.revision(), List.of());
        }
        String definition = files.write(wanted);
        // Counted in the transaction that saves: a check-in on a dropped list cannot slip in between.
        Map<String, Long> blocked = db.write(c -> {
            Map<String, Long> refused = changes.blockedDrops(store.checkInsPerList(c), dropLists);
            if (refused.isEmpty()) {
                store.save(c, definition, clock.instant());
            }
            return refused;
        });
        if (!blocked.isEmpty()) {
            return new Outcome.ListsHaveCheckIns(blocked, "This would remove check-in lists that have check-ins: "
                    + EventChanges.describe(blocked) + ". Nothing was changed. Keep those talks, or confirm that their lists go"
                    + " (their check-ins stay in checkins.csv).");
        }
        current.replace(wanted, definition);
        log.info("event edited by {}:\n  {}", by, String.join("\n  ", changes.lines()));
        return new Outcome.Saved(current.revision(), changes.lines());
    }
}
