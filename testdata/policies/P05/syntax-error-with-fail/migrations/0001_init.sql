-- Time tracking.
CREATE TABLE time_entries (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id     uuid NOT NULL,
    user_id     uuid NOT NULL,
    minutes     integer NOT NULL CHECK (minutes > 0),
    spent_on    date NOT NULL
);
