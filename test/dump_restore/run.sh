#!/usr/bin/env bash
# test/dump_restore/run.sh -- the pg_dump / pg_restore round trip (DESIGN 6, issue 3
# item 8): configuration, rules, agreement and ledger survive, and the
# triggers work in the restored database.
#
# Needs a running cluster where lead_align is installed (not created), reached
# through the usual libpq variables (PGHOST, PGPORT, PGUSER) as a superuser,
# and pg_dump, pg_restore and psql of the same major version on the PATH (or
# in PG_BIN).  It
#   1. creates database la_dump_src with a tracked CRM table and some history
#      (test/dump_restore/setup.sql),
#   2. dumps it with pg_dump -Fc and restores it with pg_restore into a new,
#      empty database la_dump_dst (pg_restore creates the extension),
#   3. compares both sides: the configuration tables and the ledger row by
#      row with every column (ids included: they are kept), lead_state, the
#      CRM table, the triggers on it and on the configuration tables, the
#      event triggers, the sequences, privileges and the extension itself;
#      then restores the same archive with pg_restore -j 4 (five times: the
#      order of a parallel load is a race), with --single-transaction, and a
#      plain-format dump with psql, each compared by a fingerprint, and checks
#      that no configuration table has a foreign key to another (the cause
#      of parallel restores failing),
#   4. runs test/dump_restore/after.sql on both sides (new leads, allowed and
#      refused moves, a new track and rule), compares the outputs, and checks
#      the restored side's results one by one,
#   5. prints one TAP line per check and '# N passed, N failed', drops both
#      databases (and the roles it created) and exits non-zero on any failure.
#
#   PGHOST=/tmp PGPORT=5432 PGUSER=postgres bash test/dump_restore/run.sh
#
# LA_DUMP_KEEP=1 keeps the databases and the work directory for a look.
set -u
cd "$(dirname "$0")/../.." || exit 1
DIR=test/dump_restore
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
[ -d "$PG_BIN" ] && export PATH="$PG_BIN:$PATH"
export PGTZ=UTC PGDATESTYLE='ISO, YMD' PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
SRC=la_dump_src
DST=la_dump_dst
ROLES=(la_dump_owner la_dump_sales la_dump_rep la_dump_sdr la_dump_outsider)
WORK=$(mktemp -d /tmp/la_dump_restore.XXXXXX)
chmod 755 "$WORK"

N=0
PASSED=0
FAILED=0
CREATED_ROLES=()

ok() { N=$((N + 1)); PASSED=$((PASSED + 1)); echo "ok $N - $1"; }
not_ok() {  # not_ok WHAT [DIAGNOSTIC FILE]
	N=$((N + 1)); FAILED=$((FAILED + 1)); echo "not ok $N - $1"
	if [ -n "${2:-}" ] && [ -s "$2" ]; then head -n 40 "$2" | sed 's/^/#   /'; fi
}

# q DB SQL: one query, unaligned, tuples only, NULL shown as <NULL>.
q() { psql -X -q -v ON_ERROR_STOP=1 -At -P null='<NULL>' -d "$1" -c "$2"; }

# check NAME DB SQL: passes when the query returns exactly 't'.
check() {
	local out
	if out=$(q "$2" "$3" 2>&1) && [ "$out" = t ]; then ok "$1"
	else printf '%s\n' "$out" >"$WORK/check.out"; not_ok "$1" "$WORK/check.out"; fi
}

# same NAME SQL: the query gives the same, non-empty result on both sides.
same() {
	local f="$WORK/cmp.$((N + 1))"
	if ! q "$SRC" "$2" >"$f.src" 2>"$f.err" || ! q "$DST" "$2" >"$f.dst" 2>>"$f.err"; then
		not_ok "$1 (query failed)" "$f.err"; return
	fi
	if [ ! -s "$f.src" ]; then
		echo "(empty on the source side)" >"$f.err"; not_ok "$1" "$f.err"; return
	fi
	if diff -u --label "$SRC" --label "$DST" "$f.src" "$f.dst" >"$f.diff"; then ok "$1"
	else not_ok "$1" "$f.diff"; fi
}

