-- The offline door (issue 13). Kiosks keep a copy of every ticket's door state and fetch only
-- what changed since their last sync: this table holds each ticket's latest change, numbered in
-- commit order. A change deletes the ticket's row and inserts it again, so AUTOINCREMENT gives it
-- a number above every earlier one and "what changed after N" is one range of the primary key.
-- Triggers fill it: no writer of tickets, codes or check-ins has to remember to.
CREATE TABLE offline_changes (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id   TEXT    NOT NULL UNIQUE REFERENCES tickets (id)
);
INSERT INTO offline_changes (ticket_id) SELECT id FROM tickets ORDER BY created_at, id;

CREATE TRIGGER offline_ticket_insert AFTER INSERT ON tickets BEGIN
    DELETE FROM offline_changes WHERE ticket_id = NEW.id;
    INSERT INTO offline_changes (ticket_id) VALUES (NEW.id);
END;
-- Only what a kiosk holds: the (sealed) name and cancellation; not email, search key or fields.
CREATE TRIGGER offline_ticket_update AFTER UPDATE OF name, cancelled_at ON tickets BEGIN
    DELETE FROM offline_changes WHERE ticket_id = NEW.id;
    INSERT INTO offline_changes (ticket_id) VALUES (NEW.id);
END;
CREATE TRIGGER offline_code_insert AFTER INSERT ON ticket_codes BEGIN
    DELETE FROM offline_changes WHERE ticket_id = NEW.ticket_id;
    INSERT INTO offline_changes (ticket_id) VALUES (NEW.ticket_id);
END;
CREATE TRIGGER offline_code_update AFTER UPDATE OF revoked_at ON ticket_codes BEGIN
    DELETE FROM offline_changes WHERE ticket_id = NEW.ticket_id;
    INSERT INTO offline_changes (ticket_id) VALUES (NEW.ticket_id);
END;
CREATE TRIGGER offline_checkin_insert AFTER INSERT ON checkins BEGIN
    DELETE FROM offline_changes WHERE ticket_id = NEW.ticket_id;
    INSERT INTO offline_changes (ticket_id) VALUES (NEW.ticket_id);
END;
CREATE TRIGGER offline_checkin_update AFTER UPDATE OF annulled_at ON checkins BEGIN
    DELETE FROM offline_changes WHERE ticket_id = NEW.ticket_id;
    INSERT INTO offline_changes (ticket_id) VALUES (NEW.ticket_id);
END;

-- A ticket's codes, current and replaced, for the sync's answer (the primary key is the serial).
CREATE INDEX ticket_codes_ticket ON ticket_codes (ticket_id);

-- An offline scan the online rules would have refused (already inside via another door, revoked
-- or cancelled meanwhile): the door let the person in, so it is flagged for staff, never doubled.
ALTER TABLE scans ADD COLUMN conflict INTEGER NOT NULL DEFAULT 0 CHECK (conflict IN (0, 1));
-- The scan time at the door, as the device sent it (an offline scan is uploaded later).
ALTER TABLE scans ADD COLUMN client_at INTEGER;
CREATE INDEX scans_conflicts ON scans (id) WHERE conflict = 1;
