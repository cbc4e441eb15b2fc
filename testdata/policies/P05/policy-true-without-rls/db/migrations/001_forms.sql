-- Form builder.

CREATE TABLE forms (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid NOT NULL,
    title       text NOT NULL
);

CREATE TABLE form_responses (
    id          bigserial PRIMARY KEY,
    tenant_id   uuid NOT NULL,
    form_id     uuid NOT NULL REFERENCES forms (id) ON DELETE CASCADE,
    answers     jsonb NOT NULL
);

ALTER TABLE forms ENABLE ROW LEVEL SECURITY;
ALTER TABLE forms FORCE ROW LEVEL SECURITY;
CREATE POLICY forms_tenant ON forms
    USING (tenant_id = current_setting('app.tenant_id')::uuid);

-- Policies were written, but ENABLE ROW LEVEL SECURITY was never run for
-- form_responses: PostgreSQL accepts policies on a table without RLS.
CREATE POLICY form_responses_public_submit ON form_responses FOR INSERT
    WITH CHECK (true);
CREATE POLICY form_responses_tenant ON form_responses FOR SELECT
    USING (tenant_id = current_setting('app.tenant_id')::uuid);
