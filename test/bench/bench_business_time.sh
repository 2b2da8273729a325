#!/usr/bin/env bash
# bench_business_time.sh -- lead_align's C business_add / business_elapsed against
# the PL/pgSQL day-by-day version in plpgsql_business_time.sql (DESIGN.md section 6).
#
# Usage (from anywhere; the database must already have CREATE EXTENSION lead_align):
#   PGHOST=/tmp PGPORT=5432 PGUSER=postgres PGDATABASE=bench test/bench/bench_business_time.sh
#
# Optional knobs (environment):
#   BENCH_N     rows for the C measurements and the baseline          (default 200000;
#               keep the inputs table under a quarter of shared_buffers, or the
#               sequential scans go through a small ring buffer and the OS cache,
#               and the scan, not the function, dominates; the report warns)
#   BENCH_M     rows for PL/pgSQL add / elapsed-over-a-day, and the
#               sample on which C and PL/pgSQL answers are compared   (default 5000)
#   BENCH_MY    rows for PL/pgSQL elapsed over a year (informational) (default 100)
#   BENCH_REPS  timed repetitions per measurement; the median counts  (default 7)
#   BENCH_RESULTS  file to write                  (default: RESULTS.md next to this script)
#   BENCH_COMMAND  how this run was started, if not by hand (test/bench/run.sh sets it;
#                  it goes into RESULTS.md next to the exact inner command)
#
# What it does, all timing inside ONE session with clock_timestamp():
#   1. (re)creates schema bench_plpgsql from plpgsql_business_time.sql and fills its
#      weekly_hours and holidays tables from the same list as the C calendar literal;
#   2. (re)creates schema bench_bt with the inputs: BENCH_N random start instants in
#      2026 and windows of 1 business minute .. 40 business hours (setseed fixed),
#      and the same starts with 1 .. 5 business days (rule S3 on both sides);
#   3. times each query once untimed (warm-up) and then BENCH_REPS times;
#   4. compares C and PL/pgSQL answers on the random sample and on an edge sample
#      (starts at openings, closings, the lunch break, DST days, holidays);
#   5. writes the "Business time" section of RESULTS.md (other sections are kept).
# Exit status: 0 when every target is met and there are no disagreements, 1 when a
# target is missed, 2 when C and PL/pgSQL disagree (or on any error).
#
# The scripts leave schemas bench_plpgsql and bench_bt behind for inspection;
# the next run drops and recreates them.

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/results.sh"
N=${BENCH_N:-200000}
M=${BENCH_M:-5000}
MY=${BENCH_MY:-100}
REPS=${BENCH_REPS:-7}
RESULTS=${BENCH_RESULTS:-$here/RESULTS.md}

for v in "$N" "$M" "$MY" "$REPS"; do
	[[ "$v" =~ ^[1-9][0-9]*$ ]] || { echo "BENCH_N, BENCH_M, BENCH_MY and BENCH_REPS must be positive integers" >&2; exit 2; }
done
if (( M > N || MY > N )); then
	echo "BENCH_M and BENCH_MY must not exceed BENCH_N" >&2; exit 2
fi

# The benchmark calendar.  Holidays: German public holidays (Berlin) plus two company
# days, 2026 and 2027 (the one-year elapsed runs reach into 2027); some fall on a
# weekend on purpose.
TZNAME=Europe/Berlin
HOLIDAYS=(
	2026-01-01 2026-03-08 2026-04-03 2026-04-06 2026-05-01 2026-05-14 2026-05-25
	2026-10-03 2026-12-24 2026-12-25 2026-12-26 2026-12-31
	2027-01-01 2027-03-08 2027-03-26 2027-03-29 2027-05-06 2027-05-17
	2027-10-03 2027-12-24 2027-12-31
)
holiday_csv=$(IFS=,; echo "${HOLIDAYS[*]}")
CAL="Mo-Fr 09:00-12:00,13:00-17:00; $holiday_csv off; tz $TZNAME"
holiday_values=$(printf "('%s'),"  "${HOLIDAYS[@]}"); holiday_values=${holiday_values%,}

PSQL=(psql -X -q -v ON_ERROR_STOP=1)

