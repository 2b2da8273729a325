"""The README's BI examples through a real driver (psycopg2), as a reader role
with the default search_path ("$user", public): plain literals, bind
parameters (psycopg2 interpolates them as literals; lists become text[]),
min/max, the ledger and the CRM table's own lead_stage column.  Prints TAP
lines; test/clients/run.sh counts them."""
import os
import sys

import psycopg2

conn = psycopg2.connect(host=os.environ["PGHOST"], port=os.environ["PGPORT"],
                        dbname=os.environ["LA_CLIENT_DB"], user="lead_align_bi_client")
cur = conn.cursor()
n = 0
failed = 0


def check(desc, sql, params, expected):
    global n, failed
    n += 1
    try:
        cur.execute(sql, params)
        got = cur.fetchall()
    except psycopg2.Error as e:
        conn.rollback()
        got = "%s %s" % (e.pgcode, e.pgerror.splitlines()[0])
    if got == expected:
        print("ok %d - %s" % (n, desc))
    else:
        failed += 1
        print("not ok %d - %s: got %r, expected %r" % (n, desc, got, expected))


check("search_path is the default", "SHOW search_path", None, [('"$user", public',)])
check("to_stage = 'mql' (literal)",
      "SELECT count(*) FROM lead_align.handoff WHERE to_stage = 'mql'", None, [(2,)])
check("to_stage = %s (bind parameter)",
      "SELECT count(*) FROM lead_align.handoff WHERE to_stage = %s", ("Marketing Qualified Lead",), [(2,)])
check("to_stage = ANY(%s) with a Python list (text[])",
      "SELECT count(*) FROM lead_align.handoff WHERE to_stage = ANY(%s)", (["sal", "sql"],), [(1,)])
check("to_stage IN %s with a tuple",
      "SELECT count(*) FROM lead_align.handoff WHERE to_stage IN %s", (("new", "mql"),), [(5,)])
check("temperature >= %s",
      "SELECT lead_key FROM lead_align.handoff WHERE temperature >= %s ORDER BY id", ("warm",),
      [("2",), ("3",), ("4",), ("4",), ("2",)])
check("temperature = 'hot'::lead_align.lead_temperature",
      "SELECT count(*) FROM lead_align.handoff WHERE temperature = 'hot'::lead_align.lead_temperature", None, [(2,)])
check("max(stage), min(temperature)",
      "SELECT max(to_stage)::text, min(temperature)::text FROM lead_align.handoff", None, [("sal", "cold")])
check("sla_window = %s",
      "SELECT count(*) FROM lead_align.handoff WHERE sla_window = %s", ("1 business day",), [(2,)])
check("the CRM table's own column: stage = %s",
      "SELECT id FROM crm.leads WHERE stage = %s ORDER BY id", ("new",), [(1,), (3,)])
check("stage > 'mql'",
      "SELECT id FROM crm.leads WHERE stage > 'mql' ORDER BY id", None, [(2,)])
check("lead_state by stage, in funnel order",
      "SELECT s.stage::text AS st, count(*) FROM lead_align.lead_state s GROUP BY s.stage ORDER BY s.stage", None,
      [("new", 2), ("mql", 1), ("sal", 1)])
check("a word that is no stage is 22P02",
      "SELECT count(*) FROM lead_align.handoff WHERE to_stage = %s", ("qualified",),
      '22P02 ERROR:  invalid lead_stage "qualified": unknown stage')
print("# psycopg2 reader: %d passed, %d failed" % (n - failed, failed))
sys.exit(1 if failed else 0)
