-- Synthetic audit trail for the audit-review benchmark (scripts/bench/audit-trail.ts runs this in its own session).
--
-- The people and patients the trail names, then audit rows generated set-based by generate_series and chained in a
-- loop in the same order the audit_logs_chain trigger would chain them: row g in lane g % 16, its prev_hash the hash
-- of the lane's previous row, its hash audit_log_hash() — the database's own function — so `audit verify` accepts
-- the result. The trigger itself (an advisory lock, a lookup of the lane's last row and a hash per row, ~100 µs) is
-- switched off for this session only (session_replication_role = replica), and rows go in 10,000 at a time.
--
-- Distribution, one year of a mid-size hospital: 2,000 staff (a few very active, most occasional: the user index is
-- 2,000 * r^2), 20 interface API keys, 200,000 patients (skewed the same way), actions weighted as below, three rows
-- per request id, a row every 3.15 s on average.

CREATE FUNCTION pg_temp.bench_rand(g bigint, stream int) RETURNS double precision LANGUAGE sql IMMUTABLE AS $$
  SELECT ((hashint8(g * 16 + stream)::bigint + 2147483648) / 4294967296.0)::double precision
$$;

CREATE FUNCTION pg_temp.bench_user_id(u int) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$ SELECT md5('bench-user-' || u)::uuid $$;
CREATE FUNCTION pg_temp.bench_key_id(k int) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$ SELECT md5('bench-key-' || k)::uuid $$;
CREATE FUNCTION pg_temp.bench_patient_id(p int) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$ SELECT md5('bench-patient-' || p)::uuid $$;
CREATE FUNCTION pg_temp.bench_mrn(p int) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'BENCH-A' || lpad(p::text, 7, '0') $$;

CREATE FUNCTION pg_temp.bench_first_name(n int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT (ARRAY['Ana','Ben','Carla','David','Elena','Farid','Grace','Hugo','Ines','Jamal','Kara','Liam','Maya','Noah',
    'Olga','Pedro','Quinn','Rosa','Sami','Tara','Umar','Vera','Wen','Xavier','Yara','Zoe'])[1 + n % 26]
$$;
CREATE FUNCTION pg_temp.bench_last_name(n int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT (ARRAY['Smith','Garcia','Nguyen','Okafor','Müller','Rossi','Kowalski','Haddad','Silva','Tanaka','Johansson',
    'Dubois','Novak','Reyes','Cohen','Ivanova','Moreau','Patel','Khan','Larsen','Schmidt','Costa','Yilmaz',
    'Fischer','Lopez','Andersen','Brown','Kim','Ali','Wright','Santos','Horvat','Jensen'])[1 + (n / 26) % 33]
$$;
CREATE FUNCTION pg_temp.bench_user_name(u int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT pg_temp.bench_first_name(u) || ' ' || pg_temp.bench_last_name(u)
$$;

-- The action mix: [lo, hi) of a uniform draw in 0..999.
CREATE FUNCTION pg_temp.bench_actions() RETURNS TABLE (
  lo int, hi int, action text, event_type text, event_category text, data_category text, resource_type text,
  status text, status_code int, method text, actor text, path text
) LANGUAGE sql IMMUTABLE AS $$
  VALUES
    (0, 300, 'patient.viewed', 'data_access', 'patient_view', 'demographics', 'patient', 'success', 200, 'GET', 'user', '/patients/'),
    (300, 470, 'patient.records_listed', 'data_access', 'patient_view', 'results', 'patient', 'success', 200, 'GET', 'user', '/patients/'),
    (470, 590, 'patient.searched', 'data_access', 'patient_search', NULL, 'patient', 'success', 200, 'GET', 'user', '/patients'),
    (590, 740, 'hl7.received', 'data_modification', 'hl7', 'results', 'hl7_message', 'success', 200, 'MLLP', 'key', '/mllp'),
    (740, 800, 'auth.login_succeeded', 'authentication', 'login', NULL, 'session', 'success', 200, 'POST', 'user', '/api/auth/callback/credentials'),
    (800, 850, 'auth.logout', 'authentication', 'logout', NULL, 'session', 'success', 200, 'POST', 'user', '/api/auth/signout'),
    (850, 870, 'auth.login_failed', 'authentication', 'login', NULL, 'user', 'failure', 401, 'POST', 'anonymous', '/api/auth/callback/credentials'),
    (870, 880, 'access.denied', 'authorization', 'permission_denied', NULL, 'patient', 'denied', 403, 'GET', 'user', '/patients/'),
    (880, 915, 'patient.updated', 'data_modification', 'patient_update', 'demographics', 'patient', 'success', 200, 'PATCH', 'user', '/patients/'),
    (915, 935, 'medication.updated', 'data_modification', 'patient_update', 'medications', 'medication', 'success', 200, 'PATCH', 'user', '/patients/'),
    (935, 950, 'allergy.created', 'data_modification', 'patient_update', 'allergies', 'allergy', 'success', 201, 'POST', 'user', '/patients/'),
    (950, 970, 'patient.ssn_revealed', 'data_access', 'patient_view', 'demographics', 'patient', 'success', 200, 'POST', 'user', '/patients/'),
    (970, 990, 'audit.viewed', 'audit', 'audit_review', NULL, 'audit_log', 'success', 200, 'GET', 'user', '/audit'),
    (990, 995, 'patient.emergency_access', 'data_access', 'emergency_access', 'full_chart', 'patient', 'success', 200, 'POST', 'user', '/patients/'),
    (995, 998, 'user.created', 'administration', 'user', NULL, 'user', 'success', 201, 'POST', 'user', '/admin/users'),
    (998, 1000, 'audit.exported', 'audit', 'audit_export', NULL, 'audit_log', 'success', 200, 'GET', 'user', '/api/v1/audit/export')
$$;

CREATE FUNCTION pg_temp.bench_people(users int, keys int, patients int) RETURNS void LANGUAGE sql AS $$
  INSERT INTO users (id, email, name, role, password_hash, updated_at)
  SELECT pg_temp.bench_user_id(u),
    lower(pg_temp.bench_first_name(u) || '.' || pg_temp.bench_last_name(u)) || '.' || u || '@bench.meridian.test',
    pg_temp.bench_user_name(u),
    (CASE WHEN u % 50 = 0 THEN 'compliance' WHEN u % 50 = 1 THEN 'admin' ELSE 'clinician' END)::"Role",
    'not-a-password-hash', now()
  FROM generate_series(0, users - 1) u
  ON CONFLICT DO NOTHING;
  INSERT INTO api_keys (id, name, role, prefix, secret_hash)
  SELECT pg_temp.bench_key_id(k), 'EMR interface ' || k, 'integration', 'mrd_bench' || k, 'not-a-secret-hash'
  FROM generate_series(0, keys - 1) k
  ON CONFLICT DO NOTHING;
  INSERT INTO patients (id, mrn, first_name, last_name, birth_date, updated_at)
  SELECT pg_temp.bench_patient_id(p), pg_temp.bench_mrn(p), pg_temp.bench_first_name(p * 7), pg_temp.bench_last_name(p * 11),
    date '1930-01-01' + (p * 37) % 32000, now()
  FROM generate_series(0, patients - 1) p
  ON CONFLICT DO NOTHING;
$$;

-- The generated rows (ids first..last), every column of audit_logs computed set-based; audit-trail.ts lists the
-- columns in the table's own order, so that `rows` yields audit_logs records.
CREATE FUNCTION pg_temp.bench_generated(first bigint, last bigint, users int, keys int, patients int) RETURNS TABLE (
  n bigint, u int, k int, p int, who text, has_patient boolean, r_status double precision, duration int,
  action text, event_type text, event_category text, data_category text, resource_type text, status text,
  status_code int, method text, path text
) LANGUAGE sql STABLE AS $$
  SELECT n, u, k, p,
    CASE WHEN a.actor = 'user' OR (a.actor = 'anonymous' AND r_status < 0.3) THEN 'user' WHEN a.actor = 'key' THEN 'key' END,
    a.resource_type IN ('patient', 'medication', 'allergy', 'hl7_message') AND a.action <> 'patient.searched',
    r_status, floor(1000 * pg_temp.bench_rand(n, 4) ^ 3)::int,
    a.action, a.event_type, a.event_category, a.data_category, a.resource_type, a.status, a.status_code, a.method, a.path
  FROM generate_series(first, last) n
  CROSS JOIN LATERAL (SELECT floor(1000 * pg_temp.bench_rand(n, 0))::int AS draw,
                             floor(users * pg_temp.bench_rand(n, 1) ^ 2)::int AS u,
                             (n % keys)::int AS k,
                             floor(patients * pg_temp.bench_rand(n, 2) ^ 1.5)::int AS p,
                             pg_temp.bench_rand(n, 3) AS r_status) pick
  JOIN pg_temp.bench_actions() a ON pick.draw >= a.lo AND pick.draw < a.hi
$$;

-- Chains the rows `query` yields (audit_logs records in id order, ids from $1 to $2) onto the lanes' current heads,
-- exactly as the audit_logs_chain trigger would, and writes them 10,000 at a time. Returns how many it wrote.
CREATE FUNCTION pg_temp.bench_chain(query text, first bigint, last bigint) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  heads varchar(64)[] := array_fill(NULL::varchar, ARRAY[16]);
  batch audit_logs[] := '{}';
  r audit_logs;
  lane int;
  written bigint := 0;
BEGIN
  FOR lane IN 0..15 LOOP
    heads[lane + 1] := (SELECT hash FROM audit_logs WHERE chain_lane = lane ORDER BY id DESC LIMIT 1);
  END LOOP;
  FOR r IN EXECUTE query USING first, last LOOP
    lane := r.chain_lane + 1;
    r.prev_hash := heads[lane];
    r.hash := audit_log_hash(r);
    heads[lane] := r.hash;
    batch := batch || r;
    IF cardinality(batch) >= 10000 THEN
      INSERT INTO audit_logs SELECT * FROM unnest(batch);
      written := written + cardinality(batch);
      batch := '{}';
    END IF;
  END LOOP;
  INSERT INTO audit_logs SELECT * FROM unnest(batch);
  RETURN written + cardinality(batch);
END
$$;
