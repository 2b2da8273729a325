-- A property of the shared numbers (issue 12, item 4): on a generated
-- history of thousands of leads, written through the triggers, funnel,
-- lead_quality, rule_performance and volume_sla_status (through
-- volume_sla_status_at at fixed instants) equal a naive recomputation from
-- the raw ledger rows, written here apart in plain SQL from DESIGN 4.2, 4.3
-- and 5.2.  The naive side reads only each row's id, lead, kind, stages,
-- temperature, rule, rules version, reason, event time and dimensions: it
-- numbers the cycles itself (a create, or a move into nurture from mql,
-- sal, sql, opportunity, lost or disqualified, begins one), dates them in
-- the zone in force when their first row was written, finds each cycle's
-- mql stay and what ended it with window functions and self-joins, and
-- counts volume periods from a calendar of days, with business time summed
-- day by day from the calendars' opening hours (not with the extension's
-- business-time functions).  It never reads lead_cycles, cycle_started_on,
-- from_cycle, the stay columns or lead_current.  Both directions of EXCEPT
-- ALL must be empty, for every view.
--
-- The generator is deterministic (setseed; every random number is drawn
-- into a table first, in one ordered pass): 3,000 leads of five sources,
-- three campaigns or none (a JSON null) and three tiers or none (an integer
-- dimension), inserted in new, nurture or mql (marketing) or sal and sql
-- (sales-sourced), hot ones in new and nurture handed over on insert; then
-- twelve rounds in which each lead may move along the agreement with the
-- reasons it requires (accepts, rejects with six codes, recycles from mql,
-- sal and sql, disqualifications from mql and elsewhere, wins, losses,
-- reopens from lost and disqualified), be touched (also in the same save as
-- a move), change its budget, demo or visits (temperature events, automatic
-- handoffs of new and nurture leads that turn hot), its owner, or its
-- campaign and source (so that a cycle's first row and the row that began
-- its mql stay can differ).  Rules of three temperatures (a cold rule too,
-- and leads no rule matches); after round 5 a rule is added and one dropped
-- (rules versions), after round 7 the track's calendar moves from Berlin to
-- Los Angeles (cycles begun later are dated there; earlier ones keep their
-- date).  Then deletes (recorded now), some of them in mql, keys inserted
-- again (the next cycle, now) and moved once more.  Event times run from
-- January to April 2026, over month ends and the DST changes.  A second
-- track (Tokyo, no dimensions, its own rules) shares the keys of the first
-- 300 leads and the same rounds.  Six volume SLAs: per week, month and
-- quarter, in marketing's New York calendar, in the track's calendar (Los
-- Angeles now, with holidays), and in Tokyo for the second track, whose
-- marketing has no calendar of its own; a few leads begin their stays on
-- the local midnights that bound the periods, and at the instants the
-- status is taken at.
SET client_min_messages = warning;
DROP DATABASE IF EXISTS lead_align_shared_property;
CREATE DATABASE lead_align_shared_property;
RESET client_min_messages;
\c lead_align_shared_property
SET client_min_messages = warning;
CREATE EXTENSION lead_align;
RESET client_min_messages;
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';

CREATE SCHEMA sp;
CREATE TABLE sp.leads (
	id             int PRIMARY KEY,
	stage          lead_align.lead_stage NOT NULL,
	source         text,
	campaign       text,
	tier           int,
	budget         int NOT NULL DEFAULT 0,
	demo           boolean NOT NULL DEFAULT false,
	visits         int NOT NULL DEFAULT 0,
	temperature    lead_align.lead_temperature,
	owner          text,
	last_contacted timestamptz,
	reason         text,
	note           text,
	modified       timestamptz
);
CREATE TABLE sp.partner (LIKE sp.leads INCLUDING ALL);
SELECT lead_align.track('sp.leads', key => 'id', stage => 'stage', temperature => 'temperature',
						owner => 'owner', touch => 'last_contacted', event_time => 'modified',
						reason => 'reason', note => 'note', dimensions => ARRAY['source', 'campaign', 'tier'],
						calendar => 'Mo-Fr 09:00-17:00; 2026-01-06 off; tz Europe/Berlin',
						handoff_temperature => 'hot') AS tid \gset
SELECT lead_align.track('sp.partner', key => 'id', stage => 'stage', temperature => 'temperature',
						owner => 'owner', touch => 'last_contacted', event_time => 'modified',
						reason => 'reason', note => 'note',
						calendar => 'Mo-Fr 10:00-18:00; tz Asia/Tokyo',
						handoff_temperature => 'hot') AS pid \gset
SELECT lead_align.team_calendar('sp.leads', 'marketing', 'Mo-Fr 09:00-17:00; tz America/New_York');
SELECT lead_align.add_rule('sp.leads', 'hot', $$budget >= 20000$$, name => 'big_budget');
SELECT lead_align.add_rule('sp.leads', 'warm', $$demo$$, name => 'demo');
SELECT lead_align.add_rule('sp.leads', 'warm', $$visits >= 5$$, name => 'engaged');
SELECT lead_align.add_rule('sp.leads', 'cold', $$source = 'purchased'$$, name => 'purchased_list');
SELECT lead_align.add_rule('sp.partner', 'hot', $$budget >= 25000$$, name => 'whale');
SELECT lead_align.add_rule('sp.partner', 'warm', $$demo$$, name => 'demo');

-- The volume SLAs, declared now; created_at is backdated (as a superuser)
-- so that their periods are the history's.  marketing works New York hours
-- on sp.leads; sales has no calendar of its own: the track's, which is Los
-- Angeles's when the views are read.  sp.partner's marketing: Tokyo.
SELECT lead_align.volume_sla('sp.leads', 'marketing', 'mql', 'month', 300);
SELECT lead_align.volume_sla('sp.leads', 'marketing', 'nurture', 'week', 30);
SELECT lead_align.volume_sla('sp.leads', 'sales', 'sal', 'week', 40);
SELECT lead_align.volume_sla('sp.leads', 'sales', 'opportunity', 'month', 50);
SELECT lead_align.volume_sla('sp.leads', 'sales', 'won', 'quarter', 25);
SELECT lead_align.volume_sla('sp.partner', 'marketing', 'mql', 'week', 10);
UPDATE lead_align.volume_sla v
   SET created_at = c.created_at
  FROM (VALUES (:tid, 'marketing', 'mql', timestamptz '2026-01-05 10:00+01'),
			   (:tid, 'marketing', 'nurture', '2026-02-01 03:00+01'),	-- Saturday 31 January in New York
			   (:tid, 'sales', 'sal', '2026-01-14 12:00+01'),
			   (:tid, 'sales', 'opportunity', '2026-01-31 23:30+00'),	-- still January in Los Angeles
			   (:tid, 'sales', 'won', '2026-01-02 09:00+01'),
			   (:pid, 'marketing', 'mql', '2026-01-05 00:30+09')) c (track_id, team, stage, created_at)
 WHERE v.track_id = c.track_id AND v.team = c.team AND v.stage::text = c.stage;

