"""SLA alerts through a real client (DESIGN 5.3): a psycopg2 connection that
LISTENs on lead_align_sla, as the reader role, receives the payloads of a
sweep() run from another connection, as a member of lead_align_admin, and
checks them: JSON fields and values, order, one notification per alert, the
sending backend, nothing from a second sweep or from a sweep that rolled
back.

The overdue stays are written straight into lead_align.lead_current by the
superuser connection (PGUSER) as the fixture, for leads that are not in the
CRM table.  Prints TAP lines; test/clients/run.sh counts them and drops the
role lead_align_sweep_client afterwards."""
import datetime
import json
import os
import select
import sys
import time

import psycopg2

DB = os.environ["LA_CLIENT_DB"]
HOST = os.environ["PGHOST"]
PORT = os.environ["PGPORT"]
n = 0
failed = 0


def ok(desc, good, detail=""):
    global n, failed
    n += 1
    if good:
        print("ok %d - %s" % (n, desc))
    else:
        failed += 1
        print("not ok %d - %s%s" % (n, desc, ": " + detail if detail else ""))


def connect(user):
    conn = psycopg2.connect(host=HOST, port=PORT, dbname=DB, user=user)
    conn.autocommit = True
    return conn


def receive(conn, count, timeout):
    """The notifications conn receives until it has count of them or
    timeout seconds have passed."""
    got = []
    deadline = time.monotonic() + timeout
    while len(got) < count:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        if select.select([conn], [], [], left) == ([], [], []):
            break
        conn.poll()
        while conn.notifies:
            got.append(conn.notifies.pop(0))
    return got


def utc(text):
    return datetime.datetime.fromisoformat(text).astimezone(datetime.timezone.utc)


# the fixture: a tracked table whose alerts start on 5 January 2026, and the
# current stays of its leads
su = connect(os.environ.get("PGUSER"))
cur = su.cursor()
cur.execute("SET client_min_messages = warning")
cur.execute("DROP ROLE IF EXISTS lead_align_sweep_client")
cur.execute("CREATE ROLE lead_align_sweep_client LOGIN IN ROLE lead_align_admin")
cur.execute("CREATE TABLE crm.alert_leads (id bigint PRIMARY KEY, stage lead_align.lead_stage NOT NULL, owner text)")
cur.execute("SELECT lead_align.track('crm.alert_leads', 'id', 'stage', owner => 'owner')")
track_id = cur.fetchone()[0]
cur.execute("UPDATE lead_align.track SET alerts_since = '2026-01-05 00:00+00' WHERE id = %s", (track_id,))
STAY = ("INSERT INTO lead_align.lead_current (track_id, lead_key, stage, deleted, cycle, entered_at, entered_id, "
        "due_at, touch_due_at, touched_at, owner, last_event_at, last_id) "
        "VALUES (%s, %s, %s, %s, 1, '2026-01-05 09:00+00', %s, %s, %s, %s, %s, '2026-01-05 09:00+00', %s)")
for key, stage, deleted, entered_id, due, touch_due, touched, owner in [
        ("L1", "mql", False, 9101, "2026-01-06 09:00+00", "2026-01-05 13:00+00", None, "alice"),
        ("L2", "sal", False, 9102, "2026-01-06 10:00+00", "2026-01-05 13:00+00", "2026-01-05 10:00+00", "bob"),
        ("L3", "mql", True, 9103, "2026-01-06 09:00+00", None, None, "carol"),
        ("L4", "mql", False, 9104, "2999-01-01 00:00+00", None, None, "dave")]:
    cur.execute(STAY, (track_id, key, stage, deleted, entered_id, due, touch_due, touched, owner, entered_id))

lis = connect("lead_align_bi_client")
lis.cursor().execute("LISTEN lead_align_sla")
sweeper = connect("lead_align_sweep_client")
scur = sweeper.cursor()

scur.execute("SELECT lead_align.sweep()")
ok("sweep() as a member of lead_align_admin records 3 alerts", scur.fetchone()[0] == 3)
got = receive(lis, 3, 10)
ok("the listener receives 3 notifications", len(got) == 3, "got %d" % len(got))
ok("on channel lead_align_sla", all(g.channel == "lead_align_sla" for g in got), repr([g.channel for g in got]))
ok("sent by the sweeping backend", all(g.pid == sweeper.get_backend_pid() for g in got))
try:
    payloads = [json.loads(g.payload) for g in got]
    ok("every payload is a JSON object", all(isinstance(p, dict) for p in payloads))
