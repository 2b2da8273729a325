-- Changing a track in place (DESIGN 4): track() on a tracked table,
-- alter_track() with each argument and each unset, its refusals, the rules
-- kept, the mode, and a new calendar that applies to later stays only;
-- team_calendar(); map_stage(..., canonical).  Every expected value was
-- worked out by hand.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
-- CONTEXT lines (line numbers inside the implementations) are left out: the
-- messages and hints are the contract
\set SHOW_CONTEXT never

\i test/fixtures/try.sql

-- A track's settings on one line: the optional ones that are set, the
-- calendar and thresholds when not the defaults, and the mode.
CREATE FUNCTION pg_temp.cfg(tbl regclass) RETURNS text
LANGUAGE sql AS $$
	SELECT concat_ws(', ',
		'temperature=' || k.temperature_column, 'fit=' || k.fit_column, 'interest=' || k.interest_column,
		'owner=' || k.owner_column, 'touch=' || k.touch_column, 'event_time=' || k.event_time_column,
		'reason=' || k.reason_column, 'note=' || k.note_column, 'calendar_column=' || k.calendar_column,
		'dimensions=' || nullif(k.dimensions, '{}')::text,
		'calendar=' || nullif(k.calendar, '24/7; tz UTC')::text,
		'handoff_temperature=' || k.handoff_temperature::text,
		'fit_threshold=' || nullif(k.fit_threshold, 50)::text,
		'interest_threshold=' || nullif(k.interest_threshold, 50)::text,
		'mode=' || k.mode)
	  FROM lead_align.track k WHERE k.relid = tbl AND k.active