-- The moves of the agreement the generator makes, with the reason each
-- needs: mql -> nurture is a reject for bad_fit, duplicate, spam,
-- wrong_contact, existing_customer and other (other exists for every kind),
-- a recycle for bad_timing and no_budget; a reopen takes other and a note.
CREATE TEMP TABLE g_move (from_stage lead_align.lead_stage, n int, to_stage lead_align.lead_stage, reason text,
						  PRIMARY KEY (from_stage, n));
INSERT INTO g_move VALUES
	('new', 0, 'mql', NULL), ('new', 1, 'nurture', NULL), ('new', 2, 'mql', NULL), ('new', 3, 'disqualified', 'spam'),
	('new', 4, 'nurture', NULL),
	('nurture', 0, 'mql', NULL), ('nurture', 1, 'mql', NULL), ('nurture', 2, 'disqualified', 'bad_fit'),
	('mql', 0, 'sal', NULL), ('mql', 1, 'sal', NULL), ('mql', 2, 'sql', NULL), ('mql', 3, 'nurture', 'bad_fit'),
	('mql', 4, 'nurture', 'duplicate'), ('mql', 5, 'nurture', 'spam'), ('mql', 6, 'nurture', 'wrong_contact'),
	('mql', 7, 'nurture', 'other'), ('mql', 8, 'nurture', 'bad_timing'), ('mql', 9, 'nurture', 'no_budget'),
	('mql', 10, 'disqualified', 'duplicate'), ('mql', 11, 'disqualified', 'competitor'), ('mql', 12, 'sal', NULL),
	('mql', 13, 'nurture', 'existing_customer'),
	('sal', 0, 'sql', NULL), ('sal', 1, 'sql', NULL), ('sal', 2, 'nurture', 'no_authority'),
	('sal', 3, 'disqualified', 'spam'), ('sal', 4, 'nurture', 'unreachable'),
	('sql', 0, 'opportunity', NULL), ('sql', 1, 'opportunity', NULL), ('sql', 2, 'nurture', 'no_need'),
	('sql', 3, 'lost', 'price'), ('sql', 4, 'disqualified', 'competitor'),
	('opportunity', 0, 'won', NULL), ('opportunity', 1, 'won', NULL), ('opportunity', 2, 'lost', 'lost_to_competitor'),
	('opportunity', 3, 'lost', 'timing'),
	('lost', 0, 'nurture', 'other'), ('disqualified', 0, 'nurture', 'other');

-------------------------------------------------------------------------------
-- The random numbers, drawn once, in order.
-------------------------------------------------------------------------------
SELECT setseed(0.1212);
CREATE TEMP TABLE g_lead AS
SELECT i,
	   CASE WHEN u1 < 0.45 THEN 'new' WHEN u1 < 0.55 THEN 'nurture' WHEN u1 < 0.85 THEN 'mql'
			WHEN u1 < 0.95 THEN 'sal' ELSE 'sql' END::lead_align.lead_stage AS stage0,
	   (ARRAY['webinar', 'ads', 'referral', 'purchased', 'partner'])[1 + floor(u2 * 5)::int] AS source0,
	   (ARRAY['spring', 'brand', 'retarget', NULL])[1 + floor(u3 * 4)::int] AS campaign0,
	   (ARRAY[1, 2, 3, NULL])[1 + floor(u3 * 40)::int % 4] AS tier0,
	   floor(u4 * 5)::int AS grade0,
	   timestamptz '2026-01-04 23:00+00' + (u5 * 60 * 24 * 55)::int * interval '1 minute' AS t0,
	   'rep' || (1 + floor(u6 * 6)::int) AS owner0,
	   u6 * 10 - floor(u6 * 10) < 0.1 AS touched0, u7 AS u_del
  FROM (SELECT i, random() AS u1, random() AS u2, random() AS u3, random() AS u4, random() AS u5, random() AS u6,
			   random() AS u7
		  FROM generate_series(1, 3000) i) x;
CREATE TEMP TABLE g_step AS
SELECT (k - 1) / 12 + 1 AS i, (k - 1) % 12 + 1 AS r, u_act, u_to, u_touch, u_tt, u_grade, u_gap, u_dim
  FROM (SELECT k, random() AS u_act, random() AS u_to, random() AS u_touch, random() AS u_tt, random() AS u_grade,
			   random() AS u_gap, random() AS u_dim
		  FROM generate_series(1, 3000 * 12) k) x;
CREATE UNIQUE INDEX ON g_step (r, i);
-- a grade is a budget, a demo and visits: 0 hot (big budget), 1 warm
-- (demo), 2 warm (engaged, until that rule is dropped), 3 nothing (cold; the
-- purchased_list rule for purchased leads), 4 demo and visits (hot for a
-- referral once the referral_demo rule exists)
CREATE TEMP TABLE g_grade (grade int PRIMARY KEY, budget int, demo boolean, visits int);
INSERT INTO g_grade VALUES (0, 30000, false, 1), (1, 0, true, 0), (2, 5000, false, 7), (3, 0, false, 0), (4, 8000, true, 9);

-------------------------------------------------------------------------------
-- The history, through the triggers.
-------------------------------------------------------------------------------
-- the inserts (hot new and nurture leads are handed over on insert; one in
-- ten is touched on insert)
INSERT INTO sp.leads (id, stage, source, campaign, tier, budget, demo, visits, owner, last_contacted, modified)
SELECT g.i, g.stage0, g.source0, g.campaign0, g.tier0, d.budget, d.demo, d.visits, g.owner0,
	   CASE WHEN g.touched0 THEN g.t0 END, g.t0
  FROM g_lead g JOIN g_grade d ON d.grade = g.grade0 ORDER BY g.i;
