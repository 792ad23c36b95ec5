-- Scheduled exports: a selection of a tenant's events written as CSV, TSV or JSON Lines files into one connection.
CREATE TABLE export (
    id            uuid        PRIMARY KEY,
    org_id        text        NOT NULL,
    sandbox_name  text        NOT NULL,
    name          text        NOT NULL,
    connection_id uuid        NOT NULL,
    settings      text        NOT NULL,  -- the validated request (selection, format, names, schedule) as JSON
    next_run_at   timestamptz,           -- the next scheduled slot; null once the schedule has ended
    version       bigint      NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

CREATE INDEX export_tenant ON export (org_id, sandbox_name, created_at, id);
CREATE INDEX export_due ON export (next_run_at) WHERE next_run_at IS NOT NULL;

-- Where incremental runs start: every event up to here went out in a successful run. Written only with a run's
-- success, never by a settings update.
CREATE TABLE export_mark (
    export_id     uuid        PRIMARY KEY REFERENCES export (id) ON DELETE CASCADE,
    exported_seq  bigint      NOT NULL,
    run_id        uuid        NOT NULL
);

-- Runs: one at a time per export, in the order they were queued; leased like streams.
CREATE TABLE export_run (
    id               uuid        PRIMARY KEY,
    export_id        uuid        NOT NULL REFERENCES export (id) ON DELETE CASCADE,
    status           text        NOT NULL,  -- QUEUED, IN_PROGRESS, SUCCESS, FAILED, CANCELLED
    trigger          text        NOT NULL,  -- SCHEDULE or MANUAL
    run_time         timestamptz NOT NULL,  -- the slot (or request) time that %DATETIME% and %TIMESTAMP% name
    queued_at        timestamptz NOT NULL,
    started_at       timestamptz,
    completed_at     timestamptz,
    from_seq         bigint,                -- the run's events: (from_seq, to_seq], fixed when it first starts
    to_seq           bigint,
    settings         text,                  -- the export's settings when the run first started (a retry uses them)
    records_input    bigint,
    records_output   bigint,
    records_failed   bigint,
    bytes            bigint,
    duration_ms      bigint,
    records_written  bigint      NOT NULL DEFAULT 0,
    bytes_uploaded   bigint      NOT NULL DEFAULT 0,
    files            text        NOT NULL DEFAULT '[]',  -- JSON: the files completed so far
    errors           text        NOT NULL DEFAULT '[]',  -- JSON: what went wrong, attempt by attempt
    cancel_requested boolean     NOT NULL DEFAULT false,
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    lease_owner      text,
    lease_until      timestamptz
);

CREATE INDEX export_run_export ON export_run (export_id, queued_at, id);
CREATE INDEX export_run_open ON export_run (next_attempt_at) WHERE status IN ('QUEUED', 'IN_PROGRESS');
