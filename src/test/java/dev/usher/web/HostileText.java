package dev.usher.web;

import dev.usher.web.JsonText.Literal;
import dev.usher.web.JsonText.Members;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded hostile values: text with control characters, lone surrogates, bidi marks, injection
 * strings and very long runs; any JSON value; random bytes; path segments and query strings with
 * any percent-escape. Everything is drawn from one {@link Random}, so the same seed gives the same
 * values in the same order. {@link FuzzCases} builds Usher's request bodies on top.
 */
class HostileText {
    final Random r;

    HostileText(Random r) {
        this.r = r;
    }

    boolean chance(double p) {
        return r.nextDouble() < p;
    }

    @SafeVarargs
    final <T> T pick(T... options) {
        return options[r.nextInt(options.length)];
    }

    <T> T pick(List<T> options) {
        return options.get(r.nextInt(options.size()));
    }

    // -- text --

    /** Characters that break naive code: controls, invisible and bidi marks, lone surrogates, combining and wide ones. */
    static final List<String> ODD = List.of("\u0000", "\u0001", "\u0007", "\b", "\t", "\n", "\r", "\u001b", "\u007f", "\u0085",
            "\u00a0", "\u00ad", "\u200b", "\u200d", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069", "\u2028", "\u2029",
            "\ufeff", "\ufffd", "\uffff", "\ud800", "\udbff", "\udc00", "\udfff", "\udc00\ud800", "\ud83d\ude00", "\ud83d",
            "\ud83d\udc69\u200d\ud83d\udc69\u200d\ud83d\udc67", "\ud83c\uddfa\ud83c\uddf8", "e\u0301", "\u0647\u0644\u0627",
            "\u05e9\u05dc\u05d5\u05dd", "\u4f60\u597d", "\u0130", "\u00df", "\ufb01", "\u1e9e", "\uff21\uff22", "\u0661\u0662");
    private static final String[] META = {"\"", "\\", "'", "`", "<script>alert(1)</script>", "'; DROP TABLE tickets; --",
        "%", "_", "%00", "%2F", "../../etc/passwd", "${jndi:ldap://x}", "{{7*7}}", "=HYPERLINK(\"http://x\")", "+1", "-1", "@a",
        "null", "true", "[]", "{}", "\\u0000", "0", "1e400", "NaN", "-0", "9223372036854775808", " ", ",", ";", "\"\"\"", "\r\n"};

    /** Any text a field may get; now and then a very long one (up to 100 kB). */
    String text() {
        return r.nextInt(14) == 0 ? longText(1_000, r.nextInt(10) < 8 ? 60_000 : 100_000) : shortText();
    }

    String shortText() {
        return switch (r.nextInt(11)) {
            case 0 -> "";
            case 1 -> pick(" ", "\t", "  \n ", "\u00a0", "\u3000", "\u2028");
            case 2 -> ascii(1 + r.nextInt(40));
            case 3, 4 -> mixed(1 + r.nextInt(30));
            case 5 -> pick(META);
            case 6 -> codePoints(1 + r.nextInt(50));
            case 7 -> ascii(1 + r.nextInt(5)) + pick(ODD) + ascii(r.nextInt(5));
            case 8 -> String.valueOf(r.nextLong());
            default -> pick(META) + mixed(1 + r.nextInt(5)) + pick(ODD);
        };
    }

    String ascii(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) (0x20 + r.nextInt(0x5f)));
        }
        return sb.toString();
    }

    String mixed(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(chance(0.5) ? pick(ODD) : ascii(1 + r.nextInt(3)));
        }
        return sb.toString();
    }

    String codePoints(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.appendCodePoint(chance(0.7) ? r.nextInt(0x3000) : r.nextInt(Character.MAX_CODE_POINT + 1));
        }
        return sb.toString();
    }

    String longText(int min, int max) {
        int n = min + r.nextInt(max - min + 1);
        String unit = pick("a", "\u00e9", "\u4f60", "\ud83d\ude00", "\u0000", ascii(7), mixed(3));
        StringBuilder sb = new StringBuilder(n + unit.length());
        while (sb.length() < n) {
            sb.append(unit);
        }
        return sb.toString();
    }

    String base32(int n) {
        String alphabet = chance(0.8) ? "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567" : "abcdefghijklmnopqrstuvwxyz234567018=";
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** {@code s} with one character replaced by a near miss, dropped or doubled. */
    String mutate(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int at = r.nextInt(s.length());
        return s.substring(0, at) + pick("A", "7", "1", "8", "=", "\u0000", "\u00c4", "", "AA") + s.substring(Math.min(s.length(), at + 1));
    }

    byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    // -- JSON values --

    /** Any JSON value, nested up to {@code depth}. */
    Object value(int depth) {
        int kinds = depth > 0 ? 9 : 7;
        return switch (r.nextInt(kinds)) {
            case 0 -> null;
            case 1 -> r.nextBoolean();
            case 2 -> r.nextInt();
            case 3 -> new Literal(pick("1e400", "-0", "0.1", "123456789012345678901234567890", "-9223372036854775809", "1E-400"));
            case 4 -> r.nextDouble();
            case 5, 6 -> shortText();
            case 7 -> {
                List<Object> list = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    list.add(value(depth - 1));
                }
                yield list;
            }
            default -> {
                List<Map.Entry<String, Object>> entries = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    entries.add(new AbstractMap.SimpleEntry<>(shortText(), value(depth - 1)));
                }
                yield new Members(entries);
            }
        };
    }

    // -- paths and queries --

    /** A path segment: a real id or code, a near miss, or percent-escaped bytes of any kind. */
    String pathSegment(List<String> real) {
        return switch (r.nextInt(8)) {
            case 0, 1 -> real.isEmpty() ? "x" : pick(real);
            case 2 -> real.isEmpty() ? "x" : RawHttp.escape(mutate(pick(real)).getBytes(StandardCharsets.UTF_8));
            case 3 -> pick("0", "-1", "1e3", "9223372036854775807", "9223372036854775808", "99999999999999999999", "0x10", "%20",
                    "%00", "%2F", "%2e%2e", "%25", "%FF", "%C0%AF", "%ED%A0%80", "..%2F..", "a%2Fb", "%", "%zz", "%u0041", ";a=b");
            case 4 -> base32(r.nextInt(200));
            case 5 -> RawHttp.escape(randomBytes(1 + r.nextInt(30)));
            default -> RawHttp.escape(shortText().getBytes(StandardCharsets.UTF_8));
        };
    }

    /** {@code ?name=value} (or something near it) with any bytes in the value. */
    String query(String name) {
        return switch (r.nextInt(10)) {
            case 0 -> "";
            case 1 -> "?" + name;
            case 2 -> "?" + name + "=";
            case 3 -> "?" + name + "=" + pick("1", "8", "32", "33", "0", "-1", "2147483648", "1e3", "%201%20", "+5", "%EF%BC%95", "ada",
                    "ad", "guest", "%25", "_", "%5C", "%", "%G1", "%FF", "%ED%A0%80", "a%00b", "x+y", "%2B");
            case 4 -> "?" + name + "=a&" + name + "=b";
            case 5 -> "?" + name + "="  + RawHttp.escape(randomBytes(1 + r.nextInt(40)));
            case 6 -> "?" + name + "=" + RawHttp.escape(("x".repeat(pick(99, 100, 101, 5000))).getBytes(StandardCharsets.UTF_8));
            default -> "?" + name + "=" + RawHttp.escape(shortText().getBytes(StandardCharsets.UTF_8));
        };
    }
}
