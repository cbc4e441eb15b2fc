-- Helpdesk: tickets and their comments.
CREATE TABLE tickets (
    id          bigserial PRIMARY KEY,
    subject     text NOT NULL,
    status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'closed')),
    opened_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE comments (
    id          bigserial PRIMARY KEY,
    ticket_id   bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    body        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
