package dev.usher.checkin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.event.CurrentEvent;
import dev.usher.event.Event;
import dev.usher.store.Database;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code checkins.csv}: one row per entry or exit, annulled ones marked with who and why, the list's
 * name beside its id, and the attendee's fields as the last columns.
 */
public final class ArrivalsExport {
    static final List<String> HEADER = List.of("checkin_id", "ticket_id", "name", "email", "list", "list_name", "type", "at",
            "kiosk", "annulled_at", "annulled_by", "annul_reason");
    static final int PAGE = 1000;

    private final Database db;
    private final ExportStore store;
    private final CurrentEvent event;

    ArrivalsExport(Database db, ExportStore store, CurrentEvent event) {
        this.db = db;
        this.store = store;
        this.event = event;
    }

    public static ArrivalsExport of(Database db, ObjectMapper json, CurrentEvent event) {
        return new ArrivalsExport(db, new ExportStore(json, db.dialect()), event);
    }

    void write(OutputStream out) {
        List<String> fields = db.read(store::fieldNames);
        List<String> header = new ArrayList<>(HEADER);
        header.addAll(Spreadsheet.fieldColumns(HEADER, fields));
        try (Spreadsheet sheet = new Spreadsheet(out, event.get().timezone(), header)) {
            long after = 0;
            while (true) {
                long from = after;
                List<ExportStore.Arrival> page = db.read(c -> store.arrivals(c, from, PAGE));
                for (ExportStore.Arrival a : page) {
                    List<String> cells = new ArrayList<>(header.size());
                    cells.add(Long.toString(a.id()));
                    cells.add(a.ticketId());
                    cells.add(Spreadsheet.text(a.name()));
                    cells.add(Spreadsheet.text(a.email()));
                    cells.add(a.listId());
                    cells.add(Spreadsheet.text(event.get().checkInList(a.listId()).map(Event.CheckInList::name).orElse("")));
                    cells.add(a.type());
                    cells.add(sheet.time(a.at()));
                    cells.add(Spreadsheet.text(a.deviceName()));
                    cells.add(sheet.time(a.annulledAt()));
                    cells.add(Spreadsheet.text(a.annulledBy()));
                    cells.add(Spreadsheet.text(a.annulReason()));
                    fields.forEach(f -> cells.add(Spreadsheet.text(a.fields().get(f))));
                    sheet.row(cells);
                }
                if (page.size() < PAGE) {
                    return;
                }
                after = page.get(page.size() - 1).id();
            }
        }
    }
}