except ValueError as e:
    payloads = []
    ok("every payload is a JSON object", False, str(e))
fields = {"track", "track_id", "lead_key", "stage", "sla_kind", "due_at", "owner"}
ok("with the fields track, track_id, lead_key, stage, sla_kind, due_at, owner",
   all(set(p) == fields for p in payloads), repr([sorted(p) for p in payloads]))
expected = [
    ("L1", "mql", "touch", datetime.datetime(2026, 1, 5, 13, 0, tzinfo=datetime.timezone.utc), "alice"),
    ("L1", "mql", "exit", datetime.datetime(2026, 1, 6, 9, 0, tzinfo=datetime.timezone.utc), "alice"),
    ("L2", "sal", "exit", datetime.datetime(2026, 1, 6, 10, 0, tzinfo=datetime.timezone.utc), "bob")]
try:
    seen = [(p["lead_key"], p["stage"], p["sla_kind"], utc(p["due_at"]), p["owner"]) for p in payloads]
except (KeyError, ValueError) as e:
    seen = str(e)
ok("lead_key, stage, sla_kind, due_at and owner as recorded, in due-time order", seen == expected,
   "got %r" % (seen,))
ok("due_at is ISO 8601 in UTC", all(p.get("due_at", "").endswith("+00:00") for p in payloads),
   repr([p.get("due_at") for p in payloads]))
ok("track names the table and track_id its track",
   all(p.get("track") == "crm.alert_leads" and p.get("track_id") == track_id for p in payloads),
   repr([(p.get("track"), p.get("track_id")) for p in payloads]))

# a second sweep records and sends nothing
scur.execute("SELECT lead_align.sweep()")
ok("a second sweep records nothing", scur.fetchone()[0] == 0)
late = receive(lis, 1, 1)
ok("and sends nothing", late == [], repr([g.payload for g in late]))

# a sweep that rolls back sends nothing; the next one sends the new alert
cur.execute(STAY, (track_id, "L5", "sql", False, 9105, "2026-01-07 09:00+00", None, None, None, 9105))
# (a stay written behind the triggers' back, due before the last sweep: as
# rebuild_current() does, forget the track's last sweep so that the next one
# looks at every overdue stay of the track)
cur.execute("DELETE FROM lead_align.sweep_state WHERE track_id = %s", (track_id,))
sweeper.autocommit = False
scur.execute("SELECT lead_align.sweep()")
ok("a sweep in a transaction records 1 alert", scur.fetchone()[0] == 1)
sweeper.rollback()
sweeper.autocommit = True
late = receive(lis, 1, 1)
ok("which rolls back and sends nothing", late == [], repr([g.payload for g in late]))
scur.execute("SELECT lead_align.sweep()")
ok("the next sweep records it", scur.fetchone()[0] == 1)
got = receive(lis, 1, 10)
try:
    p = json.loads(got[0].payload) if len(got) == 1 else {}
except ValueError:
    p = {}
ok("and sends it once, with a NULL owner as JSON null",
   len(got) == 1 and p.get("lead_key") == "L5" and p.get("sla_kind") == "exit" and "owner" in p and p["owner"] is None,
   repr([g.payload for g in got]))

# the reader may LISTEN and read the alerts, not sweep
lcur = lis.cursor()
lcur.execute("SELECT count(*) FROM lead_align.sla_alert WHERE track_id = %s", (track_id,))
ok("the reader reads the 4 alerts in lead_align.sla_alert", lcur.fetchone()[0] == 4)
try:
    lcur.execute("SELECT lead_align.sweep()")
    ok("the reader may not sweep (42501)", False, "it swept")
except psycopg2.Error as e:
    ok("the reader may not sweep (42501)", e.pgcode == "42501", "%s %s" % (e.pgcode, e.pgerror))

lis.close()
sweeper.close()
cur.execute("DELETE FROM lead_align.lead_current WHERE track_id = %s", (track_id,))
cur.execute("SELECT lead_align.untrack('crm.alert_leads', purge => true)")
cur.execute("DROP TABLE crm.alert_leads")
su.close()
print("# psycopg2 LISTEN client: %d passed, %d failed" % (n - failed, failed))
sys.exit(1 if failed else 0)
