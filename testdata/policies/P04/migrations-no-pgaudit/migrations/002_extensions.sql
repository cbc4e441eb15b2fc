-- The extension is installed, but no migration or config chooses what it logs (its default: nothing).
CREATE EXTENSION IF NOT EXISTS pgaudit;
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