echo "lead_align business-time benchmark: N=$N M=$M MY=$MY REPS=$REPS" >&2
echo "calendar: $CAL" >&2

# ---------------------------------------------------------------- setup ----
"${PSQL[@]}" -c 'SET client_min_messages = warning' \
	-c 'DROP SCHEMA IF EXISTS bench_plpgsql CASCADE' -c 'DROP SCHEMA IF EXISTS bench_bt CASCADE' 
"${PSQL[@]}" -f "$here/plpgsql_business_time.sql"

"${PSQL[@]}" -o /dev/null -v n="$N" -v m="$M" -v my="$MY" -v tzname="$TZNAME" -v cal="$CAL" <<SQL
SET client_min_messages = warning;

-- The same calendar, as tables, for the PL/pgSQL version: Mo-Fr 09:00-12:00,13:00-17:00.
INSERT INTO bench_plpgsql.weekly_hours (dow, opens, closes)
SELECT d, v.opens, v.closes
  FROM pg_catalog.generate_series(1, 5) AS d,
       (VALUES (time '09:00', time '12:00'), (time '13:00', time '17:00')) AS v(opens, closes);
INSERT INTO bench_plpgsql.holidays (day) VALUES $holiday_values;
ANALYZE bench_plpgsql.weekly_hours;
ANALYZE bench_plpgsql.holidays;

CREATE SCHEMA bench_bt;
CREATE TABLE bench_bt.settings (cal lead_align.business_calendar NOT NULL, tz text NOT NULL);
INSERT INTO bench_bt.settings VALUES (:'cal', :'tzname');

-- Inputs: start instants uniform over 2026 (microsecond resolution), windows of
-- 1 .. 2400 business minutes (up to 40 business hours, 5.7 business days of this
-- calendar).  Everything the functions take is precomputed so that the timed
-- queries only read columns.  Session zone UTC: '1 day' is exactly 24 hours.
SET timezone = 'UTC';
SELECT pg_catalog.setseed(0.20260101);
CREATE TABLE bench_bt.inputs (
	id		int PRIMARY KEY,
	t		timestamptz NOT NULL,
	minutes	int NOT NULL,
	w_c		lead_align.sla_window NOT NULL,		-- for C
	w_pl	interval NOT NULL,					-- for PL/pgSQL
	b_day	timestamptz NOT NULL,				-- t + 1 day
	b_year	timestamptz NOT NULL				-- t + 365 days
);
INSERT INTO bench_bt.inputs
SELECT id, t, minutes,
       (minutes::text || ' business minutes')::lead_align.sla_window,
       pg_catalog.make_interval(mins => minutes),
       t + interval '1 day', t + interval '365 days'
  FROM (SELECT g AS id,
               timestamptz '2026-01-01 00:00:00+01' + pg_catalog.random() * interval '365 days' AS t,
               1 + pg_catalog.floor(pg_catalog.random() * 2400)::int AS minutes
          FROM pg_catalog.generate_series(1, :n) AS g) AS s
 ORDER BY id;
-- the first M and MY rows, as their own tables so that small runs do not scan N rows
CREATE TABLE bench_bt.inputs_m AS SELECT * FROM bench_bt.inputs WHERE id <= :m ORDER BY id;
CREATE TABLE bench_bt.inputs_my AS SELECT * FROM bench_bt.inputs WHERE id <= :my ORDER BY id;
-- Business days: the same starts, 1 .. 5 business days derived from the window column
-- (no further random() calls, so the inputs above stay as they were).
CREATE TABLE bench_bt.inputs_days AS
SELECT id, t, 1 + minutes % 5 AS n,
       ((1 + minutes % 5)::text || ' business days')::lead_align.sla_window AS w_c
  FROM bench_bt.inputs ORDER BY id;
CREATE TABLE bench_bt.inputs_days_m AS SELECT * FROM bench_bt.inputs_days WHERE id <= :m ORDER BY id;

