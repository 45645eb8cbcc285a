package dev.usher.ticket;

import java.util.Arrays;
import java.util.Locale;

/** Where a ticket's mail is: staff see this per ticket and per mail. */
public enum MailState {
    /** No mail was ever queued for the ticket (never stored: a ticket without mail rows). */
    NEVER("not sent yet"),
    /** Waiting for the sender, or for its next retry. */
    QUEUED("queued"),
    /** Handed to the SMTP relay, or written to the outbox folder. */
    SENT("sent"),
    /** Refused for good (a 5xx answer) or out of retries. */
    FAILED("failed");

    private final String wording;

    MailState(String wording) {
        this.wording = wording;
    }

    /** How staff pages say it: "Ticket mail: not sent yet". */
    public String wording() {
        return wording;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MailState fromWire(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown mail state " + wire));
    }
}
