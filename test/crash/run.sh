#!/usr/bin/env bash
# test/crash/run.sh -- the crash suite: nothing a caller can do may crash the
# server.
#
# Needs a running cluster with lead_align installed, reached through PGHOST /
# PGPORT / PGUSER as a superuser, and psql (PG_CONFIG's bindir, else PG_BIN,
# else the PATH).  It recreates the database lead_align_crash (or $CRASH_DB)
# and runs
#   (a) the fuzz (fixtures.sql, fuzz.sql, recv.sql): every function that
#       belongs to the extension (pg_depend deptype 'e') is called
#       CRASH_FUZZ_CALLS times (default 25) with random arguments, once as
#       the superuser and once as the unprivileged role la_crash_nobody, each
#       call in its own subtransaction (errors are fine and counted by
#       SQLSTATE); one statement per function, so a crash is pinned to its
#       function, and every call is announced by a NOTICE first, so the log
#       ends with the call that crashed.  Then the receive function of each of the
#       extension's types gets CRASH_FUZZ_RECV (default 150) random or
#       mutated inputs through COPY ... (FORMAT binary).  Deterministic:
#       CRASH_FUZZ_SEED (default 0.42) seeds every batch.  A longer run:
#       CRASH_FUZZ_CALLS=500 CRASH_FUZZ_RECV=5000.
#   (b) the regression repros of known crashes (repro/*.sql, run as the
#       owner of the tracked tables of repro/setup.sql): each may succeed or
#       fail with an error (the SQLSTATEs are printed) but must not crash.
#
# A crash is a session that loses its connection ("server closed the
# connection unexpectedly", "terminating connection because of crash of
# another server process") or a "terminated by signal" / "was terminated" /
# "exited with exit code" line the step added to the server log
# (CRASH_SERVER_LOG, default $PGHOST/server.log, the layout of
# test/lib.sh's start_cluster; without a log only the connection counts).
# After a crash the suite waits for the server to finish crash recovery and
# goes on.  Prints one 'ok' / 'not ok' line per check and exits non-zero on
# any failure.
#
#   PGHOST=/tmp/x PGPORT=55432 PGUSER=postgres bash test/crash/run.sh
set -u
cd "$(dirname "$0")" || exit 2
HERE=$(pwd)
. ../client.sh crash
DB=${CRASH_DB:-lead_align_crash}
CALLS=${CRASH_FUZZ_CALLS:-25}
RECV=${CRASH_FUZZ_RECV:-150}
SEED=${CRASH_FUZZ_SEED:-0.42}
TIMEOUT=${CRASH_FUZZ_TIMEOUT:-30s}
LOG=${CRASH_SERVER_LOG:-${PGHOST:-}/server.log}
CRASHES=0
finish() {
	if [ "${CRASH_KEEP:-0}" = 1 ]; then echo "# kept database $DB and $WORK"
	else
		psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
		psql -X -q -d postgres -c "DROP ROLE IF EXISTS la_crash_owner" -c "DROP ROLE IF EXISTS la_crash_nobody" >/dev/null 2>&1
		rm -rf "$WORK"
	fi
	echo "# crash suite: $PASSED passed, $FAILED failed ($CRASHES crashes)"
	[ "$FAILED" -eq 0 ]
	exit $?
}

log_mark() { if [ -f "$LOG" ]; then stat -c %s "$LOG"; else echo 0; fi; }
# crashed MARK OUTPUT_FILE: did the step crash the server?  Prints the evidence.
crashed() {
	local found=1
	if [ -f "$LOG" ] && tail -c +"$(($1 + 1))" "$LOG" | grep -E 'terminated by signal|was terminated by|exited with exit code [1-9]' >"$WORK/evidence"; then
		found=0
	fi
	if grep -qE 'server closed the connection unexpectedly|terminating connection because of crash|connection to server was lost' "$2"; then
		grep -hE 'server closed the connection|terminating connection because of crash|connection to server was lost' "$2" | head -n 2 >>"$WORK/evidence"
		found=0
	fi
	[ $found -eq 0 ] && CRASHES=$((CRASHES + 1))
	return $found
}
# After a crash: wait (up to 120 s) until the server accepts connections again.
wait_ready() {
	local i
	for i in $(seq 1 240); do
		psql -X -q -At -d "$DB" -c 'SELECT 1' >/dev/null 2>&1 && return 0
		sleep 0.5
	done
	echo "# the server did not come back after the crash"
	not_ok "server back after a crash"; finish
}

psql -X -q -d postgres -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null \
	|| { not_ok "create database $DB"; finish; }
