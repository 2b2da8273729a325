-- A property of the shared numbers (issue 11, item 6): on a generated
-- history of thousands of leads, written through the triggers, stage_spans,
-- sla_compliance and lead_state equal a naive recomputation from the raw
-- ledger rows, written here apart in plain SQL from DESIGN 5.1 and 5.2:
-- stays from window functions and a self-join over the ledger's event rows
-- (not from the stay columns the triggers write on the row that ends a
-- stay, nor from lead_current), due times from the SLAs and the calendars
-- with business_add(), business time with business_elapsed(), states from
-- the rules of 5.1.  Both directions of EXCEPT must be empty.
--
-- The generator is deterministic (setseed; every random number is drawn
-- into a table first, in one ordered pass, so no scan order matters):
-- 3,000 leads inserted in new, nurture, mql or sal, then twelve rounds in
-- which each lead may move along the agreement (with the reasons it
-- requires: rejects and recycles into the next cycle, disqualifications,
-- losses, reopens), be touched (in the same save as a move or not, with a
-- touch time before the stay, inside it, or after the save), change grade
-- (temperature events, and automatic handoffs of new and nurture leads that
-- turn hot) or owner; event times increase per lead, by minutes to days,
-- from January to April 2026, across weekends, the Berlin holidays and the
-- DST changes.  Then deletes (recorded now), keys inserted again (now, the
-- next cycle), and leads created now, touched and deleted now (open and
-- void states).  Three calendars: the track's (Berlin, with holidays),
-- marketing's (New York, team_calendar) and a lead's own (London,
-- calendar_column).
--
-- INSERTs that write two rows (create and automatic handoff, create and
-- touch) are generated both for a lead's first insert (no lead_current row
-- yet) and for a key inserted again after its delete.
SET client_min_messages = warning;
DROP DATABASE IF EXISTS lead_align_property;
CREATE DATABASE lead_align_property;
RESET client_min_messages;
\c lead_align_property
SET client_min_messages = warning;
CREATE EXTENSION lead_align;
RESET client_min_messages;
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';

CREATE SCHEMA kp;
CREATE TABLE kp.leads (
	id             text PRIMARY KEY,
	stage          lead_align.lead_stage NOT NULL,
	grade          text,
	temperature    lead_align.lead_temperature,
	owner          text,
	office         text,
	office_hours   lead_align.business_calendar GENERATED ALWAYS AS (
		CASE office WHEN 'LON' THEN 'Mo-Fr 09:00-17:00; tz Europe/London'::lead_align.business_calendar END) STORED,
	last_contacted timestamptz,
	reason         text,
	note           text,
	modified       timestamptz
);
SELECT lead_align.track('kp.leads', key => 'id', stage => 'stage', temperature => 'temperature',
						owner => 'owner', touch => 'last_contacted', event_time => 'modified',
						reason => 'reason', note => 'note', calendar_column => 'office_hours',
						calendar => 'Mo-Fr 09:00-17:00; 2026-01-06 off; 2026-04-03 off; 2026-04-06 off; tz Europe/Berlin',
						handoff_temperature => 'hot') AS tid \gset
SELECT lead_align.team_calendar('kp.leads', 'marketing', 'Mo-Fr 09:00-17:00; tz America/New_York');
SELECT lead_align.add_rule('kp.leads', 'hot', $$grade = 'A'$$, name => 'grade_a');
SELECT lead_align.add_rule('kp.leads', 'warm', $$grade = 'B'$$, name => 'grade_b');

-- The SLAs, kept here too for the naive side: exit and touch, some for one
-- temperature only, business hours, business days and an elapsed window.
CREATE TEMP TABLE g_sla (stage lead_align.lead_stage, temperature lead_align.lead_temperature, kind text,
						 win lead_align.sla_window);
INSERT INTO g_sla VALUES
	('new', NULL, 'exit', '1 business day'),
	('new', 'hot', 'exit', '2 business hours'),
	('nurture', 'warm', 'touch', '3 business days'),
	('mql', NULL, 'exit', '8 business hours'),
	('mql', 'hot', 'exit', '4 business hours'),
	('mql', NULL, 'touch', '2 business hours'),
	('mql', 'hot', 'touch', '1 business hour'),
	('mql', 'cold', 'touch', '1 business day'),
	('sal', NULL, 'exit', '2 business days'),
	('sal', NULL, 'touch', '4 business hours'),
	('sql', 'hot', 'exit', '5 days');
