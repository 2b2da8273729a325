#!/usr/bin/env bash
# test/run.sh -- everything CI runs (`make test`).
#
# On a fresh Debian machine: installs what is missing, builds with
# -Wall -Wextra -Werror, runs the C unit tests of the pure-C core, installs the
# extension, starts a throwaway cluster as an unprivileged user on a private
# port and socket directory, runs the pg_regress suite, the isolation specs,
# the dump/restore round trip, a brief concurrency soak (test/soak), the
# crash suite (test/crash), the BI examples through a real driver
# (test/clients), the demo's data with the report page checked in headless
# Chromium and the README's BI recipes run (test/report), a bounded fuzz
# smoke test, stops the cluster (even on failure; KEEP=1 keeps it and says
# how to connect) and prints "N passed, N failed" as its last line.  Exits
# non-zero on any failure.  PGPORT, LA_PGDATA and PG_CONFIG are taken from
# the environment as by make demo (test/lib.sh).
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
. test/lib.sh

PASSED=0
FAILED=0
FAILURES=()
count() {  # count NAME STATUS
	if [ "$2" = ok ]; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); FAILURES+=("$1"); fi
}
finish() {
	if [ "${KEEP:-0}" = 1 ] && [ -n "${CLUSTER_DIR:-}" ]; then echo; print_connect postgres; else stop_cluster; fi
	echo
	if [ ${#FAILURES[@]} -gt 0 ]; then
		echo "failed: ${FAILURES[*]}"
	fi
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}

ensure_packages test || { echo "could not install build dependencies"; echo "0 passed, 1 failed"; exit 1; }

section "build (-Wall -Wextra -Werror)"
make clean >/dev/null 2>&1
if make PG_CFLAGS="$STRICT_CFLAGS" >build.log 2>&1; then
	count build ok
else
	cat build.log; count build failed
	finish; exit 1
fi

section "C unit tests (pure core, no server)"
if make -C test/unit check CFLAGS_EXTRA="" >unit.log 2>&1; then :; fi
cat unit.log | grep -E '^(not ok|# )' | tail -n 20
u_ok=$(grep -c '^ok ' unit.log || true)
u_fail=$(grep -c '^not ok ' unit.log || true)
PASSED=$((PASSED + u_ok)); FAILED=$((FAILED + u_fail))
[ "$u_fail" -gt 0 ] && FAILURES+=("unit($u_fail)")
if [ "$u_ok" -eq 0 ] && [ "$u_fail" -eq 0 ]; then tail -n 30 unit.log; count unit-build failed; fi

section "install"
say_install
if make install >install.log 2>&1; then count install ok; else cat install.log; count install failed; finish; exit 1; fi

section "throwaway cluster"
if start_cluster; then count cluster ok; else count cluster failed; finish; exit 1; fi
[ "${KEEP:-0}" = 1 ] || trap 'stop_cluster' EXIT

section "pg_regress"
run_regress

section "isolation (concurrent sessions)"
# the ISOLATION part of `make installcheck` (run on its own, so that a failed
# regression test does not hide it)
make installcheck REGRESS= PGHOST="$PGHOST" PGPORT="$PGPORT" PGUSER="$PGUSER" >isolation.log 2>&1
grep -E '^test ' isolation.log | sed 's/^/  /'
i_ok=$(grep -cE '^test .* \.\.\. ok' isolation.log || true)
i_fail=$(grep -cE '^test .* \.\.\. FAILED' isolation.log || true)
PASSED=$((PASSED + i_ok)); FAILED=$((FAILED + i_fail))
if [ "$i_fail" -gt 0 ]; then FAILURES+=("isolation($i_fail)"); [ -f output_iso/regression.diffs ] && head -n 200 output_iso/regression.diffs; fi
if [ "$i_ok" -eq 0 ] && [ "$i_fail" -eq 0 ]; then tail -n 30 isolation.log; count isolation-run failed; fi

# Count a TAP log's "ok" and "not ok" lines (a "not ok ... # TODO" is not a
# failure) into the totals; show the lines that match SHOW; a log with neither
# is a failed run.
tap() {  # tap NAME LOG SHOW
	local name=$1 log=$2 show=$3 ok bad
	grep -E "$show" "$log" | sed 's/^/  /' | head -n 40
	ok=$(grep -c '^ok ' "$log" || true)
	bad=$(grep '^not ok ' "$log" | grep -vc '# TODO' || true)
	PASSED=$((PASSED + ok)); FAILED=$((FAILED + bad))
	[ "$bad" -gt 0 ] && FAILURES+=("$name($bad)")
	if [ "$ok" -eq 0 ] && [ "$bad" -eq 0 ]; then tail -n 30 "$log"; count "$name-run" failed; fi
	echo "  $ok passed, $bad failed"
}

section "pg_dump / pg_restore round trip"
bash test/dump_restore/run.sh >dump_restore.log 2>&1
tap dump_restore dump_restore.log '^not ok'

section "concurrency soak (brief)"
SOAK_SECONDS=${SOAK_SECONDS:-20} bash test/soak/run.sh >soak.log 2>&1
tap soak soak.log '^(not ok|# (figures|lost|soak))'

section "crash suite"
bash test/crash/run.sh >crash.log 2>&1
tap crash crash.log '^(not ok|# crash suite)'

section "client drivers (psycopg2 and node-postgres, reader role, default search_path)"
bash test/clients/run.sh >clients.log 2>&1
tap clients clients.log '^(not ok|# psycopg2|# node-postgres)'

section "demo data, report page in headless Chromium, BI recipes (test/report)"
bash test/report/run.sh >report.log 2>&1
tap report report.log '^(not ok|ok 1 - the demo|# BI recipes)'
echo "  page, screenshot and terminal report: $ROOT/results/report/"

section "fuzz smoke (bounded)"
if make -C test/fuzz fuzz-smoke >fuzz.log 2>&1; then
	count fuzz-smoke ok; tail -n 3 fuzz.log
else
	tail -n 40 fuzz.log; count fuzz-smoke failed
fi

finish