INSERT INTO sp.partner (id, stage, source, campaign, tier, budget, demo, visits, owner, last_contacted, modified)
SELECT g.i, g.stage0, g.source0, g.campaign0, g.tier0, d.budget, d.demo, d.visits, g.owner0,
	   CASE WHEN g.touched0 THEN g.t0 END, g.t0 + interval '7 minutes'
  FROM g_lead g JOIN g_grade d ON d.grade = g.grade0 WHERE g.i <= 300 ORDER BY g.i;
-- leads on the edges of volume periods (local midnights of New York's and
-- Los Angeles's months and weeks, and of Tokyo's; the instants of as_of
-- below, and a microsecond after one): they only begin their stay
INSERT INTO sp.leads (id, stage, source, modified) VALUES
	(9001, 'mql', 'webinar', '2026-02-01 00:00 America/New_York'),
	(9002, 'mql', 'webinar', '2026-02-28 23:59:59.999999 America/New_York'),
	(9003, 'mql', 'webinar', '2026-03-01 00:00 America/New_York'),
	(9004, 'sal', 'referral', '2026-03-09 00:00 America/Los_Angeles'),
	(9005, 'sal', 'referral', '2026-03-08 23:59:59.999999 America/Los_Angeles'),
	(9006, 'nurture', 'ads', '2026-01-26 00:00 America/New_York'),
	(9007, 'mql', 'ads', '2026-03-18 16:30+01'),
	(9008, 'mql', 'ads', '2026-03-18 16:30:00.000001+01');
INSERT INTO sp.partner (id, stage, source, modified) VALUES
	(9011, 'mql', 'webinar', '2026-02-02 00:00 Asia/Tokyo'),
	(9012, 'mql', 'webinar', '2026-02-01 23:59:59.999999 Asia/Tokyo');

-- One round on a table: each of its leads draws an action from the stage
-- it is in now (a move half the time, with a touch or a new grade in the
-- same save now and then), a touch, a new grade or a new owner; a move
-- sometimes changes the campaign (and rarely the source) too.
CREATE FUNCTION pg_temp.play_round(tbl regclass, round_no int) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
	EXECUTE format($q$
		UPDATE %1$s l
		   SET stage = CASE WHEN a.moves THEN a.to_stage ELSE l.stage END,
			   reason = CASE WHEN a.moves AND a.reason IS NOT NULL THEN a.reason ELSE l.reason END,
			   note = CASE WHEN a.moves AND a.reason IS NOT NULL THEN a.reason || ' in round ' || %2$s ELSE l.note END,
			   last_contacted = CASE WHEN a.touches THEN a.at - (a.u_tt * 30) * interval '1 hour' ELSE l.last_contacted END,
			   budget = CASE WHEN a.regrades THEN d.budget ELSE l.budget END,
			   demo = CASE WHEN a.regrades THEN d.demo ELSE l.demo END,
			   visits = CASE WHEN a.regrades THEN d.visits ELSE l.visits END,
			   owner = CASE WHEN a.reassigns THEN 'rep' || (1 + floor(a.u_grade * 6)::int) ELSE l.owner END,
			   campaign = CASE WHEN a.moves AND a.u_dim < 0.15
							   THEN (ARRAY['spring', 'brand', 'retarget', NULL])[1 + floor(a.u_dim * 100)::int %% 4]
							   ELSE l.campaign END,
			   source = CASE WHEN a.moves AND a.u_dim > 0.96 THEN 'referral' ELSE l.source END,
			   modified = a.at
		  FROM (SELECT l2.id, s.u_tt, s.u_grade, s.u_dim,
					   -- 5 minutes to a week after the lead's latest save, mostly short
					   l2.modified + (5 + (s.u_gap * s.u_gap * 10080)::int) * interval '1 minute' AS at,
					   s.u_act < 0.5 AND m.to_stage IS NOT NULL AS moves, m.to_stage, m.reason,
					   (s.u_act < 0.5 AND s.u_touch < 0.2) OR s.u_act BETWEEN 0.5 AND 0.65 AS touches,
					   (s.u_act < 0.5 AND s.u_touch > 0.85) OR s.u_act BETWEEN 0.65 AND 0.8 AS regrades,
					   s.u_act BETWEEN 0.8 AND 0.85 AS reassigns
				  FROM %1$s l2
				  JOIN g_step s ON s.r = %2$s AND s.i = l2.id
				  LEFT JOIN LATERAL (
						SELECT mv.to_stage, mv.reason FROM g_move mv
						 WHERE mv.from_stage = l2.stage
						 ORDER BY mv.n
						OFFSET floor(s.u_to * (SELECT count(*) FROM g_move c WHERE c.from_stage = l2.stage))::int LIMIT 1) m ON true
				 WHERE s.u_act < 0.85) a
		  LEFT JOIN g_grade d ON d.grade = floor(a.u_grade * 5)::int
		 WHERE l.id = a.id$q$, tbl, round_no);
END $fn$;

SELECT count(pg_temp.play_round(t, r))
  FROM generate_series(1, 5) r CROSS JOIN (VALUES ('sp.leads'::regclass), ('sp.partner')) x (t);
-- the rules change: rows written from here on record version 7 (sp.leads)
SELECT lead_align.add_rule('sp.leads', 'hot', $$source = 'referral' AND demo$$, name => 'referral_demo');
SELECT lead_align.drop_rule('sp.leads', 'engaged');
SELECT lead_align.add_rule('sp.partner', 'warm', $$visits >= 3$$, name => 'visits3');
SELECT count(pg_temp.play_round(t, r))
  FROM generate_series(6, 7) r CROSS JOIN (VALUES ('sp.leads'::regclass), ('sp.partner')) x (t);
-- the track's calendar moves to Los Angeles: rows written from here on are
-- dated there (the naive side dates rows by the id they were written with)
SELECT max(id) AS moved_after FROM lead_align.handoff \gset
SELECT lead_align.alter_track('sp.leads', calendar => 'Mo-Fr 08:00-16:00; 2026-03-16 off; 2026-04-03 off; tz America/Los_Angeles');
SELECT count(pg_temp.play_round(t, r))
  FROM generate_series(8, 12) r CROSS JOIN (VALUES ('sp.leads'::regclass), ('sp.partner')) x (t);

