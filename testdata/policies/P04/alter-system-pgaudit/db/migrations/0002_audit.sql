-- Turn on pgaudit (preloaded by the server image) for every statement class.
-- ALTER SYSTEM cannot run in a transaction block: the migration tool runs this file without one.

ALTER SYSTEM SET pgaudit.log = 'all';
SELECT pg_reload_conf();
