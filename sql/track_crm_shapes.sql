-- Tracking the shapes real CRM exports have (DESIGN 4, 4.2, 4.3): a
-- Salesforce-style table (bigint key, text status labels, minute-stamped
-- LastModifiedDate, a lost-reason and a note column, a per-lead office
-- calendar), a date-only history backfill with text keys, two-step saves,
-- recycled leads, touches, temperature history and move() on every stage
-- column type.  Every expected value is worked out in the comments.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
\i test/fixtures/try.sql
CREATE SCHEMA shapes;
-- the ledger rows of some leads of a table
CREATE FUNCTION pg_temp.rows(tbl regclass, VARIADIC keys text[])
RETURNS TABLE (lead text, kind text, cycle int, from_cycle int, from_stage text, to_stage text,
			   temp text, rule text, reason text, note text, owner text, event_time timestamptz,
			   touched_at timestamptz)
LANGUAGE sql AS $$
	SELECT h.lead_key, h.kind, h.cycle, h.from_cycle, h.from_stage::text, h.to_stage::text,
		   h.temperature::text, h.rule, h.reason, h.note, h.owner, h.event_time, h.touched_at
	  FROM lead_align.handoff h JOIN lead_align.track t ON t.id = h.track_id
	 WHERE t.relid = tbl AND h.lead_key = ANY (keys)
	 ORDER BY h.lead_key, h.id
$$;

-------------------------------------------------------------------------------
-- The CRM table: Berlin working hours for the track, New York hours for the
-- sales team, and a per-lead office calendar (a generated column) for the
-- London office.  Two labels for mql; 'MQL' is the one lead_align writes.
-------------------------------------------------------------------------------
CREATE TABLE shapes.leads (
	id				bigint PRIMARY KEY,
	status			text NOT NULL,
	rating			lead_align.lead_temperature,
	budget			int NOT NULL DEFAULT 0,
	owner			text,
	office			text,
	office_hours	lead_align.business_calendar GENERATED ALWAYS AS (
		CASE office WHEN 'LON' THEN 'Mo-Fr 09:00-17:00; tz Europe/London'::lead_align.business_calendar END) STORED,
	last_contacted	timestamptz,
	lost_reason		text,
	lost_note		text,
	modified		timestamptz
);
SELECT lead_align.track('shapes.leads', key => 'id', stage => 'status', temperature => 'rating',
		owner => 'owner', touch => 'last_contacted', event_time => 'modified',
		reason => 'lost_reason', note => 'lost_note', calendar_column => 'office_hours',
		calendar => 'Mo-Fr 09:00-17:00; tz Europe/Berlin', handoff_temperature => 'hot') > 0 AS tracked;
SELECT count(lead_align.map_stage('shapes.leads', l, s::lead_align.lead_stage)) AS labels
  FROM (VALUES ('New', 'new'), ('Nurture', 'nurture'), ('Marketing Qualified', 'mql'),
			   ('Accepted', 'sal'), ('SQL', 'sql'), ('Opportunity', 'opportunity'),
			   ('Closed Won', 'won'), ('Closed Lost', 'lost'), ('Disqualified', 'disqualified')) AS m (l, s);
SELECT lead_align.map_stage('shapes.leads', 'MQL', 'mql', canonical => true);
SELECT lead_align.add_rule('shapes.leads', 'hot', $$budget >= 10000$$, name => 'big_budget');
SELECT lead_align.add_rule('shapes.leads', 'warm', $$budget >= 1000$$, name => 'some_budget');
SELECT lead_align.sla('shapes.leads', 'mql', "window" => '4 business hours');
SELECT lead_align.sla('shapes.leads', 'nurture', "window" => '2 business days');
SELECT lead_align.sla('shapes.leads', 'new', "window" => '1 business day');
SELECT lead_align.team_calendar('shapes.leads', 'sales', 'Mo-Fr 09:00-17:00; tz America/New_York');

