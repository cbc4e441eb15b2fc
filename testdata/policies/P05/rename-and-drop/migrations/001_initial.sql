-- Todo app, first version.
CREATE SCHEMA archive;

CREATE TABLE todo_items (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid NOT NULL,
    title       text NOT NULL,
    done        boolean NOT NULL DEFAULT false
);

CREATE TABLE drafts (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid NOT NULL,
    body        text NOT NULL
);

CREATE TABLE legacy_notes (
    id          serial PRIMARY KEY,
    tenant_id   uuid NOT NULL,
    body        text
);

CREATE TABLE notes (
    id          serial PRIMARY KEY,
    tenant_id   uuid NOT NULL,
    body        text
);

CREATE TABLE archive.old_tasks (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL,
    title       text NOT NULL
);
