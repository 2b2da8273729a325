-- test/dump_restore/after.sql -- run on the source and on the restored
-- database after the dump: the triggers must classify, enforce and record
-- there exactly as they do in the source.  The output of both runs is
-- compared by test/dump_restore/run.sh (ids included: the sequences continue);
-- the script also checks the restored database's results one by one.
--
-- Every event time is explicit, except those of a delete and of the second
-- track (no event_time column): those are now(), shown as 'now' so both runs
-- compare equal.  2025-02-03 is a Monday; Berlin is UTC+1.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET client_min_messages = warning;
\pset null '<NULL>'

CREATE TEMP TABLE before_run AS
SELECT (SELECT max(id) FROM lead_align.handoff) AS max_handoff,
	   (SELECT max(id) FROM lead_align.rule) AS max_rule,
	   (SELECT max(id) FROM lead_align.track) AS max_track,
	   pg_catalog.now() AS started;

-- Run a statement; report ok or the SQLSTATE and message it raised.
CREATE FUNCTION pg_temp.try(cmd text, OUT state text, OUT message text)
LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE cmd;
	state := 'ok';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT;
END $$;

-- An event time of this run that is now(): 'now'.
CREATE FUNCTION pg_temp.at(t timestamptz) RETURNS text
LANGUAGE sql STABLE AS $$ SELECT CASE WHEN t >= (SELECT b.started FROM before_run b) THEN 'now' ELSE t::text END $$;

-- New leads, classified by the rules in force (legacy_webinar dropped,
-- active_interest replaced by the 4-visit version).
INSERT INTO crm.leads (id, email, company, stage, source, campaign, country, industry, employees,
					   visits, demo_requested, decision_date, updated_at)
VALUES
	(100, 'Lea@Deadline.de', 'Deadline AG', 'Inquiry', 'web', 'spring_launch', 'DE', 'retail', 40, 1, false, '2025-04-01', '2025-02-03 10:00+00'),
	(101, 'max@webinar.io', 'Webinar Ltd', 'Inquiry', 'webinar', 'ebook_ai', 'UK', 'retail', 5, 0, false, NULL, '2025-02-03 10:00+00'),
	(102, 'nia@visits.com', 'Visits Inc', 'Inquiry', 'web', NULL, 'US', 'health', 30, 4, false, NULL, '2025-02-03 10:00+00'),
	(103, 'oli@three.com', 'Three Visits', 'Inquiry', 'web', NULL, 'US', 'health', 30, 3, false, NULL, '2025-02-03 10:00+00'),
	(104, 'pia@fintech.at', 'Fintech GmbH', 'Inquiry', 'referral', 'partner_q1', 'AT', 'fintech', 100, 3, true, NULL, '2025-02-03 10:00+00'),
	(105, 'quin@list.biz', NULL, 'Open - Not Contacted', 'purchased_list', NULL, 'UK', 'saas', 100, 9, true, '2025-03-01', '2025-02-03 10:00+00');

