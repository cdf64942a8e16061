-- patient_name_edit_keys in PL/pgSQL. Search evaluates it while planning each name lookup (twice per word); a SQL
-- function with a subquery is parsed and planned again on every call (65–125 µs), PL/pgSQL evaluates its simple
-- expressions from plans it keeps for the session (30–37 µs). Same keys, possibly repeated ("anna" gives "ana"
-- twice), which the GIN index and && ignore.
CREATE OR REPLACE FUNCTION patient_name_edit_keys(name text) RETURNS text[]
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  word text := lower(name);
  keys text[] := ARRAY[word];
BEGIN
  FOR position IN 1 .. char_length(word) LOOP
    keys := keys || overlay(word PLACING '' FROM position FOR 1);
  END LOOP;
  RETURN keys;
END
$$;

-- The edit_keys column has no statistics until the table is analyzed: without them the planner guessed that &&
-- matches 99 of 2,010 names and scanned the whole dictionary, computing the trigram similarity of every name (10–25
-- ms), instead of using the indexes (2.5 ms).
ANALYZE "patient_name_words";
