-- The shared numbers (DESIGN 5.2, 5.3): lead_cycles, funnel, lead_quality,
-- rule_performance, volume SLAs and volume_sla_status, decayed_sum.  A
-- hand-built scenario goes through the real triggers; every number of the
-- views is worked out by hand in the comments and asserted by the output.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
\i test/fixtures/try.sql

-------------------------------------------------------------------------------
-- The track: Berlin office hours (Mo-Fr 09:00-17:00, UTC+1 in January and
-- February, so the local dates below are Berlin's), marketing working New
-- York hours (its calendar is the one of its volume SLA), two dimensions,
-- two rules of different worth and the automatic handoff at hot.  Rules
-- version: 1 when tracked, 2 after big_budget, 3 after demo.
-------------------------------------------------------------------------------
CREATE SCHEMA sn;
CREATE TABLE sn.leads (
	id			int PRIMARY KEY,
	stage		lead_align.lead_stage NOT NULL,
	source		text NOT NULL,
	region		text NOT NULL,
	budget		int NOT NULL DEFAULT 0,
	demo		boolean NOT NULL DEFAULT false,
	why			text,
	why_note	text,
	modified	timestamptz NOT NULL
);
SELECT lead_align.track('sn.leads', key => 'id', stage => 'stage', event_time => 'modified',
		reason => 'why', note => 'why_note', dimensions => ARRAY['source', 'region'],
		calendar => 'Mo-Fr 09:00-17:00; tz Europe/Berlin', handoff_temperature => 'hot') AS t \gset
SELECT lead_align.add_rule('sn.leads', 'hot', $$budget >= 10000$$, name => 'big_budget');
SELECT lead_align.add_rule('sn.leads', 'warm', $$demo$$, name => 'demo');
SELECT lead_align.team_calendar('sn.leads', 'marketing', 'Mo-Fr 09:00-17:00; tz America/New_York');

-------------------------------------------------------------------------------
-- The scenario, in the order it happened (Berlin times; sources webinar,
-- ads and referral; regions emea and amer):
--   L1  webinar emea, budget 20000 (hot): new -> mql automatically (Jan 5),
--       accepted to sal (Jan 6), sql (Jan 8), opportunity (Jan 12), won (Feb 3)
--   L2  webinar amer, demo (warm): new (Jan 6), handed off (Jan 7), accepted
--       to sql (Jan 8), opportunity (Jan 14), lost for price (Feb 5),
--       reopened (Feb 9): cycle 2
--   L3  ads emea, 15000 (hot): mql automatically (Jan 7), rejected bad_fit
--       (Jan 8): cycle 2, handed off again (Feb 2, rules version 4),
--       accepted to sal (Feb 4)
--   L4  ads amer, 12000 (hot): mql automatically (Jan 9), rejected spam
--       (Jan 12): cycle 2, still in nurture
--   L5  ads emea, demo: created in mql (Jan 13), disqualified duplicate (Jan 14)
--   L6  ads amer, demo: created in mql (Jan 15), rejected bad_fit (Jan 16): cycle 2
--   L7  webinar emea, demo: created in mql (Jan 19), recycled bad_timing
--       (Jan 20): cycle 2
--   L8  webinar amer, 30000 (hot): mql automatically (Jan 20), accepted to
--       sal (Jan 21), recycled no_budget (Jan 22): cycle 2
--   L9  referral emea (cold): created by sales in sal (Jan 22), sql (Jan 26)
--   L10 webinar emea (cold): new (Jan 26), never handed off
--   L11 ads amer, 11000 (hot): mql automatically (Jan 27), then deleted
--       (the delete is recorded at the statement's time, today)
--   L12 ads emea, 25000 (hot): mql automatically on Sunday 1 February 03:00
--       in Berlin (Saturday 31 January 21:00 in New York), accepted to sal (Feb 2)
--   rule referral added: rules version 4
--   L13 webinar amer, demo: new (Feb 9), handed off (Feb 10)
-------------------------------------------------------------------------------
INSERT INTO sn.leads (id, stage, source, region, budget, modified) VALUES (1, 'new', 'webinar', 'emea', 20000, '2026-01-05 10:00+01');
UPDATE sn.leads SET stage = 'sal', modified = '2026-01-06 10:00+01' WHERE id = 1;
INSERT INTO sn.leads (id, stage, source, region, demo, modified) VALUES (2, 'new', 'webinar', 'amer', true, '2026-01-06 11:00+01');
UPDATE sn.leads SET stage = 'mql', modified = '2026-01-07 11:00+01' WHERE id = 2;
INSERT INTO sn.leads (id, stage, source, region, budget, modified) VALUES (3, 'new', 'ads', 'emea', 15000, '2026-01-07 12:00+01');
UPDATE sn.leads SET stage = 'sql', modified = '2026-01-08 10:00+01' WHERE id = 1;
UPDATE sn.leads SET stage = 'sql', modified = '2026-01-08 11:00+01' WHERE id = 2;
UPDATE sn.leads SET stage = 'nurture', why = 'bad_fit', modified = '2026-01-08 12:00+01' WHERE id = 3;
INSERT INTO sn.leads (id, stage, source, region, budget, modified) VALUES (4, 'new', 'ads', 'amer', 12000, '2026-01-09 13:00+01');
UPDATE sn.leads SET stage = 'opportunity', modified = '2026-01-12 10:00+01' WHERE id = 1;
UPDATE sn.leads SET stage = 'nurture', why = 'spam', modified = '2026-01-12 13:00+01' WHERE id = 4;
INSERT INTO sn.leads (id, stage, source, region, demo, modified) VALUES (5, 'mql', 'ads', 'emea', true, '2026-01-13 14:00+01');
UPDATE sn.leads SET stage = 'opportunity', modified = '2026-01-14 11:00+01' WHERE id = 2;
UPDATE sn.leads SET stage = 'disqualified', why = 'duplicate', modified = '2026-01-14 14:00+01' WHERE id = 5;
INSERT INTO sn.leads (id, stage, source, region, demo, modified) VALUES (6, 'mql', 'ads', 'amer', true, '2026-01-15 15:00+01');
UPDATE sn.leads SET stage = 'nurture', why = 'bad_fit', modified = '2026-01-16 15:00+01' WHERE id = 6;
INSERT INTO sn.leads (id, stage, source, region, demo, modified) VALUES (7, 'mql', 'webinar', 'emea', true, '2026-01-19 09:30+01');
UPDATE sn.leads SET stage = 'nurture', why = 'bad_timing', modified = '2026-01-20 09:30+01' WHERE id = 7;
INSERT INTO sn.leads (id, stage, source, region, budget, modified) VALUES (8, 'new', 'webinar', 'amer', 30000, '2026-01-20 10:30+01');
UPDATE sn.leads SET stage = 'sal', modified = '2026-01-21 10:30+01' WHERE id = 8;
UPDATE sn.leads SET stage = 'nurture', why = 'no_budget', modified = '2026-01-22 10:30+01' WHERE id = 8;
INSERT INTO sn.leads (id, stage, source, region, modified) VALUES (9, 'sal', 'referral', 'emea', '2026-01-22 11:30+01');
UPDATE sn.leads SET stage = 'sql', modified = '2026-01-26 11:30+01' WHERE id = 9;
INSERT INTO sn.leads (id, stage, source, region, modified) VALUES (10, 'new', 'webinar', 'emea', '2026-01-26 12:30+01');
INSERT INTO sn.leads (id, stage, source, region, budget, modified) VALUES (11, 'new', 'ads', 'amer', 11000, '2026-01-27 13:30+01');
DELETE FROM sn.leads WHERE id = 11;
INSERT INTO sn.leads (id, stage, source, region, budget, modified) VALUES (12, 'new', 'ads', 'emea', 25000, '2026-02-01 03:00+01');
SELECT lead_align.add_rule('sn.leads', 'warm', $$source = 'referral'$$, name => 'referral');
UPDATE sn.leads SET stage = 'sal', modified = '2026-02-02 09:30+01' WHERE id = 12;
UPDATE sn.leads SET stage = 'mql', modified = '2026-02-02 12:00+01' WHERE id = 3;
UPDATE sn.leads SET stage = 'won', modified = '2026-02-03 10:00+01' WHERE id = 1;
UPDATE sn.leads SET stage = 'sal', modified = '2026-02-04 12:00+01' WHERE id = 3;
UPDATE sn.leads SET stage = 'lost', why = 'price', modified = '2026-02-05 11:00+01' WHERE id = 2;
UPDATE sn.leads SET stage = 'nurture', why = 'other', why_note = 'budget freed up', modified = '2026-02-09 11:00+01' WHERE id = 2;
INSERT INTO sn.leads (id, stage, source, region, demo, modified) VALUES (13, 'new', 'webinar', 'amer', true, '2026-02-09 14:00+01');
UPDATE sn.leads SET stage = 'mql', modified = '2026-02-10 14:00+01' WHERE id = 13;

-- The ledger the triggers wrote (the delete's date is today's, left out).
-- Every row carries the local date its lead-cycle began: the create, or
-- the move into nurture that began the cycle (from_cycle = the one ended).
SELECT lead_key AS lead, kind, cycle, from_cycle AS fc, from_stage, to_stage, temperature AS temp, rule,
	   rules_version AS rv, reason, CASE WHEN kind <> 'delete' THEN event_on END AS event_on, cycle_started_on,
	   dimensions ->> 'source' AS source, dimensions ->> 'region' AS region
  FROM lead_align.handoff WHERE track_id = :t ORDER BY lead_key::int, id;

-------------------------------------------------------------------------------
-- lead_cycles: one row per lead-cycle.  January's 16 cycles (L1 to L11,
-- with second cycles of L3, L4, L6, L7 and L8, begun by their moves into
-- nurture in January) and February's 3 (L12, L13, and L2's cycle 2 begun by
-- its reopen).
--   dimensions, rule, rules version and temperature: of the row that began
--   the mql stay (L3's cycle 2: its re-MQL on Feb 2, under rules version 4;
--   L12: Feb 1, before the referral rule), else dimensions of the first row
--   and rule of the latest (L4/L6/L7/L8 cycle 2: their reject or recycle
--   row, rules version 3; L9 and L10: cold, no rule; L2's cycle 2: its
--   reopen, demo under version 4).
--   ended_by: the next cycle's first row (reject: L3, L4, L6; recycle: L7
--   from mql, L8 from sal; reopen: L2) or the delete (L11).
--   rejected: L3, L4, L6 (reject) and L5 (disqualified from mql), with the
--   reason of that row.
--   still_open: L3/L4/L6/L7/L8 cycle 2, L9 and L10 in January; all three in
--   February.  Not open: L1 won, L5 disqualified, L2's cycle 1 (lost, then
--   reopened), the cycles ended by a move into nurture, L11 deleted.
-------------------------------------------------------------------------------
SELECT lead_key AS lead, cycle, started_on, cohort_month, sales_sourced AS sales, furthest_stage AS furthest,
	   stage, ended_by, still_open AS open, entered_mql AS mql, accepted AS acc, rejected AS rej,
	   reject_reason, dimensions ->> 'source' AS source, dimensions ->> 'region' AS region,
	   rule, rules_version AS rv, temperature_text AS temp
  FROM lead_align.lead_cycles WHERE track_id = :t ORDER BY cohort_month, lead_key::int, cycle;
