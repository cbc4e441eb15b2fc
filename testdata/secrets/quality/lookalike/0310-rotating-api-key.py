log.info("rotating api key for tenant %s", tenant_id)
new_key = keys.rotate(tenant_id)
notify_owner(tenant_id)
