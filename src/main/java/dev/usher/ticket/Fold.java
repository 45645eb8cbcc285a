package dev.usher.ticket;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How names and emails are matched by search: "Renée Dubois", "RENEE DUBOIS" and "renee-dubois"
 * are one text. Folding is done here, in Java, both when a ticket is stored and when a query
 * arrives, so the index and the query agree by construction.
 */
final class Fold {
    /**
     * Letters NFKD does not take apart: they are letters of their own in Unicode, but a person
     * typing on a phone keyboard without them writes the Latin letters here.
     */
    private static final Map<Integer, String> LETTERS = Map.ofEntries(
            Map.entry((int) 'ß', "ss"), Map.entry((int) 'æ', "ae"), Map.entry((int) 'ø', "o"),
            Map.entry((int) 'œ', "oe"), Map.entry((int) 'ł', "l"), Map.entry((int) 'đ', "d"),
            Map.entry((int) 'ð', "d"), Map.entry((int) 'þ', "th"), Map.entry((int) 'ħ', "h"),
            Map.entry((int) 'ı', "i"), Map.entry((int) 'ŧ', "t"), Map.entry((int) 'ĸ', "k"),
            Map.entry((int) 'ŋ', "ng"), Map.entry((int) 'ƒ', "f"), Map.entry((int) 'ɖ', "d"));

    private Fold() {
    }

    /**
     * NFKD with combining marks removed, lower case, the letters above spelled in Latin,
     * apostrophes dropped ("O'Brien" is "obrien"), any other punctuation a space, single spaces.
     * The result holds only letters, digits and single spaces (so never a LIKE wildcard).
     */
    static String text(String s) {
        if (s == null) {
            return "";
        }
        String decomposed = Normalizer.normalize(s.toLowerCase(Locale.ROOT), Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(decomposed.length());
        boolean space = true;
        for (int i = 0; i < decomposed.length(); ) {
            int cp = decomposed.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || isApostrophe(cp)) {
                continue;
            }
            String letter = LETTERS.get(cp);
            if (letter != null) {
                out.append(letter);
                space = false;
            } else if (Character.isLetterOrDigit(cp)) {
                out.appendCodePoint(Character.toLowerCase(cp));
                space = false;
            } else if (!space) {
                out.append(' ');
                space = true;
            }
        }
        int end = out.length();
        if (end > 0 && out.charAt(end - 1) == ' ') {
            out.setLength(end - 1);
        }
        return out.toString();
    }

    /** The distinct folded words of {@code s}, in order. */
    static List<String> words(String s) {
        String folded = text(s);
        return folded.isEmpty() ? List.of() : Arrays.stream(folded.split(" ")).distinct().toList();
    }

    private static boolean isApostrophe(int cp) {
        return cp == '\'' || cp == '\u2019' || cp == '\u02bc' || cp == '`' || cp == '\u00b4';
    }
}
