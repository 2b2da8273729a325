-- The shared numbers (DESIGN 5.1, 5.2): lead_state, stage_spans and
-- sla_compliance, read from ledger and state-table rows written here by hand
-- (as the triggers write them: a row that ends a stay carries the stay; the
-- current stay of each lead is its row in lead_align.lead_current).  Every
-- expected value below was worked out by hand from these rows.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';

-- Two tracks.  A: Mo-Fr 09:00-17:00 UTC, the SLAs of its mql stays are
-- 8 business hours to leave (exit) and 2 to touch, its new stays 1 business
-- day to leave.  B: 24/7 in New York, so its local dates are not UTC's.
CREATE SCHEMA slav;
CREATE TABLE slav.leads (id text PRIMARY KEY, stage lead_align.lead_stage NOT NULL);
CREATE TABLE slav.ny (id text PRIMARY KEY, stage lead_align.lead_stage NOT NULL);
SELECT lead_align.track('slav.leads', key => 'id', stage => 'stage',
						calendar => 'Mo-Fr 09:00-17:00; tz UTC') AS a \gset
SELECT lead_align.track('slav.ny', key => 'id', stage => 'stage',
						calendar => '24/7; tz America/New_York') AS b \gset
-- ledger rows name their stay's calendar by its id in lead_align.stay_calendar
INSERT INTO lead_align.stay_calendar (calendar)
VALUES ('Mo-Fr 09:00-17:00; tz UTC'), ('24/7; tz America/New_York') ON CONFLICT (calendar) DO NOTHING;
SELECT id AS cal_a FROM lead_align.stay_calendar WHERE calendar = 'Mo-Fr 09:00-17:00; tz UTC' \gset
SELECT id AS cal_b FROM lead_align.stay_calendar WHERE calendar = '24/7; tz America/New_York' \gset
CREATE FUNCTION pg_temp.cal(id integer) RETURNS lead_align.business_calendar LANGUAGE sql
	AS $$SELECT calendar FROM lead_align.stay_calendar WHERE stay_calendar.id = cal.id$$;

-------------------------------------------------------------------------------
-- The ledger.  January 2025: Monday the 6th, 13th, 20th, 27th; Friday the
-- 31st; Monday 3 February.  Rows that end a stay name the row that began it
-- (entered_id) and carry, worked out by hand, its first touch and its
-- business seconds to exit and to first touch; the rest of the stay is
-- copied from the entering row below.  Due times of 2999 stand for a stay
-- that is not due yet (so its state does not depend on the day the test
-- runs).
--
--  lead  stay (entered -> left)                 due / touch due           touched   exit / touch SLA
--  L01   mql hot   Mon 6  09:00 -> 15:00 accept 17:00 / 11:00             10:00     met / met
--  L02   mql hot   Tue 7  16:00 -> Thu 9 10:00  Wed 8 16:00 / Wed 10:00   Wed 11:00 breached / breached
--        reject (starts cycle 2)
--  L03   mql warm  Wed 8  09:00 -> 10:30 accept 17:00 / 11:00             -         met / met by leaving
--  L04   mql warm  Wed 8  13:00 -> Thu 12:00    Thu 13:00 / Wed 15:00     -         met / breached by leaving
--  L05   mql hot   Thu 9  09:00 -> 17:00 reject 17:00 / 11:00             11:00     met / met (both on the dot)
--  L06   mql warm  Fri 10 09:00 -> 10:00 delete 17:00 / 11:00             -         void / void
--        the key comes back on 4 Feb: a new stay in cycle 2, no SLA
--  L07   mql hot   Fri 10 14:00 -> Tue 14 09:30 Mon 13 14:00 / Fri 16:00  -         breached / breached
--        delete
--  L08   mql warm  Mon 13 09:00 -> 12:00 delete 17:00 / 11:00             09:30     void / met
--  L09   mql hot   Tue 14 09:00, open           17:00 / 11:00             -         overdue / overdue
--        (cooled to warm at 12:00: the stay keeps hot, the lead is warm)
--  L10   mql warm  Wed 15 09:00, open           2999 / 2999               10:00     open / met
--  L11   mql cold  Thu 16 09:00, open           2999 / 2999               -         open / open
--  L12   mql warm  Thu 16 13:00, open           Fri 17 13:00 / Thu 15:00  16:00     overdue / breached
--  L13   new hot   Mon 6  09:00 -> 12:00 handoff Tue 7 09:00 / -          -         met / -
--        mql hot   Mon 6  12:00, open           2999 / 2999               -         open / open
--  L14   mql hot   Mon 3 Feb 09:00 -> 10:00     17:00 / 11:00             09:15     met / met
--  L15   mql warm  Fri 31 16:00 -> Mon 3 Feb 09:30  Mon 16:00 / Mon 10:00 -         met / met by leaving
--        (a January stay, left in February)
--  B1    mql cold  2025-02-01 03:00 UTC = 31 Jan 22:00 in New York -> 06:00 UTC accept
--                  due 04:00 UTC                                          breached / -
-- The stays entered by accept, reject and handoff (sal, sql, nurture) have
-- no SLA and are still open.  The ids start at 900901, far above what the
-- identity sequence reaches in this suite, and the rows go at the end.
-------------------------------------------------------------------------------
INSERT INTO lead_align.handoff (id, track_id, track, lead_key, kind, cycle, from_cycle, from_stage, to_stage,
		from_team, to_team, temperature, rule, rules_version, reason, actor, owner, event_time, due_at,
		touch_due_at, touched_at, calendar_id, dimensions, event_on, entered_id, first_touch_at,
		exit_seconds, touch_seconds)
