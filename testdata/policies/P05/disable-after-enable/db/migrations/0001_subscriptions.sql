-- Subscriptions and metered usage, per organization.

CREATE TABLE subscriptions (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL,
    plan             text NOT NULL,
    seats            integer NOT NULL DEFAULT 1,
    renews_at        date NOT NULL
);

CREATE TABLE usage_records (
    id               bigserial PRIMARY KEY,
    organization_id  uuid NOT NULL,
    metric           text NOT NULL,
    quantity         numeric(18, 4) NOT NULL,
    recorded_at      timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE subscriptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE subscriptions FORCE ROW LEVEL SECURITY;
CREATE POLICY subscriptions_org ON subscriptions
    USING (organization_id = current_setting('app.organization_id')::uuid);

ALTER TABLE usage_records ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_records FORCE ROW LEVEL SECURITY;
CREATE POLICY usage_records_org ON usage_records
    USING (organization_id = current_setting('app.organization_id')::uuid);
