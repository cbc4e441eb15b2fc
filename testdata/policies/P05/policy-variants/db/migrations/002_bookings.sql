-- Room booking: every table is isolated by tenant_id, with per-command policies.

CREATE TABLE rooms (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid NOT NULL,
    name        text NOT NULL,
    capacity    integer NOT NULL CHECK (capacity > 0)
);

CREATE TABLE bookings (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid NOT NULL,
    room_id     uuid NOT NULL REFERENCES rooms (id),
    booked_by   uuid NOT NULL,
    during      tstzrange NOT NULL
);

CREATE TABLE payments (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id     uuid NOT NULL,
    booking_id    uuid NOT NULL REFERENCES bookings (id),
    amount_cents  bigint NOT NULL,
    deleted_at    timestamptz
);

CREATE TABLE audit_events (
    id          bigserial PRIMARY KEY,
    tenant_id   uuid NOT NULL,
    kind        text NOT NULL,
    payload     jsonb NOT NULL
);

ALTER TABLE rooms ENABLE ROW LEVEL SECURITY;
ALTER TABLE rooms FORCE ROW LEVEL SECURITY;
ALTER TABLE bookings ENABLE ROW LEVEL SECURITY;
ALTER TABLE bookings FORCE ROW LEVEL SECURITY;
ALTER TABLE payments ENABLE ROW LEVEL SECURITY;
ALTER TABLE payments FORCE ROW LEVEL SECURITY;
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;

-- rooms: readable by the app and the reporting role, for every tenant the session may see.
CREATE POLICY rooms_tenants ON rooms FOR SELECT TO app_user, reporting
    USING (tenant_id = ANY (string_to_array(current_setting('app.tenant_ids'), ',')::uuid[]));

-- bookings: one policy per command.
CREATE POLICY bookings_select ON bookings FOR SELECT TO app_user
    USING (tenant_id = current_setting('app.tenant_id')::uuid);
CREATE POLICY bookings_insert ON bookings FOR INSERT TO app_user
    WITH CHECK (tenant_id = current_setting('app.tenant_id')::uuid);
CREATE POLICY bookings_update ON bookings FOR UPDATE TO app_user
    USING (tenant_id = current_setting('app.tenant_id')::uuid)
    WITH CHECK (tenant_id = current_setting('app.tenant_id')::uuid);
CREATE POLICY bookings_delete ON bookings FOR DELETE TO app_user
    USING (tenant_id = current_setting('app.tenant_id')::uuid AND booked_by = current_setting('app.user_id')::uuid);

-- payments: a restrictive tenant filter on top of a permissive soft-delete filter.
CREATE POLICY payments_tenant ON payments AS RESTRICTIVE FOR ALL TO app_user
    USING (tenant_id = current_setting('app.tenant_id')::uuid);
CREATE POLICY payments_visible ON payments AS PERMISSIVE FOR SELECT TO app_user
    USING (deleted_at IS NULL);

-- audit_events: append-only; the tenant key appears only in WITH CHECK.
CREATE POLICY audit_events_append ON audit_events FOR INSERT TO app_user
    WITH CHECK (tenant_id = current_setting('app.tenant_id')::uuid);
