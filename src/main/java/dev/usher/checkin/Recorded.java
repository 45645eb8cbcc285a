package dev.usher.checkin;

import java.time.Instant;

/** A stored entry or exit: when it happened and at which device. */
public record Recorded(long id, Instant at, String deviceId, String deviceName) {
}
