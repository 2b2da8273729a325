-- lead_align.lead_current, the current stay of every lead (DESIGN 5.1), as
-- the triggers write it, against lead_align.rebuild_current(), which
-- recomputes it from the ledger in SQL: a varied history on a partitioned
-- table (automatic handoffs on insert and on update, touches, a touch on
-- insert, a touch in the same UPDATE as a reject, a reassign, temperature
-- changes, a reject into cycle 2 and a recycle into cycle 3, a delete and a
-- re-insert, a deleted lead, two leads that predate track(), one first seen
-- by a touch and a reassign in one UPDATE), then 0 differences both ways; a
-- few lead_current rows and the stays the ledger rows carry, checked by
-- hand on a business calendar; and what a rebuild keeps of a lead whose
-- history purge() deleted.
--
-- Events are in March 2035, in the future: a DELETE happens at the
-- statement's time raised to the lead's previous event, so it takes that
-- event's time, which keeps the output fixed.  Berlin is at UTC+1 then.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET client_min_messages = warning;
CREATE SCHEMA lc;
CREATE TABLE lc.leads (
	id		int PRIMARY KEY,
	stage	lead_align.lead_stage NOT NULL DEFAULT 'new',
	owner	text,
	score	int NOT NULL DEFAULT 0,
	temp	lead_align.lead_temperature,
	touched	timestamptz,
	reason	text,
	t		timestamptz
) PARTITION BY RANGE (id);
CREATE TABLE lc.leads_low PARTITION OF lc.leads FOR VALUES FROM (1) TO (100);
CREATE TABLE lc.leads_high PARTITION OF lc.leads FOR VALUES FROM (100) TO (1000);
-- two leads that predate track()
INSERT INTO lc.leads (id, stage, owner, score) VALUES (101, 'mql', 'pat', 10), (102, 'nurture', 'quinn', 10);
SELECT lead_align.track('lc.leads', key => 'id', stage => 'stage', owner => 'owner', temperature => 'temp',
		touch => 'touched', reason => 'reason', event_time => 't',
		calendar => 'Mo-Fr 09:00-17:00; tz Europe/Berlin', handoff_temperature => 'hot') > 0 AS tracked;
SELECT lead_align.add_rule('lc.leads', 'hot', $$score >= 80$$, name => 'hot_score');
SELECT lead_align.add_rule('lc.leads', 'warm', $$score >= 50$$, name => 'warm_score');
SELECT lead_align.sla('lc.leads', 'mql', "window" => '4 business hours');
SELECT lead_align.sla('lc.leads', 'mql', "window" => '1 business hour', kind => 'touch');
SELECT lead_align.sla('lc.leads', 'sal', "window" => '2 business days');
-- marketing (new, nurture) works mornings only
SELECT lead_align.team_calendar('lc.leads', 'marketing', 'Mo-Fr 08:00-12:00; tz Europe/Berlin');
RESET client_min_messages;

