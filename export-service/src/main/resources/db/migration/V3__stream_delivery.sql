-- A stream's settings (edited through the API, versioned for If-Match) ...
ALTER TABLE stream
    DROP COLUMN state,
    ADD COLUMN format            text    NOT NULL DEFAULT 'avro',
    ADD COLUMN compression       text    NOT NULL DEFAULT 'deflate',
    ADD COLUMN event_types       text[],                 -- null: every type
    ADD COLUMN flush_max_events  integer NOT NULL DEFAULT 15000,
    ADD COLUMN flush_max_bytes   bigint  NOT NULL DEFAULT 67108864,
    ADD COLUMN flush_max_seconds integer NOT NULL DEFAULT 60,
    ADD COLUMN sse_algorithm     text,                   -- null, AES256 or aws:kms
    ADD COLUMN sse_kms_key_id    text,
    ADD COLUMN bucket            text    NOT NULL DEFAULT '',
    ADD COLUMN key_prefix        text    NOT NULL DEFAULT '';

-- Each connector needs its own folder: one stream per bucket and folder.
CREATE UNIQUE INDEX stream_destination ON stream (bucket, key_prefix);

-- ... and its delivery state, written only by the delivery workers and pause/resume, never by a settings update.
CREATE TABLE stream_delivery (
    stream_id        uuid        PRIMARY KEY REFERENCES stream (id) ON DELETE CASCADE,
    org_id           text        NOT NULL,
    sandbox_name     text        NOT NULL,
    state            text        NOT NULL,   -- ACTIVE, PAUSED, FAILING
    paused_by        text,                   -- USER or ERROR
    reason           text,
    error_code       text,
    hint             text,
    connection_etag  text,                   -- the connection's etag when delivery paused on an error
    delivered_seq    bigint      NOT NULL,   -- the cursor: every event up to here is in the bucket
    pending_end_seq  bigint,                 -- a batch being written: (delivered_seq, pending_end_seq]
    delivered_events bigint      NOT NULL DEFAULT 0,
    delivered_files  bigint      NOT NULL DEFAULT 0,
    last_delivery_at timestamptz,
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    lease_owner      text,
    lease_until      timestamptz
);

CREATE INDEX stream_delivery_due ON stream_delivery (next_attempt_at) WHERE state <> 'PAUSED';
