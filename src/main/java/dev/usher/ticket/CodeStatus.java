package dev.usher.ticket;

/** What a presented code is: ours and current, ours but replaced or cancelled, or nothing we issued. */
public sealed interface CodeStatus {
    record Valid(String ticketId, String name, TicketCode code) implements CodeStatus {
    }

    record Revoked(String ticketId, String name) implements CodeStatus {
    }

    record Cancelled(String ticketId, String name) implements CodeStatus {
    }

    record Unknown() implements CodeStatus {
    }
}
