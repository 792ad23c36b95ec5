-- Base connections, one row each, scoped to a tenant (org + sandbox).
-- Secret params are never stored in plaintext: see secret_* columns (AES-256-GCM, per-row data key).
CREATE TABLE connection (
    id              uuid        PRIMARY KEY,
    org_id          text        NOT NULL,
    sandbox_name    text        NOT NULL,
    name            text        NOT NULL,
    description     text,
    spec_id         text        NOT NULL,
    spec_version    text        NOT NULL,
    auth_spec_name  text        NOT NULL,
    params          jsonb       NOT NULL,
    secret_ciphertext bytea,
    secret_nonce      bytea,
    secret_data_key   bytea,
    secret_key_id     text,
    state           text        NOT NULL DEFAULT 'enabled',
    version         bigint      NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    created_by      text,
    updated_by      text,
    created_client  text,
    updated_client  text
);

CREATE INDEX connection_tenant_created ON connection (org_id, sandbox_name, created_at, id);
CREATE INDEX connection_tenant_name ON connection (org_id, sandbox_name, name, id);