SELECT count(lead_align.sla('kp.leads', stage, temperature, win, kind)) AS slas FROM g_sla;

-- The moves of the agreement the generator makes, with the reason each
-- needs (mql -> nurture: bad_fit is a reject, bad_timing a recycle; a
-- reopen takes 'other' and a note).
CREATE TEMP TABLE g_move (from_stage lead_align.lead_stage, n int, to_stage lead_align.lead_stage, reason text,
						  PRIMARY KEY (from_stage, n));
INSERT INTO g_move VALUES
	('new', 0, 'mql', NULL), ('new', 1, 'nurture', NULL), ('new', 2, 'mql', NULL), ('new', 3, 'disqualified', 'spam'),
	('nurture', 0, 'mql', NULL), ('nurture', 1, 'disqualified', 'bad_fit'),
	('mql', 0, 'sal', NULL), ('mql', 1, 'sal', NULL), ('mql', 2, 'sql', NULL), ('mql', 3, 'nurture', 'bad_fit'),
	('mql', 4, 'nurture', 'bad_timing'), ('mql', 5, 'disqualified', 'duplicate'),
	('sal', 0, 'sql', NULL), ('sal', 1, 'sql', NULL), ('sal', 2, 'nurture', 'no_budget'), ('sal', 3, 'disqualified', 'spam'),
	('sql', 0, 'opportunity', NULL), ('sql', 1, 'opportunity', NULL), ('sql', 2, 'nurture', 'no_need'),
	('sql', 3, 'lost', 'price'), ('sql', 4, 'disqualified', 'competitor'),
	('opportunity', 0, 'won', NULL), ('opportunity', 1, 'lost', 'timing'),
	('lost', 0, 'nurture', 'other'), ('disqualified', 0, 'nurture', 'other');

-------------------------------------------------------------------------------
-- The random numbers, drawn once, in order.
-------------------------------------------------------------------------------
SELECT setseed(0.2026);
CREATE TEMP TABLE g_lead AS
SELECT i, 'K' || lpad(i::text, 5, '0') AS id,
	   CASE WHEN u1 < 0.55 THEN 'new' WHEN u1 < 0.65 THEN 'nurture' WHEN u1 < 0.93 THEN 'mql' ELSE 'sal' END::lead_align.lead_stage AS stage0,
	   CASE WHEN u2 < 0.3 THEN 'A' WHEN u2 < 0.65 THEN 'B' WHEN u2 < 0.8 THEN 'C' END AS grade0,
	   CASE WHEN u3 < 0.2 THEN 'LON' END AS office,
	   timestamptz '2026-01-04 23:00+00' + (u4 * 60 * 24 * 42)::int * interval '1 minute' AS t0,
	   'rep' || (1 + (u5 * 5)::int) AS owner0,
	   u6 < 0.1 AS touched0, u7 AS u_del
  FROM (SELECT i, random() AS u1, random() AS u2, random() AS u3, random() AS u4, random() AS u5, random() AS u6,
			   random() AS u7
		  FROM generate_series(1, 3000) i) x;
CREATE TEMP TABLE g_step AS
SELECT (k - 1) / 12 + 1 AS i, (k - 1) % 12 + 1 AS r, u_act, u_to, u_touch, u_tt, u_grade, u_gap
  FROM (SELECT k, random() AS u_act, random() AS u_to, random() AS u_touch, random() AS u_tt, random() AS u_grade,
			   random() AS u_gap
		  FROM generate_series(1, 3000 * 12) k) x;
CREATE UNIQUE INDEX ON g_step (r, i);
-- leads created now (and the keys inserted again), with their own draws
CREATE TEMP TABLE g_now AS
SELECT i, 'N' || lpad(i::text, 4, '0') AS id,
	   CASE WHEN u1 < 0.3 THEN 'new' WHEN u1 < 0.85 THEN 'mql' ELSE 'sal' END::lead_align.lead_stage AS stage0,
	   CASE WHEN u2 < 0.3 THEN 'A' WHEN u2 < 0.65 THEN 'B' END AS grade0,
	   CASE WHEN u3 < 0.2 THEN 'LON' END AS office, u4 < 0.4 AS touch, u5 < 0.5 AS del
  FROM (SELECT i, random() AS u1, random() AS u2, random() AS u3, random() AS u4, random() AS u5
		  FROM generate_series(1, 150) i) x;

