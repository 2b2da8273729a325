#!/usr/bin/env bash
# test/bench/cpu_ab_insert.sh -- CPU-only A/B of a tracked single-row INSERT between two
# builds installed in /opt/pgb (before) and /opt/pga (after), each a copy of the PostgreSQL 15
# binaries (cp -a /usr/lib/postgresql/15 and /usr/share/postgresql/15; make PG_CONFIG=... install).
# Prints backend CPU ticks (10 ms) and tps per round; see RESULTS.md, "Before and after".
set -u
cd "$(dirname "$0")/../.." || exit 1
. test/lib.sh
B=test/bench
setup_sql="$(cat $B/cpu_ab_setup.sql)"
declare -A dir=([before]=${LA_AB_BEFORE:-/opt/pgb} [after]=${LA_AB_AFTER:-/opt/pga})
for round in 1 2; do
for side in before after; do
	export PG_BIN=${dir[$side]}/usr/lib/postgresql/15/bin; export PATH="$PG_BIN:$PATH"
	LA_PGPORT=$((59600 + RANDOM % 300)) start_cluster >/dev/null
	psql -X -q -d postgres -c "ALTER SYSTEM SET synchronous_commit = off" -c "SELECT pg_reload_conf()" >/dev/null
	psql -X -q -d postgres -v ON_ERROR_STOP=1 -c "$setup_sql" >/dev/null || echo setup failed
	for f in tracked plain; do
		pgbench -n -d postgres -c 1 -t 3000 -f $B/cpu_ab_insert_$f.pgbench >/dev/null 2>&1
		# one connection: sample its backend's CPU time until pgbench ends
		pgbench -n -d postgres -c 1 -t 30000 -f $B/cpu_ab_insert_$f.pgbench >/tmp/pgb_out 2>&1 &
		pid=$!; sleep 1
		bp=$(pgrep -P "$(head -1 $CLUSTER_DIR/data/postmaster.pid)" -f "postgres: .* postgres \[local\]" | head -1)
		last=0
		while kill -0 $pid 2>/dev/null; do [ -n "$bp" ] && [ -r /proc/$bp/stat ] && last=$(awk '{print $14 + $15}' /proc/$bp/stat); sleep 0.2; done
		echo "round $round $side $f backend_cpu_ticks $last tps $(awk '/^tps/ {print $3}' /tmp/pgb_out)"
	done
	stop_cluster
done
done
