-------------------------------------------------------------------------------
-- Stays computed from the ledger (DESIGN 5.1), in SQL: the same rules as the
-- AFTER ROW trigger (src/track_agreement.c, LaRecordEvent), applied to a
-- lead's ledger rows in id order.  One definition serves three callers:
--   * lead_align.rebuild_current(track): the lead_current rows of a track;
--   * the update from 0.3 (src/lead_align--0.3--0.4.sql): lead_current of
--     every track, and the 0.4 columns of 0.3's ledger rows in place when
--     the ledger is small enough;
--   * CALL lead_align.migrate_03(): those columns of larger ledgers, after
--     the update, in batches.
--
-- The rules, for one lead, row by row in id order:
--   * a row of a stage event kind (create ... reopen) enters a stage: a new
--     stay begins with it (its time, local date, temperature, rule, rules
--     version, dimensions, due times and calendar);
--   * every stage event except create, and delete, ends the stay the lead
--     was in (a create after a delete finds none) and carries it: the row
--     that began it, its due times, its first touch, its calendar and the
--     business seconds from its start to this row and to its first touch;
--   * a row that finds the lead in no stay (the lead's first row is not a
--     create: it predates track(), or its earlier rows were purged; or the
--     row after a delete) and does not enter one begins a stay in the stage
--     the lead is in, with no SLA (its real start is unknown); so does a
--     delete that finds the lead in no stay, which then ends none;
--   * the first touch row of a stay is its first touch;
--   * a create, and a move that starts a cycle (from_cycle), begin a
--     lead-cycle: cycle_started_on is its local date; a lead with neither
--     takes the date of its first stay begun without an entering row, from
--     the row after it on (the trigger sets it after recording that row).
--
-- Calendars are values here; the ledger names them by id
-- (lead_align.stay_calendar).  Rows written by 0.3 lack what 0.4 records: a
-- stay entered by a 0.3 row used the track's calendar (0.3 had no other),
-- and a 0.3 touch row's own time is its event time (0.3 wrote the touched
-- value there), not before its stay began.  A stay begun without an
-- entering row records no calendar: it takes the calendar of the team that
-- owns the stage on the track, else the track's (the trigger would also
-- have looked at the lead's calendar column, which a rebuild does not read).
-- The zone of local dates is lead_align.calendar_zone() of the track's
-- calendar (80_shared_numbers.sql, which is why this file comes after it).
-------------------------------------------------------------------------------

-- Whole business seconds from a to b, truncated toward zero as the trigger
-- truncates (microseconds / 1e6).  No SET clause, so that it is inlined.
CREATE FUNCTION lead_align._business_seconds(a timestamptz, b timestamptz, cal lead_align.business_calendar)
RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
	SELECT pg_catalog.trunc(pg_catalog.extract('epoch', lead_align.business_elapsed(a, b, cal)))::pg_catalog.int8
$$;
REVOKE ALL ON FUNCTION lead_align._business_seconds(timestamptz, timestamptz, lead_align.business_calendar) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._business_seconds(timestamptz, timestamptz, lead_align.business_calendar) IS 'internal: whole business seconds from a to b in a calendar, truncated toward zero like the trigger''s exit_seconds and touch_seconds';

