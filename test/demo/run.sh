#!/usr/bin/env bash
# make demo: build, install, start a throwaway cluster, generate six months of
# a synthetic CRM through the triggers (test/demo/crm.sql), and show the
# shared numbers: the terminal report and the report page, both read as a
# role granted only lead_align_reader (report/lead_align_report).
#
# Environment (all optional):
#   KEEP=1          keep the cluster running and print how to connect
#   PGPORT          the cluster's port (LA_PGPORT wins; default: a random one)
#   LA_PGDATA       the cluster's directory (new or empty; kept); default: a new
#                   directory under /tmp, removed at the end unless KEEP=1
#   PG_CONFIG       the PostgreSQL to build for and run (default: Debian's 15)
#   LA_DEMO_SEED, LA_DEMO_LEADS, LA_DEMO_AS_OF   the generator's seed (42),
#                   about how many leads (50000), and when the six months end (now)
#   LA_DEMO_PAGE    where the page goes (default report/demo.html)
#   LA_SCREENSHOT   also save a screenshot of the page there (make screenshot)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
. test/lib.sh
START=$(date +%s%N)
seconds() { awk "BEGIN { printf \"%.1f\", ($(date +%s%N) - $1) / 1e9 }"; }
PAGE=$(realpath -m "${LA_DEMO_PAGE:-report/demo.html}")
DB=lead_align_demo
READER=demo_reader

if [ -n "${LA_SCREENSHOT:-}" ]; then ensure_packages test; else ensure_packages demo; fi
section "build"
t=$(date +%s%N)
make -j"$(nproc)" PG_CFLAGS="$STRICT_CFLAGS" >/tmp/lead_align_demo_build.log 2>&1 \
	|| { cat /tmp/lead_align_demo_build.log; exit 1; }
echo "built in $(seconds "$t") s"
section "install"
say_install
make install >/tmp/lead_align_demo_install.log 2>&1 || { cat /tmp/lead_align_demo_install.log; exit 1; }
if [ ! -f report/node_modules/.package-lock.json ]; then
	echo "npm ci in report/: Apache ECharts for the page (report/package-lock.json)"
	(cd report && npm ci --no-audit --no-fund >/dev/null)
fi

section "throwaway cluster"
start_cluster
if [ "${KEEP:-0}" != 1 ]; then trap stop_cluster EXIT; fi
createdb "$DB"
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f test/demo/demo.sql

section "six months of a synthetic CRM, through the triggers"
echo "About ${LA_DEMO_LEADS:-50000} inbound leads (seed ${LA_DEMO_SEED:-42}): a Berlin marketing team, sales in Berlin"
echo "and New York with their own holidays, objective rules, SLAs; the replay takes a while..."
t=$(date +%s%N)
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -v seed="${LA_DEMO_SEED:-42}" -v leads="${LA_DEMO_LEADS:-50000}" \
	-v as_of="${LA_DEMO_AS_OF:-}" -f test/demo/crm.sql
psql -X -q -d "$DB" -c "SET client_min_messages = warning" -c "DROP ROLE IF EXISTS $READER" \
	-c "CREATE ROLE $READER LOGIN" -c "GRANT lead_align_reader TO $READER"
psql -X -At -d "$DB" -c "SELECT format('%s leads and %s ledger rows in', (SELECT count(*) FROM crm.leads),
	(SELECT count(*) FROM lead_align.handoff))" | tr '\n' ' '
echo "$(seconds "$t") s"

section "the report, as $READER (only lead_align_reader) through lead_align's views"
mkdir -p "$(dirname "$PAGE")"
/usr/bin/python3 report/lead_align_report --dsn "host=$PGHOST port=$PGPORT dbname=$DB user=$READER" \
	--track crm.leads --tz Europe/Berlin --text --out "$PAGE"

if [ -n "${LA_SCREENSHOT:-}" ]; then
	if [ ! -f test/report/node_modules/.package-lock.json ]; then
		(cd test/report && npm ci --no-audit --no-fund >/dev/null)
	fi
	node test/report/screenshot.js "$PAGE" "$(realpath -m "$LA_SCREENSHOT")"
fi

section "done in $(seconds "$START") s"
echo "The report page (one file, opens from disk): $PAGE"
echo "  the same for your own database: report/lead_align_report --dsn '...' --track crm.leads --out report.html"
[ -n "${LA_SCREENSHOT:-}" ] && echo "The screenshot: $LA_SCREENSHOT"
if [ "${KEEP:-0}" = 1 ]; then
	print_connect "$DB" "$READER"
else
	echo "The cluster is removed now; KEEP=1 make demo keeps it and prints how to connect."
fi
