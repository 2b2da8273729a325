
-------------------------------------------------------------------------------
-- The shared numbers (DESIGN 5.1, 5.2): lead_state, stage_spans and
-- sla_compliance.
--
-- No view looks back in the ledger: a closed stay is the ledger row that
-- ended it (entered_at IS NOT NULL: it carries the stay, its due times, its
-- first touch and its business seconds), an open stay is the lead's row in
-- lead_align.lead_current.  Only an open stay's time is measured here (to
-- now(), in the stay's calendar).  A stay counts in the month it began:
-- date_trunc('month', entered_on::timestamp)::date, the same expression as
-- the month indexes below, so that a one-track, one-month filter reaches
-- them.  (date_trunc on a date would take the timestamptz variant, which
-- depends on the session's TimeZone and cannot be indexed; through timestamp
-- it is immutable.)
-------------------------------------------------------------------------------

-- Where the stays of a month are: closed stays in the ledger, open ones in
-- the state table.  After the month come the stage and the stay's
-- temperature, so that sla_compliance reads a month's stays already in the
-- order it counts them in and sorts nothing.
CREATE INDEX handoff_stay_month ON lead_align.handoff
	(track_id, (pg_catalog.date_trunc('month'::pg_catalog.text, entered_on::pg_catalog.timestamp)::pg_catalog.date),
	 from_stage, stay_temperature)
	WHERE entered_at IS NOT NULL;
COMMENT ON INDEX lead_align.handoff_stay_month IS 'closed stays by track, the month they began, stage and temperature (stage_spans, sla_compliance)';
CREATE INDEX lead_current_stay_month ON lead_align.lead_current
	(track_id, (pg_catalog.date_trunc('month'::pg_catalog.text, entered_on::pg_catalog.timestamp)::pg_catalog.date),
	 stage, stay_temperature)
	WHERE NOT deleted;
COMMENT ON INDEX lead_align.lead_current_stay_month IS 'open stays by track, the month they began, stage and temperature (stage_spans, sla_compliance)';

-------------------------------------------------------------------------------
-- lead_state: one row per current lead, read from the state table alone, so
-- "who is overdue" goes through lead_current_due / lead_current_touch_due
-- (overdue and touch_overdue are written so that WHERE overdue becomes
-- an indexable due_at < now()).  The track's name is a LEFT JOIN on its
-- primary key, which the planner drops when the name is not read.
-------------------------------------------------------------------------------
CREATE VIEW lead_align.lead_state AS
SELECT c.track_id,
	   k.table_name AS track,
	   c.lead_key,
	   c.stage,
	   c.stage::pg_catalog.text AS stage_text,
	   c.cycle,
	   c.entered_at AS since,
	   c.entered_on AS since_on,
	   c.owner,
	   c.temperature,
	   c.temperature::pg_catalog.text AS temperature_text,
	   c.due_at,
	   c.touch_due_at,
	   c.touched_at,
	   (c.due_at IS NOT NULL AND c.due_at OPERATOR(pg_catalog.<) pg_catalog.now()) AS overdue,
	   (c.touched_at IS NULL AND c.touch_due_at IS NOT NULL
		AND c.touch_due_at OPERATOR(pg_catalog.<) pg_catalog.now()) AS touch_overdue,
	   c.last_event_at
  FROM lead_align.lead_current c
  LEFT JOIN lead_align.track k ON k.id OPERATOR(pg_catalog.=) c.track_id
 WHERE NOT c.deleted;
COMMENT ON VIEW lead_align.lead_state IS 'each current (not deleted) lead: its stage and cycle, since when, owner, temperature, its stay''s exit and touch due times and first touch, and whether either SLA is overdue now; read from lead_align.lead_current';
REVOKE ALL ON lead_align.lead_state FROM PUBLIC;
GRANT SELECT ON lead_align.lead_state TO lead_align_reader, lead_align_admin;