OVERRIDING SYSTEM VALUE
SELECT v.id, :a, 'slav.leads', v.lead_key, v.kind, v.cycle, v.from_cycle, v.from_stage::lead_align.lead_stage,
	   v.to_stage::lead_align.lead_stage,
	   lead_align.owner_team(v.from_stage::lead_align.lead_stage), lead_align.owner_team(v.to_stage::lead_align.lead_stage),
	   v.temperature::lead_align.lead_temperature,
	   CASE WHEN v.temperature <> 'cold' THEN 'is_' || v.temperature END, 1, v.reason, 'fixture', v.owner,
	   v.event_time::timestamptz, v.due_at::timestamptz, v.touch_due_at::timestamptz, v.touched_at::timestamptz,
	   CASE WHEN v.kind = ANY (lead_align.vocabulary('stage_event_kind')) THEN :cal_a END,
	   jsonb_build_object('source', v.source), (v.event_time::timestamptz AT TIME ZONE 'UTC')::date,
	   v.entered_id, v.first_touch_at::timestamptz, v.exit_seconds, v.touch_seconds
  FROM (VALUES
	(900901, 'L01', 'create',      1, NULL, NULL,      'mql',     'hot',  NULL,      'alice', '2025-01-06 09:00', '2025-01-06 17:00', '2025-01-06 11:00', NULL, 'webinar', NULL, NULL, NULL, NULL),
	(900902, 'L01', 'touch',       1, NULL, 'mql',     'mql',     'hot',  NULL,      'alice', '2025-01-06 10:00', NULL, NULL, '2025-01-06 10:00', 'webinar', NULL, NULL, NULL, NULL),
	(900903, 'L01', 'accept',      1, NULL, 'mql',     'sal',     'hot',  NULL,      'alice', '2025-01-06 15:00', NULL, NULL, NULL, 'webinar', 900901, '2025-01-06 10:00', 21600, 3600),
	(900904, 'L02', 'create',      1, NULL, NULL,      'mql',     'hot',  NULL,      'bob',   '2025-01-07 16:00', '2025-01-08 16:00', '2025-01-08 10:00', NULL, 'ads', NULL, NULL, NULL, NULL),
	(900905, 'L02', 'touch',       1, NULL, 'mql',     'mql',     'hot',  NULL,      'bob',   '2025-01-08 11:00', NULL, NULL, '2025-01-08 11:00', 'ads', NULL, NULL, NULL, NULL),
	(900906, 'L02', 'reject',      2, 1,    'mql',     'nurture', 'hot',  'bad_fit', 'bob',   '2025-01-09 10:00', NULL, NULL, NULL, 'ads', 900904, '2025-01-08 11:00', 36000, 10800),
	(900907, 'L03', 'create',      1, NULL, NULL,      'mql',     'warm', NULL,      'alice', '2025-01-08 09:00', '2025-01-08 17:00', '2025-01-08 11:00', NULL, 'webinar', NULL, NULL, NULL, NULL),
	(900908, 'L03', 'accept',      1, NULL, 'mql',     'sql',     'warm', NULL,      'alice', '2025-01-08 10:30', NULL, NULL, NULL, 'webinar', 900907, NULL, 5400, NULL),
	(900909, 'L04', 'create',      1, NULL, NULL,      'mql',     'warm', NULL,      'bob',   '2025-01-08 13:00', '2025-01-09 13:00', '2025-01-08 15:00', NULL, 'ads', NULL, NULL, NULL, NULL),
	(900910, 'L04', 'accept',      1, NULL, 'mql',     'sal',     'warm', NULL,      'bob',   '2025-01-09 12:00', NULL, NULL, NULL, 'ads', 900909, NULL, 25200, NULL),
	(900911, 'L05', 'create',      1, NULL, NULL,      'mql',     'hot',  NULL,      'alice', '2025-01-09 09:00', '2025-01-09 17:00', '2025-01-09 11:00', NULL, 'webinar', NULL, NULL, NULL, NULL),
	(900912, 'L05', 'touch',       1, NULL, 'mql',     'mql',     'hot',  NULL,      'alice', '2025-01-09 11:00', NULL, NULL, '2025-01-09 11:00', 'webinar', NULL, NULL, NULL, NULL),
	(900913, 'L05', 'reject',      2, 1,    'mql',     'nurture', 'hot',  'spam',    'alice', '2025-01-09 17:00', NULL, NULL, NULL, 'webinar', 900911, '2025-01-09 11:00', 28800, 7200),
	(900914, 'L06', 'create',      1, NULL, NULL,      'mql',     'warm', NULL,      'bob',   '2025-01-10 09:00', '2025-01-10 17:00', '2025-01-10 11:00', NULL, 'ads', NULL, NULL, NULL, NULL),
	(900915, 'L06', 'delete',      1, NULL, 'mql',     NULL,      'warm', NULL,      'bob',   '2025-01-10 10:00', NULL, NULL, NULL, 'ads', 900914, NULL, 3600, NULL),
	(900916, 'L07', 'create',      1, NULL, NULL,      'mql',     'hot',  NULL,      'alice', '2025-01-10 14:00', '2025-01-13 14:00', '2025-01-10 16:00', NULL, 'webinar', NULL, NULL, NULL, NULL),
	(900917, 'L07', 'delete',      1, NULL, 'mql',     NULL,      'hot',  NULL,      'alice', '2025-01-14 09:30', NULL, NULL, NULL, 'webinar', 900916, NULL, 41400, NULL),
	(900918, 'L08', 'create',      1, NULL, NULL,      'mql',     'warm', NULL,      'bob',   '2025-01-13 09:00', '2025-01-13 17:00', '2025-01-13 11:00', NULL, 'ads', NULL, NULL, NULL, NULL),
	(900919, 'L08', 'touch',       1, NULL, 'mql',     'mql',     'warm', NULL,      'bob',   '2025-01-13 09:30', NULL, NULL, '2025-01-13 09:30', 'ads', NULL, NULL, NULL, NULL),
	(900920, 'L08', 'delete',      1, NULL, 'mql',     NULL,      'warm', NULL,      'bob',   '2025-01-13 12:00', NULL, NULL, NULL, 'ads', 900918, '2025-01-13 09:30', 10800, 1800),
	(900921, 'L09', 'create',      1, NULL, NULL,      'mql',     'hot',  NULL,      'alice', '2025-01-14 09:00', '2025-01-14 17:00', '2025-01-14 11:00', NULL, 'webinar', NULL, NULL, NULL, NULL),
	(900922, 'L10', 'create',      1, NULL, NULL,      'mql',     'warm', NULL,      'bob',   '2025-01-15 09:00', '2999-12-31 17:00', '2999-12-31 11:00', NULL, 'ads', NULL, NULL, NULL, NULL),
	(900923, 'L10', 'touch',       1, NULL, 'mql',     'mql',     'warm', NULL,      'bob',   '2025-01-15 10:00', NULL, NULL, '2025-01-15 10:00', 'ads', NULL, NULL, NULL, NULL),
	(900924, 'L11', 'create',      1, NULL, NULL,      'mql',     'cold', NULL,      'alice', '2025-01-16 09:00', '2999-12-31 17:00', '2999-12-31 11:00', NULL, 'webinar', NULL, NULL, NULL, NULL),
	(900925, 'L12', 'create',      1, NULL, NULL,      'mql',     'warm', NULL,      'bob',   '2025-01-16 13:00', '2025-01-17 13:00', '2025-01-16 15:00', NULL, 'ads', NULL, NULL, NULL, NULL),
	(900926, 'L12', 'touch',       1, NULL, 'mql',     'mql',     'warm', NULL,      'bob',   '2025-01-16 16:00', NULL, NULL, '2025-01-16 16:00', 'ads', NULL, NULL, NULL, NULL),
	(900927, 'L13', 'create',      1, NULL, NULL,      'new',     'hot',  NULL,      'alice', '2025-01-06 09:00', '2025-01-07 09:00', NULL, NULL, 'webinar', NULL, NULL, NULL, NULL),
	(900928, 'L13', 'handoff',     1, NULL, 'new',     'mql',     'hot',  NULL,      'alice', '2025-01-06 12:00', '2999-12-31 17:00', '2999-12-31 11:00', NULL, 'webinar', 900927, NULL, 10800, NULL),
	(900929, 'L15', 'create',      1, NULL, NULL,      'mql',     'warm', NULL,      'bob',   '2025-01-31 16:00', '2025-02-03 16:00', '2025-02-03 10:00', NULL, 'ads', NULL, NULL, NULL, NULL),
	(900930, 'L15', 'accept',      1, NULL, 'mql',     'sal',     'warm', NULL,      'bob',   '2025-02-03 09:30', NULL, NULL, NULL, 'ads', 900929, NULL, 5400, NULL),
	(900931, 'L14', 'create',      1, NULL, NULL,      'mql',     'hot',  NULL,      'alice', '2025-02-03 09:00', '2025-02-03 17:00', '2025-02-03 11:00', NULL, 'webinar', NULL, NULL, NULL, NULL),
	(900932, 'L14', 'touch',       1, NULL, 'mql',     'mql',     'hot',  NULL,      'alice', '2025-02-03 09:15', NULL, NULL, '2025-02-03 09:15', 'webinar', NULL, NULL, NULL, NULL),
	(900933, 'L14', 'accept',      1, NULL, 'mql',     'sal',     'hot',  NULL,      'alice', '2025-02-03 10:00', NULL, NULL, NULL, 'webinar', 900931, '2025-02-03 09:15', 3600, 900),
	(900934, 'L06', 'create',      2, NULL, NULL,      'new',     'cold', NULL,      'bob',   '2025-02-04 09:00', NULL, NULL, NULL, 'ads', NULL, NULL, NULL, NULL),
	(900935, 'L09', 'temperature', 1, NULL, 'mql',     'mql',     'warm', NULL,      'alice', '2025-01-14 12:00', NULL, NULL, NULL, 'webinar', NULL, NULL, NULL, NULL)
  ) AS v(id, lead_key, kind, cycle, from_cycle, from_stage, to_stage, temperature, reason, owner, event_time, due_at,
		 touch_due_at, touched_at, source, entered_id, first_touch_at, exit_seconds, touch_seconds);
