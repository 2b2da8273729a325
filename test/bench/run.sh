#!/usr/bin/env bash
# test/bench/run.sh -- `make bench`: build and install lead_align, start a throwaway
# cluster (test/lib.sh), create a database with CREATE EXTENSION lead_align, run the
# benchmarks in test/bench against it, and stop the cluster (even on failure).
# Each benchmark refreshes its own section of test/bench/RESULTS.md.
#
# To run a benchmark against a server you already have, call its script directly
# with PGHOST/PGPORT/PGUSER/PGDATABASE set (see the header of each script).
# BENCH_* variables are passed through (e.g. BENCH_N=200000 make bench).
# BENCH_NO_BUILD=1 skips the build and install.
#
# Note: the throwaway cluster runs with fsync=off; the business-time benchmark is
# CPU-bound and unaffected, and the tracking benchmark runs its pgbench part on a
# private cluster with fsync on.
set -euo pipefail
cd "$(dirname "$0")/../.."
. test/lib.sh

if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
	ensure_packages
	section "build and install"
	make PG_CFLAGS="$STRICT_CFLAGS" >/tmp/lead_align_bench_build.log 2>&1 \
		|| { cat /tmp/lead_align_bench_build.log; exit 1; }
	make install >/dev/null
fi

section "throwaway cluster"
start_cluster
trap stop_cluster EXIT
export PGDATABASE=lead_align_bench
createdb "$PGDATABASE"
psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION lead_align'

status=0
section "business time"
BENCH_COMMAND=${BENCH_COMMAND:-make bench} test/bench/bench_business_time.sh || status=$?
section "tracking"
# pgbench needs fsync on, which this cluster's command line turns off: the script
# starts a private cluster with fsync on for that part (BENCH_PGBENCH_CLUSTER).
r=0
BENCH_COMMAND=${BENCH_COMMAND:-make bench} test/bench/bench_tracking.sh || r=$?
section "reclassify"
BENCH_COMMAND=${BENCH_COMMAND:-make bench} test/bench/bench_reclassify.sh || r=$?
(( r > status )) && status=$r

exit "$status"
