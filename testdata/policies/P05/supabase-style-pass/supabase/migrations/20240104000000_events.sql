-- Events, partitioned by month; each partition has row-level security of its own, set in a
-- DO block that loops over nothing but literal statements.
CREATE TABLE public.events (
  organization_id uuid NOT NULL,
  at timestamptz NOT NULL,
  payload jsonb
) PARTITION BY RANGE (at);

CREATE TABLE public.events_2026 PARTITION OF public.events
  FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');

ALTER TABLE public.events ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.events FORCE ROW LEVEL SECURITY;
CREATE POLICY events_tenant ON public.events
  USING (organization_id = auth.org_id());

DO $$
BEGIN
  ALTER TABLE public.events_2026 ENABLE ROW LEVEL SECURITY;
  EXECUTE 'ALTER TABLE public.events_2026 FORCE ROW LEVEL SECURITY';
  IF NOT EXISTS (
    SELECT 1 FROM pg_policies WHERE tablename = 'events_2026' AND policyname = 'events_2026_tenant'
  ) THEN
    CREATE POLICY events_2026_tenant ON public.events_2026
      USING (organization_id = auth.org_id());
  END IF;
END
$$;
