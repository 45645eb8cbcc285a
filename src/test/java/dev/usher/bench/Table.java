package dev.usher.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The result table: one row per target, as Markdown so it reads the same in a terminal and in RESULTS.md. */
final class Table {
    /**
     * @param met null when no verdict is given (smoke run, or a figure that could not be measured)
     */
    record Row(String what, String measured, String reference, String ratio, String target, Boolean met, String verdict) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final boolean judged;

    Table(boolean judged) {
        this.judged = judged;
    }

    /** A "≥ target" row: {@code ratio} should reach {@code target}. */
    void atLeast(String what, String measured, String reference, double ratio, double target, String note) {
        boolean met = ratio >= target;
        String verdict = met ? "met" : String.format(Locale.ROOT, "MISSED: %s of %s (%.1f× short)", fmt(ratio), fmt(target), target / Math.max(ratio, 1e-9));
        add(what, measured, reference, fmt(ratio), "≥ " + fmt(target), met, verdict, note);
    }

    /** A "≤ target" row: {@code value} should stay at or under {@code target}. */
    void atMost(String what, String measured, String reference, String ratioText, double value, double target, String targetText, String note) {
        boolean met = value <= target;
        String verdict = met ? "met" : String.format(Locale.ROOT, "MISSED: %.1f× over", value / target);
        add(what, measured, reference, ratioText, targetText, met, verdict, note);
    }

    /** A yes/no row. */
    void check(String what, String measured, String reference, String target, boolean met, String missedBecause) {
        add(what, measured, reference, "", target, met, met ? "met" : "MISSED: " + missedBecause, null);
    }

    private void add(String what, String measured, String reference, String ratio, String target, boolean met, String verdict, String note) {
        String v = judged ? verdict : "(smoke: not judged)";
        if (note != null && !note.isEmpty()) {
            v = v + "; " + note;
        }
        rows.add(new Row(what, measured, reference, ratio, target, judged ? met : null, v));
    }

    List<Row> rows() {
        return rows;
    }

    long missed() {
        return rows.stream().filter(r -> Boolean.FALSE.equals(r.met())).count();
    }

    String markdown() {
        StringBuilder s = new StringBuilder();
        s.append("| what | measured | in-run reference | ratio | target | result |\n");
        s.append("|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            s.append("| ").append(r.what()).append(" | ").append(r.measured()).append(" | ").append(r.reference())
                    .append(" | ").append(r.ratio()).append(" | ").append(r.target()).append(" | ").append(r.verdict()).append(" |\n");
        }
        return s.toString();
    }

    static String fmt(double v) {
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (Math.abs(v) >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String rate(double perSecond) {
        return fmt(perSecond) + "/s";
    }

    static String ms(long micros) {
        return micros >= 10_000 ? String.format(Locale.ROOT, "%.0f ms", micros / 1000.0) : String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }

    static String mb(long kb) {
        return kb < 0 ? "?" : String.format(Locale.ROOT, "%.0f MB", kb / 1024.0);
    }
}
