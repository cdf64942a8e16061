-- The planner prices pg_trgm's % operator like a comparison (cost 1), so on the small name dictionary it scanned
-- every word and computed its similarity (2–3 ms per word on 2,010 names) instead of using the trigram index
-- (0.1–0.5 ms). Trigram similarity builds and compares two trigram sets: cost 100 says so, and the index is chosen.
-- Extension functions are not dumped with the database: after a dump and restore, run this again. Where the
-- migrating role does not own pg_trgm, the estimate stays as it was (slower lookups, the same results).
DO $$
BEGIN
  ALTER FUNCTION similarity_op(text, text) COST 100;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'pg_trgm is not ours: similarity_op keeps its cost estimate';
END
$$;
