-- The newest event sequence of each tenant, advanced by ingestion in the same transaction as the events (so it is never
-- ahead of or behind what committed). A stream has something to send exactly when its cursor is behind its tenant's
-- head: the delivery claim compares the two instead of probing the events' (tenant, seq) index of every partition for
-- every stream each second, so an idle stream costs one comparison. One row per tenant, not per stream: an append
-- writes one row however many streams the tenant has, and the row only ever grows, so no claim has to clear a mark
-- that a concurrent append is setting.
CREATE TABLE event_head (
    org_id       text   NOT NULL,
    sandbox_name text   NOT NULL,
    last_seq     bigint NOT NULL,
    PRIMARY KEY (org_id, sandbox_name)
);

INSERT INTO event_head (org_id, sandbox_name, last_seq)
SELECT org_id, sandbox_name, max(seq) FROM event GROUP BY org_id, sandbox_name;