-------------------------------------------------------------------------------
-- The history, through the triggers.
-------------------------------------------------------------------------------
-- the inserts (new and nurture leads that are hot are handed over on
-- insert; one in ten is touched on insert, three hours before: clamped to
-- the insert)
INSERT INTO kp.leads (id, stage, grade, owner, office, last_contacted, modified)
SELECT id, stage0, grade0, owner0, office, CASE WHEN touched0 THEN t0 - interval '3 hours' END, t0
  FROM g_lead ORDER BY i;

-- twelve rounds: each lead draws an action from the stage it is in now
DO $$
DECLARE
	round_no int;
BEGIN
	FOR round_no IN 1 .. 12 LOOP
		UPDATE kp.leads l
		   SET stage = CASE WHEN a.moves THEN a.to_stage ELSE l.stage END,
			   reason = CASE WHEN a.moves AND a.reason IS NOT NULL THEN a.reason ELSE l.reason END,
			   note = CASE WHEN a.moves AND a.reason = 'other' THEN 'reopened in round ' || round_no ELSE l.note END,
			   -- a touch time from two days before the save (often before
			   -- the stay: clamped to its start) to an hour after it
			   -- (clamped to the save)
			   last_contacted = CASE WHEN a.touches THEN a.at - (a.u_tt * 49 - 1) * interval '1 hour' ELSE l.last_contacted END,
			   grade = CASE WHEN a.regrades THEN (ARRAY['A', 'B', 'C', NULL])[1 + (a.u_grade * 4)::int % 4] ELSE l.grade END,
			   owner = CASE WHEN a.reassigns THEN 'rep' || (1 + (a.u_grade * 5)::int) ELSE l.owner END,
			   modified = a.at
		  FROM (SELECT g.id, s.u_tt, s.u_grade,
					   -- 5 minutes to 5 days after the lead's latest save, mostly short
					   l2.modified + (5 + (s.u_gap * s.u_gap * 7200)::int) * interval '1 minute' AS at,
					   s.u_act < 0.5 AND m.to_stage IS NOT NULL AS moves, m.to_stage, m.reason,
					   (s.u_act < 0.5 AND s.u_touch < 0.25) OR s.u_act BETWEEN 0.5 AND 0.7 AS touches,
					   (s.u_act < 0.5 AND s.u_touch > 0.85) OR s.u_act BETWEEN 0.7 AND 0.8 AS regrades,
					   s.u_act BETWEEN 0.8 AND 0.85 AS reassigns
				  FROM g_lead g
				  JOIN g_step s ON s.r = round_no AND s.i = g.i
				  JOIN kp.leads l2 ON l2.id = g.id
				  LEFT JOIN LATERAL (
						SELECT mv.to_stage, mv.reason FROM g_move mv
						 WHERE mv.from_stage = l2.stage
						 ORDER BY mv.n
						OFFSET floor(s.u_to * (SELECT count(*) FROM g_move c WHERE c.from_stage = l2.stage))::int LIMIT 1) m ON true
				 WHERE s.u_act < 0.85) a
		 WHERE l.id = a.id;
	END LOOP;
END $$;

-- deletes, recorded now: about one lead in twelve; a fifth of them comes
-- back, now, as a new lead in its next cycle (a hot one is handed over on
-- insert; some are touched on insert)
DELETE FROM kp.leads l USING g_lead g WHERE g.id = l.id AND g.u_del < 0.08;
INSERT INTO kp.leads (id, stage, grade, owner, office, last_contacted)
SELECT id, 'new', grade0, owner0, office, CASE WHEN touched0 OR u_del < 0.004 THEN now() - interval '1 hour' END
  FROM g_lead WHERE u_del < 0.016 ORDER BY i;
-- leads created now: some touched now, some deleted now (before any due
-- time: void, unless touched)
INSERT INTO kp.leads (id, stage, grade, owner, office)
SELECT id, stage0, grade0, 'rep9', office
  FROM g_now ORDER BY i;
UPDATE kp.leads l SET last_contacted = now() FROM g_now g WHERE g.id = l.id AND g.touch;
DELETE FROM kp.leads l USING g_now g WHERE g.id = l.id AND g.del;
ANALYZE lead_align.handoff;
ANALYZE lead_align.lead_current;

