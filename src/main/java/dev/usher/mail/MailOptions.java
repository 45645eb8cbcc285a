package dev.usher.mail;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How ticket mails leave this Usher.
 *
 * @param smtp       the relay, or null: mails are written to the data folder's {@code outbox/}
 * @param from       the sender, e.g. {@code "Serverless Oakland <tickets@example.org>"}; null for a default
 *                   (refused with a relay: relays check it)
 * @param trust      a PEM certificate to trust for the relay's TLS besides the JVM's (a self-signed relay)
 * @param perSecond  the sender's pace
 * @param firstRetry the wait after a first temporary failure; each next one doubles, up to an hour
 */
public record MailOptions(SmtpUrl smtp, String from, Path trust, double perSecond, Duration firstRetry) {
    public static final double DEFAULT_PER_SECOND = 5;
    public static final Duration DEFAULT_FIRST_RETRY = Duration.ofSeconds(15);
    public static final MailOptions OUTBOX = new MailOptions(null, null, null, DEFAULT_PER_SECOND, DEFAULT_FIRST_RETRY);

    public MailOptions {
        if (!(perSecond > 0 && perSecond <= 10_000)) {
            throw new IllegalArgumentException("--mail-rate takes mails per second, more than 0 and at most 10000");
        }
        if (smtp != null && (from == null || from.isBlank())) {
            throw new IllegalArgumentException("--mail-from (or USHER_MAIL_FROM) is required with --smtp: relays refuse mail from an unknown sender");
        }
        firstRetry = firstRetry == null ? DEFAULT_FIRST_RETRY : firstRetry;
    }

    public MailOptions withPace(double perSecond, Duration firstRetry) {
        return new MailOptions(smtp, from, trust, perSecond, firstRetry);
    }
}