cleanup() {
	if [ "${LA_DUMP_KEEP:-0}" = 1 ]; then
		echo "# kept databases $SRC, $DST and $WORK"
		return
	fi
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $SRC WITH (FORCE)" >/dev/null 2>&1
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DST WITH (FORCE)" >/dev/null 2>&1
	local r
	for r in la_dump_dst_par la_dump_dst_1tx la_dump_dst_sql; do
		psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $r WITH (FORCE)" >/dev/null 2>&1
	done
	for r in "${CREATED_ROLES[@]}"; do
		psql -X -q -d postgres -c "DROP ROLE IF EXISTS $r" >/dev/null 2>&1 \
			|| echo "# could not drop role $r"
	done
	if [ "$FAILED" -eq 0 ]; then rm -rf "$WORK"; else echo "# outputs kept in $WORK"; fi
}

finish() {
	cleanup
	echo "# $PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ] && exit 0
	exit 1
}

bail() { not_ok "$1" "${2:-}"; echo "Bail out! $1"; finish; }

# ---------------------------------------------------------------------------
# 0. a clean slate and the roles of the teams
# ---------------------------------------------------------------------------
if ! q postgres "SELECT 1" >/dev/null 2>"$WORK/connect.err"; then
	bail "connect to the cluster (PGHOST=${PGHOST:-} PGPORT=${PGPORT:-} PGUSER=${PGUSER:-})" "$WORK/connect.err"
fi
check "lead_align is installed on the cluster and we are a superuser" postgres \
	"SELECT EXISTS (SELECT FROM pg_available_extensions WHERE name = 'lead_align') AND (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $SRC WITH (FORCE)" >/dev/null 2>&1
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DST WITH (FORCE)" >/dev/null 2>&1
for r in "${ROLES[@]}"; do
	if [ "$(q postgres "SELECT count(*) FROM pg_roles WHERE rolname = '$r'")" = 0 ]; then
		q postgres "CREATE ROLE $r NOLOGIN" >/dev/null && CREATED_ROLES+=("$r")
	fi
done
q postgres "GRANT la_dump_sales TO la_dump_rep" >/dev/null 2>&1

# ---------------------------------------------------------------------------
# 1. the source database
# ---------------------------------------------------------------------------
if q postgres "CREATE DATABASE $SRC TEMPLATE template0" >/dev/null 2>"$WORK/setup.err" \
   && psql -X -q -v ON_ERROR_STOP=1 -d "$SRC" -f "$DIR/setup.sql" >"$WORK/setup.out" 2>>"$WORK/setup.err"; then
	ok "source: $SRC created, crm.leads tracked with every option, rules, SLAs, teams, reasons, history"
else
	bail "source: $SRC set up" "$WORK/setup.err"
fi
check "source: the ledger has create, handoff, accept, reject, recycle, touch, reassign, advance, disqualify, lose, reopen, win and delete rows" "$SRC" \
	"SELECT array_agg(DISTINCT kind ORDER BY kind) @> ARRAY['create','handoff','accept','reject','recycle','touch','reassign','advance','disqualify','lose','reopen','win','delete'] FROM lead_align.handoff"
check "source: a dropped and a replaced rule are kept as closed versions" "$SRC" \
	"SELECT count(*) FILTER (WHERE valid_to IS NOT NULL) = 2 AND count(*) FILTER (WHERE name = 'active_interest') = 2 FROM lead_align.rule"
check "source: a custom team bound to a role, a custom and a disabled reason exist" "$SRC" \
	"SELECT EXISTS (SELECT FROM lead_align.team_role WHERE team = 'sdr' AND role = 'la_dump_sdr')
	    AND EXISTS (SELECT FROM lead_align.reason WHERE code = 'no_show' AND NOT seeded)
	    AND EXISTS (SELECT FROM lead_align.reason_disabled WHERE code = 'unreachable')"

# ---------------------------------------------------------------------------
# 2. dump and restore
# ---------------------------------------------------------------------------
if pg_dump -Fc -d "$SRC" -f "$WORK/src.dump" 2>"$WORK/pg_dump.err" && [ ! -s "$WORK/pg_dump.err" ]; then
	ok "pg_dump -Fc $SRC: no errors or warnings"
