-- shared_history.sql -- the history of the shared-numbers benchmark (DESIGN.md section 6,
-- "the shared numbers"; run by bench_shared.sh): a tracked CRM table, bench_hist.leads,
-- and the means to give it months of history through lead_align's real triggers.
--
-- psql variables: cal (the track's calendar literal).
--
-- How a history is made (all set-based, deterministic: setseed() before each step, and
-- every random() is drawn in a fixed scan order with parallel query off):
--   1. bench_hist.gen(blk, first_id, n, t_from, t_to, anchor, chunk_days) draws n leads
--      (ids first_id ..) arriving uniformly in [t_from, t_to), gives each a path from
--      bench_hist.tmpl (weighted; 19 paths: creates, automatic handoffs on insert and on a
--      temperature rise, manual handoffs, touches, accepts with and without a new owner,
--      rejects and recycles with reasons, a touch saved with a reject, disqualifications,
--      wins, losses, reassigns, temperature changes, deletes, second cycles), and a time for
--      each step (the previous step's time plus a random delay of the step's kind, see
--      bench_hist.delay).  Steps later than the anchor (the end of the history, "now"
--      when the data is made) are dropped: the lead stays where it is, so stays open, and
--      those past their due time are overdue.  Rows go to bench_hist.attrs (one per lead:
--      the columns it is inserted with) and bench_hist.ev (one per step after the create).
--   2. CALL bench_hist.load(blk, from, to) replays chunks from .. to of block blk in time
--      order (a chunk is chunk_days of event time): an INSERT ... SELECT of the leads created in the chunk,
--      then for each step number (1st, 2nd, ... event of a lead) and kind of step present
--      in the chunk one UPDATE ... FROM bench_hist.ev (or DELETE ... USING) that applies
--      it to every lead concerned, with its explicit event time in updated_at; a COMMIT
--      after each chunk.  So the ledger is written in about the order a live CRM writes
--      it, and every event goes through the triggers (enforce mode: the agreement and the
--      reasons are checked).

CREATE SCHEMA bench_hist;

CREATE TABLE bench_hist.leads (
	id				bigint PRIMARY KEY,
	stage			lead_align.lead_stage NOT NULL,
	temperature		lead_align.lead_temperature,
	fit_score		integer,
	interest_score	integer,
	owner			text,
	updated_at		timestamptz,
	last_contacted	timestamptz,
	stage_reason	text,
	source			text,
	campaign		text,
	country			text,
	industry		text,
	employees		integer,
	visits			integer,
	demo_requested	boolean,
	decision_date	date,
	email			text,
	company			text
);

-- The track: the six score rules and six classification rules of the tracking
-- benchmark (bench_tracking.sh, track_sql), owner, touch, event-time and reason
-- columns mapped, 3 dimensions, exit SLAs for new, mql (hot and any), sal and sql
-- and touch SLAs for mql, automatic handoff at hot, mode enforce.
SELECT lead_align.track('bench_hist.leads',
		key         => 'id',
		stage       => 'stage',
		temperature => 'temperature',
		fit         => 'fit_score',
		interest    => 'interest_score',
		owner       => 'owner',
		touch       => 'last_contacted',
		event_time  => 'updated_at',
		reason      => 'stage_reason',
		dimensions  => ARRAY['source', 'campaign', 'country'],
		calendar    => :'cal',
		handoff_temperature => 'hot',
		fit_threshold => 50, interest_threshold => 50,
		mode        => 'enforce') > 0 AS tracked;
SELECT lead_align.add_score('bench_hist.leads', 'fit', $$industry IN ('saas', 'fintech')$$, 30, 'target industry', name => 'target_industry');
SELECT lead_align.add_score('bench_hist.leads', 'fit', $$employees >= 200$$, 25, 'mid-market and up', name => 'company_size');
SELECT lead_align.add_score('bench_hist.leads', 'fit', $$industry IN ('education', 'public_sector')$$, -20, 'slow budgets', name => 'low_budget_sector');
SELECT lead_align.add_score('bench_hist.leads', 'interest', $$demo_requested$$, 40, 'asked for a demo', name => 'demo_request');
SELECT lead_align.add_score('bench_hist.leads', 'interest', $$visits >= 5$$, 20, 'engaged on the site', name => 'engaged_visits');
SELECT lead_align.add_score('bench_hist.leads', 'interest', $$decision_date IS NOT NULL$$, 10, 'named a decision date', name => 'has_deadline');
SELECT lead_align.add_rule('bench_hist.leads', 'cold', $$source = 'purchased_list'$$, 'bought list', name => 'purchased_list', priority => 1);
SELECT lead_align.add_rule('bench_hist.leads', 'cold', $$email LIKE '%.edu'$$, 'students', name => 'student_email', priority => 2);
SELECT lead_align.add_rule('bench_hist.leads', 'hot', $$decision_date <= current_date + 183$$, 'decision within 6 months', name => 'decision_6m', priority => 10);
SELECT lead_align.add_rule('bench_hist.leads', 'hot', $$interest >= 60 AND fit >= 50$$, 'engaged and a fit', name => 'engaged_fit', priority => 20);
SELECT lead_align.add_rule('bench_hist.leads', 'warm', $$demo_requested OR visits >= 3$$, 'active interest, no deadline', name => 'active_interest', priority => 30);
SELECT lead_align.add_rule('bench_hist.leads', 'warm', $$fit >= 50$$, 'a fit, not yet active', name => 'good_fit', priority => 40);
SELECT lead_align.sla('bench_hist.leads', 'new', "window" => '1 business day');
SELECT lead_align.sla('bench_hist.leads', 'mql', "window" => '1 business day');
SELECT lead_align.sla('bench_hist.leads', 'mql', 'hot', '4 business hours');
SELECT lead_align.sla('bench_hist.leads', 'mql', "window" => '2 business hours', kind => 'touch');
SELECT lead_align.sla('bench_hist.leads', 'mql', 'hot', '1 business hour', kind => 'touch');
SELECT lead_align.sla('bench_hist.leads', 'sal', "window" => '2 business days');
SELECT lead_align.sla('bench_hist.leads', 'sql', "window" => '10 business days');
-- A volume SLA (marketing hands over 60,000 MQLs a month), so volume_sla_status has
-- rows; bench_shared.sh dates it back to the start of the history (created_at).
SELECT lead_align.volume_sla('bench_hist.leads', 'marketing', 'mql', 'month', 60000);

-- The paths a lead can take.  hot_start: inserted hot (a decision date), so the
-- insert hands it off to mql automatically; hot_capable: the lead never matches a
-- cold rule (no purchased list, no .edu address), so that its 'hot' step (a decision
-- date written later) raises it to hot and hands it off automatically.  Every other
-- lead is inserted with no decision date and no demo request, so never hot.
CREATE TABLE bench_hist.tmpl (
	tmpl		int PRIMARY KEY,
	weight		int NOT NULL,
	hot_start	boolean NOT NULL,
	steps		text[] NOT NULL,		-- after the create
	w_lo		numeric,
	w_hi		numeric
);
INSERT INTO bench_hist.tmpl (tmpl, weight, hot_start, steps) VALUES
	( 1, 20, false, '{advance}'),														-- stays in nurture (no SLA)
	( 2,  6, false, '{advance,warm,hot,touch,accept_assign,sql,opp,won}'),
	( 3,  5, false, '{advance,hot,touch_reject}'),										-- a touch saved with the reject
	( 4,  8, false, '{handoff,touch,accept,sql,lost}'),
	( 5,  6, false, '{handoff,touch,accept_assign,recycle,hot,touch,accept_sql,opp,won}'),	-- two cycles
	( 6,  8, false, '{handoff,touch_reject}'),
	( 7,  5, false, '{handoff,recycle}'),												-- recycled untouched
	( 8,  4, false, '{disq}'),
	( 9,  5, false, '{handoff,touch,accept,disq}'),
	(10,  5, false, '{reassign,handoff,touch,accept_assign,sql,opp,lost}'),
	(11,  4, false, '{handoff,touch,accept,sql,recycle}'),
	(12,  3, false, '{handoff,touch,touch,accept_sql,opp,won}'),
	(13,  2, false, '{advance,delete}'),
	(14,  4, false, '{warm,handoff,reject}'),
	(15,  5, true,  '{touch,accept_assign,sql,opp,won}'),
	(16,  3, true,  '{touch,reject}'),
	(17,  3, true,  '{accept,sql,lost}'),												-- never touched: leaving handles the touch SLA
	(18,  2, true,  '{touch,accept,recycle,handoff,touch,accept_sql,opp,lost}'),
	(19,  2, true,  '{touch,disq}');
UPDATE bench_hist.tmpl t SET w_lo = x.lo, w_hi = x.hi
  FROM (SELECT tmpl, (sum(weight) OVER w - weight)::numeric / sum(weight) OVER () AS lo,
               sum(weight) OVER w::numeric / sum(weight) OVER () AS hi
          FROM bench_hist.tmpl WINDOW w AS (ORDER BY tmpl)) x
 WHERE x.tmpl = t.tmpl;

-- The delay before a step, in hours (wall-clock): lo plus an exponential draw of
-- mean mean_h, capped at cap.  A recycle right after a handoff or touch (out of mql)
-- is quicker than one out of sal or sql: action 'recycle_mql'.
CREATE TABLE bench_hist.delay (action text PRIMARY KEY, lo float8, mean_h float8, cap float8);
INSERT INTO bench_hist.delay VALUES
	('advance', 1, 30, 600), ('handoff', 0.5, 20, 600), ('warm', 24, 240, 600), ('hot', 48, 600, 1200),
	('touch', 0.05, 4, 600), ('reassign', 1, 24, 600), ('accept', 0.2, 10, 600), ('accept_assign', 0.2, 10, 600),
	('accept_sql', 0.2, 10, 600), ('reject', 0.2, 12, 600), ('touch_reject', 0.2, 12, 600),
	('recycle_mql', 1, 24, 600), ('recycle', 24, 200, 600), ('disq', 1, 40, 600), ('sql', 2, 60, 600),
	('opp', 24, 240, 600), ('won', 48, 500, 1200), ('lost', 48, 500, 1200), ('delete', 24, 300, 600);

-- One row per lead: what it is inserted with, its path and when it arrives.
CREATE TABLE bench_hist.attrs (
	id				bigint PRIMARY KEY,
	blk				int NOT NULL,
	tmpl			int NOT NULL,
	arrive			timestamptz NOT NULL,
	create_chunk	int NOT NULL,
	owner			text,
	source			text,
	campaign		text,
	country			text,
	industry		text,
	employees		integer,
	visits			integer,
	demo_requested	boolean,
	decision_date	date,
	email			text,
	company			text
);
-- One row per step after the create.
CREATE TABLE bench_hist.ev (
	blk			int NOT NULL,
	chunk		int NOT NULL,
	seq			int NOT NULL,		-- 2 = the lead's first step after the create
	action		text NOT NULL,
	lead_id		bigint NOT NULL,
	at			timestamptz NOT NULL,
	reason		text,
	new_owner	text
);

CREATE FUNCTION bench_hist.gen(p_blk int, p_first bigint, p_n bigint, p_from timestamptz, p_to timestamptz,
							   p_anchor timestamptz, p_base timestamptz, p_chunk_days int, p_seed float8)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
	v_events bigint;
	v_secs float8 := p_chunk_days * 86400.0;
BEGIN
	PERFORM pg_catalog.setseed(p_seed);
	INSERT INTO bench_hist.attrs
	SELECT g, p_blk, t.tmpl, a.arrive,
		   pg_catalog.floor(pg_catalog.date_part('epoch', a.arrive - p_base) / v_secs)::int,
		   CASE WHEN r.r3 < 0.7 THEN 'mkt_' || (1 + (r.r4 * 12)::int % 12) END,
		   CASE WHEN t.hot_start OR 'hot' = ANY (t.steps)
				THEN (ARRAY['web', 'web', 'web', 'ads', 'ads', 'webinar', 'event', 'referral', 'partner'])[1 + (r.r5 * 9)::int % 9]
				ELSE (ARRAY['web', 'web', 'web', 'ads', 'ads', 'webinar', 'event', 'referral', 'partner', 'purchased_list'])[1 + (r.r5 * 10)::int % 10] END,
		   'cmp_' || pg_catalog.lpad((1 + (r.r6 * 60)::int % 60)::text, 2, '0'),
		   (ARRAY['DE', 'DE', 'DE', 'AT', 'CH', 'FR', 'NL', 'GB', 'US', 'US', 'ES', 'IT'])[1 + (r.r7 * 12)::int % 12],
		   (ARRAY['saas', 'saas', 'fintech', 'retail', 'manufacturing', 'healthcare', 'education', 'public_sector', 'logistics', 'media'])[1 + (r.r8 * 10)::int % 10],
		   GREATEST(1, (pg_catalog.exp(r.r9 * 8.5))::int),
		   pg_catalog.floor(-pg_catalog.ln(1 - r.r10) * 1.5)::int,
		   false,
		   CASE WHEN t.hot_start THEN (a.arrive AT TIME ZONE 'UTC')::date + 30 + (r.r11 * 120)::int END,
		   'lead' || g || CASE WHEN r.r12 < 0.03 AND NOT (t.hot_start OR 'hot' = ANY (t.steps)) THEN '@uni.example.edu'
							   ELSE '@company' || (g % 9973) || '.example.com' END,
		   'Company ' || (g % 9973)
	  FROM pg_catalog.generate_series(p_first, p_first + p_n - 1) AS g
	 CROSS JOIN LATERAL (SELECT random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5,
								random() AS r6, random() AS r7, random() AS r8, random() AS r9, random() AS r10,
								random() AS r11, random() AS r12, g AS dummy) AS r
	 CROSS JOIN LATERAL (SELECT p_from + r.r2 * (p_to - p_from) AS arrive) AS a
	  JOIN bench_hist.tmpl t ON r.r1 >= t.w_lo AND r.r1 < t.w_hi;

	PERFORM pg_catalog.setseed(p_seed / 2);
	INSERT INTO bench_hist.ev
	SELECT p_blk, pg_catalog.floor(pg_catalog.date_part('epoch', x.at - p_base) / v_secs)::int,
		   x.seq, x.action, x.id, x.at,
		   CASE x.action
			 WHEN 'reject' THEN (ARRAY['bad_fit', 'duplicate', 'existing_customer', 'competitor', 'spam', 'wrong_contact'])[1 + (x.r2 * 6)::int % 6]
			 WHEN 'touch_reject' THEN (ARRAY['bad_fit', 'duplicate', 'existing_customer', 'competitor', 'spam', 'wrong_contact'])[1 + (x.r2 * 6)::int % 6]
			 WHEN 'recycle' THEN (ARRAY['bad_timing', 'no_budget', 'no_authority', 'no_need', 'unreachable'])[1 + (x.r2 * 5)::int % 5]
			 WHEN 'disq' THEN (ARRAY['bad_fit', 'duplicate', 'spam', 'competitor'])[1 + (x.r2 * 4)::int % 4]
			 WHEN 'lost' THEN (ARRAY['price', 'lost_to_competitor', 'no_decision', 'product_gap', 'timing'])[1 + (x.r2 * 5)::int % 5]
		   END,
		   CASE WHEN x.action IN ('reassign', 'accept_assign') THEN 'rep_' || (1 + (x.r3 * 40)::int % 40) END
	  FROM (SELECT s.id, s.seq, s.action, s.r2, s.r3,
				   s.arrive + pg_catalog.make_interval(secs => 3600 * sum(s.h) OVER (PARTITION BY s.id ORDER BY s.seq)) AS at
			  FROM (SELECT a.id, a.arrive, st.ord + 1 AS seq, st.action, random() AS r2, random() AS r3,
						   LEAST(d.lo + -pg_catalog.ln(1 - random()) * d.mean_h, d.cap) AS h
					  FROM bench_hist.attrs a
					  JOIN bench_hist.tmpl t ON t.tmpl = a.tmpl
					 CROSS JOIN LATERAL pg_catalog.unnest(t.steps) WITH ORDINALITY AS st (action, ord)
					  JOIN bench_hist.delay d
						ON d.action = CASE WHEN st.action = 'recycle' AND t.steps[st.ord - 1] IN ('handoff', 'touch')
										   THEN 'recycle_mql' ELSE st.action END
					 WHERE a.blk = p_blk) AS s) AS x
	 WHERE x.at <= p_anchor;
	GET DIAGNOSTICS v_events = ROW_COUNT;
	RETURN v_events;
END $$;

-- The chunks of block p_blk, first and last.
CREATE FUNCTION bench_hist.chunks(p_blk int, OUT c_min int, OUT c_max int)
LANGUAGE sql STABLE AS $$
	SELECT a.c_min, GREATEST(a.c_max, (SELECT max(chunk) FROM bench_hist.ev WHERE blk = p_blk))
	  FROM (SELECT min(create_chunk) AS c_min, max(create_chunk) AS c_max FROM bench_hist.attrs WHERE blk = p_blk) a
$$;

-- Replay chunks p_from .. p_to of block p_blk through the triggers, in time order,
-- one transaction per chunk (bench_shared.sh calls it a chunk at a time and runs
-- VACUUM in between, as autovacuum would on a live system).
CREATE PROCEDURE bench_hist.load(p_blk int, p_from int, p_to int)
LANGUAGE plpgsql AS $$
DECLARE
	c int;
	r record;
	v_set text;
BEGIN
	FOR c IN p_from .. p_to LOOP
		INSERT INTO bench_hist.leads (id, stage, owner, updated_at, source, campaign, country, industry, employees,
									  visits, demo_requested, decision_date, email, company)
		SELECT id, 'new', owner, arrive, source, campaign, country, industry, employees,
			   visits, demo_requested, decision_date, email, company
		  FROM bench_hist.attrs WHERE blk = p_blk AND create_chunk = c ORDER BY arrive;
		FOR r IN SELECT DISTINCT e.seq, e.action FROM bench_hist.ev e WHERE e.blk = p_blk AND e.chunk = c ORDER BY 1, 2 LOOP
			IF r.action = 'delete' THEN
				DELETE FROM bench_hist.leads l USING bench_hist.ev e
				 WHERE e.blk = p_blk AND e.chunk = c AND e.seq = r.seq AND e.action = 'delete' AND l.id = e.lead_id;
				CONTINUE;
			END IF;
			v_set := CASE r.action
				WHEN 'advance'       THEN $s$stage = 'nurture'$s$
				WHEN 'handoff'       THEN $s$stage = 'mql'$s$
				WHEN 'warm'          THEN $s$visits = l.visits + 3$s$
				WHEN 'hot'           THEN $s$decision_date = (e.at AT TIME ZONE 'UTC')::date + 60$s$
				WHEN 'touch'         THEN $s$last_contacted = e.at$s$
				WHEN 'reassign'      THEN $s$owner = e.new_owner$s$
				WHEN 'accept'        THEN $s$stage = 'sal'$s$
				WHEN 'accept_assign' THEN $s$stage = 'sal', owner = e.new_owner$s$
				WHEN 'accept_sql'    THEN $s$stage = 'sql'$s$
				WHEN 'reject'        THEN $s$stage = 'nurture', stage_reason = e.reason$s$
				WHEN 'touch_reject'  THEN $s$last_contacted = e.at, stage = 'nurture', stage_reason = e.reason$s$
				WHEN 'recycle'       THEN $s$stage = 'nurture', stage_reason = e.reason$s$
				WHEN 'disq'          THEN $s$stage = 'disqualified', stage_reason = e.reason$s$
				WHEN 'sql'           THEN $s$stage = 'sql'$s$
				WHEN 'opp'           THEN $s$stage = 'opportunity'$s$
				WHEN 'won'           THEN $s$stage = 'won'$s$
				WHEN 'lost'          THEN $s$stage = 'lost', stage_reason = e.reason$s$
			END;
			IF v_set IS NULL THEN
				RAISE EXCEPTION 'unknown step %', r.action;
			END IF;
			EXECUTE 'UPDATE bench_hist.leads l SET ' || v_set || ', updated_at = e.at
					   FROM bench_hist.ev e
					  WHERE e.blk = $1 AND e.chunk = $2 AND e.seq = $3 AND e.action = $4 AND l.id = e.lead_id'
			  USING p_blk, c, r.seq, r.action;
		END LOOP;
		COMMIT;
	END LOOP;
END $$;

CREATE INDEX attrs_chunk ON bench_hist.attrs (blk, create_chunk);
CREATE INDEX ev_step ON bench_hist.ev (blk, chunk, seq, action);
