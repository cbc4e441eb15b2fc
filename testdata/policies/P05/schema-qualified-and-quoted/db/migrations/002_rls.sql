-- Unquoted names fold to lower case: APP.Invoices is app.invoices.
ALTER TABLE APP.Invoices ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.INVOICES FORCE ROW LEVEL SECURITY;
-- Oops: without a schema this is public.invoices, not app.invoices.
CREATE POLICY invoices_tenant ON invoices
    USING (tenant_id = current_setting('app.tenant_id')::uuid);

ALTER TABLE "public"."invoices" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "public"."invoices" FORCE ROW LEVEL SECURITY;

ALTER TABLE app.invoice_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.invoice_lines FORCE ROW LEVEL SECURITY;
CREATE POLICY invoice_lines_tenant ON "app".invoice_lines
    USING ("tenant_id" = current_setting('app.tenant_id')::uuid);

-- PROJECTS and Projects (unquoted) are public.projects; public."Projects" is untouched.
ALTER TABLE PROJECTS ENABLE ROW LEVEL SECURITY;
ALTER TABLE Projects FORCE ROW LEVEL SECURITY;
CREATE POLICY projects_tenant ON projects
    USING (tenant_id = current_setting('app.tenant_id')::uuid);