psql -X -q -d postgres -c "DROP ROLE IF EXISTS la_crash_owner" -c "DROP ROLE IF EXISTS la_crash_nobody" >/dev/null 2>&1
if psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f fixtures.sql -f fuzz.sql -f recv.sql >"$WORK/setup.log" 2>&1; then
	ok "fixtures and fuzz functions"
else
	not_ok "fixtures and fuzz functions" "$WORK/setup.log" 20; finish
fi

# ---- (a) the fuzz -----------------------------------------------------------
psql -X -q -At -d "$DB" -c "
	SELECT p.oid::regprocedure FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_proc p ON d.objid = p.oid
	 WHERE d.classid = 'pg_catalog.pg_proc'::regclass
	   AND d.refobjid = (SELECT oid FROM pg_catalog.pg_extension WHERE extname = 'lead_align')
	   AND d.deptype = 'e'
	 ORDER BY p.oid::regprocedure::text" >"$WORK/functions" 2>"$WORK/functions.err"
NF=$(wc -l <"$WORK/functions")
if [ "$NF" -lt 20 ]; then not_ok "list the extension's functions ($NF)" "$WORK/functions.err"; finish; fi
echo "# fuzz: $NF functions, $CALLS calls each as superuser and as la_crash_nobody, seed $SEED"

mapfile -t FUNCS <"$WORK/functions"
for role in superuser la_crash_nobody; do
	total=0; errors=0; bad=0; t0=$(date +%s)
	if [ "$role" = superuser ]; then setrole="RESET ROLE"; else setrole="SET ROLE $role"; fi
	# One session runs the batches of all functions, one statement each, with
	# a fixed seed per function (a run is reproducible, a batch can be
	# replayed alone).  After a crash, the batches done are counted, the
	# function that crashed is reported and a new session goes on with the
	# next one.
	next=0
	while [ "$next" -lt "$NF" ]; do
		out="$WORK/fuzz.$role.$next"
		{
			echo "SET statement_timeout = '$TIMEOUT';"
			echo "SET client_min_messages = notice;"
			echo "$setrole;"
			for ((i = next; i < NF; i++)); do
				echo "SELECT 'batch|${FUNCS[$i]}|' || crash_fuzz.fuzz('${FUNCS[$i]}'::regprocedure, $CALLS, $SEED + $i / 1000.0);"
			done
		} >"$WORK/fuzz.sql"
		mark=$(log_mark)
		psql -X -q -At -d "$DB" -f "$WORK/fuzz.sql" >"$out" 2>&1
		done_now=$(grep -c '^batch|' "$out")
		while IFS='|' read -r _ fn line; do
			total=$((total + $(echo "$line" | awk '{ print $2 }')))
			errors=$((errors + $(echo "$line" | awk '{ print $6 }')))
			echo "$fn as $role: $line" >>"$WORK/fuzz.summary"
		done < <(grep '^batch|' "$out")
		if crashed "$mark" "$out"; then
			i=$((next + done_now))
			bad=$((bad + 1))
			cat "$WORK/evidence" >>"$out"
			grep -E 'NOTICE:  fuzz ' "$out" | tail -n 1 >>"$out"
			not_ok "fuzz ${FUNCS[$i]} as $role: server crash (replay: SELECT crash_fuzz.fuzz('${FUNCS[$i]}', $CALLS, $SEED + $i / 1000.0))" "$out" 5
			wait_ready
			next=$((i + 1))
		else
			failed_batches=$(grep -cE '^psql:.*ERROR' "$out")
			if [ "$failed_batches" -gt 0 ]; then
				bad=$((bad + failed_batches))
				not_ok "fuzz as $role: $failed_batches batches failed as a whole (a timeout?)" "$out" 6
			fi
			next=$NF
		fi
	done
	if [ $bad -eq 0 ]; then
		ok "fuzz as $role: $NF functions, $total calls, $errors errors, no crash ($(( $(date +%s) - t0 )) s)"
	else
		echo "# fuzz as $role: $bad of $NF functions crashed or failed; $total calls in the others, $errors errors"
	fi
done
[ "${CRASH_VERBOSE:-0}" = 1 ] && sed 's/^/# /' "$WORK/fuzz.summary"