-------------------------------------------------------------------------------
-- stage_spans: one row per stay.  The SLA states of DESIGN 5.1, per kind
-- (NULL when the stay has no SLA of that kind):
--   exit:  open stay: overdue (due time passed) or open; closed by a delete:
--          breached if the due time had passed, else void; otherwise met
--          (left at or before the due time) or breached.
--   touch: handled by the first touch, or by leaving the stage when never
--          touched (a rejection is a response); touched: met or breached by
--          the touch time; untouched and open: overdue or open; untouched
--          and deleted: breached if the due time had passed, else void.
-- Times are business time in the stay's calendar: a closed stay's from the
-- seconds its ending row stores, an open stay's measured to now().  Hours
-- have 6 decimals, as business_hours() gives them; seconds are whole
-- (business_elapsed() truncated, as the triggers store them).
--
-- The two branches have no WHERE of their own: each says which of its rows
-- are stays in a column (is_stay), and the view's WHERE on it becomes, in
-- each branch, entered_at IS NOT NULL on the ledger (the rows that end a
-- stay) and NOT deleted on lead_current, the predicates of the partial
-- month indexes.  Each branch joins the track's name itself (a LEFT JOIN on
-- its primary key, which the planner drops when the name is not read): a
-- query that names the track then finds it in each branch and scans that
-- track's stays with the right row estimates (a join above the UNION ALL
-- would be estimated without statistics, at a few hundred rows where a
-- month has hundreds of thousands, and a BI tool's GROUP BY over the month
-- would be planned as a sort that spills to disk).  The calendar of a
-- closed stay (stored once, in lead_align.stay_calendar) is a LEFT JOIN on
-- its primary key, dropped when not read.  sla_compliance does not read
-- this view (see there).
-------------------------------------------------------------------------------
CREATE VIEW lead_align.stage_spans AS
SELECT s.track_id,
	   s.track,
	   s.lead_key,
	   s.cycle,
	   s.stage,
	   s.stage::pg_catalog.text AS stage_text,
	   lead_align.owner_team(s.stage) AS team,
	   s.temperature,
	   s.temperature::pg_catalog.text AS temperature_text,
	   s.entered_at,
	   s.entered_on,
	   pg_catalog.date_trunc('month'::pg_catalog.text, s.entered_on::pg_catalog.timestamp)::pg_catalog.date AS month,
	   s.left_at,
	   s.left_on,
	   s.next_stage,
	   s.next_stage::pg_catalog.text AS next_stage_text,
	   s.exit_kind,
	   s.reason,
	   CASE WHEN s.left_at IS NULL
			THEN lead_align.business_hours(s.entered_at, pg_catalog.now(), s.calendar)
			ELSE pg_catalog.round(s.exit_seconds::pg_catalog.numeric OPERATOR(pg_catalog./) 3600::pg_catalog.numeric, 6)
	   END AS business_hours,
	   CASE WHEN s.left_at IS NULL
			THEN pg_catalog.floor(pg_catalog.date_part('epoch'::pg_catalog.text,
				lead_align.business_elapsed(s.entered_at, pg_catalog.now(), s.calendar)))::pg_catalog.int8
			ELSE s.exit_seconds
	   END AS business_seconds,
	   s.touched_at,
	   CASE WHEN s.left_at IS NULL
			THEN lead_align.business_hours(s.entered_at, s.touched_at, s.calendar)
			ELSE pg_catalog.round(s.touch_seconds::pg_catalog.numeric OPERATOR(pg_catalog./) 3600::pg_catalog.numeric, 6)
	   END AS hours_to_touch,
	   CASE WHEN s.left_at IS NULL
			THEN pg_catalog.floor(pg_catalog.date_part('epoch'::pg_catalog.text,
				lead_align.business_elapsed(s.entered_at, s.touched_at, s.calendar)))::pg_catalog.int8
			ELSE s.touch_seconds
	   END AS seconds_to_touch,
	   s.due_at,
	   s.touch_due_at,
	   CASE WHEN s.due_at IS NULL THEN NULL::pg_catalog.text
			WHEN s.left_at IS NULL THEN
				CASE WHEN s.due_at OPERATOR(pg_catalog.<) pg_catalog.now() THEN 'overdue' ELSE 'open' END
			WHEN s.exit_kind OPERATOR(pg_catalog.=) 'delete' THEN
				CASE WHEN s.due_at OPERATOR(pg_catalog.<) s.left_at THEN 'breached' ELSE 'void' END
			WHEN s.left_at OPERATOR(pg_catalog.<=) s.due_at THEN 'met'
			ELSE 'breached'
	   END AS exit_sla,
	   CASE WHEN s.touch_due_at IS NULL THEN NULL::pg_catalog.text
			WHEN s.touched_at IS NOT NULL THEN
				CASE WHEN s.touched_at OPERATOR(pg_catalog.<=) s.touch_due_at THEN 'met' ELSE 'breached' END
			WHEN s.left_at IS NULL THEN
				CASE WHEN s.touch_due_at OPERATOR(pg_catalog.<) pg_catalog.now() THEN 'overdue' ELSE 'open' END
			WHEN s.exit_kind OPERATOR(pg_catalog.=) 'delete' THEN
				CASE WHEN s.touch_due_at OPERATOR(pg_catalog.<) s.left_at THEN 'breached' ELSE 'void' END
			WHEN s.left_at OPERATOR(pg_catalog.<=) s.touch_due_at THEN 'met'
			ELSE 'breached'
	   END AS touch_sla,
	   s.dimensions,
	   s.rule,
	   s.rules_version,
	   COALESCE(s.calendar, sc.calendar) AS calendar,
	   s.entered_id,
	   s.left_id
  FROM (SELECT h.track_id, k.table_name AS track, h.lead_key, h.stay_cycle AS cycle, h.from_stage AS stage,
			   h.stay_temperature AS temperature, h.entered_at, h.entered_on,
			   h.event_time AS left_at, h.event_on AS left_on, h.to_stage AS next_stage,
			   h.kind AS exit_kind, h.reason, h.exit_seconds, h.touch_seconds,
			   h.first_touch_at AS touched_at, h.stay_due_at AS due_at, h.stay_touch_due_at AS touch_due_at,
			   h.stay_dimensions AS dimensions, h.stay_rule AS rule, h.stay_rules_version AS rules_version,
			   NULL::lead_align.business_calendar AS calendar, h.stay_calendar_id AS calendar_id,
			   h.entered_id, h.id AS left_id, h.entered_at IS NOT NULL AS is_stay
		  FROM lead_align.handoff h
		  LEFT JOIN lead_align.track k ON k.id OPERATOR(pg_catalog.=) h.track_id
		UNION ALL
		SELECT c.track_id, k.table_name, c.lead_key, c.cycle, c.stage,
			   c.stay_temperature, c.entered_at, c.entered_on,
			   NULL::pg_catalog.timestamptz, NULL::pg_catalog.date, NULL::lead_align.lead_stage,
			   NULL::pg_catalog.text, NULL::pg_catalog.text, NULL::pg_catalog.int8, NULL::pg_catalog.int8,
			   c.touched_at, c.due_at, c.touch_due_at,
			   c.stay_dimensions, c.stay_rule, c.stay_rules_version,
			   c.calendar, NULL::pg_catalog.int4,
			   c.entered_id, NULL::pg_catalog.int8, NOT c.deleted
		  FROM lead_align.lead_current c
		  LEFT JOIN lead_align.track k ON k.id OPERATOR(pg_catalog.=) c.track_id) s
  LEFT JOIN lead_align.stay_calendar sc ON sc.id OPERATOR(pg_catalog.=) s.calendar_id
 WHERE s.is_stay;
