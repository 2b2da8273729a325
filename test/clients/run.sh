#!/usr/bin/env bash
# test/clients/run.sh -- the README's BI examples through real client drivers
# as a reader role with the default search_path, against a running cluster
# (PGHOST, PGPORT, PGUSER: a superuser): psycopg2 (Debian's python3-psycopg2;
# literals and text[] lists) and node-postgres (npm package pg, pinned in
# node/package-lock.json and installed with `npm ci` the first time; untyped
# parameters); then a psycopg2 client that LISTENs for the SLA alerts of a
# sweep() run from another connection (psycopg2_listen.py).  Recreates
# database lead_align_clients, loads setup.sql, runs them (TAP lines), drops
# the roles.  Exits non-zero on any failure.
set -u
cd "$(dirname "$0")"
DB=lead_align_clients
PY=${LA_PYTHON:-/usr/bin/python3}
psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null || exit 2
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f setup.sql >/dev/null || { echo "not ok - setup"; exit 1; }
status=0
LA_CLIENT_DB=$DB "$PY" psycopg2_reader.py || status=1
if [ ! -d node/node_modules/pg ]; then
	(cd node && npm ci --no-audit --no-fund >/dev/null 2>&1) || echo "not ok - npm ci of node-postgres failed"
fi
LA_CLIENT_DB=$DB node node/reader.js || status=1
LA_CLIENT_DB=$DB "$PY" psycopg2_listen.py || status=1
psql -X -q -d postgres -c "DROP DATABASE $DB" -c "DROP ROLE lead_align_bi_client" \
	-c "DROP ROLE IF EXISTS lead_align_sweep_client" >/dev/null
exit $status