-- track B, in New York: the create's local date is 31 January
INSERT INTO lead_align.handoff (id, track_id, track, lead_key, kind, cycle, from_stage, to_stage, from_team, to_team,
		temperature, rules_version, actor, owner, event_time, due_at, calendar_id, event_on, entered_id, exit_seconds)
OVERRIDING SYSTEM VALUE VALUES
	(900941, :b, 'slav.ny', 'B1', 'create', 1, NULL, 'mql', NULL, 'sales', 'cold', 1, 'fixture', 'carol',
	 '2025-02-01 03:00+00', '2025-02-01 04:00+00', :cal_b, '2025-01-31', NULL, NULL),
	(900942, :b, 'slav.ny', 'B1', 'accept', 1, 'mql', 'sal', 'sales', 'sales', 'cold', 1, 'fixture', 'carol',
	 '2025-02-01 06:00+00', NULL, :cal_b, '2025-02-01', 900941, 10800);
-- what the triggers copy from the entering row onto the row that ends the
-- stay, and each row's cycle start (the event_on of its cycle's first row)
UPDATE lead_align.handoff h
   SET entered_at = e.event_time, entered_on = e.event_on, stay_cycle = e.cycle, stay_temperature = e.temperature,
	   stay_rule = e.rule, stay_rules_version = e.rules_version, stay_dimensions = e.dimensions,
	   stay_due_at = e.due_at, stay_touch_due_at = e.touch_due_at, stay_calendar_id = e.calendar_id
  FROM lead_align.handoff e
 WHERE e.id = h.entered_id AND h.id BETWEEN 900901 AND 900942;
