-- Tracking modes (DESIGN 4, "Modes"): record (a broken agreement is written
-- and marked as a violation instead of failing) and backfill (no checks,
-- event times from the data, even going backwards); and the ledger buffer of
-- statements aimed straight at a partition of a tracked table.  Every
-- expected value was worked out from DESIGN by hand.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';

\i test/fixtures/try.sql

CREATE FUNCTION pg_temp.moves(tbl regclass)
RETURNS TABLE (lead text, kind text, cycle int, from_stage text, to_stage text, temp text, rule text,
			   reason text, note text, violation boolean, actor name, event_time timestamptz)
LANGUAGE sql AS $$
	SELECT h.lead_key, h.kind, h.cycle, h.from_stage::text, h.to_stage::text, h.temperature::text, h.rule,
		   h.reason, h.note, h.violation, h.actor, h.event_time
	  FROM lead_align.handoff h JOIN lead_align.track t ON t.id = h.track_id
	 WHERE t.relid = tbl
	 ORDER BY h.lead_key::bigint, h.id
$$;

CREATE SCHEMA modes;
CREATE ROLE modes_sales;
CREATE ROLE modes_outsider;
GRANT USAGE ON SCHEMA modes TO modes_outsider;
SELECT lead_align.bind_team('sales', 'modes_sales');

-------------------------------------------------------------------------------
-- record mode
-------------------------------------------------------------------------------
CREATE TABLE modes.rec (id int PRIMARY KEY, stage text NOT NULL, reason text, at timestamptz, owner text);
GRANT SELECT, UPDATE ON modes.rec TO modes_outsider;
SELECT lead_align.track('modes.rec', 'id', 'stage', reason => 'reason', event_time => 'at', owner => 'owner',
		mode => 'record') > 0 AS tracked;
SELECT count(lead_align.map_stage('modes.rec', s, s::lead_align.lead_stage)) AS labels
  FROM unnest(ARRAY['new', 'nurture', 'mql', 'sal', 'sql', 'opportunity', 'won', 'lost', 'disqualified']) AS s;
-- a start stage the agreement does not allow: written, marked
INSERT INTO modes.rec VALUES (1, 'won', NULL, '2025-01-06 10:00+00');
INSERT INTO modes.rec VALUES (2, 'new', NULL, '2025-01-06 10:00+00'), (3, 'sal', NULL, '2025-01-06 10:00+00'),
	(4, 'mql', NULL, '2025-01-06 10:00+00'), (5, 'mql', NULL, '2025-01-06 10:00+00'),
	(6, 'mql', NULL, '2025-01-06 10:00+00'), (7, 'new', NULL, '2025-01-06 10:00+00');
-- skipping stages
UPDATE modes.rec SET stage = 'sql', at = '2025-01-06 11:00+00' WHERE id = 2;
-- a recycle without a reason
UPDATE modes.rec SET stage = 'nurture', at = '2025-01-06 11:00+00' WHERE id = 3;
-- an unknown code on mql -> nurture
UPDATE modes.rec SET stage = 'nurture', reason = 'nope', at = '2025-01-06 11:00+00' WHERE id = 4;
-- other without a note
UPDATE modes.rec SET stage = 'nurture', reason = 'other', at = '2025-01-06 11:00+00' WHERE id = 5;
-- a sales move by a user outside the sales role
SET ROLE modes_outsider;
UPDATE modes.rec SET stage = 'sal', at = '2025-01-06 11:00+00' WHERE id = 6;
RESET ROLE;
-- and one that keeps the agreement
UPDATE modes.rec SET stage = 'sql', at = '2025-01-06 12:00+00' WHERE id = 6;
SELECT id, stage, reason FROM modes.rec ORDER BY id;
SELECT * FROM pg_temp.moves('modes.rec');
-- an event time more than 24 hours back is refused in record mode too
\x on
SELECT * FROM pg_temp.try($$UPDATE modes.rec SET stage = 'nurture', at = '2025-01-05 09:00+00' WHERE id = 7$$);
\x off

-------------------------------------------------------------------------------
-- backfill mode: no checks; event times from the data; reasons recorded
-------------------------------------------------------------------------------
CREATE TABLE modes.hist (id int PRIMARY KEY, stage text NOT NULL, temperature text, reason text,
	at timestamptz, visits int);
SELECT lead_align.track('modes.hist', 'id', 'stage', temperature => 'temperature', reason => 'reason',
		event_time => 'at', handoff_temperature => 'hot', mode => 'backfill') > 0 AS tracked;
SELECT count(lead_align.map_stage('modes.hist', s, s::lead_align.lead_stage)) AS labels
  FROM unnest(ARRAY['new', 'nurture', 'mql', 'sal', 'sql', 'opportunity', 'won', 'lost', 'disqualified']) AS s;
SELECT lead_align.add_rule('modes.hist', 'hot', $$visits >= 10$$, name => 'busy');
INSERT INTO modes.hist VALUES (1, 'won', NULL, NULL, '2025-01-06 10:00+00', 0),
	(2, 'new', NULL, NULL, '2025-01-06 10:00+00', 20),
	(3, 'mql', NULL, NULL, '2025-01-06 10:00+00', 0),
	(4, 'sal', NULL, NULL, '2025-01-06 10:00+00', 0),
	(5, 'sal', NULL, NULL, '2025-01-06 10:00+00', 0);
