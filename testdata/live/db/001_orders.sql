-- A tenant table with row-level security enabled, forced, and one policy on the tenant key;
-- an append-only audit table the application may only insert into.
CREATE TABLE orders (
    id bigint PRIMARY KEY,
    tenant_id int NOT NULL,
    total numeric(12, 2) NOT NULL
);
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE orders FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON orders
    USING (tenant_id = current_setting('app.tenant_id')::int);

CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    actor text NOT NULL,
    action text NOT NULL
);