-------------------------------------------------------------------------------
-- The naive side.  The ledger's event rows of the track, nothing else.  One
-- transaction from here to the last comparison, so that now(), to which open
-- stays are measured, is the same on both sides.
-------------------------------------------------------------------------------
BEGIN;
CREATE TEMP TABLE ev AS
SELECT id, lead_key, kind, cycle, from_stage, to_stage, temperature, reason, owner, event_time, event_on,
	   touched_at, calendar_id
  FROM lead_align.handoff WHERE track_id = :tid;
CREATE INDEX ON ev (lead_key, id);
ANALYZE ev;
CREATE TEMP TABLE office AS
SELECT id, office FROM g_lead UNION ALL SELECT id, office FROM g_now;
CREATE TEMP TABLE cal (name text PRIMARY KEY, calendar lead_align.business_calendar);
INSERT INTO cal VALUES ('berlin', 'Mo-Fr 09:00-17:00; 2026-01-06 off; 2026-04-03 off; 2026-04-06 off; tz Europe/Berlin'),
					   ('ny', 'Mo-Fr 09:00-17:00; tz America/New_York'),
					   ('lon', 'Mo-Fr 09:00-17:00; tz Europe/London');

-- Every stay: a row that enters a stage begins one; the lead's next row
-- that enters a stage or deletes the lead ends it.  Its first touch is the
-- first touch row in between; its calendar is the lead's own (London
-- office), else marketing's for new and nurture, else the track's; its
-- temperature is the entering row's; its due times come from the SLAs of
-- its stage, for that temperature, else for any.
CREATE TEMP TABLE naive_stay AS
WITH bound AS (
	SELECT e.*,
		   lead(e.id) OVER w AS left_id, lead(e.event_time) OVER w AS left_at, lead(e.to_stage) OVER w AS next_stage,
		   lead(e.kind) OVER w AS exit_kind, lead(e.reason) OVER w AS exit_reason
	  FROM ev e
	 WHERE e.kind IN ('create', 'advance', 'handoff', 'accept', 'reject', 'recycle', 'disqualify', 'lose', 'win',
					  'reopen', 'delete')
	WINDOW w AS (PARTITION BY e.lead_key ORDER BY e.id)
), stay AS (
	SELECT b.*, c.calendar,
		   CASE WHEN b.to_stage IN ('new', 'nurture') THEN 'marketing'
				WHEN b.to_stage IN ('mql', 'sal', 'sql', 'opportunity') THEN 'sales' END AS team,
		   (SELECT t.touched_at FROM ev t
			 WHERE t.lead_key = b.lead_key AND t.kind = 'touch' AND t.id > b.id AND (b.left_id IS NULL OR t.id < b.left_id)
			 ORDER BY t.id LIMIT 1) AS first_touch,
		   coalesce((SELECT x.win FROM g_sla x WHERE x.stage = b.to_stage AND x.temperature = b.temperature AND x.kind = 'exit'),
					(SELECT x.win FROM g_sla x WHERE x.stage = b.to_stage AND x.temperature IS NULL AND x.kind = 'exit')) AS exit_win,
		   coalesce((SELECT x.win FROM g_sla x WHERE x.stage = b.to_stage AND x.temperature = b.temperature AND x.kind = 'touch'),
					(SELECT x.win FROM g_sla x WHERE x.stage = b.to_stage AND x.temperature IS NULL AND x.kind = 'touch')) AS touch_win
	  FROM bound b
	  JOIN office o ON o.id = b.lead_key
	  JOIN cal c ON c.name = CASE WHEN o.office = 'LON' THEN 'lon' WHEN b.to_stage IN ('new', 'nurture') THEN 'ny' ELSE 'berlin' END
	 WHERE b.kind <> 'delete'
)
SELECT s.lead_key, s.cycle, s.to_stage AS stage, s.team, s.temperature, s.event_time AS entered_at,
	   (s.event_time AT TIME ZONE 'Europe/Berlin')::date AS entered_on, s.left_at, s.next_stage, s.exit_kind,
	   s.exit_reason AS reason, s.first_touch AS touched_at, s.calendar, s.id AS entered_id, s.left_id,
	   lead_align.business_add(s.event_time, s.exit_win, s.calendar) AS due_at,
	   lead_align.business_add(s.event_time, s.touch_win, s.calendar) AS touch_due_at
  FROM stay s;

