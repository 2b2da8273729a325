"""Every recipe of the README's "BI tools" section, run as written: each SQL
block whose first line names its tool ("-- Metabase: ...", "-- Grafana: ...",
"-- Superset: ...") gets that tool's macros substituted the way the tool
does, and runs through psycopg2 as a role granted only lead_align_reader,
with the default search_path, on the demo's data; it must return rows.
A Metabase recipe with optional clauses ([[...]]) runs twice: without its
filters and with them set to values the data has.  Every question (### heading)
must have a recipe for each of the three tools.  Prints TAP lines.

env: LA_README, LA_CLIENT_DB, LA_READER, PGHOST, PGPORT."""
import datetime
import os
import re
import sys

import psycopg2

TOOLS = ("Metabase", "Grafana", "Superset")
TRACK = "crm.leads"


def recipes(readme):
    """(question, tool, title, sql) for each recipe of the BI tools section."""
    text = open(readme, encoding="utf-8").read()
    m = re.search(r"^## BI tools\n(.*?)(?=^## )", text, re.S | re.M)
    if not m:
        raise SystemExit("not ok 1 - the README has no BI tools section")
    question = None
    out = []
    for part in re.split(r"^(### .*)$", m.group(1), flags=re.M):
        if part.startswith("### "):
            question = part[4:].strip()
            continue
        for sql in re.findall(r"^```sql\n(.*?)^```", part, re.S | re.M):
            first = sql.split("\n", 1)[0]
            tm = re.match(r"-- (%s): (.*)" % "|".join(TOOLS), first)
            if tm:
                out.append((question, tm.group(1), tm.group(2), sql))
    return out


def literal(v):
    return "'" + str(v).replace("'", "''") + "'"


def metabase(sql, values):
    """Metabase: {{var}} becomes the value (text quoted, numbers as they are);
    an optional clause [[...]] is dropped unless all its variables are set."""
    def optional(m):
        names = re.findall(r"\{\{(\w+)\}\}", m.group(1))
        return m.group(1) if all(n in values for n in names) else ""
    sql = re.sub(r"\[\[(.*?)\]\]", optional, sql, flags=re.S)

    def var(m):
        v = values[m.group(1)]
        return str(v) if isinstance(v, int) else literal(v)
    return re.sub(r"\{\{(\w+)\}\}", var, sql)


def grafana(sql, t_from, t_to):
    """Grafana's PostgreSQL data source macros, as it renders them."""
    iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
    sql = re.sub(r"\$__timeFilter\(([^)]+)\)", lambda m: "%s BETWEEN '%s' AND '%s'" % (m.group(1), iso(t_from), iso(t_to)), sql)
    sql = sql.replace("$__timeFrom()", "'%s'" % iso(t_from)).replace("$__timeTo()", "'%s'" % iso(t_to))
    units = {"1m": 60, "1h": 3600, "1d": 86400, "1w": 604800}
    sql = re.sub(r"\$__timeGroupAlias\(([^,]+),\s*'?(\w+)'?\)",
                 lambda m: 'floor(extract(epoch from %s)/%d)*%d AS "time"' % (m.group(1), units[m.group(2)], units[m.group(2)]),
                 sql)
    # a multi-value variable: Grafana quotes each value
    return re.sub(r"\$track\b", literal(TRACK), sql)


def superset(sql, t_from, t_to):
    """Superset's Jinja: {{ from_dttm }}, {{ to_dttm }} and {% if ... %}."""
    fmt = lambda t: t.strftime("%Y-%m-%dT%H:%M:%S")
    values = {"from_dttm": fmt(t_from), "to_dttm": fmt(t_to)}
    sql = re.sub(r"\{%\s*if (\w+)\s*%\}(.*?)\{%\s*endif\s*%\}",
                 lambda m: m.group(2) if values.get(m.group(1)) else "", sql, flags=re.S)
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: values[m.group(1)], sql)


def main():
    conn = psycopg2.connect(host=os.environ["PGHOST"], port=os.environ["PGPORT"],
                            dbname=os.environ["LA_CLIENT_DB"], user=os.environ["LA_READER"])
    conn.set_session(readonly=True, autocommit=True)
    cur = conn.cursor()
    n = 0
    failed = 0

    def ok(good, desc, detail=None):
        nonlocal n, failed
        n += 1
        print("%s %d - %s" % ("ok" if good else "not ok", n, desc))
        if not good:
            failed += 1
            for line in str(detail or "").splitlines()[:12]:
                print("# " + line)

    cur.execute("SHOW search_path")
    ok(cur.fetchone()[0] == '"$user", public', "the recipes run with the default search_path")
    cur.execute("SELECT now()")
    now = cur.fetchone()[0].astimezone(datetime.timezone.utc)
    t_from, t_to = now - datetime.timedelta(days=90), now
    # values for Metabase's filters that the demo's data has
    cur.execute("""SELECT owner, stage_text, count(*) FROM lead_align.lead_state
                    WHERE track = %s AND (overdue OR touch_overdue) AND owner IS NOT NULL
                    GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 1""", (TRACK,))
    owner, stage, _ = cur.fetchone()
    numbers = {"weeks": 12, "days": 30, "months": 6}

    found = recipes(os.environ["LA_README"])
    questions = {}
    for question, tool, title, sql in found:
        questions.setdefault(question, set()).add(tool)
        runs = []
        if tool == "Metabase":
            runs.append(("", metabase(sql, numbers)))
            if "[[" in sql:
                runs.append((" (filters: owner %s, stage %s)" % (owner, stage),
                             metabase(sql, dict(numbers, owner=owner, stage=stage))))
        elif tool == "Grafana":
            runs.append(("", grafana(sql, t_from, t_to)))
        else:
            runs.append(("", superset(sql, t_from, t_to)))
        for variant, text in runs:
            left = re.findall(r"\{\{|\{%|\[\[|\$__\w+|\$\w+", text)
            try:
                if left:
                    raise ValueError("macros left after substitution: %s" % ", ".join(left))
                cur.execute(text)
                got = cur.rowcount
                err = None
            except (psycopg2.Error, ValueError) as e:
                got, err = 0, "%s\n%s" % (str(e).strip(), text)
            ok(err is None and got > 0, "%s: %s%s: %d rows" % (tool, title, variant, got), err)
    missing = ["%s (%s)" % (q, ", ".join(t for t in TOOLS if t not in tools))
               for q, tools in questions.items() if set(TOOLS) - tools]
    ok(len(questions) >= 6 and not missing,
       "%d questions, each with a recipe for Metabase, Grafana and Superset (%d recipes)" % (len(questions), len(found)),
       "missing: " + "; ".join(missing))
    print("1..%d" % n)
    print("# BI recipes: %d run, %d failed" % (n, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