else
	not_ok "pg_dump -Fc $SRC: no errors or warnings" "$WORK/pg_dump.err"
	[ -s "$WORK/src.dump" ] || bail "pg_dump wrote no dump"
fi
pg_restore -l "$WORK/src.dump" >"$WORK/toc.txt" 2>/dev/null
if q postgres "CREATE DATABASE $DST TEMPLATE template0" >/dev/null 2>"$WORK/createdb.err"; then :; else
	bail "create the empty database $DST" "$WORK/createdb.err"
fi
pg_restore -d "$DST" "$WORK/src.dump" >"$WORK/pg_restore.out" 2>"$WORK/pg_restore.err"
rc=$?
if [ "$rc" -eq 0 ] && [ ! -s "$WORK/pg_restore.err" ]; then
	ok "pg_restore into the empty $DST: exit 0, no errors or warnings"
else
	echo "pg_restore exit status $rc" >>"$WORK/pg_restore.err"
	not_ok "pg_restore into the empty $DST: exit 0, no errors or warnings" "$WORK/pg_restore.err"
fi
SRCVER=$(q "$SRC" "SELECT extversion FROM pg_extension WHERE extname = 'lead_align'")
check "restored: pg_restore created the extension, version $SRCVER" "$DST" \
	"SELECT extversion = '$SRCVER' FROM pg_extension WHERE extname = 'lead_align'"
if grep -q 'EXTENSION - lead_align' "$WORK/toc.txt" && grep -q 'TABLE DATA lead_align handoff' "$WORK/toc.txt"; then
	ok "the archive has CREATE EXTENSION lead_align and the ledger's data"
else
	not_ok "the archive has CREATE EXTENSION lead_align and the ledger's data" "$WORK/toc.txt"
fi

# ---------------------------------------------------------------------------
# 3. both sides compared
# ---------------------------------------------------------------------------
same "extension version and its configuration tables (extconfig, extcondition)" \
	"SELECT extversion, extconfig::regclass[]::text, extcondition::text FROM pg_extension WHERE extname = 'lead_align'"
same "the extension's members (no object lost or duplicated)" \
	"SELECT pg_describe_object(classid, objid, objsubid) FROM pg_depend
	  WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
	    AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'lead_align') ORDER BY 1"
same "lead_align.track: every row and column, ids kept, relid resolves to crm.leads" \
	"SELECT k.*, k.relid = 'crm.leads'::regclass FROM lead_align.track k ORDER BY k.id"
same "lead_align.stage_map: every row" \
	"SELECT * FROM lead_align.stage_map ORDER BY track_id, label"
same "lead_align.rule: every version of every rule, ids, predicates and validity kept" \
	"SELECT * FROM lead_align.rule ORDER BY id"
same "lead_align.team: seeded and custom teams, each once" \
	"SELECT * FROM lead_align.team ORDER BY name"
same "lead_align.team_role: custom and seeded teams' role bindings" \
	"SELECT * FROM lead_align.team_role ORDER BY team"
same "lead_align.reason: seeded and custom codes, each once" \
	"SELECT * FROM lead_align.reason ORDER BY track_id NULLS FIRST, code, kind"
same "lead_align.reason_disabled: every row" \
	"SELECT * FROM lead_align.reason_disabled ORDER BY track_id, code, kind"
same "lead_align.transition: the agreement, every row" \
	"SELECT * FROM lead_align.transition ORDER BY track_id, from_stage NULLS FIRST, to_stage"
same "lead_align.sla: every row" \
	"SELECT * FROM lead_align.sla ORDER BY track_id, stage, temperature NULLS FIRST, kind"
same "lead_align.volume_sla: every row, created_at kept" \
	"SELECT * FROM lead_align.volume_sla ORDER BY track_id, team, stage, period"
same "lead_align.handoff: the ledger, every row and column, ids kept" \
	"SELECT * FROM lead_align.handoff ORDER BY id"
same "lead_align.lead_state" \
	"SELECT * FROM lead_align.lead_state ORDER BY track_id, lead_key"
same "lead_align.status()" \
	"SELECT * FROM lead_align.status()"