UPDATE lead_align.handoff h
   SET cycle_started_on = (SELECT s.event_on FROM lead_align.handoff s
							WHERE s.track_id = h.track_id AND s.lead_key = h.lead_key AND s.cycle = h.cycle
							ORDER BY s.id LIMIT 1)
 WHERE h.id BETWEEN 900901 AND 900942;

-- The state table: each lead's current stay is the one its latest stage
-- event began; L07 and L08 are deleted.
INSERT INTO lead_align.lead_current (track_id, lead_key, stage, deleted, cycle, cycle_started_on, entered_at,
		entered_on, entered_id, stay_temperature, stay_rule, stay_rules_version, stay_dimensions, due_at,
		touch_due_at, touched_at, calendar, owner, temperature, rule, last_event_at, last_id)
SELECT e.track_id, e.lead_key, coalesce(e.to_stage, e.from_stage), v.deleted, e.cycle, e.cycle_started_on,
	   e.event_time, e.event_on, e.id, e.temperature, e.rule, e.rules_version, e.dimensions, e.due_at,
	   e.touch_due_at, v.touched_at::timestamptz, pg_temp.cal(e.calendar_id), l.owner, l.temperature, l.rule, l.event_time, l.id
  FROM (VALUES ('L01', 900903, 900903, NULL, false), ('L02', 900906, 900906, NULL, false), ('L03', 900908, 900908, NULL, false),
			   ('L04', 900910, 900910, NULL, false), ('L05', 900913, 900913, NULL, false), ('L06', 900934, 900934, NULL, false),
			   ('L07', 900916, 900917, NULL, true), ('L08', 900918, 900920, '2025-01-13 09:30', true),
			   ('L09', 900921, 900935, NULL, false), ('L10', 900922, 900923, '2025-01-15 10:00', false),
			   ('L11', 900924, 900924, NULL, false), ('L12', 900925, 900926, '2025-01-16 16:00', false),
			   ('L13', 900928, 900928, NULL, false), ('L14', 900933, 900933, NULL, false), ('L15', 900930, 900930, NULL, false),
			   ('B1', 900942, 900942, NULL, false)) AS v(lead_key, entered_id, last_id, touched_at, deleted)
  JOIN lead_align.handoff e ON e.id = v.entered_id
  JOIN lead_align.handoff l ON l.id = v.last_id;
