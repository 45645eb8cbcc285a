-- The event this data folder serves, as its event file says it (JSON). One row: a folder is one
-- event, and it keeps it, so a start without --event serves the same evening.
CREATE TABLE event (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    definition  TEXT    NOT NULL,
    updated_at  INTEGER NOT NULL
);
