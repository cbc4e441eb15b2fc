-- Billing: customers and their invoices.
CREATE TABLE customers (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email       text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE invoices (
    id           bigserial PRIMARY KEY,
    customer_id  uuid NOT NULL REFERENCES customers (id),
    amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
    issued_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX invoices_customer_idx ON invoices (customer_id);
