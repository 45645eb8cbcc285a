-- Every change staff make to an attendee's name or email: who, when, from what to what.
CREATE TABLE ticket_edits (
    id          INTEGER PRIMARY KEY,
    ticket_id   TEXT    NOT NULL REFERENCES tickets (id),
    at          INTEGER NOT NULL,
    by_id       TEXT    NOT NULL,
    by_name     TEXT    NOT NULL,
    field       TEXT    NOT NULL CHECK (field IN ('name', 'email')),
    old_value   TEXT    NOT NULL,
    new_value   TEXT    NOT NULL
);
CREATE INDEX ticket_edits_ticket ON ticket_edits (ticket_id, at);
