-- Going multi-tenant: add the tenant key to every table.

ALTER TABLE api_keys ADD COLUMN workspace_id uuid;

ALTER TABLE webhooks ADD COLUMN IF NOT EXISTS team_id uuid NOT NULL;
ALTER TABLE webhooks ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhooks FORCE ROW LEVEL SECURITY;
CREATE POLICY webhooks_team ON webhooks
    USING (team_id = current_setting('app.team_id')::uuid);

-- COLUMN is optional in ADD [COLUMN].
ALTER TABLE audit_log ADD org_id uuid;