-- lead 1: hot on insert, so an mql at once (create, then the automatic
-- handoff), Monday 10:00; touched at 10:30, accepted at 12:00; on Tuesday a
-- touch in its sal stay and a new owner
INSERT INTO lc.leads (id, owner, score, t) VALUES (1, 'ann', 90, '2035-03-05 10:00+01');
UPDATE lc.leads SET touched = '2035-03-05 10:30+01', t = '2035-03-05 10:30+01' WHERE id = 1;
UPDATE lc.leads SET stage = 'sal', t = '2035-03-05 12:00+01' WHERE id = 1;
UPDATE lc.leads SET touched = '2035-03-06 09:00+01', t = '2035-03-06 09:00+01' WHERE id = 1;
UPDATE lc.leads SET owner = 'bea', t = '2035-03-06 09:15+01' WHERE id = 1;
-- lead 2: new on Friday 11:00, warm on Monday 09:30 (a temperature row),
-- hot at 10:00 (the automatic handoff), touched at 10:20 and rejected at
-- 11:00 in one UPDATE (cycle 2); handed over again on Tuesday 09:00,
-- accepted at 10:00, recycled on Wednesday (cycle 3), handed over on
-- Thursday 16:30
INSERT INTO lc.leads (id, owner, score, t) VALUES (2, 'bob', 10, '2035-03-09 11:00+01');
UPDATE lc.leads SET score = 60, t = '2035-03-12 09:30+01' WHERE id = 2;
UPDATE lc.leads SET score = 95, t = '2035-03-12 10:00+01' WHERE id = 2;
UPDATE lc.leads SET touched = '2035-03-12 10:20+01', stage = 'nurture', reason = 'bad_fit', t = '2035-03-12 11:00+01' WHERE id = 2;
UPDATE lc.leads SET stage = 'mql', t = '2035-03-13 09:00+01' WHERE id = 2;
UPDATE lc.leads SET stage = 'sal', t = '2035-03-13 10:00+01' WHERE id = 2;
UPDATE lc.leads SET stage = 'nurture', reason = 'no_budget', t = '2035-03-14 10:00+01' WHERE id = 2;
UPDATE lc.leads SET stage = 'mql', t = '2035-03-15 16:30+01' WHERE id = 2;
-- lead 3: new on Sunday 23:30 UTC (Monday 00:30 in Berlin), touched on
-- Monday 10:00, deleted (at 10:00, its last event), inserted again on
-- Tuesday 09:00 as sal (cycle 2)
INSERT INTO lc.leads (id, owner, score, t) VALUES (3, 'cy', 10, '2035-03-04 23:30+00');
UPDATE lc.leads SET touched = '2035-03-05 10:00+01', t = '2035-03-05 10:00+01' WHERE id = 3;
DELETE FROM lc.leads WHERE id = 3;
INSERT INTO lc.leads (id, stage, owner, score, t) VALUES (3, 'sal', 'cy', 10, '2035-03-06 09:00+01');
-- lead 4: in nurture on Wednesday 09:00, deleted
INSERT INTO lc.leads (id, stage, owner, score, t) VALUES (4, 'nurture', 'dee', 10, '2035-03-07 09:00+01');
DELETE FROM lc.leads WHERE id = 4;
-- lead 5: in new on Thursday 09:30, touched on insert
INSERT INTO lc.leads (id, owner, score, touched, t) VALUES (5, 'eli', 10, '2035-03-08 09:30+01', '2035-03-08 09:30+01');
-- lead 101 (predates track()): first seen by a touch on Wednesday 10:00,
-- accepted at 12:00
UPDATE lc.leads SET touched = '2035-03-07 10:00+01', t = '2035-03-07 10:00+01' WHERE id = 101;
UPDATE lc.leads SET stage = 'sal', t = '2035-03-07 12:00+01' WHERE id = 101;
-- lead 102 (predates track()): first seen by a touch and a reassign in one
-- UPDATE on Thursday 09:00
UPDATE lc.leads SET touched = '2035-03-08 09:00+01', owner = 'rae', t = '2035-03-08 09:00+01' WHERE id = 102;

SELECT h.lead_key, h.kind, h.from_stage, h.to_stage, h.cycle, h.from_cycle, h.temperature, h.rule, h.event_time
  FROM lead_align.handoff h JOIN lead_align.track k ON k.id = h.track_id
 WHERE k.relid = 'lc.leads'::regclass
 ORDER BY h.id;

-- lead_current as the triggers wrote it, against the rebuild: 0 differences
CREATE TEMP TABLE lc_written AS
SELECT c.* FROM lead_align.lead_current c JOIN lead_align.track k ON k.id = c.track_id
 WHERE k.relid = 'lc.leads'::regclass;
-- and the lead-cycles that ended, as the trigger wrote them (lead_cycle)
CREATE TEMP TABLE ly_written AS
SELECT y.* FROM lead_align.lead_cycle y JOIN lead_align.track k ON k.id = y.track_id
 WHERE k.relid = 'lc.leads'::regclass;
SELECT lead_align.rebuild_current('lc.leads') AS rows_rebuilt;
CREATE TEMP TABLE lc_rebuilt AS
SELECT c.* FROM lead_align.lead_current c JOIN lead_align.track k ON k.id = c.track_id
 WHERE k.relid = 'lc.leads'::regclass;