-- deletes, recorded now: about one lead in ten (on both tracks for the
-- shared keys); a third of them comes back, now, in its next cycle (a hot
-- one is handed over on insert), and half of those moves on once more
DELETE FROM sp.leads l USING g_lead g WHERE g.i = l.id AND g.u_del < 0.1;
DELETE FROM sp.partner l USING g_lead g WHERE g.i = l.id AND g.u_del < 0.1;
INSERT INTO sp.leads (id, stage, source, campaign, tier, budget, demo, visits, owner)
SELECT g.i, CASE WHEN g.u_del < 0.015 THEN 'mql' ELSE 'new' END::lead_align.lead_stage,
	   g.source0, g.campaign0, g.tier0, d.budget, d.demo, d.visits, g.owner0
  FROM g_lead g JOIN g_grade d ON d.grade = g.grade0 WHERE g.u_del < 0.033 ORDER BY g.i;
UPDATE sp.leads l SET stage = CASE l.stage WHEN 'mql' THEN 'sal' ELSE 'nurture' END::lead_align.lead_stage
  FROM g_lead g WHERE g.i = l.id AND g.u_del < 0.016 AND l.stage IN ('new', 'mql');
ANALYZE lead_align.handoff;

-------------------------------------------------------------------------------
-- The naive side.  The ledger's rows, and only these columns of them.
-------------------------------------------------------------------------------
CREATE TEMP TABLE ev AS
SELECT id, track_id, lead_key, kind, cycle, from_stage, to_stage, temperature, rule, rules_version, reason,
	   event_time, dimensions
  FROM lead_align.handoff;
CREATE INDEX ON ev (track_id, to_stage, event_time);
-- each track's name, dimension keys, and the zone its rows were dated in
-- when written: zone_before up to the row moved_after, zone_after later
CREATE TEMP TABLE naive_track (track_id int PRIMARY KEY, track text, dims text[], zone_before text,
							   moved_after bigint, zone_after text);
INSERT INTO naive_track VALUES
	(:tid, 'sp.leads', ARRAY['source', 'campaign', 'tier'], 'Europe/Berlin', :moved_after, 'America/Los_Angeles'),
	(:pid, 'sp.partner', '{}', 'Asia/Tokyo', :moved_after, 'Asia/Tokyo');

-- Every row with its cycle, counted: a create begins one (the first insert
-- or a key inserted again), and so does a move into nurture from mql, sal,
-- sql, opportunity, lost or disqualified.  A stage move is a row that
-- enters a stage (not a touch, reassign, temperature or delete row).
CREATE TEMP TABLE nev AS
SELECT e.*,
	   count(*) FILTER (WHERE e.kind = 'create'
						   OR (e.to_stage = 'nurture' AND e.from_stage IN ('mql', 'sal', 'sql', 'opportunity', 'lost', 'disqualified')))
		   OVER (PARTITION BY e.track_id, e.lead_key ORDER BY e.id) AS ncycle,
	   e.kind IN ('create', 'advance', 'handoff', 'accept', 'reject', 'recycle', 'disqualify', 'lose', 'win', 'reopen') AS stage_move,
	   (e.event_time AT TIME ZONE CASE WHEN e.id <= t.moved_after THEN t.zone_before ELSE t.zone_after END)::date AS local_on
  FROM ev e JOIN naive_track t ON t.track_id = e.track_id;
CREATE INDEX ON nev (track_id, lead_key, id);
ANALYZE nev;

-- Every lead-cycle: its first and latest rows; the first stage move into
-- mql (the hand-over) and the stage move or delete that ended that mql
-- stay; whether it reached each stage; the first row of the lead's next
-- cycle (how this one ended, when a move into nurture ended it).
CREATE TEMP TABLE ncyc AS
WITH c AS (
	SELECT track_id, lead_key, ncycle, min(id) AS first_id, max(id) AS last_id,
		   bool_or(stage_move AND to_stage IN ('mql', 'sal', 'sql', 'opportunity', 'won')) AS r_mql,
		   bool_or(stage_move AND to_stage IN ('sal', 'sql', 'opportunity', 'won')) AS r_sal,
		   bool_or(stage_move AND to_stage IN ('sql', 'opportunity', 'won')) AS r_sql,
		   bool_or(stage_move AND to_stage IN ('opportunity', 'won')) AS r_opp,
		   bool_or(stage_move AND to_stage = 'won') AS r_won,
		   min(id) FILTER (WHERE stage_move AND to_stage = 'mql') AS mql_id
	  FROM nev GROUP BY track_id, lead_key, ncycle
)
SELECT c.*,
	   f.local_on AS started_on,
	   f.event_time AS first_at,
	   make_date(extract(year FROM f.local_on)::int, extract(month FROM f.local_on)::int, 1) AS cohort_month,
	   f.dimensions AS first_dims,
	   l.kind AS last_kind,
	   coalesce(l.to_stage, l.from_stage) AS last_stage,
	   m.dimensions AS mql_dims,
	   x.kind AS mql_exit_kind,
	   x.reason AS mql_exit_reason,
	   -- the row the cycle is attributed to in rule_performance
	   coalesce(m.rule, CASE WHEN m.id IS NULL THEN l.rule END) AS a_rule,
	   CASE WHEN m.id IS NULL THEN l.rules_version ELSE m.rules_version END AS a_rules_version,
	   CASE WHEN m.id IS NULL THEN l.temperature ELSE m.temperature END AS a_temperature,
	   nx.kind AS next_first_kind
  FROM c
  JOIN nev f ON f.track_id = c.track_id AND f.lead_key = c.lead_key AND f.id = c.first_id
  JOIN nev l ON l.track_id = c.track_id AND l.lead_key = c.lead_key AND l.id = c.last_id
  LEFT JOIN nev m ON m.track_id = c.track_id AND m.lead_key = c.lead_key AND m.id = c.mql_id
  LEFT JOIN LATERAL (
		SELECT y.kind, y.reason FROM nev y
		 WHERE y.track_id = m.track_id AND y.lead_key = m.lead_key AND y.id > m.id AND (y.stage_move OR y.kind = 'delete')
		 ORDER BY y.id LIMIT 1) x ON true
  LEFT JOIN LATERAL (
		SELECT y.kind FROM nev y
		 WHERE y.track_id = c.track_id AND y.lead_key = c.lead_key AND y.ncycle = c.ncycle + 1
		 ORDER BY y.id LIMIT 1) nx ON true;
ALTER TABLE ncyc ADD COLUMN entered_mql boolean, ADD COLUMN accepted boolean, ADD COLUMN rejected boolean,
				 ADD COLUMN recycled boolean, ADD COLUMN still_open boolean;