ANALYZE lead_align.handoff;
ANALYZE lead_align.lead_current;

-- The fixture is what the triggers would write: every due time is the
-- SLA's business_add from the stay's start (except the 2999 ones), and every
-- stored business second is business_elapsed in the stay's calendar.
SELECT count(*) FILTER (WHERE e.to_stage = 'mql'
						  AND (e.due_at <> lead_align.business_add(e.event_time, '8 business hours', pg_temp.cal(e.calendar_id))
							   OR e.touch_due_at <> lead_align.business_add(e.event_time, '2 business hours', pg_temp.cal(e.calendar_id)))) AS wrong_mql_due,
	   count(*) FILTER (WHERE e.to_stage = 'new' AND e.due_at <> lead_align.business_add(e.event_time, '1 business day', pg_temp.cal(e.calendar_id))) AS wrong_new_due,
	   count(*) FILTER (WHERE e.due_at IS NOT NULL AND e.due_at < '2999-01-01') AS checked
  FROM lead_align.handoff e WHERE e.track_id = :a AND e.due_at < '2999-01-01';
SELECT count(*) AS closing_rows,
	   count(*) FILTER (WHERE extract(epoch FROM lead_align.business_elapsed(entered_at, event_time, pg_temp.cal(stay_calendar_id))) = exit_seconds) AS exit_ok,
	   count(*) FILTER (WHERE first_touch_at IS NOT NULL) AS touched,
	   count(*) FILTER (WHERE extract(epoch FROM lead_align.business_elapsed(entered_at, first_touch_at, pg_temp.cal(stay_calendar_id))) = touch_seconds) AS touch_ok
  FROM lead_align.handoff WHERE id BETWEEN 900901 AND 900942 AND entered_at IS NOT NULL;

