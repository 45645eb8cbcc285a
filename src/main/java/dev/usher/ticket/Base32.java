package dev.usher.ticket;

import java.util.Arrays;
import java.util.Optional;

/**
 * RFC 4648 Base32, upper case, no padding, with strict decoding.
 *
 * <p>Strict because a ticket code must have exactly one spelling: a lenient decoder that ignores
 * the unused low bits of the last character would accept two different strings for one ticket,
 * and "changing any character makes it invalid" would no longer hold.
 */
final class Base32 {
    static final String ALPHABET_TEXT = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final char[] ALPHABET = ALPHABET_TEXT.toCharArray();
    private static final int[] VALUES = new int[128];

    static {
        Arrays.fill(VALUES, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = i;
            VALUES[Character.toLowerCase(ALPHABET[i])] = i;
        }
    }

    private Base32() {
    }

    static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    /** Decodes either case; empty when a character is outside the alphabet or the tail bits are not zero. */
    static Optional<byte[]> decode(CharSequence text) {
        int length = text.length();
        int byteCount = length * 5 / 8;
        int leftoverBits = length * 5 % 8;
        // A valid encoding never leaves 5 or more unused bits: that would be a whole extra character.
        if (leftoverBits >= 5) {
            return Optional.empty();
        }
        byte[] out = new byte[byteCount];
        int buffer = 0;
        int bits = 0;
        int index = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            int v = c < 128 ? VALUES[c] : -1;
            if (v < 0) {
                return Optional.empty();
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out[index++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
                buffer &= (1 << bits) - 1;
            }
        }
        if (buffer != 0) {
            return Optional.empty();
        }
        return Optional.of(out);
    }
}
