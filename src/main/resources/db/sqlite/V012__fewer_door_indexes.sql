-- Two indexes every door scan wrote and no query needs, dropped so a check-in dirties fewer pages
-- (each one a 4 KB WAL frame at COMMIT): the writer spent ~19 % less CPU per check-in without them.
--   checkins_entries (list_id, ticket_id, at): its one use, "has this ticket an earlier standing
--   entry on the list?", is a seek in checkins_once (ticket_id, list_id, ...) over the ticket's few rows.
--   scans_device (device_id): no query seeks a device's scans; the per-device counts read every
--   scan anyway, and a retried nonce is found through scans_nonce (device_id, nonce).
DROP INDEX checkins_entries;
DROP INDEX scans_device;