-------------------------------------------------------------------------------
-- 1. Calendars per team and per lead.  Monday 2026-01-05 08:00 UTC is 09:00
-- in Berlin and London's 08:00, New York's 03:00.
--   lead 1, mql, no office: sales' New York hours, 14:00-22:00 UTC; the
--     clock starts at 14:00, + 4 h = 18:00 UTC;
--   lead 2, mql, London office: its own hours, 09:00-17:00 UTC; + 4 h from
--     the 09:00 opening = 13:00 UTC;
--   lead 3, nurture (marketing's, no team calendar): the track's Berlin
--     hours; 2 business days from Monday 09:00 Berlin = Wednesday 09:00
--     Berlin = 08:00 UTC;
--   lead 4, new, inserted on Sunday 2026-01-04 02:34 Berlin (01:34 UTC):
--     1 business day starts at Monday's opening, so it is due Tuesday 09:00
--     Berlin (DESIGN 3.5 S3) = 08:00 UTC.
-------------------------------------------------------------------------------
INSERT INTO shapes.leads (id, status, office, modified) VALUES
	(1, 'MQL', NULL, '2026-01-05 08:00+00'),
	(2, 'MQL', 'LON', '2026-01-05 08:00+00'),
	(3, 'Nurture', NULL, '2026-01-05 08:00+00'),
	(4, 'New', NULL, '2026-01-04 01:34+00');
SELECT h.lead_key, h.to_stage, h.event_time, h.sla_window, h.due_at, c.calendar
  FROM lead_align.handoff h JOIN lead_align.stay_calendar c ON c.id = h.calendar_id
 WHERE h.track = 'shapes.leads' AND h.lead_key IN ('1', '2', '3', '4')
 ORDER BY h.lead_key::bigint;
-- a team calendar applies to stays that begin after it is set; NULL removes it
SELECT lead_align.team_calendar('shapes.leads', 'sales', NULL);
INSERT INTO shapes.leads (id, status, modified) VALUES (5, 'MQL', '2026-01-05 08:00+00');
SELECT h.lead_key, h.due_at, c.calendar
  FROM lead_align.handoff h JOIN lead_align.stay_calendar c ON c.id = h.calendar_id
 WHERE h.track = 'shapes.leads' AND h.lead_key IN ('1', '5') ORDER BY h.id;
SELECT lead_align.team_calendar('shapes.leads', 'sales', 'Mo-Fr 09:00-17:00; tz America/New_York');

-------------------------------------------------------------------------------
-- 2. A minute-stamped sync.  The CRM writes LastModifiedDate to the minute:
-- two moves in one minute carry the same value, which this change wrote
-- (it is in the SET list), so both are recorded at 10:07, not at load time.
-------------------------------------------------------------------------------
INSERT INTO shapes.leads (id, status, modified) VALUES (10, 'New', '2026-01-05 10:00+00');
UPDATE shapes.leads SET status = 'MQL', modified = '2026-01-05 10:07+00' WHERE id = 10;
UPDATE shapes.leads SET status = 'Accepted', modified = '2026-01-05 10:07+00' WHERE id = 10;
-- the same through an upsert: ON CONFLICT DO UPDATE's SET list counts too
INSERT INTO shapes.leads (id, status, modified) VALUES (10, 'SQL', '2026-01-05 10:07+00')
	ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, modified = EXCLUDED.modified;
SELECT lead, kind, cycle, from_stage, to_stage, event_time FROM pg_temp.rows('shapes.leads', '10');
-- a change that does not write the column is recorded at the statement's time
BEGIN;
UPDATE shapes.leads SET status = 'Opportunity' WHERE id = 10;
SELECT kind, event_time BETWEEN now() AND statement_timestamp() AS at_statement_time FROM lead_align.handoff
 WHERE track = 'shapes.leads' AND lead_key = '10' ORDER BY id DESC LIMIT 1;
ROLLBACK;
-- MERGE's tg_updatedcols is the union of all its UPDATE actions: here the
-- matched action sets only the status, so the unchanged modified does not
-- count and the statement's time is recorded
BEGIN;
MERGE INTO shapes.leads l USING (VALUES (10::bigint, 'Opportunity', NULL::timestamptz)) AS s (id, status, modified)
	ON l.id = s.id
	WHEN MATCHED AND s.modified IS NOT NULL THEN UPDATE SET status = s.status, modified = s.modified
	WHEN MATCHED THEN UPDATE SET status = s.status;
SELECT kind, to_stage, event_time BETWEEN now() AND statement_timestamp() AS at_statement_time FROM lead_align.handoff
 WHERE track = 'shapes.leads' AND lead_key = '10' ORDER BY id DESC LIMIT 1;
ROLLBACK;
-- a stamp a little earlier than the previous event (10:07) is raised to it;
-- more than 24 hours earlier is a sign of a wrong mapping: 22023
UPDATE shapes.leads SET status = 'Opportunity', modified = '2026-01-05 10:06+00' WHERE id = 10;
\x on
SELECT * FROM pg_temp.try($$UPDATE shapes.leads SET status = 'Closed Won', modified = '2026-01-04 10:06+00' WHERE id = 10$$);
\x off
SELECT lead, kind, from_stage, to_stage, event_time FROM pg_temp.rows('shapes.leads', '10');

-------------------------------------------------------------------------------
-- 3. Reasons.  A two-step save (the reason and its note first, the stage
-- second) is a lose with that reason; the same code in two cycles counts in
-- both; a move that takes no reason ignores the column's code; 'other' takes
-- its note from the note column.
-------------------------------------------------------------------------------
INSERT INTO shapes.leads (id, status, modified) VALUES
	(20, 'SQL', '2026-01-05 08:00+00'), (21, 'MQL', '2026-01-05 09:00+00'),
	(22, 'MQL', '2026-01-05 09:00+00');
UPDATE shapes.leads SET status = 'Opportunity', modified = '2026-01-05 08:30+00' WHERE id = 20;
UPDATE shapes.leads SET lost_reason = 'price', lost_note = 'chose a cheaper tool', modified = '2026-01-05 09:01+00' WHERE id = 20;
UPDATE shapes.leads SET status = 'Closed Lost', modified = '2026-01-05 09:02+00' WHERE id = 20;
-- lead 21: rejected as bad_fit, handed over again (the handoff takes no
-- reason and ignores the column's), rejected again with the unchanged code
UPDATE shapes.leads SET status = 'Nurture', lost_reason = 'bad_fit', modified = '2026-01-05 10:00+00' WHERE id = 21;
UPDATE shapes.leads SET status = 'MQL', modified = '2026-01-05 11:00+00' WHERE id = 21;
UPDATE shapes.leads SET status = 'Nurture', modified = '2026-01-05 12:00+00' WHERE id = 21;
UPDATE shapes.leads SET status = 'Nurture', lost_reason = 'other', lost_note = 'asked for a partner', modified = '2026-01-05 10:00+00' WHERE id = 22;
SELECT lead, kind, cycle, from_cycle, from_stage, to_stage, reason, note, event_time
  FROM pg_temp.rows('shapes.leads', '20', '21', '22');
-- a code written with this change is checked strictly: a reason on an
-- accept (which takes none) and a lose code for a reject are 22023; 'other'
-- without a note is refused (23514)
\x on
SELECT * FROM pg_temp.try($$UPDATE shapes.leads SET status = 'Accepted', lost_reason = 'bad_fit', modified = '2026-01-05 13:00+00' WHERE id = 1$$);
SELECT * FROM pg_temp.try($$UPDATE shapes.leads SET status = 'Nurture', lost_reason = 'price', modified = '2026-01-05 13:00+00' WHERE id = 1$$);
SELECT * FROM pg_temp.try($$UPDATE shapes.leads SET status = 'Nurture', lost_reason = 'other', lost_note = NULL, modified = '2026-01-05 13:00+00' WHERE id = 1$$);
\x off
SELECT id, status, lost_reason FROM shapes.leads WHERE id = 1;

-------------------------------------------------------------------------------
-- 4. Touches.  Every new value of the touch column is a touch; rows of one
-- change come in the order touch, reassign, stage move, so a touch made with
-- a reject belongs to the mql stay it touched.  touched_at is the column's
-- value clamped into [the stay's start, the change's time].  The first owner
-- assignment is a reassign.
-------------------------------------------------------------------------------
INSERT INTO shapes.leads (id, status, modified) VALUES (30, 'MQL', '2026-01-05 09:00+00'), (31, 'MQL', '2026-01-05 09:00+00');
-- lead 30: touched in cycle 1, recycled, handed over again, touched in cycle 2
UPDATE shapes.leads SET last_contacted = '2026-01-05 09:30+00', modified = '2026-01-05 09:31+00' WHERE id = 30;
UPDATE shapes.leads SET status = 'Nurture', lost_reason = 'bad_timing', modified = '2026-01-05 10:00+00' WHERE id = 30;
UPDATE shapes.leads SET status = 'MQL', modified = '2026-01-06 09:00+00' WHERE id = 30;
-- the CRM's touch time (08:00) is before this stay began (09:00): clamped
UPDATE shapes.leads SET last_contacted = '2026-01-06 08:00+00', modified = '2026-01-06 09:15+00' WHERE id = 30;
-- lead 31: the rep calls, takes the lead and rejects it in one save
UPDATE shapes.leads SET last_contacted = '2026-01-05 09:40+00', owner = 'rita', status = 'Nurture',
	lost_reason = 'duplicate', modified = '2026-01-05 09:45+00' WHERE id = 31;
SELECT lead, kind, cycle, from_cycle, from_stage, to_stage, reason, owner, event_time, touched_at
  FROM pg_temp.rows('shapes.leads', '30', '31');

-------------------------------------------------------------------------------
-- 5. Temperature history: a temperature change without a move is a
-- temperature row with the rule that fired; a change of the rules' inputs
-- that keeps the temperature is silent; a rise to the handoff temperature in
-- new or nurture is the automatic handoff instead, written with the
-- canonical label.  The rule is carried on every later row.
-------------------------------------------------------------------------------
INSERT INTO shapes.leads (id, status, modified) VALUES (40, 'Accepted', '2026-01-05 09:00+00'), (41, 'New', '2026-01-05 09:00+00');
UPDATE shapes.leads SET budget = 5000, modified = '2026-01-05 10:00+00' WHERE id = 40;	-- cold -> warm
UPDATE shapes.leads SET budget = 6000, modified = '2026-01-05 11:00+00' WHERE id = 40;	-- still warm: nothing
UPDATE shapes.leads SET budget = 20000, modified = '2026-01-05 12:00+00' WHERE id = 40;	-- warm -> hot
UPDATE shapes.leads SET owner = 'sam', modified = '2026-01-05 13:00+00' WHERE id = 40;	-- reassign, rule carried
UPDATE shapes.leads SET budget = 50000, modified = '2026-01-05 10:00+00' WHERE id = 41;	-- hot: handoff
SELECT id, status, rating FROM shapes.leads WHERE id IN (40, 41) ORDER BY id;
SELECT lead, kind, from_stage, to_stage, temp, rule, owner, event_time FROM pg_temp.rows('shapes.leads', '40', '41');
-- a rule added later and reclassify(): the leads it changes get temperature rows
SELECT lead_align.add_rule('shapes.leads', 'warm', $$owner = 'rita'$$, name => 'ritas_pick');
CALL lead_align.reclassify('shapes.leads');
SELECT lead, kind, from_stage, to_stage, temp, rule FROM pg_temp.rows('shapes.leads', '31') WHERE kind = 'temperature';

-------------------------------------------------------------------------------
-- 6. A key deleted and inserted again continues at the next cycle.
-------------------------------------------------------------------------------
INSERT INTO shapes.leads (id, status, modified) VALUES (50, 'New', '2026-01-05 09:00+00');
DELETE FROM shapes.leads WHERE id = 50;
INSERT INTO shapes.leads (id, status, modified) VALUES (50, 'New', NULL);
SELECT lead, kind, cycle, from_cycle, from_stage, to_stage FROM pg_temp.rows('shapes.leads', '50');

-------------------------------------------------------------------------------
-- 7. move() on a text, a lead_stage and an enum stage column, each with a
-- bigint key found through its index: the stage is written in the column's
-- type (the canonical label for text), and the reason, note and event-time
-- columns are written as a CRM would.
-------------------------------------------------------------------------------
INSERT INTO shapes.leads (id, status, modified) VALUES (60, 'Marketing Qualified', '2026-01-05 09:00+00');
BEGIN;
SELECT seq_scan AS seq0, idx_scan AS idx0 FROM pg_stat_xact_user_tables WHERE relid = 'shapes.leads'::regclass \gset
SELECT lead_align.move('shapes.leads', '60', 'nurture', reason => 'other', note => 'wrong region');
SELECT seq_scan - :seq0 AS seq_scans, idx_scan - :idx0 AS index_scans
  FROM pg_stat_xact_user_tables WHERE relid = 'shapes.leads'::regclass;
SELECT id, status, lost_reason, lost_note, modified BETWEEN now() AND statement_timestamp() AS modified_now
  FROM shapes.leads WHERE id = 60;
SELECT lead_align.move('shapes.leads', '60', 'mql');
SELECT id, status FROM shapes.leads WHERE id = 60;
COMMIT;
SELECT lead, kind, from_stage, to_stage, reason, note FROM pg_temp.rows('shapes.leads', '60');

CREATE TABLE shapes.deals (id bigint PRIMARY KEY, stage lead_align.lead_stage NOT NULL, why varchar(40), at timestamptz);
SELECT lead_align.track('shapes.deals', key => 'id', stage => 'stage', reason => 'why', event_time => 'at') > 0 AS tracked;
INSERT INTO shapes.deals VALUES (9000000000, 'sql', NULL, '2026-01-05 09:00+00');
BEGIN;
SELECT seq_scan AS seq0, idx_scan AS idx0 FROM pg_stat_xact_user_tables WHERE relid = 'shapes.deals'::regclass \gset
SELECT lead_align.move('shapes.deals', '9000000000', 'lost', reason => 'timing');
SELECT seq_scan - :seq0 AS seq_scans, idx_scan - :idx0 AS index_scans
  FROM pg_stat_xact_user_tables WHERE relid = 'shapes.deals'::regclass;
SELECT id, stage, why, at BETWEEN now() AND statement_timestamp() AS at_now FROM shapes.deals;
COMMIT;
SELECT lead_key, kind, from_stage, to_stage, reason FROM lead_align.handoff WHERE track = 'shapes.deals' ORDER BY id;

CREATE TYPE shapes.opp_stage AS ENUM ('Prospect', 'Qualified', 'Won', 'Lost');
CREATE TABLE shapes.opps (id bigint PRIMARY KEY, stage shapes.opp_stage NOT NULL);
SELECT lead_align.track('shapes.opps', key => 'id', stage => 'stage') > 0 AS tracked;
SELECT count(lead_align.map_stage('shapes.opps', l, s::lead_align.lead_stage)) AS labels
  FROM (VALUES ('Prospect', 'sql'), ('Qualified', 'opportunity'), ('Won', 'won'), ('Lost', 'lost')) AS m (l, s);
INSERT INTO shapes.opps VALUES (7, 'Prospect');
SELECT lead_align.move('shapes.opps', '7', 'opportunity');
SELECT lead_align.move('shapes.opps', '7', 'won');
SELECT id, stage FROM shapes.opps;
SELECT lead_key, kind, from_stage, to_stage FROM lead_align.handoff WHERE track = 'shapes.opps' ORDER BY id;

-------------------------------------------------------------------------------
-- 8. A date-only history export, loaded in backfill mode with text keys:
-- event times come from the data (2017, not the load time); a NULL date
-- means the previous event's time; each lead's history must come in time
-- order.  Then alter_track() switches the track to enforce, with no gap.
-------------------------------------------------------------------------------
CREATE TABLE shapes.history (key text PRIMARY KEY, stage lead_align.lead_stage NOT NULL, closed date,
	changed timestamptz);
SELECT lead_align.track('shapes.history', key => 'key', stage => 'stage', event_time => 'changed',
		mode => 'backfill') > 0 AS tracked;
INSERT INTO shapes.history VALUES ('0061a', 'mql', NULL, '2017-03-01');
UPDATE shapes.history SET stage = 'sql', changed = '2017-03-05' WHERE key = '0061a';
UPDATE shapes.history SET stage = 'opportunity', changed = NULL WHERE key = '0061a';	-- undated: 2017-03-05
UPDATE shapes.history SET stage = 'won', closed = '2017-04-01', changed = '2017-04-01' WHERE key = '0061a';
\x on
SELECT * FROM pg_temp.try($$UPDATE shapes.history SET stage = 'lost', changed = '2017-03-31' WHERE key = '0061a'$$);
\x off
SELECT lead_key, kind, from_stage, to_stage, event_time FROM lead_align.handoff WHERE track = 'shapes.history' ORDER BY id;
SELECT lead_align.alter_track('shapes.history', mode => 'enforce') > 0 AS altered;
INSERT INTO shapes.history VALUES ('0061b', 'mql', NULL, '2026-01-05 09:00+00');
\x on
SELECT * FROM pg_temp.try($$UPDATE shapes.history SET stage = 'won', changed = '2026-01-05 10:00+00' WHERE key = '0061b'$$);
\x off

-------------------------------------------------------------------------------
-- 9. Edge shapes.
-------------------------------------------------------------------------------
-- a load procedure that backfills, switches to enforce and goes on in one
-- call: every statement after alter_track() runs under the new mode
INSERT INTO shapes.history VALUES ('0061c', 'mql', NULL, '2026-01-05 09:00+00'), ('0061d', 'mql', NULL, '2026-01-05 09:00+00');
SELECT lead_align.alter_track('shapes.history', mode => 'backfill') > 0 AS altered;
\x on
SELECT * FROM pg_temp.try($try$DO $do$ BEGIN
	UPDATE shapes.history SET stage = 'won', changed = '2026-01-05 10:00+00' WHERE key = '0061c';	-- backfill: accepted
	PERFORM lead_align.alter_track('shapes.history', mode => 'enforce');
	UPDATE shapes.history SET stage = 'won', changed = '2026-01-05 10:00+00' WHERE key = '0061d';	-- enforce: refused
END $do$$try$);
\x off
SELECT key, stage FROM shapes.history WHERE key IN ('0061c', '0061d') ORDER BY key;

-- a rule added without reclassify(): a touch records the temperature the
-- row has (and the rule the ledger last gave it), not what the rules would
-- say now, and no temperature row; an owner change re-derives the row here
-- (a rule reads the owner), so it records the rules' answer and the drop
SELECT lead_align.add_rule('shapes.leads', 'warm', $$budget >= 500$$, name => 'low_bar', priority => 0);
INSERT INTO shapes.leads (id, status, budget, modified) VALUES (70, 'Accepted', 700, '2026-01-05 09:00+00');
SELECT lead_align.drop_rule('shapes.leads', 'low_bar');
UPDATE shapes.leads SET last_contacted = '2026-01-05 09:30+00', modified = '2026-01-05 10:00+00' WHERE id = 70;
SELECT id, rating FROM shapes.leads WHERE id = 70;
UPDATE shapes.leads SET owner = 'bob', modified = '2026-01-05 11:00+00' WHERE id = 70;
SELECT id, rating FROM shapes.leads WHERE id = 70;
SELECT lead, kind, temp, rule, owner FROM pg_temp.rows('shapes.leads', '70');

-- leads that predate track(), on a track without a temperature column: the
-- first update that leaves the temperature as it was records no temperature row
CREATE TABLE shapes.plain (id int PRIMARY KEY, stage lead_align.lead_stage NOT NULL, budget int NOT NULL DEFAULT 0, owner text);
INSERT INTO shapes.plain VALUES (1, 'new', 0, NULL), (2, 'new', 0, NULL);
SELECT lead_align.track('shapes.plain', key => 'id', stage => 'stage', owner => 'owner') > 0 AS tracked;
SELECT lead_align.add_rule('shapes.plain', 'warm', $$budget >= 1000$$, name => 'some_budget');
UPDATE shapes.plain SET owner = 'bob' WHERE id = 1;			-- a reassign only
UPDATE shapes.plain SET budget = 10 WHERE id = 2;			-- still cold: nothing
UPDATE shapes.plain SET budget = 2000 WHERE id = 2;			-- cold -> warm
SELECT lead, kind, from_stage, to_stage, temp, rule, owner FROM pg_temp.rows('shapes.plain', '1', '2');

-- COPY straight into a partition, then an UPDATE in the same transaction:
-- the copied rows are in the ledger before the UPDATE looks for the lead's
-- previous event
CREATE TABLE shapes.parts (id bigint PRIMARY KEY, stage lead_align.lead_stage NOT NULL, modified timestamptz) PARTITION BY RANGE (id);
CREATE TABLE shapes.parts_a PARTITION OF shapes.parts FOR VALUES FROM (0) TO (100);
SELECT lead_align.track('shapes.parts', key => 'id', stage => 'stage', event_time => 'modified') > 0 AS tracked;
BEGIN;
COPY shapes.parts_a (id, stage, modified) FROM stdin;
2	new	2026-02-01 10:00+00
\.
SELECT count(*) AS ledger_rows FROM lead_align.handoff WHERE track = 'shapes.parts';
\x on
SELECT * FROM pg_temp.try($$UPDATE shapes.parts SET stage = 'mql', modified = '2026-01-01 11:00+00' WHERE id = 2$$);
\x off
COMMIT;

-- infinite event times are refused (22008): every later event would be
-- raised to infinity
\x on
SELECT * FROM pg_temp.try($$INSERT INTO shapes.leads (id, status, modified) VALUES (80, 'MQL', 'infinity')$$);
SELECT * FROM pg_temp.try($$UPDATE shapes.leads SET status = 'Accepted', modified = '-infinity' WHERE id = 1$$);
\x off

-- move(): a generated event-time column is left to its expression (and,
-- unchanged, does not count as written: the move is at the statement's
-- time); a note without a reason is refused
CREATE TABLE shapes.dated (id numeric PRIMARY KEY, stage lead_align.lead_stage NOT NULL, close_date date,
	modified timestamptz GENERATED ALWAYS AS ((close_date + time '00:00') AT TIME ZONE 'UTC') STORED,
	why text);
SELECT lead_align.track('shapes.dated', key => 'id', stage => 'stage', event_time => 'modified', reason => 'why') > 0 AS tracked;
INSERT INTO shapes.dated (id, stage, close_date) VALUES (1, 'sql', '2026-01-05');
BEGIN;
SELECT lead_align.move('shapes.dated', '1', 'opportunity');
SELECT lead_key, kind, from_stage, to_stage, event_time = '2026-01-05 00:00+00' AS at_close_date,
	   event_time BETWEEN now() AND statement_timestamp() AS at_statement_time
  FROM lead_align.handoff WHERE track = 'shapes.dated' ORDER BY id;
COMMIT;
\x on
SELECT * FROM pg_temp.try($$SELECT lead_align.move('shapes.dated', '1', 'lost', note => 'went quiet')$$);
\x off

-- a delete of a lead the state table does not know (lead 2, whose state
-- forget() erased; a lead that predates track() is the same case): a delete
-- row, and its state kept as deleted, like lead 3's, a lead created here
INSERT INTO shapes.plain VALUES (3, 'mql', 0, NULL);
SELECT lead_align.forget('shapes.plain', '2') AS forgotten_rows;
DELETE FROM shapes.plain WHERE id IN (2, 3);
SELECT lead_key, stage, deleted, cycle FROM lead_align.lead_current c JOIN lead_align.track t ON t.id = c.track_id
 WHERE t.relid = 'shapes.plain'::regclass AND lead_key IN ('2', '3') ORDER BY lead_key;
SELECT lead, kind, from_stage, to_stage FROM pg_temp.rows('shapes.plain', '2', '3');

-------------------------------------------------------------------------------
-- Clean up
-------------------------------------------------------------------------------
SELECT lead_align.untrack(t, purge => true)
  FROM unnest(ARRAY['shapes.leads', 'shapes.deals', 'shapes.opps', 'shapes.history', 'shapes.plain',
				   'shapes.parts', 'shapes.dated']::regclass[]) AS t;
SET client_min_messages = warning;
DROP SCHEMA shapes CASCADE;
RESET client_min_messages;
