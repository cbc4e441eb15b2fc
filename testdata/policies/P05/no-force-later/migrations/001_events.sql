-- Analytics events, partitioned by workspace in the application.
CREATE TABLE events (
    id            bigserial PRIMARY KEY,
    workspace_id  uuid NOT NULL,
    name          text NOT NULL,
    properties    jsonb NOT NULL DEFAULT '{}'::jsonb,
    occurred_at   timestamptz NOT NULL
);

CREATE TABLE event_rollups (
    workspace_id  uuid NOT NULL,
    day           date NOT NULL,
    name          text NOT NULL,
    count         bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_id, day, name)
);

ALTER TABLE events ENABLE ROW LEVEL SECURITY;
ALTER TABLE events FORCE ROW LEVEL SECURITY;
ALTER TABLE event_rollups ENABLE ROW LEVEL SECURITY;
ALTER TABLE event_rollups FORCE ROW LEVEL SECURITY;

CREATE POLICY events_workspace ON events
    USING (workspace_id = current_setting('app.workspace_id')::uuid);
CREATE POLICY event_rollups_workspace ON event_rollups
    USING (workspace_id = current_setting('app.workspace_id')::uuid);
