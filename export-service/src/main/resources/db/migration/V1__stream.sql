-- Streams: each delivers a tenant's events into one connection's bucket and folder.
CREATE TABLE stream (
    id            uuid        PRIMARY KEY,
    org_id        text        NOT NULL,
    sandbox_name  text        NOT NULL,
    name          text        NOT NULL,
    connection_id uuid        NOT NULL,
    folder_path   text        NOT NULL,
    state         text        NOT NULL,
    version       bigint      NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

CREATE INDEX stream_tenant ON stream (org_id, sandbox_name, created_at, id);
