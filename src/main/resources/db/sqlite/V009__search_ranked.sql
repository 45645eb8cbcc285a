-- Search and the arrival order answered from indexes (bench/search, 100,000 tickets).

-- ticket_words again, now holding what ranking reads: whether the ticket is cancelled and its
-- folded key. A query word's range on the primary key is then the whole search: the rank is
-- worked out from the entries and only the few tickets shown are read from tickets. (A name's
-- first three letters match ~2,000 tickets; reading each one's row to rank it cost ~15 ms.)
-- Within a word the entries are in ticket creation order, so an import appends at the end of
-- each word's range instead of writing all over it (half the time of (word, ticket_id) here).
-- TicketStore.updateSearch and TicketStore.cancel keep the entries in step, by primary key.
CREATE TABLE ticket_words_ranked (
    word        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,              -- the ticket's
    ticket_id   TEXT    NOT NULL REFERENCES tickets (id),
    cancelled   INTEGER NOT NULL CHECK (cancelled IN (0, 1)),
    search_key  TEXT    NOT NULL,              -- the ticket's
    PRIMARY KEY (word, created_at, ticket_id)
) WITHOUT ROWID;
INSERT INTO ticket_words_ranked (word, created_at, ticket_id, cancelled, search_key)
SELECT w.word, t.created_at, t.id, t.cancelled_at IS NOT NULL, t.search_key
FROM ticket_words w JOIN tickets t ON t.id = w.ticket_id
WHERE t.search_key IS NOT NULL
ORDER BY 1, 2, 3;
DROP TABLE ticket_words;
ALTER TABLE ticket_words_ranked RENAME TO ticket_words;

-- The list in order of arrival: each ticket's first standing entry on a list, in time order, is
-- a range of this index (checkins_entries, from V004, finds whether an entry is the first).
CREATE INDEX checkins_entries_by_time ON checkins (list_id, at, ticket_id) WHERE type = 'entry' AND annulled_at IS NULL;
