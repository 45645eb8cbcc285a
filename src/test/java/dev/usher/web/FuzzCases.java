package dev.usher.web;

import dev.usher.web.JsonText.Literal;
import dev.usher.web.JsonText.Members;
import dev.usher.web.RawHttp.Req;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Generated requests for Usher's endpoints: the fields each body has (a person, a scan, a device,
 * a revocation, an annulment), filled with {@link HostileText} or, half the time, with values the
 * server accepts, so that the cases reach the code behind validation. Real ticket ids and codes are
 * mixed in from live pools that the fuzz keeps filling.
 */
final class FuzzCases extends HostileText {
    private static final List<String> TALKS = List.of("how-workers-work", "security-serverless-future", "serverless-world-map");
    /** Names a person may really have, or that a prankster types, all of them acceptable. */
    private static final String[] NAME_PARTS = {"Ada", "Zo\u00eb", "O'Brien", "\u05e9\u05dc\u05d5\u05dd", "\u4f60\u597d",
        "\ud83d\ude00", "e\u0301", "\u0130stanbul", "=cmd|' /C calc'!A0", "@SUM(1)", "<b>bold</b>", "Robert'); DROP TABLE tickets;--",
        "\ud800", "\udfff", "\u0647\u0644\u0627 \u0628\u0643", "  spaced  ", "\\", "\"quoted\"", "%s%n", "\u00ff\u00fe"};

    private final List<String> ticketIds;
    private final List<String> codes;
    private final LoopbackAddresses addresses;
    private final GuestListCsv guestLists = new GuestListCsv(this);
    /** While true the generators stay within what the server accepts, to reach the code behind validation. */
    private boolean plausible;

    FuzzCases(Random r, List<String> ticketIds, List<String> codes, LoopbackAddresses addresses) {
        super(r);
        this.ticketIds = ticketIds;
        this.codes = codes;
        this.addresses = addresses;
    }

    /** A JSON POST; one in ten says another Content-Type or charset than the body has. */
    Req json(String target, byte[] body) {
        String type = chance(0.9) ? "application/json" : pick("application/json; charset=utf-8", "application/json; charset=UTF-16",
                "application/json; charset=latin1", "application/json; charset=nope", "application/json; charset=\"", "text/plain",
                "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "*/*");
        return Req.post(target, body).contentType(type);
    }

    /** A loopback address other than 127.0.0.1, a different one each time, for routes limited per address. */
    String address() {
        return addresses.next();
    }

    /** A guest-list upload (see {@link GuestListCsv}). */
    byte[] csv() {
        return guestLists.upload();
    }

    // -- fields --

    String name() {
        if (plausible) {
            return pick(NAME_PARTS) + (chance(0.5) ? " " + pick(NAME_PARTS) : "");
        }
        return switch (r.nextInt(6)) {
            case 0 -> "Ada Lovelace";
            case 1 -> "x".repeat(pick(199, 200, 201));
            case 2 -> pick(ODD) + "Ada";
            default -> text();
        };
    }

    String email() {
        if (plausible) {
            return pick("p", "P", "a+tag", "o'brien", "\u00fc", "x.y") + r.nextInt(10_000_000) + "@"
                    + pick("example.com", "EXAMPLE.COM", "b\u00fccher.example", "xn--bcher-kva.example", "mail.\u4f8b\u3048.jp");
        }
        return switch (r.nextInt(8)) {
            case 0 -> "ada" + r.nextInt(1_000_000) + "@example.com";
            case 1 -> (ascii(3) + "@" + ascii(3) + "." + ascii(2)).replace(" ", "");
            case 2 -> "a".repeat(pick(240, 241, 242, 243)) + "@b.co";
            case 3 -> mixed(3) + r.nextInt(1000) + "@" + mixed(2) + "." + mixed(2);
            case 4 -> "ADA" + r.nextInt(1000) + "@EXAMPLE.COM";
            case 5 -> pick("@", "a@", "@b.co", "a@b", "a@@b.co", "a b@c.de", "a@b..co", "a@.b.co");
            default -> text();
        };
    }

    Map<String, Object> person(boolean withFields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", (Supplier<Object>) this::name);
        m.put("email", (Supplier<Object>) this::email);
        if (withFields) {
            m.put("fields", (Supplier<Object>) this::fields);
        }
        return m;
    }

    Object fields() {
        if (plausible) {
            List<Map.Entry<String, Object>> entries = new ArrayList<>();
            for (int i = r.nextInt(4); i > 0; i--) {
                entries.add(new AbstractMap.SimpleEntry<>(pick(NAME_PARTS) + i, chance(0.2) ? null : pick(NAME_PARTS)));
            }
            return new Members(entries);
        }
        int n = switch (r.nextInt(5)) {
            case 0 -> 0;
            case 1 -> pick(49, 50, 51, 200);
            default -> 1 + r.nextInt(5);
        };
        List<Map.Entry<String, Object>> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String key = chance(0.1) ? pick("", " ", "k".repeat(101)) : shortText() + i;
            Object value = chance(0.8) ? shortText() : chance(0.5) ? "v".repeat(pick(1000, 1001)) : value(2);
            entries.add(new AbstractMap.SimpleEntry<>(key, value));
        }
        return new Members(entries);
    }

    Map<String, Object> scan() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (plausible) {
            if (chance(0.9) || ticketIds.isEmpty()) {
                m.put("code", (Supplier<Object>) () -> chance(0.8) && !codes.isEmpty() ? pick(codes) : code());
            } else {
                m.put("ticketId", (Supplier<Object>) () -> pick(ticketIds));
            }
            m.put("list", (Supplier<Object>) () -> chance(0.6) ? "main" : pick(TALKS));
            m.put("type", (Supplier<Object>) () -> chance(0.6) ? "entry" : "exit");
            m.put("nonce", (Supplier<Object>) () -> chance(0.5) ? null : "n-" + r.nextInt(30));
            m.put("at", (Supplier<Object>) this::instant);
            return m;
        }
        m.put("code", (Supplier<Object>) this::code);
        if (chance(0.15)) {
            m.put("ticketId", (Supplier<Object>) () -> chance(0.5) && !ticketIds.isEmpty() ? pick(ticketIds) : text());
        }
        m.put("list", (Supplier<Object>) () -> switch (r.nextInt(5)) {
            case 0 -> "main";
            case 1 -> pick(TALKS);
            case 2 -> " main ";
            case 3 -> "MAIN";
            default -> text();
        });
        m.put("type", (Supplier<Object>) () -> pick("entry", "exit", "entry", "exit", " exit ", "EXIT", "", text()));
        m.put("nonce", (Supplier<Object>) () -> chance(0.3) ? "n-" + r.nextInt(20) : chance(0.3) ? "n".repeat(pick(100, 101)) : text());
        m.put("at", (Supplier<Object>) this::instant);
        return m;
    }

