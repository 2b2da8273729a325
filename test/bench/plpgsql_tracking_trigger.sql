-- plpgsql_tracking_trigger.sql -- tracking a CRM table in PL/pgSQL, the comparator
-- for lead_align's C triggers in the bulk-insert benchmark (DESIGN.md section 6,
-- Benchmarks, "tracking"; run by bench_tracking.sh).
--
-- Written the way a competent DBA would write it without the extension, for the
-- benchmark's table (bench_track.leads_*) and its track:
--   * the same 6 score rules and 6 classification rules, hard-coded as SQL
--     expressions in the trigger body, in the same order (score rules first; the
--     first matching classification rule by priority wins; NULL counts as false,
--     which is what PL/pgSQL's IF does with a NULL condition);
--   * fit, interest and temperature written into the row BEFORE ROW, and the
--     automatic handoff (a hot new or nurture lead is inserted as mql);
--   * the same agreement check for inserts: the start stage must be an allowed
--     (insert) -> stage transition of the track, and a team bound to a role only
--     lets members of that role make its moves.  The agreement is data, as in
--     lead_align: a copy of the track's rows of lead_align.transition and
--     lead_align.team_role, read with one indexed query per row;
--   * the same ledger rows (create, and handoff for an automatic handoff), one
--     INSERT per ledger row, into bench_pl.handoff, a copy of lead_align.handoff
--     with the same columns, identity, defaults and indexes;
--   * the SLA window of the stage entered from a copy of the track's
--     lead_align.sla rows (exact temperature before any temperature), the due
--     time from lead_align.business_add with the track's calendar (a literal
--     that the bench script writes into the function; see below);
--   * the ledger rows' local dates (event_on, cycle_started_on: the event
--     time's date in the calendar's zone) and the stay's calendar id; the
--     automatic handoff's row ends the zero-length stay the create began
--     (its entry, the create row's id, temperature, rule, dimensions, due
--     time and calendar, 0 business seconds);
--   * the lead's current state, as lead_align keeps it in lead_align.lead_current
--     (stage, cycle, the stay: entry, due times, temperature, rule, dimensions,
--     calendar; owner, temperature, the last event), written with one
--     INSERT ... ON CONFLICT DO UPDATE per row into bench_pl.lead_current, a copy
--     of lead_align.lead_current with the same key and indexes.
--
-- Design choice, to give PL/pgSQL its best case: everything happens in ONE
-- BEFORE INSERT row trigger (no AFTER ROW trigger, no per-row event queue, no
-- buffering).  That is correct for plain INSERTs, which is all this benchmark
-- does; with INSERT ... ON CONFLICT it would write ledger rows for rows that are
-- never inserted, which is why lead_align validates and records AFTER ROW.
-- UPDATE and DELETE are not handled (the PL/pgSQL comparator is only used for
-- the bulk insert; pgbench compares lead_align against an untracked table).
--
-- Trigger arguments, like lead_align's own triggers: TG_ARGV[0] = the track id
-- (written into the ledger rows and used to find the agreement and SLA rows),
-- TG_ARGV[1] = the rules version recorded in the ledger, TG_ARGV[2] = the id of
-- the track's calendar in lead_align.stay_calendar (the ledger names calendars by
-- id).  The calendar literal ('@CALENDAR@' below) is replaced by the bench script
-- before this file is run; its zone, Europe/Berlin, gives the local dates.
--
-- Every name is schema-qualified, operators on lead_align's types too
-- (OPERATOR(pg_catalog.=)), so the function does not depend on search_path.  The function carries no SET search_path
-- clause (it is not SECURITY DEFINER; a SET clause would add a GUC save/restore
-- to every row that the comparator would be charged for).

CREATE SCHEMA bench_pl;

-- The agreement, the team roles and the SLAs: copies of lead_align's tables
-- (same columns, keys and indexes), filled by the bench script from the track.
CREATE TABLE bench_pl.transition (LIKE lead_align.transition INCLUDING ALL);
CREATE TABLE bench_pl.team_role (LIKE lead_align.team_role INCLUDING ALL);
CREATE TABLE bench_pl.sla (LIKE lead_align.sla INCLUDING ALL);

