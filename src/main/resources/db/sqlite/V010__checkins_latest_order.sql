-- Every scan asks for a ticket's latest standing check-in on a list: the last round first, and in
-- a round its exit before its entry ('exit' sorts after 'entry'). With round ahead of type in the
-- index that is the index read backwards; with type ahead, SQLite sorted in a temp b-tree per scan.
-- The same four columns, so the same uniqueness: one entry and one exit per round.
DROP INDEX checkins_once;
CREATE UNIQUE INDEX checkins_once ON checkins (ticket_id, list_id, round, type) WHERE annulled_at IS NULL;
