-- Times are epoch milliseconds (UTC): they sort, compare and survive any locale.

CREATE TABLE tickets (
    id          TEXT    PRIMARY KEY,           -- random public id, never sequential
    name        TEXT    NOT NULL,
    email       TEXT    NOT NULL,              -- trimmed, lower case: one ticket per email
    fields      TEXT    NOT NULL DEFAULT '{}', -- extra attendee fields (JSON object)
    source      TEXT    NOT NULL CHECK (source IN ('self', 'staff', 'import')),
    created_at  INTEGER NOT NULL,
    cancelled_at INTEGER
);
CREATE UNIQUE INDEX tickets_email ON tickets (email);
CREATE INDEX tickets_name ON tickets (name COLLATE NOCASE);

-- A ticket's code is its serial signed by the event key; revoking re-issues a new serial.
CREATE TABLE ticket_codes (
    serial      BLOB    PRIMARY KEY,
    ticket_id   TEXT    NOT NULL REFERENCES tickets (id),
    signature   BLOB    NOT NULL,
    issued_at   INTEGER NOT NULL,
    revoked_at  INTEGER
) WITHOUT ROWID;
CREATE UNIQUE INDEX ticket_codes_active ON ticket_codes (ticket_id) WHERE revoked_at IS NULL;

-- Devices that hold a token: kiosks at the doors (and, later, read-only viewers).
CREATE TABLE devices (
    id          TEXT    PRIMARY KEY,
    name        TEXT    NOT NULL,
    role        TEXT    NOT NULL CHECK (role IN ('kiosk', 'viewer')),
    token_hash  BLOB    NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER,
    last_seen_at INTEGER
);

-- An entry or exit on one check-in list. Entry and exit of the same visit share a round:
-- entry 0, exit 0, entry 1, ... The partial unique index is what makes "admitted once" hold
-- even if the rules above it were wrong.
CREATE TABLE checkins (
    id          INTEGER PRIMARY KEY,
    ticket_id   TEXT    NOT NULL REFERENCES tickets (id),
    list_id     TEXT    NOT NULL,
    type        TEXT    NOT NULL CHECK (type IN ('entry', 'exit')),
    round       INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    client_at   INTEGER,
    device_id   TEXT    NOT NULL,
    device_name TEXT    NOT NULL,
    annulled_at INTEGER,
    annulled_by TEXT,
    annul_reason TEXT
);
CREATE UNIQUE INDEX checkins_once ON checkins (ticket_id, list_id, type, round) WHERE annulled_at IS NULL;
CREATE INDEX checkins_list ON checkins (list_id, type) WHERE annulled_at IS NULL;

-- Every scan, admitted or refused. A nonce makes a retried request return the first verdict.
CREATE TABLE scans (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    device_id   TEXT    NOT NULL,
    device_name TEXT    NOT NULL,
    list_id     TEXT    NOT NULL,
    type        TEXT    NOT NULL,
    code_hash   TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    reason      TEXT,
    ticket_id   TEXT,
    checkin_id  INTEGER,
    nonce       TEXT
);
CREATE UNIQUE INDEX scans_nonce ON scans (device_id, nonce) WHERE nonce IS NOT NULL;
CREATE INDEX scans_device ON scans (device_id);
