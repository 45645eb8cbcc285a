package dev.usher.checkin;

/**
 * The answer to one scan. Reasons follow pretix's vocabulary where one fits. (Java 17 has no
 * pattern {@code switch}, so each outcome answers the questions the callers ask of it.)
 */
public sealed interface Verdict {
    String list();

    /** Null when the ticket is admitted (or let out). */
    String reason();

    /** The ticket the code belongs to; null for an invalid code, which reveals nothing. */
    TicketRef ticket();

    /** The new entry or exit, or for {@code already_redeemed} the entry that let them in; else null. */
    Recorded recorded();

    default boolean ok() {
        return reason() == null;
    }

    record Admitted(TicketRef ticket, String list, Recorded recorded) implements Verdict {
        public String reason() {
            return null;
        }
    }

    record Exited(TicketRef ticket, String list, Recorded recorded) implements Verdict {
        public String reason() {
            return null;
        }
    }

    /** Already inside on this list: {@code recorded} is the entry that let them in. */
    record AlreadyRedeemed(TicketRef ticket, String list, Recorded recorded) implements Verdict {
        public String reason() {
            return "already_redeemed";
        }
    }

    /** An exit scan for someone who is not inside. */
    record NotInside(TicketRef ticket, String list) implements Verdict {
        public String reason() {
            return "not_inside";
        }

        public Recorded recorded() {
            return null;
        }
    }

    /** A code that was replaced by a newer one. */
    record Revoked(TicketRef ticket, String list) implements Verdict {
        public String reason() {
            return "revoked";
        }

        public Recorded recorded() {
            return null;
        }
    }

    record Canceled(TicketRef ticket, String list) implements Verdict {
        public String reason() {
            return "canceled";
        }

        public Recorded recorded() {
            return null;
        }
    }

    /** Unknown, forged or garbled: nothing about any ticket is revealed. */
    record Invalid(String list) implements Verdict {
        public String reason() {
            return "invalid";
        }

        public TicketRef ticket() {
            return null;
        }

        public Recorded recorded() {
            return null;
        }
    }

    record TicketRef(String id, String name) {
    }
}