same "crm.leads: every row" \
	"SELECT * FROM crm.leads ORDER BY id"
same "triggers on crm.leads: names, definitions (track id argument), enabled" \
	"SELECT tgname, pg_get_triggerdef(oid), tgenabled FROM pg_trigger
	  WHERE tgrelid = 'crm.leads'::regclass AND NOT tgisinternal ORDER BY tgname"
same "triggers on the configuration tables and the ledger (config_changed once each)" \
	"SELECT t.tgrelid::regclass::text, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled FROM pg_trigger t
	   JOIN pg_class c ON c.oid = t.tgrelid
	  WHERE c.relnamespace = 'lead_align'::regnamespace AND NOT tgisinternal ORDER BY 1, 2"
same "event triggers (each once)" \
	"SELECT evtname, evtevent, evtfoid::regproc, evtenabled, evttags::text FROM pg_event_trigger ORDER BY evtname"
same "sequences: lead_align.track_id_seq, rule_id_seq, handoff_id_seq, crm.leads_id_seq" \
	"SELECT 'track', last_value, is_called FROM lead_align.track_id_seq
	 UNION ALL SELECT 'rule', last_value, is_called FROM lead_align.rule_id_seq
	 UNION ALL SELECT 'handoff', last_value, is_called FROM lead_align.handoff_id_seq
	 UNION ALL SELECT 'crm.leads', last_value, is_called FROM crm.leads_id_seq"
same "privileges on crm.leads and on the extension's tables" \
	"SELECT c.oid::regclass::text, c.relacl::text FROM pg_class c
	  WHERE c.relnamespace IN ('lead_align'::regnamespace, 'crm'::regnamespace) AND c.relkind IN ('r', 'v', 'S')
	  ORDER BY 1"
check "restored: the seeded teams and reasons exist once each (no collision)" "$DST" \
	"SELECT (SELECT count(*) FROM lead_align.team WHERE seeded) = 2
	    AND (SELECT count(*) FROM lead_align.reason WHERE seeded) = 25
	    AND (SELECT count(*) FROM lead_align.team) = 3"
check "restored: status() sees the track active with its 4 triggers present and enabled" "$DST" \
	"SELECT active AND triggers_present = 4 AND triggers_enabled = 4 FROM lead_align.status() WHERE table_name = 'crm.leads'"
check "restored: the triggers' argument is the restored track id" "$DST" \
	"SELECT bool_and(encode(tgargs, 'escape') = (SELECT id FROM lead_align.track WHERE relid = 'crm.leads'::regclass) || '\\000')
	    AND count(*) = 4
	   FROM pg_trigger WHERE tgrelid = 'crm.leads'::regclass AND tgname LIKE 'zz\\_lead\\_align\\_%'"
check "restored: the event triggers are the extension's two, each once" "$DST" \
	"SELECT count(*) = 2 AND count(DISTINCT evtname) = 2 FROM pg_event_trigger WHERE evtname LIKE 'lead\\_align\\_%'"

