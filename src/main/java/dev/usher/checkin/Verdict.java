package dev.usher.checkin;

/**
 * The answer to one scan. Every outcome carries the direction it was scanned in and, when refused,
 * its {@link Reason}. (Java 17 has no pattern {@code switch}, so each outcome answers the questions
 * the callers ask of it.)
 */
public sealed interface Verdict {
    String list();

    Direction direction();

    /** Null when the ticket is admitted (or let out). */
    Reason reason();

    /** The ticket the code belongs to; null for an invalid code, which reveals nothing. */
    TicketRef ticket();

    /** The new entry or exit, or for {@code already_redeemed} the entry that let them in; else null. */
    Recorded recorded();

    default boolean ok() {
        return reason() == null;
    }

    /** True for an offline scan the door admitted although the online rules would have refused it. */
    default boolean conflict() {
        return false;
    }

    record Admitted(TicketRef ticket, String list, Recorded recorded) implements Verdict {
        public Direction direction() {
            return Direction.ENTRY;
        }

        public Reason reason() {
            return null;
        }
    }

    record Exited(TicketRef ticket, String list, Recorded recorded) implements Verdict {
        public Direction direction() {
            return Direction.EXIT;
        }

        public Reason reason() {
            return null;
        }
    }

    /** Already inside on this list: {@code recorded} is the entry that let them in. */
    record AlreadyRedeemed(TicketRef ticket, String list, Recorded recorded) implements Verdict {
        public Direction direction() {
            return Direction.ENTRY;
        }

        public Reason reason() {
            return Reason.ALREADY_REDEEMED;
        }
    }

    /** An exit scan for someone who is not inside. */
    record NotInside(TicketRef ticket, String list) implements Verdict {
        public Direction direction() {
            return Direction.EXIT;
        }

        public Reason reason() {
            return Reason.NOT_INSIDE;
        }

        public Recorded recorded() {
            return null;
        }
    }

    /**
     * Refused because of what the code is, whichever way it was scanned: replaced by a newer code,
     * cancelled, or never issued (then {@code ticket} is null: an invalid code reveals nothing).
     */
    record Refused(Reason reason, TicketRef ticket, String list, Direction direction) implements Verdict {
        public Refused {
            if (reason != Reason.REVOKED && reason != Reason.CANCELED && reason != Reason.INVALID) {
                throw new IllegalArgumentException("not a refusal of the code itself: " + reason);
            }
        }

        public Recorded recorded() {
            return null;
        }
    }

    /**
     * An offline scan the kiosk admitted that the online rules refuse ({@code reason}: already
     * inside via another door, revoked or cancelled meanwhile). The person is in: {@code recorded}
     * is the entry that stands for it, an earlier one or, when nobody was inside, the one this
     * scan made. Never a second entry.
     */
    record Conflict(Reason reason, TicketRef ticket, String list, Recorded recorded) implements Verdict {
        public Conflict {
            if (reason != Reason.ALREADY_REDEEMED && reason != Reason.REVOKED && reason != Reason.CANCELED) {
                throw new IllegalArgumentException("not a reason an admitted offline entry conflicts for: " + reason);
            }
        }

        public Direction direction() {
            return Direction.ENTRY;
        }

        @Override
        public boolean conflict() {
            return true;
        }
    }

    record TicketRef(String id, String name) {
    }
}
