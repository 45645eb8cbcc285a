package dev.usher.mail;

/** What a relay did with one mail. */
sealed interface Delivery {
    /** Accepted: the relay has it. */
    record Accepted() implements Delivery {
    }

    /** Not now (no connection, a 4xx answer): try again later. */
    record TryLater(String answer) implements Delivery {
    }

    /** Refused for good (a 5xx answer): retrying would get the same. */
    record Refused(String answer) implements Delivery {
    }
}