# ---------------------------------------------------------------------------
# 3b. the other ways to restore: parallel, in one transaction, plain SQL.
# Each must load without an error and give the same configuration, ledger,
# triggers and sequences (a fingerprint of all of them).
# ---------------------------------------------------------------------------
FINGERPRINT="SELECT md5(concat_ws(E'\\n',
	(SELECT string_agg(x::text, ',' ORDER BY x.id) FROM lead_align.track x),
	(SELECT string_agg(x::text, ',' ORDER BY x.track_id, x.label) FROM lead_align.stage_map x),
	(SELECT string_agg(x::text, ',' ORDER BY x.id) FROM lead_align.rule x),
	(SELECT string_agg(x::text, ',' ORDER BY x.name) FROM lead_align.team x),
	(SELECT string_agg(x::text, ',' ORDER BY x.team) FROM lead_align.team_role x),
	(SELECT string_agg(x::text, ',' ORDER BY x.track_id NULLS FIRST, x.code, x.kind) FROM lead_align.reason x),
	(SELECT string_agg(x::text, ',' ORDER BY x.track_id, x.code, x.kind) FROM lead_align.reason_disabled x),
	(SELECT string_agg(x::text, ',' ORDER BY x.track_id, x.from_stage NULLS FIRST, x.to_stage) FROM lead_align.transition x),
	(SELECT string_agg(x::text, ',' ORDER BY x.track_id, x.stage, x.temperature NULLS FIRST, x.kind) FROM lead_align.sla x),
	(SELECT string_agg(x::text, ',' ORDER BY x.track_id, x.team, x.stage, x.period) FROM lead_align.volume_sla x),
	(SELECT string_agg(x::text, ',' ORDER BY x.id) FROM lead_align.handoff x),
	(SELECT string_agg(x::text, ',' ORDER BY x.id) FROM crm.leads x),
	(SELECT string_agg(tgname || pg_get_triggerdef(oid) || tgenabled::text, ',' ORDER BY tgname) FROM pg_trigger
	  WHERE tgrelid = 'crm.leads'::regclass AND NOT tgisinternal),
	(SELECT string_agg(tgrelid::regclass::text || tgname, ',' ORDER BY 1) FROM pg_trigger
	  WHERE tgname = 'lead_align_config_changed'),
	(SELECT string_agg(evtname, ',' ORDER BY evtname) FROM pg_event_trigger),
	(SELECT concat_ws(',', (SELECT last_value FROM lead_align.track_id_seq), (SELECT last_value FROM lead_align.rule_id_seq),
	                       (SELECT last_value FROM lead_align.handoff_id_seq)))))"
SRCFP=$(q "$SRC" "$FINGERPRINT" 2>"$WORK/fp.err") || not_ok "fingerprint of the source" "$WORK/fp.err"
restore_variant() {  # restore_variant DB TIMES WHAT COMMAND...: restore TIMES times, each into a new DB
	local db=$1 times=$2 what=$3; shift 3
	local log="$WORK/variant.$db" i rc fp
	for i in $(seq 1 "$times"); do
		q postgres "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
		if ! q postgres "CREATE DATABASE $db TEMPLATE template0" >"$log.out" 2>"$log.err"; then
			not_ok "$what" "$log.err"; return
		fi
		"$@" >>"$log.out" 2>>"$log.err"
		rc=$?
		fp=$(q "$db" "$FINGERPRINT" 2>>"$log.err")
		if [ "$rc" -ne 0 ] || [ -s "$log.err" ] || [ -z "$SRCFP" ] || [ "$fp" != "$SRCFP" ]; then
			echo "run $i of $times: exit status $rc; fingerprint $fp, source $SRCFP" >>"$log.err"
			not_ok "$what: no errors, same configuration, ledger, triggers and sequences" "$log.err"
			return
		fi
	done
	ok "$what: no errors, same configuration, ledger, triggers and sequences"
	[ "${LA_DUMP_KEEP:-0}" = 1 ] || q postgres "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
}
# pg_dump orders the data of configuration tables by their foreign keys, but
# writes that order into the archive only as the order of its entries: a
# TABLE DATA entry depends on its table alone.  pg_restore -j loads them
# concurrently, so a foreign key between two configuration tables can fail
# the restore (a race; the check below finds the cause every time).
check "no foreign key between two configuration tables (pg_restore -j loads their data concurrently)" "$SRC" \
	"SELECT coalesce(string_agg(c.conrelid::regclass || ' -> ' || c.confrelid::regclass, ', ' ORDER BY 1), 't')
	   FROM pg_constraint c, pg_extension e
	  WHERE e.extname = 'lead_align' AND c.contype = 'f'
	    AND c.conrelid = ANY (e.extconfig) AND c.confrelid = ANY (e.extconfig)"
restore_variant la_dump_dst_par 5 "pg_restore -j 4 (parallel; 5 runs, the loading order is a race)" pg_restore -j 4 -d la_dump_dst_par "$WORK/src.dump"
restore_variant la_dump_dst_1tx 1 "pg_restore --single-transaction" pg_restore --single-transaction -d la_dump_dst_1tx "$WORK/src.dump"
pg_dump -Fp -d "$SRC" -f "$WORK/src.sql" 2>"$WORK/pg_dump_plain.err"
restore_variant la_dump_dst_sql 1 "plain pg_dump restored with psql" \
	psql -X -q -v ON_ERROR_STOP=1 -d la_dump_dst_sql -f "$WORK/src.sql"

