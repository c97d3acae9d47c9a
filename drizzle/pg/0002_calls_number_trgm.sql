-- Custom SQL migration file, put your code below! --
-- Staff search calls by any part of the caller number (LIKE '%…%'), which no b-tree can serve.
-- A pg_trgm GIN index can, for patterns of 3+ characters (as the SQLite FTS5 trigram index in
-- drizzle/sqlite/0002 does). It indexes the number staff see: the full one after consent, else
-- the masked one. pg_trgm ships with PostgreSQL (contrib) and is a trusted extension (13+), so
-- the database owner may create it. Where it is missing or not allowed, the search still works
-- as a scan, so the migration must not fail there.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE INDEX IF NOT EXISTS calls_number_trgm_idx ON calls USING gin ((coalesce(from_full, from_masked)) gin_trgm_ops);
  ELSE
    RAISE NOTICE 'pg_trgm is not available: caller-number search scans the calls table';
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'no privilege to create pg_trgm: caller-number search scans the calls table';
END $$;
