-- Newsletter tool: lists and subscribers per workspace.
CREATE TABLE lists (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id  uuid NOT NULL,
    name          text NOT NULL
);

ALTER TABLE lists ENABLE ROW LEVEL SECURITY;
ALTER TABLE lists FORCE ROW LEVEL SECURITY;
CREATE POLICY lists_workspace ON lists
    USING (workspace_id = current_setting('app.workspace_id')::uuid);