-- the furthest stage, stage and temperature are lead_align types, with text twins
SELECT pg_typeof(furthest_stage) AS furthest, pg_typeof(furthest_stage_text) AS furthest_text,
	   pg_typeof(stage) AS stage, pg_typeof(stage_text) AS stage_text,
	   pg_typeof(temperature) AS temp, pg_typeof(temperature_text) AS temp_text
  FROM lead_align.lead_cycles WHERE track_id = :t LIMIT 1;

-------------------------------------------------------------------------------
-- funnel.
-- January, 16 cycles.  Furthest stage: won L1; opportunity L2 (mql -> sql
-- -> opportunity: it reached sal by being further); sql L9 (sales-sourced:
-- it reached mql and sal); sal L3c2, L8c1; mql L3c1, L4c1, L5, L6c1, L7c1,
-- L11; none L4c2, L6c2, L7c2, L8c2, L10.
--   reached_mql = 11, reached_sal = L1 L2 L3c2 L8c1 L9 = 5,
--   reached_sql = L1 L2 L9 = 3, reached_opportunity = L1 L2 = 2, won = 1;
--   recycled = L7c1, L8c1 = 2 (rejects and L2's reopen are not recycles);
--   still_open = 7 (above).
--   Rates: mql 11/16 = 0.6875, sal 5/11 = 0.4545, sql 3/5 = 0.6000,
--   opportunity 2/3 = 0.6667, won 1/2 = 0.5000.
-- February, 3 cycles: L12 reached sal, L13 mql, L2c2 none; none recycled,
-- all open.  Rates: mql 2/3 = 0.6667, sal 1/2 = 0.5000, sql 0/1 = 0.0000,
-- opportunity and won NULL (nobody reached sql or opportunity).
-------------------------------------------------------------------------------
SELECT track, cohort_month, leads, reached_mql AS mql, reached_sal AS sal, reached_sql AS sql,
	   reached_opportunity AS opp, reached_won AS won, recycled, still_open AS open,
	   mql_rate, sal_rate, sql_rate, opportunity_rate AS opp_rate, won_rate
  FROM lead_align.funnel WHERE track_id = :t ORDER BY cohort_month;

-------------------------------------------------------------------------------
-- lead_quality, by source and by region.  Outcomes count the cycles that
-- entered mql.
-- January:
--   ads: L3c1 L3c2 L4c1 L4c2 L5 L6c1 L6c2 L11 = 8 leads; mqls L3c1 L3c2 L4c1
--     L5 L6c1 L11 = 6; accepted L3c2 = 1; rejected L3c1 L4c1 L5 L6c1 = 4;
--     acceptance 1/5 = 0.2000, win 0/6 = 0.0000; reasons bad_fit x2, then
--     duplicate and spam x1 (ties by code).
--   referral: L9 = 1 lead, sales-sourced, never an MQL: rates NULL.
--   webinar: L1 L2 L7c1 L7c2 L8c1 L8c2 L10 = 7; mqls L1 L2 L7c1 L8c1 = 4;
--     accepted L1 L2 L8c1 = 3; rejected 0; recycled L7c1 L8c1 = 2; won L1;
--     acceptance 3/3 = 1.0000, win 1/4 = 0.2500.
--   amer: L2 L4c1 L4c2 L6c1 L6c2 L8c1 L8c2 L11 = 8; mqls L2 L4c1 L6c1 L8c1
--     L11 = 5; accepted L2 L8c1; rejected L4c1 (spam) L6c1 (bad_fit);
--     recycled L8c1; won 0: 2/4 = 0.5000, 0/5 = 0.0000.
--   emea: L1 L3c1 L3c2 L5 L7c1 L7c2 L9 L10 = 8; mqls L1 L3c1 L3c2 L5 L7c1 =
--     5; accepted L1 L3c2; rejected L3c1 (bad_fit) L5 (duplicate); recycled
--     L7c1; won L1: 2/4 = 0.5000, 1/5 = 0.2000.
-- February: ads (L12: mql, accepted): 1 1 1, acceptance 1.0000, win 0.0000;
--   webinar (L2c2 not an MQL, L13 an MQL still open): 2 leads, 1 mql,
--   acceptance NULL, win 0/1; emea = L12; amer = L2c2, L13.
-------------------------------------------------------------------------------
SELECT dimension, value, month, leads, mqls, accepted AS acc, rejected AS rej, recycled AS rec, won,
	   acceptance_rate, win_rate, top_reject_reasons
  FROM lead_align.lead_quality WHERE track_id = :t ORDER BY month, dimension DESC, value;
SELECT pg_typeof(top_reject_reasons) FROM lead_align.lead_quality LIMIT 1;

-------------------------------------------------------------------------------
-- rule_performance.
-- January:
--   big_budget v3 hot: L1 L3c1 L4c1 L4c2 L8c1 L8c2 L11 = 7 leads; handed off
--     L1 L3c1 L4c1 L8c1 L11 = 5; accepted L1 L8c1; rejected L3c1 L4c1;
--     won L1: 2/4 = 0.5000, 1/5 = 0.2000.
--   big_budget v4 hot: L3c2 (its re-MQL came after the referral rule): 1 1 1
--     0 0: 1.0000, 0.0000.
--   demo v3 warm: L2 L5 L6c1 L6c2 L7c1 L7c2 = 6; handed off L2 L5 L6c1 L7c1
--     = 4; accepted L2; rejected L5 L6c1: 1/3 = 0.3333, 0/4 = 0.0000.
--   no rule v3 cold: L9, L10: 2 leads, none handed off: rates NULL.
-- February:
--   big_budget v3 hot: L12 (handed off before the referral rule): 1 1 1 0 0.
--   demo v4 warm: L2c2 (by its reopen row), L13 (handed off): 2 1 0 0 0:
--     acceptance NULL, win 0/1 = 0.0000.
-- Hot closed 1 of 5 hand-overs in January, warm 0 of 4.
-------------------------------------------------------------------------------
SELECT cohort_month, rule, rules_version AS rv, temperature, temperature_text, leads, handed_off, accepted AS acc,
	   rejected AS rej, won, acceptance_rate, win_rate
  FROM lead_align.rule_performance WHERE track_id = :t ORDER BY cohort_month, temperature DESC, rule, rules_version;

-------------------------------------------------------------------------------
-- volume_sla(): validation, who may call it, removal.
-------------------------------------------------------------------------------
SELECT * FROM pg_temp.try($$SELECT lead_align.volume_sla('sn.leads', 'marketing', 'mql', 'year', 400)$$);
SELECT * FROM pg_temp.try($$SELECT lead_align.volume_sla('sn.leads', 'marketing', 'mql', 'Month', 400)$$);
SELECT * FROM pg_temp.try($$SELECT lead_align.volume_sla('sn.leads', 'marketing', 'mql', 'month', 0)$$);
SELECT * FROM pg_temp.try($$SELECT lead_align.volume_sla('sn.leads', 'marketing', 'mql', 'month', -5)$$);
-- (the hint lists the teams, which other suites add to: left out)
SELECT state, message FROM pg_temp.try($$SELECT lead_align.volume_sla('sn.leads', 'no_such_team', 'mql', 'month', 400)$$);
SELECT * FROM pg_temp.try($$SELECT lead_align.volume_sla('sn.leads', NULL, 'mql', 'month', 400)$$);
SELECT * FROM pg_temp.try($$SELECT lead_align.volume_sla('sn.leads', 'marketing', NULL, 'month', 400)$$);
SELECT * FROM pg_temp.try($$SELECT lead_align.volume_sla('sn.leads', 'marketing', 'mql', NULL, 400)$$);
SELECT * FROM pg_temp.try($$SELECT lead_align.volume_sla(NULL, 'marketing', 'mql', 'month', 400)$$);
SELECT * FROM pg_temp.try($$SELECT lead_align.volume_sla('sn', 'marketing', 'mql', 'month', 400)$$);
CREATE TABLE sn.untracked (id int PRIMARY KEY);
SELECT * FROM pg_temp.try($$SELECT lead_align.volume_sla('sn.untracked', 'marketing', 'mql', 'month', 400)$$);
-- the internal implementation is nobody's but the extension owner's
SELECT has_function_privilege('public', 'lead_align._volume_sla(regclass, text, lead_align.lead_stage, text, integer)', 'EXECUTE') AS public_may_run_impl,
	   has_function_privilege('public', 'lead_align.volume_sla(regclass, text, lead_align.lead_stage, text, integer)', 'EXECUTE') AS public_may_call;
-- a role that does not own the table is refused (42501); so is a call made
-- from a security-restricted operation (here: an index expression of a
-- table the caller owns, run by CREATE INDEX)
CREATE ROLE sn_other;
GRANT USAGE ON SCHEMA sn TO sn_other;
GRANT CREATE ON SCHEMA sn TO sn_other;
SET ROLE sn_other;
SELECT * FROM pg_temp.try($$SELECT lead_align.volume_sla('sn.leads', 'marketing', 'mql', 'month', 1)$$);
CREATE TABLE sn.mine (id int PRIMARY KEY, stage lead_align.lead_stage NOT NULL);
SELECT lead_align.track('sn.mine', key => 'id', stage => 'stage') > 0 AS tracked;
SELECT lead_align.volume_sla('sn.mine', 'sales', 'won', 'month', 3);
CREATE FUNCTION sn.configure(x int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	PERFORM lead_align.volume_sla('sn.mine', 'sales', 'won', 'month', 99);
	RETURN x;
END $$;
INSERT INTO sn.mine VALUES (1, 'new');
SELECT * FROM pg_temp.try($$CREATE INDEX mine_sro ON sn.mine ((sn.configure(id)))$$);
RESET ROLE;
SELECT team, stage, period, target FROM lead_align.volume_sla v JOIN lead_align.track k ON k.id = v.track_id
 WHERE k.relid = 'sn.mine'::regclass;
-- NULL removes a commitment (and removing one that does not exist does nothing)
SET ROLE sn_other;
SELECT lead_align.volume_sla('sn.mine', 'sales', 'won', 'month', NULL);
SELECT lead_align.volume_sla('sn.mine', 'sales', 'won', 'month', NULL);
RESET ROLE;
SELECT count(*) AS commitments FROM lead_align.volume_sla v JOIN lead_align.track k ON k.id = v.track_id
 WHERE k.relid = 'sn.mine'::regclass;
SELECT lead_align.untrack('sn.mine', purge => true);
DROP TABLE sn.mine;
DROP FUNCTION sn.configure(int);

-------------------------------------------------------------------------------
-- volume_sla_status.  Three commitments, declared in January (created_at is
-- when volume_sla() ran; the scenario backdates it, as a superuser, so
-- that the periods are the scenario's):
--   A  marketing delivers 5 MQLs a month, in marketing's New York calendar;
--   B  sales accepts 2 leads into sal a week, in the track's Berlin calendar
--      (sales has no calendar of its own);
--   C  sales wins 2 deals a quarter (Berlin).
-- As of Wednesday 11 February 19:00 in Berlin (13:00 in New York):
--   A, periods January and February (New York months).  MQL stays that began
--     in January: L1, L2, L3, L4 (handoffs), L5, L6, L7 (created in mql), L8,
--     L11 (deleted later: still a hand-over) and L12, whose automatic handoff
--     at 03:00 on 1 February in Berlin was 21:00 on 31 January in New York =
--     10: 200.00 %, expected 5 (a past month), on track.  February: L3's
--     re-MQL and L13 = 2; New York business time of February: 20 weekdays =
--     160 h, of which 60 h had passed (2-6 Feb 40 h, 9 and 10 Feb 16 h, 11
--     Feb 09:00-13:00 4 h): expected 5 * 60/160 = 1.875 = 1.88; 2 >= 1.88: on
--     track; 40.00 %.
--   B, ISO weeks from 5 January (a Monday) to the week of 9 February: SAL
--     stays began on Jan 6 (L1), Jan 21 (L8), Jan 22 (L9, created in sal),
--     Feb 2 (L12) and Feb 4 (L3): 1, 0, 2, 0, 2; past weeks expect 2; the
--     week of 9 February has 40 business hours, of which 24 had passed
--     (Monday, Tuesday, all of Wednesday): 2 * 24/40 = 1.20, with 0 delivered.
--   C, the first quarter, current: won L1 (Feb 3) = 1; Berlin business time
--     of the quarter: 22 + 20 + 22 weekdays = 512 h, passed by then: 22
--     January weekdays (176 h) + 8 February ones (64 h) = 240 h: 2 * 240/512
--     = 0.9375 = 0.94; 1 >= 0.94: on track; 50.00 %.
-------------------------------------------------------------------------------
SELECT lead_align.volume_sla('sn.leads', 'marketing', 'mql', 'month', 5);
SELECT lead_align.volume_sla('sn.leads', 'sales', 'sal', 'week', 3);
SELECT lead_align.volume_sla('sn.leads', 'sales', 'sal', 'week', 2);		-- a new target replaces the old
SELECT lead_align.volume_sla('sn.leads', 'sales', 'won', 'quarter', 2);
SELECT team, stage, period, target, created_at > now() - interval '1 hour' AS created_just_now FROM lead_align.volume_sla
 WHERE track_id = :t ORDER BY team, stage;
UPDATE lead_align.volume_sla SET created_at = '2026-01-02 10:00+01' WHERE track_id = :t AND period IN ('month', 'quarter');
UPDATE lead_align.volume_sla SET created_at = '2026-01-05 09:00+01' WHERE track_id = :t AND period = 'week';
SELECT team, stage, stage_text, period, period_start, period_end, target, delivered, pct_delivered AS pct,
	   expected_by_now AS expected, on_track
  FROM lead_align.volume_sla_status_at('2026-02-11 19:00+01')
 WHERE track_id = :t ORDER BY team, stage, period_start;
-- As it stood on Tuesday 3 February at 12:00 in Berlin (06:00 in New
-- York): a hand-over later in the current period had not happened yet.
--   A, February: L3's re-MQL (2 February, 06:00 in New York) = 1; L13's
--     (10 February) is left out; New York business time by then: Monday 2
--     February, 8 h of 160: 5 * 8/160 = 0.25; on track; 20.00 %.  January
--     as above.
--   B, the week of 2 February: L12 (Monday 09:30) = 1; L3 (Wednesday) is
--     left out; Monday 8 h and Tuesday 09:00-12:00 3 h = 11 h of 40: 2 *
--     11/40 = 0.55; on track; 50.00 %.  The earlier weeks as above.
--   C: L1 won on 3 February at 10:00 = 1; 176 h of January, 8 h on 2
--     February and 3 h on 3 February = 187 h of 512: 2 * 187/512 = 0.7305
--     = 0.73; on track; 50.00 %.
SELECT team, stage, period, period_start, target, delivered, pct_delivered AS pct, expected_by_now AS expected, on_track
  FROM lead_align.volume_sla_status_at('2026-02-03 12:00+01')
 WHERE track_id = :t ORDER BY team, stage, period_start;
-- the view is the same at now(): today is after these periods, so each of
-- them expects its target (only the periods shown above are compared)
SELECT team, stage, period, period_start, target, delivered, pct_delivered AS pct, expected_by_now AS expected, on_track
  FROM lead_align.volume_sla_status
 WHERE track_id = :t AND period_start <= '2026-02-09' ORDER BY team, stage, period_start;
SELECT (SELECT count(*) FROM lead_align.volume_sla_status WHERE track_id = :t)
	 = (SELECT count(*) FROM lead_align.volume_sla_status_at(now()) WHERE track_id = :t) AS view_is_the_function_at_now,
	   (SELECT max(period_end) FROM lead_align.volume_sla_status WHERE track_id = :t) > now()::date AS ends_with_the_current_period;
-- before the first period, nothing; an infinite or NULL as_of has no period
SELECT (SELECT count(*) FROM lead_align.volume_sla_status_at('2025-12-31 12:00+01') WHERE track_id = :t) AS before_creation,
	   (SELECT count(*) FROM lead_align.volume_sla_status_at('infinity') WHERE track_id = :t) AS at_infinity,
	   (SELECT count(*) FROM lead_align.volume_sla_status_at('-infinity') WHERE track_id = :t) AS at_minus_infinity,
	   (SELECT count(*) FROM lead_align.volume_sla_status_at(NULL) WHERE track_id = :t) AS at_null;

-------------------------------------------------------------------------------
-- The plans: a one-track, one-month query of lead_cycles, funnel,
-- lead_quality and rule_performance reads the month's lead-cycles, the
-- ended ones through lead_cycle_month and the open ones through
-- lead_current_cycle_month, and no ledger row; a one-track, one-period
-- volume_sla_status counts that period's ledger rows through handoff_time.
-- The fixture is a few dozen rows, where a sequential scan is cheaper and
-- the choice would depend on statistics, so the tables are analyzed and
-- enable_seqscan and enable_bitmapscan are off to make the plans
-- deterministic; only the scans of the ledger and the cycle tables are
-- shown (joins and aggregation above them are the planner's business).
-------------------------------------------------------------------------------
CREATE FUNCTION pg_temp.scans(query text, conditions boolean DEFAULT true) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
	line text;
	keep boolean := false;
BEGIN
	FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
		IF line ~ 'Scan' THEN
			keep := line ~ ' on (handoff|lead_cycle|lead_current) ';
		ELSIF NOT conditions OR line !~ '^\s+(Index Cond|Filter|Recheck Cond):' THEN
			keep := false;
		END IF;
		IF keep THEN
			RETURN NEXT regexp_replace(regexp_replace(line, '^\s*(->\s*)?', ''), '= \d+\)', '= :t)', 'g');
		END IF;
	END LOOP;
END $$;
ANALYZE lead_align.handoff;
ANALYZE lead_align.lead_cycle;
ANALYZE lead_align.lead_current;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SELECT * FROM pg_temp.scans(format($$SELECT * FROM lead_align.funnel WHERE track_id = %s AND cohort_month = '2026-01-01'$$, :t));
SELECT * FROM pg_temp.scans(format($$SELECT * FROM lead_align.lead_quality WHERE track_id = %s AND month = '2026-01-01'$$, :t));
SELECT * FROM pg_temp.scans(format($$SELECT * FROM lead_align.rule_performance WHERE track_id = %s AND cohort_month = '2026-01-01'$$, :t));
SELECT * FROM pg_temp.scans(format($$SELECT * FROM lead_align.lead_cycles WHERE track_id = %s AND cohort_month = '2026-01-01'$$, :t));
-- by the track's name, as BI tools filter: the track first, then the same scans
SELECT * FROM pg_temp.scans($$SELECT * FROM lead_align.funnel WHERE track = 'sn.leads' AND cohort_month = '2026-01-01'$$);
SELECT * FROM pg_temp.scans($$SELECT * FROM lead_align.lead_quality WHERE track = 'sn.leads' AND month = '2026-01-01' AND dimension = 'source'$$);
-- (its index condition is long: track_id, and event_time from the period's
-- start, included, to its end, excluded, each in the calendar's zone)
SELECT * FROM pg_temp.scans(format($$SELECT * FROM lead_align.volume_sla_status WHERE track_id = %s AND period_start = '2026-01-01'$$, :t), false);
CREATE FUNCTION pg_temp.plan(query text) RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN
	RETURN QUERY EXECUTE 'EXPLAIN (COSTS OFF) ' || query;
END $$;
SELECT count(*) FILTER (WHERE l ~ '^\s+Index Cond: \(\(track_id = v\.track_id\) AND \(event_time >= timezone\(.*\) AND \(event_time < timezone\(') AS track_and_period_bounds
  FROM pg_temp.plan(format($$SELECT * FROM lead_align.volume_sla_status WHERE track_id = %s AND period_start = '2026-01-01'$$, :t)) AS p (l);
RESET enable_seqscan;
RESET enable_bitmapscan;
-- the month filter gives the rows of the whole view filtered by hand
SELECT (SELECT count(*) FROM lead_align.lead_cycles WHERE track_id = :t AND cohort_month = '2026-01-01') AS january_cycles,
	   (SELECT count(*) FROM lead_align.lead_cycles WHERE track_id = :t AND started_on BETWEEN '2026-01-01' AND '2026-01-31') AS by_started_on;

-------------------------------------------------------------------------------
-- Readers: lead_align_reader reads the five views with the default
-- search_path; PUBLIC may not.  Hostile objects in public and pg_temp
-- (functions and operators named like the built-ins the views and
-- volume_sla use, domains named like built-in types) never run: the views
-- and volume_sla_status_at are bound when created, the helpers pin their
-- search_path.
-------------------------------------------------------------------------------
CREATE ROLE sn_reader;
GRANT lead_align_reader TO sn_reader;
CREATE ROLE sn_nobody;
CREATE ROLE sn_attacker;
GRANT CREATE ON SCHEMA public TO sn_attacker;
CREATE TABLE public.sn_pwned (who text);
GRANT INSERT ON public.sn_pwned TO PUBLIC;
SET ROLE sn_attacker;
SET search_path = pg_catalog, pg_temp;
CREATE FUNCTION public.sn_pwn(who pg_catalog.text) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
	INSERT INTO public.sn_pwned VALUES (who);
	RETURN true;
END $$;
DO $$
DECLARE
	s text;
	f text;
	t text;
	o text;
BEGIN
	FOREACH s IN ARRAY ARRAY['public', 'pg_temp'] LOOP
		FOREACH f IN ARRAY ARRAY[
			'count() RETURNS pg_catalog.int8',
			'round(x pg_catalog.numeric, y pg_catalog.int4) RETURNS pg_catalog.numeric',
			'date_trunc(x pg_catalog.text, y pg_catalog.timestamp) RETURNS pg_catalog.timestamp',
			'date_trunc(x pg_catalog.text, y pg_catalog.date) RETURNS pg_catalog.timestamp',
			'timezone(x pg_catalog.text, y pg_catalog.timestamptz) RETURNS pg_catalog.timestamp',
			'timezone(x pg_catalog.text, y pg_catalog.timestamp) RETURNS pg_catalog.timestamptz',
			'now() RETURNS pg_catalog.timestamptz',
			'unnest(x pg_catalog.text[]) RETURNS SETOF pg_catalog.text',
			'jsonb_each_text(x pg_catalog.jsonb, OUT key pg_catalog.text, OUT value pg_catalog.text) RETURNS SETOF record',
			'generate_series(a pg_catalog.timestamp, b pg_catalog.timestamp, c pg_catalog.interval) RETURNS SETOF pg_catalog.timestamp',
			'text(x lead_align.lead_stage) RETURNS pg_catalog.text',
			'text(x lead_align.lead_temperature) RETURNS pg_catalog.text',
			'calendar_zone(x lead_align.business_calendar) RETURNS pg_catalog.text',
			'vocabulary(x pg_catalog.text) RETURNS pg_catalog.text[]',
			'business_elapsed(a pg_catalog.timestamptz, b pg_catalog.timestamptz, c lead_align.business_calendar) RETURNS pg_catalog.interval'] LOOP
			IF f ~ 'SETOF' THEN
				EXECUTE format('CREATE FUNCTION %s.%s LANGUAGE plpgsql IMMUTABLE AS %L', s, f,
					format('BEGIN PERFORM public.sn_pwn(%L); RETURN; END', s || '.' || f));
			ELSE
				EXECUTE format('CREATE FUNCTION %s.%s LANGUAGE plpgsql IMMUTABLE AS %L', s, f,
					format('BEGIN PERFORM public.sn_pwn(%L); RETURN NULL; END', s || '.' || f));
			END IF;
		END LOOP;
		FOREACH t IN ARRAY ARRAY['pg_catalog.text', 'pg_catalog.int4', 'pg_catalog.int8', 'pg_catalog.date',
								 'pg_catalog.timestamptz', 'lead_align.lead_stage', 'lead_align.lead_temperature'] LOOP
			FOREACH o IN ARRAY ARRAY['=', '<>', '<', '<=', '>', '>='] LOOP
				IF s = 'public' AND o = '=' THEN
					EXECUTE format('CREATE FUNCTION public.sn_op(x %s, y %s) RETURNS pg_catalog.bool '
						'LANGUAGE plpgsql IMMUTABLE AS %L', t, t,
						format('BEGIN RETURN public.sn_pwn(%L); END', 'operator on ' || t));
				END IF;
				EXECUTE format('CREATE OPERATOR %s.%s (leftarg = %s, rightarg = %s, function = public.sn_op)', s, o, t, t);
			END LOOP;
		END LOOP;
		IF s = 'pg_temp' THEN
			FOREACH t IN ARRAY ARRAY['text', 'int4', 'int8', 'numeric', 'date', 'timestamp', 'timestamptz',
									 'interval', 'jsonb', 'bool'] LOOP
				EXECUTE format('CREATE DOMAIN pg_temp.%I AS pg_catalog.%I CHECK (public.sn_pwn(%L))', t, t, 'domain ' || t);
			END LOOP;
		END IF;
	END LOOP;
END $$;
RESET ROLE;
RESET search_path;
-- the reader, with the default search_path ("$user", public; pg_temp and
-- pg_catalog implicitly first), reads every view
SET ROLE sn_reader;
SHOW search_path;
SELECT (SELECT count(*) FROM lead_align.lead_cycles WHERE track_id = :t) AS cycles,
	   (SELECT sum(leads) FROM lead_align.funnel WHERE track_id = :t) AS funnel_leads,
	   (SELECT sum(leads) FROM lead_align.lead_quality WHERE track_id = :t AND dimension = 'source') AS quality_leads,
	   (SELECT sum(leads) FROM lead_align.rule_performance WHERE track_id = :t) AS rule_leads,
	   (SELECT sum(delivered) FROM lead_align.volume_sla_status WHERE track_id = :t AND period_start <= '2026-02-09') AS delivered;
SELECT month, top_reject_reasons FROM lead_align.lead_quality
 WHERE track_id = :t AND dimension = 'source' AND value = 'ads' ORDER BY month;
SELECT stage, delivered, expected_by_now FROM lead_align.volume_sla_status_at('2026-02-11 19:00+01')
 WHERE track_id = :t AND period = 'month' ORDER BY period_start;
RESET ROLE;
-- and with the hostile schemas first (this query names its own functions
-- and operators: public.count() would capture an unqualified count(*)).
-- 19 cycles; reached mql 11 + 2; rejected 2 (amer) + 2 (emea); won 1;
-- delivered 10 + 2 + 1 + 0 + 2 + 0 + 2 + 0 + 1 = 18; expected as of 11
-- February 5 + 1.88 + 2 * 5 + 1.20 + 0.94 = 19.02.
SET search_path = pg_temp, public, pg_catalog;
SET ROLE sn_reader;
SELECT (SELECT pg_catalog.count(*) FROM lead_align.lead_cycles WHERE track_id OPERATOR(pg_catalog.=) :t) AS cycles,
	   (SELECT pg_catalog.sum(reached_mql) FROM lead_align.funnel WHERE track_id OPERATOR(pg_catalog.=) :t) AS reached_mql,
	   (SELECT pg_catalog.sum(rejected) FROM lead_align.lead_quality
		 WHERE track_id OPERATOR(pg_catalog.=) :t AND dimension OPERATOR(pg_catalog.=) 'region') AS rejected,
	   (SELECT pg_catalog.sum(won) FROM lead_align.rule_performance WHERE track_id OPERATOR(pg_catalog.=) :t) AS won,
	   (SELECT pg_catalog.sum(delivered) FROM lead_align.volume_sla_status
		 WHERE track_id OPERATOR(pg_catalog.=) :t AND period_start OPERATOR(pg_catalog.<=) '2026-02-09') AS delivered,
	   (SELECT pg_catalog.sum(expected_by_now) FROM lead_align.volume_sla_status_at('2026-02-11 19:00+01')
		 WHERE track_id OPERATOR(pg_catalog.=) :t) AS expected;
RESET ROLE;
-- the table's owner configures a volume SLA with the hostile schemas first
SELECT lead_align.volume_sla('sn.leads', 'marketing', 'mql', 'quarter', 12);
SELECT lead_align.volume_sla('sn.leads', 'marketing', 'mql', 'quarter', NULL);
-- the traps are armed: the reader's own unqualified now() runs public.now()
-- (which returns NULL)
SET ROLE sn_reader;
SELECT now() IS NULL AS captured;
RESET ROLE;
SELECT who FROM public.sn_pwned;
DELETE FROM public.sn_pwned;
RESET search_path;
SELECT count(*) AS pwned FROM public.sn_pwned;
-- PUBLIC may not read the views (nor the ledger)
SET ROLE sn_nobody;
SELECT * FROM pg_temp.try($$SELECT count(*) FROM lead_align.funnel$$);
SELECT * FROM pg_temp.try($$SELECT count(*) FROM lead_align.lead_quality$$);
SELECT * FROM pg_temp.try($$SELECT count(*) FROM lead_align.rule_performance$$);
SELECT * FROM pg_temp.try($$SELECT count(*) FROM lead_align.volume_sla_status$$);
SELECT * FROM pg_temp.try($$SELECT count(*) FROM lead_align.lead_cycles$$);
SELECT * FROM pg_temp.try($$SELECT count(*) FROM lead_align.volume_sla_status_at(now())$$);
RESET ROLE;
-- the grants to others than the owner (whose own privileges differ between
-- versions: 17 adds MAINTAIN)
SELECT c.relname, array_agg(a.grantee::regrole::text || '=' || a.privilege_type ORDER BY a.grantee::regrole::text, a.privilege_type) AS grants
  FROM pg_class c, aclexplode(c.relacl) a
 WHERE c.oid IN ('lead_align.funnel'::regclass, 'lead_align.lead_quality'::regclass, 'lead_align.rule_performance'::regclass,
				 'lead_align.volume_sla_status'::regclass, 'lead_align.lead_cycles'::regclass, 'lead_align.volume_sla'::regclass)
   AND a.grantee <> c.relowner
 GROUP BY c.relname
 ORDER BY c.relname;
DROP OWNED BY sn_attacker;
DROP TABLE public.sn_pwned;
DROP ROLE sn_attacker, sn_reader, sn_nobody;

-------------------------------------------------------------------------------
-- decayed_sum(points, at, half_life, as_of): points halve every half_life
-- before as_of.  10 points 1 half-life old = 5, 2 half-lives = 2.5, now = 10,
-- after as_of = 0 (not yet earned); NULL arguments are skipped; no rows: NULL.
-------------------------------------------------------------------------------
SELECT lead_align.decayed_sum(p, at, '7 days', '2026-02-15 00:00+00') AS decayed
  FROM (VALUES (10, '2026-02-15 00:00+00'::timestamptz), (10, '2026-02-08 00:00+00'), (10, '2026-02-01 00:00+00'),
			   (10, '2026-02-16 00:00+00'), (NULL, '2026-02-15 00:00+00'), (10, NULL)) AS e (p, at);
-- numeric points; a month is 30 days (as extract(epoch) counts it); half a
-- half-life is 1/sqrt(2)
SELECT lead_align.decayed_sum(p, at, '1 month', '2026-03-31 00:00+00') AS numeric_points
  FROM (VALUES (3.5::numeric, '2026-03-01 00:00+00'::timestamptz), (0.5, '2026-03-31 00:00+00')) AS e (p, at);
SELECT round(lead_align.decayed_sum(8, '2026-01-01 00:00+00', '2 days', '2026-01-02 00:00+00')::numeric, 6) AS half_a_half_life;
SELECT lead_align.decayed_sum(p, now(), '1 day', now()) IS NULL AS no_rows_is_null FROM (SELECT 1 AS p WHERE false) x;
SELECT * FROM pg_temp.try($$SELECT lead_align.decayed_sum(1, now(), '0 days', now())$$);
SELECT * FROM pg_temp.try($$SELECT lead_align.decayed_sum(1, now(), '-1 hour', now())$$);
SELECT * FROM pg_temp.try($$SELECT lead_align.decayed_sum(1, 'infinity', '1 hour', now())$$);
SELECT * FROM pg_temp.try($$SELECT lead_align.decayed_sum(1, now(), '1 hour', '-infinity')$$);
-- per lead, over the ledger: each stage move worth 1 point, a week's
-- half-life, as of 11 February 12:00 in Berlin.  L3: create and handoff 35
-- days before, reject 34, re-MQL 9, accept 7: 2^-5 + 2^-5 + 2^(-34/7) +
-- 2^(-9/7) + 2^-1 = 0.03125 + 0.03125 + 0.03450 + 0.41017 + 0.5 = 1.0072.
-- L13: create 46 hours before, handoff 22 (of 168): 2^(-46/168) +
-- 2^(-22/168) = 0.82714 + 0.91328 = 1.7404.
SELECT lead_key AS lead, round(lead_align.decayed_sum(1, event_time, '7 days', '2026-02-11 12:00+01')::numeric, 4) AS interest
  FROM lead_align.handoff
 WHERE track_id = :t AND lead_key IN ('3', '13') AND kind = ANY (lead_align.vocabulary('stage_event_kind'))
 GROUP BY lead_key ORDER BY lead_key::int;

-- A forced parallel plan gives the serial answer.  200,000 events: 1 point
-- each, k days old for k = 0..9, 20,000 of each; the half-life is a day, so
-- the exact sum is 20000 * (2 - 1/512) = 39960.9375 (dyadic terms: exact in
-- any order).  And points 0..6 spread over 200,000 minutes with a 3-day
-- half-life, compared to 6 decimals.
CREATE TABLE sn.events AS
SELECT k, (k % 7)::numeric AS points, '2026-06-01 00:00+00'::timestamptz - (k % 10) * interval '1 day' AS day_at,
	   '2026-06-01 00:00+00'::timestamptz - k * interval '1 minute' AS minute_at
  FROM generate_series(0, 199999) AS k;
ANALYZE sn.events;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT lead_align.decayed_sum(1, day_at, '1 day', '2026-06-01 00:00+00') FROM sn.events;
SELECT lead_align.decayed_sum(1, day_at, '1 day', '2026-06-01 00:00+00') AS parallel_days,
	   round(lead_align.decayed_sum(points, minute_at, '3 days', '2026-06-01 00:00+00')::numeric, 6) AS parallel_minutes
  FROM sn.events;
SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF) SELECT lead_align.decayed_sum(1, day_at, '1 day', '2026-06-01 00:00+00') FROM sn.events;
SELECT lead_align.decayed_sum(1, day_at, '1 day', '2026-06-01 00:00+00') AS serial_days,
	   round(lead_align.decayed_sum(points, minute_at, '3 days', '2026-06-01 00:00+00')::numeric, 6) AS serial_minutes
  FROM sn.events;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
-- the aggregate's parts: a float8 state, a combine function, parallel safe;
-- readable by anyone, like the business-time functions
SELECT a.aggfnoid::regprocedure, a.aggtranstype::regtype, a.aggcombinefn, a.aggserialfn, p.proparallel,
	   has_function_privilege('public', a.aggfnoid, 'EXECUTE') AS public_may_call
  FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
 WHERE a.aggfnoid::regproc::text = 'lead_align.decayed_sum' ORDER BY 1::text;
DROP TABLE sn.events;

-------------------------------------------------------------------------------
-- The helpers: _arg_min / _arg_max keep the value of the row with the
-- smallest / largest key (a NULL key is skipped, a NULL value kept);
-- _top_codes ranks codes by count, ties by code; calendar_zone.
-------------------------------------------------------------------------------
SELECT lead_align._arg_min(v, k) AS first, lead_align._arg_max(v, k) AS last,
	   lead_align._arg_min(j, k) AS first_json, lead_align._arg_max(n, k) AS last_int
  FROM (VALUES ('b', 2::bigint, '{"a": 2}'::jsonb, 20), ('a', 3, '{"a": 3}', NULL), (NULL, 1, '{"a": 1}', 10),
			   ('z', NULL, '{"z": 0}', 99)) AS x (v, k, j, n);
SELECT lead_align._top_codes(ARRAY['spam', 'bad_fit', 'other', 'bad_fit', NULL, 'duplicate', 'spam', 'no_need'], 3) AS top3,
	   lead_align._top_codes(ARRAY[]::text[], 3) AS none;
SELECT lead_align.calendar_zone('Mo-Fr 09:00-17:00; tz europe/berlin') AS berlin, lead_align.calendar_zone('24/7') AS utc;

-- lead_align._quality(), the aggregate behind lead_quality, on its own: the
-- values jsonb_each_text() gives (a number keeps its scale, a boolean, a
-- JSON null as NULL, a nested object as its JSON text, a non-ASCII string),
-- outcomes counted only for cycles that entered mql, NULL outcomes as false,
-- reasons most frequent first with ties by code, NULL reasons left out, and
-- no pair for NULL dimensions
SELECT r.* FROM (SELECT lead_align._quality(d, m, a, rj, rc, w, rr) AS p FROM (VALUES
	('{"n": 1.50, "b": true, "z": null, "o": {"x": [1, "a"]}, "s": "été"}'::jsonb, true, true, false, NULL::boolean, NULL::boolean, NULL::text),
	('{"n": 1.50, "s": "été"}', true, false, true, false, false, 'spam'),
	('{"n": 2, "s": "été"}', true, false, true, false, true, 'bad_fit'),
	('{"n": 2}', true, false, true, false, false, 'bad_fit'),
	('{"n": 2}', true, false, true, false, false, 'spam'),
	('{"n": 2}', true, false, true, false, false, 'apple'),
	('{"n": 2}', true, false, true, false, false, NULL),
	('{"n": 2}', false, true, true, true, true, 'not_counted'),
	(NULL, true, true, false, false, false, NULL)) v (d, m, a, rj, rc, w, rr)) q,
	   unnest(q.p) r
 ORDER BY r.dimension, r.value;
SELECT count(*) AS pairs FROM unnest((SELECT lead_align._quality(NULL, true, true, true, true, true, 'x'))) r;
-- two equal calls in one query share one state, and both give the same pairs
SELECT a = b AS shared_state_same_result, cardinality(a) AS pairs
  FROM (SELECT lead_align._quality(d, true, false, true, false, false, r) AS a,
			   lead_align._quality(d, true, false, true, false, false, r) AS b
		  FROM (VALUES ('{"s": "x"}'::jsonb, 'spam'), ('{"s": "x"}', 'bad_fit'), ('{"s": "y"}', 'spam'), ('{"s": "x"}', 'spam')) v (d, r)) q;
SELECT lead_align._quality('[1, 2]'::jsonb, true, true, true, true, true, 'x');

SELECT lead_align.untrack('sn.leads', purge => true);
SELECT count(*) AS volume_slas_left FROM lead_align.volume_sla WHERE track_id = :t;
DROP SCHEMA sn CASCADE;
DROP ROLE sn_other;
