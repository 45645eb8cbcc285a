-- Webhook endpoints staff registered. The secret signs (HMAC, Standard Webhooks "v1"); after a
-- rotation the previous one signs too until previous_until, so receivers can switch over.
CREATE TABLE webhooks (
    id              TEXT    PRIMARY KEY,
    url             TEXT    NOT NULL,
    description     TEXT    NOT NULL DEFAULT '',
    events          TEXT    NOT NULL,              -- JSON array of event types
    include_email   INTEGER NOT NULL DEFAULT 0,
    secret          TEXT    NOT NULL,
    previous_secret TEXT,
    previous_until  INTEGER,
    created_at      INTEGER NOT NULL,
    disabled_at     INTEGER,
    disabled_reason TEXT
);

-- The outbox: one row per event and endpoint, written in the transaction that made the event.
-- The id orders an endpoint's deliveries; message_id is the webhook-id header, the same on
-- every retry; body is exactly what is sent (so every retry carries the same bytes).
CREATE TABLE webhook_deliveries (
    id          INTEGER PRIMARY KEY,
    webhook_id  TEXT    NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    message_id  TEXT    NOT NULL,
    type        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    body        TEXT    NOT NULL,
    state       TEXT    NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_at     INTEGER NOT NULL,
    done_at     INTEGER
);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (next_at, webhook_id, id) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, id);

-- Every attempt: what staff read under "Deliveries".
CREATE TABLE webhook_attempts (
    id          INTEGER PRIMARY KEY,
    delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    webhook_id  TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    attempt     INTEGER NOT NULL,
    status      INTEGER,                           -- HTTP status; null when no answer came
    latency_ms  INTEGER NOT NULL,
    error       TEXT
);
CREATE INDEX webhook_attempts_hook ON webhook_attempts (webhook_id, id);