-- Business time (whole seconds for a closed stay, as the ledger keeps
-- them; an open one to now()) and the states of DESIGN 5.1: a kind of SLA
-- is handled by leaving the stage (exit) or by the first touch, else by
-- leaving (touch); a handled SLA is met at or before its due time, breached
-- after it; a delete handles nothing: breached if the due time had passed,
-- else void; an open, unhandled one is overdue once due, else open.  Counted
-- to its handling: the hours of sla_compliance's percentiles.
CREATE TEMP TABLE naive_spans AS
SELECT n.*,
	   date_trunc('month', n.entered_on::timestamp)::date AS month,
	   CASE WHEN n.left_at IS NULL THEN lead_align.business_hours(n.entered_at, now(), n.calendar)
			ELSE round(n.exit_secs / 3600.0, 6) END AS business_hours,
	   coalesce(n.exit_secs, floor(extract(epoch FROM lead_align.business_elapsed(n.entered_at, now(), n.calendar)))) AS business_seconds,
	   CASE WHEN n.left_at IS NULL THEN lead_align.business_hours(n.entered_at, n.touched_at, n.calendar)
			ELSE round(n.touch_secs / 3600.0, 6) END AS hours_to_touch,
	   n.touch_secs AS seconds_to_touch,
	   CASE WHEN n.due_at IS NULL THEN NULL
			WHEN n.left_at IS NULL THEN CASE WHEN now() > n.due_at THEN 'overdue' ELSE 'open' END
			WHEN n.exit_kind = 'delete' THEN CASE WHEN n.left_at > n.due_at THEN 'breached' ELSE 'void' END
			ELSE CASE WHEN n.left_at > n.due_at THEN 'breached' ELSE 'met' END
	   END AS exit_sla,
	   CASE WHEN n.touch_due_at IS NULL THEN NULL
			WHEN n.touch_handled_at IS NOT NULL THEN CASE WHEN n.touch_handled_at > n.touch_due_at THEN 'breached' ELSE 'met' END
			WHEN n.left_at IS NULL THEN CASE WHEN now() > n.touch_due_at THEN 'overdue' ELSE 'open' END
			ELSE CASE WHEN n.left_at > n.touch_due_at THEN 'breached' ELSE 'void' END
	   END AS touch_sla,
	   CASE WHEN n.touch_handled_at = n.touched_at THEN n.touch_secs ELSE n.exit_secs END AS touch_handling_secs
  FROM (SELECT s.*,
			   floor(extract(epoch FROM lead_align.business_elapsed(s.entered_at, s.left_at, s.calendar))) AS exit_secs,
			   floor(extract(epoch FROM lead_align.business_elapsed(s.entered_at, s.touched_at, s.calendar))) AS touch_secs,
			   coalesce(s.touched_at, CASE WHEN s.exit_kind <> 'delete' THEN s.left_at END) AS touch_handled_at
		  FROM naive_stay s) n;

-------------------------------------------------------------------------------
-- What the generator made (so that every path is known to be taken).
-------------------------------------------------------------------------------
SELECT count(DISTINCT lead_key) AS leads, count(*) > 15000 AS many_events,
	   count(*) FILTER (WHERE kind = 'reject') > 0 AS rejects, count(*) FILTER (WHERE kind = 'recycle') > 0 AS recycles,
	   count(*) FILTER (WHERE kind = 'reopen') > 0 AS reopens, count(*) FILTER (WHERE kind = 'win') > 0 AS wins,
	   count(*) FILTER (WHERE kind = 'handoff' AND from_stage = 'nurture') > 0 AS handoffs_from_nurture,
	   count(*) FILTER (WHERE kind = 'touch') > 0 AS touches, count(*) FILTER (WHERE kind = 'reassign') > 0 AS reassigns,
	   count(*) FILTER (WHERE kind = 'temperature') > 0 AS temperatures, count(*) FILTER (WHERE kind = 'delete') > 0 AS deletes,
	   count(*) FILTER (WHERE kind = 'create' AND cycle > 1) > 0 AS inserted_again, max(cycle) >= 3 AS third_cycles
  FROM ev;
-- a touch in the same save as a reject or recycle; a touch clamped to its
-- stay's start
SELECT count(*) FILTER (WHERE m.kind IN ('reject', 'recycle')) > 0 AS touch_with_reject,
	   count(*) FILTER (WHERE t.touched_at = s.entered_at AND t.event_time > s.entered_at) > 0 AS touch_clamped_to_start
  FROM ev t
  JOIN ev m ON m.lead_key = t.lead_key AND m.id = t.id + 1
  LEFT JOIN naive_stay s ON s.lead_key = t.lead_key AND s.entered_id < t.id AND (s.left_id IS NULL OR s.left_id > t.id)
 WHERE t.kind = 'touch';
