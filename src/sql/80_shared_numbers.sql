
-------------------------------------------------------------------------------
-- The shared numbers (DESIGN 5.2, 5.3): lead_cycles, funnel, lead_quality,
-- rule_performance, volume SLAs and volume_sla_status, and decayed_sum().
--
-- The unit of funnel, lead_quality and rule_performance is the lead-cycle: a
-- lead's pass through the funnel, from its create (or the move into nurture
-- that began the cycle) to the next such move.  The trigger keeps what these
-- views count of a cycle while it records the cycle's rows (the cycle_*
-- columns of the lead's lead_align.lead_current row) and writes an ended
-- cycle to lead_align.lead_cycle when the next one begins, with how it
-- ended.  So lead_cycles is one row per lead-cycle read from those two
-- tables through their cohort-month indexes: a one-track, one-month query
-- reads the month's cycles, not the month's ledger rows (DESIGN 6; before,
-- it grouped the ledger rows by lead and cycle and probed each cycle's
-- end).  lead_align._cycles() computes the same facts from the ledger, for
-- rebuild_current(), the update from 0.3, migrate_03() and the tests.
--
-- A cohort month is date_trunc('month', started_on::timestamp)::date, the
-- expression of the indexes lead_cycle_month and lead_current_cycle_month,
-- so a one-track, one-month filter reaches them.  (date_trunc on a date
-- would take the timestamptz variant, which depends on the session's
-- TimeZone and cannot be indexed; through timestamp it is immutable.)
-------------------------------------------------------------------------------

-- A calendar's zone, for the local periods of volume SLAs.
CREATE FUNCTION lead_align.calendar_zone(cal lead_align.business_calendar) RETURNS text
	AS 'MODULE_PATHNAME', 'business_calendar_zone' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION lead_align.calendar_zone(lead_align.business_calendar) IS 'the time zone of a business_calendar, e.g. Europe/Berlin';

-- The value of the row with the smallest (largest) key of a group: the
-- views' "first row" and "latest row" of a lead-cycle (src/shared_numbers.c).
CREATE FUNCTION lead_align._arg_min_trans(internal, anyelement, bigint) RETURNS internal
	AS 'MODULE_PATHNAME', 'la_arg_min_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
REVOKE ALL ON FUNCTION lead_align._arg_min_trans(internal, anyelement, bigint) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._arg_min_trans(internal, anyelement, bigint) IS 'internal: transition function of lead_align._arg_min';
CREATE FUNCTION lead_align._arg_max_trans(internal, anyelement, bigint) RETURNS internal
	AS 'MODULE_PATHNAME', 'la_arg_max_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
REVOKE ALL ON FUNCTION lead_align._arg_max_trans(internal, anyelement, bigint) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._arg_max_trans(internal, anyelement, bigint) IS 'internal: transition function of lead_align._arg_max';
CREATE FUNCTION lead_align._arg_final(internal, anyelement, bigint) RETURNS anyelement
	AS 'MODULE_PATHNAME', 'la_arg_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
