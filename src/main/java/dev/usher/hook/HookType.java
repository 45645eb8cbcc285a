package dev.usher.hook;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a webhook can be told about: one wire name each (Standard Webhooks' dotted {@code type}).
 * Refused scans are opt-in: an endpoint gets them only when it lists them (an alarm light wants
 * them, a CRM does not).
 */
public enum HookType {
    CHECKIN_CREATED("checkin.created", false),
    CHECKIN_ANNULLED("checkin.annulled", false),
    CHECKIN_REFUSED("checkin.refused", true),
    TICKET_CREATED("ticket.created", false),
    TICKET_UPDATED("ticket.updated", false),
    TICKET_REVOKED("ticket.revoked", false),
    /** Sent only by "Send test event" to the one endpoint asked. */
    WEBHOOK_TEST("webhook.test", true);

    private final String wire;
    private final boolean optIn;

    HookType(String wire, boolean optIn) {
        this.wire = wire;
        this.optIn = optIn;
    }

    public String wire() {
        return wire;
    }

    public static Optional<HookType> fromWire(String s) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(s == null ? null : s.strip().toLowerCase(Locale.ROOT))).findFirst();
    }

    /** What an endpoint registered without {@code events} gets. */
    public static List<HookType> defaults() {
        return Arrays.stream(values()).filter(t -> !t.optIn).toList();
    }

    /** What an endpoint may ask for. */
    public static List<HookType> subscribable() {
        return Arrays.stream(values()).filter(t -> t != WEBHOOK_TEST).toList();
    }
}
