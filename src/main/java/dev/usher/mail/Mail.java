package dev.usher.mail;

import com.fasterxml.jackson.annotation.JsonValue;

import dev.usher.ticket.MailKind;
import dev.usher.ticket.MailState;

import java.time.Instant;

/** One mail of the outbox, as staff see it. */
/**
 * @param doneAt when it was sent or failed; null while queued
 */
public record Mail(String id, String ticketId, String to, String name, String subject, MailKind kind, MailState state,
                   Instant createdAt, Instant doneAt, int attempts, String error, Instant nextAttemptAt) {

    record Wire(String id, String ticketId, String to, String name, String subject, String kind, String state,
                Instant createdAt, Instant sentAt, Instant failedAt, int attempts, String error, Instant nextAttemptAt) {
    }

    @JsonValue
    Wire wire() {
        return new Wire(id, ticketId, to, name, subject, kind.wire(), state.wire(), createdAt,
                state == MailState.SENT ? doneAt : null, state == MailState.FAILED ? doneAt : null, attempts, error,
                state == MailState.QUEUED ? nextAttemptAt : null);
    }
}
