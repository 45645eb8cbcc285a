package dev.usher.ticket;

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
 * Turns a staff guest list (CSV with a {@code name,email} header; other columns become attendee
 * fields) into tickets. A bad line is reported with its line number and never stops the rest.
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

    public Report run(byte[] body) {
        Decoded text = decode(body);
        LineIndex lines = new LineIndex(text.text());
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setIgnoreSurroundingSpaces(true)
                .setAllowMissingColumnNames(true)
                .get();
        Tally tally = new Tally();
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text.text())).setFormat(format).get()) {
            Columns columns = Columns.of(parser.getHeaderNames());
            // Every good row, then one transaction for all: an import that is killed or fails half-way
            // leaves no ticket behind, so running it again is always right.
            List<Row> pending = new ArrayList<>();
            Set<String> seenEmails = new HashSet<>();
            Iterator<CSVRecord> records = parser.iterator();
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
                Row row = columns.read(record, line, tally);
                if (row == null) {
                    continue;
                }
                if (!seenEmails.add(row.attendee().email())) {
                    tally.skipped(new Problem(line, row.attendee().email(), "The same email appears earlier in this file."));
                    continue;
                }
                pending.add(row);
            }
            flush(pending, tally);
        } catch (IOException | IllegalArgumentException e) {
            throw ApiError.badRequest("bad_csv", "The guest list could not be read: " + rootMessage(e));
        }
        return tally.report(text.encoding());
    }

    private void flush(List<Row> rows, Tally tally) {
        if (rows.isEmpty()) {
            return;
        }
        TicketService.BatchResult result = tickets.issueAll(rows.stream().map(Row::attendee).toList(), Ticket.Source.IMPORT);
        tally.created += result.created().size();
        tally.importId = result.importId();
        Set<String> skippedEmails = new HashSet<>();
        result.skipped().forEach(a -> skippedEmails.add(a.email()));
        for (Row r : rows) {
            if (skippedEmails.contains(r.attendee().email())) {
                tally.skipped(new Problem(r.line(), r.attendee().email(), "A ticket for this email already exists."));
            }
        }
        rows.clear();
    }

    private record Row(long line, Attendee attendee) {
    }

    /** Where name, email and the extra columns are, from the header line. */
    private record Columns(int name, int email, List<String> headers) {
        static Columns of(List<String> headers) {
            int name = -1;
            int email = -1;
            for (int i = 0; i < headers.size(); i++) {
                String h = headers.get(i) == null ? "" : headers.get(i).strip().toLowerCase(Locale.ROOT);
                if (h.equals("name") && name < 0) {
                    name = i;
                } else if (h.equals("email") && email < 0) {
                    email = i;
                }
            }
            if (name < 0 || email < 0) {
                throw ApiError.badRequest("bad_csv_header",
                        "The first line must name the columns and include 'name' and 'email' (found: " + String.join(",", headers) + ").");
            }
            return new Columns(name, email, headers);
        }

        Row read(CSVRecord record, long line, Tally tally) {
            if (record.size() <= Math.max(name, email)) {
                tally.bad(new Problem(line, null, "Expected " + headers.size() + " columns, found " + record.size() + "."));
                return null;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < record.size() && i < headers.size(); i++) {
                String header = headers.get(i);
                if (i != name && i != email && header != null && !header.isBlank() && !record.get(i).isBlank()) {
                    fields.put(header.strip(), record.get(i));
                }
            }
            try {
                return new Row(line, Attendee.of(record.get(name), record.get(email), fields));
            } catch (ApiError e) {
                tally.bad(new Problem(line, null, e.getMessage()));
                return null;
            }
        }
    }

    private static final class Tally {
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
