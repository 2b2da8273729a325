-- The tracking pipeline (DESIGN 4, 4.1, 4.2, 4.3, 5): every path of the C
-- triggers of an enforce-mode track -- derive (scores, temperature, quadrant,
-- automatic handoff), record (agreement, teams, reasons, cycles, event times,
-- SLA due times, dimensions, touch, reassign, delete) and flush (buffered
-- ledger rows, statements and savepoints that fail), the TRUNCATE guard, a
-- text stage column with labels and a lead_stage one.  Record and backfill
-- modes are in track_modes.
--
-- Every expected value below was worked out from DESIGN by hand.  Calendar:
-- Mo-Fr 09:00-17:00 Europe/Berlin, which in January 2025 is 08:00-16:00 UTC;
-- 2025-01-06 is a Monday.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';

-- Run a statement; report ok or the error it raised.
\i test/fixtures/try.sql

-- The ledger rows of some leads of a table: what happened, and the scores.
CREATE FUNCTION pg_temp.moves(tbl regclass, VARIADIC keys bigint[])
RETURNS TABLE (lead text, kind text, cycle int, from_stage text, to_stage text, from_team text, to_team text,
			   temp text, fit numeric, interest numeric, quadrant text, rule text, reason text, note text,
			   violation boolean, event_time timestamptz)
LANGUAGE sql AS $$
	SELECT h.lead_key, h.kind, h.cycle, h.from_stage::text, h.to_stage::text, h.from_team, h.to_team,
		   h.temperature::text, h.fit, h.interest, h.quadrant, h.rule, h.reason, h.note, h.violation, h.event_time
	  FROM lead_align.handoff h JOIN lead_align.track t ON t.id = h.track_id
	 WHERE t.relid = tbl AND h.lead_key::bigint = ANY (keys)
	 ORDER BY h.lead_key::bigint, h.id
$$;

-- The SLA columns of the same rows.
CREATE FUNCTION pg_temp.slas(tbl regclass, VARIADIC keys bigint[])
RETURNS TABLE (lead text, kind text, to_stage text, temp text, event_time timestamptz, sla_window text,
			   due_at timestamptz, touch_due_at timestamptz)
LANGUAGE sql AS $$
	SELECT h.lead_key, h.kind, h.to_stage::text, h.temperature::text, h.event_time, h.sla_window::text,
		   h.due_at, h.touch_due_at
	  FROM lead_align.handoff h JOIN lead_align.track t ON t.id = h.track_id
	 WHERE t.relid = tbl AND h.lead_key::bigint = ANY (keys)
	 ORDER BY h.lead_key::bigint, h.id
$$;

-- Who did it, the owner and the dimensions snapshot.
CREATE FUNCTION pg_temp.who(tbl regclass, VARIADIC keys bigint[])
RETURNS TABLE (lead text, kind text, actor name, app_user text, owner text, dimensions jsonb)
LANGUAGE sql AS $$
	SELECT h.lead_key, h.kind, h.actor, h.app_user, h.owner, h.dimensions
	  FROM lead_align.handoff h JOIN lead_align.track t ON t.id = h.track_id
	 WHERE t.relid = tbl AND h.lead_key::bigint = ANY (keys)
	 ORDER BY h.lead_key::bigint, h.id
$$;

CREATE FUNCTION pg_temp.ledger_rows() RETURNS bigint
LANGUAGE sql AS $$ SELECT count(*) FROM lead_align.handoff $$;

CREATE SCHEMA pipe;
CREATE TABLE pipe.leads (
	id					bigint PRIMARY KEY,
	stage				text,
	temperature			text,
	fit_score			int,
	interest_score		int,
	owner				text,
	first_contacted_at	timestamptz,
	updated_at			timestamptz,
	stage_reason		text,
	source				text,
	employees			int,
	partner				boolean,
	industry			text,
	visits				int,
	demo_requested		boolean,
	decision_date		date,
	notes				text			-- no rule reads it, nothing maps it
);
SELECT lead_align.track('pipe.leads',
		key         => 'id',
		stage       => 'stage',
		temperature => 'temperature',
		fit         => 'fit_score',
		interest    => 'interest_score',
		owner       => 'owner',
		touch       => 'first_contacted_at',
		event_time  => 'updated_at',
		reason      => 'stage_reason',
		dimensions  => ARRAY['source', 'employees', 'partner'],
		calendar    => 'Mo-Fr 09:00-17:00; tz Europe/Berlin',
		handoff_temperature => 'hot',
		fit_threshold => 50, interest_threshold => 50,
		mode        => 'enforce') > 0 AS tracked;
-- labels: the canonical words, and two CRM labels; the automatic handoff
-- writes the canonical 'mql'
SELECT count(lead_align.map_stage('pipe.leads', l, s::lead_align.lead_stage)) AS labels
  FROM (VALUES ('new', 'new'), ('Inquiry', 'new'), ('nurture', 'nurture'), ('mql', 'mql'),
			   ('Open - Not Contacted', 'mql'), ('sal', 'sal'), ('sql', 'sql'), ('opportunity', 'opportunity'),
			   ('won', 'won'), ('lost', 'lost'), ('disqualified', 'disqualified')) AS m (l, s);
