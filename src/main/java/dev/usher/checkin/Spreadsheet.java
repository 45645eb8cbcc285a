package dev.usher.checkin;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A CSV written for spreadsheets, row by row to the response: UTF-8 with a byte order mark (without
 * one Excel reads the file as the Windows code page and "Zoë" arrives as "ZoÃ«"), times in the
 * event's own zone with their offset, and no cell that a spreadsheet would run as a formula.
 */
final class Spreadsheet implements AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final CSVPrinter printer;
    private final ZoneId zone;

    Spreadsheet(OutputStream out, ZoneId zone, List<String> header) {
        this.zone = zone;
        try {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            writer.write('\uFEFF');
            this.printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder()
                    .setHeader(header.stream().map(Spreadsheet::text).toArray(String[]::new)).get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void row(List<String> cells) {
        try {
            printer.printRecord(cells);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An instant as the event's wall-clock time with its offset, to the second: 2019-02-21T18:04:00-08:00. */
    String time(Instant at) {
        return at == null ? "" : at.truncatedTo(ChronoUnit.SECONDS).atZone(zone).format(TIME);
    }

    /**
     * Text a person or a file supplied. Spreadsheets run a cell that starts with = + - @ as a
     * formula; an attendee could name themselves "=HYPERLINK(...)". A leading apostrophe makes it
     * plain text.
     */
    static String text(String value) {
        if (value == null) {
            return "";
        }
        if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            return "'" + value;
        }
        return value;
    }

    /**
     * Attendee fields as column names beside the fixed ones: a field that is called like a fixed
     * column ("name", "list") gets a "field: " prefix, so every column name is read once.
     */
    static List<String> fieldColumns(List<String> fixed, List<String> fields) {
        Set<String> taken = new HashSet<>();
        fixed.forEach(f -> taken.add(f.toLowerCase(Locale.ROOT)));
        return fields.stream().map(f -> taken.contains(f.toLowerCase(Locale.ROOT)) ? "field: " + f : f).toList();
    }

    @Override
    public void close() {
        try {
            printer.close(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