SELECT 'written' AS side, * FROM (SELECT * FROM lc_written EXCEPT SELECT * FROM lc_rebuilt) w
UNION ALL
SELECT 'rebuilt', * FROM (SELECT * FROM lc_rebuilt EXCEPT SELECT * FROM lc_written) r
ORDER BY 3, 1;
CREATE TEMP TABLE ly_rebuilt AS
SELECT y.* FROM lead_align.lead_cycle y JOIN lead_align.track k ON k.id = y.track_id
 WHERE k.relid = 'lc.leads'::regclass;
SELECT 'written' AS side, * FROM (SELECT * FROM ly_written EXCEPT SELECT * FROM ly_rebuilt) w
UNION ALL
SELECT 'rebuilt', * FROM (SELECT * FROM ly_rebuilt EXCEPT SELECT * FROM ly_written) r
ORDER BY 3, 4, 1;
-- every lead-cycle of the history, each checked by hand against the rows
-- above: lead 2's cycles 1 and 2, ended by a reject (from mql: rejected,
-- with its reason) and a recycle (from sal: not rejected); lead 3's first
-- cycle, deleted, which its re-insert (a create in sal) ended; lead 4's,
-- deleted and open to no one; leads 101 and 102, first seen by a touch (the
-- cycle dated by that row; an accept from mql reaches sal but is no entry
-- into mql); rule and temperature from the row that entered mql, else the
-- latest row's
SELECT c.lead_key, c.cycle, c.started_on, c.stage, c.furthest_stage, c.ended_by, c.still_open,
	   c.entered_mql, c.accepted, c.rejected, c.reject_reason, c.rule, c.temperature,
	   c.first_id - m.min_id AS first_row, c.last_id - m.min_id AS last_row, c.mql_id - m.min_id AS mql_row
  FROM lead_align.lead_cycles c
 CROSS JOIN (SELECT min(h.id) AS min_id FROM lead_align.handoff h JOIN lead_align.track k ON k.id = h.track_id
			  WHERE k.relid = 'lc.leads'::regclass) m
 WHERE c.track = 'lc.leads'
 ORDER BY c.lead_key COLLATE "C", c.cycle;