UPDATE ncyc SET entered_mql = mql_id IS NOT NULL,
				accepted = coalesce(mql_exit_kind = 'accept', false),
				rejected = coalesce(mql_exit_kind IN ('reject', 'disqualify'), false),
				recycled = coalesce(next_first_kind = 'recycle', false),
				still_open = next_first_kind IS NULL AND last_kind <> 'delete'
							 AND last_stage NOT IN ('won', 'lost', 'disqualified');

-------------------------------------------------------------------------------
-- What the generator made (so that every path is known to be taken).
-------------------------------------------------------------------------------
-- the ledger's cycle numbers are the naive ones
SELECT count(*) AS rows, count(*) FILTER (WHERE cycle <> ncycle) AS rows_of_another_cycle FROM nev;
SELECT count(*) FILTER (WHERE track_id = :tid) > 15000 AS many_events,
	   count(*) FILTER (WHERE kind = 'reject') > 0 AS rejects,
	   count(DISTINCT from_stage) FILTER (WHERE kind = 'recycle') AS recycled_from_stages,
	   count(DISTINCT from_stage) FILTER (WHERE kind = 'reopen') AS reopened_from_stages,
	   count(*) FILTER (WHERE kind = 'disqualify' AND from_stage = 'mql') > 0 AS disqualified_from_mql,
	   count(*) FILTER (WHERE kind = 'win') > 0 AS wins, count(*) FILTER (WHERE kind = 'lose') > 0 AS losses,
	   count(*) FILTER (WHERE kind = 'delete' AND from_stage = 'mql') > 0 AS deleted_in_mql,
	   count(*) FILTER (WHERE kind = 'create' AND to_stage IN ('sal', 'sql')) > 0 AS sales_sourced,
	   count(*) FILTER (WHERE kind = 'create' AND cycle > 1) > 0 AS inserted_again,
	   count(*) FILTER (WHERE kind = 'handoff' AND from_stage = 'nurture') > 0 AS handoffs_from_nurture,
	   count(*) FILTER (WHERE kind = 'temperature') > 0 AS temperatures,
	   count(*) FILTER (WHERE kind = 'touch') > 0 AS touches, count(*) FILTER (WHERE kind = 'reassign') > 0 AS reassigns,
	   max(cycle) >= 4 AS fourth_cycles
  FROM nev;
-- automatic handoffs on insert and on update (a handoff of an unchanged
-- stage value: the one in the same save as a create, or by a new grade)
SELECT count(*) FILTER (WHERE c.kind = 'create') > 0 AS on_insert,
	   count(*) FILTER (WHERE c.kind <> 'create') > 0 AS on_update
  FROM nev h JOIN nev c ON c.track_id = h.track_id AND c.lead_key = h.lead_key AND c.id = h.id - 1
 WHERE h.kind = 'handoff' AND h.event_time = c.event_time AND h.temperature = 'hot';
-- the values a cycle counts under: hand-overs in several rules versions,
-- of every temperature, with and without a rule; cycles whose first row and
-- mql row have other dimensions; a JSON null dimension
SELECT count(DISTINCT a_rules_version) FILTER (WHERE entered_mql AND track_id = :tid) AS mql_rules_versions,
	   array_agg(DISTINCT a_temperature::text ORDER BY a_temperature::text) AS temperatures,
	   count(*) FILTER (WHERE a_rule IS NULL) > 0 AS no_rule,
	   count(*) FILTER (WHERE a_rule IS NOT NULL AND a_temperature = 'cold') > 0 AS cold_rule,
	   count(*) FILTER (WHERE entered_mql AND mql_dims <> first_dims) > 0 AS dims_changed_before_mql,
	   count(*) FILTER (WHERE (coalesce(mql_dims, first_dims) -> 'campaign') = 'null'::jsonb) > 0 AS json_null_campaign,
	   count(*) FILTER (WHERE r_mql AND NOT entered_mql) > 0 AS reached_mql_without_handover,
	   count(*) FILTER (WHERE entered_mql AND NOT accepted AND NOT rejected AND mql_exit_kind = 'recycle') > 0 AS recycled_from_mql,
	   count(*) FILTER (WHERE mql_exit_kind = 'delete') > 0 AS mql_stay_deleted,
	   count(*) FILTER (WHERE mql_exit_kind IS NULL AND entered_mql) > 0 AS mql_stay_open
  FROM ncyc;
-- cohorts: months near their ends in another zone than UTC, a cycle begun
-- before the calendar moved with rows after it, and cycles dated in Los
-- Angeles on another day than Berlin's
SELECT count(DISTINCT cohort_month) FILTER (WHERE cohort_month < '2026-06-01') AS history_months,
	   count(*) FILTER (WHERE cohort_month <> date_trunc('month', first_at AT TIME ZONE 'UTC')::date) > 0 AS month_not_utc,
	   count(*) FILTER (WHERE track_id = :tid AND first_id <= :moved_after AND last_id > :moved_after) > 0 AS across_the_move,
	   count(*) FILTER (WHERE track_id = :tid AND first_id > :moved_after
							AND started_on <> (first_at AT TIME ZONE 'Europe/Berlin')::date) > 0 AS dated_in_los_angeles
  FROM ncyc;
-- a touch in the same save as the move into nurture that ends a cycle
SELECT count(*) > 0 AS touch_ends_a_cycle
  FROM nev t JOIN nev m ON m.track_id = t.track_id AND m.lead_key = t.lead_key AND m.id = t.id + 1
 WHERE t.kind = 'touch' AND m.kind IN ('reject', 'recycle', 'reopen') AND m.ncycle = t.ncycle + 1;