-- scores: fit 30 + 30, -40 for students; interest 40 + 20
SELECT lead_align.add_score('pipe.leads', 'fit', $$industry IN ('saas', 'fintech')$$, 30, name => 'target_industry');
SELECT lead_align.add_score('pipe.leads', 'fit', $$employees >= 100$$, 30, name => 'size');
SELECT lead_align.add_score('pipe.leads', 'fit', $$industry = 'student'$$, -40, name => 'students');
SELECT lead_align.add_score('pipe.leads', 'interest', $$demo_requested$$, 40, name => 'demo');
SELECT lead_align.add_score('pipe.leads', 'interest', $$visits >= 3$$, 20, name => 'visits');
-- classification, in priority order: blocked (explicit 0), hot_engaged,
-- deadline (hot, in the order added), warm_active
SELECT lead_align.add_rule('pipe.leads', 'hot', $$interest >= 60 AND fit >= 50$$, 'engaged and a fit', name => 'hot_engaged');
SELECT lead_align.add_rule('pipe.leads', 'hot', $$decision_date <= '2025-06-30'$$, 'decides by June', name => 'deadline');
SELECT lead_align.add_rule('pipe.leads', 'warm', $$demo_requested OR visits >= 3$$, 'active', name => 'warm_active');
SELECT lead_align.add_rule('pipe.leads', 'cold', $$source = 'spam_list'$$, 'bought list', name => 'blocked', priority => 0);
SELECT name, temperature FROM lead_align.rule r JOIN lead_align.track t ON t.id = r.track_id
 WHERE t.relid = 'pipe.leads'::regclass AND r.kind = 'temperature' ORDER BY r.priority;
-- SLAs: exact (stage, temperature) beats (stage, any)
SELECT lead_align.sla('pipe.leads', 'new', "window" => '1 business day');
SELECT lead_align.sla('pipe.leads', 'nurture', "window" => '5 business days');
SELECT lead_align.sla('pipe.leads', 'mql', "window" => '4 business hours');
SELECT lead_align.sla('pipe.leads', 'mql', 'hot', '1 business hour');
SELECT lead_align.sla('pipe.leads', 'mql', 'hot', '30 minutes', kind => 'touch');
SELECT lead_align.sla('pipe.leads', 'sal', "window" => '2 business days');
-- sales is bound to a role (superusers pass has_privs_of_role)
CREATE ROLE pipe_sales;
CREATE ROLE pipe_rep IN ROLE pipe_sales;
CREATE ROLE pipe_outsider;
GRANT USAGE ON SCHEMA pipe TO pipe_rep, pipe_outsider;
GRANT SELECT, INSERT, UPDATE ON pipe.leads TO pipe_rep, pipe_outsider;
SELECT lead_align.bind_team('sales', 'pipe_sales');
SELECT lead_align.add_reason('pipe.leads', 'no_show', 'recycle', 'missed two meetings');
SELECT lead_align.disable_reason('pipe.leads', 'unreachable', 'recycle');
SELECT lead_align.disable_reason('pipe.leads', 'competitor', 'reject');

