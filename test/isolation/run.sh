#!/usr/bin/env bash
# test/isolation/run.sh -- the isolation specs (issue 3 item 8: nothing lost,
# nothing duplicated, commit order per lead).
#
# Needs a running cluster with lead_align installed, reached through
# PGHOST / PGPORT / PGUSER (the role must be able to create databases and the
# extension).  Recreates the database lead_align_isolation (or $ISO_DB), runs
# every spec of isolation_schedule (or only the specs named as arguments),
# prints pg_isolation_regress's output and, on failure, the diffs.  Exits
# non-zero on any failure.  Run from anywhere; results go to
# test/isolation/results/.
set -u
cd "$(dirname "$0")"
HERE=$(pwd)
PG_CONFIG=${PG_CONFIG:-pg_config}
DB=${ISO_DB:-lead_align_isolation}

PGXS=$("$PG_CONFIG" --pgxs 2>/dev/null) || { echo "isolation: $PG_CONFIG not found"; exit 2; }
BINDIR=$("$PG_CONFIG" --bindir)
REGRESS="$(dirname "$PGXS")/../test/isolation/pg_isolation_regress"
if [ ! -x "$REGRESS" ]; then
	echo "isolation: $REGRESS not found (install postgresql-server-dev)"
	exit 2
fi

CONN=()
[ -n "${PGHOST:-}" ] && CONN+=("--host=$PGHOST")
[ -n "${PGPORT:-}" ] && CONN+=("--port=$PGPORT")
[ -n "${PGUSER:-}" ] && CONN+=("--user=$PGUSER")

# --use-existing neither drops nor creates the database: do it here, so every
# run starts from a fresh one (the specs' setup creates the extension in it).
"$BINDIR/psql" -X -q -d postgres -v ON_ERROR_STOP=1 \
	-c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null || {
	echo "isolation: could not create database $DB"; exit 2; }

rm -rf "$HERE/results"
mkdir -p "$HERE/results"
if [ $# -gt 0 ]; then
	TESTS=("$@")
else
	TESTS=("--schedule=$HERE/isolation_schedule")
fi
"$REGRESS" --inputdir="$HERE" --outputdir="$HERE/results" --bindir="$BINDIR" \
	--use-existing --dbname="$DB" "${CONN[@]}" "${TESTS[@]}"
rc=$?
if [ $rc -ne 0 ] && [ -f "$HERE/results/regression.diffs" ]; then
	echo "---- test/isolation/results/regression.diffs (first 300 lines) ----"
	head -n 300 "$HERE/results/regression.diffs"
fi
exit $rc
