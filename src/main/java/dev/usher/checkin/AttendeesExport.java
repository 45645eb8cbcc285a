package dev.usher.checkin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.event.CurrentEvent;
import dev.usher.event.Event;
import dev.usher.store.Database;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code attendees.csv}: one row per ticket, with its fields, its ticket link, when it was
 * registered or cancelled and, per check-in list, when the attendee first came in.
 */
public final class AttendeesExport {
    static final List<String> LEADING = List.of("ticket_id", "name", "email");
    static final List<String> TRAILING = List.of("ticket_link", "registered_at", "cancelled_at");
    static final String ARRIVAL_PREFIX = "first_arrival_";
    static final int PAGE = 1000;

    private final Database db;
    private final ExportStore store;
    private final CurrentEvent event;

    AttendeesExport(Database db, ExportStore store, CurrentEvent event) {
        this.db = db;
        this.store = store;
        this.event = event;
    }

    public static AttendeesExport of(Database db, ObjectMapper json, CurrentEvent event) {
        return new AttendeesExport(db, new ExportStore(json, db.dialect()), event);
    }

    /** @param origin where ticket links point, e.g. {@code https://tickets.example.org} */
    void write(OutputStream out, String origin) {
        List<String> fields = db.read(store::fieldNames);
        List<Event.CheckInList> lists = event.get().checkInLists();
        List<String> fixed = new ArrayList<>(LEADING);
        fixed.addAll(TRAILING);
        lists.forEach(l -> fixed.add(ARRIVAL_PREFIX + l.id()));
        List<String> header = new ArrayList<>(LEADING);
        header.addAll(Spreadsheet.fieldColumns(fixed, fields));
        header.addAll(TRAILING);
        lists.forEach(l -> header.add(ARRIVAL_PREFIX + l.id()));
        try (Spreadsheet sheet = new Spreadsheet(out, event.get().timezone(), header)) {
            long after = 0;
            while (true) {
                long from = after;
                List<ExportStore.Attendee> page = db.read(c -> store.attendees(c, from, PAGE));
                for (ExportStore.Attendee a : page) {
                    List<String> cells = new ArrayList<>(header.size());
                    cells.add(a.ticketId());
                    cells.add(Spreadsheet.text(a.name()));
                    cells.add(Spreadsheet.text(a.email()));
                    fields.forEach(f -> cells.add(Spreadsheet.text(a.fields().get(f))));
                    cells.add(a.code() == null ? "" : origin + "/t/" + a.code().text());
                    cells.add(sheet.time(a.registeredAt()));
                    cells.add(sheet.time(a.cancelledAt()));
                    lists.forEach(l -> cells.add(sheet.time(a.firstArrivals().get(l.id()))));
                    sheet.row(cells);
                }
                if (page.size() < PAGE) {
                    return;
                }
                after = page.get(page.size() - 1).seq();
            }
        }
    }
}
