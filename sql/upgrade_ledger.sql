-- Upgrade of a 0.3 ledger (issue 11, item 5): a table tracked under 0.3
-- with a history (test/fixtures/ledger_history.sql) is updated to 0.4, which
-- fills lead_align.lead_current and the ledger's 0.4 columns (local dates,
-- the stays rows end, a stay's calendar, a touch's own time).  Every cell of
-- the ledger and of lead_current is compared with a fresh 0.4 install that
-- backfills the same history (mode => 'backfill', the same event times).
-- The differences expected are listed in
-- test/fixtures/upgrade_ledger_differences.sql: 0.3 computed a business-day
-- due time from an instant outside business time by its own rule S3 and
-- the ledger keeps it.  A third install takes the road of a large ledger:
-- the update fills only lead_current, CALL lead_align.migrate_03() the
-- ledger, in batches; it must end where the first did.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
CREATE DATABASE lead_align_upledger_a;
CREATE DATABASE lead_align_upledger_b;
CREATE DATABASE lead_align_upledger_c;

-- a: tracked under 0.3, then updated
\c lead_align_upledger_a
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET client_min_messages = warning;
CREATE EXTENSION lead_align VERSION '0.3';
RESET client_min_messages;
CREATE SCHEMA ul;
CREATE TABLE ul.leads (id int PRIMARY KEY, stage lead_align.lead_stage NOT NULL DEFAULT 'new', owner text,
	score int NOT NULL DEFAULT 0, temp lead_align.lead_temperature, touched timestamptz, reason text,
	region text NOT NULL DEFAULT 'emea', t timestamptz);
INSERT INTO ul.leads (id, stage, owner) VALUES (101, 'mql', 'pat');
-- 0.3's track(): the touch column is first_touch, the mode enforce
SELECT lead_align.track('ul.leads', key => 'id', stage => 'stage', owner => 'owner', temperature => 'temp',
		first_touch => 'touched', reason => 'reason', event_time => 't', dimensions => ARRAY['region'],
		calendar => 'Mo-Fr 09:00-17:00; tz Europe/Berlin') AS track_03;
SELECT lead_align.add_rule('ul.leads', 'warm', $$score >= 50$$, name => 'warm_score');
SELECT lead_align.sla('ul.leads', 'mql', "window" => '4 business hours');
SELECT lead_align.sla('ul.leads', 'mql', "window" => '1 business hour', kind => 'touch');
SELECT lead_align.sla('ul.leads', 'sal', "window" => '1 business day');
\i test/fixtures/ledger_history.sql
-- The library that runs this test computes today's rule S3 for the due
-- times of leads 4 and 5, accepted on Friday 18:00 and 18:30: the clock
-- starts at the next opening, Monday 09:00, so one business day later is
-- Tuesday 09:00 (08:00 UTC).  0.3's library anchored an instant outside
-- business time on its own date: Friday, offset 18:00 (18:30); the next
-- business day, Monday, at 18:00 is after Monday's closing, so Monday
-- 17:00 (16:00 UTC).  Those are the due times a 0.3 ledger holds; they are
-- put back as 0.3 wrote them.
UPDATE lead_align.handoff SET due_at = '2035-03-12 17:00+01'
 WHERE lead_key IN ('4', '5') AND kind = 'accept';
SELECT lead_key, kind, from_stage, to_stage, cycle, temperature, event_time, due_at, touch_due_at
  FROM lead_align.handoff ORDER BY id;
SET client_min_messages = warning;
ALTER EXTENSION lead_align UPDATE TO '0.4';
RESET client_min_messages;
-- every row has its local date; the rows that end a stay carry it
SELECT count(*) AS ledger_rows, count(event_on) AS with_event_on, count(entered_at) AS ending_a_stay,
	   (SELECT count(*) FROM lead_align.lead_current) AS leads
  FROM lead_align.handoff;
\i test/fixtures/ledger_cells.sql
CREATE TEMP TABLE cells_a AS SELECT * FROM cells;
\copy cells_a TO 'results/upgrade_ledger_a.txt'
-- the triggers carry on from the migrated state: lead 5 is advanced
UPDATE ul.leads SET stage = 'sql', t = '2035-03-13 10:00+01' WHERE id = 5;
SELECT kind, entered_at, stay_due_at, exit_seconds FROM lead_align.handoff WHERE lead_key = '5' AND kind = 'advance';

-- c: the same, but as a ledger too large to migrate in place
\c lead_align_upledger_c
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET client_min_messages = warning;
CREATE EXTENSION lead_align VERSION '0.3';
RESET client_min_messages;
CREATE SCHEMA ul;
CREATE TABLE ul.leads (id int PRIMARY KEY, stage lead_align.lead_stage NOT NULL DEFAULT 'new', owner text,
	score int NOT NULL DEFAULT 0, temp lead_align.lead_temperature, touched timestamptz, reason text,
	region text NOT NULL DEFAULT 'emea', t timestamptz);
