-- Docs service: workspaces own documents and their version history.

CREATE TABLE documents (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id  uuid NOT NULL,
    title         text NOT NULL,
    body          text NOT NULL DEFAULT '',
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE document_versions (
    id            bigserial PRIMARY KEY,
    workspace_id  uuid NOT NULL,
    document_id   uuid NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    body          text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents FORCE ROW LEVEL SECURITY;
ALTER TABLE document_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE document_versions FORCE ROW LEVEL SECURITY;

-- Copy-pasted: the name says documents, but the policy is on document_versions.
CREATE POLICY documents_workspace_isolation ON document_versions
    USING (workspace_id = current_setting('app.workspace_id')::uuid);
