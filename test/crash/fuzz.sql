-- test/crash/fuzz.sql -- the random-argument fuzz of every SQL-callable
-- function of lead_align (test/crash/run.sh loads it into a fresh database
-- where lead_align is created, after fixtures.sql).
--
-- crash_fuzz.arg(type) returns the text of a random SQL expression of that
-- type: NULLs, extremes (huge and negative integers, infinities, NaN, the
-- first and last timestamps), empty, long and odd strings, valid-looking
-- values of the extension's own types (so calls get past the first check),
-- records of the wrong shape for `record` arguments, the fixture tables for
-- `regclass` arguments.  crash_fuzz.fuzz(fn, calls, seed) makes `calls` calls
-- of one function, each in its own subtransaction: an error is fine (its
-- SQLSTATE is counted), a crash ends the connection, which run.sh detects.
-- Every call is announced first with a NOTICE, so the log of a crashed batch
-- ends with the call that crashed.  setseed() makes a run reproducible.
SET client_min_messages = warning;
CREATE SCHEMA crash_fuzz;
GRANT USAGE ON SCHEMA crash_fuzz TO PUBLIC;

CREATE FUNCTION crash_fuzz.pick(VARIADIC choices text[]) RETURNS text
LANGUAGE sql VOLATILE AS $$
	SELECT choices[1 + floor(random() * pg_catalog.array_length(choices, 1))::int]
$$;

