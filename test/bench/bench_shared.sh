#!/usr/bin/env bash
# bench_shared.sh -- the shared numbers (DESIGN.md section 6, Benchmarks, "the shared numbers"
# and "storage"): the one-track, one-month queries of sla_compliance, stage_spans, funnel,
# lead_quality, rule_performance and volume_sla_status, each against a heap-reading indexed
# scan of that month's ledger rows through the index its month filter reaches (the month's
# stays: handoff_stay_month; its events: handoff_time; the cohort views read no ledger row,
# lead_cycle and lead_current's cycle columns through their cohort-month indexes, and are
# held to the same month's ledger rows through handoff_time); "overdue right now" against a
# sequential count(*) of the ledger, at two history lengths; sweep() with nothing new due;
# bytes per event in all of lead_align's tables.  On a history of BENCH_SHARED_N leads
# over BENCH_SHARED_MONTHS months made through the real triggers (shared_history.sql).
#
# Usage (from anywhere; the database must have CREATE EXTENSION lead_align and hold no
# other track's ledger rows, since the storage figures are per event of lead_align's
# tables; the role must be a superuser; test/bench/run.sh gives it a database of its own):
#   PGHOST=/tmp PGPORT=5432 PGUSER=postgres PGDATABASE=shared test/bench/bench_shared.sh
#
# Optional knobs (environment):
#   BENCH_SHARED_N          leads in the six-month history                    (default 1000000)
#   BENCH_SHARED_MONTHS     months of history ("1x")                          (default 6)
#   BENCH_SHARED_SCALE      the longer history: this many times as long, the same lead
#                           arrival rate (older leads, all settled by now); 1 skips it (default 5)
#   BENCH_SHARED_JOBS       psql sessions that load the older blocks at once (default 2)
#   BENCH_SHARED_REPS       timed runs of each query, interleaved; the median counts (default 7)
#   BENCH_SHARED_SWEEPS     timed sweep() calls (nothing new due)             (default 21)
#   BENCH_SHARED_CHUNK_DAYS days of event time per loading transaction       (default 7)
#   BENCH_SHARED_ANCHOR     the end of the history (a timestamptz); the default, the start of
#                           the current hour, keeps some stays open and some not yet due
#   BENCH_SHARED_MONTH      the month of the one-month queries (YYYY-MM-01; default: the last
#                           full month before the anchor, which has closed and open stays)
#   BENCH_SHARED_SEED       seed of the history (setseed, per block)          (default 0.1)
#   BENCH_SHARED_REUSE      1: keep the 1x history a previous run of the same knobs loaded into
#                           this database (not checked) and only measure: for tuning views and
#                           indexes between runs; load, alert and first-sweep figures read "reused"
#   BENCH_RESULTS           file to write            (default: RESULTS.md next to this script)
#   BENCH_COMMAND           how this run was started, if not by hand (test/bench/run.sh sets it)
#
# What it does:
#   1. (re)creates schema bench_hist (shared_history.sql): the tracked table bench_hist.leads
#      (the tracking benchmark's rules, owner, touch, event-time and reason columns, exit and
#      touch SLAs), draws the history of N leads arriving over MONTHS months before the anchor
#      (19 weighted paths; setseed) and replays it through the triggers in time order, one
#      INSERT ... SELECT or UPDATE ... FROM per (week, step, kind), explicit event times, a
#      transaction per week followed by a VACUUM of lead_current and the CRM table.
#   2. simulates the alerts that a sweep() every minute would have written over those months
#      (one sla_alert row per exit or touch SLA handled more than a minute late: set-based,
#      from the ledger; alerts_since set to the start of the history), then runs one real
#      sweep(), which alerts the stays overdue now.
#   3. VACUUM (ANALYZE) and CHECKPOINT, then in one psql session (max_parallel_workers_per_gather
#      = 0, jit = off; every query planned anew, rows shipped to psql, \timing), REPS interleaved
#      rounds (the order rotates) of: the month baseline, sla_compliance for the month, stage_spans
#      grouped for the month, the whole rows of stage_spans for the month (informational),
#      funnel, lead_quality and rule_performance for the month, the month's event-time
#      baseline, volume_sla_status for the month (a monthly MQL
#      SLA, dated back to the start of the history), lead_state WHERE overdue, the sequential
#      count(*) of the ledger; then SWEEPS sweep() calls.
#   4. bytes per event: lead_align's tables (ledger heap, TOAST and indexes, lead_current,
#      lead_cycle, sla_alert, stay_calendar), total size over ledger rows.
#   5. unless SCALE is 1: draws SCALE - 1 older blocks of N leads each (the MONTHS before the
#      history, and so on), loads them (JOBS sessions), simulates their alerts, VACUUM, and
#      measures "overdue now", the ledger count and sweep() again (and the month queries, which
#      do not change, for information).
#   6. writes the "shared numbers" section of RESULTS.md (other sections are kept).
# Exit status: 0 when every target is met, 1 when one is missed, 2 on an error.

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/results.sh"
N=${BENCH_SHARED_N:-1000000}
MONTHS=${BENCH_SHARED_MONTHS:-6}
SCALE=${BENCH_SHARED_SCALE:-5}
JOBS=${BENCH_SHARED_JOBS:-2}
REPS=${BENCH_SHARED_REPS:-7}
SWEEPS=${BENCH_SHARED_SWEEPS:-21}
CHUNK=${BENCH_SHARED_CHUNK_DAYS:-7}
ANCHOR=${BENCH_SHARED_ANCHOR:-}
MONTH=${BENCH_SHARED_MONTH:-}
SEED=${BENCH_SHARED_SEED:-0.1}
REUSE=${BENCH_SHARED_REUSE:-0}
RESULTS=${BENCH_RESULTS:-$here/RESULTS.md}

for v in "$N" "$MONTHS" "$SCALE" "$JOBS" "$REPS" "$SWEEPS" "$CHUNK"; do
	[[ "$v" =~ ^[1-9][0-9]*$ ]] || { echo "BENCH_SHARED_N, _MONTHS, _SCALE, _JOBS, _REPS, _SWEEPS and _CHUNK_DAYS must be positive integers" >&2; exit 2; }
done
[[ "$SEED" =~ ^0?\.[0-9]+$ ]] || { echo "BENCH_SHARED_SEED must be a number in [0, 1)" >&2; exit 2; }
[[ -z "$MONTH" || "$MONTH" =~ ^[0-9]{4}-[0-9]{2}-01$ ]] || { echo "BENCH_SHARED_MONTH must be YYYY-MM-01" >&2; exit 2; }

