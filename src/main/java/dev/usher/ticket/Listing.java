package dev.usher.ticket;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * What one page of the whole ticket list asks for: which tickets, in which order, after which one.
 * Pages are keyset pages: the cursor holds the last row's sort key and id, so a page starts right
 * after it whatever was added or removed meanwhile, and paging visits every ticket once.
 *
 * @param status null for every ticket
 * @param after  null for the first page
 */
public record Listing(Status status, String listId, Sort sort, int limit, Cursor after) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;

    public Listing {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit out of range: " + limit);
        }
        if (after != null && after.sort() != sort) {
            throw new IllegalArgumentException("a " + after.sort().wire() + " cursor on a " + sort.wire() + " listing");
        }
    }

    /** The filters: arrived and absent are per check-in list; absent leaves cancelled tickets out. */
    public enum Status {
        ARRIVED("Arrived"), ABSENT("Not arrived"), CANCELLED("Cancelled");

        private final String wording;

        Status(String wording) {
            this.wording = wording;
        }

        /** How the attendees panel's filter says it. */
        public String wording() {
            return wording;
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Status> fromWire(String s) {
            return Arrays.stream(values()).filter(v -> v.wire().equals(s)).findFirst();
        }
    }

    /**
     * The orders, each ending in the id so that no two rows tie: by folded name (then email), by
     * registration time, by first entry on the list (those not arrived last).
     */
    public enum Sort {
        NAME("Name"), REGISTERED("Registration time"), ARRIVED("Arrival time");

        private final String wording;

        Sort(String wording) {
            this.wording = wording;
        }

        /** How the attendees panel's "Sort by" says it. */
        public String wording() {
            return wording;
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Sort> fromWire(String s) {
            return Arrays.stream(values()).filter(v -> v.wire().equals(s)).findFirst();
        }
    }

    /**
     * Where a page starts: after the row with this sort key and id. On the wire it is opaque
     * (base64url of "sort \n key \n id"); {@code key} is the folded name, or epoch milliseconds.
     */
    public record Cursor(Sort sort, String key, String id) {
        public Cursor {
            if (sort != Sort.NAME) {
                Long.parseLong(key);
            }
        }

        public long number() {
            return Long.parseLong(key);
        }

        public String encode() {
            String text = sort.wire() + "\n" + key + "\n" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }

        /** Empty for anything {@link #encode} did not make. */
        public static Optional<Cursor> decode(String text) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\n", -1);
                if (parts.length != 3 || parts[2].isEmpty()) {
                    return Optional.empty();
                }
                Optional<Sort> sort = Sort.fromWire(parts[0]);
                return sort.isEmpty() ? Optional.empty() : Optional.of(new Cursor(sort.get(), parts[1], parts[2]));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
