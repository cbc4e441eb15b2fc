-- Organizations, membership and access control (squashed schema dump).

CREATE FUNCTION set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $fn$
BEGIN
    -- keep updated_at current; semicolons inside the body do not end the statement
    NEW.updated_at := now();
    RETURN NEW;
END;
$fn$;

CREATE TABLE plans (
    code         text PRIMARY KEY,
    seat_limit   integer
);

CREATE TABLE members (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id       uuid NOT NULL,
    user_id      uuid NOT NULL,
    role         text NOT NULL DEFAULT 'member',
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (org_id, user_id)
);

CREATE TRIGGER members_updated_at BEFORE UPDATE ON members
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

COMMENT ON TABLE members IS 'One row per (org; user) pair -- see docs/access.md';

CREATE TABLE invitations (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id       uuid NOT NULL,
    email        text NOT NULL,
    token        text NOT NULL DEFAULT md5(random()::text || ';' || clock_timestamp()::text),
    expires_at   timestamptz NOT NULL DEFAULT now() + interval '7 days'
);

CREATE TABLE roles (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id       uuid NOT NULL,
    name         text NOT NULL
);

CREATE TABLE permissions (
    role_id      uuid NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    org_id       uuid NOT NULL,
    action       text NOT NULL,
    PRIMARY KEY (role_id, action)
);

CREATE TABLE seat_changes (
    id           bigserial PRIMARY KEY,
    org_id       uuid NOT NULL,
    delta        integer NOT NULL,
    plan_code    text REFERENCES plans (code)
);

/* RLS; the invitations table is "done in the next release"; */

ALTER TABLE members ENABLE ROW LEVEL SECURITY;
ALTER TABLE members FORCE ROW LEVEL SECURITY;
CREATE POLICY members_org ON members
    USING (org_id = current_setting('app.org_id')::uuid);

ALTER TABLE roles ENABLE ROW LEVEL SECURITY;
ALTER TABLE roles FORCE ROW LEVEL SECURITY;

ALTER TABLE permissions ENABLE ROW LEVEL SECURITY;
CREATE POLICY permissions_org ON permissions
    USING (org_id = current_setting('app.org_id')::uuid);

ALTER TABLE seat_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE plans ENABLE ROW LEVEL SECURITY;
