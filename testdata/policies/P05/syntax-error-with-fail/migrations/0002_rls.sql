-- Row-level security for time entries.

CREATE INDEX time_entries_team_idx ON time_entries (team_id, spent_on);

-- "ROW LEVEL SECURITY" misspelt: PostgreSQL rejects the statement.
ALTER TABLE time_entries
    ENABLE ROW LEVEL SECURTY;
