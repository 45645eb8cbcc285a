package dev.usher.ticket;

import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Instant;

/**
 * A ticket's latest mail, as staff see it in the look-up.
 *
 * @param at when it was queued, sent or failed (by state); null for {@code NEVER}
 */
public record MailStatus(MailState state, Instant at, String error, String mailId) {
    public static final MailStatus NEVER = new MailStatus(MailState.NEVER, null, null, null);

    record Wire(String state, Instant at, String error, String mailId) {
    }

    @JsonValue
    Wire wire() {
        return new Wire(state.wire(), at, error, mailId);
    }
}