-------------------------------------------------------------------------------
-- stage_spans: one row per stay, closed (from the row that ended it) or open
-- (from lead_current; the deleted L07 and L08 have none).  Hours are business
-- hours; an open stay's are measured to now(), so they are checked apart.
-------------------------------------------------------------------------------
SELECT lead_key, cycle, stage, team, temperature AS temp, entered_at, entered_on, month, left_at, next_stage,
	   exit_kind, reason, CASE WHEN left_at IS NOT NULL THEN business_hours END AS closed_hours,
	   CASE WHEN left_at IS NOT NULL THEN business_seconds END AS closed_seconds
  FROM lead_align.stage_spans WHERE track_id = :a ORDER BY lead_key, entered_at;
SELECT lead_key, stage, due_at, touch_due_at, touched_at, hours_to_touch, seconds_to_touch, exit_sla, touch_sla
  FROM lead_align.stage_spans WHERE track_id = :a ORDER BY lead_key, entered_at;
-- an open stay's business_hours and business_seconds run to now(), in the
-- stay's calendar
SELECT count(*) AS open_stays,
	   count(*) FILTER (WHERE business_hours = lead_align.business_hours(entered_at, now(), calendar)
						  AND business_seconds = floor(extract(epoch FROM lead_align.business_elapsed(entered_at, now(), calendar)))) AS measured_to_now,
	   min(business_hours) > 100 AS all_past_100_hours
  FROM lead_align.stage_spans WHERE track_id = :a AND left_at IS NULL;
-- the text twins, the stay's own dimensions, rule and rules version, and the
-- ids of the rows that began and ended it
SELECT lead_key, stage_text, temperature_text, next_stage_text, dimensions, rule, rules_version, calendar,
	   left_on, entered_id, left_id
  FROM lead_align.stage_spans WHERE track_id = :a AND lead_key IN ('L02', 'L09', 'L15') ORDER BY lead_key, entered_at;
-- the stage and temperature compare with plain literals and sort in funnel order
SELECT stage, temperature, count(*) FROM lead_align.stage_spans
 WHERE track_id = :a AND stage >= 'mql' AND temperature = 'hot' GROUP BY 1, 2 ORDER BY 1, 2;
-- track B: months follow the stored local date (the mql stay began on
-- 31 January in New York, 1 February in UTC)
SELECT lead_key, stage, entered_at, entered_on, month, left_at, business_hours, exit_sla, touch_sla
  FROM lead_align.stage_spans WHERE track_id = :b AND left_at IS NOT NULL;

