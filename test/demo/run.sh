#!/usr/bin/env bash
# make demo: build, install, start a throwaway cluster, load the demo and show
# it.  The cluster is removed at the end; set KEEP=1 to keep it running (the
# script then prints how to connect).
set -euo pipefail
cd "$(dirname "$0")/../.."
. test/lib.sh

ensure_packages
section "build and install"
make PG_CFLAGS="$STRICT_CFLAGS" >/tmp/lead_align_demo_build.log 2>&1 || { cat /tmp/lead_align_demo_build.log; exit 1; }
make install >/dev/null
section "throwaway cluster"
start_cluster
if [ "${KEEP:-0}" != 1 ]; then trap stop_cluster EXIT; fi
psql -X -q -v ON_ERROR_STOP=1 -d postgres -f test/demo/demo.sql
if [ "${KEEP:-0}" = 1 ]; then
	echo
	echo "The cluster keeps running: psql -h $PGHOST -p $PGPORT -U $PGUSER postgres"
	echo "Stop it with: runuser -u $PGUSER -- $PG_BIN/pg_ctl -D $CLUSTER_DIR/data stop"
fi
