-- Tickets created by one guest-list import share its id: "send tickets to the new guests".
ALTER TABLE tickets ADD COLUMN import_id TEXT;
CREATE INDEX tickets_import ON tickets (import_id) WHERE import_id IS NOT NULL;

-- The outbox: a row is written in the transaction that issues or asks for the ticket, and the
-- sender marks it sent only after the relay accepted it (at least once, never zero times).
CREATE TABLE mails (
    id              TEXT    PRIMARY KEY,
    ticket_id       TEXT    NOT NULL REFERENCES tickets (id),
    kind            TEXT    NOT NULL CHECK (kind IN ('ticket', 'resend', 'reissue')),
    subject         TEXT    NOT NULL,
    base_url        TEXT    NOT NULL,           -- where the mail's ticket link points
    state           TEXT    NOT NULL CHECK (state IN ('queued', 'sent', 'failed')),
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    first_failure_at INTEGER,                   -- retries stop 24 h after this
    done_at         INTEGER,                    -- sent or failed
    error           TEXT,                       -- the relay's last answer
    message_id      TEXT
);
CREATE INDEX mails_due ON mails (next_attempt_at) WHERE state = 'queued';
CREATE INDEX mails_ticket ON mails (ticket_id, created_at);
CREATE INDEX mails_state ON mails (state, created_at);
