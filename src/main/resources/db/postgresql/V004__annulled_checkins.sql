-- As SQLite's V013: the annulled check-ins, which the live counts count on every read.
CREATE INDEX checkins_annulled ON checkins (id) WHERE annulled_at IS NOT NULL;
