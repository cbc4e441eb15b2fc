-- Organizations and their projects; the owner column gets its tenant-key name later.
CREATE TABLE public.organizations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL
);

CREATE TABLE public.projects (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization uuid NOT NULL REFERENCES public.organizations (id),
  slug text NOT NULL,
  legacy_owner text
);

CREATE FUNCTION public.slugify(slug text, name text) RETURNS text
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT lower(coalesce(slug, name)) $$;
GRANT EXECUTE ON FUNCTION public.slugify(slug text, name text) TO authenticated;

CREATE INDEX IF NOT EXISTS projects_slug_idx ON public.projects (slug);
DROP INDEX CONCURRENTLY IF EXISTS projects_slug_idx;

CREATE PUBLICATION supabase_realtime FOR TABLE public.projects;
COMMENT ON TABLE public.projects IS 'One row per project; organization_id is the tenant.';
