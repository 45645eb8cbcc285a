-- The offline door (issue 13). Kiosks keep a copy of every ticket's door state and fetch only
-- what changed since their last sync: a change log, one row per change to a ticket's name,
-- cancellation, codes or check-ins, numbered in commit order (one writer, so a reader sees a
-- prefix). A sync reads a range of it and answers each ticket in it with its current state; a
-- ticket that changed twice is sent twice, and the later answer replaces the earlier one.
-- Triggers fill it, so no writer has to remember to. It is append-only, with no index beyond
-- its key and no foreign key: a 40,000-guest import pays one appended row per ticket.
CREATE TABLE offline_changes (
    seq         INTEGER PRIMARY KEY,
    ticket_id   TEXT    NOT NULL
);
INSERT INTO offline_changes (ticket_id) SELECT id FROM tickets ORDER BY created_at, id;

-- A new ticket is inserted with its first code (TicketStore.insertNew): the code's row logs it.
CREATE TRIGGER offline_code_insert AFTER INSERT ON ticket_codes BEGIN
    INSERT INTO offline_changes (ticket_id) VALUES (NEW.ticket_id);
END;
CREATE TRIGGER offline_code_update AFTER UPDATE OF revoked_at ON ticket_codes BEGIN
    INSERT INTO offline_changes (ticket_id) VALUES (NEW.ticket_id);
END;
-- Only what a kiosk holds: the (sealed) name and cancellation; not email, search key or fields.
CREATE TRIGGER offline_ticket_update AFTER UPDATE OF name, cancelled_at ON tickets BEGIN
    INSERT INTO offline_changes (ticket_id) VALUES (NEW.id);
END;
CREATE TRIGGER offline_checkin_insert AFTER INSERT ON checkins BEGIN
    INSERT INTO offline_changes (ticket_id) VALUES (NEW.ticket_id);
END;
CREATE TRIGGER offline_checkin_update AFTER UPDATE OF annulled_at ON checkins BEGIN
    INSERT INTO offline_changes (ticket_id) VALUES (NEW.ticket_id);
END;

-- A ticket's replaced codes, for the sync (its current one is in ticket_codes_active). Partial:
-- an import revokes nothing, so it adds nothing to this index.
CREATE INDEX ticket_codes_revoked ON ticket_codes (ticket_id) WHERE revoked_at IS NOT NULL;

-- An offline scan the online rules would have refused (already inside via another door, revoked
-- or cancelled meanwhile): the door let the person in, so it is flagged for staff, never doubled.
ALTER TABLE scans ADD COLUMN conflict INTEGER NOT NULL DEFAULT 0 CHECK (conflict IN (0, 1));
-- The scan time at the door, as the device sent it (an offline scan is uploaded later).
ALTER TABLE scans ADD COLUMN client_at INTEGER;
CREATE INDEX scans_conflicts ON scans (id) WHERE conflict = 1;