-- Edge sample (for agreement only): every date of 2026 and the first days of 2027, starts
-- at 00:00, 02:30 (inside the spring-forward gap on 2026-03-29, ambiguous on 2026-10-25),
-- 08:00, 09:00, 10:30, 12:00, 12:30, 13:00, 17:00, 23:59:59.999999 local time, windows
-- of 0, 1 minute, 3 hours (a morning), 7 hours (a day), 35 and 40 hours.
CREATE TABLE bench_bt.edge AS
SELECT pg_catalog.row_number() OVER () AS id, s.t, w.minutes,
       (w.minutes::text || ' business minutes')::lead_align.sla_window AS w_c,
       pg_catalog.make_interval(mins => w.minutes) AS w_pl
  FROM (SELECT (d::date + lt) AT TIME ZONE :'tzname' AS t
          FROM pg_catalog.generate_series(date '2026-01-01', date '2027-01-10', interval '1 day') AS d,
               pg_catalog.unnest(ARRAY[time '00:00', '02:30', '08:00', '09:00', '10:30', '12:00', '12:30', '13:00',
                                       '17:00', '23:59:59.999999']) AS lt) AS s,
       pg_catalog.unnest(ARRAY[0, 1, 180, 420, 2100, 2400]) AS w(minutes);

VACUUM (ANALYZE) bench_bt.inputs;
VACUUM (ANALYZE) bench_bt.inputs_m;
VACUUM (ANALYZE) bench_bt.inputs_my;
-- The same edge starts with -5, -2, -1, 1, 2 and 5 business days: starts at openings,
-- closings, in the lunch break, on weekends and holidays exercise S3's moves.
CREATE TABLE bench_bt.edge_days AS
SELECT pg_catalog.row_number() OVER (ORDER BY s.t, d.n) AS id, s.t, d.n,
       (d.n::text || ' business days')::lead_align.sla_window AS w_c
  FROM (SELECT DISTINCT t FROM bench_bt.edge) AS s,
       pg_catalog.unnest(ARRAY[-5, -2, -1, 1, 2, 5]) AS d(n);
VACUUM (ANALYZE) bench_bt.edge;
VACUUM (ANALYZE) bench_bt.inputs_days;
VACUUM (ANALYZE) bench_bt.inputs_days_m;
VACUUM (ANALYZE) bench_bt.edge_days;

-- A trivial PL/pgSQL function of the same signature: the floor of any PL/pgSQL call.
CREATE FUNCTION bench_bt.plpgsql_noop(t timestamptz, w interval, tz text)
RETURNS timestamptz LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
AS \$\$ BEGIN RETURN t; END \$\$;

CREATE TABLE bench_bt.runs (
	label	text NOT NULL,
	nrows	int NOT NULL,
	rep		int NOT NULL,
	secs	float8 NOT NULL,
	answer	text
);

-- Run p_sql once untimed, then p_reps times timed with clock_timestamp().
CREATE FUNCTION bench_bt.time_query(p_label text, p_rows int, p_reps int, p_sql text)
RETURNS void LANGUAGE plpgsql
AS \$\$
DECLARE
	t0	timestamptz;
	t1	timestamptz;
	res	text;
BEGIN
	EXECUTE p_sql INTO res;
	FOR i IN 1 .. p_reps LOOP
		t0 := pg_catalog.clock_timestamp();
		EXECUTE p_sql INTO res;
		t1 := pg_catalog.clock_timestamp();
		INSERT INTO bench_bt.runs VALUES (p_label, p_rows, i, pg_catalog.date_part('epoch', t1 - t0), res);
	END LOOP;
END
\$\$;
SQL

# -------------------------------------------------------------- measure ----
# One session.  The calendar is a literal in each query (constant-folded at plan
# time), except in c_add_join, where it comes from a table column.
echo "measuring..." >&2
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
"${PSQL[@]}" -o /dev/null -v n="$N" -v m="$M" -v my="$MY" -v reps="$REPS" -v tzname="$TZNAME" -v cal="$CAL" <<'SQL'
SET max_parallel_workers_per_gather = 0;
SET jit = off;
SET timezone = 'UTC';

-- (e) baseline: same query shape, a trivial built-in function of the same columns
SELECT bench_bt.time_query('baseline', :n, :reps,
  $q$SELECT pg_catalog.count(*) FILTER (WHERE pg_catalog.num_nonnulls(t, w_c, b_day) = 3) FROM bench_bt.inputs$q$);
