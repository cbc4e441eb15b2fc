/* Reference data shared by every customer. */
CREATE TABLE countries (
    code  char(2) PRIMARY KEY,
    name  text NOT NULL
);

CREATE TABLE feature_flags (
    key          text PRIMARY KEY,
    enabled      boolean NOT NULL DEFAULT false,
    tenant_slug  text,            -- optional override for one customer (not a tenant key)
    "TenantId"   uuid             -- legacy camel-case column; quoted, so not tenant_id
);

ALTER TABLE feature_flags ENABLE ROW LEVEL SECURITY;
CREATE POLICY feature_flags_read ON feature_flags FOR SELECT USING (true);

INSERT INTO countries (code, name) VALUES ('DE', 'Germany'), ('FR', 'France'), ('US', 'United States');