# The track's calendar: the tracking benchmark's.
CAL='Mo-Fr 09:00-17:00; 2026-01-01,2026-04-03,2026-04-06,2026-05-01,2026-05-14,2026-05-25,2026-10-03,2026-12-24,2026-12-25,2026-12-26,2026-12-31 off; tz Europe/Berlin'

PSQL=(psql -X -q -v ON_ERROR_STOP=1)
q() { "${PSQL[@]}" -At -F '|' "$@"; }
export LC_NUMERIC=C
calc() { awk "BEGIN { CONVFMT = \"%.12g\"; printf \"%s\", $1 }"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown; }
elapsed() { echo $(( $(date +%s) - $1 )); }
export PGOPTIONS="${PGOPTIONS:-} -c max_parallel_workers_per_gather=0 -c jit=off"

[[ $(q -c 'SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user') == t ]] \
	|| { echo "bench_shared.sh needs a superuser (the simulated alerts, CHECKPOINT)" >&2; exit 2; }

# The installed library: a rebuild during the run would mix two builds' numbers.
so_file=$(q -c "SELECT setting FROM pg_catalog.pg_config WHERE name = 'PKGLIBDIR'")/lead_align.so
so_sum() { md5sum "$so_file" 2>/dev/null | cut -c1-12 || echo unknown; }
so_before=$(so_sum)
so_time=$(date -u -r "$so_file" '+%Y-%m-%d %H:%M:%S UTC' 2>/dev/null || echo unknown)
so_loaded=$(q -c "SELECT lead_align.business_add(now(), '1 business hour', '24/7; tz UTC') IS NOT NULL" \
	-c "SELECT string_agg(DISTINCT substring(l FROM '/[^ ]*lead_align[^ ]*\.so'), ', ')
	      FROM pg_catalog.regexp_split_to_table(pg_catalog.pg_read_file('/proc/self/maps'), E'\n') AS l
	     WHERE l LIKE '%lead_align%.so%'" 2>/dev/null | tail -1 || echo unknown)

# ----------------------------------------------------------------- setup ----
others=$(q -c "SELECT (SELECT count(*) FROM lead_align.handoff h JOIN lead_align.track t ON t.id = h.track_id
                        WHERE t.table_name <> 'bench_hist.leads')
                    + (SELECT count(*) FROM lead_align.lead_current c JOIN lead_align.track t ON t.id = c.track_id
                        WHERE t.table_name <> 'bench_hist.leads')")
if [[ $others != 0 ]]; then
	echo "lead_align's tables hold $others rows of other tracks; run this benchmark in a database of its own" >&2
	exit 2
fi
t_start=$(date +%s)
load_start=$(loadavg)
if [[ -z "$ANCHOR" ]]; then
	ANCHOR=$(q -c "SELECT pg_catalog.date_trunc('hour', pg_catalog.now())")
fi
IFS='|' read -r ANCHOR H_START BASE < <(q -c "SELECT a, a - pg_catalog.make_interval(months => $MONTHS), a - pg_catalog.make_interval(months => $MONTHS * $SCALE)
                                               FROM (SELECT '$ANCHOR'::timestamptz AS a) x")
if [[ -z "$MONTH" ]]; then
	MONTH=$(q -c "SELECT (pg_catalog.date_trunc('month', ('$ANCHOR'::timestamptz AT TIME ZONE 'Europe/Berlin')) - interval '1 month')::date")
fi
CUR_MONTH=$(q -c "SELECT pg_catalog.date_trunc('month', ('$ANCHOR'::timestamptz AT TIME ZONE 'Europe/Berlin'))::date")
echo "lead_align shared-numbers benchmark: N=$N over $MONTHS months to $ANCHOR (x$SCALE later), month $MONTH, REPS=$REPS" >&2

if [[ $REUSE == 1 ]]; then
	(( SCALE == 1 )) || { echo "BENCH_SHARED_REUSE=1 needs BENCH_SHARED_SCALE=1" >&2; exit 2; }
	TID=$(q -c "SELECT id FROM lead_align.track WHERE relid = pg_catalog.to_regclass('bench_hist.leads') AND active")
	[[ -n $TID ]] || { echo "BENCH_SHARED_REUSE=1: no bench_hist.leads history in this database" >&2; exit 2; }
	echo "reusing the history in bench_hist..." >&2
else
echo "setting up bench_hist..." >&2
q -c 'SET client_min_messages = warning' -c 'DROP SCHEMA IF EXISTS bench_hist CASCADE' >/dev/null
if [[ $(q -c "SELECT count(*) FROM lead_align.track WHERE table_name = 'bench_hist.leads'") != 0 ]]; then
	# a track left by an earlier run (its table is gone): remove its rows
	q >/dev/null <<'SQL'
SET client_min_messages = warning;
DELETE FROM lead_align.sla_alert WHERE track_id IN (SELECT id FROM lead_align.track WHERE table_name = 'bench_hist.leads');
DELETE FROM lead_align.handoff WHERE track_id IN (SELECT id FROM lead_align.track WHERE table_name = 'bench_hist.leads');
DELETE FROM lead_align.lead_current WHERE track_id IN (SELECT id FROM lead_align.track WHERE table_name = 'bench_hist.leads');
SQL
fi
q -c 'SET client_min_messages = warning' -c 'TRUNCATE lead_align.handoff, lead_align.lead_current, lead_align.sla_alert' >/dev/null
"${PSQL[@]}" -o /dev/null -v cal="$CAL" -c 'SET client_min_messages = warning' -f "$here/shared_history.sql"
TID=$(q -c "SELECT id FROM lead_align.track WHERE relid = 'bench_hist.leads'::regclass AND active")
# The track has been live since the (longest) history began: sweep() may alert anything due since.
q -c "UPDATE lead_align.track SET alerts_since = '$BASE' WHERE id = $TID" >/dev/null
# The volume SLA too: its periods start with the one containing the start of the history.
q -c "UPDATE lead_align.volume_sla SET created_at = '$BASE' WHERE track_id = $TID" >/dev/null
fi

# gen_block BLK FIRST_ID FROM TO: draw one block of N leads
gen_block() {
	q -c "SELECT bench_hist.gen($1, $2, $N, '$3', '$4', '$ANCHOR', '$BASE', $CHUNK, $SEED + $1 / 1000.0)"
}
# the alerts a sweep() every minute would have written for block BLK's settled stays
simulate_alerts() {
	q <<SQL
INSERT INTO lead_align.sla_alert (track_id, lead_key, entered_id, stage, sla_kind, due_at, owner, alerted_at)
SELECT h.track_id, h.lead_key, h.entered_id, h.from_stage, 'exit', h.stay_due_at, h.owner, h.stay_due_at + interval '1 minute'
  FROM lead_align.handoff h
 WHERE h.track_id = $TID AND h.entered_id IS NOT NULL AND h.stay_due_at IS NOT NULL
   AND h.event_time > h.stay_due_at + interval '1 minute' AND h.stay_due_at > '$BASE'
   AND h.lead_key::bigint BETWEEN $2 AND $3
UNION ALL
SELECT h.track_id, h.lead_key, h.entered_id, h.from_stage, 'touch', h.stay_touch_due_at, h.owner, h.stay_touch_due_at + interval '1 minute'
  FROM lead_align.handoff h
 WHERE h.track_id = $TID AND h.entered_id IS NOT NULL AND h.stay_touch_due_at IS NOT NULL
   AND coalesce(h.first_touch_at, h.event_time) > h.stay_touch_due_at + interval '1 minute' AND h.stay_touch_due_at > '$BASE'
   AND h.lead_key::bigint BETWEEN $2 AND $3
ON CONFLICT DO NOTHING;
SQL
}
# load_block BLK: replay block BLK chunk by chunk, with a VACUUM of the state table and the
# CRM table after each chunk (a week of history: autovacuum visits them more often on a
# live system; without it the state table keeps every row version of the fast replay)
load_block() {
	local c0 c1 c
	IFS='|' read -r c0 c1 < <(q -c "SELECT c_min, c_max FROM bench_hist.chunks($1)")
	for ((c = c0; c <= c1; c++)); do
		q -c "CALL bench_hist.load($1, $c, $c)" -c 'VACUUM lead_align.lead_current' -c 'VACUUM bench_hist.leads' >/dev/null
	done
}
# VACUUM (ANALYZE) of lead_align's tables, lead_align.track included: autovacuum analyzes a
# table after 50 changes, which a track table of a few rows may never see, and without its
# statistics a query that names the track (stage_spans WHERE track = '...') is estimated at
# a few dozen rows a month and its GROUP BY planned as a sort that spills (see RESULTS.md)
vacuum_all() {
	q -c 'VACUUM (ANALYZE) lead_align.handoff' -c 'VACUUM (ANALYZE) lead_align.lead_current' -c 'VACUUM (ANALYZE) lead_align.lead_cycle' \
	  -c 'VACUUM (ANALYZE) lead_align.sla_alert' -c 'VACUUM (ANALYZE) lead_align.stay_calendar' \
	  -c 'VACUUM (ANALYZE) lead_align.track' -c 'VACUUM (ANALYZE) bench_hist.leads' -c 'CHECKPOINT' >/dev/null
}

# --------------------------------------------------------- the 1x history ----
if [[ $REUSE == 1 ]]; then
	n_ev1=reused; t_gen1=reused; t_load1=reused; n_first_alerts=reused; t_first_sweep=
	vacuum_all
else
	t0=$(date +%s)
	echo "drawing the history of $N leads ($MONTHS months)..." >&2
	n_ev1=$(gen_block 1 1 "$H_START" "$ANCHOR")
	t_gen1=$(elapsed "$t0")
	t0=$(date +%s)
	echo "replaying $n_ev1 steps of $N leads through the triggers..." >&2
	load_block 1
	t_load1=$(elapsed "$t0")
	echo "  loaded in $t_load1 s" >&2
	simulate_alerts 1 1 "$N" >/dev/null
	vacuum_all
	# one real sweep: alerts what is overdue now
	first_sweep=$(q -c '\timing on' -c 'SELECT lead_align.sweep()' | tr '\n' ' ')
	n_first_alerts=$(awk '{print $1}' <<<"$first_sweep")
	t_first_sweep=$(sed -n 's/.*Time: \([0-9.]*\) ms.*/\1/p' <<<"$first_sweep")
	q -c 'VACUUM (ANALYZE) lead_align.sla_alert' >/dev/null
fi

# ------------------------------------------------------------ measuring ----
# The queries, by label.  The month baseline reads the same closed stays' ledger rows as
# the views (their month index, a column not in the index so the heap is read).
declare -A QSQL QDESC
QSQL[base_month]="SELECT count(h.exit_seconds) FROM lead_align.handoff h WHERE h.track_id = $TID AND pg_catalog.date_trunc('month', h.entered_on::timestamp)::date = DATE '$MONTH' AND h.entered_at IS NOT NULL"
QDESC[base_month]="baseline: \`count(exit_seconds)\` of the month's closed stays in the ledger, through \`handoff_stay_month\`"
QSQL[compliance]="SELECT * FROM lead_align.sla_compliance WHERE track = 'bench_hist.leads' AND month = DATE '$MONTH'"
QDESC[compliance]="\`SELECT * FROM lead_align.sla_compliance WHERE track = 'bench_hist.leads' AND month = '$MONTH'\`"
QSQL[spans_agg]="SELECT stage, exit_sla, count(*), round(avg(business_hours), 2) AS avg_hours, count(*) FILTER (WHERE touch_sla = 'breached') AS touch_breached FROM lead_align.stage_spans WHERE track = 'bench_hist.leads' AND month = DATE '$MONTH' GROUP BY 1, 2 ORDER BY 1, 2"
QDESC[spans_agg]="\`SELECT stage, exit_sla, count(*), round(avg(business_hours), 2), count(*) FILTER (WHERE touch_sla = 'breached') FROM lead_align.stage_spans WHERE track = 'bench_hist.leads' AND month = '$MONTH' GROUP BY 1, 2\`"
QSQL[spans_rows]="SELECT count(s) FROM (SELECT * FROM lead_align.stage_spans WHERE track = 'bench_hist.leads' AND month = DATE '$MONTH') s"
QDESC[spans_rows]="every column of every stay of the month, built in the server: \`SELECT count(s) FROM (SELECT * FROM lead_align.stage_spans WHERE track = ... AND month = '$MONTH') s\` (informational)"
QSQL[spans_range]="SELECT stage, exit_sla, count(*), round(avg(business_hours), 2) AS avg_hours FROM lead_align.stage_spans WHERE track = 'bench_hist.leads' AND entered_on >= DATE '$MONTH' AND entered_on < DATE '$MONTH' + interval '1 month' GROUP BY 1, 2 ORDER BY 1, 2"
QDESC[spans_range]="the same month as a range of \`entered_on\` (as some BI tools filter dates), grouped as above (informational)"
# The cohort views (funnel, lead_quality, rule_performance) read a month's lead-cycles from
# lead_cycle and lead_current through their cohort-month indexes, no ledger row; they are held
# to the month's ledger rows read from the heap through handoff_time, the baseline of
# volume_sla_status, which counts the stays that began in a period by their event_time through
# that index (to_stage is not in it), the month's bounds being its local midnights in the
# track's zone, as the view computes them.  (Up to 0.4's lead_cycle, the cohort views grouped
# the month's ledger rows by lead-cycle, through an index handoff_cycle_month, and their
# baseline read the same rows through it: RESULTS.md before this change.)
QSQL[funnel]="SELECT * FROM lead_align.funnel WHERE track = 'bench_hist.leads' AND cohort_month = DATE '$MONTH'"
QDESC[funnel]="\`SELECT * FROM lead_align.funnel WHERE track = 'bench_hist.leads' AND cohort_month = '$MONTH'\`"
QSQL[quality]="SELECT * FROM lead_align.lead_quality WHERE track = 'bench_hist.leads' AND month = DATE '$MONTH'"
QDESC[quality]="\`SELECT * FROM lead_align.lead_quality WHERE track = 'bench_hist.leads' AND month = '$MONTH'\` (every dimension and value)"
QSQL[rules]="SELECT * FROM lead_align.rule_performance WHERE track = 'bench_hist.leads' AND cohort_month = DATE '$MONTH'"
QDESC[rules]="\`SELECT * FROM lead_align.rule_performance WHERE track = 'bench_hist.leads' AND cohort_month = '$MONTH'\`"
QSQL[base_time]="SELECT count(h.to_stage) FROM lead_align.handoff h WHERE h.track_id = $TID AND h.event_time >= pg_catalog.timezone('Europe/Berlin', DATE '$MONTH'::timestamp) AND h.event_time < pg_catalog.timezone('Europe/Berlin', DATE '$MONTH' + interval '1 month')"
QDESC[base_time]="baseline: \`count(to_stage)\` of the ledger rows written in the month (Berlin time), through \`handoff_time\` (sequential scans off)"
QSQL[volume]="SELECT * FROM lead_align.volume_sla_status WHERE track = 'bench_hist.leads' AND period_start = DATE '$MONTH'"
QDESC[volume]="\`SELECT * FROM lead_align.volume_sla_status WHERE track = 'bench_hist.leads' AND period_start = '$MONTH'\` (the monthly MQL SLA)"
QSQL[overdue]="SELECT track, lead_key, stage, owner, due_at FROM lead_align.lead_state WHERE overdue"
QDESC[overdue]="\`SELECT track, lead_key, stage, owner, due_at FROM lead_align.lead_state WHERE overdue\` (rows shipped to psql)"
QSQL[base_seq]="SELECT count(*) FROM lead_align.handoff"
# Settings of a query's timed and explained runs (SET LOCAL, in a transaction of its own).
# The sequential baseline keeps off the indexes; the event-time baseline keeps to its index
# (a month is a sixth of the ledger, where the planner would rather read all of it).
declare -A QSET
QSET[base_seq]='SET LOCAL enable_indexscan = off; SET LOCAL enable_indexonlyscan = off; SET LOCAL enable_bitmapscan = off;'
QSET[base_time]='SET LOCAL enable_seqscan = off;'
QDESC[base_seq]="baseline: sequential \`SELECT count(*) FROM lead_align.handoff\` (index scans off)"
QSQL[sweep]="SELECT lead_align.sweep()"

# measure LABELS...: one psql session, REPS rounds of the labelled queries (the order
# rotating), then SWEEPS sweep() calls; prints "label rep wall_ms cpu_ms" lines and
# "swept rep n".  wall_ms is psql's \timing (send to last row received); cpu_ms is the
# backend's time on a CPU over the query (/proc/<pid>/schedstat, read by \! before and
# after), which other jobs on the machine disturb much less than the wall clock.
measure() {
	local labels=("$@") n=${#@} rep i k lab pidf
	pidf=$(mktemp)
	cpu_probe() { echo "\\! echo $1 \$(cut -d' ' -f1 /proc/\$(cat $pidf)/schedstat 2>/dev/null || echo 0)"; }
	{
		echo '\pset tuples_only on'
		echo '\pset format unaligned'
		echo "\\o $pidf"
		echo 'SELECT pg_catalog.pg_backend_pid();'
		echo '\o /dev/null'
		echo '\timing on'
		# untimed warm-up of each query
		for lab in "${labels[@]}"; do echo "${QSQL[$lab]};"; done
		for ((rep = 1; rep <= REPS; rep++)); do
			for ((i = 0; i < n; i++)); do
				k=$(( (i + rep) % n ))
				lab=${labels[$k]}
				if [[ -n ${QSET[$lab]:-} ]]; then
					echo 'BEGIN;'
					echo "${QSET[$lab]}"
				fi
				echo "\\echo MARK $lab $rep"
				cpu_probe CPU0
				echo "${QSQL[$lab]};"
				cpu_probe CPU1
				if [[ -n ${QSET[$lab]:-} ]]; then echo 'COMMIT;'; fi
			done
		done
		echo '\o'
		for ((rep = 1; rep <= SWEEPS; rep++)); do
			echo "\\echo MARK sweep $rep"
			cpu_probe CPU0
			echo "SELECT lead_align.sweep() AS n \\gset"
			cpu_probe CPU1
			echo "\\echo SWEPT :n"
		done
	} | "${PSQL[@]}" 2>&1 | awk '
		/^MARK / { lab = $2; rep = $3; want = 1; next }
		/^CPU0 / { c0 = $2; next }
		/^Time: / && want { ms = $2; want = 0; next }
		/^CPU1 / { printf "%s %s %s %.3f\n", lab, rep, ms, ($2 - c0) / 1e6; next }
		/^SWEPT / { printf "swept %s %s\n", rep, $2 }'
	rm -f "$pidf"
}
median() { # label file [column: 3 wall (default), 4 cpu]
	awk -v l="$1" -v c="${3:-3}" '$1 == l { print $c }' "$2" | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
runs_of() { awk -v l="$1" -v c="${3:-3}" '$1 == l { printf "%s%.1f", (n++ ? ", " : ""), $c }' "$2"; }
plan_of() { # label: EXPLAIN (ANALYZE, BUFFERS) text
	local sql=${QSQL[$1]}
	if [[ -n ${QSET[$1]:-} ]]; then
		q -c "${QSET[$1]//SET LOCAL/SET}" -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) $sql"
	else
		q -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) $sql"
	fi
}
# which index or scan a plan used, in a few words
plan_nodes() { grep -oE '(Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan)( Backward)?( using [a-z_]+)? on [a-z_]+' | sort | uniq -c | sed 's/^ *//' | paste -sd ';' | sed 's/;/; /g'; }

STATS_SQL="SELECT (SELECT count(*) FROM bench_hist.leads),
       (SELECT count(*) FROM lead_align.lead_current WHERE track_id = $TID),
       (SELECT count(*) FROM lead_align.handoff WHERE track_id = $TID),
       (SELECT count(*) FROM lead_align.handoff WHERE track_id = $TID AND entered_at IS NOT NULL),
       (SELECT count(*) FROM lead_align.lead_current WHERE track_id = $TID AND NOT deleted AND (due_at IS NOT NULL OR touch_due_at IS NOT NULL)),
       (SELECT count(*) FROM lead_align.lead_state WHERE overdue),
       (SELECT count(*) FROM lead_align.lead_state WHERE touch_overdue),
       (SELECT count(*) FROM lead_align.sla_alert),
       (SELECT count(*) FROM lead_align.handoff WHERE track_id = $TID AND pg_catalog.date_trunc('month', entered_on::timestamp)::date = DATE '$MONTH' AND entered_at IS NOT NULL),
       (SELECT count(*) FROM lead_align.lead_current WHERE track_id = $TID AND NOT deleted AND pg_catalog.date_trunc('month', entered_on::timestamp)::date = DATE '$MONTH'),
       (SELECT pg_catalog.pg_size_pretty(pg_catalog.pg_total_relation_size('lead_align.handoff')))"

echo "measuring at 1x (REPS=$REPS)..." >&2
LABELS1=(base_month compliance spans_agg spans_rows spans_range funnel quality rules base_time volume overdue base_seq)
load_m1=$(loadavg)
T1=$(mktemp); measure "${LABELS1[@]}" >"$T1"
# the first sweep() of a new session, as a pg_cron job's (each run is a new backend): its
# time includes compiling the function and planning its queries with cold caches
# (informational; the target is the sweep() of a running session, above)
COLD=()
for ((rep = 1; rep <= 5; rep++)); do
	COLD+=("$("${PSQL[@]}" -c '\timing on' -c 'SELECT lead_align.sweep()' | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p')")
done
cold_runs=$(printf '%s\n' "${COLD[@]}" | awk '{ printf "%s%.1f", (NR > 1 ? ", " : ""), $1 }')
cold_median=$(printf '%s\n' "${COLD[@]}" | sort -g | sed -n 3p)
load_m1_after=$(loadavg)
IFS='|' read -r s1_leads s1_cur s1_ledger s1_closed s1_open_sla s1_overdue s1_touch_overdue s1_alerts s1_month_closed s1_month_open s1_ledger_size < <(q -c "$STATS_SQL")
declare -A PLAN1 NODES1
for lab in "${LABELS1[@]}"; do
	PLAN1[$lab]=$(plan_of "$lab")
	NODES1[$lab]=$(plan_nodes <<<"${PLAN1[$lab]}")
done
kinds=$(q -c "SELECT pg_catalog.string_agg(kind || ' ' || n, ', ' ORDER BY n DESC) FROM (SELECT kind, count(*) AS n FROM lead_align.handoff WHERE track_id = $TID GROUP BY kind) x")
stays_mix=$(q -c "SELECT pg_catalog.string_agg(stage::text || ' ' || n, ', ' ORDER BY stage) FROM (SELECT stage, count(*) AS n FROM lead_align.lead_state WHERE track_id = $TID GROUP BY stage) x")
months_mix=$(q -c "SELECT pg_catalog.string_agg(m || ': ' || n, ', ' ORDER BY m) FROM (SELECT pg_catalog.to_char(pg_catalog.date_trunc('month', entered_on::timestamp), 'YYYY-MM') AS m, count(*) AS n FROM lead_align.stage_spans WHERE track_id = $TID GROUP BY 1) x")

# ------------------------------------------------------------- storage ----
STORAGE_SQL="SELECT c.relname,
       pg_catalog.pg_relation_size(c.oid) AS heap,
       coalesce(pg_catalog.pg_total_relation_size(c.reltoastrelid), 0) AS toast,
       pg_catalog.pg_indexes_size(c.oid) AS indexes,
       pg_catalog.pg_total_relation_size(c.oid) AS total,
       (SELECT pg_catalog.string_agg(i.relname || ' ' || pg_catalog.pg_relation_size(i.oid), ', ' ORDER BY i.relname)
          FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = c.oid) AS each_index,
       pg_catalog.to_char(c.reltuples, 'FM999999999999') AS rows
  FROM pg_catalog.pg_class c
 WHERE c.oid IN ('lead_align.handoff'::regclass, 'lead_align.lead_current'::regclass, 'lead_align.lead_cycle'::regclass, 'lead_align.sla_alert'::regclass, 'lead_align.stay_calendar'::regclass)
 ORDER BY c.relname"
storage_rows=$(q -c "$STORAGE_SQL")
total_bytes=$(awk -F'|' '{ s += $5 } END { print s }' <<<"$storage_rows")
bpe=$(calc "$total_bytes / $s1_ledger")
ledger_only=$(awk -F'|' '$1 == "handoff" { print $5 }' <<<"$storage_rows")
# where a ledger row's and a state row's bytes go: the average stored size of each column
# (pg_column_size; 0 for NULL), the largest first
colsizes() { # table -> "col bytes, col bytes, ...|whole row bytes"
	local sql
	sql=$(q -c "SELECT 'SELECT v.n, pg_catalog.round(v.b, 1) FROM (SELECT '
	              || pg_catalog.string_agg(pg_catalog.format('avg(coalesce(pg_catalog.pg_column_size(t.%I), 0)) AS %I', a.attname, 'c' || a.attnum), ', ' ORDER BY a.attnum)
	              || ', avg(pg_catalog.pg_column_size(t.*)) AS whole FROM $1 t) s CROSS JOIN LATERAL (VALUES '
	              || pg_catalog.string_agg(pg_catalog.format('(%L, s.%I)', a.attname, 'c' || a.attnum), ', ' ORDER BY a.attnum)
	              || ', (''(whole row)'', s.whole)) v (n, b) ORDER BY v.b DESC'
	              FROM pg_catalog.pg_attribute a WHERE a.attrelid = '$1'::regclass AND a.attnum > 0 AND NOT a.attisdropped")
	q -c "$sql" | awk -F'|' '$1 == "(whole row)" { whole = $2; next } $2 >= 4 { printf "%s%s %s", (k++ ? ", " : ""), $1, $2 } END { printf "|%s\n", whole }'
}
IFS='|' read -r ledger_cols ledger_datum < <(colsizes lead_align.handoff)
IFS='|' read -r current_cols current_datum < <(colsizes lead_align.lead_current)
bpe_ledger=$(calc "$ledger_only / $s1_ledger")

# ------------------------------------------------------ the 5x history ----
T5=""
t_gen5=0; t_load5=0
if (( SCALE > 1 )); then
	t0=$(date +%s)
	echo "drawing $((SCALE - 1)) older blocks of $N leads..." >&2
	n_ev5=0
	for ((b = 2; b <= SCALE; b++)); do
		from=$(q -c "SELECT '$ANCHOR'::timestamptz - pg_catalog.make_interval(months => $MONTHS * $b)")
		to=$(q -c "SELECT '$ANCHOR'::timestamptz - pg_catalog.make_interval(months => $MONTHS * ($b - 1))")
		n=$(gen_block "$b" $(( (b - 1) * N + 1 )) "$from" "$to")
		n_ev5=$((n_ev5 + n))
	done
	t_gen5=$(elapsed "$t0")
	t0=$(date +%s)
	echo "replaying $n_ev5 steps of $(( (SCALE - 1) * N )) older leads through the triggers ($JOBS sessions)..." >&2
	pids=()
	for ((j = 0; j < JOBS; j++)); do
		(
			for ((b = 2 + j; b <= SCALE; b += JOBS)); do
				load_block "$b"
			done
		) &
		pids+=($!)
	done
	for p in "${pids[@]}"; do wait "$p" || { echo "loading an older block failed" >&2; exit 2; }; done
	t_load5=$(elapsed "$t0")
	echo "  loaded in $t_load5 s" >&2
	simulate_alerts 2 $((N + 1)) $((SCALE * N)) >/dev/null
	vacuum_all
	q -c 'SELECT lead_align.sweep()' >/dev/null
	echo "measuring at ${SCALE}x..." >&2
	LABELS5=(base_month compliance spans_agg overdue base_seq)
	load_m5=$(loadavg)
	T5=$(mktemp); measure "${LABELS5[@]}" >"$T5"
	load_m5_after=$(loadavg)
	IFS='|' read -r s5_leads s5_cur s5_ledger s5_closed s5_open_sla s5_overdue s5_touch_overdue s5_alerts s5_month_closed s5_month_open s5_ledger_size < <(q -c "$STATS_SQL")
	declare -A PLAN5 NODES5
	for lab in overdue base_seq; do
		PLAN5[$lab]=$(plan_of "$lab")
		NODES5[$lab]=$(plan_nodes <<<"${PLAN5[$lab]}")
	done
fi
t_total=$(elapsed "$t_start")
load_end=$(loadavg)

# --------------------------------------------------------------- report ----
f1() { calc "sprintf(\"%.1f\", $1)"; }
f2() { calc "sprintf(\"%.2f\", $1)"; }
f3() { calc "sprintf(\"%.3f\", $1)"; }
judge() { if awk "BEGIN { exit !($1 $2 $3) }"; then echo PASS; else echo FAIL; fi; }
declare -A M1 M5 C1 C5
for lab in "${LABELS1[@]}" sweep; do M1[$lab]=$(median "$lab" "$T1"); C1[$lab]=$(median "$lab" "$T1" 4); done
r_comp=$(calc "${M1[compliance]} / ${M1[base_month]}")
r_spans=$(calc "${M1[spans_agg]} / ${M1[base_month]}")
r_rows=$(calc "${M1[spans_rows]} / ${M1[base_month]}")
r_range=$(calc "${M1[spans_range]} / ${M1[base_month]}")
r_over=$(calc "${M1[overdue]} / ${M1[base_seq]}")
c_comp=$(calc "${C1[compliance]} / ${C1[base_month]}")
c_spans=$(calc "${C1[spans_agg]} / ${C1[base_month]}")
c_over=$(calc "${C1[overdue]} / ${C1[base_seq]}")
declare -A RV CV TV
for lab in funnel quality rules volume; do
	b=base_time
	RV[$lab]=$(calc "${M1[$lab]} / ${M1[$b]}")
	CV[$lab]=$(calc "${C1[$lab]} / ${C1[$b]}")
	TV[$lab]=$(judge "${RV[$lab]}" '<=' 3)
done
t_comp=$(judge "$r_comp" '<=' 3)
t_spans=$(judge "$r_spans" '<=' 3)
t_over=$(judge "$r_over" '<=' 0.1)
t_sweep=$(judge "${M1[sweep]}" '<' 10)
t_bpe=$(judge "$bpe" '<=' 300)
swept1=$(awk '$1 == "swept" { s += $3 } END { print s + 0 }' "$T1")
if [[ -n "$T5" ]]; then
	for lab in "${LABELS5[@]}" sweep; do M5[$lab]=$(median "$lab" "$T5"); C5[$lab]=$(median "$lab" "$T5" 4); done
	r_over5=$(calc "${M5[overdue]} / ${M5[base_seq]}")
	r_grow=$(calc "${M5[overdue]} / ${M1[overdue]}")
	c_grow=$(calc "${C5[overdue]} / ${C1[overdue]}")
	r_seqgrow=$(calc "${M5[base_seq]} / ${M1[base_seq]}")
	r_ledger=$(calc "$s5_ledger / $s1_ledger")
	t_grow=$(judge "$r_grow" '<=' 1.5)
	t_sweep5=$(judge "${M5[sweep]}" '<' 10)
	swept5=$(awk '$1 == "swept" { s += $3 } END { print s + 0 }' "$T5")
fi

pgversion=$(q -c 'SHOW server_version')
extversion=$(q -c "SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'lead_align'")
sb=$(q -c 'SHOW shared_buffers')
fsync_s=$(q -c 'SHOW fsync')
cpu=$(grep -m1 '^model name' /proc/cpuinfo 2>/dev/null | sed 's/^model name[[:space:]]*:[[:space:]]*//' || true)
cpu=${cpu:-unknown}
ncpu=$(nproc 2>/dev/null || echo unknown)
mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo unknown)
bench_provenance bench_shared.sh "BENCH_SHARED_N=$N BENCH_SHARED_MONTHS=$MONTHS BENCH_SHARED_SCALE=$SCALE BENCH_SHARED_JOBS=$JOBS BENCH_SHARED_REPS=$REPS BENCH_SHARED_SWEEPS=$SWEEPS BENCH_SHARED_CHUNK_DAYS=$CHUNK BENCH_SHARED_ANCHOR='$ANCHOR' BENCH_SHARED_MONTH=$MONTH BENCH_SHARED_SEED=$SEED"
when=$(date -u '+%Y-%m-%d %H:%M UTC')
so_after=$(so_sum)
if [[ $so_before == "$so_after" ]]; then
	so_md="library \`$so_file\` (md5 $so_before..., built $so_time; the backend mapped \`$so_loaded\`) unchanged during the run"
else
	so_md="**warning: \`$so_file\` was replaced during the run (md5 $so_before... before, $so_after... after): run again**"
fi

row() { # label table-file wall-medians cpu-medians
	local lab=$1 f=$2
	declare -n MM=$3 CC=$4
	echo "| ${QDESC[$lab]} | $(runs_of "$lab" "$f") | $(f1 "${MM[$lab]}") | $(f1 "${CC[$lab]}") |"
}
storage_md=$(awk -F'|' -v L="$s1_ledger" '{ printf "| `lead_align.%s` | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %s |\n", $1, $7, $2 / 1048576, $3 / 1048576, $4 / 1048576, $5 / 1048576, $5 / L, $6 }' <<<"$storage_rows")

plans_md=""
for lab in "${LABELS1[@]}"; do
	plans_md+=$'\n'"$lab (1x):"$'\n\n```\n'"${PLAN1[$lab]}"$'\n```\n'
done
if [[ -n "$T5" ]]; then
	for lab in overdue base_seq; do
		plans_md+=$'\n'"$lab (${SCALE}x):"$'\n\n```\n'"${PLAN5[$lab]}"$'\n```\n'
	done
fi

if [[ -n "$T5" ]]; then
	long_md=$(cat <<EOF
### ${SCALE}x the history

$((SCALE - 1)) older blocks of $N leads each, drawn the same way ($((MONTHS * SCALE)) months in all, the same arrival
rate; their paths are over long before the anchor, so they add history and no open SLA), replayed through
the triggers in $JOBS sessions at once ($n_ev5 steps, $t_load5 s; drawing them $t_gen5 s), their minutely
alerts simulated, VACUUM (ANALYZE). Then: $s5_leads leads in the CRM table, $s5_cur in \`lead_current\`,
$s5_ledger ledger rows (${r_ledger}x the 1x ledger; $s5_ledger_size with its indexes), $s5_open_sla open stays with
an SLA, $s5_overdue overdue (exit) and $s5_touch_overdue touch-overdue leads, $s5_alerts alerts. Load average before
and after measuring: $load_m5, $load_m5_after.

| query | runs, ms | median ms | median CPU ms |
|---|---|---:|---:|
$(for lab in "${LABELS5[@]}"; do row "$lab" "$T5" M5 C5; done)
| \`SELECT lead_align.sweep()\`, $SWEEPS calls ($swept5 alerts in all) | $(runs_of sweep "$T5") | $(f2 "${M5[sweep]}") | $(f2 "${C5[sweep]}") |

Plans: overdue: ${NODES5[overdue]}; ledger count: ${NODES5[base_seq]}.
The sequential count grew $(f2 "$r_seqgrow")x; "overdue now" $(f2 "$r_grow")x (CPU: $(f2 "$c_grow")x; its ratio to the count: $(f3 "$r_over5")).
EOF
)
	long_targets="| \"overdue now\" with ${SCALE}x the history / with 1x | <= 1.5x | $(f2 "$r_grow")x | $t_grow |
| \`sweep()\` with nothing new due, ${SCALE}x history | < 10 ms | $(f2 "${M5[sweep]}") ms | $t_sweep5 |"
else
	long_md="### Longer history

Not run (BENCH_SHARED_SCALE=1)."
	long_targets="| \"overdue now\" with 5x the history / with 1x | <= 1.5x | not run | — |"
fi

section=$(cat <<EOF
<!-- BEGIN shared (written by test/bench/bench_shared.sh; edits are overwritten) -->
## The shared numbers: views, "overdue now", sweep(), storage

- Date: $when; the whole run took $t_total s
- Machine: $ncpu CPUs (nproc), $cpu, $mem RAM; other jobs share it. Load average (1, 5, 15 min): at the start
  $load_start; around the 1x measurements $load_m1 / $load_m1_after; at the end $load_end
- PostgreSQL: $pgversion; lead_align $extversion (source tree: $rev); shared_buffers $sb, fsync $fsync_s;
  \`max_parallel_workers_per_gather = 0\`, \`jit = off\`; $so_md
- Command (from the repository root): $cmd_md

### The history

test/bench/shared_history.sql: $N leads arriving uniformly over the $MONTHS months before $ANCHOR (the anchor:
"now" when the data was made), each on one of 19 weighted paths (creates; automatic handoffs on insert and when
a decision date makes a nurtured lead hot; manual handoffs; touches, one saved with the reject; accepts, some
with a new owner; rejects, recycles, disqualifications and losses with reason codes; second cycles; wins;
reassigns; temperature changes; deletes), each step after a random delay of its kind (\`setseed\`); steps after
the anchor are dropped, so recent leads stay open and some are overdue. Replayed through the real triggers
(track in enforce mode: the agreement and the reasons are checked) in event-time order, a week per
transaction: one \`INSERT ... SELECT\` or \`UPDATE ... FROM\` (or \`DELETE ... USING\`) per week, step number
and kind of step, with explicit event times; after each week a VACUUM of \`lead_current\` and the CRM table (which
autovacuum does more often on a live system). Drawing: $t_gen1 s; replay: $n_ev1 steps after the creates in $t_load1 s.
Track: the tracking benchmark's 6 score and 6 classification rules, 3 dimensions, calendar
\`$CAL\`; exit SLAs new 1 business day, mql 1 business day (hot 4 business hours), sal 2 business days,
sql 10 business days; touch SLAs mql 2 business hours (hot 1 business hour); nurture, opportunity and the end
stages none.

Then the alerts that a \`sweep()\` every minute would have written over those months (one \`sla_alert\` row per
exit or touch SLA handled more than a minute after it fell due; set-based from the ledger, \`alerts_since\` set to
the start of the history), and one real \`sweep()\`, which alerted the $n_first_alerts SLAs overdue at that moment
(in $(f1 "${t_first_sweep:-0}") ms).

Result: $s1_leads leads in the CRM table, $s1_cur in \`lead_current\`, $s1_ledger ledger rows ($s1_ledger_size with indexes),
$s1_closed closed stays; $s1_open_sla leads in an open stay with an SLA, $s1_overdue overdue (exit), $s1_touch_overdue
touch-overdue; $s1_alerts rows in \`sla_alert\`.
Ledger rows by kind: $kinds.
Leads by stage now: $stays_mix.
Stays by the month they began: $months_mix.

### One track, one month ($MONTH: $s1_month_closed closed stays in the ledger, $s1_month_open open)

One psql session; each query planned anew and its rows shipped to psql (\`\\timing\`); one untimed run of
each, then $REPS rounds, the order rotating; the median counts. CPU: the backend's time on a CPU during the
query (\`/proc/<pid>/schedstat\`), less disturbed by the other jobs on the machine than the wall clock; the
targets are judged on the wall clock.

| query | runs, ms | median ms | median CPU ms |
|---|---|---:|---:|
$(for lab in "${LABELS1[@]}"; do row "$lab" "$T1" M1 C1; done)
| \`SELECT lead_align.sweep()\`, $SWEEPS calls ($swept1 alerts in all) | $(runs_of sweep "$T1") | $(f2 "${M1[sweep]}") | $(f2 "${C1[sweep]}") |
| the first \`SELECT lead_align.sweep()\` of a new session (as each pg_cron run is), 5 sessions (informational) | $cold_runs | $(f2 "$cold_median") | |

Plans (EXPLAIN ANALYZE, in full below): month baseline: ${NODES1[base_month]}; sla_compliance: ${NODES1[compliance]};
stage_spans grouped: ${NODES1[spans_agg]}; whole rows: ${NODES1[spans_rows]}; entered_on range: ${NODES1[spans_range]};
funnel: ${NODES1[funnel]}; lead_quality: ${NODES1[quality]};
rule_performance: ${NODES1[rules]}; month-of-event-time baseline: ${NODES1[base_time]};
volume_sla_status: ${NODES1[volume]};
overdue: ${NODES1[overdue]}; ledger count: ${NODES1[base_seq]}.

Ratios of the medians (wall clock; in CPU time in parentheses): sla_compliance $(f2 "$r_comp")x the month
baseline ($(f2 "$c_comp")x), stage_spans grouped $(f2 "$r_spans")x ($(f2 "$c_spans")x), stage_spans whole rows
$(f2 "$r_rows")x (informational), stage_spans by an \`entered_on\` range $(f2 "$r_range")x (informational);
funnel $(f2 "${RV[funnel]}")x the event-time baseline ($(f2 "${CV[funnel]}")x), lead_quality $(f2 "${RV[quality]}")x
($(f2 "${CV[quality]}")x), rule_performance $(f2 "${RV[rules]}")x ($(f2 "${CV[rules]}")x); volume_sla_status
$(f2 "${RV[volume]}")x the month-of-event-time baseline ($(f2 "${CV[volume]}")x);
"overdue now" $(f3 "$r_over")x the sequential count of the ledger ($(f3 "$c_over")x).

### Storage: bytes per event

After VACUUM (ANALYZE) (not FULL: \`lead_current\` keeps the free space of its updates, as a live one does), over
the $s1_ledger ledger rows of the 1x history:

| table | rows (estimate) | heap MB | TOAST MB | indexes MB | total MB | bytes per ledger row | indexes, bytes |
|---|---:|---:|---:|---:|---:|---:|---|
$storage_md
| all | | | | | $(calc "sprintf(\"%.1f\", $total_bytes / 1048576)") | $(f1 "$bpe") | |

The ledger alone: $(f1 "$bpe_ledger") bytes per row (0.3: 374 per row, with no state table). Average stored bytes
per column (\`pg_column_size\`, NULL as 0; columns of 4 bytes or more, largest first):
- ledger row (datum $ledger_datum bytes, plus a 4-byte line pointer and page overhead): $ledger_cols
- state row, one per lead (datum $current_datum bytes): $current_cols

$long_md

### Targets

| target | required | measured | result |
|---|---|---:|---|
| \`sla_compliance\`, one track, one month / month baseline | <= 3x | $(f2 "$r_comp")x | $t_comp |
| \`stage_spans\` grouped, one track, one month / month baseline | <= 3x | $(f2 "$r_spans")x | $t_spans |
| \`funnel\`, one track, one month / the month's ledger rows through handoff_time | <= 3x | $(f2 "${RV[funnel]}")x | ${TV[funnel]} |
| \`lead_quality\`, one track, one month / the month's ledger rows through handoff_time | <= 3x | $(f2 "${RV[quality]}")x | ${TV[quality]} |
| \`rule_performance\`, one track, one month / the month's ledger rows through handoff_time | <= 3x | $(f2 "${RV[rules]}")x | ${TV[rules]} |
| \`volume_sla_status\`, one track, one month / month-of-event-time baseline | <= 3x | $(f2 "${RV[volume]}")x | ${TV[volume]} |
| "overdue now" / sequential count of the ledger | <= 0.1x | $(f3 "$r_over")x | $t_over |
$long_targets
| \`sweep()\` with nothing new due | < 10 ms | $(f2 "${M1[sweep]}") ms | $t_sweep |
| bytes per event, all of lead_align's tables | <= 300 | $(f1 "$bpe") | $t_bpe |

<details><summary>Plans (EXPLAIN (ANALYZE, BUFFERS), one run each after the timed runs)</summary>
$plans_md
</details>
<!-- END shared -->
EOF
)

write_section shared "$section" "$RESULTS"
printf '%s\n' "$section" | sed -n '/^| query/,/^$/p; /^| table/,/^$/p; /^| target/,/^$/p'
echo "wrote $RESULTS" >&2
rm -f "$T1" ${T5:+"$T5"}

status=0
for t in "$t_comp" "$t_spans" "${TV[funnel]}" "${TV[quality]}" "${TV[rules]}" "${TV[volume]}" "$t_over" "$t_sweep" "$t_bpe" ${t_grow:+"$t_grow"} ${t_sweep5:+"$t_sweep5"}; do
	[[ $t == PASS ]] || status=1
done
exit $status