-- The ledger: a copy of lead_align.handoff with its identity and indexes.
CREATE TABLE bench_pl.handoff (LIKE lead_align.handoff INCLUDING ALL);
-- The leads' state: a copy of lead_align.lead_current with its key and indexes.
CREATE TABLE bench_pl.lead_current (LIKE lead_align.lead_current INCLUDING ALL);

CREATE FUNCTION bench_pl.track_insert()
RETURNS trigger
LANGUAGE plpgsql
AS $fn$
DECLARE
	v_track_id		int := TG_ARGV[0]::int;
	v_rules_version	int := TG_ARGV[1]::int;
	v_fit			int := 0;
	v_interest		int := 0;
	v_temp			lead_align.lead_temperature;
	v_rule			text;
	v_start			lead_align.lead_stage;
	v_handoff		boolean;
	v_kind			text;
	v_role			name;
	v_when			timestamptz;
	v_quadrant		text;
	v_dims			jsonb;
	v_reason		text;
	v_note			text;
	v_app_user		text;
	v_window		lead_align.sla_window;
	v_due			timestamptz;
	v_calendar_id	int := TG_ARGV[2]::int;
	v_on			date;
	v_id			bigint;
	v_first_id		bigint;
	v_create_due	timestamptz;
BEGIN
	-- 1. score rules (all add up)
	IF NEW.industry IN ('saas', 'fintech') THEN v_fit := v_fit + 30; END IF;			-- target_industry
	IF NEW.employees >= 200 THEN v_fit := v_fit + 25; END IF;							-- company_size
	IF NEW.industry IN ('education', 'public_sector') THEN v_fit := v_fit - 20; END IF;	-- low_budget_sector
	IF NEW.demo_requested THEN v_interest := v_interest + 40; END IF;					-- demo_request
	IF NEW.visits >= 5 THEN v_interest := v_interest + 20; END IF;						-- engaged_visits
	IF NEW.decision_date IS NOT NULL THEN v_interest := v_interest + 10; END IF;		-- has_deadline

	-- 2. classification: the first matching rule by priority; none is cold
	IF NEW.source = 'purchased_list' THEN
		v_temp := 'cold'; v_rule := 'purchased_list';
	ELSIF NEW.email LIKE '%.edu' THEN
		v_temp := 'cold'; v_rule := 'student_email';
	ELSIF NEW.decision_date <= current_date + 183 THEN
		v_temp := 'hot'; v_rule := 'decision_6m';
	ELSIF v_interest >= 60 AND v_fit >= 50 THEN
		v_temp := 'hot'; v_rule := 'engaged_fit';
	ELSIF NEW.demo_requested OR NEW.visits >= 3 THEN
		v_temp := 'warm'; v_rule := 'active_interest';
	ELSIF v_fit >= 50 THEN
		v_temp := 'warm'; v_rule := 'good_fit';
	ELSE
		v_temp := 'cold'; v_rule := NULL;
	END IF;

	NEW.fit_score := v_fit;
	NEW.interest_score := v_interest;
	NEW.temperature := v_temp;

	-- 3. automatic handoff (handoff temperature hot): a hot new or nurture lead is inserted as mql
	v_start := NEW.stage;
	v_handoff := v_temp OPERATOR(pg_catalog.=) 'hot' AND (v_start OPERATOR(pg_catalog.=) 'new' OR v_start OPERATOR(pg_catalog.=) 'nurture');
	IF v_handoff THEN
		NEW.stage := 'mql';
	END IF;

	-- 4. the agreement: may a lead start in this stage, and may this user make the move?
	SELECT t.kind, r.role INTO v_kind, v_role
	  FROM bench_pl.transition AS t
	  LEFT JOIN bench_pl.team_role AS r ON r.team = t.team
	 WHERE t.track_id = v_track_id AND t.from_stage IS NULL AND t.to_stage OPERATOR(pg_catalog.=) v_start;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'a new lead may not start in stage %', v_start USING ERRCODE = 'check_violation';
	END IF;
	IF v_role IS NOT NULL AND NOT pg_catalog.pg_has_role(CURRENT_USER, v_role, 'USAGE') THEN
		RAISE EXCEPTION 'user "%" is not in the team of this move', CURRENT_USER USING ERRCODE = 'insufficient_privilege';
	END IF;

	-- 5. the ledger rows
	v_when := coalesce(NEW.updated_at, pg_catalog.now());
	v_on := (v_when AT TIME ZONE 'Europe/Berlin')::date;
	v_quadrant := CASE WHEN v_fit >= 50
					   THEN CASE WHEN v_interest >= 50 THEN 'good_fit_high_interest' ELSE 'good_fit_low_interest' END
					   ELSE CASE WHEN v_interest >= 50 THEN 'bad_fit_high_interest' ELSE 'bad_fit_low_interest' END END;
	v_dims := pg_catalog.jsonb_build_object('source', NEW.source, 'campaign', NEW.campaign, 'country', NEW.country);
	v_reason := NULLIF(pg_catalog.current_setting('lead_align.reason', true), '');
	v_note := NULLIF(pg_catalog.current_setting('lead_align.note', true), '');
	v_app_user := NULLIF(pg_catalog.current_setting('lead_align.app_user', true), '');

	SELECT s."window" INTO v_window
	  FROM bench_pl.sla AS s
	 WHERE s.track_id = v_track_id AND s.stage OPERATOR(pg_catalog.=) v_start AND s.kind = 'exit'
	   AND (s.temperature OPERATOR(pg_catalog.=) v_temp OR s.temperature IS NULL)
	 ORDER BY s.temperature NULLS LAST
	 LIMIT 1;
	v_due := lead_align.business_add(v_when, v_window, '@CALENDAR@'::lead_align.business_calendar);

	INSERT INTO bench_pl.handoff (track_id, track, lead_key, kind, cycle, from_stage, to_stage, from_team, to_team,
								  temperature, fit, interest, quadrant, rule, rules_version, reason, note, actor,
								  app_user, owner, event_time, sla_window, due_at, touch_due_at, violation, dimensions,
								  calendar_id, event_on, cycle_started_on)
	VALUES (v_track_id, TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, NEW.id::text, v_kind, 1, NULL, v_start, NULL,
			lead_align.owner_team(v_start), v_temp, v_fit, v_interest, v_quadrant, v_rule, v_rules_version, v_reason,
			v_note, CURRENT_USER, v_app_user, NEW.owner, v_when, v_window, v_due, NULL, false, v_dims,
			v_calendar_id, v_on, v_on)
	RETURNING id INTO v_id;
	v_first_id := v_id;

	IF v_handoff THEN
		-- the handoff ends the zero-length stay the create began
		v_create_due := v_due;
		SELECT s."window" INTO v_window
		  FROM bench_pl.sla AS s
		 WHERE s.track_id = v_track_id AND s.stage OPERATOR(pg_catalog.=) NEW.stage AND s.kind = 'exit'
		   AND (s.temperature OPERATOR(pg_catalog.=) v_temp OR s.temperature IS NULL)
		 ORDER BY s.temperature NULLS LAST
		 LIMIT 1;
		v_due := lead_align.business_add(v_when, v_window, '@CALENDAR@'::lead_align.business_calendar);
		INSERT INTO bench_pl.handoff (track_id, track, lead_key, kind, cycle, from_stage, to_stage, from_team, to_team,
									  temperature, fit, interest, quadrant, rule, rules_version, reason, note, actor,
									  app_user, owner, event_time, sla_window, due_at, touch_due_at, violation, dimensions,
									  calendar_id, event_on, cycle_started_on, entered_at, entered_on, entered_id,
									  stay_cycle, stay_temperature, stay_rule, stay_rules_version, stay_dimensions,
									  stay_due_at, stay_touch_due_at, first_touch_at, stay_calendar_id, exit_seconds,
									  touch_seconds)
		VALUES (v_track_id, TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, NEW.id::text, 'handoff', 1, v_start, NEW.stage,
				lead_align.owner_team(v_start), lead_align.owner_team(NEW.stage), v_temp, v_fit, v_interest,
				v_quadrant, v_rule, v_rules_version, NULL, NULL, CURRENT_USER, v_app_user, NEW.owner, v_when,
				v_window, v_due, NULL, false, v_dims, v_calendar_id, v_on, v_on, v_when, v_on, v_id,
				1, v_temp, v_rule, v_rules_version, v_dims, v_create_due, NULL, NULL, v_calendar_id, 0, NULL)
		RETURNING id INTO v_id;
	END IF;

	-- 6. the lead's current state: the stay its last ledger row began
	--    and its lead-cycle, as lead_align keeps it (its first row, stages reached, the row
	--    that entered mql, the values the cycle counts under)
	INSERT INTO bench_pl.lead_current AS c (track_id, lead_key, stage, deleted, cycle, cycle_started_on, entered_at,
											entered_on, entered_id, stay_temperature, stay_rule, stay_rules_version,
											stay_dimensions, due_at, touch_due_at, touched_at, calendar, owner,
											temperature, rule, last_event_at, last_id,
											cycle_first_id, cycle_stage, cycle_furthest_stage, cycle_sales_sourced,
											cycle_mql_id, cycle_mql_at, cycle_accepted, cycle_disqualified,
											cycle_disqualify_reason, cycle_rule, cycle_rules_version, cycle_temperature,
											cycle_dimensions)
	VALUES (v_track_id, NEW.id::text, NEW.stage, false, 1, v_on, v_when, v_on, v_id, v_temp, v_rule, v_rules_version,
			v_dims, v_due, NULL, NULL, '@CALENDAR@'::lead_align.business_calendar, NEW.owner, v_temp, v_rule, v_when, v_id,
			v_first_id, NEW.stage,
			CASE WHEN NEW.stage OPERATOR(pg_catalog.>=) 'mql' AND NEW.stage OPERATOR(pg_catalog.<=) 'won' THEN NEW.stage END,
			v_start OPERATOR(pg_catalog.>) 'mql' AND v_start OPERATOR(pg_catalog.<=) 'won',
			CASE WHEN NEW.stage OPERATOR(pg_catalog.=) 'mql' THEN v_id END,
			CASE WHEN NEW.stage OPERATOR(pg_catalog.=) 'mql' THEN v_when END,
			false, false, NULL, v_rule, v_rules_version, v_temp, v_dims)
	ON CONFLICT (track_id, lead_key) DO UPDATE
	   SET stage = excluded.stage, deleted = excluded.deleted, cycle = excluded.cycle,
		   cycle_started_on = excluded.cycle_started_on, entered_at = excluded.entered_at,
		   entered_on = excluded.entered_on, entered_id = excluded.entered_id,
		   stay_temperature = excluded.stay_temperature, stay_rule = excluded.stay_rule,
		   stay_rules_version = excluded.stay_rules_version, stay_dimensions = excluded.stay_dimensions,
		   due_at = excluded.due_at, touch_due_at = excluded.touch_due_at, touched_at = excluded.touched_at,
		   calendar = excluded.calendar, owner = excluded.owner, temperature = excluded.temperature,
		   rule = excluded.rule, last_event_at = excluded.last_event_at, last_id = excluded.last_id,
		   cycle_first_id = excluded.cycle_first_id, cycle_stage = excluded.cycle_stage,
		   cycle_furthest_stage = excluded.cycle_furthest_stage, cycle_sales_sourced = excluded.cycle_sales_sourced,
		   cycle_mql_id = excluded.cycle_mql_id, cycle_mql_at = excluded.cycle_mql_at,
		   cycle_accepted = excluded.cycle_accepted, cycle_disqualified = excluded.cycle_disqualified,
		   cycle_disqualify_reason = excluded.cycle_disqualify_reason, cycle_rule = excluded.cycle_rule,
		   cycle_rules_version = excluded.cycle_rules_version, cycle_temperature = excluded.cycle_temperature,
		   cycle_dimensions = excluded.cycle_dimensions;
	RETURN NEW;
END
$fn$;

COMMENT ON FUNCTION bench_pl.track_insert() IS
	'benchmark comparator: scores, temperature, automatic handoff, insert agreement check, ledger rows and the lead''s state in PL/pgSQL (BEFORE INSERT FOR EACH ROW; arguments: track id, rules version, calendar id)';
