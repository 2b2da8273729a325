#!/usr/bin/env bash
# test/soak/with_cluster.sh soak|crash -- `make soak` / `make crash`: start a
# throwaway cluster the way test/run.sh does (test/lib.sh), run
# test/soak/run.sh or test/crash/run.sh against it, stop it (even on
# failure).  The Makefile installs lead_align into PG_CONFIG's directories
# first; the server binaries are PG_CONFIG's (else PG_BIN's).  The port is
# LA_PGPORT, else a random one in 55500-55999.
#
#   make soak SOAK_SECONDS=300 PG_CONFIG=/path/to/pg_config
#   make crash CRASH_FUZZ_CALLS=500 PG_CONFIG=/path/to/pg_config
set -u
cd "$(dirname "$0")/../.." || exit 2
if [ -n "${PG_CONFIG:-}" ] && d=$("$PG_CONFIG" --bindir 2>/dev/null); then PG_BIN=$d; fi
export PG_BIN
. test/lib.sh
export LA_PGPORT=${LA_PGPORT:-$((55500 + RANDOM % 500))}
case ${1:-} in
soak) what="concurrency soak (${SOAK_SECONDS:=300} s)"; export SOAK_SECONDS ;;
crash) what="crash suite" ;;
*) echo "usage: $0 soak|crash"; exit 2 ;;
esac
ensure_packages || exit 1
section "throwaway cluster"
start_cluster || exit 1
trap 'stop_cluster' EXIT
section "$what"
bash "test/$1/run.sh"
