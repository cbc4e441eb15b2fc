-- Single-tenant era: no tenant key anywhere yet.

CREATE TABLE api_keys (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    label       text NOT NULL,
    key_hash    bytea NOT NULL,
    revoked_at  timestamptz
);

CREATE TABLE webhooks (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    target_url  text NOT NULL,
    secret      text NOT NULL
);

CREATE TABLE audit_log (
    id          bigserial PRIMARY KEY,
    actor       text NOT NULL,
    action      text NOT NULL,
    at          timestamptz NOT NULL DEFAULT now()
);
