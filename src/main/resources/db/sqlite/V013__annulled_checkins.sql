-- The annulled check-ins, few and never on the door's path (a door scan inserts a standing one):
-- the live counts add up only the rows written since their last read, and count afresh when this
-- count changes, which must not itself read every check-in.
CREATE INDEX checkins_annulled ON checkins (id) WHERE annulled_at IS NOT NULL;