-- the stays the trigger wrote into the ledger (calendars named by id in
-- lead_align.stay_calendar), against the same rules in SQL
-- (lead_align._stays, which the update from 0.3 fills 0.3's rows with): 0
-- differences
SELECT 'ledger' AS side, * FROM (
	SELECT h.id, h.event_on, h.cycle_started_on, c1.calendar, h.touched_at, h.entered_at, h.entered_on, h.entered_id,
		   h.stay_cycle, h.stay_temperature, h.stay_rule, h.stay_rules_version, h.stay_dimensions, h.stay_due_at,
		   h.stay_touch_due_at, h.first_touch_at, c2.calendar AS stay_calendar, h.exit_seconds, h.touch_seconds
	  FROM lead_align.handoff h JOIN lead_align.track k ON k.id = h.track_id
	  LEFT JOIN lead_align.stay_calendar c1 ON c1.id = h.calendar_id
	  LEFT JOIN lead_align.stay_calendar c2 ON c2.id = h.stay_calendar_id
	 WHERE k.relid = 'lc.leads'::regclass
	EXCEPT
	SELECT s.id, s.event_on, s.cycle_started_on, s.calendar, s.touched_at, s.entered_at, s.entered_on, s.entered_id,
		   s.stay_cycle, s.stay_temperature, s.stay_rule, s.stay_rules_version, s.stay_dimensions, s.stay_due_at,
		   s.stay_touch_due_at, s.first_touch_at, s.stay_calendar, s.exit_seconds, s.touch_seconds
	  FROM lead_align.track k, lead_align._stays(k.id, NULL, NULL) s
	 WHERE k.relid = 'lc.leads'::regclass) x
UNION ALL
SELECT 'rules', * FROM (
	SELECT s.id, s.event_on, s.cycle_started_on, s.calendar, s.touched_at, s.entered_at, s.entered_on, s.entered_id,
		   s.stay_cycle, s.stay_temperature, s.stay_rule, s.stay_rules_version, s.stay_dimensions, s.stay_due_at,
		   s.stay_touch_due_at, s.first_touch_at, s.stay_calendar, s.exit_seconds, s.touch_seconds
	  FROM lead_align.track k, lead_align._stays(k.id, NULL, NULL) s
	 WHERE k.relid = 'lc.leads'::regclass
	EXCEPT
	SELECT h.id, h.event_on, h.cycle_started_on, c1.calendar, h.touched_at, h.entered_at, h.entered_on, h.entered_id,
		   h.stay_cycle, h.stay_temperature, h.stay_rule, h.stay_rules_version, h.stay_dimensions, h.stay_due_at,
		   h.stay_touch_due_at, h.first_touch_at, c2.calendar AS stay_calendar, h.exit_seconds, h.touch_seconds
	  FROM lead_align.handoff h JOIN lead_align.track k ON k.id = h.track_id
	  LEFT JOIN lead_align.stay_calendar c1 ON c1.id = h.calendar_id
	  LEFT JOIN lead_align.stay_calendar c2 ON c2.id = h.stay_calendar_id
	 WHERE k.relid = 'lc.leads'::regclass) y
ORDER BY 2, 1;

-- Worked out by hand (times in UTC; Berlin = UTC+1; sales and the track
-- work Mo-Fr 09:00-17:00, marketing Mo-Fr 08:00-12:00):
--   1: accepted Monday 12:00 into sal; sal is due 2 business days later,
--      Wednesday 12:00 = 11:00 UTC; its sal stay was touched Tuesday 09:00
--      = 08:00 UTC; owner bea since Tuesday 09:15.
--   2: cycle 3 began with the recycle on 2035-03-14; the mql stay since
--      Thursday 16:30 (15:30 UTC) is due after 4 business hours: 0.5 on
--      Thursday, 3.5 on Friday, so Friday 12:30 = 11:30 UTC; its touch
--      after 1: Friday 09:30 = 08:30 UTC.
--   3: inserted again Tuesday 09:00 (08:00 UTC) as sal, cycle 2, due
--      Thursday 09:00 = 08:00 UTC.
--   4: deleted in its nurture stay (since Wednesday 09:00 = 08:00 UTC).
--   5: in new since Thursday 09:30 (08:30 UTC), touched then (the touch
--      row after the create of the same INSERT), marketing's calendar.
--   101: first seen by the touch on Wednesday 10:00, which began its mql
--      stay (no SLA); accepted at 12:00 (11:00 UTC), due Friday 11:00 UTC;
--      its lead-cycle dates from its first event, 2035-03-07.
--   102: first seen by the touch on Thursday 09:00 (08:00 UTC), which
--      began a nurture stay with no SLA, in marketing's calendar, touched
--      then; the reassign of the same UPDATE continues it.
SELECT c.lead_key, c.stage, c.deleted, c.cycle, c.cycle_started_on, c.entered_at, c.entered_on,
	   h.kind AS entered_by, c.due_at, c.touch_due_at, c.touched_at, c.calendar, c.owner, c.temperature, c.rule,
	   c.last_event_at
  FROM lc_rebuilt c JOIN lead_align.handoff h ON h.id = c.entered_id
 ORDER BY c.lead_key::int;

-- The stays the ledger rows end, worked out by hand:
--   1 handoff: the automatic handoff of the INSERT ends the new stay its
--      create began at the same instant, Monday 10:00 (09:00 UTC): 0 s in
--      marketing's calendar, no SLA, temperature hot by hot_score (the
--      lead's on insert).
--   1 accept: the mql stay from Monday 10:00 to 12:00 = 7200 s, due 14:00
--      (13:00 UTC), touch due 11:00 (10:00 UTC), first touch 10:30 (09:30
--      UTC) after 1800 s.
--   2 handoff: the new stay from Friday 11:00 to Monday 10:00 in
--      marketing's calendar: Friday 11:00-12:00 and Monday 08:00-10:00 =
--      10800 s (the track's calendar would say 25200); no SLA.
--   2 reject: the mql stay from Monday 10:00 to 11:00 = 3600 s, touched at
--      10:20 (09:20 UTC) in the same UPDATE after 1200 s; cycle 2 begins.
--   2 handoff (Tuesday): the nurture stay from Monday 11:00 to Tuesday
--      09:00 in marketing's calendar: Monday 11:00-12:00 and Tuesday
--      08:00-09:00 = 7200 s.
--   2 accept: the mql stay from Tuesday 09:00 to 10:00 = 3600 s, due
--      13:00 (12:00 UTC), touch due 10:00 (09:00 UTC), not touched.
--   2 recycle: the sal stay from Tuesday 10:00 to Wednesday 10:00 = 7 h on
--      Tuesday and 1 on Wednesday = 28800 s, due Thursday 10:00 (09:00
--      UTC); cycle 3 begins.
--   2 handoff (Thursday): the nurture stay from Wednesday 10:00 to
--      Thursday 16:30 in marketing's calendar: 2 h on Wednesday and 4 on
--      Thursday = 21600 s.
--   3 delete: the new stay from Monday 00:30 (Sunday 23:30 UTC, local date
--      2035-03-05) to 10:00, in marketing's calendar 08:00-10:00 = 7200 s,
--      touched at 10:00: 7200 s.
--   4 delete: the nurture stay, deleted when it began: 0 s.
--   101 accept: the mql stay the touch began at 10:00, to 12:00 = 7200 s,
--      touched at once (0 s), no due times.
SELECT h.lead_key, h.kind, h.event_on, h.cycle_started_on, h.entered_at, h.entered_on, e.kind AS entered_by,
	   h.stay_cycle, h.stay_temperature, h.stay_rule, h.stay_due_at, h.stay_touch_due_at, h.first_touch_at,
	   sc.calendar AS stay_calendar, h.exit_seconds, h.touch_seconds
  FROM lead_align.handoff h
  JOIN lead_align.track k ON k.id = h.track_id
  LEFT JOIN lead_align.handoff e ON e.id = h.entered_id
  LEFT JOIN lead_align.stay_calendar sc ON sc.id = h.stay_calendar_id
 WHERE k.relid = 'lc.leads'::regclass AND h.entered_at IS NOT NULL
 ORDER BY h.id;
-- rows of a lead that predates track() carry the date of its lead-cycle
-- from the row after its first (the trigger dates the cycle once that row
-- is recorded)
SELECT h.lead_key, h.kind, h.event_on, h.cycle_started_on
  FROM lead_align.handoff h JOIN lead_align.track k ON k.id = h.track_id
 WHERE k.relid = 'lc.leads'::regclass AND h.lead_key IN ('101', '102')
 ORDER BY h.id;

-- The triggers go on from the rebuilt state: lead 2 is touched, lead 3
-- accepted (sal -> sql), and lead_current still equals a rebuild.
UPDATE lc.leads SET touched = '2035-03-16 09:10+01', t = '2035-03-16 09:10+01' WHERE id = 2;
UPDATE lc.leads SET stage = 'sql', t = '2035-03-08 10:00+01' WHERE id = 3;
CREATE TEMP TABLE lc_written2 AS
SELECT c.* FROM lead_align.lead_current c JOIN lead_align.track k ON k.id = c.track_id
 WHERE k.relid = 'lc.leads'::regclass;
SELECT lead_align.rebuild_current('lc.leads') AS rows_rebuilt;
SELECT count(*) AS differences FROM (
	(SELECT * FROM lc_written2 EXCEPT
	 SELECT c.* FROM lead_align.lead_current c JOIN lead_align.track k ON k.id = c.track_id
	  WHERE k.relid = 'lc.leads'::regclass)
	UNION ALL
	(SELECT c.* FROM lead_align.lead_current c JOIN lead_align.track k ON k.id = c.track_id
	  WHERE k.relid = 'lc.leads'::regclass
	 EXCEPT SELECT * FROM lc_written2)) d;
SELECT c.lead_key, c.touched_at, c.stage, c.entered_at, c.due_at
  FROM lead_align.lead_current c JOIN lead_align.track k ON k.id = c.track_id
 WHERE k.relid = 'lc.leads'::regclass AND c.lead_key IN ('2', '3')
 ORDER BY 1;

-- What a rebuild keeps of a lead whose old rows purge() deleted: the rows
-- purge() would delete of lead 1 were they old enough (all but its latest
-- row and the row that entered its stage) are deleted here by hand (the
-- events are in the future).  The rebuild keeps its stay, due time, cycle,
-- the date its cycle began (its latest row carries it), owner and last
-- event; the first touch of its stay was on a deleted row and is lost.
DELETE FROM lead_align.handoff h USING lead_align.track k
 WHERE k.relid = 'lc.leads'::regclass AND h.track_id = k.id AND h.lead_key = '1'
   AND h.id <> (SELECT max(x.id) FROM lead_align.handoff x WHERE x.track_id = h.track_id AND x.lead_key = h.lead_key)
   AND h.id <> (SELECT max(x.id) FROM lead_align.handoff x WHERE x.track_id = h.track_id AND x.lead_key = h.lead_key
				   AND x.kind = ANY (lead_align.vocabulary('stage_event_kind')));
SELECT h.kind, h.event_time FROM lead_align.handoff h JOIN lead_align.track k ON k.id = h.track_id
 WHERE k.relid = 'lc.leads'::regclass AND h.lead_key = '1' ORDER BY h.id;
CREATE TEMP TABLE lc_before_purge AS
SELECT c.* FROM lead_align.lead_current c JOIN lead_align.track k ON k.id = c.track_id
 WHERE k.relid = 'lc.leads'::regclass;
SELECT lead_align.rebuild_current('lc.leads') AS rows_rebuilt;
SELECT 'before' AS side, b.lead_key, b.stage, b.cycle, b.cycle_started_on, b.entered_at, b.due_at, b.touched_at, b.owner, b.last_event_at
  FROM (SELECT * FROM lc_before_purge EXCEPT
		SELECT c.* FROM lead_align.lead_current c JOIN lead_align.track k ON k.id = c.track_id
		 WHERE k.relid = 'lc.leads'::regclass) b
UNION ALL
SELECT 'after', a.lead_key, a.stage, a.cycle, a.cycle_started_on, a.entered_at, a.due_at, a.touched_at, a.owner, a.last_event_at
  FROM (SELECT c.* FROM lead_align.lead_current c JOIN lead_align.track k ON k.id = c.track_id
		 WHERE k.relid = 'lc.leads'::regclass
		EXCEPT SELECT * FROM lc_before_purge) a
ORDER BY 2, 1 DESC;

-- A key inserted again after a delete the trigger did not see (replica mode
-- skips the triggers): its first cycle ended with no delete recorded, so it
-- has no ended_by, and it is not still open (a next cycle began).
SET session_replication_role = replica;
DELETE FROM lc.leads WHERE id = 5;
RESET session_replication_role;
INSERT INTO lc.leads (id, owner, score, t) VALUES (5, 'eve', 10, '2035-03-20 09:00+01');
SELECT lead_key, cycle, started_on, stage, ended_by, still_open
  FROM lead_align.lead_cycles WHERE track = 'lc.leads' AND lead_key = '5' ORDER BY cycle;

-- Who may rebuild: the table's owner or lead_align_admin; others get 42501
-- and may not call the implementation.  Not in a REPEATABLE READ
-- transaction (its snapshot predates the lock).
CREATE ROLE lc_stranger;
GRANT USAGE ON SCHEMA lc TO lc_stranger;
SET ROLE lc_stranger;
\set VERBOSITY terse
SELECT lead_align.rebuild_current('lc.leads');
SELECT lead_align._rebuild_current('lc.leads');
RESET ROLE;
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT lead_align.rebuild_current('lc.leads');
ROLLBACK;
SELECT lead_align.rebuild_current('lc.nothing');
CREATE TABLE lc.untracked (id int PRIMARY KEY);
SELECT lead_align.rebuild_current('lc.untracked');
\set VERBOSITY default
REVOKE USAGE ON SCHEMA lc FROM lc_stranger;
DROP ROLE lc_stranger;

SELECT lead_align.untrack('lc.leads', purge => true);
DROP SCHEMA lc CASCADE;
