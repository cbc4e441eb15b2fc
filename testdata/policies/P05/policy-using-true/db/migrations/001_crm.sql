-- CRM schema: everything belongs to an account (our customer).

CREATE TABLE contacts (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id  uuid NOT NULL,
    full_name   text NOT NULL,
    email       text,
    is_public   boolean NOT NULL DEFAULT false
);

CREATE TABLE notes (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id  uuid NOT NULL,
    contact_id  uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    body        text NOT NULL
);

CREATE TABLE attachments (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id  uuid NOT NULL,
    note_id     uuid NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    s3_key      text NOT NULL
);

CREATE TABLE deals (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id    uuid NOT NULL,
    amount_cents  bigint NOT NULL,
    stage         text NOT NULL DEFAULT 'lead'
);

ALTER TABLE contacts ENABLE ROW LEVEL SECURITY;
ALTER TABLE contacts FORCE ROW LEVEL SECURITY;
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE notes FORCE ROW LEVEL SECURITY;
ALTER TABLE attachments ENABLE ROW LEVEL SECURITY;
ALTER TABLE attachments FORCE ROW LEVEL SECURITY;
ALTER TABLE deals ENABLE ROW LEVEL SECURITY;
ALTER TABLE deals FORCE ROW LEVEL SECURITY;

CREATE POLICY contacts_tenant ON contacts
    USING (account_id = current_setting('app.account_id')::uuid);

-- Public contacts are visible (still a real predicate, not a constant).
CREATE POLICY contacts_public_read ON contacts FOR SELECT
    USING (is_public = true);

-- "Temporary" for the support dashboard.
CREATE POLICY contacts_read_all ON contacts FOR SELECT USING (true);

CREATE POLICY notes_tenant ON notes
    USING ((true))
    WITH CHECK (account_id = current_setting('app.account_id')::uuid);

/* Uploads are checked by the storage service anyway. */
CREATE POLICY attachments_insert ON attachments FOR INSERT WITH CHECK (TRUE);

-- Restrictive tenant filter plus a permissive catch-all: the combination isolates tenants,
-- but the permissive policy is still a policy whose USING is the constant true.
CREATE POLICY deals_tenant ON deals AS RESTRICTIVE
    USING (account_id = current_setting('app.account_id')::uuid);
CREATE POLICY deals_allow ON deals AS PERMISSIVE USING (true);
