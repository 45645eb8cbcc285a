package dev.usher.web;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Rules for every piece of text a person or a file hands us. Control characters (C0, C1) end up
 * raw in CSV exports and logs; format characters (bidi overrides such as U+202E, zero-width
 * spaces, soft hyphens) make "Door A" render as something else, or let two emails that look alike
 * pass as different people. Neither belongs in a name, an email or a field.
 */
public final class Text {
    private Text() {
    }

    /** True when {@code s} holds a control, format, line or paragraph separator character. */
    public static boolean hasHiddenCharacters(String s) {
        return s.codePoints().anyMatch(cp -> {
            int type = Character.getType(cp);
            return type == Character.CONTROL || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
        });
    }

    /** {@code value} stripped; a 400 naming {@code field} when it holds hidden characters. */
    public static String visible(String code, String field, String value) {
        String s = value == null ? "" : value.strip();
        if (hasHiddenCharacters(s)) {
            throw ApiError.badRequest(code, "The " + field + " contains control or invisible formatting characters.");
        }
        return s;
    }

    /**
     * One spelling per address, so one ticket per email holds: Unicode NFC (an "é" typed two ways
     * is one letter), trimmed, lower case (as Usher has always compared emails).
     */
    public static String normalizeEmail(String value) {
        return Normalizer.normalize(value == null ? "" : value.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }
}