-------------------------------------------------------------------------------
-- sla_compliance, worked out from the table above:
--  A, January, new/hot/exit:   L13 met (3 h).
--  A, January, mql/cold:       L11 open, for both kinds; pct_met and the
--                              percentiles NULL (nothing handled or overdue).
--  A, January, mql/warm/exit:  L03 met 1.5, L04 met 7, L15 met 1.5, L10 open,
--                              L12 overdue, L06 and L08 void (not counted):
--                              75.00 = 100 * 3 / (3 + 0 + 1); hours 1.5 1.5 7:
--                              p50 1.5, p90 at 0.9 * 2 = 1.8: 1.5 + 0.8 * 5.5 = 5.9.
--  A, January, mql/warm/touch: met L03 (leaving, 1.5), L08 (0.5), L10 (open,
--                              touched, 1), L15 (leaving, 1.5); breached L04
--                              (leaving, 7), L12 (open, touched, 3); L06 void:
--                              66.67 = 100 * 4 / 6; hours 0.5 1 1.5 1.5 3 7:
--                              p50 at 2.5: 1.5, p90 at 4.5: 3 + 0.5 * 4 = 5.
--  A, January, mql/hot/exit:   met L01 (6), L05 (8); breached L02 (10), L07
--                              (deleted after due, 11.5); L09 overdue, L13 open:
--                              40.00 = 100 * 2 / 5; p50 at 1.5: 9, p90 at 2.7:
--                              10 + 0.7 * 1.5 = 11.05.
--  A, January, mql/hot/touch:  met L01 (1), L05 (2); breached L02 (3), L07
--                              (11.5, never touched: to the delete); L09 overdue,
--                              L13 open: 40.00; p50 2.5, p90 3 + 0.7 * 8.5 = 8.95.
--  A, February, mql/hot:       L14 met, exit 1 h, touch 0.25 h.
--  B, January, mql/cold/exit:  B1 breached, 3 h: 0.00.
-------------------------------------------------------------------------------
SELECT track, month, stage, team, temperature, sla_kind, handled, met, breached, open, overdue, pct_met,
	   p50_hours, p90_hours
  FROM lead_align.sla_compliance WHERE track_id IN (:a, :b)
 ORDER BY track, month, stage, temperature, sla_kind;
-- the counts add up to the stays of stage_spans that have a state other
-- than void, kind by kind
SELECT (SELECT sum(handled + open + overdue) FROM lead_align.sla_compliance WHERE track_id = :a AND sla_kind = 'exit') AS exit_counted,
	   (SELECT count(*) FROM lead_align.stage_spans WHERE track_id = :a AND exit_sla <> 'void') AS exit_stays,
	   (SELECT sum(handled + open + overdue) FROM lead_align.sla_compliance WHERE track_id = :a AND sla_kind = 'touch') AS touch_counted,
	   (SELECT count(*) FROM lead_align.stage_spans WHERE track_id = :a AND touch_sla <> 'void') AS touch_stays;
-- text twins of the grouping columns
SELECT DISTINCT stage_text, temperature_text FROM lead_align.sla_compliance WHERE track_id = :a ORDER BY 1, 2;

-------------------------------------------------------------------------------
-- lead_state: one row per current lead, from lead_current alone.  L07 and L08
-- are deleted; L06 came back.  L09's stay was looked up hot, the lead is warm
-- now.  overdue: the exit SLA passed in an open stay; touch_overdue: the
-- touch SLA passed and the stay was never touched (L12 was, late).
-------------------------------------------------------------------------------
SELECT lead_key, stage, stage_text, cycle, since, since_on, owner, temperature, due_at, touch_due_at, touched_at,
	   overdue, touch_overdue
  FROM lead_align.lead_state WHERE track_id = :a ORDER BY lead_key;
SELECT track, lead_key, stage, since, since_on, temperature_text, last_event_at
  FROM lead_align.lead_state WHERE track_id = :b;

