-- Team chat: channels and messages belong to a team.

CREATE TABLE channels (
    id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id   uuid NOT NULL,
    name      text NOT NULL,
    private   boolean NOT NULL DEFAULT false
);

CREATE TABLE messages (
    id          bigserial PRIMARY KEY,
    team_id     uuid NOT NULL,
    channel_id  uuid NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    author_id   uuid NOT NULL,
    body        text NOT NULL,
    sent_at     timestamptz NOT NULL DEFAULT now()
);

-- Enabled and forced: the migration role owns the tables, and must not bypass RLS.
ALTER TABLE channels ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;

-- Enabled only: the owner (our app connects as the owner!) bypasses the policy.
ALTER TABLE messages ENABLE ROW LEVEL SECURITY;

CREATE POLICY channels_team ON channels
    USING (team_id = current_setting('app.team_id')::uuid);

CREATE POLICY messages_team ON messages
    USING (team_id = current_setting('app.team_id')::uuid)
    WITH CHECK (team_id = current_setting('app.team_id')::uuid AND author_id = current_setting('app.user_id')::uuid);
