-- The baseline. The runner itself creates schema_migrations, because the
-- table must exist before any file can be recorded in it; this first file
-- documents it. Every later file runs in one transaction the runner opens:
-- no BEGIN, COMMIT or CREATE INDEX CONCURRENTLY in migration files.

COMMENT ON TABLE schema_migrations IS
    'Migrations applied by podium migrate / podium serve, one row per migrations/NNNN_name.sql file';
COMMENT ON COLUMN schema_migrations.version IS 'NNNN of the file name';
COMMENT ON COLUMN schema_migrations.checksum IS
    'sha256 (hex) of the file bytes when applied; a file changed afterwards stops the service';