-- Every ledger row of a track (of the leads in keys, NULL: all; up to id
-- max_id, NULL: all) with what the trigger computes for it: the 0.4 columns
-- it carries, and the lead's current stay after it (on the lead's latest
-- row: its lead_current row).  No SET clause, so that it is inlined into its
-- caller and the keys reach the index on (track_id, lead_key, id): a batch
-- reads only its leads' rows.
--
-- Stays are numbered per lead without looking back a row: a row that
-- enters a stage begins one, and so does the row after a delete (or the
-- lead's first row), so the number of the stay of a row is the number of
-- entering rows up to it plus the number of deletes before it; rows with
-- the same number form one stay, begun by the first of them.
CREATE FUNCTION lead_align._stays(track_id integer, keys text[], max_id bigint)
RETURNS TABLE (
	id bigint,
	lead_key text,
	is_last boolean,			-- the lead's latest row (up to max_id)
	kind text,
	cycle integer,
	owner text,
	temperature lead_align.lead_temperature,
	rule text,
	event_time timestamptz,
	-- what the row carries
	event_on date,
	cycle_started_on date,
	calendar lead_align.business_calendar,	-- on a row that enters a stage
	touched_at timestamptz,					-- on a touch row
	entered_at timestamptz,					-- on a row that ends a stay: the stay
	entered_on date,
	entered_id bigint,
	stay_cycle integer,
	stay_temperature lead_align.lead_temperature,
	stay_rule text,
	stay_rules_version integer,
	stay_dimensions jsonb,
	stay_due_at timestamptz,
	stay_touch_due_at timestamptz,
	first_touch_at timestamptz,
	stay_calendar lead_align.business_calendar,
	exit_seconds bigint,
	touch_seconds bigint,
	-- the lead after the row
	cur_stage lead_align.lead_stage,
	cur_deleted boolean,
	cur_cycle_started_on date,
	cur_entered_at timestamptz,
	cur_entered_on date,
	cur_entered_id bigint,
	cur_stay_temperature lead_align.lead_temperature,
	cur_stay_rule text,
	cur_stay_rules_version integer,
	cur_stay_dimensions jsonb,
	cur_due_at timestamptz,
	cur_touch_due_at timestamptz,
	cur_touched_at timestamptz,
	cur_calendar lead_align.business_calendar)
LANGUAGE sql STABLE
AS $$
WITH
-- the track's calendar and zone, once
k AS MATERIALIZED (
	SELECT t.calendar, lead_align.calendar_zone(t.calendar) AS zone
	  FROM lead_align.track t
	 WHERE t.id OPERATOR(pg_catalog.=) _stays.track_id
),
-- each row: its local date, whether it enters a stage or begins a cycle,
-- whether the lead was in a stay before it (not after a delete), and the
-- numbers of its stay and its lead-cycle
a AS (
	SELECT h.id, h.lead_key, h.kind, h.cycle, h.owner, h.temperature, h.rule, h.rules_version,
		   h.dimensions, h.event_time, h.from_stage, h.to_stage, h.due_at, h.touch_due_at,
		   h.touched_at AS stored_touched_at, h.cycle_started_on AS stored_cycle_started_on,
		   e.enters,
		   coalesce(h.event_on, pg_catalog.timezone(k.zone, h.event_time)::pg_catalog.date) AS on_date,
		   CASE WHEN e.enters THEN coalesce(sc.calendar, k.calendar) END AS enter_calendar,
		   k.calendar AS track_calendar,
		   (e.enters AND h.kind OPERATOR(pg_catalog.<>) 'create') OR h.kind OPERATOR(pg_catalog.=) 'delete' AS ends,
		   coalesce(pg_catalog.lag(h.kind) OVER w OPERATOR(pg_catalog.<>) 'delete', false) AS had_stay,
		   pg_catalog.lead(h.id) OVER w IS NULL AS is_last,
		   pg_catalog.count(*) FILTER (WHERE e.enters) OVER w
			 OPERATOR(pg_catalog.+) pg_catalog.count(*) FILTER (WHERE h.kind OPERATOR(pg_catalog.=) 'delete') OVER w
			 OPERATOR(pg_catalog.-) CASE WHEN h.kind OPERATOR(pg_catalog.=) 'delete' THEN 1 ELSE 0 END AS stay_no,
		   pg_catalog.count(*) FILTER (WHERE h.kind OPERATOR(pg_catalog.=) 'create' OR h.from_cycle IS NOT NULL) OVER w AS cycle_no
	  FROM lead_align.handoff h
	 CROSS JOIN k
	  LEFT JOIN lead_align.stay_calendar sc ON sc.id OPERATOR(pg_catalog.=) h.calendar_id
	 CROSS JOIN LATERAL (SELECT h.kind OPERATOR(pg_catalog.=) ANY (lead_align.vocabulary('stage_event_kind')) AS enters) e
	 WHERE h.track_id OPERATOR(pg_catalog.=) _stays.track_id
	   AND (_stays.keys IS NULL OR h.lead_key OPERATOR(pg_catalog.=) ANY (_stays.keys))
	   AND (_stays.max_id IS NULL OR h.id OPERATOR(pg_catalog.<=) _stays.max_id)
	WINDOW w AS (PARTITION BY h.lead_key ORDER BY h.id)
),
-- the row that began the row's stay, the stay's first touch so far (a 0.3
-- touch row's time is its event time), the date the lead-cycle began
b AS (
	SELECT a.*,
		   pg_catalog.first_value(a.id) OVER s AS s_id,
		   pg_catalog.first_value(a.event_time) OVER s AS s_at,
		   pg_catalog.first_value(a.on_date) OVER s AS s_on,
		   pg_catalog.first_value(a.enters) OVER s AS s_enters,
		   pg_catalog.first_value(CASE WHEN a.enters THEN a.to_stage ELSE coalesce(a.from_stage, a.to_stage) END) OVER s AS s_stage,
		   pg_catalog.first_value(a.temperature) OVER s AS s_temperature,
		   pg_catalog.first_value(a.rule) OVER s AS s_rule,
		   pg_catalog.first_value(a.rules_version) OVER s AS s_rules_version,
		   pg_catalog.first_value(a.dimensions) OVER s AS s_dimensions,
		   pg_catalog.first_value(a.due_at) OVER s AS s_due_at,
		   pg_catalog.first_value(a.touch_due_at) OVER s AS s_touch_due_at,
		   pg_catalog.first_value(a.enter_calendar) OVER s AS s_enter_calendar,
		   (pg_catalog.array_agg(coalesce(a.stored_touched_at, a.event_time))
			  FILTER (WHERE a.kind OPERATOR(pg_catalog.=) 'touch') OVER s)[1] AS s_first_touch,
		   CASE WHEN a.cycle_no OPERATOR(pg_catalog.>) 0 THEN pg_catalog.first_value(a.on_date) OVER c END AS c_on
	  FROM a
	WINDOW s AS (PARTITION BY a.lead_key, a.stay_no ORDER BY a.id),
		   c AS (PARTITION BY a.lead_key, a.cycle_no ORDER BY a.id)
),
-- a touch is not before its stay began; a stay begun without an entering
-- row has the calendar of the stage's team, else the track's; the local
-- date of such a stay's start
b2 AS (
	SELECT b.*,
		   CASE WHEN b.s_first_touch IS NOT NULL THEN GREATEST(b.s_first_touch, b.s_at) END AS s_touched_at,
		   coalesce(b.s_enter_calendar,
					(SELECT tc.calendar FROM lead_align.team_calendar tc
					  WHERE tc.track_id OPERATOR(pg_catalog.=) _stays.track_id
						AND tc.team OPERATOR(pg_catalog.=) lead_align.owner_team(b.s_stage)),
					b.track_calendar) AS s_calendar,
		   CASE WHEN NOT b.s_enters THEN b.s_on END AS unentered_on
	  FROM b
),
-- the stay the lead was in before the row (for a row that ends it), and
-- the date of the lead's first stay begun without an entering row, up to
-- the row and before it
c AS (
	SELECT b2.*,
		   (pg_catalog.array_agg(b2.unentered_on) FILTER (WHERE b2.unentered_on IS NOT NULL) OVER w)[1] AS first_unentered_on,
		   (pg_catalog.array_agg(b2.unentered_on) FILTER (WHERE b2.unentered_on IS NOT NULL) OVER wp)[1] AS first_unentered_before,
		   b2.ends AND b2.had_stay AS ends_stay,
		   pg_catalog.lag(b2.s_id) OVER w AS p_id,
		   pg_catalog.lag(b2.s_at) OVER w AS p_at,
		   pg_catalog.lag(b2.s_on) OVER w AS p_on,
		   pg_catalog.lag(b2.cycle) OVER w AS p_cycle,
		   pg_catalog.lag(b2.s_temperature) OVER w AS p_temperature,
		   pg_catalog.lag(b2.s_rule) OVER w AS p_rule,
		   pg_catalog.lag(b2.s_rules_version) OVER w AS p_rules_version,
		   pg_catalog.lag(b2.s_dimensions) OVER w AS p_dimensions,
		   pg_catalog.lag(b2.s_due_at) OVER w AS p_due_at,
		   pg_catalog.lag(b2.s_touch_due_at) OVER w AS p_touch_due_at,
		   pg_catalog.lag(b2.s_touched_at) OVER w AS p_touched_at,
		   pg_catalog.lag(b2.s_calendar) OVER w AS p_calendar
	  FROM b2
	WINDOW w AS (PARTITION BY b2.lead_key ORDER BY b2.id),
		   wp AS (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
)
SELECT r.id, r.lead_key, r.is_last, r.kind, r.cycle, r.owner, r.temperature, r.rule, r.event_time,
	   r.on_date,
	   -- the trigger dates a stay begun without an entering row after recording its row
	   coalesce(r.c_on, r.first_unentered_before),
	   r.enter_calendar,
	   CASE WHEN r.kind OPERATOR(pg_catalog.=) 'touch'
			THEN coalesce(r.stored_touched_at, GREATEST(r.event_time, r.s_at)) END,
	   CASE WHEN r.ends_stay THEN r.p_at END,
	   CASE WHEN r.ends_stay THEN r.p_on END,
	   CASE WHEN r.ends_stay THEN r.p_id END,
	   CASE WHEN r.ends_stay THEN r.p_cycle END,
	   CASE WHEN r.ends_stay THEN r.p_temperature END,
	   CASE WHEN r.ends_stay THEN r.p_rule END,
	   CASE WHEN r.ends_stay THEN r.p_rules_version END,
	   CASE WHEN r.ends_stay THEN r.p_dimensions END,
	   CASE WHEN r.ends_stay THEN r.p_due_at END,
	   CASE WHEN r.ends_stay THEN r.p_touch_due_at END,
	   CASE WHEN r.ends_stay THEN r.p_touched_at END,
	   CASE WHEN r.ends_stay THEN r.p_calendar END,
	   CASE WHEN r.ends_stay THEN lead_align._business_seconds(r.p_at, r.event_time, r.p_calendar) END,
	   CASE WHEN r.ends_stay THEN lead_align._business_seconds(r.p_at, r.p_touched_at, r.p_calendar) END,
	   r.s_stage,
	   r.kind OPERATOR(pg_catalog.=) 'delete',
	   -- a lead whose cycle began in rows purge() deleted keeps the date its latest row carries
	   CASE WHEN r.cycle_no OPERATOR(pg_catalog.>) 0 THEN r.c_on
			ELSE coalesce(r.stored_cycle_started_on, r.first_unentered_on) END,
	   r.s_at, r.s_on, r.s_id, r.s_temperature, r.s_rule, r.s_rules_version, r.s_dimensions,
	   r.s_due_at, r.s_touch_due_at, r.s_touched_at, r.s_calendar
  FROM c r
$$;
REVOKE ALL ON FUNCTION lead_align._stays(integer, text[], bigint) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._stays(integer, text[], bigint) IS 'internal: a track''s ledger rows (of some leads, up to an id) with the local dates and stays the trigger computes for them, and each lead''s state after each row';

-- Replace the lead_current rows of a track by the ones its ledger gives:
-- each lead's latest row, with the stay it is in after it.  Returns the
-- rows written.  The caller keeps the triggers out (a lock on the tracked
-- table, or the update from 0.3).
CREATE FUNCTION lead_align._fill_current(track_id integer) RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	n bigint;
BEGIN
	DELETE FROM lead_align.lead_current c WHERE c.track_id OPERATOR(pg_catalog.=) _fill_current.track_id;
	INSERT INTO lead_align.lead_current (track_id, lead_key, stage, deleted, cycle, cycle_started_on,
		entered_at, entered_on, entered_id, stay_temperature, stay_rule, stay_rules_version, stay_dimensions,
		due_at, touch_due_at, touched_at, calendar, owner, temperature, rule, last_event_at, last_id)
	SELECT _fill_current.track_id, s.lead_key, s.cur_stage, s.cur_deleted, s.cycle, s.cur_cycle_started_on,
		   s.cur_entered_at, s.cur_entered_on, s.cur_entered_id, s.cur_stay_temperature, s.cur_stay_rule,
		   s.cur_stay_rules_version, s.cur_stay_dimensions, s.cur_due_at, s.cur_touch_due_at, s.cur_touched_at,
		   s.cur_calendar, s.owner, s.temperature, s.rule, s.event_time, s.id
	  FROM lead_align._stays(_fill_current.track_id, NULL, NULL) s
	 WHERE s.is_last;
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n;
END $$;
REVOKE ALL ON FUNCTION lead_align._fill_current(integer) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._fill_current(integer) IS 'internal: replace a track''s lead_current rows by the ones its ledger gives; returns the rows written';

-- Fill the 0.4 columns of a track's ledger rows written by 0.3 (event_on
-- NULL; rows already filled are left alone): local dates, the stay a row
-- ends, a stay's calendar on the row that enters it, a touch's own time.
-- The calendars such a stay can have (the track's, a team's) are stored in
-- lead_align.stay_calendar first, as the trigger stores a new one.
-- keys NULL and lo, hi NULL: every row of the track; else the rows with ids
-- in [lo, hi] of the leads in keys (their earlier rows are read, not
-- written).  Returns the rows filled.
CREATE FUNCTION lead_align._migrate_rows(track_id integer, keys text[], lo bigint, hi bigint) RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
-- planned for the values at hand: all of a track's leads, or the few of a batch through the index;
-- a batch is too short to repay compiling its plan, and sorts its rows in memory
SET plan_cache_mode = force_custom_plan
SET jit = off
SET work_mem = '64MB'
AS $$
DECLARE
	n bigint;
BEGIN
	INSERT INTO lead_align.stay_calendar (calendar)
	SELECT k.calendar FROM lead_align.track k WHERE k.id OPERATOR(pg_catalog.=) _migrate_rows.track_id
	UNION
	SELECT tc.calendar FROM lead_align.team_calendar tc WHERE tc.track_id OPERATOR(pg_catalog.=) _migrate_rows.track_id
	ON CONFLICT (calendar) DO NOTHING;
	UPDATE lead_align.handoff h
	   SET event_on = s.event_on,
		   cycle_started_on = s.cycle_started_on,
		   calendar_id = coalesce(h.calendar_id, c.id),
		   touched_at = coalesce(h.touched_at, s.touched_at),
		   entered_at = s.entered_at,
		   entered_on = s.entered_on,
		   entered_id = s.entered_id,
		   stay_cycle = s.stay_cycle,
		   stay_temperature = s.stay_temperature,
		   stay_rule = s.stay_rule,
		   stay_rules_version = s.stay_rules_version,
		   stay_dimensions = s.stay_dimensions,
		   stay_due_at = s.stay_due_at,
		   stay_touch_due_at = s.stay_touch_due_at,
		   first_touch_at = s.first_touch_at,
		   stay_calendar_id = sc.id,
		   exit_seconds = s.exit_seconds,
		   touch_seconds = s.touch_seconds
	  FROM lead_align._stays(_migrate_rows.track_id, _migrate_rows.keys, _migrate_rows.hi) s
	  LEFT JOIN lead_align.stay_calendar c ON c.calendar OPERATOR(pg_catalog.=) s.calendar
	  LEFT JOIN lead_align.stay_calendar sc ON sc.calendar OPERATOR(pg_catalog.=) s.stay_calendar
	 WHERE h.id OPERATOR(pg_catalog.=) s.id
	   AND h.event_on IS NULL
	   AND (_migrate_rows.lo IS NULL OR h.id OPERATOR(pg_catalog.>=) _migrate_rows.lo)
	   AND (_migrate_rows.hi IS NULL OR h.id OPERATOR(pg_catalog.<=) _migrate_rows.hi);
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n;
END $$;
REVOKE ALL ON FUNCTION lead_align._migrate_rows(integer, text[], bigint, bigint) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._migrate_rows(integer, text[], bigint, bigint) IS 'internal: fill the 0.4 columns (local dates, ended stays) of a track''s ledger rows written by 0.3; returns the rows filled';

-------------------------------------------------------------------------------
-- Lead-cycles computed from the ledger (DESIGN 5.2): the same facts the
-- trigger keeps row by row (src/core/la_policy.c, la_cycle_step; the
-- trigger's EndCycle, src/track_agreement.c), from a lead's rows grouped by
-- cycle.  For rebuild_current() and the update from 0.3, and for the tests,
-- which compare lead_cycles with it.
--
-- A cycle's local start date is the one its rows carry (cycle_started_on);
-- a cycle whose first row neither entered a stage nor carries the date (a
-- lead first seen by such an event: the trigger dates the cycle after
-- recording that row) takes that row's local date.  How a cycle ended is
-- written on the first row of the next cycle when a move into nurture began
-- it (its from_cycle is the cycle's number).
-------------------------------------------------------------------------------
CREATE FUNCTION lead_align._cycles(track_id integer, keys text[])
RETURNS TABLE (
	lead_key text,
	cycle integer,
	started_on date,
	first_id bigint,
	last_id bigint,
	stage lead_align.lead_stage,
	furthest_stage lead_align.lead_stage,
	sales_sourced boolean,
	mql_id bigint,
	mql_at timestamptz,
	accepted boolean,
	disqualified boolean,
	disqualify_reason text,
	rejected boolean,
	reject_reason text,
	ended_by text,
	rule text,
	rules_version integer,
	temperature lead_align.lead_temperature,
	dimensions jsonb)
LANGUAGE sql STABLE
AS $$
WITH g AS (
	SELECT h.lead_key,
		   h.cycle,
		   coalesce(pg_catalog.max(h.cycle_started_on),
					CASE WHEN lead_align._arg_min(h.kind, h.id) OPERATOR(pg_catalog.<>) ALL (lead_align.vocabulary('stage_event_kind'))
						 THEN lead_align._arg_min(h.event_on, h.id) END) AS started_on,
		   pg_catalog.min(h.id) AS first_id,
		   pg_catalog.max(h.id) AS last_id,
		   lead_align._arg_max(COALESCE(h.to_stage, h.from_stage), h.id) AS stage,
		   lead_align._arg_max(h.kind, h.id) AS last_kind,
		   COALESCE(pg_catalog.bool_or(h.kind OPERATOR(pg_catalog.=) 'create'
					AND h.to_stage OPERATOR(pg_catalog.>) 'mql'::lead_align.lead_stage
					AND h.to_stage OPERATOR(pg_catalog.<=) 'won'::lead_align.lead_stage), false) AS sales_sourced,
		   pg_catalog.max(h.to_stage) FILTER (
				WHERE e.stage_event
				  AND h.to_stage OPERATOR(pg_catalog.>=) 'mql'::lead_align.lead_stage
				  AND h.to_stage OPERATOR(pg_catalog.<=) 'won'::lead_align.lead_stage) AS furthest_stage,
		   pg_catalog.min(h.id) FILTER (WHERE e.mql_entry) AS mql_id,
		   lead_align._arg_min(h.event_time, h.id) FILTER (WHERE e.mql_entry) AS mql_at,
		   lead_align._arg_min(h.dimensions, h.id) FILTER (WHERE e.mql_entry) AS mql_dimensions,
		   lead_align._arg_min(h.rule, h.id) FILTER (WHERE e.mql_entry) AS mql_rule,
		   lead_align._arg_min(h.rules_version, h.id) FILTER (WHERE e.mql_entry) AS mql_rules_version,
		   lead_align._arg_min(h.temperature, h.id) FILTER (WHERE e.mql_entry) AS mql_temperature,
		   lead_align._arg_min(h.dimensions, h.id) AS first_dimensions,
		   lead_align._arg_max(h.rule, h.id) AS last_rule,
		   lead_align._arg_max(h.rules_version, h.id) AS last_rules_version,
		   lead_align._arg_max(h.temperature, h.id) AS last_temperature,
		   COALESCE(pg_catalog.bool_or(h.kind OPERATOR(pg_catalog.=) 'accept'
					AND h.from_stage OPERATOR(pg_catalog.=) 'mql'::lead_align.lead_stage), false) AS accepted,
		   COALESCE(pg_catalog.bool_or(h.kind OPERATOR(pg_catalog.=) 'disqualify'
					AND h.from_stage OPERATOR(pg_catalog.=) 'mql'::lead_align.lead_stage), false) AS disqualified,
		   lead_align._arg_min(h.reason, h.id) FILTER (
				WHERE h.kind OPERATOR(pg_catalog.=) 'disqualify'
				  AND h.from_stage OPERATOR(pg_catalog.=) 'mql'::lead_align.lead_stage) AS disqualify_reason
	  FROM lead_align.handoff h
	 -- a stage event (it enters a stage); one that entered mql
	 CROSS JOIN LATERAL (SELECT h.kind OPERATOR(pg_catalog.=) ANY (lead_align.vocabulary('stage_event_kind')) AS stage_event) v
	 CROSS JOIN LATERAL (SELECT v.stage_event, v.stage_event AND h.to_stage OPERATOR(pg_catalog.=) 'mql'::lead_align.lead_stage AS mql_entry) e
	 WHERE h.track_id OPERATOR(pg_catalog.=) _cycles.track_id
	   AND (_cycles.keys IS NULL OR h.lead_key OPERATOR(pg_catalog.=) ANY (_cycles.keys))
	 GROUP BY h.lead_key, h.cycle
),
-- the first row of each cycle a move into nurture began, by the cycle it ended
n AS (
	SELECT DISTINCT ON (h.lead_key, h.from_cycle) h.lead_key, h.from_cycle, h.kind, h.from_stage, h.reason
	  FROM lead_align.handoff h
	 WHERE h.track_id OPERATOR(pg_catalog.=) _cycles.track_id
	   AND (_cycles.keys IS NULL OR h.lead_key OPERATOR(pg_catalog.=) ANY (_cycles.keys))
	   AND h.from_cycle IS NOT NULL
	 ORDER BY h.lead_key, h.from_cycle, h.id
)
SELECT g.lead_key, g.cycle, g.started_on, g.first_id, g.last_id, g.stage, g.furthest_stage, g.sales_sourced,
	   g.mql_id, g.mql_at, g.accepted, g.disqualified, g.disqualify_reason,
	   g.disqualified OR COALESCE(n.kind OPERATOR(pg_catalog.=) 'reject'
								  AND n.from_stage OPERATOR(pg_catalog.=) 'mql'::lead_align.lead_stage, false),
	   CASE WHEN n.kind OPERATOR(pg_catalog.=) 'reject' AND n.from_stage OPERATOR(pg_catalog.=) 'mql'::lead_align.lead_stage
			THEN n.reason ELSE g.disqualify_reason END,
	   CASE WHEN n.kind IS NOT NULL THEN n.kind
			WHEN g.last_kind OPERATOR(pg_catalog.=) 'delete' THEN g.last_kind END,
	   CASE WHEN g.mql_id IS NOT NULL THEN g.mql_rule ELSE g.last_rule END,
	   CASE WHEN g.mql_id IS NOT NULL THEN g.mql_rules_version ELSE g.last_rules_version END,
	   CASE WHEN g.mql_id IS NOT NULL THEN g.mql_temperature ELSE g.last_temperature END,
	   COALESCE(g.mql_dimensions, g.first_dimensions)
  FROM g
  LEFT JOIN n ON n.lead_key OPERATOR(pg_catalog.=) g.lead_key AND n.from_cycle OPERATOR(pg_catalog.=) g.cycle
$$;
REVOKE ALL ON FUNCTION lead_align._cycles(integer, text[]) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._cycles(integer, text[]) IS 'internal: a track''s lead-cycles (of the leads in keys; NULL: all) computed from its ledger, with what lead_cycles counts of each';

-- Replace a track's lead-cycles (of the leads in keys; NULL: all) by the
-- ones its ledger gives: the cycle each lead's lead_current row is in goes
-- to that row's cycle_* columns, the others to lead_align.lead_cycle.
-- Returns the ended cycles written.  The caller keeps the triggers out.
CREATE FUNCTION lead_align._fill_cycles(track_id integer, keys text[]) RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	n bigint;
BEGIN
	DELETE FROM lead_align.lead_cycle y
	 WHERE y.track_id OPERATOR(pg_catalog.=) _fill_cycles.track_id
	   AND (_fill_cycles.keys IS NULL OR y.lead_key OPERATOR(pg_catalog.=) ANY (_fill_cycles.keys));
	WITH c AS MATERIALIZED (
		SELECT * FROM lead_align._cycles(_fill_cycles.track_id, _fill_cycles.keys)
	), u AS (
		UPDATE lead_align.lead_current l
		   SET cycle_first_id = c.first_id, cycle_stage = c.stage, cycle_furthest_stage = c.furthest_stage,
			   cycle_sales_sourced = c.sales_sourced, cycle_mql_id = c.mql_id, cycle_mql_at = c.mql_at,
			   cycle_accepted = c.accepted, cycle_disqualified = c.disqualified,
			   cycle_disqualify_reason = c.disqualify_reason, cycle_rule = c.rule,
			   cycle_rules_version = c.rules_version, cycle_temperature = c.temperature,
			   cycle_dimensions = c.dimensions
		  FROM c
		 WHERE l.track_id OPERATOR(pg_catalog.=) _fill_cycles.track_id
		   AND l.lead_key OPERATOR(pg_catalog.=) c.lead_key AND l.cycle OPERATOR(pg_catalog.=) c.cycle
	)
	INSERT INTO lead_align.lead_cycle (track_id, lead_key, cycle, started_on, first_id, last_id, stage, furthest_stage,
		sales_sourced, mql_id, mql_at, accepted, rejected, reject_reason, ended_by, rule, rules_version,
		temperature, dimensions)
	SELECT _fill_cycles.track_id, c.lead_key, c.cycle, c.started_on, c.first_id, c.last_id, c.stage, c.furthest_stage,
		   c.sales_sourced, c.mql_id, c.mql_at, c.accepted, c.rejected, c.reject_reason, c.ended_by, c.rule,
		   c.rules_version, c.temperature, c.dimensions
	  FROM c
	 WHERE NOT EXISTS (SELECT FROM lead_align.lead_current l
						WHERE l.track_id OPERATOR(pg_catalog.=) _fill_cycles.track_id
						  AND l.lead_key OPERATOR(pg_catalog.=) c.lead_key AND l.cycle OPERATOR(pg_catalog.=) c.cycle);
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n;
END $$;
REVOKE ALL ON FUNCTION lead_align._fill_cycles(integer, text[]) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._fill_cycles(integer, text[]) IS 'internal: replace a track''s lead-cycles (lead_cycle, and the cycle_* columns of lead_current) by the ones its ledger gives; returns the ended cycles written';

-------------------------------------------------------------------------------
-- rebuild_current(): a track's lead_current rows and lead-cycles from its
-- ledger
--
-- The tracked table is locked against writes (as track() and untrack() lock
-- it), so that no trigger changes a lead meanwhile.  What the ledger no
-- longer holds is lost to the rebuild: a lead whose earlier rows purge()
-- deleted keeps what its remaining rows tell (its latest row: cycle, owner,
-- temperature, last event, the date its cycle began; the row that entered
-- its stage, which purge() keeps: the stay and its due times), but a first
-- touch whose row was purged is not known (touched_at NULL), and a stay whose
-- entering row is gone begins at the lead's oldest remaining row, with no
-- SLA.  The lead-cycles are those the remaining rows give: a cycle whose
-- rows purge() deleted is counted no more (purge() itself leaves them).
-------------------------------------------------------------------------------
CREATE FUNCTION lead_align._rebuild_current(track regclass) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	t lead_align.track;
	v_rows bigint;
BEGIN
	PERFORM lead_align._require_configure(track);
	-- under a transaction snapshot, changes committed before the lock below
	-- but after the snapshot would be missed
	IF pg_catalog.current_setting('transaction_isolation') OPERATOR(pg_catalog.<>) 'read committed' THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_transaction_state',
			MESSAGE = pg_catalog.format('rebuild_current(%s) must run in a READ COMMITTED transaction', track),
			DETAIL = 'The rebuild reads the ledger after it has locked the table; an older snapshot would miss changes committed in between.',
			HINT = 'Call it outside an explicit transaction, or in one at the default isolation level.';
	END IF;
	t := lead_align._config_track(track);
	EXECUTE pg_catalog.format('LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE', t.relid);
	v_rows := lead_align._fill_current(t.id);
	PERFORM lead_align._fill_cycles(t.id, NULL);
	-- the rewritten stays were written by no trigger: the next sweep looks
	-- at every overdue stay of the track, as for a new track
	DELETE FROM lead_align.sweep_state w WHERE w.track_id OPERATOR(pg_catalog.=) t.id;
	RETURN v_rows;
END $$;
REVOKE ALL ON FUNCTION lead_align._rebuild_current(regclass) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._rebuild_current(regclass) IS 'internal: the implementation of lead_align.rebuild_current(), run by it as the extension''s owner';
CREATE FUNCTION lead_align.rebuild_current(track regclass)
RETURNS bigint
AS 'MODULE_PATHNAME', 'la_configure' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION lead_align.rebuild_current(regclass) IS 'recompute a track''s lead_current rows (the current stay and lead-cycle of every lead) and its ended lead-cycles (lead_cycle) from its ledger, with the table locked against writes; returns the lead_current rows written; owner of the table or lead_align_admin';

-------------------------------------------------------------------------------
-- migrate_03(): the 0.4 columns of a large 0.3 ledger, after the update
--
-- The update from 0.3 fills them in place when the ledger is small (see the
-- README, Upgrading); a larger ledger is filled by CALL
-- lead_align.migrate_03(), in batches of ledger rows in id order, each
-- committed: no tracked table is locked, and the triggers go on writing
-- (their rows have the columns already).  Rows already filled are skipped,
-- so it may be stopped and called again.
-------------------------------------------------------------------------------
-- The ended lead-cycles of some leads of a track that the update from 0.3
-- could not date (their rows had no cycle_started_on yet): their start date,
-- once their first rows are filled (rows are filled in id order), and only
-- when a cycle's first row is still there (after a purge() the first row left
-- would give a later date).  Only the date, only where it is missing; the
-- trigger only inserts lead_cycle rows, so it never waits on this.
CREATE FUNCTION lead_align._date_cycles(track_id integer, keys text[]) RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
-- planned for the keys at hand, through the index on (track_id, lead_key)
SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
	n bigint;
BEGIN
	UPDATE lead_align.lead_cycle y
	   SET started_on = c.started_on
	  FROM lead_align._cycles(_date_cycles.track_id, _date_cycles.keys) c
	 WHERE y.track_id OPERATOR(pg_catalog.=) _date_cycles.track_id
	   AND y.lead_key OPERATOR(pg_catalog.=) c.lead_key AND y.cycle OPERATOR(pg_catalog.=) c.cycle
	   AND y.first_id OPERATOR(pg_catalog.=) c.first_id
	   AND y.started_on IS NULL AND c.started_on IS NOT NULL;
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n;
END $$;
REVOKE ALL ON FUNCTION lead_align._date_cycles(integer, text[]) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._date_cycles(integer, text[]) IS 'internal: date the ended lead-cycles of some leads of a track that have no start date yet, from their filled ledger rows; returns the cycles dated';

CREATE FUNCTION lead_align._migrate_03_batch(after_id bigint, batch_size integer,
	OUT next_after bigint, OUT migrated bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_after bigint := coalesce(after_id, 0);
	v_hi bigint;
	v_track integer;
	v_keys text[];
BEGIN
	IF NOT lead_align._caller_is_admin() THEN
		RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
			MESSAGE = 'permission denied to migrate the ledger',
			HINT = 'Only superusers and members of lead_align_admin may migrate the ledger.';
	END IF;
	IF batch_size IS NULL OR batch_size OPERATOR(pg_catalog.<) 1 THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = pg_catalog.format('the batch size must be positive, not %s', coalesce(batch_size::pg_catalog.text, 'NULL')),
			HINT = 'Write for example CALL lead_align.migrate_03(50000);';
	END IF;
	migrated := 0;
	-- the next batch_size ledger rows in id order (a walk of the primary key:
	-- each batch reads only its own rows); those of them written by 0.3 are
	-- filled
	SELECT pg_catalog.max(b.id) INTO v_hi
	  FROM (SELECT h.id FROM lead_align.handoff h
			 WHERE h.id OPERATOR(pg_catalog.>) v_after
			 ORDER BY h.id LIMIT batch_size) b;
	IF v_hi IS NULL THEN
		next_after := NULL;
		-- ended cycles still undated whose first rows are filled by now (a
		-- rebuild_current() that ran beside a batch rewrote them undated)
		FOR v_track IN SELECT DISTINCT y.track_id FROM lead_align.lead_cycle y WHERE y.started_on IS NULL ORDER BY 1 LOOP
			PERFORM lead_align._date_cycles(v_track,
				ARRAY(SELECT DISTINCT y.lead_key FROM lead_align.lead_cycle y
					   WHERE y.track_id OPERATOR(pg_catalog.=) v_track AND y.started_on IS NULL));
		END LOOP;
		RETURN;
	END IF;
	FOR v_track IN
		SELECT DISTINCT h.track_id FROM lead_align.handoff h
		 WHERE h.id OPERATOR(pg_catalog.>) v_after AND h.id OPERATOR(pg_catalog.<=) v_hi AND h.event_on IS NULL
		 ORDER BY 1
	LOOP
		v_keys := ARRAY(SELECT DISTINCT h.lead_key FROM lead_align.handoff h
						 WHERE h.track_id OPERATOR(pg_catalog.=) v_track
						   AND h.id OPERATOR(pg_catalog.>) v_after AND h.id OPERATOR(pg_catalog.<=) v_hi
						   AND h.event_on IS NULL);
		migrated := migrated OPERATOR(pg_catalog.+) lead_align._migrate_rows(v_track, v_keys,
			v_after OPERATOR(pg_catalog.+) 1, v_hi);
		PERFORM lead_align._date_cycles(v_track, v_keys);
	END LOOP;
	next_after := v_hi;
END $$;
REVOKE ALL ON FUNCTION lead_align._migrate_03_batch(bigint, integer) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._migrate_03_batch(bigint, integer) IS 'internal: the implementation of lead_align.migrate_03_batch(), run by it as the extension''s owner';
CREATE FUNCTION lead_align.migrate_03_batch(after_id bigint, batch_size integer,
	OUT next_after bigint, OUT migrated bigint)
AS 'MODULE_PATHNAME', 'la_configure' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION lead_align.migrate_03_batch(bigint, integer) IS 'fill the 0.4 columns of those of the next batch_size ledger rows after id after_id that 0.3 wrote; returns the last id of the batch (NULL when none is left) and the rows filled (admin only)';

-- A procedure, so that it can commit per batch; it cannot pin its
-- search_path (a SET clause forbids transaction control), so every name in
-- it is qualified.  Each batch runs as the extension's owner through
-- migrate_03_batch(), which checks the caller.
CREATE PROCEDURE lead_align.migrate_03(batch_size integer DEFAULT 50000, INOUT rows_migrated bigint DEFAULT 0)
LANGUAGE plpgsql
AS $$
DECLARE
	v_after bigint := 0;
	v_next bigint;
	v_rows bigint;
BEGIN
	rows_migrated := 0;
	LOOP
		SELECT b.next_after, b.migrated INTO v_next, v_rows
		  FROM lead_align.migrate_03_batch(v_after, batch_size) b;
		EXIT WHEN v_next IS NULL;
		rows_migrated := rows_migrated OPERATOR(pg_catalog.+) v_rows;
		v_after := v_next;
		COMMIT;
	END LOOP;
END $$;
COMMENT ON PROCEDURE lead_align.migrate_03(integer, bigint) IS 'fill the 0.4 columns (local dates, ended stays) of ledger rows written by 0.3, in batches of ledger rows in id order, committing each; skips rows already filled; reports the rows filled (admin only)';
