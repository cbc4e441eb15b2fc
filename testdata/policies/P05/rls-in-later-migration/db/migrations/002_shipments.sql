CREATE TABLE shipments (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id    uuid NOT NULL,
    order_id     uuid NOT NULL REFERENCES orders (id),
    carrier      text NOT NULL,
    tracking_no  text
);
