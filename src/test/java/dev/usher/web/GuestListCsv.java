package dev.usher.web;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Guest-list uploads for {@code POST /api/tickets/import}: right, nearly right or wrong header, odd
 * rows, broken quotes, any encoding; all drawn from one {@link HostileText}. One instance serves all
 * the uploads of a run: the long-cell allowance an upload leaves unspent carries over to the next
 * one's header, as it always has, so a seed replays the same files.
 */
final class GuestListCsv {
    private final HostileText g;
    private int longCells;

    GuestListCsv(HostileText g) {
        this.g = g;
    }

    /** The bytes of one upload. */
    byte[] upload() {
        if (g.chance(0.08)) {
            return g.randomBytes(g.r.nextInt(2_000));
        }
        String sep = g.pick("\n", "\r\n", "\r");
        StringBuilder sb = new StringBuilder();
        int columns = header(sb, sep);
        int rows = g.chance(0.1) && columns <= 6 ? 200 + g.r.nextInt(400) : g.r.nextInt(30);
        longCells = g.chance(0.2) ? 1 + g.r.nextInt(2) : 0;
        for (int i = 0; i < rows && sb.length() < 1_000_000; i++) {
            int n = g.chance(0.8) ? columns : g.r.nextInt(columns + 3);
            for (int c = 0; c < n; c++) {
                if (c > 0) {
                    sb.append(',');
                }
                if (c == 1 && g.chance(0.6)) {
                    sb.append("guest").append(g.r.nextInt(100_000)).append("@import.example");
                } else if (c == 0 && g.chance(0.5)) {
                    sb.append("Guest ").append(i);
                } else {
                    sb.append(cell());
                }
            }
            sb.append(g.chance(0.95) ? sep : g.pick("\n\n\n", "\r\r", "\"", ""));
        }
        return encode(sb.toString());
    }

    /** Appends a header line (or none); returns how many columns the rows should have. */
    private int header(StringBuilder sb, String sep) {
        int columns = 2;
        switch (g.r.nextInt(8)) {
            case 0 -> { }
            case 1 -> sb.append("Name,EMAIL").append(sep);
            case 2 -> {
                sb.append("name,email,company,\"role, title\",,note");
                columns = 6;
                sb.append(sep);
            }
            case 3 -> {
                columns = g.pick(51, 60, 300);
                sb.append("name,email");
                for (int i = 2; i < columns; i++) {
                    sb.append(",c").append(i);
                }
                sb.append(sep);
            }
            case 4 -> sb.append(g.pick("name,name,email", "email;name", "\"name\",\"email", "name", ",", "\"\"", "email,name"))
                    .append(sep);
            case 5 -> sb.append(cell()).append(',').append(cell()).append(sep);
            default -> sb.append("name,email").append(sep);
        }
        return columns;
    }

    private byte[] encode(String text) {
        int encoding = g.r.nextInt(10);
        return switch (encoding) {
            case 0 -> ("\ufeff" + text).getBytes(StandardCharsets.UTF_8);
            case 1 -> text.getBytes(StandardCharsets.UTF_16);
            case 2 -> text.getBytes(StandardCharsets.UTF_16LE);
            case 3 -> text.getBytes(StandardCharsets.ISO_8859_1);
            case 4 -> text.getBytes(Charset.forName("windows-1252"));
            default -> text.getBytes(StandardCharsets.UTF_8);
        };
    }

    /** A CSV value, quoted or not; at most {@code longCells} of them per file are long (up to 100 kB). */
    private String cell() {
        int kind = g.r.nextInt(10);
        if (kind == 0 && longCells > 0) {
            longCells--;
            return g.longText(1_000, 100_000);
        }
        String t = switch (kind) {
            case 0 -> g.shortText();
            case 1 -> g.pick("\"", "\"\"", "\"a\"b\"", "a\"b", "\"unterminated", "\"a\nb\"", "\"a,b\"", "=1+1", "@SUM(A1)");
            default -> g.shortText();
        };
        return g.chance(0.3) ? "\"" + t.replace("\"", "\"\"") + "\"" : t;
    }
}
