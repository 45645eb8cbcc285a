package dev.usher.checkin;

import java.util.Locale;
import java.util.Optional;

/** Which way a scan goes through the door. Wire and column name: {@code entry} or {@code exit}. */
public enum Direction {
    ENTRY, EXIT;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Direction> fromWire(String wire) {
        for (Direction d : values()) {
            if (d.wire().equals(wire)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
