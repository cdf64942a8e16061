-- Undoes 20261127035500_trigram_similarity_cost: pg_trgm's own estimate for %.
DO $$
BEGIN
  ALTER FUNCTION similarity_op(text, text) COST 1;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'pg_trgm is not ours: similarity_op keeps its cost estimate';
END
$$;