-- INSERTs that write two rows, an automatic handoff or a touch after the
-- create, on a first insert (cycle 1) and on a key inserted again
SELECT m.kind, c.cycle = 1 AS first_insert, count(*) > 0 AS taken
  FROM ev c JOIN ev m ON m.lead_key = c.lead_key AND m.id = c.id + 1
 WHERE c.kind = 'create' AND m.kind IN ('handoff', 'touch') AND m.event_time = c.event_time
 GROUP BY 1, 2 ORDER BY 1, 2;
-- every state of both kinds, every calendar, more than one month
SELECT sla_kind, array_agg(DISTINCT state ORDER BY state) AS states
  FROM (SELECT 'exit' AS sla_kind, exit_sla AS state FROM naive_spans
		UNION ALL SELECT 'touch', touch_sla FROM naive_spans) x
 WHERE state IS NOT NULL GROUP BY 1 ORDER BY 1;
-- every SLA was looked up by some stay: the one for its temperature, or
-- the one for any temperature when its temperature has none of its own
SELECT x.stage, x.temperature, x.kind, x.win, count(n.*) AS stays
  FROM g_sla x
  LEFT JOIN naive_spans n
	ON n.stage = x.stage
   AND (n.temperature = x.temperature
		OR (x.temperature IS NULL
			AND NOT EXISTS (SELECT FROM g_sla y WHERE y.stage = x.stage AND y.kind = x.kind AND y.temperature = n.temperature)))
 GROUP BY x.stage, x.temperature, x.kind, x.win
HAVING count(n.*) = 0;
SELECT array_agg(DISTINCT c.name ORDER BY c.name) AS calendars, count(DISTINCT n.month) > 3 AS months,
	   count(*) FILTER (WHERE n.left_at IS NOT NULL AND n.month < date_trunc('month', n.left_at AT TIME ZONE 'Europe/Berlin')) > 0 AS across_month_ends,
	   count(*) FILTER (WHERE (n.entered_at AT TIME ZONE 'UTC')::date <> n.entered_on) > 0 AS local_dates_not_utc
  FROM naive_spans n JOIN cal c ON c.calendar = n.calendar;

-------------------------------------------------------------------------------
-- stage_spans = the naive stays, every column of the contract (and the
-- seconds, the calendar and the ledger rows that begin and end each stay).
-------------------------------------------------------------------------------
CREATE TEMP VIEW view_spans AS
SELECT lead_key, cycle, stage, team, temperature, entered_at, entered_on, month, left_at, next_stage, exit_kind, reason,
	   business_hours, business_seconds, touched_at, hours_to_touch, seconds_to_touch, due_at, touch_due_at,
	   exit_sla, touch_sla, calendar, entered_id, left_id
  FROM lead_align.stage_spans WHERE track_id = :tid;
CREATE TEMP VIEW naive_spans_cols AS
SELECT lead_key, cycle, stage, team, temperature, entered_at, entered_on, month, left_at, next_stage, exit_kind, reason,
	   business_hours, business_seconds, touched_at, hours_to_touch, seconds_to_touch, due_at, touch_due_at,
	   exit_sla, touch_sla, calendar, entered_id, left_id
  FROM naive_spans;
SELECT (SELECT count(*) FROM view_spans) AS stays_in_view, (SELECT count(*) FROM naive_spans) AS stays_naive,
	   (SELECT count(*) FROM (SELECT * FROM view_spans EXCEPT ALL SELECT * FROM naive_spans_cols) d) AS only_in_view,
	   (SELECT count(*) FROM (SELECT * FROM naive_spans_cols EXCEPT ALL SELECT * FROM view_spans) d) AS only_naive;

