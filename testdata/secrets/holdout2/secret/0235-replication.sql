\connect analytics
ALTER ROLE replicator WITH REPLICATION LOGIN PASSWORD 'q82*+_Ju0JExKMLd!06';
SELECT pg_create_physical_replication_slot('standby_1');