-------------------------------------------------------------------------------
-- funnel = the naive cycles counted per track and cohort month: reached_X
-- = cycles with a stage move into X or a later stage of mql < sal < sql <
-- opportunity < won; recycled = cycles the next of which a recycle began;
-- still_open = not won, lost or disqualified at the latest row, no next
-- cycle, not deleted; rate = reached_next / reached_this, 4 places.
-------------------------------------------------------------------------------
CREATE TEMP VIEW naive_funnel AS
SELECT t.track_id, t.track, f.cohort_month, f.leads, f.reached_mql, f.reached_sal, f.reached_sql,
	   f.reached_opportunity, f.reached_won, f.recycled, f.still_open,
	   round(f.reached_mql::numeric / nullif(f.leads, 0), 4) AS mql_rate,
	   round(f.reached_sal::numeric / nullif(f.reached_mql, 0), 4) AS sal_rate,
	   round(f.reached_sql::numeric / nullif(f.reached_sal, 0), 4) AS sql_rate,
	   round(f.reached_opportunity::numeric / nullif(f.reached_sql, 0), 4) AS opportunity_rate,
	   round(f.reached_won::numeric / nullif(f.reached_opportunity, 0), 4) AS won_rate
  FROM (SELECT track_id, cohort_month, count(*) AS leads,
			   count(*) FILTER (WHERE r_mql) AS reached_mql, count(*) FILTER (WHERE r_sal) AS reached_sal,
			   count(*) FILTER (WHERE r_sql) AS reached_sql, count(*) FILTER (WHERE r_opp) AS reached_opportunity,
			   count(*) FILTER (WHERE r_won) AS reached_won, count(*) FILTER (WHERE recycled) AS recycled,
			   count(*) FILTER (WHERE still_open) AS still_open
		  FROM ncyc GROUP BY track_id, cohort_month) f
  JOIN naive_track t ON t.track_id = f.track_id;
CREATE TEMP TABLE view_funnel AS
SELECT track_id, track, cohort_month, leads, reached_mql, reached_sal, reached_sql, reached_opportunity, reached_won,
	   recycled, still_open, mql_rate, sal_rate, sql_rate, opportunity_rate, won_rate
  FROM lead_align.funnel;
SELECT (SELECT count(*) FROM view_funnel) = (SELECT count(*) FROM naive_funnel) AS same_rows,
	   (SELECT count(*) FROM view_funnel WHERE cohort_month < '2026-06-01') AS history_rows,
	   (SELECT sum(leads) FROM naive_funnel WHERE cohort_month < '2026-06-01') AS history_cycles,
	   (SELECT count(*) FROM (SELECT * FROM view_funnel EXCEPT ALL SELECT * FROM naive_funnel) d) AS only_in_view,
	   (SELECT count(*) FROM (SELECT * FROM naive_funnel EXCEPT ALL SELECT * FROM view_funnel) d) AS only_naive;

-------------------------------------------------------------------------------
-- lead_quality = the naive cycles counted per track, dimension key, value
-- and cohort month, each under the dimensions of its hand-over row (else
-- its first row), once per key of the track's dimensions: mqls = cycles
-- with a hand-over; accepted / rejected = hand-overs whose mql stay the
-- next stage move left by accept / by reject or disqualify (a recycle and a
-- delete are neither); recycled and won of the hand-overs; the three most
-- frequent reasons of the rejected, ties by code.
-------------------------------------------------------------------------------
CREATE TEMP TABLE naive_quality_cycle AS
SELECT c.*, k.key AS dimension, coalesce(c.mql_dims, c.first_dims) ->> k.key AS value
  FROM ncyc c JOIN naive_track t ON t.track_id = c.track_id CROSS JOIN unnest(t.dims) AS k (key);
CREATE TEMP VIEW naive_reasons AS
SELECT track_id, dimension, value, cohort_month,
	   array_agg(reason ORDER BY n DESC, reason COLLATE "C") FILTER (WHERE rank <= 3) AS top
  FROM (SELECT track_id, dimension, value, cohort_month, mql_exit_reason AS reason, count(*) AS n,
			   row_number() OVER (PARTITION BY track_id, dimension, value, cohort_month
								  ORDER BY count(*) DESC, mql_exit_reason COLLATE "C") AS rank
		  FROM naive_quality_cycle WHERE entered_mql AND rejected
		 GROUP BY track_id, dimension, value, cohort_month, mql_exit_reason) r
 GROUP BY track_id, dimension, value, cohort_month;
CREATE TEMP VIEW naive_quality AS
SELECT t.track_id, t.track, q.dimension, q.value, q.cohort_month AS month, q.leads, q.mqls, q.accepted, q.rejected,
	   q.recycled, q.won,
	   round(q.accepted::numeric / nullif(q.accepted + q.rejected, 0), 4) AS acceptance_rate,
	   round(q.won::numeric / nullif(q.mqls, 0), 4) AS win_rate,
	   coalesce(r.top, '{}') AS top_reject_reasons
  FROM (SELECT track_id, dimension, value, cohort_month, count(*) AS leads,
			   count(*) FILTER (WHERE entered_mql) AS mqls,
			   count(*) FILTER (WHERE entered_mql AND accepted) AS accepted,
			   count(*) FILTER (WHERE entered_mql AND rejected) AS rejected,
			   count(*) FILTER (WHERE entered_mql AND recycled) AS recycled,
			   count(*) FILTER (WHERE entered_mql AND r_won) AS won
		  FROM naive_quality_cycle GROUP BY track_id, dimension, value, cohort_month) q
  JOIN naive_track t ON t.track_id = q.track_id
  LEFT JOIN naive_reasons r ON r.track_id = q.track_id AND r.dimension = q.dimension
						   AND r.value IS NOT DISTINCT FROM q.value AND r.cohort_month = q.cohort_month;
CREATE TEMP TABLE view_quality AS
SELECT track_id, track, dimension, value, month, leads, mqls, accepted, rejected, recycled, won, acceptance_rate,
	   win_rate, top_reject_reasons
  FROM lead_align.lead_quality;
SELECT (SELECT count(*) FROM view_quality) = (SELECT count(*) FROM naive_quality) AS same_rows,
	   (SELECT count(*) FROM view_quality WHERE month < '2026-06-01') AS history_rows,
	   (SELECT count(*) FROM view_quality WHERE track_id = :pid) AS rows_of_a_track_without_dimensions,
	   (SELECT count(*) FROM view_quality WHERE value IS NULL) > 0 AS null_values,
	   (SELECT count(*) FROM (SELECT * FROM view_quality EXCEPT ALL SELECT * FROM naive_quality) d) AS only_in_view,
	   (SELECT count(*) FROM (SELECT * FROM naive_quality EXCEPT ALL SELECT * FROM view_quality) d) AS only_naive;
-- the reasons: groups with three codes or more, groups with none (the
-- keys inserted again, now), and ties at the third
SELECT count(*) FILTER (WHERE cardinality(top_reject_reasons) = 3) > 0 AS three_reasons,
	   count(*) FILTER (WHERE top_reject_reasons = '{}') > 0 AS no_reasons,
	   (SELECT count(*) FROM (SELECT count(*) AS n,
									 row_number() OVER w AS rn, lead(count(*)) OVER w AS next_n
								FROM naive_quality_cycle WHERE entered_mql AND rejected
							   GROUP BY track_id, dimension, value, cohort_month, mql_exit_reason
							  WINDOW w AS (PARTITION BY track_id, dimension, value, cohort_month
										   ORDER BY count(*) DESC, mql_exit_reason COLLATE "C")) r
		 WHERE rn = 3 AND next_n = n) > 0 AS ties_at_third
  FROM naive_quality;

