package dev.usher.checkin;

import java.util.Locale;
import java.util.Optional;

/**
 * Which way a scan goes through the door. Wire and column name: {@code entry} or {@code exit}; the
 * greeting is the door's headline when it lets someone through, published in the vocabulary so the
 * kiosk deciding offline says it with the same words.
 */
public enum Direction {
    ENTRY("Welcome, {name}"), EXIT("Goodbye, {name}");

    /** Where a greeting names the person. */
    public static final String NAME = "{name}";

    private final String greeting;

    Direction(String greeting) {
        this.greeting = greeting;
    }

    /** The greeting with {@value #NAME} where the name goes. */
    public String greeting() {
        return greeting;
    }

    public String greet(String name) {
        return greeting.replace(NAME, name);
    }

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
