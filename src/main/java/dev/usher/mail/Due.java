package dev.usher.mail;

import dev.usher.ticket.MailKind;
import dev.usher.ticket.TicketCode;

import java.time.Instant;

/**
 * A queued mail whose time has come, with what rendering it needs.
 *
 * @param code the ticket's current code; null when it has none (cancelled)
 */
record Due(String id, String ticketId, MailKind kind, String subject, String baseUrl, int attempts, Instant firstFailureAt,
           String name, String email, boolean cancelled, TicketCode code) {
}
