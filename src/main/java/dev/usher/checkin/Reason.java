package dev.usher.checkin;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a scan did not admit (or let out). The one vocabulary for refusals: the wire name is what
 * the API answers, the {@code scans.reason} column holds and the pages look up; the wording is the
 * one human headline every page shows for it (published in {@code GET /api/event}). Names follow
 * pretix where one fits.
 */
public enum Reason {
    ALREADY_REDEEMED("already_redeemed", "Already checked in", Tone.WARNING, null),
    NOT_INSIDE("not_inside", "Not checked in here", Tone.WARNING, null),
    REVOKED("revoked", "Ticket replaced", Tone.REFUSED,
            "A newer code was issued for this ticket, so this one no longer works. "
                    + "Use the latest ticket link you were given, or ask the organisers at the door."),
    CANCELED("canceled", "Ticket cancelled", Tone.REFUSED,
            "It can no longer be used to enter. If you think this is a mistake, contact the organisers."),
    INVALID("invalid", "Not a valid ticket", Tone.REFUSED,
            "This link does not match any ticket for this event. Check that you copied the whole link.");

    /**
     * The headline of an offline entry the online rules refuse (the door had already let the
     * person in), before the reason's own wording: "Offline conflict: Already checked in".
     */
    public static final String CONFLICT_WORDING = "Offline conflict";

    /** How a door shows it: amber for "look again", red for "do not let in". */
    public enum Tone {
        WARNING, REFUSED
    }

    private final String wire;
    private final String wording;
    private final Tone tone;
    private final String advice;

    Reason(String wire, String wording, Tone tone, String advice) {
        this.wire = wire;
        this.wording = wording;
        this.tone = tone;
        this.advice = advice;
    }

    public String wire() {
        return wire;
    }

    public String wording() {
        return wording;
    }

    public Tone tone() {
        return tone;
    }

    /** What the holder of such a ticket can do, for the attendee's ticket page; null for door-only reasons. */
    public String advice() {
        return advice;
    }

    public static Optional<Reason> fromWire(String wire) {
        return Arrays.stream(values()).filter(r -> r.wire.equals(wire)).findFirst();
    }
}
