package dev.usher.ticket;

import dev.usher.store.Sha256;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * What a QR code carries: a version byte and a random serial, followed by the event key's
 * Ed25519 signature over those bytes, written as upper-case Base32 without padding.
 *
 * <p>Base32 because handheld scanners type through the OS keyboard layout, where {@code - _ / +}
 * move around, and because it fits the QR alphanumeric mode. 1 + 12 + 64 bytes give 124
 * characters.
 */
public record TicketCode(byte[] serial, byte[] signature) {
    static final byte VERSION = 1;
    static final int SERIAL_BYTES = 12;
    static final int SIGNATURE_BYTES = 64;
    static final int PAYLOAD_BYTES = 1 + SERIAL_BYTES;
    public static final int LENGTH = ((PAYLOAD_BYTES + SIGNATURE_BYTES) * 8 + 4) / 5;
    public static final String ALPHABET = Base32.ALPHABET_TEXT;
    /** Every code starts with the version byte's first five bits: what a scanner burst is cut at. */
    public static final String PREFIX = Base32.encode(new byte[]{VERSION}).substring(0, 1);

    public TicketCode {
        if (serial.length != SERIAL_BYTES || signature.length != SIGNATURE_BYTES) {
            throw new IllegalArgumentException("a ticket code has a 12-byte serial and a 64-byte signature");
        }
        serial = serial.clone();
        signature = signature.clone();
    }

    /** Reads a scanned or typed code; empty for anything that is not shaped like one of ours. */
    public static Optional<TicketCode> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.strip();
        if (trimmed.length() != LENGTH) {
            return Optional.empty();
        }
        return Base32.decode(trimmed)
                .filter(bytes -> bytes.length == PAYLOAD_BYTES + SIGNATURE_BYTES && bytes[0] == VERSION)
                .map(bytes -> new TicketCode(
                        Arrays.copyOfRange(bytes, 1, PAYLOAD_BYTES),
                        Arrays.copyOfRange(bytes, PAYLOAD_BYTES, bytes.length)));
    }

    /** The bytes the signature covers. */
    static byte[] payload(byte[] serial) {
        byte[] payload = new byte[PAYLOAD_BYTES];
        payload[0] = VERSION;
        System.arraycopy(serial, 0, payload, 1, SERIAL_BYTES);
        return payload;
    }

    public String text() {
        byte[] all = new byte[PAYLOAD_BYTES + SIGNATURE_BYTES];
        System.arraycopy(payload(serial), 0, all, 0, PAYLOAD_BYTES);
        System.arraycopy(signature, 0, all, PAYLOAD_BYTES, SIGNATURE_BYTES);
        return Base32.encode(all);
    }

    public byte[] serial() {
        return serial.clone();
    }

    public byte[] signature() {
        return signature.clone();
    }

    /** A short fingerprint of any scanned text, for the audit log: never the code itself. */
    public static String hashOf(String scanned) {
        return HexFormat.of().formatHex(Sha256.of(String.valueOf(scanned).strip().toUpperCase(Locale.ROOT)), 0, 12);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TicketCode other && Arrays.equals(serial, other.serial) && Arrays.equals(signature, other.signature);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(serial) * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return text();
    }
}
