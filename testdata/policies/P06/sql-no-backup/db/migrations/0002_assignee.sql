ALTER TABLE tickets ADD COLUMN assignee text;
CREATE INDEX tickets_status_idx ON tickets (status);