-- (a) C business_add
SELECT bench_bt.time_query('c_add', :n, :reps, pg_catalog.format(
  $q$SELECT pg_catalog.count(*) FILTER (WHERE lead_align.business_add(t, w_c, %L::lead_align.business_calendar) IS NOT NULL) FROM bench_bt.inputs$q$, :'cal'));
-- (a') C business_add, calendar read from a table column (as a tracked table would)
SELECT bench_bt.time_query('c_add_join', :n, :reps,
  $q$SELECT pg_catalog.count(*) FILTER (WHERE lead_align.business_add(i.t, i.w_c, s.cal) IS NOT NULL) FROM bench_bt.inputs AS i CROSS JOIN bench_bt.settings AS s$q$);
-- (c) C business_elapsed over one day and over one year, same starts
SELECT bench_bt.time_query('c_elapsed_day', :n, :reps, pg_catalog.format(
  $q$SELECT pg_catalog.count(*) FILTER (WHERE lead_align.business_elapsed(t, b_day, %L::lead_align.business_calendar) IS NOT NULL) FROM bench_bt.inputs$q$, :'cal'));
SELECT bench_bt.time_query('c_elapsed_year', :n, :reps, pg_catalog.format(
  $q$SELECT pg_catalog.count(*) FILTER (WHERE lead_align.business_elapsed(t, b_year, %L::lead_align.business_calendar) IS NOT NULL) FROM bench_bt.inputs$q$, :'cal'));
-- PL/pgSQL floor: a function that only returns its argument
SELECT bench_bt.time_query('plpgsql_noop', :m, :reps, pg_catalog.format(
  $q$SELECT pg_catalog.count(*) FILTER (WHERE bench_bt.plpgsql_noop(t, w_pl, %L) IS NOT NULL) FROM bench_bt.inputs_m$q$, :'tzname'));
-- (b) PL/pgSQL business_add
SELECT bench_bt.time_query('pl_add', :m, :reps, pg_catalog.format(
  $q$SELECT pg_catalog.count(*) FILTER (WHERE bench_plpgsql.business_add(t, w_pl, %L) IS NOT NULL) FROM bench_bt.inputs_m$q$, :'tzname'));
-- (d) PL/pgSQL business_elapsed over one day (and over a year, for information)
SELECT bench_bt.time_query('pl_elapsed_day', :m, :reps, pg_catalog.format(
  $q$SELECT pg_catalog.count(*) FILTER (WHERE bench_plpgsql.business_elapsed(t, b_day, %L) IS NOT NULL) FROM bench_bt.inputs_m$q$, :'tzname'));
SELECT bench_bt.time_query('pl_elapsed_year', :my, :reps, pg_catalog.format(
  $q$SELECT pg_catalog.count(*) FILTER (WHERE bench_plpgsql.business_elapsed(t, b_year, %L) IS NOT NULL) FROM bench_bt.inputs_my$q$, :'tzname'));
-- (f) C and (g) PL/pgSQL business days, 1 .. 5 (for comparison; no target)
SELECT bench_bt.time_query('c_add_days', :n, :reps, pg_catalog.format(
  $q$SELECT pg_catalog.count(*) FILTER (WHERE lead_align.business_add(t, w_c, %L::lead_align.business_calendar) IS NOT NULL) FROM bench_bt.inputs_days$q$, :'cal'));
SELECT bench_bt.time_query('pl_add_days', :m, :reps, pg_catalog.format(
  $q$SELECT pg_catalog.count(*) FILTER (WHERE bench_plpgsql.business_add_days(t, n, %L) IS NOT NULL) FROM bench_bt.inputs_days_m$q$, :'tzname'));

-- Agreement: C against PL/pgSQL, answers compared as text (elapsed must print
-- hours only, never days, on both sides).
CREATE TABLE bench_bt.disagreements (
	check_name text, id bigint, t timestamptz, arg text, c_answer text, pl_answer text);
CREATE TABLE bench_bt.checks (check_name text, nrows bigint, ndiff bigint);

CREATE TEMP TABLE cal AS SELECT :'cal'::lead_align.business_calendar AS cal, :'tzname'::text AS tz;

CREATE TEMP TABLE cmp AS
SELECT 'add, random sample'::text AS check_name, i.id::bigint, i.t, i.w_c::text AS arg,
       lead_align.business_add(i.t, i.w_c, c.cal)::text AS c_answer,
       bench_plpgsql.business_add(i.t, i.w_pl, c.tz)::text AS pl_answer
  FROM bench_bt.inputs_m AS i, cal AS c
UNION ALL
SELECT 'add, edge sample', e.id, e.t, e.w_c::text,
       lead_align.business_add(e.t, e.w_c, c.cal)::text,
       bench_plpgsql.business_add(e.t, e.w_pl, c.tz)::text
  FROM bench_bt.edge AS e, cal AS c
UNION ALL
SELECT 'elapsed over a day, random sample', i.id, i.t, i.b_day::text,
       lead_align.business_elapsed(i.t, i.b_day, c.cal)::text,
       bench_plpgsql.business_elapsed(i.t, i.b_day, c.tz)::text
  FROM bench_bt.inputs_m AS i, cal AS c
UNION ALL
SELECT 'elapsed over a year, random sample', i.id, i.t, i.b_year::text,
       lead_align.business_elapsed(i.t, i.b_year, c.cal)::text,
       bench_plpgsql.business_elapsed(i.t, i.b_year, c.tz)::text
  FROM bench_bt.inputs_my AS i, cal AS c
UNION ALL
SELECT 'elapsed backwards (b < a), random sample', i.id, i.t, i.b_day::text,
       lead_align.business_elapsed(i.b_day, i.t, c.cal)::text,
       bench_plpgsql.business_elapsed(i.b_day, i.t, c.tz)::text
  FROM bench_bt.inputs_m AS i, cal AS c
UNION ALL
SELECT 'elapsed between edge instants', e.id, e.t, (e.t + e.w_pl)::text,
       lead_align.business_elapsed(e.t, e.t + e.w_pl, c.cal)::text,
       bench_plpgsql.business_elapsed(e.t, e.t + e.w_pl, c.tz)::text
  FROM bench_bt.edge AS e, cal AS c
UNION ALL
SELECT 'business days, random sample', i.id, i.t, i.w_c::text,
       lead_align.business_add(i.t, i.w_c, c.cal)::text,
       bench_plpgsql.business_add_days(i.t, i.n, c.tz)::text
  FROM bench_bt.inputs_days_m AS i, cal AS c
UNION ALL
SELECT 'business days back, random sample', i.id, i.t, (-i.n)::text || ' business days',
       lead_align.business_add(i.t, ((-i.n)::text || ' business days')::lead_align.sla_window, c.cal)::text,
       bench_plpgsql.business_add_days(i.t, -i.n, c.tz)::text
  FROM bench_bt.inputs_days_m AS i, cal AS c
UNION ALL
SELECT 'business days, edge sample', e.id, e.t, e.w_c::text,
       lead_align.business_add(e.t, e.w_c, c.cal)::text,
       bench_plpgsql.business_add_days(e.t, e.n, c.tz)::text
  FROM bench_bt.edge_days AS e, cal AS c;

INSERT INTO bench_bt.checks
SELECT check_name, pg_catalog.count(*), pg_catalog.count(*) FILTER (WHERE c_answer IS DISTINCT FROM pl_answer)
  FROM cmp GROUP BY check_name;
INSERT INTO bench_bt.disagreements
SELECT check_name, id, t, arg, c_answer, pl_answer FROM cmp WHERE c_answer IS DISTINCT FROM pl_answer;

-- C against itself: business_elapsed(t, business_add(t, w)) = w on all N rows
INSERT INTO bench_bt.checks
SELECT 'C round trip elapsed(t, add(t, w)) = w, all N rows', pg_catalog.count(*),
       pg_catalog.count(*) FILTER (WHERE lead_align.business_elapsed(i.t, lead_align.business_add(i.t, i.w_c, c.cal), c.cal)
                                   IS DISTINCT FROM i.w_pl)
  FROM bench_bt.inputs AS i, cal AS c;
INSERT INTO bench_bt.disagreements
SELECT 'C round trip elapsed(t, add(t, w)) = w, all N rows', i.id, i.t, i.w_c::text,
       lead_align.business_elapsed(i.t, lead_align.business_add(i.t, i.w_c, c.cal), c.cal)::text, i.w_pl::text
  FROM bench_bt.inputs AS i, cal AS c
 WHERE lead_align.business_elapsed(i.t, lead_align.business_add(i.t, i.w_c, c.cal), c.cal) IS DISTINCT FROM i.w_pl;
SQL

# --------------------------------------------------------------- report ----
q() { "${PSQL[@]}" -At -F '|' "$@"; }

pgversion=$(q -c 'SHOW server_version')
extversion=$(q -c "SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'lead_align'")
cpu=$(grep -m1 '^model name' /proc/cpuinfo 2>/dev/null | sed 's/^model name[[:space:]]*:[[:space:]]*//' || true)
cpu=${cpu:-unknown}
ncpu=$(nproc 2>/dev/null || echo unknown)
bench_provenance bench_business_time.sh "BENCH_N=$N BENCH_M=$M BENCH_MY=$MY BENCH_REPS=$REPS"
when=$(date -u '+%Y-%m-%d %H:%M UTC')
IFS='|' read -r inputs_mb sb_mb fits < <(q -c "SELECT pg_catalog.round(pg_catalog.pg_relation_size('bench_bt.inputs') / 1048576.0, 1),
	pg_catalog.round(pg_catalog.pg_size_bytes(pg_catalog.current_setting('shared_buffers')) / 1048576.0),
	pg_catalog.pg_relation_size('bench_bt.inputs') < pg_catalog.pg_size_bytes(pg_catalog.current_setting('shared_buffers')) / 4")
if [[ $fits == t ]]; then
	fits_md="it fits in a quarter of shared_buffers ($sb_mb MB), so scans stay in shared buffers"
else
	fits_md="**warning: larger than a quarter of shared_buffers ($sb_mb MB): scans use a ring buffer and the OS cache, lower BENCH_N**"
fi

# medians, per-call microseconds raw and net of the baseline, and the four targets
metrics=$(q <<'SQL'
WITH med AS (
	SELECT label, pg_catalog.min(nrows) AS nrows,
	       pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) AS secs
	  FROM bench_bt.runs GROUP BY label
), per AS (
	SELECT label, nrows, secs, secs * 1e6 / nrows AS us FROM med
), b AS (SELECT us AS base_us FROM per WHERE label = 'baseline')
SELECT label, nrows, pg_catalog.round(secs::numeric, 4), us, GREATEST(us - base_us, 1e-9)
  FROM per, b
 ORDER BY pg_catalog.array_position(ARRAY['baseline','c_add','c_add_join','c_elapsed_day','c_elapsed_year',
                                         'plpgsql_noop','pl_add','pl_elapsed_day','pl_elapsed_year',
                                         'c_add_days','pl_add_days'], label);
SQL
)

declare -A US NET ROWS SECS
while IFS='|' read -r label nrows secs us net; do
	ROWS[$label]=$nrows; SECS[$label]=$secs; US[$label]=$us; NET[$label]=$net
done <<< "$metrics"

calc() { awk "BEGIN { CONVFMT = \"%.12g\"; printf \"%s\", $1 }"; }
export LC_NUMERIC=C

descr() {
	case $1 in
	baseline)        echo "(e) baseline: num_nonnulls(t, w, b) in the same query" ;;
	c_add)           echo "(a) C business_add" ;;
	c_add_join)      echo "(a') C business_add, calendar from a table column" ;;
	c_elapsed_day)   echo "(c) C business_elapsed, a to a + 1 day" ;;
	c_elapsed_year)  echo "(c) C business_elapsed, a to a + 365 days" ;;
	plpgsql_noop)    echo "PL/pgSQL floor: function returning its argument" ;;
	pl_add)          echo "(b) PL/pgSQL business_add" ;;
	pl_elapsed_day)  echo "(d) PL/pgSQL business_elapsed, a to a + 1 day" ;;
	pl_elapsed_year) echo "PL/pgSQL business_elapsed, a to a + 365 days" ;;
	c_add_days)      echo "(f) C business_add, 1 to 5 business days" ;;
	pl_add_days)     echo "(g) PL/pgSQL business_add_days, 1 to 5 business days" ;;
	*)               echo "$1" ;;
	esac
}

