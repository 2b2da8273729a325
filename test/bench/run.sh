#!/usr/bin/env bash
# test/bench/run.sh -- `make bench`: build and install lead_align, start a throwaway
# cluster (test/lib.sh), create a database with CREATE EXTENSION lead_align, run the
# benchmarks in test/bench against it, and stop the cluster (even on failure).
# Each benchmark refreshes its own section of test/bench/RESULTS.md.
#
# To run a benchmark against a server you already have, call its script directly
# with PGHOST/PGPORT/PGUSER/PGDATABASE set (see the header of each script).
# BENCH_* variables are passed through (e.g. BENCH_N=200000 make bench).
#
# Knobs of this script (environment):
#   BENCH_NO_BUILD=1   skip the build and install
#   BENCH_ONLY         which benchmarks to run, a space-separated subset of
#                      "business_time tracking reclassify shared" (default: all four)
#   BENCH_DESTDIR      install the build with `make install DESTDIR=$BENCH_DESTDIR` into a
#                      private copy of PostgreSQL instead of the system's, and run the
#                      cluster from that copy's binaries (PG_BIN defaults to
#                      $BENCH_DESTDIR/usr/lib/postgresql/15/bin).  Make the copy once with
#                        mkdir -p D/usr/lib D/usr/share && cp -a /usr/lib/postgresql D/usr/lib/ &&
#                        cp -a /usr/share/postgresql D/usr/share/
#                      (the server finds its extensions relative to its own binary).  The
#                      run checks that the backends load lead_align.so from the copy.
#   BENCH_PG_CONFIG    the pg_config to build against (default: pg_config on PATH before
#                      PG_BIN is prepended, the system's; with BENCH_DESTDIR it must be the
#                      system's, whose paths DESTDIR is prefixed to)
#   PG_BIN             PostgreSQL binaries of the cluster (default: see test/lib.sh)
#   LA_PGPORT          the cluster's port (default: a random one in 54000-54999)
#
# Note: the throwaway cluster runs with fsync=off; the business-time benchmark is
# CPU-bound and unaffected, and the tracking benchmark runs its pgbench part on a
# private cluster with fsync on.  The shared-numbers benchmark gets a database of
# its own (its storage figures are per event of lead_align's tables).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD_PG_CONFIG=${BENCH_PG_CONFIG:-$(command -v pg_config || echo pg_config)}
if [ -n "${BENCH_DESTDIR:-}" ]; then
	PG_BIN=${PG_BIN:-$BENCH_DESTDIR/usr/lib/postgresql/15/bin}
	[ -x "$PG_BIN/postgres" ] || { echo "BENCH_DESTDIR: no PostgreSQL binaries in $PG_BIN (see the header of $0)"; exit 2; }
fi
. test/lib.sh
export PG_BIN
ONLY=${BENCH_ONLY:-business_time tracking reclassify shared}
for b in $ONLY; do
	case $b in business_time|tracking|reclassify|shared) ;; *) echo "BENCH_ONLY: unknown benchmark $b"; exit 2 ;; esac
done
wanted() { [[ " $ONLY " == *" $1 "* ]]; }

if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
	ensure_packages
	section "build and install${BENCH_DESTDIR:+ into $BENCH_DESTDIR}"
	make PG_CONFIG="$BUILD_PG_CONFIG" PG_CFLAGS="$STRICT_CFLAGS" >/tmp/lead_align_bench_build.log 2>&1 \
		|| { cat /tmp/lead_align_bench_build.log; exit 1; }
	make PG_CONFIG="$BUILD_PG_CONFIG" install ${BENCH_DESTDIR:+DESTDIR="$BENCH_DESTDIR"} >/dev/null
fi

section "throwaway cluster"
start_cluster
trap stop_cluster EXIT
export PGDATABASE=lead_align_bench
createdb "$PGDATABASE"
psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION lead_align'
# which build the backends load
loaded=$(psql -X -q -At -c "SELECT lead_align.business_add(now(), '1 business hour', '24/7; tz UTC') IS NOT NULL" \
	-c "SELECT string_agg(DISTINCT substring(l FROM '/[^ ]*lead_align[^ ]*\.so'), ', ')
	      FROM regexp_split_to_table(pg_read_file('/proc/self/maps'), E'\n') AS l WHERE l LIKE '%lead_align%.so%'" | tail -1)
echo "server $(psql -X -At -c 'SHOW server_version'), lead_align $(psql -X -At -c "SELECT extversion FROM pg_extension WHERE extname = 'lead_align'"), library $loaded"
if [ -n "${BENCH_DESTDIR:-}" ] && [[ $loaded != "$BENCH_DESTDIR"/* ]]; then
	echo "the backend loaded $loaded, not the build installed into $BENCH_DESTDIR"; exit 2
fi

status=0
r=0
if wanted business_time; then
	section "business time"
	BENCH_COMMAND=${BENCH_COMMAND:-make bench} test/bench/bench_business_time.sh || status=$?
fi
if wanted tracking; then
	section "tracking"
	# pgbench needs fsync on, which this cluster's command line turns off: the script
	# starts a private cluster with fsync on for that part (BENCH_PGBENCH_CLUSTER).
	BENCH_COMMAND=${BENCH_COMMAND:-make bench} test/bench/bench_tracking.sh || r=$?
	(( r > status )) && status=$r
fi
if wanted reclassify; then
	section "reclassify"
	BENCH_COMMAND=${BENCH_COMMAND:-make bench} test/bench/bench_reclassify.sh || r=$?
	(( r > status )) && status=$r
fi
if wanted shared; then
	section "shared numbers"
	createdb lead_align_shared
	PGDATABASE=lead_align_shared psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION lead_align'
	PGDATABASE=lead_align_shared BENCH_COMMAND=${BENCH_COMMAND:-make bench} test/bench/bench_shared.sh || r=$?
	(( r > status )) && status=$r
fi

exit "$status"
