-- Undoes 20261204220609_patient_name_edit_keys_plpgsql: patient_name_edit_keys as SQL again (20261204211252_patient_name_edit_keys).
CREATE OR REPLACE FUNCTION patient_name_edit_keys(name text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT ARRAY(
    SELECT lower(name)
    UNION
    SELECT overlay(lower(name) PLACING '' FROM position FOR 1) FROM generate_series(1, char_length(name)) AS position
  )
$$;