table_rows=""
for label in baseline c_add c_add_join c_elapsed_day c_elapsed_year plpgsql_noop pl_add pl_elapsed_day pl_elapsed_year c_add_days pl_add_days; do
	[[ -n "${US[$label]:-}" ]] || continue
	us=${US[$label]}; net=${NET[$label]}
	if [[ $label == baseline ]]; then net_s="—"; net_cps="—"; else
		net_s=$(calc "sprintf(\"%.3f\", $net)"); net_cps=$(calc "sprintf(\"%.0f\", 1e6 / $net)"); fi
	table_rows+="| $(descr "$label") | ${ROWS[$label]} | ${SECS[$label]} | $(calc "sprintf(\"%.3f\", $us)") | $(calc "sprintf(\"%.0f\", 1e6 / $us)") | $net_s | $net_cps |"$'\n'
done

# Targets, each judged on the stricter of raw (whole query) and net (minus baseline):
#   ratios C vs PL/pgSQL -> raw is stricter; calls/s -> raw is stricter;
#   year/day -> net is stricter (the shared per-row overhead dilutes the raw ratio).
add_ratio_raw=$(calc "${US[pl_add]} / ${US[c_add]}");       add_ratio_net=$(calc "${NET[pl_add]} / ${NET[c_add]}")
el_ratio_raw=$(calc "${US[pl_elapsed_day]} / ${US[c_elapsed_day]}"); el_ratio_net=$(calc "${NET[pl_elapsed_day]} / ${NET[c_elapsed_day]}")
add_cps_raw=$(calc "1e6 / ${US[c_add]}");                   add_cps_net=$(calc "1e6 / ${NET[c_add]}")
yr_ratio_raw=$(calc "${US[pl_elapsed_year]} / ${US[c_elapsed_year]}"); yr_ratio_net=$(calc "${NET[pl_elapsed_year]} / ${NET[c_elapsed_year]}")
yd_raw=$(calc "${US[c_elapsed_year]} / ${US[c_elapsed_day]}"); yd_net=$(calc "${NET[c_elapsed_year]} / ${NET[c_elapsed_day]}")
days_ratio_raw=$(calc "${US[pl_add_days]} / ${US[c_add_days]}"); days_ratio_net=$(calc "${NET[pl_add_days]} / ${NET[c_add_days]}")

