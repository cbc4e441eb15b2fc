-- v2: rename tables, drop what is unused, rebuild notes.

ALTER TABLE todo_items RENAME TO tasks;
ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
ALTER TABLE tasks FORCE ROW LEVEL SECURITY;
CREATE POLICY tasks_tenant ON tasks
    USING (tenant_id = current_setting('app.tenant_id')::uuid);

ALTER TABLE drafts RENAME TO task_drafts;

-- RENAME TO keeps the schema: this is archive.tasks_2022.
ALTER TABLE archive.old_tasks RENAME TO tasks_2022;
ALTER TABLE archive.tasks_2022 ENABLE ROW LEVEL SECURITY;
ALTER TABLE archive.tasks_2022 FORCE ROW LEVEL SECURITY;
CREATE POLICY tasks_2022_tenant ON archive.tasks_2022
    USING (tenant_id = current_setting('app.tenant_id')::uuid);

DROP TABLE legacy_notes;
DROP TABLE IF EXISTS legacy_attachments;

DROP TABLE notes;
CREATE TABLE notes (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid NOT NULL,
    task_id     uuid REFERENCES tasks (id) ON DELETE CASCADE,
    body        text NOT NULL
);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE notes FORCE ROW LEVEL SECURITY;
