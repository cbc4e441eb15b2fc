CREATE TABLE users (
  id            bigserial PRIMARY KEY,
  email         citext UNIQUE NOT NULL,
  password_hash text NOT NULL,
  api_key_hash  bytea,
  created_at    timestamptz NOT NULL DEFAULT now()
);
