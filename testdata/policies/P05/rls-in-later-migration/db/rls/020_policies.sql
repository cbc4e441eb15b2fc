CREATE POLICY orders_tenant_isolation ON orders
    USING (tenant_id = current_setting('app.tenant_id')::uuid)
    WITH CHECK (tenant_id = current_setting('app.tenant_id')::uuid);

CREATE POLICY shipments_tenant_isolation ON public.shipments
    USING (shipments.tenant_id = current_setting('app.tenant_id')::uuid);
