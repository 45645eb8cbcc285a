-- As SQLite's V012: two indexes every door scan wrote and no query needs. A ticket's earlier
-- entries on a list are a seek in checkins_once (ticket_id, list_id, ...); no query seeks a device's
-- scans alone (a retried nonce goes through scans_nonce).
DROP INDEX checkins_entries;
DROP INDEX scans_device;
