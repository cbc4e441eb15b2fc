-- boards' owner column is renamed to the tenant key, but its RLS never comes; cards' policy is
-- opened up later; comments' RLS was tried inside a transaction that was rolled back.
ALTER TABLE public.boards RENAME COLUMN owner_team TO team_id;

ALTER TABLE public.cards ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.cards FORCE ROW LEVEL SECURITY;
CREATE POLICY cards_team ON public.cards
  USING (team_id = nullif(current_setting('app.team_id', true), '')::uuid);
ALTER POLICY cards_team ON public.cards TO authenticated USING (true);

BEGIN;
ALTER TABLE public.comments ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.comments FORCE ROW LEVEL SECURITY;
CREATE POLICY comments_team ON public.comments
  USING (team_id = nullif(current_setting('app.team_id', true), '')::uuid);
ROLLBACK;