-------------------------------------------------------------------------------
-- rule_performance = the naive cycles counted per track, cohort month and
-- the rule, rules version and temperature of the hand-over row (a cycle
-- without a hand-over: of its latest row): handed_off, accepted, rejected
-- and won of the hand-overs, as in lead_quality.
-------------------------------------------------------------------------------
CREATE TEMP VIEW naive_rules AS
SELECT t.track_id, t.track, r.cohort_month, r.rule, r.rules_version, r.temperature, r.temperature::text AS temperature_text,
	   r.leads, r.handed_off, r.accepted, r.rejected, r.won,
	   round(r.accepted::numeric / nullif(r.accepted + r.rejected, 0), 4) AS acceptance_rate,
	   round(r.won::numeric / nullif(r.handed_off, 0), 4) AS win_rate
  FROM (SELECT track_id, cohort_month, a_rule AS rule, a_rules_version AS rules_version, a_temperature AS temperature,
			   count(*) AS leads, count(*) FILTER (WHERE entered_mql) AS handed_off,
			   count(*) FILTER (WHERE entered_mql AND accepted) AS accepted,
			   count(*) FILTER (WHERE entered_mql AND rejected) AS rejected,
			   count(*) FILTER (WHERE entered_mql AND r_won) AS won
		  FROM ncyc GROUP BY track_id, cohort_month, a_rule, a_rules_version, a_temperature) r
  JOIN naive_track t ON t.track_id = r.track_id;
CREATE TEMP TABLE view_rules AS
SELECT track_id, track, cohort_month, rule, rules_version, temperature, temperature_text, leads, handed_off, accepted,
	   rejected, won, acceptance_rate, win_rate
  FROM lead_align.rule_performance;
SELECT (SELECT count(*) FROM view_rules) = (SELECT count(*) FROM naive_rules) AS same_rows,
	   (SELECT count(*) FROM view_rules WHERE cohort_month < '2026-06-01') AS history_rows,
	   (SELECT count(*) FROM (SELECT * FROM view_rules EXCEPT ALL SELECT * FROM naive_rules) d) AS only_in_view,
	   (SELECT count(*) FROM (SELECT * FROM naive_rules EXCEPT ALL SELECT * FROM view_rules) d) AS only_naive;

-------------------------------------------------------------------------------
-- volume_sla_status_at = the naive periods, at fixed instants: a period is
-- an ISO week (from Monday), a month or a quarter of local days in the zone
-- of the team's calendar on the track, else the track's as it is now; one
-- row per period from the one containing the SLA's creation to the one
-- containing the instant; delivered = stage moves into the stage with an
-- event time from the period's first local midnight, included, to the next
-- period's, excluded, and not after the instant (the status as it stood
-- then: README, volume_sla_status); expected = the target for a period
-- ended by then,
-- else target * business time of the period until then / business time of
-- the whole period (0 when it has none), 2 places; business time summed day
-- by day over each working day's opening hours, holidays left out.
-------------------------------------------------------------------------------
CREATE TEMP TABLE naive_cal (track_id int, team text, zone text, opens time, closes time, holidays date[]);
INSERT INTO naive_cal VALUES
	(:tid, 'marketing', 'America/New_York', '09:00', '17:00', '{}'),
	(:tid, 'sales', 'America/Los_Angeles', '08:00', '16:00', '{2026-03-16,2026-04-03}'),
	(:pid, 'marketing', 'Asia/Tokyo', '10:00', '18:00', '{}'),
	(:pid, 'sales', 'Asia/Tokyo', '10:00', '18:00', '{}');
CREATE FUNCTION pg_temp.naive_seconds(a timestamptz, b timestamptz, zone text, opens time, closes time, holidays date[])
RETURNS numeric LANGUAGE sql STABLE AS $$
	SELECT coalesce(sum(greatest(0, extract(epoch FROM least(b, (d.day + closes) AT TIME ZONE zone)
										  - greatest(a, (d.day + opens) AT TIME ZONE zone)))), 0)
	  FROM generate_series((a AT TIME ZONE zone)::date::timestamp - interval '1 day',
						   (b AT TIME ZONE zone)::date::timestamp + interval '1 day', interval '1 day') AS g (t)
	 CROSS JOIN LATERAL (SELECT g.t::date AS day) d
	 WHERE extract(isodow FROM d.day) <= 5 AND d.day <> ALL (holidays)
$$;
CREATE TEMP TABLE naive_day AS
SELECT g.t::date AS day FROM generate_series(timestamp '2025-10-01', '2026-12-31', interval '1 day') AS g (t);
CREATE TEMP TABLE naive_period AS
SELECT period, start AS period_start, max(day) + 1 AS period_end
  FROM (SELECT p.period, CASE p.period
			   WHEN 'week' THEN d.day - (extract(isodow FROM d.day)::int - 1)
			   WHEN 'month' THEN make_date(extract(year FROM d.day)::int, extract(month FROM d.day)::int, 1)
			   WHEN 'quarter' THEN make_date(extract(year FROM d.day)::int, (extract(month FROM d.day)::int - 1) / 3 * 3 + 1, 1)
			   END AS start, d.day
		  FROM naive_day d CROSS JOIN (VALUES ('week'), ('month'), ('quarter')) p (period)) x
 GROUP BY period, start;
-- (the first and last periods of the calendar of days may be cut short:
-- none of the instants below comes near them)
CREATE FUNCTION pg_temp.naive_volume(as_of timestamptz)
RETURNS TABLE (track_id int, track text, team text, stage lead_align.lead_stage, stage_text text, period text,
			   period_start date, period_end date, target int, delivered bigint, pct_delivered numeric,
			   expected_by_now numeric, on_track boolean)
