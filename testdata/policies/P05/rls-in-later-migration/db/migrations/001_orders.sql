-- Shop backend: orders.
CREATE TABLE orders (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id     uuid NOT NULL,
    customer_ref  text NOT NULL,
    status        text NOT NULL DEFAULT 'pending',
    placed_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_tenant_status_idx ON orders (tenant_id, status);
