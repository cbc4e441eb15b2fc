-- Identity service schema. Users are global: one login can belong to several
-- organizations, so nothing here carries an org_id / tenant_id column.

CREATE TABLE users (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email         text NOT NULL UNIQUE,
    password_hash text,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Login sessions are looked up by token only.
CREATE TABLE sessions (
    token       text PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at  timestamptz NOT NULL
);

CREATE INDEX sessions_user_id_idx ON sessions (user_id);

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