-------------------------------------------------------------------------------
-- The plans: a one-track, one-month query reaches the month indexes (closed
-- stays in the ledger, open ones in lead_current), and "who is overdue" the
-- due-time indexes of lead_current.  sla_compliance finds the track first
-- (by id or by name) and scans the month's stays of that track (track_id =
-- k.id).  The fixture is a few dozen rows, where
-- a sequential scan is cheaper and the choice would depend on statistics, so
-- enable_seqscan and enable_bitmapscan are off to make it deterministic; only
-- the scans of the two tables are shown (the joins and aggregation above
-- them are the planner's business).
-------------------------------------------------------------------------------
CREATE FUNCTION pg_temp.scans(query text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
	line text;
	keep boolean := false;
BEGIN
	FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
		-- a scan of the ledger or the state table, and its conditions
		IF line ~ 'Scan' THEN
			keep := line ~ ' on (handoff|lead_current) ';
		ELSIF line !~ '^\s+(Index Cond|Filter|Recheck Cond):' THEN
			keep := false;
		END IF;
		IF keep THEN
			RETURN NEXT regexp_replace(regexp_replace(line, '^\s*(->\s*)?', ''), '= \d+\)', '= :a)', 'g');
		END IF;
	END LOOP;
END $$;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SELECT * FROM pg_temp.scans(format($$SELECT * FROM lead_align.sla_compliance WHERE track_id = %s AND month = '2025-01-01'$$, :a));
SELECT * FROM pg_temp.scans(format($$SELECT * FROM lead_align.stage_spans WHERE track_id = %s AND month = '2025-01-01'$$, :a));
-- by the track's name: the index scans take the id of the track found
SELECT * FROM pg_temp.scans($$SELECT * FROM lead_align.sla_compliance WHERE track = 'slav.leads' AND month = '2025-01-01'$$);
SELECT * FROM pg_temp.scans(format($$SELECT lead_key FROM lead_align.lead_state WHERE track_id = %s AND overdue$$, :a));
SELECT * FROM pg_temp.scans(format($$SELECT lead_key FROM lead_align.lead_state WHERE track_id = %s AND touch_overdue$$, :a));
RESET enable_seqscan;
RESET enable_bitmapscan;
-- the month filter gives the same rows as the whole view filtered by hand
SELECT (SELECT count(*) FROM lead_align.stage_spans WHERE track_id = :a AND month = '2025-01-01') AS january_stays,
	   (SELECT count(*) FROM lead_align.stage_spans WHERE track_id = :a AND entered_on BETWEEN '2025-01-01' AND '2025-01-31') AS by_entered_on;

-------------------------------------------------------------------------------
-- Readers: lead_align_reader reads all three, with the default search_path;
-- PUBLIC may not.
-------------------------------------------------------------------------------
CREATE ROLE slav_reader;
GRANT lead_align_reader TO slav_reader;
CREATE ROLE slav_nobody;
RESET search_path;
SET ROLE slav_reader;
SHOW search_path;
SELECT count(*) AS leads, count(*) FILTER (WHERE overdue) AS overdue
  FROM lead_align.lead_state WHERE track = 'slav.leads';
SELECT count(*) AS stays, count(*) FILTER (WHERE stage = 'mql' AND exit_sla = 'met') AS mql_met
  FROM lead_align.stage_spans WHERE track = 'slav.leads';
SELECT sla_kind, sum(met) AS met FROM lead_align.sla_compliance
 WHERE track = 'slav.leads' AND temperature = 'hot' GROUP BY 1 ORDER BY 1;
RESET ROLE;
SET ROLE slav_nobody;
SELECT count(*) FROM lead_align.lead_state;
SELECT count(*) FROM lead_align.stage_spans;
SELECT count(*) FROM lead_align.sla_compliance;
RESET ROLE;
SELECT v AS view, has_table_privilege('public', v, 'SELECT') AS public_may_select,
	   has_table_privilege('lead_align_reader', v, 'SELECT') AS reader_may_select,
	   has_table_privilege('lead_align_admin', v, 'SELECT') AS admin_may_select,
	   obj_description(v::regclass, 'pg_class') IS NOT NULL AS commented
  FROM unnest(ARRAY['lead_align.lead_state', 'lead_align.stage_spans', 'lead_align.sla_compliance']) v ORDER BY 1;

-- clean up
DROP ROLE slav_reader;
DROP ROLE slav_nobody;
DELETE FROM lead_align.lead_current WHERE track_id IN (:a, :b);
SELECT lead_align.untrack('slav.leads', purge => true);
SELECT lead_align.untrack('slav.ny', purge => true);
DROP SCHEMA slav CASCADE;
SELECT (SELECT count(*) FROM lead_align.handoff WHERE id BETWEEN 900901 AND 900942) AS ledger_rows_left,
	   (SELECT count(*) FROM lead_align.lead_current WHERE track_id IN (:a, :b)) AS state_rows_left;