# ---------------------------------------------------------------------------
# 4. the triggers at work, on both sides
# ---------------------------------------------------------------------------
MAXH=$(q "$DST" "SELECT max(id) FROM lead_align.handoff")
MAXR=$(q "$DST" "SELECT max(id) FROM lead_align.rule")
MAXT=$(q "$DST" "SELECT max(id) FROM lead_align.track")
for db in "$SRC" "$DST"; do
	psql -X -q -v ON_ERROR_STOP=1 -At -d "$db" -f "$DIR/after.sql" >"$WORK/after.$db.out" 2>"$WORK/after.$db.err"
	echo "exit $?" >>"$WORK/after.$db.out"
done
if [ ! -s "$WORK/after.$SRC.err" ] && grep -qx 'exit 0' "$WORK/after.$SRC.out"; then
	ok "after.sql runs on the source"
else
	cat "$WORK/after.$SRC.out" >>"$WORK/after.$SRC.err"; not_ok "after.sql runs on the source" "$WORK/after.$SRC.err"
fi
if [ ! -s "$WORK/after.$DST.err" ] && grep -qx 'exit 0' "$WORK/after.$DST.out"; then
	ok "after.sql runs on the restored database"
else
	cat "$WORK/after.$DST.out" >>"$WORK/after.$DST.err"; not_ok "after.sql runs on the restored database" "$WORK/after.$DST.err"
fi
if diff -u --label "$SRC" --label "$DST" "$WORK/after.$SRC.out" "$WORK/after.$DST.out" >"$WORK/after.diff"; then
	ok "after restore the triggers do exactly what they do in the source (moves, refusals, ledger rows with ids, leads, lead_state)"
else
	not_ok "after restore the triggers do exactly what they do in the source" "$WORK/after.diff"
fi

# The restored side's results, one by one.
tries() {  # tries N... : the states of after.sql's moves N... on the restored side
	local n out=""
	for n in "$@"; do out="$out $(grep "^try|$n|" "$WORK/after.$DST.out" | cut -d'|' -f4)"; done
	echo "$out"
}
refused=$(tries 2 3 5 6 7 8 10 11 12 13 14 15 20)
if [ -n "$MAXH" ] && ! grep -qw ok <<<"$refused" && [ "$(wc -w <<<"$refused")" -eq 13 ]; then
	ok "restored: refused moves are still refused (agreement, disabled/wrong-kind reasons, notes, labels, keys, event time, TRUNCATE, team role):$refused"
else
	echo "states:$refused" >"$WORK/refused.out"; not_ok "restored: refused moves are still refused" "$WORK/refused.out"
fi
allowed=$(tries 1 4 9 16 17 18 19 21)
if [ "$allowed" = " ok ok ok ok ok ok ok ok" ]; then
	ok "restored: allowed moves pass (accept, handoff, custom recycle and reject codes, seeded code, ignored update, delete, a team member)"
else
	echo "states:$allowed" >"$WORK/allowed.out"; not_ok "restored: allowed moves pass" "$WORK/allowed.out"
fi
check "restored: the identity sequence continues (new ledger rows get ids after the restored ones, without gaps)" "$DST" \
	"SELECT min(id) = $MAXH + 1 AND count(*) = max(id) - $MAXH FROM lead_align.handoff WHERE id > $MAXH"
check "restored: a new track and a new rule get ids after the restored ones" "$DST" \
	"SELECT (SELECT id FROM lead_align.track WHERE relid = 'crm.partners'::regclass) = $MAXT + 1
	    AND (SELECT id FROM lead_align.rule WHERE name = 'dach') = $MAXR + 1"
