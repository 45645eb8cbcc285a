package dev.usher.ticket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TicketCodeTest {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    @TempDir
    Path data;

    @Test
    void a_code_is_upper_case_base32_of_at_most_130_characters_and_reads_back() {
        TicketCode code = EventKey.loadOrCreate(data, new SecureRandom(), true).issue();
        String text = code.text();
        assertThat(text).hasSize(TicketCode.LENGTH).hasSizeLessThanOrEqualTo(130).matches("[A-Z2-7]+");
        assertThat(TicketCode.parse(text)).contains(code);
    }

    @Test
    void lower_case_and_surrounding_whitespace_from_a_scanner_still_read() {
        TicketCode code = EventKey.loadOrCreate(data, new SecureRandom(), true).issue();
        assertThat(TicketCode.parse("  " + code.text().toLowerCase(Locale.ROOT) + "\n")).contains(code);
    }

    @Test
    void changing_any_single_character_makes_the_code_invalid() {
        EventKey key = EventKey.loadOrCreate(data, new SecureRandom(), true);
        TicketCode code = key.issue();
        String text = code.text();
        for (int i = 0; i < text.length(); i++) {
            for (char c : ALPHABET.toCharArray()) {
                if (c == text.charAt(i)) {
                    continue;
                }
                String mutated = text.substring(0, i) + c + text.substring(i + 1);
                int position = i;
                // Either it does not parse at all, or it parses to different bytes that the key did not sign.
                TicketCode.parse(mutated).ifPresent(other -> {
                    assertThat(other).isNotEqualTo(code);
                    assertThat(key.verifies(other)).as("mutation at %d", position).isFalse();
                });
            }
        }
    }

    @Test
    void the_event_key_verifies_its_own_codes_and_not_another_events() {
        EventKey ours = EventKey.loadOrCreate(data.resolve("a"), new SecureRandom(), true);
        EventKey theirs = EventKey.loadOrCreate(data.resolve("b"), new SecureRandom(), true);
        TicketCode code = ours.issue();
        assertThat(ours.verifies(code)).isTrue();
        assertThat(theirs.verifies(code)).isFalse();
    }

    @Test
    void the_jdks_standard_ed25519_verifier_accepts_our_codes() throws Exception {
        // Kiosks verify with WebCrypto (or the JDK): the fast signer must produce standard signatures.
        EventKey key = EventKey.loadOrCreate(data, new SecureRandom(), true);
        TicketCode code = key.issue();
        java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
        jdk.initVerify(key.publicKey());
        jdk.update(TicketCode.payload(code.serial()));
        assertThat(jdk.verify(code.signature())).isTrue();
    }

    @Test
    void the_key_survives_a_restart() {
        TicketCode code = EventKey.loadOrCreate(data, new SecureRandom(), true).issue();
        assertThat(EventKey.loadOrCreate(data, new SecureRandom(), true).verifies(code)).isTrue();
    }

    @Test
    void codes_are_not_sequential_or_repeated() {
        EventKey key = EventKey.loadOrCreate(data, new SecureRandom(), true);
        Set<String> serials = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            serials.add(java.util.HexFormat.of().formatHex(key.issue().serial()));
        }
        assertThat(serials).hasSize(200);
    }

    @Test
    void garbage_of_any_shape_does_not_parse() {
        assertThat(TicketCode.parse(null)).isEmpty();
        assertThat(TicketCode.parse("")).isEmpty();
        assertThat(TicketCode.parse("HELLO")).isEmpty();
        assertThat(TicketCode.parse("A".repeat(TicketCode.LENGTH))).isEmpty(); // wrong version byte
        assertThat(TicketCode.parse("1".repeat(TicketCode.LENGTH))).isEmpty(); // outside the alphabet
        assertThat(TicketCode.parse("é".repeat(TicketCode.LENGTH))).isEmpty();
        assertThat(TicketCode.parse("A".repeat(10_000))).isEmpty();
    }

    @Test
    void base32_round_trips_every_length_and_refuses_non_zero_tail_bits() {
        SecureRandom r = new SecureRandom();
        for (int n = 0; n < 40; n++) {
            byte[] bytes = new byte[n];
            r.nextBytes(bytes);
            assertThat(Base32.decode(Base32.encode(bytes))).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes));
        }
        // "AB": 10 bits for one byte, the last two must be zero; "AD" sets them.
        assertThat(Base32.decode("AD")).isEmpty();
        assertThat(Base32.decode("AA")).isPresent();
    }
}
