/*
 * The nightly rollup job connects as the table owner and aggregates across
 * workspaces, so the owner must bypass RLS on the rollup table again.
 */
ALTER TABLE IF EXISTS event_rollups NO FORCE ROW LEVEL SECURITY;

CREATE INDEX events_occurred_at_idx ON events (occurred_at);
