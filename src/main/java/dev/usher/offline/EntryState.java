package dev.usher.offline;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a door does with an offline entry's code: admit it, or refuse it as replaced or cancelled. */
enum EntryState {
    /** The ticket's current code. */
    VALID("valid"),
    /** A code replaced by a newer one. */
    REVOKED("revoked"),
    /** Any code of a cancelled ticket. */
    CANCELLED("cancelled");

    private final String wire;

    EntryState(String wire) {
        this.wire = wire;
    }

    @JsonValue
    String wire() {
        return wire;
    }
}
