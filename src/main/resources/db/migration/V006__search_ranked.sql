-- Search and the arrival order answered from indexes (bench/search, 100,000 tickets).

-- ticket_words again, now holding what ranking reads: whether the ticket is cancelled and its
-- folded key. A query word's range on the primary key is then the whole search: the rank is
-- worked out from the index entries and only the few tickets shown are read from tickets.
-- (A name's first three letters match ~2,000 tickets; reading each ticket's row to rank it
-- cost ~15 ms.) The same primary key as a row's full value, so a changed ticket's old entries
-- are deleted by key: TicketStore.updateSearch and TicketStore.cancel keep them in step.
CREATE TABLE ticket_words_ranked (
    word        TEXT    NOT NULL,
    cancelled   INTEGER NOT NULL CHECK (cancelled IN (0, 1)),
    search_key  TEXT    NOT NULL,
    ticket_id   TEXT    NOT NULL REFERENCES tickets (id),
    PRIMARY KEY (word, cancelled, search_key, ticket_id)
) WITHOUT ROWID;
INSERT INTO ticket_words_ranked (word, cancelled, search_key, ticket_id)
SELECT w.word, t.cancelled_at IS NOT NULL, t.search_key, t.id
FROM ticket_words w JOIN tickets t ON t.id = w.ticket_id
WHERE t.search_key IS NOT NULL
ORDER BY 1, 2, 3, 4;
DROP TABLE ticket_words;
ALTER TABLE ticket_words_ranked RENAME TO ticket_words;

-- The list in order of arrival: each ticket's first standing entry on a list, in time order, is
-- a range of this index (checkins_entries, from V004, finds whether an entry is the first).
CREATE INDEX checkins_entries_by_time ON checkins (list_id, at, ticket_id) WHERE type = 'entry' AND annulled_at IS NULL;
