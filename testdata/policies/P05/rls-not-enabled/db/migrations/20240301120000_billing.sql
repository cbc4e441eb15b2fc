-- Billing schema, v1.
-- TODO(security): add row-level security before GA.

/* customers of our customers */ CREATE TABLE customers (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    Org_Id      uuid NOT NULL,          -- unquoted: folds to org_id
    name        text NOT NULL,
    email       text
);


CREATE TABLE
    invoices (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id        uuid NOT NULL,
        customer_id   uuid NOT NULL REFERENCES customers (id),
        number        text NOT NULL,
        total_cents   bigint NOT NULL CHECK (total_cents >= 0),
        currency      char(3) NOT NULL DEFAULT 'EUR',
        issued_at     timestamptz
    );

CREATE UNIQUE INDEX invoices_org_number_idx ON invoices (org_id, number); -- one sequence per org

CREATE TABLE currencies (code char(3) PRIMARY KEY, minor_units smallint NOT NULL);