INSERT INTO ul.leads (id, stage, owner) VALUES (101, 'mql', 'pat');
SELECT lead_align.track('ul.leads', key => 'id', stage => 'stage', owner => 'owner', temperature => 'temp',
		first_touch => 'touched', reason => 'reason', event_time => 't', dimensions => ARRAY['region'],
		calendar => 'Mo-Fr 09:00-17:00; tz Europe/Berlin') AS track_03;
SELECT lead_align.add_rule('ul.leads', 'warm', $$score >= 50$$, name => 'warm_score');
SELECT lead_align.sla('ul.leads', 'mql', "window" => '4 business hours');
SELECT lead_align.sla('ul.leads', 'mql', "window" => '1 business hour', kind => 'touch');
SELECT lead_align.sla('ul.leads', 'sal', "window" => '1 business day');
\i test/fixtures/ledger_history.sql
UPDATE lead_align.handoff SET due_at = '2035-03-12 17:00+01'
 WHERE lead_key IN ('4', '5') AND kind = 'accept';
-- more than lead_align_update.in_place_rows (default 1,000,000) rows: the
-- update fills lead_current only, and says so
SET lead_align_update.in_place_rows = 10;
ALTER EXTENSION lead_align UPDATE TO '0.4';
RESET lead_align_update.in_place_rows;
SELECT count(*) AS ledger_rows, count(event_on) AS with_event_on,
	   (SELECT count(*) FROM lead_align.lead_current) AS leads
  FROM lead_align.handoff;
-- in batches of 4 rows, each committed; a second call finds nothing to do
CALL lead_align.migrate_03(4);
CALL lead_align.migrate_03();
\i test/fixtures/ledger_cells.sql
CREATE TEMP TABLE cells_a (tbl text, key text, col text, val text);
\copy cells_a FROM 'results/upgrade_ledger_a.txt'
-- the same cells as the update in place: 0 differences
SELECT count(*) AS differences_from_in_place
  FROM cells_a a FULL JOIN cells c USING (tbl, key, col)
 WHERE a.val IS DISTINCT FROM c.val;
-- only superusers and members of lead_align_admin may migrate
CREATE ROLE lead_align_upledger_nobody;
SET ROLE lead_align_upledger_nobody;
\set VERBOSITY terse
CALL lead_align.migrate_03();
RESET ROLE;
\set VERBOSITY default
DROP ROLE lead_align_upledger_nobody;

-- b: a fresh 0.4 install backfilling the same history
\c lead_align_upledger_b
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET client_min_messages = warning;
CREATE EXTENSION lead_align;
RESET client_min_messages;
CREATE SCHEMA ul;
CREATE TABLE ul.leads (id int PRIMARY KEY, stage lead_align.lead_stage NOT NULL DEFAULT 'new', owner text,
	score int NOT NULL DEFAULT 0, temp lead_align.lead_temperature, touched timestamptz, reason text,
	region text NOT NULL DEFAULT 'emea', t timestamptz);
INSERT INTO ul.leads (id, stage, owner) VALUES (101, 'mql', 'pat');
SELECT lead_align.track('ul.leads', key => 'id', stage => 'stage', owner => 'owner', temperature => 'temp',
		touch => 'touched', reason => 'reason', event_time => 't', dimensions => ARRAY['region'],
		calendar => 'Mo-Fr 09:00-17:00; tz Europe/Berlin', mode => 'backfill') AS track_04;
SELECT lead_align.add_rule('ul.leads', 'warm', $$score >= 50$$, name => 'warm_score');
SELECT lead_align.sla('ul.leads', 'mql', "window" => '4 business hours');
SELECT lead_align.sla('ul.leads', 'mql', "window" => '1 business hour', kind => 'touch');
SELECT lead_align.sla('ul.leads', 'sal', "window" => '1 business day');
\i test/fixtures/ledger_history.sql
\i test/fixtures/ledger_cells.sql
CREATE TEMP TABLE cells_a (tbl text, key text, col text, val text);
\copy cells_a FROM 'results/upgrade_ledger_a.txt'
CREATE TEMP TABLE differences AS
SELECT tbl, key, col, a.val AS updated, b.val AS fresh
  FROM cells_a a FULL JOIN cells b USING (tbl, key, col)
 WHERE a.val IS DISTINCT FROM b.val;
SELECT (SELECT count(*) FROM cells_a) AS cells_updated, (SELECT count(*) FROM cells) AS cells_fresh;
-- the differences between the updated ledger and the fresh one
SELECT * FROM differences ORDER BY tbl, key, col;
-- are exactly the expected ones: none unexpected, none missing
CREATE TEMP TABLE expected_differences (tbl text, key text, col text, updated text, fresh text);
\i test/fixtures/upgrade_ledger_differences.sql
SELECT 'unexpected' AS what, * FROM (SELECT * FROM differences EXCEPT SELECT * FROM expected_differences) u
UNION ALL
SELECT 'missing', * FROM (SELECT * FROM expected_differences EXCEPT SELECT * FROM differences) m
ORDER BY 1, 2, 3, 4;

\c contrib_regression
DROP DATABASE lead_align_upledger_a;
DROP DATABASE lead_align_upledger_b;
DROP DATABASE lead_align_upledger_c;
