package dev.usher.ticket;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.usher.web.ApiError;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a staff guest list into tickets: a CSV (comma, semicolon or tab, told apart by the header
 * line) whose header names an email column and a name column (or first and last name), in the
 * spellings spreadsheets, Eventbrite and German tools use; other columns become attendee fields.
 * A bad line is reported with its line number and never stops the rest.
 */
public final class GuestListImport {
    static final int MAX_LISTED = 1000;
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private final TicketService tickets;

    public GuestListImport(TicketService tickets) {
        this.tickets = tickets;
    }

    public record Problem(long line, String email, String reason) {
    }

    /** @param importId what {@code POST /api/tickets/send} takes to mail the created tickets; null when none was */
    public record Report(int created, int skippedCount, int badCount, List<Problem> skipped, List<Problem> bad, String encoding,
                         String importId) {
    }

    /** What {@code POST /api/tickets/import/preview} shows: how the file would be read, nothing written. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Preview(String delimiter, String encoding, Mapping columns, List<PreviewRow> rows, long total) {
    }

    /** Which header became the name (or first and last name) and the email; the rest are fields. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Mapping(String name, String firstName, String lastName, String email, List<String> fields) {
    }

    public record PreviewRow(long line, String name, String email, Map<String, String> fields) {
    }

    static final int PREVIEW_ROWS = 5;

    public Report run(byte[] body) {
        Decoded text = decode(body);
        Tally tally = new Tally();
        // Every good row first (a bad file is refused before anything is written), then the tickets
        // in chunks: one stopped half-way keeps whole tickets, and running it again adds the rest.
        List<Row> pending = new ArrayList<>();
        Set<String> seenEmails = new HashSet<>();
        read(text.text(), (columns, row) -> {
            if (!seenEmails.add(row.attendee().email())) {
                tally.skipped(new Problem(row.line(), row.attendee().email(), "The same email appears earlier in this file."));
                return;
            }
            pending.add(row);
        }, tally);
        flush(pending, tally);
        return tally.report(text.encoding());
    }

    public Preview preview(byte[] body) {
        Decoded text = decode(body);
        Tally tally = new Tally();
        List<PreviewRow> rows = new ArrayList<>();
        Columns columns = read(text.text(), (cols, row) -> {
            if (rows.size() < PREVIEW_ROWS) {
                Map<String, String> fields = new LinkedHashMap<>();
                // In the file's column order (an attendee's fields keep none).
                cols.fieldNames().forEach(f -> {
                    String v = row.attendee().fields().get(f);
                    if (v != null) {
                        fields.put(f, v);
                    }
                });
                rows.add(new PreviewRow(row.line(), row.attendee().name(), row.attendee().email(), fields));
            }
        }, tally);
        return new Preview(String.valueOf(columns.delimiter()), text.encoding(), columns.mapping(), List.copyOf(rows), tally.rows);
    }

    private interface RowSink {
        void accept(Columns columns, Row row);
    }

    /** Reads the header and every record, handing each good row to {@code sink} and each bad one to the tally. */
    private Columns read(String text, RowSink sink, Tally tally) {
        char delimiter = sniffDelimiter(text);
        LineIndex lines = new LineIndex(text);
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setDelimiter(delimiter)
                .setIgnoreEmptyLines(true)
                .setIgnoreSurroundingSpaces(true)
                .get();
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(format).get()) {
            Iterator<CSVRecord> records = parser.iterator();
            Columns columns;
            try {
                columns = Columns.of(records.hasNext() ? records.next().toList() : List.of(), delimiter);
            } catch (UncheckedIOException | IllegalStateException e) {
                throw ApiError.badRequest("bad_csv_header", "The first line could not be read (unbalanced quotes?): " + rootMessage(e));
            }
            long lastLine = 1;
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    // Broken quoting swallows the rest of the file: nothing after it can be read reliably.
                    tally.bad(new Problem(lastLine + 1, null,
                            "The file could not be read past this line (unbalanced quotes?): " + rootMessage(e)));
                    break;
                }
                long line = lines.lineAt(record.getCharacterPosition());
                lastLine = line;
                tally.rows++;
                Row row = columns.read(record, line, tally);
                if (row != null) {
                    sink.accept(columns, row);
                }
            }
            return columns;
        } catch (IOException | IllegalArgumentException e) {
            throw ApiError.badRequest("bad_csv", "The guest list could not be read: " + rootMessage(e));
        }
    }

    /**
     * The delimiter the header line uses most, outside quotes: Excel in a German (or French, Dutch...)
     * locale saves "CSV" with semicolons, and some tools export tab-separated text.
     */
    static char sniffDelimiter(String text) {
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (!quoted && (ch == '\n' || ch == '\r')) {
                if (commas + semicolons + tabs > 0) {
                    break;
                }
            } else if (!quoted) {
                switch (ch) {
                    case ',' -> commas++;
                    case ';' -> semicolons++;
                    case '\t' -> tabs++;
                    default -> { }
                }
            }
        }
        if (semicolons > commas && semicolons >= tabs) {
            return ';';
        }
        if (tabs > commas && tabs > semicolons) {
            return '\t';
        }
        return ',';
    }

    private void flush(List<Row> rows, Tally tally) {
        if (rows.isEmpty()) {
            return;
        }
        TicketService.BatchResult result = tickets.issueAll(rows.stream().map(Row::attendee).toList(), Ticket.Source.IMPORT);
        tally.created += result.created();
        tally.importId = result.importId();
        for (Row r : rows) {
            if (result.skippedEmails().contains(r.attendee().email())) {
                tally.skipped(new Problem(r.line(), r.attendee().email(), "A ticket for this email already exists."));
            }
        }
        rows.clear();
    }

    private record Row(long line, Attendee attendee) {
    }

    /** The header spellings Usher understands, compared by {@link #key}. */
    private static final Set<String> EMAIL_HEADERS = keys("email", "e-mail", "email address", "e-mail address",
            "e-mail-adresse", "email-adresse", "mail", "attendee email");
    private static final Set<String> NAME_HEADERS = keys("name", "full name", "attendee name", "vollständiger name");
    private static final List<List<String>> FIRST_LAST_HEADERS = List.of(
            List.of("first name", "last name"), List.of("vorname", "nachname"), List.of("given name", "family name"));

    private static Set<String> keys(String... headers) {
        Set<String> keys = new HashSet<>();
        for (String h : headers) {
            keys.add(key(h));
        }
        return keys;
    }

    /**
     * A header as compared: lower case, accents dropped, and only letters and digits kept, so
     * "E-Mail-Adresse", "first_name", " First Name " and "Vollständiger Name" match their alias.
     */
    static String key(String header) {
        String plain = Normalizer.normalize(header == null ? "" : header, Normalizer.Form.NFD).toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder();
        plain.codePoints().filter(Character::isLetterOrDigit).forEach(sb::appendCodePoint);
        return sb.toString();
    }

    /**
     * Where name (or first and last name), email and the extra columns are, from the header line.
     * {@code first} and {@code last} are -1 when one name column is used, and {@code name} is -1 otherwise.
     */
    private record Columns(char delimiter, int name, int first, int last, int email, List<String> headers) {
        static Columns of(List<String> headers, char delimiter) {
            int name = find(headers, NAME_HEADERS);
            int email = find(headers, EMAIL_HEADERS);
            int first = -1;
            int last = -1;
            if (name < 0) {
                for (List<String> pair : FIRST_LAST_HEADERS) {
                    int f = find(headers, Set.of(key(pair.get(0))));
                    int l = find(headers, Set.of(key(pair.get(1))));
                    if (f >= 0 && l >= 0) {
                        first = f;
                        last = l;
                        break;
                    }
                }
            }
            boolean named = name >= 0 || first >= 0;
            if (!named || email < 0) {
                String missing = !named && email < 0 ? "a name and an email column" : email < 0 ? "an email column" : "a name column";
                String found = headers.stream().filter(h -> h != null && !h.isBlank()).map(h -> "'" + h.strip() + "'")
                        .reduce((a, b) -> a + ", " + b).orElse("none");
                throw ApiError.badRequest("bad_csv_header", "The guest list needs " + missing
                        + ": the first line must name the columns, with 'email' (or 'e-mail', 'email address', "
                        + "'E-Mail-Adresse', 'mail', 'attendee email') and 'name' (or 'full name', 'attendee name', "
                        + "'Vollständiger Name', or 'first name' + 'last name', 'Vorname' + 'Nachname', "
                        + "'given name' + 'family name'). Found: " + found + "."
                        + (email < 0 && named ? " Exports without email addresses (Meetup's, for example) cannot become tickets." : ""));
            }
            return new Columns(delimiter, name, first, last, email, headers);
        }

        private static int find(List<String> headers, Set<String> keys) {
            for (int i = 0; i < headers.size(); i++) {
                if (keys.contains(key(headers.get(i)))) {
                    return i;
                }
            }
            return -1;
        }

        private boolean isField(int i) {
            return i != name && i != first && i != last && i != email && headers.get(i) != null && !headers.get(i).isBlank();
        }

        List<String> fieldNames() {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < headers.size(); i++) {
                if (isField(i)) {
                    names.add(headers.get(i).strip());
                }
            }
            return names;
        }

        Mapping mapping() {
            return name >= 0
                    ? new Mapping(headers.get(name).strip(), null, null, headers.get(email).strip(), fieldNames())
                    : new Mapping(null, headers.get(first).strip(), headers.get(last).strip(), headers.get(email).strip(), fieldNames());
        }

        Row read(CSVRecord record, long line, Tally tally) {
            int needed = Math.max(email, Math.max(name, Math.max(first, last)));
            if (record.size() <= needed) {
                tally.bad(new Problem(line, null, "Expected " + headers.size() + " columns, found " + record.size() + "."));
                return null;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < record.size() && i < headers.size(); i++) {
                if (isField(i) && !record.get(i).isBlank()) {
                    fields.put(headers.get(i).strip(), record.get(i));
                }
            }
            String fullName = name >= 0 ? record.get(name) : (record.get(first).strip() + " " + record.get(last).strip()).strip();
            try {
                return new Row(line, Attendee.of(fullName, record.get(email), fields));
            } catch (ApiError e) {
                tally.bad(new Problem(line, null, e.getMessage()));
                return null;
            }
        }
    }

    private static final class Tally {
        long rows;
        int created;
        int skippedCount;
        int badCount;
        String importId;
        final List<Problem> skipped = new ArrayList<>();
        final List<Problem> bad = new ArrayList<>();

        void skipped(Problem p) {
            skippedCount++;
            if (skipped.size() < MAX_LISTED) {
                skipped.add(p);
            }
        }

        void bad(Problem p) {
            badCount++;
            if (bad.size() < MAX_LISTED) {
                bad.add(p);
            }
        }

        Report report(String encoding) {
            List<Problem> sortedSkipped = new ArrayList<>(skipped);
            sortedSkipped.sort((a, b) -> Long.compare(a.line(), b.line()));
            return new Report(created, skippedCount, badCount, sortedSkipped, List.copyOf(bad), encoding, importId);
        }
    }

    private record Decoded(String text, String encoding) {
    }

    /** UTF-8 when the bytes are valid UTF-8, else Windows-1252: what Excel writes on Windows. */
    private static Decoded decode(byte[] body) {
        byte[] bytes = body;
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            bytes = Arrays.copyOfRange(bytes, 3, bytes.length);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return new Decoded(text, "UTF-8");
        } catch (CharacterCodingException e) {
            return new Decoded(new String(bytes, WINDOWS_1252), "windows-1252");
        }
    }

    /** Maps a record's character offset to the 1-based line its first value is on. */
    private static final class LineIndex {
        private final int[] starts;
        private final String text;

        LineIndex(String text) {
            this.text = text;
            List<Integer> s = new ArrayList<>();
            s.add(0);
            for (int i = 0; i < text.length(); i++) {
                char ch = text.charAt(i);
                if (ch == '\n' || (ch == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                    s.add(i + 1);
                }
            }
            starts = s.stream().mapToInt(Integer::intValue).toArray();
        }

        long lineAt(long offset) {
            int at = (int) Math.min(offset, text.length());
            // The parser reports where it began reading, which is before any blank lines it skipped.
            while (at < text.length() && (text.charAt(at) == '\n' || text.charAt(at) == '\r')) {
                at++;
            }
            int i = Arrays.binarySearch(starts, at);
            return (i >= 0 ? i : -i - 2) + 1;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}
