-- test/crash/recv.sql -- the binary input path of the extension's types: a
-- binary COPY file with one field of random or mutated bytes per call, read
-- by COPY ... FROM (FORMAT binary), which calls the type's receive function
-- with exactly those bytes.  Values that are accepted are then printed, sent,
-- compared, hashed and sorted.  Superuser only (lo_export and COPY FROM a
-- server file); loaded after fuzz.sql.
SET client_min_messages = warning;

CREATE FUNCTION crash_fuzz.random_bytes(len int) RETURNS bytea
LANGUAGE sql VOLATILE AS $$
	SELECT coalesce(decode(string_agg(lpad(to_hex(floor(random() * 256)::int), 2, '0'), ''), 'hex'), '')
	  FROM generate_series(1, len)
$$;

-- the bytes of one call: random, a valid value's send output with bytes
-- changed, cut short or extended, or with a huge length word in front
CREATE FUNCTION crash_fuzz.recv_payload(valid bytea[]) RETURNS bytea
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
	v bytea := valid[1 + floor(random() * array_length(valid, 1))::int];
	k int := floor(random() * 7)::int;
	pos int;
BEGIN
	IF k = 0 OR length(v) = 0 THEN
		RETURN crash_fuzz.random_bytes(floor(random() * 48)::int);
	ELSIF k = 1 THEN
		RETURN substr(v, 1, floor(random() * length(v))::int);
	ELSIF k = 2 THEN
		RETURN v || crash_fuzz.random_bytes(1 + floor(random() * 16)::int);
	ELSIF k = 3 THEN
		RETURN int4send((ARRAY[2147483647, -1, 0, 65536, -2147483648])[1 + floor(random() * 5)::int]) || v;
	ELSE
		FOR i IN 1 .. 1 + floor(random() * 3)::int LOOP
			pos := floor(random() * length(v))::int;
			v := set_byte(v, pos, (ARRAY[0, 255, 127, 128, 1, floor(random() * 256)::int])[1 + floor(random() * 6)::int]);
		END LOOP;
		RETURN v;
	END IF;
END $$;

-- calls COPYs of one field into a one-column table of type typ; returns
-- 'calls N accepted N errors N states ...'
CREATE FUNCTION crash_fuzz.recv_fuzz(typ regtype, valid bytea[], calls int, seed float8) RETURNS text
LANGUAGE plpgsql VOLATILE SET search_path = public, lead_align AS $f$
DECLARE
	tbl text := 'crash_fuzz.recv_' || (SELECT typname FROM pg_type WHERE oid = typ);
	path text := current_setting('data_directory') || '/crash_fuzz_recv.bin';
	payload bytea;
	lo oid;
	nok int := 0;
	nerr int := 0;
	st text;
	states jsonb := '{}';
	r text;
BEGIN
	PERFORM setseed(seed);
	EXECUTE format('DROP TABLE IF EXISTS %s', tbl);
	EXECUTE format('CREATE TABLE %s (n int, v %s)', tbl, typ);
	FOR i IN 1 .. calls LOOP
		payload := crash_fuzz.recv_payload(valid);
		RAISE NOTICE 'recv % %: %', typ, i, payload;
		-- PGCOPY signature, flags, header extension length; one tuple of
		-- two fields (n, v); the trailer
		lo := lo_from_bytea(0, '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea
								|| '\x0002'::bytea || int4send(4) || int4send(i)
								|| int4send(length(payload)) || payload || '\xffff'::bytea);
		PERFORM lo_export(lo, path);
		PERFORM lo_unlink(lo);
		BEGIN
			EXECUTE format('COPY %s FROM %L (FORMAT binary)', tbl, path);
			nok := nok + 1;
		EXCEPTION WHEN OTHERS THEN
			GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
			nerr := nerr + 1;
			states := jsonb_set(states, ARRAY[st], to_jsonb(coalesce((states ->> st)::int, 0) + 1));
		END;
	END LOOP;
	-- what was accepted must print, send, compare, hash and sort
	RAISE NOTICE 'recv %: output, send, compare, hash and sort of the accepted values', typ;
	BEGIN
		EXECUTE format('SELECT count(*)::text FROM (SELECT v::text, %s(v) FROM %s) s', (SELECT typsend FROM pg_type WHERE oid = typ), tbl) INTO r;
		EXECUTE format('SELECT count(DISTINCT v)::text FROM %s', tbl) INTO r;
		EXECUTE format('SELECT string_agg(v::text, '','' ORDER BY v) FROM %s', tbl) INTO r;
		EXECUTE format('SELECT count(*)::text FROM %s a JOIN %s b ON a.v = b.v', tbl, tbl) INTO r;
		EXECUTE format('SELECT count(*)::text FROM %1$s a, %1$s b WHERE a.v < b.v OR a.v >= b.v', tbl) INTO r;
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
		states := jsonb_set(states, ARRAY['after_' || st], '1');
	END;
	RETURN format('calls %s accepted %s errors %s states %s', calls, nok, nerr,
				  (SELECT coalesce(string_agg(k || ':' || v, ',' ORDER BY k), '-') FROM jsonb_each_text(states) e (k, v)));
END $f$;
