-- Helpdesk: tickets and their comments, per tenant.

CREATE TABLE tickets (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id    uuid NOT NULL,
    subject      text NOT NULL,
    assignee_id  uuid,
    status       text NOT NULL DEFAULT 'open'
);

CREATE TABLE ticket_comments (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id    uuid NOT NULL,
    ticket_id    uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    author_id    uuid NOT NULL,
    body         text NOT NULL
);

ALTER TABLE tickets ENABLE ROW LEVEL SECURITY;
ALTER TABLE tickets FORCE ROW LEVEL SECURITY;
ALTER TABLE ticket_comments ENABLE ROW LEVEL SECURITY;
ALTER TABLE ticket_comments FORCE ROW LEVEL SECURITY;

-- Same policy name on both tables (policy names are per table).
CREATE POLICY tenant_isolation ON tickets
    USING (tenant_id = current_setting('app.tenant_id')::uuid);
CREATE POLICY tenant_isolation ON ticket_comments
    USING (tenant_id = current_setting('app.tenant_id')::uuid);
