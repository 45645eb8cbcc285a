-- The addresses the event's Usher nodes answer at (each node's --public-url), so a kiosk can be
-- given all of them and move to the next when one stops answering. A node writes its own row when
-- it starts and again every hour; seen_at lets a node that is gone for good drop off the list.
CREATE TABLE nodes (
    url     TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    seen_at BIGINT           NOT NULL
);
