package dev.usher.ticket;

import java.security.MessageDigest;

/** What the store knows about a presented code's serial. */
public record CodeLookup(String ticketId, String name, byte[] signature, boolean revoked, boolean cancelled) {

    /** True only for the exact code we issued: same serial and the same signature bytes. */
    public boolean matches(TicketCode code) {
        return MessageDigest.isEqual(signature, code.signature());
    }
}
