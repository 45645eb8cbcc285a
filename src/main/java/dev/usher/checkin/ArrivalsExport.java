package dev.usher.checkin;

import dev.usher.store.Database;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/** The arrivals as a spreadsheet: one row per entry or exit. */
public final class ArrivalsExport {
    static final String[] HEADER = {"checkin_id", "ticket_id", "name", "email", "list", "type", "at", "kiosk", "annulled_at", "annulled_by"};

    private final Database db;
    private final CheckInStore store;

    public ArrivalsExport(Database db, CheckInStore store) {
        this.db = db;
        this.store = store;
    }

    public String csv() {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(HEADER).get())) {
            db.read(c -> {
                store.exportRows(c, row -> {
                    try {
                        printer.printRecord(row.id(), row.ticketId(), safe(row.name()), safe(row.email()), row.listId(),
                                row.type(), row.at(), safe(row.deviceName()), row.annulledAt() == null ? "" : row.annulledAt(),
                                row.annulledBy() == null ? "" : safe(row.annulledBy()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                return null;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A row of the export. */
    public record Row(long id, String ticketId, String name, String email, String listId, String type, Instant at,
                      String deviceName, Instant annulledAt, String annulledBy) {
    }

    /**
     * Spreadsheets run a cell that starts with = + - @ as a formula; an attendee could name
     * themselves "=HYPERLINK(...)". A leading apostrophe makes it plain text.
     */
    static String safe(String value) {
        if (value != null && !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            return "'" + value;
        }
        return value;
    }
}
