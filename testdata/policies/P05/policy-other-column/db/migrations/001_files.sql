-- File storage: folders and files belong to an account.

CREATE TABLE folders (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id  uuid NOT NULL,
    owner_id    uuid NOT NULL,
    name        text NOT NULL
);

CREATE TABLE files (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id  uuid NOT NULL,
    folder_id   uuid NOT NULL REFERENCES folders (id),
    owner_id    uuid NOT NULL,
    size_bytes  bigint NOT NULL
);

ALTER TABLE folders ENABLE ROW LEVEL SECURITY;
ALTER TABLE folders FORCE ROW LEVEL SECURITY;
ALTER TABLE files ENABLE ROW LEVEL SECURITY;
ALTER TABLE files FORCE ROW LEVEL SECURITY;

-- Wrong column: compares owner_id with the *tenant* setting. The text
-- 'app.tenant_id' and 'account_id' only appear inside string literals.
CREATE POLICY folders_isolation ON folders
    USING (owner_id = current_setting('app.tenant_id')::uuid)
    WITH CHECK (owner_id = nullif(current_setting('account_id', true), '')::uuid);

CREATE POLICY files_isolation ON files
    USING (account_id = current_setting('app.account_id')::uuid);