-------------------------------------------------------------------------------
-- 1. Insert into each allowed start stage.  Nothing matches: cold, scores 0
-- (the statement's own temperature, fit and interest are overwritten).
-------------------------------------------------------------------------------
INSERT INTO pipe.leads (id, stage, temperature, fit_score, interest_score, owner, updated_at,
						source, employees, partner, industry, visits, demo_requested)
VALUES (1, 'new', 'hot', 99, 99, 'alice', '2025-01-06 07:00+00', 'web', 10, false, 'retail', 1, false),
	   (2, 'nurture', 'warm', 99, 99, 'alice', '2025-01-06 09:00+00', 'web', 10, false, 'retail', 1, false),
	   (3, 'Open - Not Contacted', NULL, NULL, NULL, 'bob', '2025-01-06 10:00+00', 'ads', 20, true, 'retail', 0, false),
	   (4, 'sal', 'cold', -5, 7, 'carol', '2025-01-06 15:30+00', 'event', 30, false, 'retail', 2, false);
SELECT id, stage, temperature, fit_score, interest_score FROM pipe.leads ORDER BY id;
SELECT * FROM pg_temp.moves('pipe.leads', 1, 2, 3, 4);
-- new: 1 business day from Monday 08:00 (closed) is Tuesday's opening;
-- nurture: 5 business days from Monday 10:00 is the next Monday 10:00;
-- mql (cold: the any-temperature window): Monday 11:00 + 4 h = 15:00;
-- sal: Monday 16:30 + 2 business days = Wednesday 16:30 (all Berlin time)
SELECT * FROM pg_temp.slas('pipe.leads', 1, 2, 3, 4);
-- dimensions: text, integer and boolean columns as JSON values
SELECT * FROM pg_temp.who('pipe.leads', 1, 2, 3, 4);
-- sql, with no event time: the statement's time; no SLA for sql
BEGIN;
INSERT INTO pipe.leads (id, stage, owner) VALUES (5, 'sql', 'dave');
SELECT kind, to_stage, to_team, event_time BETWEEN now() AND statement_timestamp() AS at_statement_time, sla_window, due_at, dimensions
  FROM lead_align.handoff WHERE lead_key = '5';
COMMIT;

-- A refused start stage: the error names it and lists the allowed starts;
-- nothing is written.
CREATE TEMP TABLE counts AS SELECT (SELECT count(*) FROM pipe.leads) AS leads, pg_temp.ledger_rows() AS ledger;
\x on
SELECT * FROM pg_temp.try($$INSERT INTO pipe.leads (id, stage, updated_at) VALUES (6, 'won', '2025-01-06 10:00+00')$$);
SELECT * FROM pg_temp.try($$INSERT INTO pipe.leads (id, stage, updated_at) VALUES (6, 'opportunity', '2025-01-06 10:00+00')$$);
\x off
INSERT INTO pipe.leads (id, stage, updated_at) VALUES (6, 'disqualified', '2025-01-06 10:00+00');
SELECT (SELECT count(*) FROM pipe.leads) - leads AS new_leads, pg_temp.ledger_rows() - ledger AS new_ledger_rows FROM counts;

-------------------------------------------------------------------------------
-- 2. Classification (DESIGN 4.1): score rules first, then the first matching
-- classification rule by priority; none matching is cold; NULL is false.
-------------------------------------------------------------------------------
INSERT INTO pipe.leads (id, stage, temperature, fit_score, interest_score, updated_at, source, employees, industry,
						visits, demo_requested, decision_date)
VALUES -- matches every hot rule, but the explicit priority 0 rule comes first
	   (10, 'sal', NULL, NULL, NULL, '2025-01-06 12:00+00', 'spam_list', 500, 'saas', 5, true, '2025-03-01'),
	   -- the same lead from elsewhere: hot_engaged (before deadline) on the pseudo-columns
	   (11, 'sal', 'cold', 0, 0, '2025-01-06 12:00+00', 'ads', 500, 'saas', 5, true, '2025-03-01'),
	   -- no scores, but a decision date
	   (12, 'sal', 'warm', 100, 100, '2025-01-06 12:00+00', 'ads', 10, 'retail', 0, false, '2025-03-01'),
	   -- negative points: fit 30 - 40 = -10; interest 40 + 20; not a fit, so warm
	   (13, 'sal', NULL, NULL, NULL, '2025-01-06 12:00+00', 'ads', 200, 'student', 3, true, NULL),
	   -- NULL everywhere: demo_requested OR visits >= 3 is NULL OR false = NULL: cold
	   (14, 'sal', 'hot', NULL, NULL, '2025-01-06 12:00+00', NULL, NULL, NULL, 1, NULL, NULL),
	   -- a fit without interest; true OR NULL is true: warm
	   (15, 'sal', NULL, NULL, NULL, '2025-01-06 12:00+00', 'ads', 100, 'fintech', NULL, true, NULL),
	   -- deadline NULL, demo false, visits NULL: cold
	   (16, 'sal', NULL, NULL, NULL, '2025-01-06 12:00+00', 'ads', 100, 'fintech', NULL, false, NULL);
SELECT id, stage, temperature, fit_score, interest_score FROM pipe.leads WHERE id BETWEEN 10 AND 16 ORDER BY id;
SELECT lead, kind, to_stage, temp, fit, interest, quadrant, rule FROM pg_temp.moves('pipe.leads', 10, 11, 12, 13, 14, 15, 16);

-------------------------------------------------------------------------------
-- 3. Automatic handoff on insert: a hot new (or nurture) lead becomes mql,
-- written by the system: create, then handoff with the rule's name.
-------------------------------------------------------------------------------
INSERT INTO pipe.leads (id, stage, owner, updated_at, source, employees, partner, industry, visits, demo_requested, decision_date)
VALUES (20, 'Inquiry', 'erin', '2025-01-06 10:00+00', 'webinar', 500, true, 'saas', 5, true, NULL),
	   (21, 'nurture', 'erin', '2025-01-10 15:30+00', 'webinar', 5, false, 'retail', 0, false, '2025-02-01'),
	   -- hot, but inserted into mql or sal: no handoff
	   (22, 'mql', 'erin', '2025-01-06 10:00+00', 'webinar', 5, false, 'retail', 0, false, '2025-02-01'),
	   (23, 'sal', 'erin', '2025-01-06 10:00+00', 'webinar', 5, false, 'retail', 0, false, '2025-02-01');
SELECT id, stage, temperature, fit_score, interest_score FROM pipe.leads WHERE id BETWEEN 20 AND 23 ORDER BY id;
SELECT * FROM pg_temp.moves('pipe.leads', 20, 21, 22, 23);
-- new: Monday 11:00 + 1 business day; mql hot: + 1 business hour; touch:
-- + 30 minutes elapsed.  Lead 21 enters on Friday 16:30: nurture 5 business
-- days later is the next Friday 16:30; mql hot: 30 minutes on Friday and 30
-- on Monday; touch: Friday 17:00.  22 is hot in mql; 23 in sal.
SELECT * FROM pg_temp.slas('pipe.leads', 20, 21, 22, 23);

-------------------------------------------------------------------------------
-- 4. Automatic handoff on update: only when the temperature rises to hot in
-- this change, never when the statement sets the stage, never when the lead
-- was hot already.
-------------------------------------------------------------------------------
-- lead 1 (new, cold) becomes hot: handoff new -> mql by rule hot_engaged
UPDATE pipe.leads SET industry = 'saas', employees = 500, visits = 5, demo_requested = true,
	   updated_at = '2025-01-07 09:00+00' WHERE id = 1;
SELECT id, stage, temperature, fit_score, interest_score FROM pipe.leads WHERE id = 1;
SELECT * FROM pg_temp.moves('pipe.leads', 1);
SELECT lead, kind, to_stage, temp, event_time, sla_window, due_at, touch_due_at FROM pg_temp.slas('pipe.leads', 1);
SELECT lead, kind, dimensions FROM pg_temp.who('pipe.leads', 1);
-- lead 3 (mql, cold) rejected to nurture by the statement that makes it hot:
-- it stays in nurture; cycle 2
UPDATE pipe.leads SET stage = 'nurture', stage_reason = 'bad_fit', industry = 'saas', employees = 500,
	   visits = 5, demo_requested = true, updated_at = '2025-01-07 10:00+00' WHERE id = 3;
-- already hot: more visits do not hand it off again
UPDATE pipe.leads SET visits = 6, updated_at = '2025-01-07 11:00+00' WHERE id = 3;
SELECT id, stage, temperature, fit_score, interest_score FROM pipe.leads WHERE id = 3;
-- cold again, then hot again: re-MQL in cycle 2
UPDATE pipe.leads SET visits = 0, demo_requested = false, updated_at = '2025-01-07 12:00+00' WHERE id = 3;
SELECT id, stage, temperature, fit_score, interest_score FROM pipe.leads WHERE id = 3;
UPDATE pipe.leads SET visits = 5, demo_requested = true, updated_at = '2025-01-07 13:00+00' WHERE id = 3;
SELECT id, stage, temperature, fit_score, interest_score FROM pipe.leads WHERE id = 3;
SELECT * FROM pg_temp.moves('pipe.leads', 3);
SELECT lead, kind, to_stage, temp, event_time, sla_window, due_at, touch_due_at FROM pg_temp.slas('pipe.leads', 3);

-------------------------------------------------------------------------------
-- 5. The agreement's moves, their kinds and cycles
-------------------------------------------------------------------------------
INSERT INTO pipe.leads (id, stage, owner, updated_at)
VALUES (30, 'mql', 'frank', '2025-01-08 08:00+00'), (31, 'sql', 'frank', '2025-01-08 08:00+00'),
	   (32, 'mql', 'frank', '2025-01-08 08:00+00'), (33, 'mql', 'frank', '2025-01-08 08:00+00'),
	   (34, 'mql', 'frank', '2025-01-08 08:00+00'), (35, 'sal', 'frank', '2025-01-08 08:00+00'),
	   (36, 'new', 'frank', '2025-01-08 08:00+00'), (37, 'new', 'frank', '2025-01-08 08:00+00');
-- 30: accept, advance, advance, lose, reopen (a reopen reason comes from SET LOCAL;
-- the reason column still says price, but this update did not change it)
UPDATE pipe.leads SET stage = 'sal', updated_at = '2025-01-08 09:00+00' WHERE id = 30;
UPDATE pipe.leads SET stage = 'sql', updated_at = '2025-01-08 10:00+00' WHERE id = 30;
UPDATE pipe.leads SET stage = 'opportunity', updated_at = '2025-01-08 11:00+00' WHERE id = 30;
UPDATE pipe.leads SET stage = 'lost', stage_reason = 'price', updated_at = '2025-01-08 12:00+00' WHERE id = 30;
BEGIN;
SET LOCAL lead_align.reason = 'other';
SET LOCAL lead_align.note = 'came back at a trade fair';
UPDATE pipe.leads SET stage = 'nurture', updated_at = '2025-01-08 13:00+00' WHERE id = 30;
COMMIT;
-- 31: advance, win
UPDATE pipe.leads SET stage = 'opportunity', updated_at = '2025-01-08 09:00+00' WHERE id = 31;
UPDATE pipe.leads SET stage = 'won', updated_at = '2025-01-08 10:00+00' WHERE id = 31;
-- 32: accept straight to sql, recycle from sql
UPDATE pipe.leads SET stage = 'sql', updated_at = '2025-01-08 09:00+00' WHERE id = 32;
UPDATE pipe.leads SET stage = 'nurture', stage_reason = 'no_budget', updated_at = '2025-01-08 10:00+00' WHERE id = 32;
-- 33: mql -> nurture with a recycle code is a recycle
UPDATE pipe.leads SET stage = 'nurture', stage_reason = 'bad_timing', updated_at = '2025-01-08 09:00+00' WHERE id = 33;
-- 34: disqualify from mql, reopen (cycle 2)
UPDATE pipe.leads SET stage = 'disqualified', stage_reason = 'spam', updated_at = '2025-01-08 09:00+00' WHERE id = 34;
UPDATE pipe.leads SET stage = 'nurture', stage_reason = 'other', updated_at = '2025-01-08 10:00+00' WHERE id = 34;	-- no note
BEGIN;
SET LOCAL lead_align.note = 'not spam after all';
UPDATE pipe.leads SET stage = 'nurture', stage_reason = 'other', updated_at = '2025-01-08 10:00+00' WHERE id = 34;
COMMIT;
-- 35: recycle from sal (the track's own code), manual handoff, reject (cycle 3)
UPDATE pipe.leads SET stage = 'nurture', stage_reason = 'no_show', updated_at = '2025-01-08 09:00+00' WHERE id = 35;
UPDATE pipe.leads SET stage = 'mql', stage_reason = NULL, updated_at = '2025-01-08 10:00+00' WHERE id = 35;
UPDATE pipe.leads SET stage = 'nurture', stage_reason = 'duplicate', updated_at = '2025-01-08 11:00+00' WHERE id = 35;
-- 36: advance new -> nurture, disqualify from nurture; 37: disqualify from new
UPDATE pipe.leads SET stage = 'nurture', updated_at = '2025-01-08 09:00+00' WHERE id = 36;
UPDATE pipe.leads SET stage = 'disqualified', stage_reason = 'competitor', updated_at = '2025-01-08 10:00+00' WHERE id = 36;
UPDATE pipe.leads SET stage = 'disqualified', stage_reason = 'bad_fit', updated_at = '2025-01-08 09:00+00' WHERE id = 37;
SELECT lead, kind, cycle, from_stage, to_stage, from_team, to_team, reason, note, event_time
  FROM pg_temp.moves('pipe.leads', 30, 31, 32, 33, 34, 35, 36, 37);
-- due times of the stages entered: mql 4 h, sal 2 business days, nurture 5
-- business days, none for sql, opportunity and the end stages
SELECT lead, kind, to_stage, event_time, sla_window, due_at FROM pg_temp.slas('pipe.leads', 30, 35);

-------------------------------------------------------------------------------
-- 6. Moves the agreement refuses, and reasons that are refused.  Nothing is
-- written by any of them.
-------------------------------------------------------------------------------
INSERT INTO pipe.leads (id, stage, updated_at) VALUES (38, 'new', '2025-01-08 08:00+00'),
	(39, 'sal', '2025-01-08 08:00+00'), (40, 'mql', '2025-01-08 08:00+00'), (41, 'mql', '2025-01-08 08:00+00'),
	(42, 'mql', '2025-01-08 08:00+00'), (43, 'sal', '2025-01-08 08:00+00'), (44, 'mql', '2025-01-08 08:00+00');
UPDATE pipe.leads SET stage_reason = 'price', updated_at = '2025-01-08 08:30+00' WHERE id = 44;	-- no move: no row
TRUNCATE counts;
INSERT INTO counts SELECT (SELECT count(*) FROM pipe.leads), pg_temp.ledger_rows();
\x on
SELECT n, what, t.*
  FROM (VALUES
	(1, 'new -> sql skips stages', $$UPDATE pipe.leads SET stage = 'sql', updated_at = '2025-01-08 09:00+00' WHERE id = 38$$),
	(2, 'nurture -> sal', $$UPDATE pipe.leads SET stage = 'sal', updated_at = '2025-01-09 09:00+00' WHERE id = 30$$),
	(3, 'out of won', $$UPDATE pipe.leads SET stage = 'nurture', stage_reason = 'other', updated_at = '2025-01-09 09:00+00' WHERE id = 31$$),
	(4, 'recycle without a reason', $$UPDATE pipe.leads SET stage = 'nurture', updated_at = '2025-01-08 09:00+00' WHERE id = 39$$),
	(5, 'unknown code', $$UPDATE pipe.leads SET stage = 'nurture', stage_reason = 'nope', updated_at = '2025-01-08 09:00+00' WHERE id = 39$$),
	(6, 'a lose code for a recycle', $$UPDATE pipe.leads SET stage = 'nurture', stage_reason = 'price', updated_at = '2025-01-08 09:00+00' WHERE id = 39$$),
	(7, 'disabled code', $$UPDATE pipe.leads SET stage = 'nurture', stage_reason = 'unreachable', updated_at = '2025-01-08 09:00+00' WHERE id = 39$$),
	(8, 'other without a note', $$UPDATE pipe.leads SET stage = 'nurture', stage_reason = 'other', updated_at = '2025-01-08 09:00+00' WHERE id = 39$$),
	(9, 'mql -> nurture without a reason', $$UPDATE pipe.leads SET stage = 'nurture', updated_at = '2025-01-08 09:00+00' WHERE id = 40$$),
	(10, 'a reason column set earlier, of another kind, is ignored', $$UPDATE pipe.leads SET stage = 'nurture', updated_at = '2025-01-08 09:00+00' WHERE id = 44$$),
	(11, 'a disqualify code for a lose', $$UPDATE pipe.leads SET stage = 'lost', stage_reason = 'spam', updated_at = '2025-01-09 09:00+00' WHERE id = 30$$),
	(12, 'a disabled reject code on mql -> nurture', $$UPDATE pipe.leads SET stage = 'nurture', stage_reason = 'competitor', updated_at = '2025-01-08 09:00+00' WHERE id = 40$$),
	(13, 'a reason on an accept, which takes none', $$UPDATE pipe.leads SET stage = 'sal', stage_reason = 'bad_fit', updated_at = '2025-01-08 09:00+00' WHERE id = 42$$),
	(14, 'a reason on an insert', $$INSERT INTO pipe.leads (id, stage, stage_reason, updated_at) VALUES (45, 'new', 'spam', '2025-01-08 09:00+00')$$),
	(15, 'a reason given to move() for a handoff', $$SELECT lead_align.move('pipe.leads', '38', 'mql', reason => 'duplicate')$$)
  ) AS v (n, what, cmd),
  LATERAL pg_temp.try(v.cmd) AS t
 ORDER BY n;
\x off
SELECT (SELECT count(*) FROM pipe.leads) - leads AS new_leads, pg_temp.ledger_rows() - ledger AS new_ledger_rows FROM counts;
SELECT id, stage, stage_reason FROM pipe.leads WHERE id IN (30, 31, 38, 39, 40, 44) ORDER BY id;
-- 'other' with a note (SET LOCAL) passes
BEGIN;
SET LOCAL lead_align.note = 'moved abroad';
UPDATE pipe.leads SET stage = 'nurture', stage_reason = 'other', updated_at = '2025-01-08 09:00+00' WHERE id = 39;
COMMIT;

-------------------------------------------------------------------------------
-- 7. Where the reason comes from: lead_align.move() beats the reason column
-- changed by this update, which beats SET LOCAL lead_align.reason; SET LOCAL
-- applies to every move of the transaction.
-------------------------------------------------------------------------------
BEGIN;
SET LOCAL lead_align.reason = 'no_budget';
SET LOCAL lead_align.note = 'Q3 budget';
UPDATE pipe.leads SET stage = 'nurture', stage_reason = 'duplicate', updated_at = '2025-01-08 10:00+00' WHERE id = 40;
SELECT lead_align.move('pipe.leads', '41', 'nurture', reason => 'spam', note => 'bot traffic');
UPDATE pipe.leads SET stage = 'nurture', updated_at = '2025-01-08 10:00+00' WHERE id IN (42, 43);
-- moves that take no reason do not record the transaction's one
INSERT INTO pipe.leads (id, stage, updated_at) VALUES (46, 'new', '2025-01-08 10:00+00');
UPDATE pipe.leads SET stage = 'mql', updated_at = '2025-01-08 11:00+00' WHERE id = 46;
COMMIT;
SELECT current_setting('lead_align.reason') AS reason_after_commit, current_setting('lead_align.note') AS note_after_commit;
SELECT lead, kind, cycle, from_stage, to_stage, reason, note FROM pg_temp.moves('pipe.leads', 39, 40, 41, 42, 43, 46);
-- an empty reason column is no reason: not refused where none is taken, missing where one is needed
INSERT INTO pipe.leads (id, stage, stage_reason, updated_at) VALUES (47, 'mql', '', '2025-01-08 10:00+00');
UPDATE pipe.leads SET stage = 'sal', stage_reason = '', updated_at = '2025-01-08 11:00+00' WHERE id = 47;
\x on
SELECT * FROM pg_temp.try($$UPDATE pipe.leads SET stage = 'nurture', stage_reason = '', updated_at = '2025-01-08 12:00+00' WHERE id = 47$$);
\x off
SELECT lead, kind, cycle, from_stage, to_stage, reason, note FROM pg_temp.moves('pipe.leads', 47);

-------------------------------------------------------------------------------
-- 8. A team bound to a role: only its members make its moves.  The actor and
-- lead_align.app_user are recorded; an owner change is a reassign.
-------------------------------------------------------------------------------
INSERT INTO pipe.leads (id, stage, owner, updated_at) VALUES (50, 'mql', 'gina', '2025-01-09 08:00+00');
SET ROLE pipe_outsider;
\x on
SELECT * FROM pg_temp.try($$UPDATE pipe.leads SET stage = 'sal', updated_at = '2025-01-09 09:00+00' WHERE id = 50$$);
\x off
-- an outsider may still make marketing's moves
INSERT INTO pipe.leads (id, stage, owner, updated_at) VALUES (51, 'new', 'gina', '2025-01-09 08:00+00');
SET ROLE pipe_rep;
SET lead_align.app_user = 'rita@example.com';
UPDATE pipe.leads SET stage = 'sal', owner = 'rita', updated_at = '2025-01-09 09:00+00' WHERE id = 50;
RESET lead_align.app_user;
RESET ROLE;
UPDATE pipe.leads SET owner = 'hank', updated_at = '2025-01-09 10:00+00' WHERE id = 50;
SELECT lead, kind, cycle, from_stage, to_stage, event_time FROM pg_temp.moves('pipe.leads', 50, 51);
SELECT * FROM pg_temp.who('pipe.leads', 50, 51);

-------------------------------------------------------------------------------
-- 9. Touches: a touch row each time the touch column gets a new value, also
-- on insert; its event time is the change's, its own time (touched_at) the
-- column's value clamped into [the stay's start, the change's time].  Touch
-- SLA due times.
-------------------------------------------------------------------------------
UPDATE pipe.leads SET first_contacted_at = '2025-01-09 10:15+00', updated_at = '2025-01-09 10:20+00' WHERE id = 50;
UPDATE pipe.leads SET first_contacted_at = '2025-01-09 10:45+00', updated_at = '2025-01-09 10:50+00' WHERE id = 50;
INSERT INTO pipe.leads (id, stage, owner, updated_at, first_contacted_at, industry, employees, visits, demo_requested)
VALUES (52, 'new', 'ivan', '2025-01-09 09:00+00', '2025-01-09 08:55+00', 'saas', 500, 5, true);
SELECT lead, kind, cycle, from_stage, to_stage, temp, rule, event_time FROM pg_temp.moves('pipe.leads', 50, 52);
SELECT lead_key, kind, event_time, touched_at FROM lead_align.handoff
 WHERE track = 'pipe.leads' AND lead_key IN ('50', '52') AND kind = 'touch' ORDER BY id;
SELECT * FROM pg_temp.slas('pipe.leads', 52);

-------------------------------------------------------------------------------
-- 10. Event times: the mapped column when this update wrote it, else the
-- statement's time; never earlier than the lead's previous event: an earlier
-- explicit time is raised to it, and refused only when more than 24 hours
-- earlier.
-------------------------------------------------------------------------------
\x on
SELECT * FROM pg_temp.try($$UPDATE pipe.leads SET stage = 'nurture', updated_at = '2025-01-07 07:59:59+00' WHERE id = 38$$);
\x off
SELECT id, stage FROM pipe.leads WHERE id = 38;
-- lead 52's previous event is at 09:00 (its handoff and its touch): 08:58 is
-- a little earlier, so the move is recorded at 09:00
UPDATE pipe.leads SET stage = 'sal', updated_at = '2025-01-09 08:58+00' WHERE id = 52;
SELECT lead, kind, from_stage, to_stage, event_time FROM pg_temp.moves('pipe.leads', 52);
BEGIN;
UPDATE pipe.leads SET stage = 'nurture' WHERE id = 38;			-- updated_at unchanged: the statement's time
UPDATE pipe.leads SET owner = 'jane', updated_at = NULL WHERE id = 38;	-- changed to NULL: the statement's time
SELECT lead_key, kind, event_time BETWEEN now() AND statement_timestamp() AS at_statement_time, sla_window, due_at = lead_align.business_add(event_time, '5 business days', 'Mo-Fr 09:00-17:00; tz Europe/Berlin') AS due_ok
  FROM lead_align.handoff WHERE lead_key = '38' ORDER BY id;
COMMIT;

-------------------------------------------------------------------------------
-- 11. What the trigger refuses outright: a key change, an unmapped label, a
-- NULL stage, TRUNCATE.
-------------------------------------------------------------------------------
\x on
SELECT n, what, t.*
  FROM (VALUES
	(1, 'key change', $$UPDATE pipe.leads SET id = 999 WHERE id = 37$$),
	(2, 'key change with a move', $$UPDATE pipe.leads SET id = 999, stage = 'nurture', stage_reason = 'other' WHERE id = 37$$),
	(3, 'unmapped label', $$INSERT INTO pipe.leads (id, stage) VALUES (60, 'Working - Contacted')$$),
	(4, 'unmapped label on update', $$UPDATE pipe.leads SET stage = 'Closed Won' WHERE id = 31$$),
	(5, 'null stage', $$INSERT INTO pipe.leads (id, stage) VALUES (60, NULL)$$),
	(6, 'truncate', $$TRUNCATE pipe.leads$$)
  ) AS v (n, what, cmd),
  LATERAL pg_temp.try(v.cmd) AS t
 ORDER BY n;
\x off
SELECT count(*) AS leads, (SELECT count(*) FROM pipe.leads WHERE id = 999) AS renamed FROM pipe.leads;

-------------------------------------------------------------------------------
-- 12. A statement that fails leaves no ledger rows (the third row's start
-- stage is refused after two rows were buffered); a savepoint rolled back
-- drops what it wrote, earlier rows survive.
-------------------------------------------------------------------------------
TRUNCATE counts;
INSERT INTO counts SELECT (SELECT count(*) FROM pipe.leads), pg_temp.ledger_rows();
INSERT INTO pipe.leads (id, stage, updated_at) VALUES (61, 'new', '2025-01-09 08:00+00'),
	(62, 'mql', '2025-01-09 08:00+00'), (63, 'won', '2025-01-09 08:00+00'), (64, 'new', '2025-01-09 08:00+00');
-- the same inside a transaction, the error in a BEFORE trigger (an unmapped label)
BEGIN;
SAVEPOINT a;
INSERT INTO pipe.leads (id, stage, updated_at) VALUES (61, 'new', '2025-01-09 08:00+00'),
	(62, 'mql', '2025-01-09 08:00+00'), (63, 'Closed Won', '2025-01-09 08:00+00');
ROLLBACK TO SAVEPOINT a;
SELECT (SELECT count(*) FROM pipe.leads) - leads AS new_leads, pg_temp.ledger_rows() - ledger AS new_ledger_rows FROM counts;
INSERT INTO pipe.leads (id, stage, updated_at) VALUES (65, 'new', '2025-01-09 08:00+00');
SAVEPOINT b;
INSERT INTO pipe.leads (id, stage, updated_at) VALUES (66, 'new', '2025-01-09 08:00+00');
UPDATE pipe.leads SET stage = 'nurture', updated_at = '2025-01-09 09:00+00' WHERE id = 65;
ROLLBACK TO SAVEPOINT b;
INSERT INTO pipe.leads (id, stage, updated_at) VALUES (67, 'new', '2025-01-09 08:00+00');
COMMIT;
SELECT lead, kind, from_stage, to_stage FROM pg_temp.moves('pipe.leads', 61, 62, 63, 64, 65, 66, 67);
SELECT id, stage FROM pipe.leads WHERE id BETWEEN 61 AND 67 ORDER BY id;

-------------------------------------------------------------------------------
-- 13. An update of a column the track ignores writes nothing and does not
-- re-derive; a rule added in the session applies from the next statement.
-------------------------------------------------------------------------------
-- lead 16 is a cold partner-less fintech lead; make it a partner through a
-- column no rule reads yet
UPDATE pipe.leads SET partner = true WHERE id = 16;
TRUNCATE counts;
INSERT INTO counts SELECT (SELECT count(*) FROM pipe.leads), pg_temp.ledger_rows();
SELECT lead_align.add_rule('pipe.leads', 'warm', $$partner$$, 'partner referral', name => 'partner_lead');
-- only notes changes: nothing derived, nothing recorded, still cold
UPDATE pipe.leads SET notes = 'called twice', updated_at = '2025-01-09 12:00+00' WHERE id = 16;
SELECT id, temperature, fit_score, interest_score, notes FROM pipe.leads WHERE id = 16;
-- a column a rule reads changes: re-derived with the new rule, and the
-- rise to warm is a temperature row
UPDATE pipe.leads SET visits = 1 WHERE id = 16;
SELECT id, temperature, fit_score, interest_score FROM pipe.leads WHERE id = 16;
-- and a new lead gets it at once
INSERT INTO pipe.leads (id, stage, partner, updated_at) VALUES (68, 'sal', true, '2025-01-09 12:00+00');
SELECT id, temperature FROM pipe.leads WHERE id = 68;
SELECT pg_temp.ledger_rows() - ledger AS new_ledger_rows FROM counts;
SELECT h.rule, h.rules_version = t.rules_version AS current_version
  FROM lead_align.handoff h JOIN lead_align.track t ON t.id = h.track_id WHERE h.lead_key = '68' AND t.relid = 'pipe.leads'::regclass;

-------------------------------------------------------------------------------
-- 14. DELETE: a delete row, and the lead leaves lead_state.
-------------------------------------------------------------------------------
BEGIN;
DELETE FROM pipe.leads WHERE id = 36;
SELECT kind, cycle, from_stage, to_stage, from_team, to_team, reason, event_time BETWEEN now() AND statement_timestamp() AS at_statement_time, due_at
  FROM lead_align.handoff WHERE lead_key = '36' AND kind = 'delete';
COMMIT;
SELECT lead_key, stage, since, cycle, owner, temperature, due_at
  FROM lead_align.lead_state s JOIN lead_align.track t ON t.id = s.track_id
 WHERE t.relid = 'pipe.leads'::regclass AND lead_key IN ('3', '30', '35', '36', '37', '50')
 ORDER BY lead_key::bigint;

-------------------------------------------------------------------------------
-- 15. A lead_stage stage column (no labels): the handoff writes mql itself.
-------------------------------------------------------------------------------
CREATE TABLE pipe.deals (id int PRIMARY KEY, stage lead_align.lead_stage NOT NULL,
	temp lead_align.lead_temperature, budget int);
SELECT lead_align.track('pipe.deals', 'id', 'stage', temperature => 'temp', handoff_temperature => 'warm') > 0 AS tracked;
SELECT lead_align.add_rule('pipe.deals', 'warm', $$budget >= 1000$$, name => 'budget');
INSERT INTO pipe.deals VALUES (1, 'inquiry', 'hot', 5000), (2, 'nurturing', NULL, 10), (3, 'accepted', NULL, 5000);
SELECT * FROM pipe.deals ORDER BY id;
UPDATE pipe.deals SET budget = 2000 WHERE id = 2;
SELECT * FROM pipe.deals ORDER BY id;
SELECT lead, kind, cycle, from_stage, to_stage, temp, fit, interest, quadrant, rule
  FROM pg_temp.moves('pipe.deals', 1, 2, 3);
\x on
SELECT * FROM pg_temp.try($$UPDATE pipe.deals SET stage = 'won' WHERE id = 3$$);
\x off

-------------------------------------------------------------------------------
-- 16. INSERT ... ON CONFLICT: the BEFORE INSERT trigger fires for rows that
-- are never inserted (DESIGN 4: the derive trigger has no side effects).
-------------------------------------------------------------------------------
INSERT INTO pipe.deals VALUES (4, 'nurture', NULL, 10);
TRUNCATE counts;
INSERT INTO counts SELECT (SELECT count(*) FROM pipe.deals), pg_temp.ledger_rows();
-- a warm proposal for an existing key, nothing done: nothing recorded
INSERT INTO pipe.deals VALUES (1, 'new', NULL, 9000), (4, 'new', NULL, 9000) ON CONFLICT (id) DO NOTHING;
SELECT pg_temp.ledger_rows() - ledger AS new_ledger_rows FROM counts;
-- the update makes lead 4 warm: an automatic handoff from nurture
INSERT INTO pipe.deals VALUES (4, 'new', NULL, 3000) ON CONFLICT (id) DO UPDATE SET budget = EXCLUDED.budget;
-- EXCLUDED.stage is mql (the BEFORE INSERT trigger's handoff of the proposed
-- row); for lead 3, in sal, that is a move sal -> mql, which the agreement
-- does not allow
\x on
SELECT * FROM pg_temp.try($$INSERT INTO pipe.deals VALUES (3, 'new', NULL, 5000) ON CONFLICT (id) DO UPDATE SET stage = EXCLUDED.stage$$);
\x off
SELECT * FROM pipe.deals WHERE id IN (3, 4) ORDER BY id;
SELECT lead, kind, cycle, from_stage, to_stage, temp, rule FROM pg_temp.moves('pipe.deals', 3, 4);

-------------------------------------------------------------------------------
-- 17. No temperature column: the handoff is still edge-triggered (the
-- temperature before the change is the old row's classification).
-------------------------------------------------------------------------------
CREATE TABLE pipe.plain (id int PRIMARY KEY, stage lead_align.lead_stage NOT NULL, visits int);
SELECT lead_align.track('pipe.plain', 'id', 'stage', handoff_temperature => 'hot') > 0 AS tracked;
SELECT lead_align.add_rule('pipe.plain', 'hot', $$visits >= 10$$, name => 'busy');
INSERT INTO pipe.plain VALUES (1, 'mql', 20), (2, 'new', 0);
BEGIN;
SET LOCAL lead_align.reason = 'bad_fit';
UPDATE pipe.plain SET stage = 'nurture' WHERE id = 1;		-- rejected while hot
COMMIT;
UPDATE pipe.plain SET visits = 25 WHERE id = 1;				-- still hot: no handoff
UPDATE pipe.plain SET visits = 12 WHERE id = 2;				-- becomes hot: handoff
SELECT * FROM pipe.plain ORDER BY id;
SELECT lead, kind, cycle, from_stage, to_stage, temp, rule, reason FROM pg_temp.moves('pipe.plain', 1, 2);

-------------------------------------------------------------------------------
-- Clean up
-------------------------------------------------------------------------------
SELECT lead_align.untrack('pipe.leads', purge => true);
SELECT lead_align.untrack('pipe.deals', purge => true);
SELECT lead_align.untrack('pipe.plain', purge => true);
SELECT lead_align.bind_team('sales', NULL);
SELECT count(*) AS ledger_rows_left FROM lead_align.handoff;
SET client_min_messages = warning;
DROP SCHEMA pipe CASCADE;
RESET client_min_messages;
DROP ROLE pipe_rep, pipe_outsider, pipe_sales;