    /** Codes of every length and alphabet, real ones, and near misses of real ones. */
    String code() {
        String real = codes.isEmpty() ? "A".repeat(124) : pick(codes);
        return switch (r.nextInt(12)) {
            case 0, 1 -> real;
            case 2 -> real.toLowerCase(Locale.ROOT);
            case 3 -> pick(" ", "\t", "\n", "\u00a0", "\ufeff") + real + pick(" ", "\r\n", "\u2028", "");
            case 4 -> mutate(real);
            case 5 -> real.substring(0, r.nextInt(real.length())) + (chance(0.5) ? "" : real);
            case 6 -> base32(124);
            case 7 -> base32(r.nextInt(300));
            case 8 -> "AE" + base32(122);
            case 9 -> pick("ticket:" + pick(ticketIds), "https://x/t/" + real, real + real, "0".repeat(124), "\u0410".repeat(124));
            default -> text();
        };
    }

    Object instant() {
        if (plausible && chance(0.4)) {
            return null;
        }
        return switch (r.nextInt(10)) {
            case 0 -> "2019-02-21T18:04:00Z";
            case 1 -> pick("2019-02-21T18:04:00.123456789Z", "2019-02-21T18:04:00+01:00", "2019-02-21T18:04:00-08:00",
                    "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z");
            case 2 -> pick("+1000000000-12-31T23:59:59.999999999Z", "-1000000000-01-01T00:00:00Z", "+300000000-01-01T00:00:00Z",
                    "-300000000-01-01T00:00:00Z", "+292278994-08-17T07:12:55.807Z", "+292278994-08-17T07:12:55.808Z",
                    "+10000-01-01T00:00:00Z", "0000-01-01T00:00:00Z");
            case 3 -> pick("2019-02-30T00:00:00Z", "2019-02-21 18:04", "2019-02-21", "18:04", "yesterday", "2019-02-21T25:00:00Z");
            case 4 -> new Literal(pick("1550772240000", "-1", "1e400", "0.5"));
            default -> chance(0.5) ? null : text();
        };
    }