check "restored: lead 100 hot by rule decision_h1, handed to sales at once, SLA due in Berlin business time" "$DST" \
	"SELECT array_agg(kind || ':' || to_stage::text || ':' || temperature::text || ':' || rule || ':' || rules_version
	                  || ':' || coalesce(due_at::text, '-') || ':' || coalesce(touch_due_at::text, '-') ORDER BY id)
	        = ARRAY['create:new:hot:decision_h1:14:2025-02-04 10:00:00+00:-',
	                'handoff:mql:hot:decision_h1:14:2025-02-03 14:00:00+00:2025-02-03 11:00:00+00']
	   FROM lead_align.handoff WHERE lead_key = '100' AND id > $MAXH AND kind IN ('create', 'handoff')"
check "restored: the dropped rule legacy_webinar no longer fires (webinar lead 101 is cold)" "$DST" \
	"SELECT temperature::text = 'cold' AND rule IS NULL FROM lead_align.handoff WHERE lead_key = '101' AND kind = 'create'"
check "restored: the replaced rule's new version is in force (4 visits warm, 3 visits cold)" "$DST" \
	"SELECT (SELECT temperature::text || ':' || rule FROM lead_align.handoff WHERE lead_key = '102' AND kind = 'create') = 'warm:active_interest'
	    AND (SELECT temperature::text || ':' || coalesce(rule, '-') FROM lead_align.handoff WHERE lead_key = '103' AND kind = 'create') = 'cold:-'"
check "restored: score rules and the pseudo-column rule engaged_fit (fit 60, interest 60, hot, quadrant by the restored thresholds)" "$DST" \
	"SELECT fit = 60 AND interest = 60 AND temperature::text = 'hot' AND rule = 'engaged_fit' AND quadrant = 'good_fit_high_interest'
	   FROM lead_align.handoff WHERE lead_key = '104' AND kind = 'create'"
check "restored: rule priorities kept (bought_list, priority 0, beats the hot rules for lead 105)" "$DST" \
	"SELECT temperature::text = 'cold' AND rule = 'bought_list' FROM lead_align.handoff WHERE lead_key = '105' AND kind = 'create'"
check "restored: the leads table carries the derived values" "$DST" \
	"SELECT array_agg(id || ':' || stage || ':' || temperature || ':' || fit_score || ':' || interest_score ORDER BY id)
	        = ARRAY['100:Working - Contacted:hot:10:0', '102:Inquiry:warm:0:20', '103:Disqualified:cold:0:20',
	                '104:Working - Contacted:hot:60:60', '105:Nurturing:cold:50:60']
	   FROM crm.leads WHERE id >= 100"
check "restored: refused moves wrote no ledger rows (leads 7, 9, 11 unchanged; 102 only created)" "$DST" \
	"SELECT NOT EXISTS (SELECT FROM lead_align.handoff WHERE id > $MAXH AND lead_key IN ('7', '9', '11'))
	    AND (SELECT array_agg(kind) FROM lead_align.handoff WHERE lead_key = '102') = ARRAY['create']"
check "restored: custom reasons work (no_show recycles lead 5 into cycle 3, student rejects lead 105)" "$DST" \
	"SELECT (SELECT kind || ':' || reason || ':' || cycle FROM lead_align.handoff WHERE lead_key = '5' ORDER BY id DESC LIMIT 1) = 'recycle:no_show:3'
	    AND (SELECT kind || ':' || reason || ':' || cycle FROM lead_align.handoff WHERE lead_key = '105' ORDER BY id DESC LIMIT 1) = 'reject:student:2'"
check "restored: the team binding is enforced (la_dump_rep accepted 104, the outsider did not)" "$DST" \
	"SELECT array_agg(kind || ':' || actor ORDER BY id) = ARRAY['reassign:la_dump_rep', 'accept:la_dump_rep']
	   FROM lead_align.handoff WHERE lead_key = '104' AND id > $MAXH AND kind IN ('accept', 'reassign')"
check "restored: touch and delete are recorded" "$DST" \
	"SELECT EXISTS (SELECT FROM lead_align.handoff WHERE id > $MAXH AND lead_key = '100' AND kind = 'touch')
	    AND EXISTS (SELECT FROM lead_align.handoff WHERE id > $MAXH AND lead_key = '101' AND kind = 'delete')
	    AND NOT EXISTS (SELECT FROM lead_align.lead_state WHERE track = 'crm.leads' AND lead_key = '101')"

finish