-- Moves, allowed and refused.
SELECT 'try' AS tag, n, what, t.state, t.message
  FROM (VALUES
	(1, 'accept 100 (superuser passes the sales role)',
		$$UPDATE crm.leads SET stage = 'Working - Contacted', owner = 'anna', first_contacted_at = '2025-02-03 10:30+00', updated_at = '2025-02-03 10:30+00' WHERE id = 100$$),
	(2, 'new -> won is refused',
		$$UPDATE crm.leads SET stage = 'Closed Won', updated_at = '2025-02-03 11:00+00' WHERE id = 9$$),
	(3, 'new -> sql skips stages, refused',
		$$UPDATE crm.leads SET stage = 'Qualified', updated_at = '2025-02-03 11:00+00' WHERE id = 102$$),
	(4, 'nurture -> mql: a handoff',
		$$UPDATE crm.leads SET stage = 'Open - Not Contacted', updated_at = '2025-02-03 12:00+00' WHERE id = 5$$),
	(5, 'mql -> nurture with a disabled recycle code, refused',
		$$UPDATE crm.leads SET stage = 'Nurturing', stage_reason = 'unreachable', updated_at = '2025-02-03 13:00+00' WHERE id = 5$$),
	(6, 'mql -> nurture with a disabled reject code, refused',
		$$UPDATE crm.leads SET stage = 'Nurturing', stage_reason = 'competitor', updated_at = '2025-02-03 13:00+00' WHERE id = 5$$),
	(7, 'mql -> nurture with other and no note, refused',
		$$UPDATE crm.leads SET stage = 'Nurturing', stage_reason = 'other', updated_at = '2025-02-03 13:00+00' WHERE id = 5$$),
	(8, 'mql -> nurture with a lose code, refused',
		$$UPDATE crm.leads SET stage = 'Nurturing', stage_reason = 'price', updated_at = '2025-02-03 13:00+00' WHERE id = 5$$),
	(9, 'mql -> nurture with the custom recycle code no_show',
		$$UPDATE crm.leads SET stage = 'Nurturing', stage_reason = 'no_show', updated_at = '2025-02-03 13:00+00' WHERE id = 5$$),
	(10, 'new -> disqualified without a reason, refused',
		$$UPDATE crm.leads SET stage = 'Disqualified', stage_reason = NULL, updated_at = '2025-02-03 13:00+00' WHERE id = 11$$),
	(11, 'an unmapped stage label (Junk was unmapped), refused',
		$$UPDATE crm.leads SET stage = 'Junk', updated_at = '2025-02-03 13:00+00' WHERE id = 11$$),
	(12, 'changing a key, refused',
		$$UPDATE crm.leads SET id = 999, updated_at = '2025-02-03 13:00+00' WHERE id = 9$$),
	(13, 'an event time before the lead''s last event, refused',
		$$UPDATE crm.leads SET stage = 'Open - Not Contacted', updated_at = '2024-12-01 09:00+00' WHERE id = 7$$),
	(14, 'TRUNCATE, refused',
		$$TRUNCATE crm.leads$$),
	(15, 'the custom disqualify code without its note, refused',
		$$UPDATE crm.leads SET stage = 'Disqualified', stage_reason = 'gdpr_erasure', updated_at = '2025-02-03 13:00+00' WHERE id = 101$$),
	(16, 'the custom reject code student on mql -> nurture',
		$$UPDATE crm.leads SET stage = 'Nurturing', stage_reason = 'student', updated_at = '2025-02-03 14:00+00' WHERE id = 105$$),
	(17, 'the reason column: a seeded disqualify code',
		$$UPDATE crm.leads SET stage = 'Disqualified', stage_reason = 'spam', updated_at = '2025-02-03 14:00+00' WHERE id = 103$$),
	(18, 'an update the track ignores',
		$$UPDATE crm.leads SET notes = 'called twice', company = 'Three Visits LLC' WHERE id = 103$$),
	(19, 'delete a lead',
		$$DELETE FROM crm.leads WHERE id = 101$$)
  ) AS v (n, what, cmd),
  LATERAL pg_temp.try(v.cmd) AS t
 ORDER BY n;

-- The sales team is bound to la_dump_sales: an outsider may not accept an
-- MQL; a member (la_dump_rep) may.
SET ROLE la_dump_outsider;
SELECT 'try' AS tag, 20 AS n, 'an outsider accepts 104, refused' AS what, t.state, t.message
  FROM pg_temp.try($$UPDATE crm.leads SET stage = 'Working - Contacted', updated_at = '2025-02-03 11:00+00' WHERE id = 104$$) AS t;
RESET ROLE;
SET ROLE la_dump_rep;
SELECT 'try' AS tag, 21 AS n, 'a member of la_dump_sales accepts 104' AS what, t.state, t.message
  FROM pg_temp.try($$UPDATE crm.leads SET stage = 'Working - Contacted', owner = 'rep', updated_at = '2025-02-03 11:30+00' WHERE id = 104$$) AS t;
RESET ROLE;

-- The sequences continue: a new track and a new rule.
CREATE TABLE crm.partners (
	id		integer PRIMARY KEY,
	stage	lead_align.lead_stage NOT NULL DEFAULT 'new',
	region	text
);
SELECT lead_align.track('crm.partners', key => 'id', stage => 'stage') AS new_track_id;
SELECT lead_align.add_rule('crm.partners', 'warm', $$region = 'DACH'$$, 'home region', name => 'dach') AS new_rule;
INSERT INTO crm.partners VALUES (1, 'new', 'DACH');

\echo '-- new ledger rows'
SELECT h.id, h.track_id, h.track, h.lead_key, h.kind, h.cycle, h.from_stage, h.to_stage, h.from_team, h.to_team,
	   h.temperature, h.fit, h.interest, h.quadrant, h.rule, h.rules_version, h.reason, h.note, h.actor,
	   h.app_user, h.owner, pg_temp.at(h.event_time) AS event_time, h.sla_window, h.due_at, h.touch_due_at,
	   h.violation, h.dimensions
  FROM lead_align.handoff h, before_run b WHERE h.id > b.max_handoff ORDER BY h.id;
\echo '-- new rules and tracks'
SELECT r.* FROM lead_align.rule r, before_run b WHERE r.id > b.max_rule ORDER BY r.id;
SELECT k.id, k.relid::text, k.table_name, k.active, k.rules_version FROM lead_align.track k ORDER BY k.id;
\echo '-- the leads'
SELECT * FROM crm.leads ORDER BY id;
SELECT * FROM crm.partners ORDER BY id;
\echo '-- lead_state'
SELECT track_id, track, lead_key, stage_text, pg_temp.at(since) AS since, cycle, owner, temperature, due_at FROM lead_align.lead_state ORDER BY track_id, lead_key;
