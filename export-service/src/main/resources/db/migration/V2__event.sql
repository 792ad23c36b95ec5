-- Events: append-only, numbered by one global sequence. Ingestion takes a transaction-level advisory lock before it
-- draws sequence numbers, so rows commit in sequence order and a reader that has seen sequence N has seen every
-- committed row below N (a stream's cursor never skips a late commit).
CREATE SEQUENCE event_seq AS bigint;

-- Partitioned by ingestion day: retention drops whole partitions (created ahead of time by the service).
CREATE TABLE event (
    seq           bigint      NOT NULL,
    org_id        text        NOT NULL,
    sandbox_name  text        NOT NULL,
    event_id      text        NOT NULL,
    type          text        NOT NULL,
    event_time    timestamptz NOT NULL,
    user_id       text,
    properties    text        NOT NULL, -- the event's properties object, as JSON text
    size_bytes    integer     NOT NULL,
    ingested_at   timestamptz NOT NULL
) PARTITION BY RANGE (ingested_at);

CREATE INDEX event_tenant_seq ON event (org_id, sandbox_name, seq);

-- The ids already stored, per tenant, so that a retried request stores nothing twice. Trimmed with the partitions:
-- an id is remembered as long as its event is retained.
CREATE TABLE event_key (
    org_id        text        NOT NULL,
    sandbox_name  text        NOT NULL,
    event_id      text        NOT NULL,
    ingested_at   timestamptz NOT NULL,
    PRIMARY KEY (org_id, sandbox_name, event_id)
);

CREATE INDEX event_key_ingested_at ON event_key (ingested_at);