-- reject and recycle with their reasons (the reason's kind decides mql -> nurture)
UPDATE modes.hist SET stage = 'nurture', reason = 'bad_fit', at = '2025-01-06 11:00+00' WHERE id = 3;
UPDATE modes.hist SET stage = 'nurture', reason = 'no_budget', at = '2025-01-06 11:00+00' WHERE id = 4;
-- a move without its reason
UPDATE modes.hist SET stage = 'mql', reason = NULL, at = '2025-01-06 12:00+00' WHERE id = 4;
-- history must come in time order, per lead: an earlier time is refused
\x on
SELECT * FROM pg_temp.try($$UPDATE modes.hist SET stage = 'sal', at = '2025-01-06 11:59+00' WHERE id = 4$$);
\x off
UPDATE modes.hist SET stage = 'nurture', at = '2025-01-06 11:00+00' WHERE id = 5;
-- a move the agreement does not have
UPDATE modes.hist SET stage = 'nurture', at = '2025-01-07 10:00+00' WHERE id = 1;
SELECT id, stage, temperature FROM modes.hist ORDER BY id;
SELECT * FROM pg_temp.moves('modes.hist');
SELECT lead_key, stage, since, cycle FROM lead_align.lead_state s JOIN lead_align.track t ON t.id = s.track_id
 WHERE t.relid = 'modes.hist'::regclass ORDER BY lead_key::bigint;

-------------------------------------------------------------------------------
-- A partitioned table, written through its partitions: the rows are
-- buffered (no statement trigger of the parent fires); a savepoint rolled
-- back drops what it buffered.
-------------------------------------------------------------------------------
CREATE TABLE modes.parted (id int PRIMARY KEY, stage lead_align.lead_stage NOT NULL) PARTITION BY RANGE (id);
CREATE TABLE modes.parted_low PARTITION OF modes.parted FOR VALUES FROM (0) TO (100);
CREATE TABLE modes.parted_high PARTITION OF modes.parted FOR VALUES FROM (100) TO (1000);
SELECT lead_align.track('modes.parted', 'id', 'stage') > 0 AS tracked;
-- through the parent: the row triggers fire on the partition
INSERT INTO modes.parted VALUES (50, 'new');
SELECT lead, kind, to_stage FROM pg_temp.moves('modes.parted');
BEGIN;
INSERT INTO modes.parted_low VALUES (1, 'new');
-- written at the end of the statement (DESIGN 4, pipeline step 2)
SELECT lead, kind, to_stage FROM pg_temp.moves('modes.parted');
SAVEPOINT s;
INSERT INTO modes.parted_low VALUES (2, 'new');
ROLLBACK TO SAVEPOINT s;
INSERT INTO modes.parted_high VALUES (100, 'mql');
UPDATE modes.parted_low SET stage = 'nurture' WHERE id = 1;
COMMIT;
SELECT lead, kind, from_stage, to_stage FROM pg_temp.moves('modes.parted');
SELECT * FROM modes.parted ORDER BY id;
-- partitions laid out alike share one compiled copy of the track; a
-- partition with another column layout (a dropped column) compiles its own
CREATE TABLE modes.parted_odd (dropped int, id int NOT NULL, stage lead_align.lead_stage NOT NULL);
ALTER TABLE modes.parted_odd DROP COLUMN dropped;
ALTER TABLE modes.parted ATTACH PARTITION modes.parted_odd FOR VALUES FROM (1000) TO (2000);
\c
INSERT INTO modes.parted VALUES (3, 'new'), (101, 'new');
SELECT count(*) AS compiled_tracks FROM pg_backend_memory_contexts WHERE name = 'lead_align track';
INSERT INTO modes.parted VALUES (1001, 'new');
SELECT count(*) AS compiled_tracks FROM pg_backend_memory_contexts WHERE name = 'lead_align track';
-- each partition, attached or created later too, refuses TRUNCATE on its own
-- (statement triggers are not cloned to partitions)
TRUNCATE modes.parted_odd;
CREATE TABLE modes.parted_new PARTITION OF modes.parted FOR VALUES FROM (2000) TO (3000);
TRUNCATE modes.parted_new;
TRUNCATE modes.parted_low;
ALTER TABLE modes.parted DETACH PARTITION modes.parted_new;
TRUNCATE modes.parted_new;	-- no longer part of the tracked table

-------------------------------------------------------------------------------
-- Clean up
-------------------------------------------------------------------------------
SELECT lead_align.untrack('modes.rec', purge => true);
SELECT lead_align.untrack('modes.hist', purge => true);
SELECT lead_align.untrack('modes.parted', purge => true);
SELECT lead_align.bind_team('sales', NULL);
SELECT count(*) AS ledger_rows_left FROM lead_align.handoff;
SET client_min_messages = warning;
DROP SCHEMA modes CASCADE;
RESET client_min_messages;
DROP ROLE modes_sales, modes_outsider;