-------------------------------------------------------------------------------
-- sla_compliance = the naive stays counted per month, stage, team,
-- temperature and kind: handled = met + breached; pct_met = 100 * met /
-- (met + breached + overdue); the percentiles over the handled stays'
-- seconds to handling (exit: to the end; touch: to the first touch, else to
-- the end), in hours.
-------------------------------------------------------------------------------
CREATE TEMP VIEW naive_compliance AS
SELECT month, stage, team, temperature, sla_kind,
	   count(*) FILTER (WHERE state IN ('met', 'breached')) AS handled,
	   count(*) FILTER (WHERE state = 'met') AS met,
	   count(*) FILTER (WHERE state = 'breached') AS breached,
	   count(*) FILTER (WHERE state = 'open') AS open,
	   count(*) FILTER (WHERE state = 'overdue') AS overdue,
	   round(100.0 * count(*) FILTER (WHERE state = 'met')
			 / nullif(count(*) FILTER (WHERE state IN ('met', 'breached', 'overdue')), 0), 2) AS pct_met,
	   round((percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) FILTER (WHERE state IN ('met', 'breached')) / 3600)::numeric, 6) AS p50_hours,
	   round((percentile_cont(0.9) WITHIN GROUP (ORDER BY secs) FILTER (WHERE state IN ('met', 'breached')) / 3600)::numeric, 6) AS p90_hours
  FROM (SELECT month, stage, team, temperature, 'exit' AS sla_kind, exit_sla AS state, business_seconds::float8 AS secs
		  FROM naive_spans
		UNION ALL
		SELECT month, stage, team, temperature, 'touch', touch_sla, touch_handling_secs::float8
		  FROM naive_spans) x
 WHERE state IS NOT NULL AND state <> 'void'
 GROUP BY month, stage, team, temperature, sla_kind;
CREATE TEMP VIEW view_compliance AS
SELECT month, stage, team, temperature, sla_kind, handled, met, breached, open, overdue, pct_met, p50_hours, p90_hours
  FROM lead_align.sla_compliance WHERE track_id = :tid;
SELECT (SELECT count(*) FROM view_compliance) AS rows_in_view, (SELECT count(*) FROM naive_compliance) AS rows_naive,
	   (SELECT count(*) FROM (SELECT * FROM view_compliance EXCEPT ALL SELECT * FROM naive_compliance) d) AS only_in_view,
	   (SELECT count(*) FROM (SELECT * FROM naive_compliance EXCEPT ALL SELECT * FROM view_compliance) d) AS only_naive;
-- and the totals, per kind
SELECT sla_kind, sum(handled) = sum(met + breached) AS handled_adds_up,
	   sum(met + breached + open + overdue) = (SELECT count(*) FROM naive_spans n
											   WHERE CASE WHEN v.sla_kind = 'exit' THEN n.exit_sla ELSE n.touch_sla END
													 IN ('met', 'breached', 'open', 'overdue')) AS every_stay_counted
  FROM view_compliance v GROUP BY sla_kind ORDER BY sla_kind;

-------------------------------------------------------------------------------
-- lead_state = each lead's latest ledger row (none when it is a delete),
-- with its current stay: the last one.
-------------------------------------------------------------------------------
CREATE TEMP VIEW naive_state AS
SELECT l.lead_key, s.stage, l.cycle, s.entered_at AS since, s.entered_on AS since_on, l.owner, l.temperature,
	   s.due_at, s.touch_due_at, s.touched_at,
	   coalesce(s.due_at < now(), false) AS overdue,
	   coalesce(s.touched_at IS NULL AND s.touch_due_at < now(), false) AS touch_overdue,
	   l.event_time AS last_event_at
  FROM (SELECT DISTINCT ON (lead_key) * FROM ev ORDER BY lead_key, id DESC) l
  JOIN naive_spans s ON s.lead_key = l.lead_key AND s.left_id IS NULL
 WHERE l.kind <> 'delete';
CREATE TEMP VIEW view_state AS
SELECT lead_key, stage, cycle, since, since_on, owner, temperature, due_at, touch_due_at, touched_at, overdue,
	   touch_overdue, last_event_at
  FROM lead_align.lead_state WHERE track_id = :tid;
SELECT (SELECT count(*) FROM view_state) AS leads_in_view, (SELECT count(*) FROM naive_state) AS leads_naive,
	   (SELECT count(*) FROM (SELECT * FROM view_state EXCEPT ALL SELECT * FROM naive_state) d) AS only_in_view,
	   (SELECT count(*) FROM (SELECT * FROM naive_state EXCEPT ALL SELECT * FROM view_state) d) AS only_naive;
-- the local dates the triggers stored are the naive ones too
SELECT count(*) AS rows_with_other_local_date FROM ev
 WHERE event_on <> (event_time AT TIME ZONE 'Europe/Berlin')::date;
COMMIT;

\c contrib_regression
SET client_min_messages = warning;
DROP DATABASE lead_align_property;
RESET client_min_messages;
