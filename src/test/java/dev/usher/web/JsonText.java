package dev.usher.web;

import java.util.List;
import java.util.Map;

/**
 * JSON text written by hand, so that lone surrogates, odd escapes and repeated keys reach the server
 * (a JSON library would repair or refuse them). Values are null, strings, booleans, numbers,
 * {@link Literal}s, lists and {@link Members}.
 */
final class JsonText {
    /** A number or literal written as is, e.g. {@code 1e400} or {@code -0}. */
    record Literal(String text) {
    }

    /** A JSON object whose members may repeat a key. */
    record Members(List<Map.Entry<String, Object>> entries) {
    }

    private JsonText() {
    }

    static String write(Object value, HostileText g) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, g);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value, HostileText g) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof String s) {
            sb.append(quote(s, g));
        } else if (value instanceof Literal l) {
            sb.append(l.text());
        } else if (value instanceof Boolean || value instanceof Number) {
            sb.append(value);
        } else if (value instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                sb.append(i == 0 ? "" : ",");
                write(sb, list.get(i), g);
            }
            sb.append(']');
        } else if (value instanceof Members m) {
            sb.append('{');
            for (int i = 0; i < m.entries().size(); i++) {
                sb.append(i == 0 ? "" : ",").append(quote(m.entries().get(i).getKey(), g)).append(':');
                write(sb, m.entries().get(i).getValue(), g);
            }
            sb.append('}');
        } else {
            throw new IllegalArgumentException(value.getClass().toString());
        }
    }

    /** Escapes what JSON requires, every unpaired surrogate, and at random (drawn from {@code g}) other characters too. */
    static String quote(String s, HostileText g) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) && !paired || c > 0x7e && g.chance(0.2)) {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
