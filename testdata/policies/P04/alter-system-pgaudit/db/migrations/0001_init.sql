CREATE TABLE documents (
    id          bigserial PRIMARY KEY,
    owner       text NOT NULL,
    title       text NOT NULL,
    body        text NOT NULL DEFAULT '',
    updated_at  timestamptz NOT NULL DEFAULT now()
);