REVOKE ALL ON FUNCTION lead_align._arg_final(internal, anyelement, bigint) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._arg_final(internal, anyelement, bigint) IS 'internal: final function of lead_align._arg_min and _arg_max';
CREATE AGGREGATE lead_align._arg_min(anyelement, bigint) (
	SFUNC = lead_align._arg_min_trans, STYPE = internal,
	FINALFUNC = lead_align._arg_final, FINALFUNC_EXTRA, PARALLEL = SAFE
);
REVOKE ALL ON FUNCTION lead_align._arg_min(anyelement, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lead_align._arg_min(anyelement, bigint) TO lead_align_reader, lead_align_admin;
COMMENT ON AGGREGATE lead_align._arg_min(anyelement, bigint) IS 'internal: the value of the row with the smallest key of a group (rows with a NULL key are skipped)';
CREATE AGGREGATE lead_align._arg_max(anyelement, bigint) (
	SFUNC = lead_align._arg_max_trans, STYPE = internal,
	FINALFUNC = lead_align._arg_final, FINALFUNC_EXTRA, PARALLEL = SAFE
);
REVOKE ALL ON FUNCTION lead_align._arg_max(anyelement, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lead_align._arg_max(anyelement, bigint) TO lead_align_reader, lead_align_admin;
COMMENT ON AGGREGATE lead_align._arg_max(anyelement, bigint) IS 'internal: the value of the row with the largest key of a group (rows with a NULL key are skipped)';

-- The n most frequent codes of a list, most frequent first, ties by code.
CREATE FUNCTION lead_align._top_codes(codes text[], n integer) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT COALESCE(pg_catalog.array_agg(t.code ORDER BY t.uses DESC, t.code COLLATE pg_catalog."C"),
					'{}'::pg_catalog.text[])
	  FROM (SELECT u.code, pg_catalog.count(*) AS uses
			  FROM pg_catalog.unnest(codes) AS u (code)
			 WHERE u.code IS NOT NULL
			 GROUP BY u.code
			 ORDER BY uses DESC, u.code COLLATE pg_catalog."C"
			 LIMIT n) t
$$;
REVOKE ALL ON FUNCTION lead_align._top_codes(text[], integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lead_align._top_codes(text[], integer) TO lead_align_reader, lead_align_admin;
COMMENT ON FUNCTION lead_align._top_codes(text[], integer) IS 'internal: the n most frequent codes of a list (NULLs left out), most frequent first, ties broken by code; {} when none';

-- Where the lead-cycles of a month are: the ended ones and the open ones.
CREATE INDEX lead_cycle_month ON lead_align.lead_cycle
	(track_id, (pg_catalog.date_trunc('month'::pg_catalog.text, started_on::pg_catalog.timestamp)::pg_catalog.date));
COMMENT ON INDEX lead_align.lead_cycle_month IS 'ended lead-cycles by track and the month they began (lead_cycles, funnel, lead_quality, rule_performance)';
CREATE INDEX lead_current_cycle_month ON lead_align.lead_current
	(track_id, (pg_catalog.date_trunc('month'::pg_catalog.text, cycle_started_on::pg_catalog.timestamp)::pg_catalog.date));
COMMENT ON INDEX lead_align.lead_current_cycle_month IS 'each lead''s current lead-cycle by track and the month it began (lead_cycles, funnel, lead_quality, rule_performance)';

-------------------------------------------------------------------------------
-- lead_cycles: one row per lead-cycle, the unit the three cohort views count.
--
--   started_on       the local date its create, or the move into nurture that
--                    began it, was written (cohort_month: its month);
--   furthest_stage   the furthest of mql < sal < sql < opportunity < won that
--                    a stage event of the cycle entered (NULL: none);
--   stage            the stage of its latest row (the stage it is in, or was
--                    in when it ended);
--   sales_sourced    its create entered a stage after mql (sal, sql; up to
--                    won in backfill);
--   entered_mql      a stage event entered mql (a handoff, an automatic
--                    handoff, or a create in mql); mql_at is the first;
--   accepted         an mql stay of it was left by accept;
--   rejected         an mql stay of it was left by reject (the move into
--                    nurture that ended the cycle) or disqualify (a row of its
--                    own); reject_reason is that row's reason (the reject's,
--                    else the first disqualify's);
--   ended_by         reject, recycle or reopen: the move into nurture that
--                    began the lead's next cycle; delete: its latest row is a
--                    delete; NULL otherwise;
--   still_open       the lead's current cycle (no next cycle began: not ended
--                    by a move into nurture, nor by an insert of its key that
--                    the trigger saw no delete before), not deleted, not in
--                    won, lost or disqualified;
--   dimensions       those of the row that began its (first) mql stay, else
--                    of its first row;
--   rule, rules_version, temperature
--                    those of the row that began its (first) mql stay, else
--                    of its latest row;
--   first_id, mql_id, last_id
--                    its first ledger row, the one that began its first mql
--                    stay, its latest: every number traces to the ledger.
-------------------------------------------------------------------------------
CREATE VIEW lead_align.lead_cycles AS
SELECT k.id AS track_id,
	   k.table_name AS track,
	   g.lead_key,
	   g.cycle,
	   g.started_on,
	   pg_catalog.date_trunc('month'::pg_catalog.text, g.started_on::pg_catalog.timestamp)::pg_catalog.date AS cohort_month,
	   g.sales_sourced,
	   g.furthest_stage,
	   g.furthest_stage::pg_catalog.text AS furthest_stage_text,
	   g.stage,
	   g.stage::pg_catalog.text AS stage_text,
	   g.ended_by,
	   (g.current AND g.ended_by IS NULL
		AND g.stage OPERATOR(pg_catalog.<>) ALL (ARRAY['won', 'lost', 'disqualified']::lead_align.lead_stage[])) AS still_open,
	   g.mql_id IS NOT NULL AS entered_mql,
	   g.mql_at,
	   g.accepted,
	   g.rejected,
	   g.reject_reason,
	   g.dimensions,
	   g.rule,
	   g.rules_version,
	   g.temperature,
	   g.temperature::pg_catalog.text AS temperature_text,
	   g.first_id,
	   g.mql_id,
	   g.last_id
  FROM lead_align.track k
 CROSS JOIN LATERAL (
		-- the cycles that have ended
		SELECT y.lead_key, y.cycle, y.started_on, y.sales_sourced, y.furthest_stage, y.stage, y.ended_by,
			   y.mql_at, y.accepted, y.rejected, y.reject_reason, y.dimensions, y.rule, y.rules_version,
			   y.temperature, y.first_id, y.mql_id, y.last_id, false AS current
		  FROM lead_align.lead_cycle y
		 WHERE y.track_id OPERATOR(pg_catalog.=) k.id
		UNION ALL
		-- each lead's current cycle
		SELECT c.lead_key, c.cycle, c.cycle_started_on, c.cycle_sales_sourced, c.cycle_furthest_stage, c.cycle_stage,
			   CASE WHEN c.deleted THEN 'delete' END,
			   c.cycle_mql_at, c.cycle_accepted, c.cycle_disqualified, c.cycle_disqualify_reason, c.cycle_dimensions,
			   c.cycle_rule, c.cycle_rules_version, c.cycle_temperature, c.cycle_first_id, c.cycle_mql_id, c.last_id, true
		  FROM lead_align.lead_current c
		 WHERE c.track_id OPERATOR(pg_catalog.=) k.id) g;
COMMENT ON VIEW lead_align.lead_cycles IS 'one row per lead-cycle (a lead''s pass through the funnel, from its create or the move into nurture that began it): cohort month, furthest stage reached, how it ended, whether it entered mql and how sales judged it, and the dimensions, rule and temperature it is counted under';
REVOKE ALL ON lead_align.lead_cycles FROM PUBLIC;
GRANT SELECT ON lead_align.lead_cycles TO lead_align_reader, lead_align_admin;

-------------------------------------------------------------------------------
-- funnel: lead-cycles per track and cohort month.  reached_X counts the
-- cycles whose furthest stage is X or later in mql < sal < sql < opportunity
-- < won (lost and disqualified are not later stages; a sales-sourced cycle
-- entered sal or sql, so it reached mql); each rate is reached_next /
-- reached_this, a fraction rounded to 4 places, NULL when reached_this is 0.
-------------------------------------------------------------------------------
CREATE VIEW lead_align.funnel AS
SELECT f.track_id,
	   f.track,
	   f.cohort_month,
	   f.leads,
	   f.reached_mql,
	   f.reached_sal,
	   f.reached_sql,
	   f.reached_opportunity,
	   f.reached_won,
	   f.recycled,
	   f.still_open,
	   CASE WHEN f.leads OPERATOR(pg_catalog.>) 0 THEN
			pg_catalog.round(f.reached_mql::pg_catalog.numeric OPERATOR(pg_catalog./) f.leads::pg_catalog.numeric, 4) END AS mql_rate,
	   CASE WHEN f.reached_mql OPERATOR(pg_catalog.>) 0 THEN
			pg_catalog.round(f.reached_sal::pg_catalog.numeric OPERATOR(pg_catalog./) f.reached_mql::pg_catalog.numeric, 4) END AS sal_rate,
	   CASE WHEN f.reached_sal OPERATOR(pg_catalog.>) 0 THEN
			pg_catalog.round(f.reached_sql::pg_catalog.numeric OPERATOR(pg_catalog./) f.reached_sal::pg_catalog.numeric, 4) END AS sql_rate,
	   CASE WHEN f.reached_sql OPERATOR(pg_catalog.>) 0 THEN
			pg_catalog.round(f.reached_opportunity::pg_catalog.numeric OPERATOR(pg_catalog./) f.reached_sql::pg_catalog.numeric, 4) END AS opportunity_rate,
	   CASE WHEN f.reached_opportunity OPERATOR(pg_catalog.>) 0 THEN
			pg_catalog.round(f.reached_won::pg_catalog.numeric OPERATOR(pg_catalog./) f.reached_opportunity::pg_catalog.numeric, 4) END AS won_rate
  FROM (SELECT c.track_id,
			   c.track,
			   c.cohort_month,
			   pg_catalog.count(*) AS leads,
			   pg_catalog.count(*) FILTER (WHERE c.furthest_stage OPERATOR(pg_catalog.>=) 'mql'::lead_align.lead_stage) AS reached_mql,
			   pg_catalog.count(*) FILTER (WHERE c.furthest_stage OPERATOR(pg_catalog.>=) 'sal'::lead_align.lead_stage) AS reached_sal,
			   pg_catalog.count(*) FILTER (WHERE c.furthest_stage OPERATOR(pg_catalog.>=) 'sql'::lead_align.lead_stage) AS reached_sql,
			   pg_catalog.count(*) FILTER (WHERE c.furthest_stage OPERATOR(pg_catalog.>=) 'opportunity'::lead_align.lead_stage) AS reached_opportunity,
			   pg_catalog.count(*) FILTER (WHERE c.furthest_stage OPERATOR(pg_catalog.=) 'won'::lead_align.lead_stage) AS reached_won,
			   pg_catalog.count(*) FILTER (WHERE c.ended_by OPERATOR(pg_catalog.=) 'recycle') AS recycled,
			   pg_catalog.count(*) FILTER (WHERE c.still_open) AS still_open
		  FROM lead_align.lead_cycles c
		 GROUP BY c.track_id, c.track, c.cohort_month) f;
COMMENT ON VIEW lead_align.funnel IS 'lead-cycles per track and cohort month (the month each began): how many reached mql, sal, sql, opportunity and won, how many were recycled or are still open, and the stage-to-stage conversion rates';
REVOKE ALL ON lead_align.funnel FROM PUBLIC;
GRANT SELECT ON lead_align.funnel TO lead_align_reader, lead_align_admin;

-------------------------------------------------------------------------------
-- lead_quality: marketing's leads as sales judged them, per track, dimension
-- value and cohort month.  A cycle counts under each key of the dimensions
-- of the row that began its mql stay (a cycle that never entered mql counts
-- only in leads, under its first row's).  The outcomes count cycles that
-- entered mql (the hand-overs sales judged): accepted and rejected (reject
-- or disqualify) by their mql stay's exit, recycled and won by the cycle's.
-------------------------------------------------------------------------------
-- One lead_quality row of a track and month: a (dimension, value) pair and
-- its counts, as lead_align._quality() gives them (src/lead_quality.c).
CREATE TYPE lead_align._quality_row AS (
	dimension text,
	value text,
	leads bigint,
	mqls bigint,
	accepted bigint,
	rejected bigint,
	recycled bigint,
	won bigint,
	top_reject_reasons text[]
);
COMMENT ON TYPE lead_align._quality_row IS 'internal: one (dimension, value) pair of lead_align.lead_quality and its counts';
CREATE FUNCTION lead_align._quality_trans(internal, jsonb, boolean, boolean, boolean, boolean, boolean, text) RETURNS internal
	AS 'MODULE_PATHNAME', 'la_quality_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
REVOKE ALL ON FUNCTION lead_align._quality_trans(internal, jsonb, boolean, boolean, boolean, boolean, boolean, text) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._quality_trans(internal, jsonb, boolean, boolean, boolean, boolean, boolean, text) IS 'internal: transition function of lead_align._quality';
CREATE FUNCTION lead_align._quality_final(internal) RETURNS lead_align._quality_row[]
	AS 'MODULE_PATHNAME', 'la_quality_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
REVOKE ALL ON FUNCTION lead_align._quality_final(internal) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._quality_final(internal) IS 'internal: final function of lead_align._quality';
-- _quality(dimensions, entered_mql, accepted, rejected, recycled, won, reject_reason)
CREATE AGGREGATE lead_align._quality(jsonb, boolean, boolean, boolean, boolean, boolean, text) (
	SFUNC = lead_align._quality_trans, STYPE = internal,
	FINALFUNC = lead_align._quality_final, FINALFUNC_MODIFY = SHAREABLE, PARALLEL = SAFE
);
REVOKE ALL ON FUNCTION lead_align._quality(jsonb, boolean, boolean, boolean, boolean, boolean, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lead_align._quality(jsonb, boolean, boolean, boolean, boolean, boolean, text) TO lead_align_reader, lead_align_admin;
COMMENT ON AGGREGATE lead_align._quality(jsonb, boolean, boolean, boolean, boolean, boolean, text) IS 'internal: the lead_quality counts of a group of lead-cycles per key and value of their dimensions (entered_mql, accepted, rejected, recycled, won, reject_reason of each)';

CREATE VIEW lead_align.lead_quality AS
SELECT q.track_id,
	   q.track,
	   r.dimension,
	   r.value,
	   q.month,
	   r.leads,
	   r.mqls,
	   r.accepted,
	   r.rejected,
	   r.recycled,
	   r.won,
	   CASE WHEN (r.accepted OPERATOR(pg_catalog.+) r.rejected) OPERATOR(pg_catalog.>) 0 THEN
			pg_catalog.round(r.accepted::pg_catalog.numeric
							 OPERATOR(pg_catalog./) (r.accepted OPERATOR(pg_catalog.+) r.rejected)::pg_catalog.numeric, 4) END AS acceptance_rate,
	   CASE WHEN r.mqls OPERATOR(pg_catalog.>) 0 THEN
			pg_catalog.round(r.won::pg_catalog.numeric OPERATOR(pg_catalog./) r.mqls::pg_catalog.numeric, 4) END AS win_rate,
	   r.top_reject_reasons
	   -- the cycles of each track and month in one pass, counted per key and
	   -- value of their dimensions by lead_align._quality() (src/lead_quality.c):
	   -- a lateral jsonb_each_text() and a GROUP BY on its text made three rows
	   -- per cycle and, at a million leads, sorted them on disk
  FROM (SELECT c.track_id,
			   c.track,
			   c.cohort_month AS month,
			   lead_align._quality(c.dimensions, c.entered_mql, c.accepted, c.rejected,
								   c.ended_by OPERATOR(pg_catalog.=) 'recycle',
								   c.furthest_stage OPERATOR(pg_catalog.=) 'won'::lead_align.lead_stage,
								   c.reject_reason) AS pairs
		  FROM lead_align.lead_cycles c
		 GROUP BY c.track_id, c.track, c.cohort_month) q
 CROSS JOIN LATERAL pg_catalog.unnest(q.pairs) AS r;
COMMENT ON VIEW lead_align.lead_quality IS 'marketing''s lead quality as sales judged it, per track, dimension value (at the hand-over) and cohort month: lead-cycles, MQLs, accepted, rejected, recycled, won, acceptance and win rates, and the three most frequent reject reasons';
REVOKE ALL ON lead_align.lead_quality FROM PUBLIC;
GRANT SELECT ON lead_align.lead_quality TO lead_align_reader, lead_align_admin;

-------------------------------------------------------------------------------
-- rule_performance: the objective criteria checked against outcomes.  A
-- cycle is attributed to the rule, rules version and temperature of the row
-- that began its mql stay (a cycle that never entered mql: of its latest
-- row).  handed_off counts the cycles that entered mql; the outcomes count
-- those, as in lead_quality.
-------------------------------------------------------------------------------
CREATE VIEW lead_align.rule_performance AS
SELECT r.track_id,
	   r.track,
	   r.cohort_month,
	   r.rule,
	   r.rules_version,
	   r.temperature,
	   r.temperature::pg_catalog.text AS temperature_text,
	   r.leads,
	   r.handed_off,
	   r.accepted,
	   r.rejected,
	   r.won,
	   CASE WHEN (r.accepted OPERATOR(pg_catalog.+) r.rejected) OPERATOR(pg_catalog.>) 0 THEN
			pg_catalog.round(r.accepted::pg_catalog.numeric
							 OPERATOR(pg_catalog./) (r.accepted OPERATOR(pg_catalog.+) r.rejected)::pg_catalog.numeric, 4) END AS acceptance_rate,
	   CASE WHEN r.handed_off OPERATOR(pg_catalog.>) 0 THEN
			pg_catalog.round(r.won::pg_catalog.numeric OPERATOR(pg_catalog./) r.handed_off::pg_catalog.numeric, 4) END AS win_rate
  FROM (SELECT c.track_id,
			   c.track,
			   c.cohort_month,
			   c.rule,
			   c.rules_version,
			   c.temperature,
			   pg_catalog.count(*) AS leads,
			   pg_catalog.count(*) FILTER (WHERE c.entered_mql) AS handed_off,
			   pg_catalog.count(*) FILTER (WHERE c.entered_mql AND c.accepted) AS accepted,
			   pg_catalog.count(*) FILTER (WHERE c.entered_mql AND c.rejected) AS rejected,
			   pg_catalog.count(*) FILTER (WHERE c.entered_mql AND c.furthest_stage OPERATOR(pg_catalog.=) 'won'::lead_align.lead_stage) AS won
		  FROM lead_align.lead_cycles c
		 GROUP BY c.track_id, c.track, c.cohort_month, c.rule, c.rules_version, c.temperature) r;
COMMENT ON VIEW lead_align.rule_performance IS 'lead-cycles per track, cohort month and the classification rule, rules version and temperature at the hand-over: handed off, accepted, rejected, won, acceptance and win rates (does hot really close more than warm?)';
REVOKE ALL ON lead_align.rule_performance FROM PUBLIC;
GRANT SELECT ON lead_align.rule_performance TO lead_align_reader, lead_align_admin;

-------------------------------------------------------------------------------
-- Volume SLAs: "marketing delivers 400 MQLs a month".  A commitment of a
-- team on a track: the stays of a stage that begin in each week (ISO, from
-- Monday), month or quarter, local to the team's calendar on the track
-- (lead_align.team_calendar), else the track's.
-------------------------------------------------------------------------------

-- The periods of volume SLAs and their lengths: the one list of them (the
-- words are also date_trunc's).  A SQL-standard body, bound when created (no
-- search_path to pin), that the planner inlines into volume_sla_status_at.
CREATE FUNCTION lead_align._volume_period_step(period text) RETURNS interval
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE period
	WHEN 'week' THEN '7 days'::pg_catalog.interval
	WHEN 'month' THEN '1 month'::pg_catalog.interval
	WHEN 'quarter' THEN '3 months'::pg_catalog.interval
END;
REVOKE ALL ON FUNCTION lead_align._volume_period_step(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lead_align._volume_period_step(text) TO lead_align_reader, lead_align_admin;
COMMENT ON FUNCTION lead_align._volume_period_step(text) IS 'internal: the length of a volume SLA period (week, month, quarter); NULL for any other word';

CREATE TABLE lead_align.volume_sla (
	track_id	integer NOT NULL,
	team		text NOT NULL,
	stage		lead_align.lead_stage NOT NULL,
	period		text NOT NULL CHECK (lead_align._volume_period_step(period) IS NOT NULL),
	target		integer NOT NULL CHECK (target OPERATOR(pg_catalog.>) 0),
	created_at	timestamptz NOT NULL DEFAULT pg_catalog.now(),	-- its periods start with the one containing this
	PRIMARY KEY (track_id, team, stage, period)
);
COMMENT ON TABLE lead_align.volume_sla IS 'volume commitments: a team delivers target stays of a stage per week, month or quarter on a track; write through lead_align.volume_sla()';
SELECT pg_catalog.pg_extension_config_dump('lead_align.volume_sla', '');
REVOKE ALL ON lead_align.volume_sla FROM PUBLIC;
GRANT SELECT ON lead_align.volume_sla TO lead_align_reader, lead_align_admin;

CREATE FUNCTION lead_align._volume_sla(tbl regclass, team text, stage lead_align.lead_stage, period text, target integer)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	t lead_align.track;
	v_teams text;
BEGIN
	PERFORM lead_align._require_configure(tbl);
	IF team IS NULL OR stage IS NULL OR period IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
			MESSAGE = 'the team, stage and period of a volume SLA must not be null',
			HINT = 'SELECT lead_align.volume_sla(''crm.leads'', ''marketing'', ''mql'', ''month'', 400);';
	END IF;
	IF NOT EXISTS (SELECT FROM lead_align.team m WHERE m.name OPERATOR(pg_catalog.=) _volume_sla.team) THEN
		SELECT pg_catalog.string_agg(m.name, ', ' ORDER BY m.name) INTO v_teams FROM lead_align.team m;
		RAISE EXCEPTION USING ERRCODE = 'undefined_object',
			MESSAGE = pg_catalog.format('team "%s" does not exist', team),
			HINT = pg_catalog.format('The teams are %s; add one with lead_align.add_team().', v_teams);
	END IF;
	IF lead_align._volume_period_step(period) IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = pg_catalog.format('invalid volume SLA period "%s"', period),
			HINT = 'A period is week (ISO weeks, from Monday), month or quarter, in the team''s calendar on the table, else the table''s.';
	END IF;
	IF target OPERATOR(pg_catalog.<=) 0 THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = pg_catalog.format('the target of a volume SLA must be positive, not %s', target),
			HINT = 'The target is the number of stays of the stage the team commits to per period; NULL removes the commitment.';
	END IF;
	t := lead_align._config_track(tbl);

	IF target IS NULL THEN
		DELETE FROM lead_align.volume_sla v
		 WHERE v.track_id OPERATOR(pg_catalog.=) t.id AND v.team OPERATOR(pg_catalog.=) _volume_sla.team
		   AND v.stage OPERATOR(pg_catalog.=) _volume_sla.stage AND v.period OPERATOR(pg_catalog.=) _volume_sla.period;
		RETURN;
	END IF;
	-- a new target applies to every period shown (created_at stays)
	UPDATE lead_align.volume_sla v SET target = _volume_sla.target
	 WHERE v.track_id OPERATOR(pg_catalog.=) t.id AND v.team OPERATOR(pg_catalog.=) _volume_sla.team
	   AND v.stage OPERATOR(pg_catalog.=) _volume_sla.stage AND v.period OPERATOR(pg_catalog.=) _volume_sla.period;
	IF NOT FOUND THEN
		INSERT INTO lead_align.volume_sla (track_id, team, stage, period, target)
		VALUES (t.id, _volume_sla.team, _volume_sla.stage, _volume_sla.period, _volume_sla.target);
	END IF;
END $$;
REVOKE ALL ON FUNCTION lead_align._volume_sla(regclass, text, lead_align.lead_stage, text, integer) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._volume_sla(regclass, text, lead_align.lead_stage, text, integer) IS 'internal: the implementation of lead_align.volume_sla(), run by it as the extension''s owner';
CREATE FUNCTION lead_align.volume_sla(track regclass, team text, stage lead_align.lead_stage, period text, target integer)
RETURNS void
AS 'MODULE_PATHNAME', 'la_configure' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION lead_align.volume_sla(regclass, text, lead_align.lead_stage, text, integer) IS 'declare that a team delivers target stays of a stage per week, month or quarter on a track (e.g. marketing, mql, month, 400); a NULL target removes the commitment';

-------------------------------------------------------------------------------
-- volume_sla_status: one row per volume SLA and period, from the period
-- containing the SLA's creation to the one containing as_of.  delivered
-- counts the stays of the stage that began in the period (stage events
-- entering it, by any route: insert, handoff, automatic handoff, re-entry),
-- including leads deleted later, and by as_of: the current period's status
-- as it stood then, its hand-overs up to as_of against its target pro rata
-- to as_of (a stay that begins after as_of, even in the same period, had
-- not happened yet; at now(), the reading transaction's start, that leaves
-- out only rows stamped later: a CRM's time still to come, or a move made
-- earlier in the same transaction).  The period's bounds are its local
-- midnights in the zone of the team's calendar (else the track's) as it is
-- now; a stay counts by its event_time (through handoff_time).
-- expected_by_now is the target for a past period, and for the current one
-- the target pro rata in the calendar's business time: target * business
-- time from the period's start to as_of / business time of the whole period
-- (0 when the period has no business time); rounded to 2 places, and
-- on_track = delivered >= expected_by_now.
--
-- The view calls volume_sla_status_at(now()); the function takes any as_of
-- (a report as it stood on a day; a test that does not depend on the clock;
-- an infinite or NULL as_of gives no rows).
-- It is a SQL-standard body (bound when created, so no search_path captures
-- it) without SET, so the planner inlines it: a filter on track_id and
-- period_start reaches the ledger for that period only.
-------------------------------------------------------------------------------
CREATE FUNCTION lead_align.volume_sla_status_at(as_of timestamptz)
RETURNS TABLE (track_id integer, track text, team text, stage lead_align.lead_stage, stage_text text,
			   period text, period_start date, period_end date, target integer, delivered bigint,
			   pct_delivered numeric, expected_by_now numeric, on_track boolean)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
	SELECT v.track_id,
		   k.table_name,
		   v.team,
		   v.stage,
		   v.stage::pg_catalog.text,
		   v.period,
		   p.period_start,
		   p.period_end,
		   v.target,
		   d.delivered,
		   pg_catalog.round((100::pg_catalog.numeric OPERATOR(pg_catalog.*) d.delivered::pg_catalog.numeric)
							OPERATOR(pg_catalog./) v.target::pg_catalog.numeric, 2),
		   e.expected,
		   d.delivered::pg_catalog.numeric OPERATOR(pg_catalog.>=) e.expected
	  FROM lead_align.volume_sla v
	  JOIN lead_align.track k ON k.id OPERATOR(pg_catalog.=) v.track_id
	  LEFT JOIN lead_align.team_calendar m ON m.track_id OPERATOR(pg_catalog.=) v.track_id
										  AND m.team OPERATOR(pg_catalog.=) v.team
	 CROSS JOIN LATERAL (
			SELECT COALESCE(m.calendar, k.calendar) AS calendar,
				   lead_align.calendar_zone(COALESCE(m.calendar, k.calendar)) AS zone,
				   lead_align._volume_period_step(v.period) AS step) z
	 CROSS JOIN LATERAL pg_catalog.generate_series(
			pg_catalog.date_trunc(v.period, pg_catalog.timezone(z.zone, v.created_at)),
			-- an infinite as_of has no period (and would never end the series)
			pg_catalog.date_trunc(v.period, pg_catalog.timezone(z.zone,
				CASE WHEN pg_catalog.isfinite(volume_sla_status_at.as_of) THEN volume_sla_status_at.as_of END)),
			z.step) AS g (local_start)
	 CROSS JOIN LATERAL (
			SELECT g.local_start::pg_catalog.date AS period_start,
				   (g.local_start OPERATOR(pg_catalog.+) z.step)::pg_catalog.date AS period_end,
				   pg_catalog.timezone(z.zone, g.local_start) AS starts_at,
				   pg_catalog.timezone(z.zone, g.local_start OPERATOR(pg_catalog.+) z.step) AS ends_at) p
	 CROSS JOIN LATERAL (
			SELECT pg_catalog.count(*) AS delivered
			  FROM lead_align.handoff h
			 WHERE h.track_id OPERATOR(pg_catalog.=) v.track_id
			   AND h.event_time OPERATOR(pg_catalog.>=) p.starts_at
			   AND h.event_time OPERATOR(pg_catalog.<) p.ends_at
			   AND h.event_time OPERATOR(pg_catalog.<=) volume_sla_status_at.as_of
			   AND h.to_stage OPERATOR(pg_catalog.=) v.stage
			   AND h.kind OPERATOR(pg_catalog.=) ANY (lead_align.vocabulary('stage_event_kind'))) d
	 CROSS JOIN LATERAL (
			SELECT CASE
					WHEN p.ends_at OPERATOR(pg_catalog.<=) volume_sla_status_at.as_of THEN pg_catalog.round(v.target::pg_catalog.numeric, 2)
					WHEN b.total OPERATOR(pg_catalog.=) 0 THEN pg_catalog.round(0::pg_catalog.numeric, 2)
					ELSE pg_catalog.round((v.target::pg_catalog.numeric OPERATOR(pg_catalog.*) b.elapsed)
										  OPERATOR(pg_catalog./) b.total, 2)
				   END AS expected
			  FROM (SELECT EXTRACT(EPOCH FROM lead_align.business_elapsed(p.starts_at, volume_sla_status_at.as_of, z.calendar)) AS elapsed,
						   EXTRACT(EPOCH FROM lead_align.business_elapsed(p.starts_at, p.ends_at, z.calendar)) AS total) b) e;
END;
REVOKE ALL ON FUNCTION lead_align.volume_sla_status_at(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lead_align.volume_sla_status_at(timestamptz) TO lead_align_reader, lead_align_admin;
COMMENT ON FUNCTION lead_align.volume_sla_status_at(timestamptz) IS 'each volume SLA''s periods up to the one containing as_of, as they stood at as_of: target, delivered (by as_of), pct_delivered, expected_by_now (pro rata in business time for the period containing as_of) and on_track; lead_align.volume_sla_status is this at now()';

CREATE VIEW lead_align.volume_sla_status AS
SELECT s.track_id, s.track, s.team, s.stage, s.stage_text, s.period, s.period_start, s.period_end,
	   s.target, s.delivered, s.pct_delivered, s.expected_by_now, s.on_track
  FROM lead_align.volume_sla_status_at(pg_catalog.now()) s;
COMMENT ON VIEW lead_align.volume_sla_status IS 'each volume SLA per period, from the one containing its creation to the current one: target, delivered (stays of the stage that began in the period), pct_delivered, expected_by_now (pro rata in business time of the current period) and on_track';
REVOKE ALL ON lead_align.volume_sla_status FROM PUBLIC;
GRANT SELECT ON lead_align.volume_sla_status TO lead_align_reader, lead_align_admin;

-------------------------------------------------------------------------------
-- decayed_sum(points, at, half_life, as_of): interest that fades (DESIGN
-- 5.3, src/decay.c).  The state is the running sum (float8); partial sums
-- combine by addition, so it runs in parallel plans.
-------------------------------------------------------------------------------
CREATE FUNCTION lead_align._decayed_sum_trans(float8, float8, timestamptz, interval, timestamptz) RETURNS float8
	AS 'MODULE_PATHNAME', 'la_decayed_sum_float8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
REVOKE ALL ON FUNCTION lead_align._decayed_sum_trans(float8, float8, timestamptz, interval, timestamptz) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._decayed_sum_trans(float8, float8, timestamptz, interval, timestamptz) IS 'internal: transition function of lead_align.decayed_sum(float8, ...)';
CREATE FUNCTION lead_align._decayed_sum_trans(float8, numeric, timestamptz, interval, timestamptz) RETURNS float8
	AS 'MODULE_PATHNAME', 'la_decayed_sum_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
REVOKE ALL ON FUNCTION lead_align._decayed_sum_trans(float8, numeric, timestamptz, interval, timestamptz) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._decayed_sum_trans(float8, numeric, timestamptz, interval, timestamptz) IS 'internal: transition function of lead_align.decayed_sum(numeric, ...)';
CREATE AGGREGATE lead_align.decayed_sum(points float8, at timestamptz, half_life interval, as_of timestamptz) (
	SFUNC = lead_align._decayed_sum_trans, STYPE = float8,
	COMBINEFUNC = pg_catalog.float8pl, PARALLEL = SAFE
);
COMMENT ON AGGREGATE lead_align.decayed_sum(float8, timestamptz, interval, timestamptz) IS 'sum of points that halve every half_life before as_of (points earned after as_of count 0); NULL rows skipped, NULL over no rows';
CREATE AGGREGATE lead_align.decayed_sum(points numeric, at timestamptz, half_life interval, as_of timestamptz) (
	SFUNC = lead_align._decayed_sum_trans, STYPE = float8,
	COMBINEFUNC = pg_catalog.float8pl, PARALLEL = SAFE
);
COMMENT ON AGGREGATE lead_align.decayed_sum(numeric, timestamptz, interval, timestamptz) IS 'sum of points that halve every half_life before as_of (points earned after as_of count 0); NULL rows skipped, NULL over no rows';
