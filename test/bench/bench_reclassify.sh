#!/usr/bin/env bash
# bench_reclassify.sh -- time CALL lead_align.reclassify() over N tracked leads
# (DESIGN 6: "also measured and reported: reclassify over 1,000,000 rows").
#
# Usage: PGHOST=... PGPORT=... PGUSER=... PGDATABASE=<dedicated db with lead_align>
#        [BENCH_RECLASSIFY_N=1000000] [BENCH_RECLASSIFY_BATCH=10000] test/bench/bench_reclassify.sh
# Loads N leads into a tracked table (6 score and 2 classification rules), then adds
# a classification rule that makes about a third of the leads hot, and times one
# reclassify (which updates those rows, making the automatic handoff for the new
# and nurture ones) and a second one (nothing left to do: the cost of checking).
# Writes the "reclassify" section of test/bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${BENCH_RECLASSIFY_N:-1000000}
B=${BENCH_RECLASSIFY_BATCH:-10000}
RESULTS=${BENCH_RESULTS:-test/bench/RESULTS.md}
q() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }

q <<SQL
SET max_parallel_workers_per_gather = 0;
DROP SCHEMA IF EXISTS bench_rc CASCADE;
CREATE SCHEMA bench_rc;
CREATE TABLE bench_rc.leads (id bigint PRIMARY KEY, stage lead_align.lead_stage NOT NULL DEFAULT 'new',
	temperature lead_align.lead_temperature, fit int, interest int, industry text, employees int,
	visits int, demo boolean, decision_date date, source text, updated_at timestamptz);
SELECT lead_align.track('bench_rc.leads', key => 'id', stage => 'stage', temperature => 'temperature',
	fit => 'fit', interest => 'interest', event_time => 'updated_at', dimensions => ARRAY['source'],
	handoff_temperature => 'hot');
SELECT lead_align.add_score('bench_rc.leads', 'fit', \$\$industry IN ('saas', 'fintech')\$\$, 30);
SELECT lead_align.add_score('bench_rc.leads', 'fit', \$\$employees >= 200\$\$, 25);
SELECT lead_align.add_score('bench_rc.leads', 'fit', \$\$industry = 'education'\$\$, -20);
SELECT lead_align.add_score('bench_rc.leads', 'interest', \$\$demo\$\$, 40);
SELECT lead_align.add_score('bench_rc.leads', 'interest', \$\$visits >= 5\$\$, 20);
SELECT lead_align.add_score('bench_rc.leads', 'interest', \$\$decision_date IS NOT NULL\$\$, 10);
SELECT lead_align.add_rule('bench_rc.leads', 'hot', \$\$interest >= 60 AND fit >= 50\$\$);
SELECT lead_align.add_rule('bench_rc.leads', 'warm', \$\$demo OR visits >= 3\$\$);
SELECT setseed(0.2718);
INSERT INTO bench_rc.leads (id, industry, employees, visits, demo, decision_date, source, updated_at)
SELECT g, (ARRAY['saas', 'fintech', 'retail', 'education', 'health'])[1 + floor(random() * 5)::int],
	   (10 * exp(random() * 6))::int, floor(random() * 8)::int, random() < 0.2,
	   CASE WHEN random() < 0.3 THEN DATE '2026-01-01' + floor(random() * 400)::int END,
	   (ARRAY['web', 'event', 'referral'])[1 + floor(random() * 3)::int], TIMESTAMPTZ '2026-01-05 09:00+00'
  FROM generate_series(1, $N) g;
VACUUM ANALYZE bench_rc.leads;
SQL
before=$(q -c "SELECT count(*) FILTER (WHERE temperature::text = 'hot') FROM bench_rc.leads")
q -c "SELECT lead_align.add_rule('bench_rc.leads', 'hot', \$\$visits >= 5\$\$, name => 'returning_visitor')" >/dev/null
t0=$(date +%s.%N)
r1=$(q -c "CALL lead_align.reclassify('bench_rc.leads', batch_size => $B)")
t1=$(date +%s.%N)
r2=$(q -c "CALL lead_align.reclassify('bench_rc.leads', batch_size => $B)")
t2=$(date +%s.%N)
after=$(q -c "SELECT count(*) FILTER (WHERE temperature::text = 'hot') FROM bench_rc.leads")
s1=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'); s2=$(awk -v a="$t1" -v b="$t2" 'BEGIN { print b - a }')
IFS='|' read -r u1 c1 k1 <<<"$r1"; IFS='|' read -r u2 c2 k2 <<<"$r2"
section=$(cat <<MD
<!-- BEGIN reclassify (written by test/bench/bench_reclassify.sh; edits are overwritten) -->
## reclassify over $N leads

- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) CPUs; $(psql -X -At -c 'SELECT version()' | cut -d, -f1); load average $(cut -d' ' -f1-3 /proc/loadavg)
- Command: \`${BENCH_COMMAND:-BENCH_RECLASSIFY_N=$N test/bench/bench_reclassify.sh}\`
- Table: $N leads, 6 score rules and 2 classification rules; a third classification rule
  (hot when visits >= 5) is added, then \`CALL lead_align.reclassify('bench_rc.leads', batch_size => $B)\`.
- Hot leads before: $before; after: $after.

| run | rows updated | stage changes | rows skipped | seconds | rows checked per second |
|---|---:|---:|---:|---:|---:|
| first (after the new rule) | $u1 | $c1 | $k1 | $(printf '%.1f' "$s1") | $(awk -v n="$N" -v s="$s1" 'BEGIN { printf "%.0f", n / s }') |
| second (nothing left to do) | $u2 | $c2 | $k2 | $(printf '%.1f' "$s2") | $(awk -v n="$N" -v s="$s2" 'BEGIN { printf "%.0f", n / s }') |
<!-- END reclassify -->
MD
)
python3 - "$RESULTS" "$section" <<'PY'
import sys, re
path, section = sys.argv[1], sys.argv[2]
text = open(path).read()
pat = re.compile(r"<!-- BEGIN reclassify .*?<!-- END reclassify -->", re.S)
text = pat.sub(section, text) if pat.search(text) else text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w").write(text)
PY
echo "$section"
q -c "SELECT lead_align.untrack('bench_rc.leads', purge => true); DROP SCHEMA bench_rc CASCADE;" >/dev/null