$$;
-- alter_track() on alt.leads with the arguments given as text; returns the
-- track's settings after the call, and says whether it returned the same id
CREATE FUNCTION pg_temp.alter_leads(args text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	v_id integer;
BEGIN
	EXECUTE format('SELECT lead_align.alter_track(%L, %s)', 'alt.leads', args) INTO v_id;
	RETURN CASE WHEN v_id = (SELECT k.id FROM lead_align.track k WHERE k.relid = 'alt.leads'::regclass AND k.active)
				THEN '' ELSE 'ANOTHER ID: ' END || pg_temp.cfg('alt.leads');
END $$;

CREATE SCHEMA alt;
CREATE DOMAIN alt.office_hours AS lead_align.business_calendar;
CREATE TABLE alt.leads (
	id			int PRIMARY KEY,
	stage		text NOT NULL,
	temp		text,
	fit_score	int,
	int_score	numeric,
	rep			text,
	touched_at	timestamptz,
	touched_ts	timestamp,
	updated_at	timestamptz,
	modified_at	timestamptz,
	why			text,
	why_note	varchar(200),
	hours		alt.office_hours,
	hours_text	text,
	source		text,
	country		text,
	visits		int
);
SELECT lead_align.track('alt.leads', 'id', 'stage', event_time => 'updated_at', mode => 'backfill') AS tid \gset
SELECT count(lead_align.map_stage('alt.leads', l, s::lead_align.lead_stage)) AS labels
  FROM (VALUES ('New', 'new'), ('Nurture', 'nurture'), ('Marketing Qualified', 'mql'), ('Hand-raiser', 'mql'),
			   ('SAL', 'sal'), ('Won', 'won')) AS m (l, s);
SELECT pg_temp.cfg('alt.leads');
-- the triggers, to show at the end that no alter_track() call replaced them
CREATE TEMP TABLE triggers_before AS
SELECT oid, tgname FROM pg_trigger WHERE tgrelid = 'alt.leads'::regclass;

-------------------------------------------------------------------------------
-- 1. track() on a table that is tracked: 42710, with a hint naming alter_track
-------------------------------------------------------------------------------
\x on
SELECT * FROM pg_temp.try($$SELECT lead_align.track('alt.leads', 'id', 'stage', mode => 'enforce')$$);
\x off

-------------------------------------------------------------------------------
-- 2. Moving from backfill to enforce is a change of mode.  In backfill a lead
-- may start as won (no checks); under enforce the agreement refuses it.
-------------------------------------------------------------------------------
INSERT INTO alt.leads (id, stage, updated_at) VALUES (1, 'Won', '2025-01-02 10:00+00');
SELECT pg_temp.alter_leads($$mode => 'enforce'$$);
\x on
SELECT * FROM pg_temp.try($$INSERT INTO alt.leads (id, stage, updated_at) VALUES (2, 'Won', '2025-01-02 10:00+00')$$);
\x off
SELECT id, stage FROM alt.leads ORDER BY id;

-------------------------------------------------------------------------------
-- 3. Each argument: only the arguments given change, one call at a time.
-- A domain over business_calendar may be the calendar column; numeric may be
-- a score; varchar may be the note.
-------------------------------------------------------------------------------
SELECT pg_temp.alter_leads($$temperature => 'temp'$$);
SELECT pg_temp.alter_leads($$fit => 'fit_score'$$);
SELECT pg_temp.alter_leads($$interest => 'int_score'$$);
SELECT pg_temp.alter_leads($$owner => 'rep'$$);
SELECT pg_temp.alter_leads($$touch => 'touched_at'$$);
SELECT pg_temp.alter_leads($$event_time => 'modified_at'$$);
SELECT pg_temp.alter_leads($$reason => 'why'$$);
SELECT pg_temp.alter_leads($$note => 'why_note'$$);
SELECT pg_temp.alter_leads($$calendar_column => 'hours'$$);
SELECT pg_temp.alter_leads($$dimensions => ARRAY['source', 'country']$$);
SELECT pg_temp.alter_leads($$calendar => 'Mo-Fr 09:00-17:00; tz Europe/Berlin'$$);
SELECT pg_temp.alter_leads($$handoff_temperature => 'hot'$$);
SELECT pg_temp.alter_leads($$fit_threshold => 60$$);
SELECT pg_temp.alter_leads($$interest_threshold => 70$$);
SELECT pg_temp.alter_leads($$mode => 'record'$$);
-- several at once: the settings it will have are checked together, so two
-- columns may swap roles in one call
SELECT pg_temp.alter_leads($$mode => 'enforce', fit_threshold => 55, dimensions => ARRAY['country'], touch => 'modified_at', event_time => 'touched_at'$$);
-- no argument: nothing changes
SELECT lead_align.alter_track('alt.leads') = :tid AS same_id;
SELECT pg_temp.cfg('alt.leads');

-------------------------------------------------------------------------------
-- 4. Refusals: each leaves the track as it was.
-------------------------------------------------------------------------------
CREATE TABLE alt.never (id int PRIMARY KEY, stage lead_align.lead_stage NOT NULL);
CREATE TABLE alt.gone (id int PRIMARY KEY, stage lead_align.lead_stage NOT NULL);
SELECT lead_align.track('alt.gone', 'id', 'stage') > 0 AS tracked;
SELECT lead_align.untrack('alt.gone');
SELECT lead_align.sla('alt.leads', 'mql', "window" => '30 minutes', kind => 'touch');
SELECT lead_align.sla('alt.leads', 'sal', 'hot', '1 hour', kind => 'touch');
\x on
SELECT n, what, cmd, t.*
  FROM (VALUES
	-- key and stage stay
	(1, 'key given', $$SELECT lead_align.alter_track('alt.leads', key => 'id')$$),
	(2, 'stage given', $$SELECT lead_align.alter_track('alt.leads', stage => 'temp')$$),
	(3, 'key unset', $$SELECT lead_align.alter_track('alt.leads', unset => ARRAY['key'])$$),
	-- unset
	(4, 'mode cannot be unset', $$SELECT lead_align.alter_track('alt.leads', unset => ARRAY['mode'])$$),
	(5, 'unknown setting', $$SELECT lead_align.alter_track('alt.leads', unset => ARRAY['owner', 'first_touch'])$$),
	(6, 'null in unset', $$SELECT lead_align.alter_track('alt.leads', unset => ARRAY[NULL, 'owner'])$$),
	(7, 'given and unset', $$SELECT lead_align.alter_track('alt.leads', owner => 'rep', unset => ARRAY['owner'])$$),
	(8, 'given and unset (calendar)', $$SELECT lead_align.alter_track('alt.leads', calendar => '24/7', unset => ARRAY['touch', 'calendar'])$$),
	-- validated as track() validates
	(9, 'unknown column', $$SELECT lead_align.alter_track('alt.leads', fit => 'fit_points')$$),
	(10, 'integer temperature', $$SELECT lead_align.alter_track('alt.leads', temperature => 'visits')$$),
	(11, 'timestamp touch', $$SELECT lead_align.alter_track('alt.leads', touch => 'touched_ts')$$),
	(12, 'text calendar column', $$SELECT lead_align.alter_track('alt.leads', calendar_column => 'hours_text')$$),
	(13, 'integer note', $$SELECT lead_align.alter_track('alt.leads', note => 'visits')$$),
	(14, 'note is the reason column', $$SELECT lead_align.alter_track('alt.leads', note => 'why')$$),
	(15, 'fit is the interest column', $$SELECT lead_align.alter_track('alt.leads', fit => 'int_score')$$),
	(16, 'unknown mode', $$SELECT lead_align.alter_track('alt.leads', mode => 'strict')$$),
	(17, 'dimension listed twice', $$SELECT lead_align.alter_track('alt.leads', dimensions => ARRAY['country', 'country'])$$),
	-- the settings it will have must fit together
	(18, 'a note without a reason', $$SELECT lead_align.alter_track('alt.leads', unset => ARRAY['reason'])$$),
	(19, 'touch SLAs without a touch column', $$SELECT lead_align.alter_track('alt.leads', unset => ARRAY['touch'])$$),
	-- the table
	(20, 'never tracked', $$SELECT lead_align.alter_track('alt.never', mode => 'record')$$),
	(21, 'untracked', $$SELECT lead_align.alter_track('alt.gone', mode => 'record')$$)
  ) AS v (n, what, cmd),
  LATERAL pg_temp.try(v.cmd) AS t
 ORDER BY n;
\x off
SELECT pg_temp.cfg('alt.leads');

-------------------------------------------------------------------------------
-- 5. The rules kept must still fit the table: a rule calling a function that
-- was dropped since no longer compiles, and alter_track() says which.
-------------------------------------------------------------------------------
CREATE FUNCTION alt.vip(int) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT $1 < 10 $$;
SELECT lead_align.add_rule('alt.leads', 'hot', $$alt.vip(id)$$, name => 'vip');
DROP FUNCTION alt.vip(int);
\x on
SELECT * FROM pg_temp.try($$SELECT lead_align.alter_track('alt.leads', mode => 'record')$$);
\x off
SELECT pg_temp.cfg('alt.leads');
SELECT lead_align.drop_rule('alt.leads', 'vip');
SELECT pg_temp.alter_leads($$mode => 'record'$$);

-------------------------------------------------------------------------------
-- 6. Unset each optional setting.  The note goes before the reason (a note
-- needs one), the touch SLAs before the touch column.
-------------------------------------------------------------------------------
SELECT pg_temp.alter_leads($$unset => ARRAY['temperature']$$);
SELECT pg_temp.alter_leads($$unset => ARRAY['fit']$$);
SELECT pg_temp.alter_leads($$unset => ARRAY['interest']$$);
SELECT pg_temp.alter_leads($$unset => ARRAY['owner']$$);
SELECT lead_align.sla('alt.leads', 'mql', NULL, NULL, kind => 'touch');
SELECT lead_align.sla('alt.leads', 'sal', 'hot', NULL, kind => 'touch');
SELECT pg_temp.alter_leads($$unset => ARRAY['touch']$$);
SELECT pg_temp.alter_leads($$unset => ARRAY['note']$$);
SELECT pg_temp.alter_leads($$unset => ARRAY['reason']$$);
SELECT pg_temp.alter_leads($$unset => ARRAY['calendar_column']$$);
SELECT pg_temp.alter_leads($$unset => ARRAY['dimensions']$$);
SELECT pg_temp.alter_leads($$unset => ARRAY['handoff_temperature']$$);
SELECT pg_temp.alter_leads($$unset => ARRAY['fit_threshold']$$);
SELECT pg_temp.alter_leads($$unset => ARRAY['interest_threshold']$$);
SELECT pg_temp.alter_leads($$unset => ARRAY['calendar']$$);
-- event_time last, with a change of mode in the same call; unsetting what is
-- not set changes nothing
SELECT pg_temp.alter_leads($$mode => 'enforce', unset => ARRAY['event_time', 'owner']$$);
SELECT pg_temp.alter_leads($$event_time => 'updated_at'$$);

-------------------------------------------------------------------------------
-- 7. A new calendar applies to stays that begin after the change; the due
-- times already in the ledger stay.  SLA of new: 2 business hours.
--   lead 10, entered Friday 2026-01-09 16:00 UTC under Mo-Fr 09:00-17:00 UTC:
--     1 hour on Friday (16:00-17:00), 1 hour on Monday: due 2026-01-12 10:00 UTC
--   then the calendar becomes Mo-Fr 09:00-17:00 in New York (UTC-5 in January)
--   lead 11, entered at the same instant, 11:00 in New York: due 13:00 New
--     York, 2026-01-09 18:00 UTC
-------------------------------------------------------------------------------
SELECT lead_align.sla('alt.leads', 'new', "window" => '2 business hours');
SELECT pg_temp.alter_leads($$calendar => 'Mo-Fr 09:00-17:00; tz UTC'$$);
INSERT INTO alt.leads (id, stage, updated_at) VALUES (10, 'New', '2026-01-09 16:00+00');
SELECT pg_temp.alter_leads($$calendar => 'Mo-Fr 09:00-17:00; tz America/New_York'$$);
INSERT INTO alt.leads (id, stage, updated_at) VALUES (11, 'New', '2026-01-09 16:00+00');
SELECT lead_key, kind, to_stage, event_time, sla_window, due_at
  FROM lead_align.handoff WHERE track_id = :tid AND lead_key IN ('10', '11') ORDER BY id;

-------------------------------------------------------------------------------
-- 8. team_calendar(): set, replace, remove (NULL); per track and team
-------------------------------------------------------------------------------
SELECT lead_align.team_calendar('alt.leads', 'sales', 'Mo-Fr 09:00-17:00; tz America/New_York');
SELECT lead_align.team_calendar('alt.leads', 'marketing', 'Mo-Fr 08:00-16:00; tz Europe/Berlin');
SELECT team, calendar FROM lead_align.team_calendar WHERE track_id = :tid ORDER BY team;
SELECT lead_align.team_calendar('alt.leads', 'sales', 'Mo-Th 08:00-18:00; tz America/Chicago');	-- replaces
SELECT lead_align.team_calendar('alt.leads', 'marketing', NULL);									-- removes
SELECT lead_align.team_calendar('alt.leads', 'marketing', NULL);									-- again: nothing to remove
SELECT team, calendar FROM lead_align.team_calendar WHERE track_id = :tid ORDER BY team;
-- a team added with add_team owns no stage, so no stay takes its calendar
-- (removing its calendar is allowed: there is none).  Teams cannot be removed
-- through the API; the test removes its own at the end.
SELECT lead_align.add_team('alt_field', 'field sales');
SELECT lead_align.team_calendar('alt.leads', 'alt_field', NULL);
\x on
SELECT n, what, cmd, t.*
  FROM (VALUES
	(1, 'a team that owns no stage', $$SELECT lead_align.team_calendar('alt.leads', 'alt_field', 'Mo-Fr 09:00-17:00')$$),
	(2, 'null team', $$SELECT lead_align.team_calendar('alt.leads', NULL, 'Mo-Fr 09:00-17:00')$$),
	(3, 'a table never tracked', $$SELECT lead_align.team_calendar('alt.never', 'sales', 'Mo-Fr 09:00-17:00')$$)
  ) AS v (n, what, cmd),
  LATERAL pg_temp.try(v.cmd) AS t
 ORDER BY n;
\x off
-- an unknown team (the hint lists every team, which other tests add to)
SELECT state, message FROM pg_temp.try($$SELECT lead_align.team_calendar('alt.leads', 'support', 'Mo-Fr 09:00-17:00')$$);
SELECT team, calendar FROM lead_align.team_calendar WHERE track_id = :tid ORDER BY team;

-------------------------------------------------------------------------------
-- 9. map_stage(..., canonical): the label move() writes for a stage.  Two
-- labels of mql, 'Hand-raiser' and 'Marketing Qualified' (in every
-- collation's order).
-------------------------------------------------------------------------------
INSERT INTO alt.leads (id, stage, updated_at) VALUES
	(20, 'New', '2026-01-12 09:00+00'), (21, 'New', '2026-01-12 09:00+00'),
	(22, 'New', '2026-01-12 09:00+00'), (23, 'New', '2026-01-12 09:00+00');
-- none marked, no label spelled 'mql': the first label in order
SELECT lead_align.move('alt.leads', '20', 'mql');
-- marked: that label
SELECT lead_align.map_stage('alt.leads', 'Marketing Qualified', 'mql', canonical => true);
SELECT label, stage, canonical FROM lead_align.stage_map WHERE track_id = :tid AND stage = 'mql' ORDER BY label;
SELECT lead_align.move('alt.leads', '21', 'mql');
-- the mark flips to the other label in one call
SELECT lead_align.map_stage('alt.leads', 'Hand-raiser', 'mql', canonical => true);
SELECT label, stage, canonical FROM lead_align.stage_map WHERE track_id = :tid AND stage = 'mql' ORDER BY label;
SELECT lead_align.move('alt.leads', '22', 'mql');
-- each call says whether the label is canonical: mapped again without it,
-- Hand-raiser is no longer marked; none marked, the label spelled as the
-- stage wins
SELECT lead_align.map_stage('alt.leads', 'Hand-raiser', 'mql');
SELECT lead_align.map_stage('alt.leads', 'mql', 'mql');
SELECT label, stage, canonical FROM lead_align.stage_map WHERE track_id = :tid AND stage = 'mql' ORDER BY label;
SELECT lead_align.move('alt.leads', '23', 'mql');
SELECT id, stage FROM alt.leads WHERE id BETWEEN 20 AND 23 ORDER BY id;
-- a canonical label of another stage is untouched; canonical is not null,
-- and a label being unmapped cannot be canonical
SELECT lead_align.map_stage('alt.leads', 'New', 'new', canonical => true);
\x on
SELECT n, what, cmd, t.*
  FROM (VALUES
	(1, 'null canonical', $$SELECT lead_align.map_stage('alt.leads', 'SAL', 'sal', canonical => NULL)$$),
	(2, 'canonical and unmapped', $$SELECT lead_align.map_stage('alt.leads', 'Won', NULL, canonical => true)$$)
  ) AS v (n, what, cmd),
  LATERAL pg_temp.try(v.cmd) AS t
 ORDER BY n;
\x off
SELECT label, stage, canonical FROM lead_align.stage_map WHERE track_id = :tid ORDER BY stage, label;

-------------------------------------------------------------------------------
-- 10. Who may alter: the owner of the table or a member of lead_align_admin,
-- as for track(); nobody else.
-------------------------------------------------------------------------------
CREATE ROLE la_ta_owner;
CREATE ROLE la_ta_ops;
CREATE ROLE la_ta_nobody;
GRANT lead_align_admin TO la_ta_ops;
GRANT USAGE, CREATE ON SCHEMA alt TO la_ta_owner;
GRANT USAGE ON SCHEMA alt TO la_ta_ops, la_ta_nobody;
SET ROLE la_ta_owner;
CREATE TABLE alt.owned (id int PRIMARY KEY, stage lead_align.lead_stage NOT NULL, rep text);
SELECT lead_align.track('alt.owned', 'id', 'stage') > 0 AS tracked;
SELECT lead_align.alter_track('alt.owned', owner => 'rep', mode => 'record') > 0 AS altered;
SELECT lead_align.team_calendar('alt.owned', 'sales', 'Mo-Fr 09:00-17:00');
RESET ROLE;
SET ROLE la_ta_ops;
SELECT lead_align.alter_track('alt.owned', unset => ARRAY['owner']) > 0 AS altered;
SELECT lead_align.team_calendar('alt.owned', 'sales', NULL);
RESET ROLE;
SET ROLE la_ta_nobody;
\x on
SELECT n, what, cmd, t.*
  FROM (VALUES
	(1, 'alter another role''s track', $$SELECT lead_align.alter_track('alt.owned', mode => 'backfill')$$),
	(2, 'alter it with nothing to change', $$SELECT lead_align.alter_track('alt.owned')$$),
	(3, 'set a team calendar', $$SELECT lead_align.team_calendar('alt.owned', 'sales', '24/7')$$),
	(4, 'remove one', $$SELECT lead_align.team_calendar('alt.leads', 'sales', NULL)$$),
	(5, 'mark a label canonical', $$SELECT lead_align.map_stage('alt.leads', 'SAL', 'sal', canonical => true)$$)
  ) AS v (n, what, cmd),
  LATERAL pg_temp.try(v.cmd) AS t
 ORDER BY n;
\x off
RESET ROLE;
SELECT pg_temp.cfg('alt.owned');
SELECT (SELECT count(*) FROM lead_align.team_calendar c JOIN lead_align.track k ON k.id = c.track_id
		 WHERE k.relid = 'alt.owned'::regclass) AS owned_calendars,
	   (SELECT count(*) FROM lead_align.team_calendar WHERE track_id = :tid) AS leads_calendars;

-------------------------------------------------------------------------------
-- 11. Every change was made in place: the same triggers as at the start
-- (none dropped and created again, so no write went untracked).  untrack
-- with purge also deletes the team calendars.
-------------------------------------------------------------------------------
SELECT g.tgname, g.oid = b.oid AS same_trigger
  FROM pg_trigger g JOIN triggers_before b USING (tgname)
 WHERE g.tgrelid = 'alt.leads'::regclass ORDER BY 1;
SELECT lead_align.untrack('alt.leads', purge => true);
SELECT (SELECT count(*) FROM lead_align.team_calendar WHERE track_id = :tid) AS team_calendars,
	   (SELECT count(*) FROM lead_align.stage_map WHERE track_id = :tid) AS labels,
	   (SELECT count(*) FROM lead_align.sla WHERE track_id = :tid) AS slas,
	   (SELECT count(*) FROM lead_align.track WHERE id = :tid) AS tracks;

-- Clean up.
SELECT lead_align.untrack('alt.owned', purge => true);
SELECT lead_align.untrack('alt.gone', purge => true);
DELETE FROM lead_align.team WHERE name = 'alt_field';
SET client_min_messages = warning;
DROP SCHEMA alt CASCADE;
RESET client_min_messages;
DROP ROLE la_ta_owner, la_ta_ops, la_ta_nobody;