# the binary input path
for typ in lead_align.lead_stage lead_align.lead_temperature lead_align.sla_window lead_align.business_calendar; do
	case $typ in
	*lead_stage) valid="ARRAY[lead_align.lead_stage_send('mql'), lead_align.lead_stage_send('won')]" ;;
	*lead_temperature) valid="ARRAY[lead_align.lead_temperature_send('hot')]" ;;
	*sla_window) valid="ARRAY[lead_align.sla_window_send('1 business day'), lead_align.sla_window_send('4 business hours'), lead_align.sla_window_send('30 minutes')]" ;;
	*business_calendar) valid="ARRAY[lead_align.business_calendar_send('24/7; tz UTC'),
		lead_align.business_calendar_send('Mo-Fr 09:00-12:00, 13:00-17:00; tz Europe/Berlin'),
		lead_align.business_calendar_send(lead_align.calendar('Mo-Fr 09:00-17:00', 'America/New_York', ARRAY['2025-12-24'::date, '2025-12-25', '2026-01-01'], NULL))]" ;;
	esac
	out="$WORK/recv.$typ"
	mark=$(log_mark)
	psql -X -q -At -d "$DB" -v ON_ERROR_STOP=1 -c "SET statement_timeout = '$TIMEOUT'" -c "SET client_min_messages = notice" \
		-c "SELECT crash_fuzz.recv_fuzz('$typ', $valid, $RECV, $SEED)" >"$out" 2>&1
	rc=$?
	if crashed "$mark" "$out"; then
		cat "$WORK/evidence" >>"$out"
		not_ok "binary input of $typ: server crash" "$out" 4
		wait_ready
	elif [ $rc -ne 0 ]; then
		not_ok "binary input of $typ: the batch failed (exit $rc)" "$out" 4
	else
		ok "binary input of $typ: $(grep '^calls ' "$out")"
	fi
done

# ---- (b) the regression repros -------------------------------------------
if psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" -f repro/setup.sql >"$WORK/repro_setup.log" 2>&1; then
	TID=$(sed -n 's/^tid=//p' "$WORK/repro_setup.log")
	ok "repro setup (tables tracked by their owner la_crash_owner; crash_r.r4 is track $TID)"
	# repro DESCRIPTION FILE DDL_AS DML_AS [psql -v ...]
	repro() {
		local what=$1 file=$2 ddl=$3 dml=$4 out mark states
		shift 4
		out="$WORK/repro.$N"
		mark=$(log_mark)
		psql -X -q -d "$DB" -v VERBOSITY=verbose -v tid="$TID" -v ddl_as="$ddl" -v dml_as="$dml" "$@" \
			-f "$file" >"$out" 2>&1
		states=$(grep -oE '^(psql:[^ ]* )?ERROR:  [0-9A-Z]{5}' "$out" | grep -oE '[0-9A-Z]{5}$' | tr '\n' ' ')
		if crashed "$mark" "$out"; then
			cat "$WORK/evidence" >>"$out"
			not_ok "$what: server crash (errors before it: ${states:-none})" "$out" 4
			wait_ready
		else
			ok "$what: no crash (errors: ${states:-none, every statement succeeded})"
		fi
	}
	OWNER="SET ROLE la_crash_owner"
	SU="RESET ROLE"
	repro "repro 1, owner: ALTER COLUMN stage TYPE text, then UPDATE" repro/1_retype_stage.sql "$OWNER" "$OWNER" -v tbl=crash_r.r1
	repro "repro 1, superuser's ALTER, owner's UPDATE" repro/1_retype_stage.sql "$SU" "$OWNER" -v tbl=crash_r.s1
	repro "repro 2, owner: ALTER COLUMN id DROP NOT NULL, then a NULL key" repro/2_key_drop_not_null.sql "$OWNER" "$OWNER" -v tbl=crash_r.r2
	repro "repro 2, superuser's ALTER, owner's NULL key" repro/2_key_drop_not_null.sql "$SU" "$OWNER" -v tbl=crash_r.s2
	repro "repro 3, owner: DROP CONSTRAINT of the key's unique index, then writes" repro/3_drop_key_unique.sql "$OWNER" "$OWNER" -v tbl=crash_r.r3 -v cons=r3_id_key
	repro "repro 3, superuser's DROP CONSTRAINT, owner's writes" repro/3_drop_key_unique.sql "$SU" "$OWNER" -v tbl=crash_r.s3 -v cons=s3_id_key
	repro "repro 4, _stale() with a crafted record, as the owner" repro/4_stale_record.sql "$SU" "$OWNER"
	repro "repro 4b, _stale() with a crafted record, as an unprivileged role" repro/4_stale_record.sql "$SU" "SET ROLE la_crash_nobody"
	repro "repro 4c, _stale() with a crafted record, as a superuser" repro/4_stale_record.sql "$SU" "$SU"
else
	not_ok "repro setup" "$WORK/repro_setup.log" 20
fi

# a last look: the server answers
if psql -X -q -At -d "$DB" -c 'SELECT 1' >/dev/null 2>&1; then ok "server up at the end"; else not_ok "server up at the end"; fi
finish