COMMENT ON VIEW lead_align.stage_spans IS 'one row per stay (a lead''s time in one stage, closed or still open): when it began and ended, how it was left, its business hours, first touch, due times and exit and touch SLA states (met, breached, overdue, open, void)';
REVOKE ALL ON lead_align.stage_spans FROM PUBLIC;
GRANT SELECT ON lead_align.stage_spans TO lead_align_reader, lead_align_admin;

-------------------------------------------------------------------------------
-- sla_compliance: the stays counted per track, month the stay began, stage
-- (and its team), the stay's temperature and SLA kind.  A stay counts once
-- per kind it has a state of; void stays count in no column, and a group
-- with none to count is no row.  The business time of a handled stay runs
-- from its entry to its handling: for exit, to its end; for touch, to its
-- first touch, or to its end when it was never touched (a stay deleted
-- after its due time is breached: to the delete).
--
-- The states are those of stage_spans (exit_sla, touch_sla), tested here
-- on the stay's columns instead of built as text and compared, ten times a
-- stay (stage_spans's CASE expressions would be inlined into every FILTER).
-- With h = when the stay was handled for touch, coalesce(first touch, end):
--   exit  met:      due_at set, ended, not by a delete, left_at <= due_at
--         breached: due_at set, ended, left_at > due_at (a delete too)
--         open / overdue: due_at set, not ended, due_at >= / < now()
--   touch met:      touch_due_at set, h <= touch_due_at, and touched or not
--                   ended by a delete
--         breached: touch_due_at set, h > touch_due_at
--         open / overdue: touch_due_at set, no h, touch_due_at >= / < now()
-- (sql/sla_views checks both views against the same hand-worked answers.)
--
-- Built for a one-track, one-month query: per track (a lateral subquery, so
-- a filter on the track's id or name picks the tracks first), the month's
-- stays come from the month indexes in (stage, temperature) order, the two
-- tables' scans merged, and are counted in one pass, with no sort, each
-- stay once for both kinds (the kinds are split into rows after counting).
-- The stays are read straight from the two tables, as stage_spans's
-- branches read them, but with no join: the branches stay plain scans that
-- the planner can merge in index order.  The percentiles are taken over
-- whole seconds (float8) and turned into hours at the end, and only closed
-- stays' seconds and open stays' touches are read, so no open stay is
-- measured to now() here.
-------------------------------------------------------------------------------
CREATE VIEW lead_align.sla_compliance AS
SELECT k.id AS track_id,
	   k.table_name AS track,
	   a.month,
	   a.stage,
	   a.stage::pg_catalog.text AS stage_text,
	   lead_align.owner_team(a.stage) AS team,
	   a.temperature,
	   a.temperature::pg_catalog.text AS temperature_text,
	   x.sla_kind,
	   x.met OPERATOR(pg_catalog.+) x.breached AS handled,
	   x.met,
	   x.breached,
	   x.open,
	   x.overdue,
	   pg_catalog.round((100::pg_catalog.numeric OPERATOR(pg_catalog.*) x.met)
						OPERATOR(pg_catalog./)
						NULLIF(x.met OPERATOR(pg_catalog.+) x.breached OPERATOR(pg_catalog.+) x.overdue, 0),
						2) AS pct_met,
	   pg_catalog.round((x.seconds[1] OPERATOR(pg_catalog./) 3600::pg_catalog.float8)::pg_catalog.numeric, 6) AS p50_hours,
	   pg_catalog.round((x.seconds[2] OPERATOR(pg_catalog./) 3600::pg_catalog.float8)::pg_catalog.numeric, 6) AS p90_hours
  FROM lead_align.track k
 CROSS JOIN LATERAL (
		SELECT pg_catalog.date_trunc('month'::pg_catalog.text, s.entered_on::pg_catalog.timestamp)::pg_catalog.date AS month,
			   s.stage, s.temperature,
			   pg_catalog.count(*) FILTER (WHERE s.due_at IS NOT NULL AND s.left_at IS NOT NULL
											 AND s.exit_kind OPERATOR(pg_catalog.<>) 'delete'
											 AND s.left_at OPERATOR(pg_catalog.<=) s.due_at) AS exit_met,
			   pg_catalog.count(*) FILTER (WHERE s.due_at IS NOT NULL AND s.left_at IS NOT NULL
											 AND s.left_at OPERATOR(pg_catalog.>) s.due_at) AS exit_breached,
			   pg_catalog.count(*) FILTER (WHERE s.due_at IS NOT NULL AND s.left_at IS NULL
											 AND s.due_at OPERATOR(pg_catalog.>=) pg_catalog.now()) AS exit_open,
			   pg_catalog.count(*) FILTER (WHERE s.due_at IS NOT NULL AND s.left_at IS NULL
											 AND s.due_at OPERATOR(pg_catalog.<) pg_catalog.now()) AS exit_overdue,
			   pg_catalog.percentile_cont(ARRAY[0.5, 0.9]::pg_catalog.float8[])
				   WITHIN GROUP (ORDER BY s.exit_seconds::pg_catalog.float8)
				   FILTER (WHERE s.due_at IS NOT NULL AND s.left_at IS NOT NULL
							 AND (s.exit_kind OPERATOR(pg_catalog.<>) 'delete'
								  OR s.left_at OPERATOR(pg_catalog.>) s.due_at)) AS exit_seconds,
			   pg_catalog.count(*) FILTER (WHERE s.touch_due_at IS NOT NULL
											 AND COALESCE(s.touched_at, s.left_at) OPERATOR(pg_catalog.<=) s.touch_due_at
											 AND (s.touched_at IS NOT NULL OR s.exit_kind OPERATOR(pg_catalog.<>) 'delete')) AS touch_met,
			   pg_catalog.count(*) FILTER (WHERE s.touch_due_at IS NOT NULL
											 AND COALESCE(s.touched_at, s.left_at) OPERATOR(pg_catalog.>) s.touch_due_at) AS touch_breached,
			   pg_catalog.count(*) FILTER (WHERE s.touch_due_at IS NOT NULL AND s.touched_at IS NULL AND s.left_at IS NULL
											 AND s.touch_due_at OPERATOR(pg_catalog.>=) pg_catalog.now()) AS touch_open,
			   pg_catalog.count(*) FILTER (WHERE s.touch_due_at IS NOT NULL AND s.touched_at IS NULL AND s.left_at IS NULL
											 AND s.touch_due_at OPERATOR(pg_catalog.<) pg_catalog.now()) AS touch_overdue,
			   pg_catalog.percentile_cont(ARRAY[0.5, 0.9]::pg_catalog.float8[])
				   WITHIN GROUP (ORDER BY (CASE WHEN s.left_at IS NULL
												THEN pg_catalog.floor(pg_catalog.date_part('epoch'::pg_catalog.text,
													lead_align.business_elapsed(s.entered_at, s.touched_at, s.calendar)))::pg_catalog.int8
												ELSE COALESCE(s.touch_seconds, s.exit_seconds)
										   END)::pg_catalog.float8)
				   FILTER (WHERE s.touch_due_at IS NOT NULL AND COALESCE(s.touched_at, s.left_at) IS NOT NULL
							 AND (s.touched_at IS NOT NULL OR s.exit_kind OPERATOR(pg_catalog.<>) 'delete'
								  OR s.left_at OPERATOR(pg_catalog.>) s.touch_due_at)) AS touch_seconds
		  FROM (SELECT h.track_id, h.from_stage AS stage, h.stay_temperature AS temperature,
					   h.entered_at, h.entered_on, h.event_time AS left_at, h.kind AS exit_kind,
					   h.stay_due_at AS due_at, h.stay_touch_due_at AS touch_due_at, h.first_touch_at AS touched_at,
					   h.exit_seconds, h.touch_seconds, NULL::lead_align.business_calendar AS calendar,
					   h.entered_at IS NOT NULL AS is_stay
				  FROM lead_align.handoff h
				UNION ALL
				SELECT c.track_id, c.stage, c.stay_temperature,
					   c.entered_at, c.entered_on, NULL::pg_catalog.timestamptz, NULL::pg_catalog.text,
					   c.due_at, c.touch_due_at, c.touched_at,
					   NULL::pg_catalog.int8, NULL::pg_catalog.int8, c.calendar,
					   NOT c.deleted
				  FROM lead_align.lead_current c) s
		 WHERE s.is_stay AND s.track_id OPERATOR(pg_catalog.=) k.id
		 GROUP BY 1, s.stage, s.temperature) a
 CROSS JOIN LATERAL (
		SELECT 'exit'::pg_catalog.text, a.exit_met, a.exit_breached, a.exit_open, a.exit_overdue, a.exit_seconds
		 WHERE a.exit_met OPERATOR(pg_catalog.+) a.exit_breached OPERATOR(pg_catalog.+) a.exit_open
			   OPERATOR(pg_catalog.+) a.exit_overdue OPERATOR(pg_catalog.>) 0
		UNION ALL
		SELECT 'touch'::pg_catalog.text, a.touch_met, a.touch_breached, a.touch_open, a.touch_overdue, a.touch_seconds
		 WHERE a.touch_met OPERATOR(pg_catalog.+) a.touch_breached OPERATOR(pg_catalog.+) a.touch_open
			   OPERATOR(pg_catalog.+) a.touch_overdue OPERATOR(pg_catalog.>) 0
	   ) x(sla_kind, met, breached, open, overdue, seconds);
COMMENT ON VIEW lead_align.sla_compliance IS 'exit and touch SLA compliance per track, month the stay began, stage, team and temperature: handled, met, breached, open, overdue, pct_met, and the median and 90th percentile business hours to handling';
REVOKE ALL ON lead_align.sla_compliance FROM PUBLIC;
GRANT SELECT ON lead_align.sla_compliance TO lead_align_reader, lead_align_admin;