LANGUAGE sql STABLE AS $$
	SELECT s.track_id, t.track, s.team, s.stage, s.stage::text, s.period, p.period_start, p.period_end, s.target,
		   d.delivered, round(100.0 * d.delivered / s.target, 2), e.expected, d.delivered >= e.expected
	  FROM lead_align.volume_sla s
	  JOIN naive_track t ON t.track_id = s.track_id
	  JOIN naive_cal c ON c.track_id = s.track_id AND c.team = s.team
	  JOIN naive_period p ON p.period = s.period
					   AND p.period_end > (s.created_at AT TIME ZONE c.zone)::date
					   AND p.period_start <= (as_of AT TIME ZONE c.zone)::date
	 CROSS JOIN LATERAL (SELECT p.period_start::timestamp AT TIME ZONE c.zone AS starts_at,
								p.period_end::timestamp AT TIME ZONE c.zone AS ends_at) b
	 CROSS JOIN LATERAL (SELECT count(*) AS delivered FROM ev h
						  WHERE h.track_id = s.track_id AND h.to_stage = s.stage
							AND h.kind IN ('create', 'advance', 'handoff', 'accept', 'reject', 'recycle', 'disqualify',
										   'lose', 'win', 'reopen')
							AND h.event_time >= b.starts_at AND h.event_time < b.ends_at
							AND h.event_time <= as_of) d
	 CROSS JOIN LATERAL (SELECT pg_temp.naive_seconds(b.starts_at, as_of, c.zone, c.opens, c.closes, c.holidays) AS elapsed,
								pg_temp.naive_seconds(b.starts_at, b.ends_at, c.zone, c.opens, c.closes, c.holidays) AS total) w
	 CROSS JOIN LATERAL (SELECT CASE WHEN b.ends_at <= as_of THEN round(s.target, 2)
									 WHEN w.total = 0 THEN round(0, 2)
									 ELSE round(s.target * w.elapsed / w.total, 2) END AS expected) e
$$;
-- the instants: mid-March (Wednesday afternoon in Berlin, morning in New
-- York and Los Angeles); the first instant of March in New York; a holiday
-- Monday in Los Angeles; before the sal SLA was created; after the history
CREATE TEMP TABLE as_of (instant timestamptz PRIMARY KEY);
INSERT INTO as_of VALUES ('2026-03-18 16:30+01'), ('2026-03-01 00:00-05'), ('2026-03-16 12:00-07'),
						 ('2026-01-10 12:00+00'), ('2026-06-30 12:00+00');
CREATE TEMP TABLE view_volume AS
SELECT a.instant, v.* FROM as_of a CROSS JOIN LATERAL lead_align.volume_sla_status_at(a.instant) v;
CREATE TEMP TABLE naive_volume AS
SELECT a.instant, v.* FROM as_of a CROSS JOIN LATERAL pg_temp.naive_volume(a.instant) v;
SELECT a.instant,
	   (SELECT count(*) FROM view_volume v WHERE v.instant = a.instant) AS rows_in_view,
	   (SELECT count(*) FROM naive_volume v WHERE v.instant = a.instant) AS rows_naive,
	   (SELECT count(*) FROM (SELECT * FROM view_volume v WHERE v.instant = a.instant
							  EXCEPT ALL SELECT * FROM naive_volume v WHERE v.instant = a.instant) d) AS only_in_view,
	   (SELECT count(*) FROM (SELECT * FROM naive_volume v WHERE v.instant = a.instant
							  EXCEPT ALL SELECT * FROM view_volume v WHERE v.instant = a.instant) d) AS only_naive
  FROM as_of a ORDER BY a.instant;
-- every kind of period, a current period pro rata, one with nothing
-- elapsed, one behind and one on track
SELECT array_agg(DISTINCT v.period ORDER BY v.period) AS periods,
	   count(*) FILTER (WHERE v.expected_by_now NOT IN (0, v.target)) > 0 AS pro_rata,
	   count(*) FILTER (WHERE v.expected_by_now = 0) > 0 AS nothing_elapsed,
	   count(*) FILTER (WHERE NOT v.on_track) > 0 AS behind,
	   count(*) FILTER (WHERE v.on_track AND v.delivered > 0) > 0 AS on_track
  FROM naive_volume v;

-- The lead-cycles the triggers kept while they recorded this history (the
-- ended ones in lead_cycle, each lead's open one in lead_current) equal the
-- ones lead_align._cycles() computes from the ledger, column by column; and
-- rebuild_current() rewrites them to the same.
CREATE TEMP VIEW cycle_facts AS
SELECT c.track_id, c.lead_key, c.cycle, c.started_on, c.first_id, c.last_id, c.stage, c.furthest_stage,
	   c.sales_sourced, c.mql_id, c.mql_at, c.accepted, c.rejected, c.reject_reason, c.ended_by, c.rule,
	   c.rules_version, c.temperature, c.dimensions
  FROM lead_align.lead_cycles c;
CREATE TEMP TABLE cycles_written AS SELECT * FROM cycle_facts;
CREATE TEMP TABLE cycles_ledger AS
SELECT k.id AS track_id, c.lead_key, c.cycle, c.started_on, c.first_id, c.last_id, c.stage, c.furthest_stage,
	   c.sales_sourced, c.mql_id, c.mql_at, c.accepted, c.rejected, c.reject_reason, c.ended_by, c.rule,
	   c.rules_version, c.temperature, c.dimensions
  FROM lead_align.track k CROSS JOIN LATERAL lead_align._cycles(k.id, NULL) c;
SELECT (SELECT count(*) FROM cycles_written) AS cycles,
	   (SELECT count(*) FROM lead_align.lead_cycle) AS ended,
	   (SELECT count(*) FROM cycles_written WHERE ended_by IS NOT NULL AND ended_by <> 'delete') AS ended_by_a_move,
	   (SELECT count(*) FROM (SELECT * FROM cycles_written EXCEPT ALL SELECT * FROM cycles_ledger) d) AS only_written,
	   (SELECT count(*) FROM (SELECT * FROM cycles_ledger EXCEPT ALL SELECT * FROM cycles_written) d) AS only_ledger;
SELECT sum(lead_align.rebuild_current(k.relid)) AS leads_rebuilt FROM lead_align.track k;
SELECT (SELECT count(*) FROM (SELECT * FROM cycles_written EXCEPT ALL SELECT * FROM cycle_facts) d) AS only_before_rebuild,
	   (SELECT count(*) FROM (SELECT * FROM cycle_facts EXCEPT ALL SELECT * FROM cycles_written) d) AS only_after_rebuild;

\c contrib_regression
SET client_min_messages = warning;
DROP DATABASE lead_align_shared_property;
RESET client_min_messages;
