-- V12__reporting_role.sql
CREATE USER reporting WITH PASSWORD '9EnHcWvXcdez7CsoCBK';
GRANT CONNECT ON DATABASE shipments TO reporting;
GRANT USAGE ON SCHEMA public TO reporting;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO reporting;
