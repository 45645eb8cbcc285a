package dev.usher.ticket;

import java.util.Arrays;
import java.util.Locale;

/** Why a ticket is mailed. */
public enum MailKind {
    /** Its first mail: on registration, when staff ask, or in a bulk send. */
    TICKET,
    /** Asked for again: the lost-ticket form, or registering once more with the same address. */
    RESEND,
    /** The new code after a re-issue; the old one is revoked. */
    REISSUE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MailKind fromWire(String wire) {
        return Arrays.stream(values()).filter(k -> k.wire().equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown mail kind " + wire));
    }
}
