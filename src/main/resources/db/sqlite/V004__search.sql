-- Search as people type (issue 12). The folding rules (accents, ß, æ, punctuation) live in Java
-- (ticket.Fold), not here: SQLite has no Unicode normalisation. So the column starts NULL for
-- tickets that existed before this migration, and TicketStore fills those once when Usher opens.

-- The folded name and email ("renee dubois renee dubois example com"): the "name" sort order.
ALTER TABLE tickets ADD COLUMN search_key TEXT;
CREATE INDEX tickets_search_key ON tickets (search_key, id);
CREATE INDEX tickets_created ON tickets (created_at, id);

-- One row per distinct folded word of the name, the email's local part and its domain parts.
-- A query word is a prefix: a range on this index (word >= 'dub' AND word < 'dub' || U+10FFFF).
CREATE TABLE ticket_words (
    word        TEXT    NOT NULL,
    ticket_id   TEXT    NOT NULL REFERENCES tickets (id),
    PRIMARY KEY (word, ticket_id)
) WITHOUT ROWID;
-- No index on ticket_id: a second random-order index made a 100,000-guest import several times
-- slower. A ticket's words are found again from its stored search_key when they must change.

-- A ticket's first standing entry on a list (the list's "arrived at", and its sort order).
CREATE INDEX checkins_entries ON checkins (list_id, ticket_id, at) WHERE type = 'entry' AND annulled_at IS NULL;