CREATE FUNCTION crash_fuzz.fmt(v text, pat text) RETURNS text
LANGUAGE sql AS $$ SELECT format(pat, replace(v, '''', '''''')) $$;

CREATE FUNCTION crash_fuzz.arg(t regtype) RETURNS text
LANGUAGE plpgsql VOLATILE AS $f$
DECLARE
	n text := pg_catalog.format_type(t, NULL);
BEGIN
	-- a NULL of every type now and then
	IF random() < 0.12 THEN
		RETURN 'NULL::' || n;
	END IF;
	CASE n
	WHEN 'smallint', 'integer', 'bigint' THEN
		RETURN crash_fuzz.pick('0', '1', '-1', '2', '7', '100', '4096', '2147483647', '-2147483648',
			'32767', '-32768', '9223372036854775807', '-9223372036854775808', '2147483648',
			(floor(random() * 2000) - 1000)::text, '(SELECT max(id) FROM lead_align.track)',
			'(SELECT min(id) FROM lead_align.track)') || '::' || n;
	WHEN 'numeric', 'double precision', 'real' THEN
		RETURN crash_fuzz.pick('0', '-1', '50', '100', '1e300', '-1e300', '''NaN''', '''Infinity''', '''-Infinity''',
			'1e-300', '0.5', (random() * 1000 - 500)::text) || '::' || n;
	WHEN 'boolean' THEN
		RETURN crash_fuzz.pick('true', 'false');
	WHEN 'text', 'name', 'cstring', 'character varying' THEN
		RETURN crash_fuzz.pick(
			'''''', '''x''', '''id''', '''stage''', '''reason''', '''owner''', '''nope''', '''42''', '''1''', '''-1''',
			'''new''', '''mql''', '''sal''', '''sql''', '''won''', '''lost''', '''nurture''', '''disqualified''', '''opportunity''',
			'''hot''', '''warm''', '''cold''', '''marketing''', '''sales''', '''fit''', '''interest''', '''temperature''',
			'''bad_fit''', '''other''', '''price''', '''reject''', '''recycle''', '''lose''', '''touch''', '''enforce''', '''record''', '''backfill''',
			'''Mo-Fr 09:00-17:00; tz Europe/Berlin''', '''24/7; tz UTC''', '''Mo-Su 00:00-24:00; tz Pacific/Kiritimati''',
			'''Mo 09:00-09:01, 09:02-09:03; tz America/St_Johns''', '''1 business day''', '''4 business hours''', '''30 minutes''',
			'''2147483647 business days''', '''-1 business day''', '''9999999999 business hours''',
			'''visits >= 3''', '''stage = ''''mql''''''', '''true''', '''(SELECT 1) = 1''', '''random() > 0.5''', '''xmin = xmin''',
			'''1/0 = 1''', '''fit >= 50''', '''pg_sleep(0) IS NULL''', '''id IS NULL OR''', ''')))''', '''$$''', ''';''',
			'''lead_align_reader''', '''postgres''', '''public''', '''pg_catalog.pg_class''', '''crash_fx.leads''',
			'''"quoted"""''', '''\xc3\x28''', '''\xff\xfe''', 'E''\\x01\\x7f''', '''ü€𝄞''', 'U&''\00e9''',
			'''%s%n%x%p''', 'repeat(''x'', 100000)', 'repeat(''€'', 70000)', 'repeat(''('', 5000)',
			'repeat(''Mo-Fr 09:00-17:00, '', 2000) || ''; tz UTC''', 'repeat(''a'', 64)', 'repeat(''a'', 63)',
			'md5(random()::text)', 'chr(1)', 'chr(127)', 'chr(1114111)') || '::' || n;
	WHEN 'timestamp with time zone', 'timestamp without time zone', 'date' THEN
		RETURN crash_fuzz.pick('''infinity''', '''-infinity''', '''4714-11-24 00:00:00+00 BC''', '''294276-12-31 23:59:59+00''',
			'''2025-01-06 09:00+00''', '''2025-03-30 01:30 Europe/Berlin''', '''2025-10-26 02:30 Europe/Berlin''',
			'''2000-02-29 12:00+14''', '''1970-01-01 00:00+00''', 'now()', 'now() + interval ''1000 years''',
			'''5874897-12-31''', '''2025-01-06 09:00+00''::timestamptz + random() * interval ''400 days''') || '::' || n;
	WHEN 'interval' THEN
		RETURN crash_fuzz.pick('''0''', '''1 microsecond''', '''-1 microsecond''', '''1 day''', '''-1 day''', '''4 hours''',
			'''178000000 years''', '''-178000000 years''', '''2147483647 days''', '''2147483647 hours''',
			'''1 mon''', '''1 year 2 mons 3 days 04:05:06.789''', '''-2147483648 days -2147483648 mons''') || '::interval';
	WHEN 'jsonb', 'json' THEN
		RETURN crash_fuzz.pick('''null''', '''{}''', '''[]''', '''1''', '''"x"''', '''{"mo": "09:00-17:00"}''',
			'''{"2025-12-24": "09:00-12:00", "2025-12-25": null}''', '''{"2025-12-24": []}''', '''{"x": {"y": {"z": [1, [2, [3]]]}}}''',
			'''{"2025-12-24": "25:00-26:00"}''', '''{"2025-12-24": "17:00-09:00"}''', '''{"infinity": "09:00-10:00"}''',
			'(SELECT jsonb_object_agg(d::date::text, ''09:00-10:00'') FROM generate_series(''2025-01-01''::date, ''2040-01-01'', ''1 day'') d)',
			'repeat(''['', 3000)::jsonb') || '::' || n;
	WHEN 'date[]' THEN
		RETURN crash_fuzz.pick('''{}''', 'ARRAY[NULL]', 'ARRAY[''infinity'', ''-infinity'']', 'ARRAY[''2025-12-24'', ''2025-12-24'']',
			'ARRAY[''5874897-12-31'', ''4714-11-24 BC'']',
			'(SELECT array_agg(d::date) FROM generate_series(''2025-01-01''::date, ''2060-01-01'', ''1 day'') d)',
			'''[5:6]={2025-01-01,2025-01-02}''', '''{{2025-01-01},{2025-01-02}}''') || '::date[]';
	WHEN 'name[]', 'text[]' THEN
		RETURN crash_fuzz.pick('''{}''', 'ARRAY[NULL]', 'ARRAY[''id'']', 'ARRAY[''stage'', ''stage'']', 'ARRAY[''nope'']',
			'ARRAY[''owner'', ''reason'', ''visits'']', 'ARRAY[''ctid'', ''xmin'']', '''{{id},{stage}}''',
			'(SELECT array_agg(''c'' || i) FROM generate_series(1, 2000) i)') || '::' || n;
	WHEN 'regtype[]' THEN
		RETURN crash_fuzz.pick('''{}''', 'ARRAY[NULL]', 'ARRAY[''int4'', ''text'']', 'ARRAY[''lead_align.lead_stage'']',
			'ARRAY[''internal'']') || '::regtype[]';
	WHEN 'regclass' THEN
		RETURN crash_fuzz.pick('''crash_fx.leads''', '''crash_fx.leads''', '''crash_fx.texts''', '''crash_fx.plain''',
			'''crash_fx.parted''', '''crash_fx.v''', '''crash_fx.seq''', '''lead_align.handoff''', '''lead_align.track''',
			'''pg_catalog.pg_class''', '''pg_catalog.pg_proc''', '0', '1', '4294967295', '''crash_fx.leads_pkey''')
			|| '::regclass';
	WHEN 'oid', 'regproc', 'regprocedure' THEN
		RETURN crash_fuzz.pick('0', '1', '4294967295', '''crash_fx.leads''::regclass::oid') || '::' || n;
	WHEN 'record' THEN
		RETURN crash_fuzz.pick('ROW(1)', 'ROW(NULL)', 'ROW(3::int8, 0::int8, 4701758392437858304::int8)',
			'ROW(1::int8, 1::int8, 1::int8)', 'ROW(''a'', 1, now())', 'ROW(1, ''mql''::lead_align.lead_stage)',
			'ROW(1::int8, ''mql''::lead_align.lead_stage, now(), 1::int4)', 'ROW(NULL::int8, NULL::int8, NULL::int8, NULL::int8)',
			'ROW(repeat(''x'', 10000), -1)', '(SELECT l FROM crash_fx.leads l ORDER BY id LIMIT 1)',
			'(SELECT h FROM lead_align.handoff h ORDER BY id DESC LIMIT 1)', '(SELECT t FROM lead_align.track t LIMIT 1)',
			'(SELECT c FROM pg_catalog.pg_class c LIMIT 1)', 'ROW(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17)');
	WHEN 'lead_align.lead_stage' THEN
		RETURN crash_fuzz.fmt(crash_fuzz.pick('new', 'nurture', 'mql', 'sal', 'sql', 'opportunity', 'won', 'lost', 'disqualified',
			'inquiry', 'nurturing', 'accepted', 'MQL', '', 'x', 'NEW '), '''%s''::lead_align.lead_stage');
	WHEN 'lead_align.lead_temperature' THEN
		RETURN crash_fuzz.fmt(crash_fuzz.pick('hot', 'warm', 'cold', 'HOT', ' hot', '', 'tepid'), '''%s''::lead_align.lead_temperature');
	WHEN 'lead_align.sla_window' THEN
		RETURN crash_fuzz.pick('''1 business day''', '''4 business hours''', '''30 minutes''', '''0 minutes''', '''1 day''',
			'''2147483647 business days''', '''-1 business day''', '''1.5 business days''', '''1 week''', '''''',
			'lead_align.sla_window(''178000000 years''::interval)', 'lead_align.sla_window(''-1 microsecond''::interval)')
			|| '::lead_align.sla_window';
	WHEN 'lead_align.business_calendar' THEN
		RETURN crash_fuzz.pick('''24/7; tz UTC''', '''Mo-Fr 09:00-17:00; tz Europe/Berlin''',
			'''Mo-Fr 09:00-12:00, 13:00-17:00; tz America/New_York''', '''Mo 00:00-00:01; tz Asia/Kathmandu''',
			'''Sa 23:59-24:00; tz Pacific/Apia''', '''Mo-Su 00:00-24:00; tz UTC''', '''; tz UTC''', '''Mo-Fr 09:00-17:00''',
			'''Mo-Fr 09:00-17:00; tz Nowhere/Else''', '''Fr-Mo 17:00-09:00; tz UTC''',
			'lead_align.calendar(''Mo-Fr 09:00-17:00'', ''Europe/Berlin'', ARRAY[''2025-12-24''::date, ''2025-12-25''], NULL)',
			'lead_align.calendar(''Mo-Fr 09:00-17:00'', ''Europe/Berlin'', (SELECT array_agg(d::date) FROM generate_series(''2025-01-01''::date, ''2030-01-01'', ''1 day'') d), NULL)')
			|| '::lead_align.business_calendar';
	ELSE
		RETURN 'NULL::' || n;
	END CASE;
END $f$;


-- One call's SQL text.
CREATE FUNCTION crash_fuzz.call_sql(fn regprocedure) RETURNS text
LANGUAGE plpgsql VOLATILE AS $f$
DECLARE
	p pg_catalog.pg_proc;
	args text[] := '{}';
	i int;
	q text := pg_catalog.format('%I.%I', (SELECT nspname FROM pg_catalog.pg_namespace WHERE oid = (SELECT pronamespace FROM pg_catalog.pg_proc WHERE oid = fn)),
								(SELECT proname FROM pg_catalog.pg_proc WHERE oid = fn));
BEGIN
	SELECT * INTO p FROM pg_catalog.pg_proc WHERE oid = fn;
	FOR i IN 0 .. p.pronargs - 1 LOOP
		IF p.proargtypes[i] = 'internal'::regtype THEN
			args := args || 'NULL'::text;
		ELSE
			args := args || crash_fuzz.arg(p.proargtypes[i]);
		END IF;
	END LOOP;
	IF p.prokind = 'p' THEN
		RETURN 'CALL ' || q || '(' || array_to_string(args, ', ') || ')';
	ELSIF p.prokind = 'a' THEN
		RETURN 'SELECT ' || q || '(x)::text FROM (VALUES (' || args[1] || '), (' || crash_fuzz.arg(p.proargtypes[0]) || ')) v (x)';
	ELSIF p.proretset THEN
		-- a set in the select list is produced value by value: stop after 200
		RETURN 'SELECT count(*) FROM (SELECT ' || q || '(' || array_to_string(args, ', ') || ') LIMIT 200) s';
	ELSE
		RETURN 'SELECT ' || q || '(' || array_to_string(args, ', ') || ')::text';
	END IF;
END $f$;

-- calls calls of fn; returns 'calls N ok N errors N states S1:n,S2:n'.
CREATE FUNCTION crash_fuzz.fuzz(fn regprocedure, calls int, seed float8) RETURNS text
LANGUAGE plpgsql VOLATILE AS $f$
DECLARE
	q text;
	nok int := 0;
	nerr int := 0;
	st text;
	states jsonb := '{}';
	r text;
BEGIN
	PERFORM setseed(seed);
	FOR i IN 1 .. calls LOOP
		q := crash_fuzz.call_sql(fn);
		RAISE NOTICE 'fuzz % %: %', fn, i, left(q, 400);
		BEGIN
			EXECUTE q INTO r;
			nok := nok + 1;
		EXCEPTION WHEN OTHERS OR query_canceled THEN
			GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
			nerr := nerr + 1;
			states := jsonb_set(states, ARRAY[st], to_jsonb(coalesce((states ->> st)::int, 0) + 1));
		END;
	END LOOP;
	RETURN format('calls %s ok %s errors %s states %s', calls, nok, nerr,
				  (SELECT coalesce(string_agg(k || ':' || v, ',' ORDER BY k), '-') FROM jsonb_each_text(states) e (k, v)));
END $f$;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA crash_fuzz TO PUBLIC;
