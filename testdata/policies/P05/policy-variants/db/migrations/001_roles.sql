-- Roles used by the policies. Idempotent: the roles may already exist on shared clusters.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app_user') THEN
        CREATE ROLE app_user NOLOGIN;
    END IF;
END
$$;

CREATE ROLE reporting NOLOGIN;
