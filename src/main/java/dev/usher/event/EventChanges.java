package dev.usher.event;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What an event file changes in the stored event, in words an organizer reads at start-up. */
record EventChanges(List<String> lines, Set<String> droppedLists) {

    static EventChanges between(Event before, Event after) {
        List<String> lines = new ArrayList<>();
        field(lines, "name", before, after, Event::name);
        field(lines, "date", before, after, Event::date);
        field(lines, "timezone", before, after, Event::timezone);
        field(lines, "venue", before, after, Event::venue);
        field(lines, "summary", before, after, Event::summary);
        field(lines, "doorsOpen", before, after, Event::doorsOpen);
        field(lines, "ends", before, after, Event::ends);
        field(lines, "registration", before, after, Event::registration);
        field(lines, "mail", before, after, Event::mail);
        field(lines, "agenda", before, after, Event::agenda);
        Map<String, Event.Talk> old = before.talks().stream().collect(Collectors.toMap(Event.Talk::id, t -> t));
        Map<String, Event.Talk> now = after.talks().stream().collect(Collectors.toMap(Event.Talk::id, t -> t));
        Set<String> dropped = new LinkedHashSet<>();
        for (Event.Talk t : before.talks()) {
            if (!now.containsKey(t.id())) {
                dropped.add(t.id());
                lines.add("talk '" + t.id() + "' (" + t.title() + ") removed, and its check-in list with it");
            } else if (!now.get(t.id()).equals(t)) {
                lines.add("talk '" + t.id() + "' changed");
            }
        }
        for (Event.Talk t : after.talks()) {
            if (!old.containsKey(t.id())) {
                lines.add("talk '" + t.id() + "' (" + t.title() + ") added, with its own check-in list");
            }
        }
        return new EventChanges(List.copyOf(lines), Set.copyOf(dropped));
    }

    private static void field(List<String> lines, String name, Event before, Event after, Function<Event, Object> value) {
        Object a = value.apply(before);
        Object b = value.apply(after);
        if (!Objects.equals(a, b)) {
            lines.add(name + ": " + shortly(a) + " -> " + shortly(b));
        }
    }

    private static String shortly(Object value) {
        String s = String.valueOf(value);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    /**
     * The dropped lists that still have check-ins and were not named to drop, with their counts:
     * a change that leaves any is refused.
     */
    Map<String, Long> blockedDrops(Map<String, Long> checkInsPerList, Set<String> allowed) {
        Map<String, Long> blocked = new java.util.TreeMap<>();
        for (String list : droppedLists) {
            long n = checkInsPerList.getOrDefault(list, 0L);
            if (n > 0 && !allowed.contains(list)) {
                blocked.put(list, n);
            }
        }
        return blocked;
    }

    /** "'talk-1' (3 check-ins), 'talk-2' (1 check-in)". */
    static String describe(Map<String, Long> blocked) {
        return blocked.entrySet().stream()
                .map(e -> "'" + e.getKey() + "' (" + e.getValue() + (e.getValue() == 1 ? " check-in)" : " check-ins)"))
                .collect(Collectors.joining(", "));
    }
}
