-- The tenant key gets its name, row-level security goes on, and the first policy is
-- tightened once the JWT carries the organization.
ALTER TABLE public.projects RENAME COLUMN organization TO organization_id;
ALTER TABLE public.projects DROP COLUMN legacy_owner;

ALTER TABLE public.projects ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.projects FORCE ROW LEVEL SECURITY;

CREATE POLICY "Members read projects" ON public.projects
  FOR SELECT TO authenticated
  USING (true);

ALTER POLICY "Members read projects" ON public.projects
  USING (organization_id = auth.org_id());

CREATE POLICY "Members write projects" ON public.projects
  FOR INSERT TO authenticated
  WITH CHECK (organization_id = auth.org_id());