    Map<String, Object> device() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", (Supplier<Object>) () -> switch (r.nextInt(4)) {
            case 0 -> "Door " + r.nextInt(100);
            case 1 -> "d".repeat(pick(59, 60, 61));
            default -> text();
        });
        return m;
    }

    Map<String, Object> revocation() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reissue", (Supplier<Object>) () -> chance(0.7) ? (Object) r.nextBoolean() : value(1));
        return m;
    }

    Map<String, Object> annulment() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reason", (Supplier<Object>) () -> chance(0.2) ? "r".repeat(pick(499, 500, 501)) : text());
        return m;
    }

    // -- bodies --

    /**
     * A request body: usually an object of the endpoint's fields, each of the right type with odd
     * content, of a wrong type, or missing; sometimes malformed JSON, another shape, deep nesting or
     * another encoding.
     */
    byte[] body(Supplier<Map<String, Object>> shape) {
        plausible = chance(0.5);
        if (plausible) {
            return JsonText.write(objectOf(shape), this).getBytes(StandardCharsets.UTF_8);
        }
        int kind = r.nextInt(100);
        if (kind < 8) {
            return malformed(shape).getBytes(StandardCharsets.UTF_8);
        }
        if (kind < 16) {
            return JsonText.write(pick(null, true, 0, new Literal("1e400"), "a string", List.of(), List.of(objectOf(shape)),
                    value(2)), this).getBytes(StandardCharsets.UTF_8);
        }
        if (kind < 19) {
            int depth = pick(10, 999, 1001, 5_000);
            String open = chance(0.5) ? "[" : "{\"a\":";
            String close = open.equals("[") ? "]" : "}";
            return ("{\"name\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}").getBytes(StandardCharsets.UTF_8);
        }
        String text = JsonText.write(objectOf(shape), this);
        if (kind < 24) {
            Charset cs = pick(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE, StandardCharsets.ISO_8859_1, Charset.forName("UTF-32"));
            return text.getBytes(cs);
        }
        if (kind < 26) {
            return ("\ufeff" + text).getBytes(StandardCharsets.UTF_8);
        }
        if (kind < 28) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            b[r.nextInt(b.length)] = (byte) (int) pick(0xff, 0xc0, 0x80, 0xed, 0x00);
            return b;
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private Members objectOf(Supplier<Map<String, Object>> shape) {
        List<Map.Entry<String, Object>> entries = new ArrayList<>();
        for (Map.Entry<String, Object> field : shape.get().entrySet()) {
            int roll = plausible ? r.nextInt(70) : r.nextInt(100);
            if (roll < 65) {
                entries.add(new AbstractMap.SimpleEntry<>(field.getKey(), ((Supplier<?>) field.getValue()).get()));
            } else if (roll < 82) {
                entries.add(new AbstractMap.SimpleEntry<>(field.getKey(), value(2)));
            }
        }
        if (chance(0.1)) {
            entries.add(new AbstractMap.SimpleEntry<>(shortText(), value(2)));
        }
        if (chance(0.05) && !entries.isEmpty()) {
            entries.add(new AbstractMap.SimpleEntry<>(entries.get(0).getKey(), value(1)));
        }
        Collections.shuffle(entries, r);
        return new Members(entries);
    }

    private String malformed(Supplier<Map<String, Object>> shape) {
        String valid = JsonText.write(objectOf(shape), this);
        return switch (r.nextInt(6)) {
            case 0 -> valid.substring(0, r.nextInt(Math.max(1, valid.length())));
            case 1 -> {
                int at = r.nextInt(valid.length() + 1);
                yield valid.substring(0, at) + pick("\"", "{", "}", ",", ":", "\\", "\u0000", "]") + valid.substring(at);
            }
            case 2 -> pick("", " ", "{", "}", "{oops", "{\"name\":}", "{\"name\":\"a\",}", "{'name':'a'}", "[", "\"open",
                    "{\"a\":\"\\x\"}", "{\"a\":01}", "{\"a\":NaN}", "{\"a\":.5}", "/* c */ {}", "{\"a\" \"b\"}", "nul", "tru",
                    "{\"a\":\"\\ud800\"}", "{\"a\":\"\\u12\"}", "{\"a\":1}{\"b\":2}", "{\"a\":[1,2}", "{\"a\":\"\t\"}");
            case 3 -> ascii(1 + r.nextInt(100));
            case 4 -> mixed(1 + r.nextInt(20));
            default -> valid.replace("\"", pick("'", "", "\\\"", "\u201c"));
        };
    }
}