judge() { # value op limit
	if awk "BEGIN { exit !($1 $2 $3) }"; then echo PASS; else echo FAIL; fi
}
min() { calc "($1 < $2) ? $1 : $2"; }
max() { calc "($1 > $2) ? $1 : $2"; }

t1=$(judge "$(min "$add_ratio_raw" "$add_ratio_net")" '>=' 50)
t2=$(judge "$(min "$el_ratio_raw" "$el_ratio_net")" '>=' 50)
t3=$(judge "$(min "$add_cps_raw" "$add_cps_net")" '>=' 1000000)
t4=$(judge "$(max "$yd_raw" "$yd_net")" '<=' 3)

f1() { calc "sprintf(\"%.1f\", $1)"; }
f2() { calc "sprintf(\"%.2f\", $1)"; }
f0() { calc "sprintf(\"%.0f\", $1)"; }

checks=$(q -c "SELECT '| ' || check_name || ' | ' || nrows || ' | ' || ndiff || ' |' FROM bench_bt.checks ORDER BY check_name")
ndiff=$(q -c "SELECT coalesce(sum(ndiff), 0) FROM bench_bt.checks")
examples=""
if (( ndiff > 0 )); then
	examples=$(q -c "SELECT '| ' || check_name || ' | ' || id || ' | ' || t || ' | ' || arg || ' | ' || coalesce(c_answer, 'NULL') || ' | ' || coalesce(pl_answer, 'NULL') || ' |'
	                   FROM (SELECT d.*, row_number() OVER (PARTITION BY check_name ORDER BY id) AS k FROM bench_bt.disagreements AS d) AS s
	                  WHERE k <= 5 ORDER BY check_name, id")
fi

section=$(cat <<EOF
<!-- BEGIN business-time (written by test/bench/bench_business_time.sh; edits are overwritten) -->
## Business time: C \`business_add\` / \`business_elapsed\` vs PL/pgSQL

- Date: $when
- Machine: $ncpu CPUs (nproc), $cpu; one backend, \`max_parallel_workers_per_gather = 0\`, \`jit = off\`;
  load average (1, 5, 15 min) before measuring: $load_before
- PostgreSQL: $pgversion; lead_align $extversion (source tree: $rev)
- Command (from the repository root): $cmd_md
- Calendar (C): \`$CAL\`
  — PL/pgSQL: the same hours in \`bench_plpgsql.weekly_hours\`, the same ${#HOLIDAYS[@]} dates in
  \`bench_plpgsql.holidays\`, zone \`$TZNAME\` (test/bench/plpgsql_business_time.sql, day-by-day walk).
- Inputs: ${N} start instants uniform over 2026 (\`setseed(0.20260101)\`), windows of 1 to 2,400
  business minutes (up to 40 business hours, about 5.7 business days of this calendar); PL/pgSQL
  runs on the first $M of them (year: first $MY). Elapsed: \`a\` to \`a + 1 day\` and \`a\` to
  \`a + 365 days\` (24-hour days; the year crosses both 2026 DST changes and the holidays).
  Business days: the same starts with 1 to 5 business days (1 + minutes mod 5), rule S3 on both
  sides (\`bench_plpgsql.business_add_days\`); PL/pgSQL on the first $M.
- Each query: one untimed warm-up, then $REPS timed runs with \`clock_timestamp()\` in one session;
  the median counts. Queries aggregate (\`count(*) FILTER (WHERE f(...) IS NOT NULL)\`), no rows
  are shipped. "Net" subtracts the baseline's per-row cost (scan + aggregate). Inputs table:
  $inputs_mb MB; $fits_md.

| measurement | rows | median s | µs/call | calls/s | net µs/call | net calls/s |
|---|---:|---:|---:|---:|---:|---:|
${table_rows%$'\n'}

| target | required | raw | net | result |
|---|---|---:|---:|---|
| C vs PL/pgSQL, \`business_add\` | >= 50x faster | $(f1 "$add_ratio_raw")x | $(f1 "$add_ratio_net")x | $t1 |
| C vs PL/pgSQL, \`business_elapsed\` over a day | >= 50x faster | $(f1 "$el_ratio_raw")x | $(f1 "$el_ratio_net")x | $t2 |
| C \`business_add\` throughput, windows <= 5 business days | >= 1,000,000 calls/s | $(f0 "$add_cps_raw") | $(f0 "$add_cps_net") | $t3 |
| C \`business_elapsed\` year cost / day cost | <= 3x | $(f2 "$yd_raw")x | $(f2 "$yd_net")x | $t4 |

Each target is judged on the stricter of raw (whole query per row) and net (minus baseline):
raw for the speed-ups and the throughput, net for year/day. Business days have no target: C
\`business_add\` with 1 to 5 business days is $(f1 "$days_ratio_raw")x (raw) / $(f1 "$days_ratio_net")x (net) faster than
the PL/pgSQL day walk.

Agreement of answers (compared as text; any difference is a bug in one of the two):

| check | rows | disagreements |
|---|---:|---:|
$checks
EOF
)
if [[ -n "$examples" ]]; then
	section+=$'\n\n'"First disagreements (up to 5 per check; all rows are in \`bench_bt.disagreements\`):"$'\n\n'
	section+="| check | id | t | window / other end | C | PL/pgSQL |"$'\n'"|---|---:|---|---|---|---|"$'\n'"$examples"
fi
section+=$'\n'"<!-- END business-time -->"

# write or refresh the section, keeping the rest of RESULTS.md
write_section business-time "$section" "$RESULTS"

# console summary
printf '%s\n' "$section" | sed -n '/^| measurement/,/^$/p; /^| target/,/^$/p; /^| check/,$p' | grep -v '^<!--'
echo "wrote $RESULTS" >&2

if (( ndiff > 0 )); then
	echo "C and PL/pgSQL disagree on $ndiff answers (see bench_bt.disagreements)" >&2
	exit 2
fi
for t in "$t1" "$t2" "$t3" "$t4"; do
	[[ $t == PASS ]] || exit 1
done
exit 0
