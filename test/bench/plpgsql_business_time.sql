-- plpgsql_business_time.sql -- business time in PL/pgSQL, the comparator for
-- lead_align's C business_add / business_elapsed (DESIGN.md section 6, Benchmarks).
--
-- Written the way a competent DBA would write it without the extension: working
-- hours in a table of weekly hours (several rows per day allowed, e.g. a lunch
-- break), holidays in a table of dates, a zone name as a parameter, and a walk
-- DAY BY DAY from the start, one indexed query per local date.  Local wall times
-- become instants with AT TIME ZONE, so real elapsed time is counted across DST
-- changes.
--
-- Business days (business_add_days) follow lead_align's rule S3: a t outside
-- business hours first moves to the next opening (N > 0) or back to the
-- previous closing (N < 0), and the result is the |N|-th business day from
-- the date that owns it, at the same wall-clock time, clamped into that day's
-- hours.
--
-- Scope (enough for the benchmark calendar, which is what it is compared on):
--   * no overnight spans (closes > opens, '24:00' allowed as a close), and the
--     spans of one weekday do not overlap (lead_align merges them; this counts twice);
--   * opening and closing times, and the wall-clock times business days land
--     on, are assumed not to fall into a DST gap or overlap of the zone
--     (PostgreSQL's AT TIME ZONE then picks one instant, which can differ from
--     lead_align's rule S1);
--   * business_add takes w >= 0 only (a negative w is an error);
--   * the walk gives up after 3,660 days (about ten years) without an answer.
--
-- Usage: psql -f plpgsql_business_time.sql, then fill the two tables.  The
-- benchmark script (bench_business_time.sh) drops and recreates the schema.
--
-- Object names are schema-qualified everywhere.  The functions deliberately
-- carry no SET search_path clause: they are not SECURITY DEFINER, every name is
-- qualified, and a SET clause would add a GUC save/restore to every call that
-- the comparator would be charged for.

CREATE SCHEMA bench_plpgsql;

-- Weekly hours: dow is ISO (1 = Monday .. 7 = Sunday); one row per span.
CREATE TABLE bench_plpgsql.weekly_hours (
	dow		int  NOT NULL CHECK (dow BETWEEN 1 AND 7),
	opens	time NOT NULL,
	closes	time NOT NULL,
	PRIMARY KEY (dow, opens),
	CHECK (closes > opens)		-- no overnight spans
);

-- Whole days off (public holidays, company days).
CREATE TABLE bench_plpgsql.holidays (
	day		date PRIMARY KEY
);

COMMENT ON TABLE bench_plpgsql.weekly_hours IS
	'Business hours per ISO weekday (1 = Monday); several spans per day allowed.';
COMMENT ON TABLE bench_plpgsql.holidays IS
	'Dates on which there is no business time at all.';

-- business_add(t, w, tz): the earliest T >= t with exactly w of business time
-- in [t, T).  A deadline that uses up a day lands on that day's closing.
CREATE FUNCTION bench_plpgsql.business_add(t timestamptz, w interval, tz text)
RETURNS timestamptz
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
AS $$
DECLARE
	v_left	interval;		-- business time still to find, hours:minutes:seconds only
	v_day	date;
	v_last	date;
	v_len	interval;
	v_open	timestamptz;
	v_close	timestamptz;
	r		record;
BEGIN
	IF w < interval '0' THEN
		RAISE EXCEPTION 'negative business time % is not supported', w
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF w = interval '0' OR NOT pg_catalog.isfinite(t) THEN
		RETURN t;
	END IF;

	-- '1 day' would mean a calendar day to timestamptz + interval: keep time only
	v_left := pg_catalog.make_interval(secs => pg_catalog.date_part('epoch', w));

	v_day := (t AT TIME ZONE tz)::date;
	v_last := v_day + 3660;
	WHILE v_day <= v_last LOOP
		FOR r IN
			SELECT h.opens, h.closes
			  FROM bench_plpgsql.weekly_hours AS h
			 WHERE h.dow = pg_catalog.date_part('isodow', v_day)::int
			   AND NOT EXISTS (SELECT FROM bench_plpgsql.holidays AS x WHERE x.day = v_day)
			 ORDER BY h.opens
		LOOP
			v_close := (v_day + r.closes) AT TIME ZONE tz;
			CONTINUE WHEN v_close <= t;
			v_open := GREATEST((v_day + r.opens) AT TIME ZONE tz, t);
			IF v_open + v_left <= v_close THEN
				RETURN v_open + v_left;
			END IF;
			v_len := v_close - v_open;
			IF v_len >= interval '24 hours' THEN	-- e.g. 00:00-24:00 on a 25-hour day
				v_len := pg_catalog.make_interval(secs => pg_catalog.date_part('epoch', v_len));
			END IF;
			v_left := v_left - v_len;
		END LOOP;
		v_day := v_day + 1;
	END LOOP;

	RAISE EXCEPTION 'no business time within 3660 days after %', t
		USING ERRCODE = 'invalid_parameter_value';
END
$$;

-- business_elapsed(a, b, tz): the business time between a and b, negative when
-- b < a; hours:minutes:seconds only (never days).
CREATE FUNCTION bench_plpgsql.business_elapsed(a timestamptz, b timestamptz, tz text)
RETURNS interval
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
AS $$
DECLARE
	v_sum	interval := interval '0';
	v_day	date;
	v_last	date;
	v_open	timestamptz;
	v_close	timestamptz;
	v_len	interval;
	r		record;
BEGIN
	IF NOT pg_catalog.isfinite(a) OR NOT pg_catalog.isfinite(b) THEN
		RAISE EXCEPTION 'business time between infinite instants is undefined'
			USING ERRCODE = 'datetime_field_overflow';
	END IF;
	IF b < a THEN
		RETURN -bench_plpgsql.business_elapsed(b, a, tz);
	END IF;

	v_day := (a AT TIME ZONE tz)::date;
	v_last := (b AT TIME ZONE tz)::date;
	WHILE v_day <= v_last LOOP
		FOR r IN
			SELECT h.opens, h.closes
			  FROM bench_plpgsql.weekly_hours AS h
			 WHERE h.dow = pg_catalog.date_part('isodow', v_day)::int
			   AND NOT EXISTS (SELECT FROM bench_plpgsql.holidays AS x WHERE x.day = v_day)
			 ORDER BY h.opens
		LOOP
			v_open := GREATEST((v_day + r.opens) AT TIME ZONE tz, a);
			v_close := LEAST((v_day + r.closes) AT TIME ZONE tz, b);
			IF v_close > v_open THEN
				v_len := v_close - v_open;
				IF v_len >= interval '24 hours' THEN
					v_len := pg_catalog.make_interval(secs => pg_catalog.date_part('epoch', v_len));
				END IF;
				v_sum := v_sum + v_len;
			END IF;
		END LOOP;
		v_day := v_day + 1;
	END LOOP;
	RETURN v_sum;
END
$$;

-- business_add_days(t, n, tz): n business days from t (n < 0: back), rule S3
-- within the scope above.  Without overnight spans the span holding an instant
-- belongs to its local date, except a closing at 24:00, which belongs to the
-- day before.
CREATE FUNCTION bench_plpgsql.business_add_days(t timestamptz, n int, tz text)
RETURNS timestamptz
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
AS $$
DECLARE
	v_dir		int := pg_catalog.sign(n)::int;
	v_left		int := pg_catalog.abs(n);
	v_day		date;
	v_last		date;
	v_anchor	date;
	v_moved		timestamptz;
	v_offset	interval;
	v_cand		timestamptz;
	v_open		timestamptz;
	v_close		timestamptz;
	r			record;
BEGIN
	IF n = 0 OR NOT pg_catalog.isfinite(t) THEN
		RETURN t;
	END IF;

	-- 1. move t: forward to the next opening unless in some [open, close),
	--    back to the previous closing unless in some (open, close]
	v_day := (t AT TIME ZONE tz)::date;
	v_last := v_day + v_dir * 3660;
	<<find>>
	WHILE v_day <> v_last LOOP
		FOR r IN
			SELECT h.opens, h.closes
			  FROM bench_plpgsql.weekly_hours AS h
			 WHERE h.dow = pg_catalog.date_part('isodow', v_day)::int
			   AND NOT EXISTS (SELECT FROM bench_plpgsql.holidays AS x WHERE x.day = v_day)
			 ORDER BY CASE WHEN v_dir > 0 THEN h.opens END, h.opens DESC	-- backward: latest first
		LOOP
			v_open := (v_day + r.opens) AT TIME ZONE tz;
			v_close := (v_day + r.closes) AT TIME ZONE tz;
			IF v_dir > 0 AND t < v_close THEN
				v_moved := GREATEST(t, v_open);
				EXIT find;
			ELSIF v_dir < 0 AND v_open < t THEN
				v_moved := LEAST(t, v_close);
				EXIT find;
			END IF;
		END LOOP;
		v_day := v_day + v_dir;
	END LOOP;
	IF v_moved IS NULL THEN
		RAISE EXCEPTION 'no business time within 3660 days % %',
			CASE WHEN v_dir > 0 THEN 'after' ELSE 'before' END, t
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	v_anchor := v_day;
	v_offset := (v_moved AT TIME ZONE tz) - v_anchor::timestamp;	-- may be 24:00

	-- 2. the |n|-th business day after (before) the anchor
	v_day := v_anchor;
	v_last := v_anchor + v_dir * 3660;
	WHILE v_left > 0 LOOP
		v_day := v_day + v_dir;
		IF v_day = v_last THEN
			RAISE EXCEPTION 'no business day within 3660 days % %',
				CASE WHEN v_dir > 0 THEN 'after' ELSE 'before' END, v_anchor
				USING ERRCODE = 'invalid_parameter_value';
		END IF;
		IF EXISTS (SELECT FROM bench_plpgsql.weekly_hours AS h
		            WHERE h.dow = pg_catalog.date_part('isodow', v_day)::int)
		   AND NOT EXISTS (SELECT FROM bench_plpgsql.holidays AS x WHERE x.day = v_day) THEN
			v_left := v_left - 1;
		END IF;
	END LOOP;

	-- 3. the same wall-clock offset on that day, clamped into its own hours:
	--    inside a span it stays; else the next opening that day; else the
	--    day's last closing
	v_cand := (v_day + v_offset) AT TIME ZONE tz;
	FOR r IN
		SELECT h.opens, h.closes
		  FROM bench_plpgsql.weekly_hours AS h
		 WHERE h.dow = pg_catalog.date_part('isodow', v_day)::int
		 ORDER BY h.opens
	LOOP
		v_open := (v_day + r.opens) AT TIME ZONE tz;
		v_close := (v_day + r.closes) AT TIME ZONE tz;
		IF v_cand < v_open THEN
			RETURN v_open;
		ELSIF v_cand < v_close THEN
			RETURN v_cand;
		END IF;
	END LOOP;
	RETURN v_close;
END
$$;

COMMENT ON FUNCTION bench_plpgsql.business_add(timestamptz, interval, text) IS
	'Earliest T >= t with exactly w of business time in [t, T); walks day by day.';
COMMENT ON FUNCTION bench_plpgsql.business_elapsed(timestamptz, timestamptz, text) IS
	'Business time between a and b (negative when b < a); walks day by day.';
COMMENT ON FUNCTION bench_plpgsql.business_add_days(timestamptz, int, text) IS
	'n business days from t (lead_align rule S3: a closed t first moves to the next opening, or back to the previous closing); walks day by day.';
