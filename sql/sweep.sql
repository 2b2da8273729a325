-- sweep() and SLA alerts (DESIGN 5.3, issue 11 item 4): each SLA that fell
-- overdue is recorded once in lead_align.sla_alert and sent once with NOTIFY
-- lead_align_sla; only SLAs due after the track's alerts_since, on active
-- tracks not in backfill; never for deleted leads, nor for the touch SLA of
-- a touched stay.  Admin only; hostile objects in public and pg_temp never
-- run.
--
-- Runs in a database of its own, so that the tracks (and their ids) are this
-- file's alone.  The current stays are written straight into
-- lead_align.lead_current as the fixture (leads that are not in the CRM
-- tables), the way the triggers leave them.
--
-- This session LISTENs.  psql prints each notification with the PID of the
-- backend that sent it, which changes from run to run, so a sweep whose
-- notifications are shown writes its output to a file (\o), read back with
-- \copy and shown with the PID masked.
SET client_min_messages = warning;
DROP DATABASE IF EXISTS lead_align_sweep;
DO $$
DECLARE
	r text;
BEGIN
	FOREACH r IN ARRAY ARRAY['la_sw_admin', 'la_sw_reader', 'la_sw_att'] LOOP
		IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) r) THEN
			EXECUTE pg_catalog.format('DROP ROLE %I', r);
		END IF;
	END LOOP;
END $$;
CREATE DATABASE lead_align_sweep;
RESET client_min_messages;
\c lead_align_sweep
SET client_min_messages = warning;
CREATE EXTENSION lead_align;
RESET client_min_messages;
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
\set VERBOSITY terse

-- what a sweep printed (its result and the notifications this session
-- received), read back from the \o file
CREATE TEMP TABLE notified (n serial, line text);
CREATE TEMP VIEW notifications AS
SELECT regexp_replace(line, 'PID \d+', 'PID <pid>') AS output
  FROM notified WHERE line IS NOT NULL ORDER BY n;

CREATE SCHEMA sw;
CREATE TABLE sw.leads (id bigint PRIMARY KEY, stage lead_align.lead_stage NOT NULL, owner text);
CREATE TABLE sw.history (id bigint PRIMARY KEY, stage lead_align.lead_stage NOT NULL);
CREATE TABLE sw.gone (id bigint PRIMARY KEY, stage lead_align.lead_stage NOT NULL);

-------------------------------------------------------------------------------
-- alerts_since: track() sets it to the time the table is tracked
-------------------------------------------------------------------------------
BEGIN;
SELECT lead_align.track('sw.leads', 'id', 'stage', owner => 'owner') AS leads_track;
SELECT lead_align.track('sw.history', 'id', 'stage', mode => 'backfill') AS history_track;
SELECT lead_align.track('sw.gone', 'id', 'stage') AS gone_track;
SELECT table_name, mode, alerts_since = now() AS alerts_since_now FROM lead_align.track ORDER BY id;
COMMIT;
-- the fixture's SLAs fell due in January 2026: alerts start on 5 January
UPDATE lead_align.track SET alerts_since = '2026-01-05 00:00+00';

-- sw.leads (track 1):
--   1  mql, exit and touch SLAs overdue, not touched: two alerts
--   2  mql, exit overdue, touched before its touch due time: exit only
--   3  sal, overdue but deleted: none
--   4  sal, overdue since before alerts_since: none
--   5  sql, due tomorrow (touch in an hour): none yet
--   6  opportunity, no SLA: none
--   7  mql, overdue, but the stay's first ledger row is not known: none
--   8  mql, touch overdue, touched after its due time (a breach that is
--      handled): none (sweep alerts open stays only)
-- sw.history (track 2, backfill) and sw.gone (track 3, untracked below):
-- overdue stays, none alerted
INSERT INTO lead_align.lead_current (track_id, lead_key, stage, deleted, cycle, entered_at, entered_id,
	due_at, touch_due_at, touched_at, owner, last_event_at, last_id)
VALUES (1, '1', 'mql', false, 1, '2026-01-05 09:00+00', 101, '2026-01-06 09:00+00', '2026-01-05 13:00+00', NULL, 'alice', '2026-01-05 09:00+00', 101),
	   (1, '2', 'mql', false, 1, '2026-01-05 09:00+00', 102, '2026-01-06 10:00+00', '2026-01-05 13:00+00', '2026-01-05 10:00+00', 'bob', '2026-01-05 10:00+00', 103),
	   (1, '3', 'sal', true, 1, '2026-01-05 09:00+00', 104, '2026-01-06 09:00+00', '2026-01-05 13:00+00', NULL, 'carol', '2026-01-05 11:00+00', 105),
	   (1, '4', 'sal', false, 1, '2026-01-02 09:00+00', 106, '2026-01-03 09:00+00', '2026-01-02 13:00+00', NULL, 'dave', '2026-01-02 09:00+00', 106),
	   (1, '5', 'sql', false, 1, now(), 107, now() + interval '1 day', now() + interval '1 hour', NULL, 'erin', now(), 107),
	   (1, '6', 'opportunity', false, 1, '2026-01-05 09:00+00', 108, NULL, NULL, NULL, 'frank', '2026-01-05 09:00+00', 108),
	   (1, '7', 'mql', false, 1, '2026-01-05 09:00+00', NULL, '2026-01-06 09:00+00', NULL, NULL, 'grace', '2026-01-05 09:00+00', 109),
	   (1, '8', 'mql', false, 1, '2026-01-05 09:00+00', 110, NULL, '2026-01-05 13:00+00', '2026-01-05 15:00+00', 'heidi', '2026-01-05 15:00+00', 111),
	   (2, '1', 'mql', false, 1, '2026-01-05 09:00+00', 201, '2026-01-06 09:00+00', '2026-01-05 13:00+00', NULL, NULL, '2026-01-05 09:00+00', 201),
	   (3, '1', 'mql', false, 1, '2026-01-05 09:00+00', 301, '2026-01-06 09:00+00', '2026-01-05 13:00+00', NULL, NULL, '2026-01-05 09:00+00', 301);
SELECT lead_align.untrack('sw.gone');

-------------------------------------------------------------------------------
-- The first sweep: three alerts, each notified once; the second finds nothing
-------------------------------------------------------------------------------
LISTEN lead_align_sla;
\o results/sweep_notify.txt
BEGIN;
SELECT lead_align.sweep() AS alerts;
SELECT track_id, lead_key, entered_id, stage, sla_kind, due_at, owner, alerted_at = now() AS alerted_now
  FROM lead_align.sla_alert ORDER BY track_id, due_at, lead_key, sla_kind;
COMMIT;
\o
\copy notified (line) FROM 'results/sweep_notify.txt' WITH (FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02')
SELECT * FROM notifications;
TRUNCATE notified;
-- idempotent: nothing new, nothing sent
\o results/sweep_notify.txt
SELECT lead_align.sweep() AS alerts;
\o
\copy notified (line) FROM 'results/sweep_notify.txt' WITH (FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02')
SELECT * FROM notifications;
TRUNCATE notified;
SELECT count(*) AS alerts FROM lead_align.sla_alert;
-- status() reports the last sweep of the tracks it looked at (not of the
-- backfill track, nor of the untracked one)
SELECT table_name, mode, active, last_sweep IS NOT NULL AS swept FROM lead_align.status() ORDER BY track_id;
-- it never writes the current stays
SELECT count(*) AS stays, count(*) FILTER (WHERE deleted) AS deleted FROM lead_align.lead_current;

-------------------------------------------------------------------------------
-- A stay that begins later is a new stay: lead 2 moves on to sal and is
-- overdue there too; lead 1's touch SLA is handled by a touch (it stays
-- alerted once).  A sweep that rolls back records and sends nothing.  A key
-- and an owner that need JSON escapes, and an owner too long for a NOTIFY
-- payload (8000 bytes), which is cut (the full value stays in sla_alert).
-------------------------------------------------------------------------------
-- (The fixture writes these stays behind the triggers' back, with no ledger
-- rows and due times long past, so the next sweep would not look at them: it
-- looks at SLAs due since the track's last sweep and at the leads with new
-- ledger rows.  Like rebuild_current(), the fixture then forgets the track's
-- last sweep, so the next one looks at every overdue stay of the track.)
UPDATE lead_align.lead_current SET stage = 'sal', entered_at = '2026-01-07 09:00+00', entered_id = 120,
	   due_at = '2026-01-08 09:00+00', touch_due_at = NULL, touched_at = NULL, last_event_at = '2026-01-07 09:00+00', last_id = 120
 WHERE track_id = 1 AND lead_key = '2';
UPDATE lead_align.lead_current SET touched_at = '2026-01-07 09:00+00' WHERE track_id = 1 AND lead_key = '1';
INSERT INTO lead_align.lead_current (track_id, lead_key, stage, deleted, cycle, entered_at, entered_id,
	due_at, touch_due_at, touched_at, owner, last_event_at, last_id)
VALUES (1, 'a "quoted" \key', 'mql', false, 1, '2026-01-05 09:00+00', 130, '2026-01-09 09:00+00', NULL, NULL, E'ivan\tthe "rep"', '2026-01-05 09:00+00', 130),
	   (1, 'long', 'mql', false, 1, '2026-01-05 09:00+00', 131, '2026-01-09 10:00+00', NULL, NULL, repeat('x', 9000), '2026-01-05 09:00+00', 131);
DELETE FROM lead_align.sweep_state WHERE track_id = 1;
BEGIN;
SELECT lead_align.sweep() AS alerts_rolled_back;
ROLLBACK;
SELECT count(*) AS alerts FROM lead_align.sla_alert;
\o results/sweep_notify.txt
SELECT lead_align.sweep() AS alerts;
\o
\copy notified (line) FROM 'results/sweep_notify.txt' WITH (FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02')
SELECT * FROM notifications;
TRUNCATE notified;
SELECT lead_key, entered_id, stage, sla_kind, due_at, length(owner) AS owner_length
  FROM lead_align.sla_alert ORDER BY due_at, lead_key, sla_kind;

-------------------------------------------------------------------------------
-- Backfill and alerts_since: leaving backfill sets it to now (loading
-- history floods nothing); record <-> enforce, and going into backfill,
-- leave it; track() on an untracked table sets it again.
-------------------------------------------------------------------------------
BEGIN;
SELECT lead_align.alter_track('sw.history', mode => 'record') AS history_track;
SELECT table_name, mode, alerts_since = now() AS alerts_since_now FROM lead_align.track WHERE id = 2;
COMMIT;
UPDATE lead_align.track SET alerts_since = '2026-01-05 00:00+00' WHERE id = 2;
SELECT lead_align.alter_track('sw.history', mode => 'enforce') AS history_track;
SELECT lead_align.alter_track('sw.history', mode => 'backfill') AS history_track;
SELECT table_name, mode, alerts_since FROM lead_align.track WHERE id = 2;
SELECT lead_align.alter_track('sw.history', mode => 'enforce') AS history_track;
SELECT table_name, mode, alerts_since > '2026-01-05 00:00+00' AS moved_on FROM lead_align.track WHERE id = 2;
-- so its overdue stay, due before it left backfill, is not alerted
SELECT lead_align.sweep() AS alerts;
BEGIN;
SELECT lead_align.track('sw.gone', 'id', 'stage') AS gone_track;
SELECT table_name, active, alerts_since = now() AS alerts_since_now FROM lead_align.track WHERE id = 3;
COMMIT;
SELECT lead_align.sweep() AS alerts;

-------------------------------------------------------------------------------
-- The real path: the triggers write the current stays of a tracked table
-- (event times from its updated column, so the SLAs fell due in January
-- 2026), and sweep() alerts from them.
--   c1  mql, never touched: exit and touch alerts
--   c2  mql, touched in time: exit only
--   c3  accepted into sal: the sal stay's exit SLA only (the mql stay ended)
--   c4  deleted: none
-------------------------------------------------------------------------------
CREATE TABLE sw.crm (id bigint PRIMARY KEY, stage lead_align.lead_stage NOT NULL, owner text,
	contacted timestamptz, updated timestamptz);
SELECT lead_align.track('sw.crm', 'id', 'stage', owner => 'owner', touch => 'contacted', event_time => 'updated') AS crm_track;
SELECT lead_align.sla('sw.crm', 'mql', "window" => '1 day');
SELECT lead_align.sla('sw.crm', 'mql', "window" => '4 hours', kind => 'touch');
SELECT lead_align.sla('sw.crm', 'sal', "window" => '2 days');
UPDATE lead_align.track SET alerts_since = '2026-01-05 00:00+00' WHERE table_name = 'sw.crm';
INSERT INTO sw.crm (id, stage, owner, updated) VALUES
	(1, 'mql', 'alice', '2026-01-05 09:00+00'), (2, 'mql', 'bob', '2026-01-05 09:00+00'),
	(3, 'mql', 'carol', '2026-01-05 09:00+00'), (4, 'mql', 'dave', '2026-01-05 09:00+00');
UPDATE sw.crm SET contacted = '2026-01-05 10:00+00', updated = '2026-01-05 10:00+00' WHERE id = 2;
UPDATE sw.crm SET stage = 'sal', updated = '2026-01-05 11:00+00' WHERE id = 3;
DELETE FROM sw.crm WHERE id = 4;
SELECT lead_key, stage, deleted, due_at, touch_due_at, touched_at FROM lead_align.lead_current c
  JOIN lead_align.track k ON k.id = c.track_id WHERE k.table_name = 'sw.crm' ORDER BY lead_key;
\o results/sweep_notify.txt
SELECT lead_align.sweep() AS alerts;
\o
\copy notified (line) FROM 'results/sweep_notify.txt' WITH (FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02')
SELECT * FROM notifications;
TRUNCATE notified;
-- each alert names the ledger row that began its stay
SELECT a.lead_key, a.sla_kind, a.stage, h.kind AS began_by, h.to_stage, h.event_time
  FROM lead_align.sla_alert a JOIN lead_align.handoff h ON h.id = a.entered_id
 WHERE a.track_id = (SELECT id FROM lead_align.track WHERE table_name = 'sw.crm')
 ORDER BY a.due_at, a.lead_key, a.sla_kind;

-------------------------------------------------------------------------------
-- What a sweep looks at: the SLAs due since the track's last sweep, and the
-- current stays of the leads with ledger rows written since (so a stay
-- written already overdue, with an event time in the past, is alerted by the
-- next sweep although its due time is long before the last sweep).
--   c5  inserted now as an mql of 6 January: exit and touch alerts
--   c2  its owner changes (a reassign row): nothing new to alert
-------------------------------------------------------------------------------
INSERT INTO sw.crm (id, stage, owner, updated) VALUES (5, 'mql', 'erin', '2026-01-06 09:00+00');
UPDATE sw.crm SET owner = 'bea', updated = '2026-01-06 10:00+00' WHERE id = 2;
\o results/sweep_notify.txt
SELECT lead_align.sweep() AS alerts;
\o
\copy notified (line) FROM 'results/sweep_notify.txt' WITH (FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02')
SELECT * FROM notifications;
TRUNCATE notified;
-- each sweep keeps a mark of what it saw and trims the ones no longer
-- needed: after five more sweeps, at most two are kept
SELECT lead_align.sweep() + lead_align.sweep() + lead_align.sweep() + lead_align.sweep() + lead_align.sweep() AS alerts;
SELECT count(*) <= 2 AS marks_trimmed FROM lead_align.sweep_mark;
-- rebuild_current() rewrites the track's stays behind the triggers' back:
-- it forgets the track's last sweep, so the next sweep looks at all of its
-- overdue stays (and finds them alerted)
SELECT lead_align.rebuild_current('sw.crm') AS stays;
SELECT last_sweep IS NULL AS not_swept_since FROM lead_align.status() WHERE table_name = 'sw.crm';
SELECT lead_align.sweep() AS alerts;

-------------------------------------------------------------------------------
-- Who may sweep: superusers and lead_align_admin.  Readers read the alerts;
-- nobody writes them but sweep().
-------------------------------------------------------------------------------
SET client_min_messages = warning;
CREATE ROLE la_sw_admin IN ROLE lead_align_admin;
CREATE ROLE la_sw_reader IN ROLE lead_align_reader;
CREATE ROLE la_sw_att;
RESET client_min_messages;
GRANT USAGE ON SCHEMA sw TO la_sw_att;
GRANT CREATE ON SCHEMA public TO la_sw_att;
SET ROLE la_sw_admin;
SELECT lead_align.sweep() AS alerts;
SET ROLE la_sw_reader;
SELECT count(*) AS alerts FROM lead_align.sla_alert;
SELECT lead_align.sweep();
INSERT INTO lead_align.sla_alert (track_id, lead_key, entered_id, stage, sla_kind, due_at) VALUES (1, 'x', 1, 'mql', 'exit', now());
SET ROLE la_sw_att;
SELECT lead_align.sweep();
SELECT lead_align._sweep();
SELECT count(*) FROM lead_align.sla_alert;
DELETE FROM lead_align.sla_alert;
RESET ROLE;
-- the table checks the kind against the vocabulary
INSERT INTO lead_align.sla_alert (track_id, lead_key, entered_id, stage, sla_kind, due_at) VALUES (1, 'x', 1, 'mql', 'response', now());

-------------------------------------------------------------------------------
-- The sweep reads the current stays through their due-time indexes: with
-- 20000 stays not yet due and 2000 overdue, it never scans the table
-- lead_current.  The next sweep, with nothing new due, reads next to no
-- stay and probes no alert: its cost does not grow with the stays alerted
-- before.
-- (A fixture behind the triggers' back again: the track's last sweep is
-- forgotten.  The 2000 notifications are not listened to.)
-------------------------------------------------------------------------------
INSERT INTO lead_align.lead_current (track_id, lead_key, stage, deleted, cycle, entered_at, entered_id,
	due_at, touch_due_at, touched_at, owner, last_event_at, last_id)
SELECT 1, 'future ' || g, 'mql'::lead_align.lead_stage, false, 1, now(), 1000 + g, now() + g * interval '1 minute',
	   now() + interval '1 hour' + g * interval '1 second', NULL::timestamptz, 'kim', now(), 1000 + g
  FROM generate_series(1, 20000) g
UNION ALL
SELECT 1, 'late ' || g, 'sal'::lead_align.lead_stage, false, 1, '2026-01-11 09:00+00', 30000 + g, '2026-01-12 09:00+00'::timestamptz + g * interval '1 second',
	   NULL, NULL, 'lou', '2026-01-11 09:00+00', 30000 + g
  FROM generate_series(1, 2000) g;
DELETE FROM lead_align.sweep_state WHERE track_id = 1;
ANALYZE lead_align.lead_current;
ANALYZE lead_align.track;
ANALYZE lead_align.sla_alert;
UNLISTEN lead_align_sla;
SELECT pg_stat_force_next_flush();
SELECT seq_scan AS seq_before, idx_scan AS idx_before FROM pg_stat_user_tables
 WHERE relid = 'lead_align.lead_current'::regclass \gset
SELECT lead_align.sweep() AS alerts;
SELECT pg_stat_force_next_flush();
SELECT pg_stat_clear_snapshot();
SELECT seq_scan - :seq_before AS seq_scans, idx_scan > :idx_before AS index_scans
  FROM pg_stat_user_tables WHERE relid = 'lead_align.lead_current'::regclass;
-- (counted by the backend's own statistics, pg_stat_xact_user_tables, which
-- do not wait for a flush; a forced flush first empties them)
SELECT pg_stat_force_next_flush();
BEGIN;
SELECT lead_align.sweep() AS alerts;
-- (a few index entries may be visited; not the 2000 overdue stays alerted
-- before: PostgreSQL 17 visits 12 here, 15 none)
SELECT idx_tup_fetch < 100 AS reads_few_stays, seq_scan AS seq_scans
  FROM pg_stat_xact_user_tables WHERE relid = 'lead_align.lead_current'::regclass;
SELECT idx_scan AS alert_probes FROM pg_stat_xact_user_tables WHERE relid = 'lead_align.sla_alert'::regclass;
COMMIT;
LISTEN lead_align_sla;

-------------------------------------------------------------------------------
-- forget() erases a lead's alerts with its ledger rows and its current
-- state (so no later sweep alerts it again)
-------------------------------------------------------------------------------
SELECT lead_align.forget('sw.leads', '1') AS ledger_rows;
SELECT count(*) FILTER (WHERE lead_key = '1') AS lead_1, count(*) AS alerts FROM lead_align.sla_alert WHERE track_id = 1;
SELECT count(*) AS lead_1_current FROM lead_align.lead_current WHERE track_id = 1 AND lead_key = '1';
-------------------------------------------------------------------------------
-- Hostile objects: functions, operators and domains named like the
-- built-ins sweep() uses, in public and in pg_temp, made by an unprivileged
-- role.  An administrator sweeping with them first on the search_path runs
-- none of them.
-------------------------------------------------------------------------------
CREATE TABLE public.sw_pwned (who text, role text);
GRANT INSERT ON public.sw_pwned TO PUBLIC;
SET ROLE la_sw_att;
CREATE FUNCTION public.sw_pwn(who pg_catalog.text) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
	INSERT INTO public.sw_pwned VALUES (who, current_user);
	RETURN true;
END $$;
DO $$
DECLARE
	s text;
	f text;
BEGIN
	FOREACH s IN ARRAY ARRAY['public', 'pg_temp'] LOOP
		FOREACH f IN ARRAY ARRAY[
			'now() RETURNS pg_catalog.timestamptz',
			'pg_notify(x pg_catalog.text, y pg_catalog.text) RETURNS pg_catalog.bool',
			'json_build_object(VARIADIC x pg_catalog.text[]) RETURNS pg_catalog.json',
			'left(x pg_catalog.text, y pg_catalog.int4) RETURNS pg_catalog.text',
			'octet_length(x pg_catalog.text) RETURNS pg_catalog.int4',
			'vocabulary(x pg_catalog.text) RETURNS pg_catalog.text[]',
			'pg_current_xact_id() RETURNS pg_catalog.xid8',
			'pg_current_snapshot() RETURNS pg_catalog.pg_snapshot',
			'pg_sequence_last_value(x pg_catalog.regclass) RETURNS pg_catalog.int8'] LOOP
			EXECUTE pg_catalog.format('CREATE FUNCTION %s.%s LANGUAGE plpgsql IMMUTABLE AS %L', s, f,
				pg_catalog.format('BEGIN PERFORM public.sw_pwn(%L); RETURN NULL; END', s || '.' || f));
		END LOOP;
	END LOOP;
END $$;
CREATE FUNCTION public.sw_pwn_plus(x pg_catalog.int4, y pg_catalog.int4) RETURNS pg_catalog.int4 LANGUAGE plpgsql IMMUTABLE
	AS $$ BEGIN PERFORM public.sw_pwn('operator +'); RETURN x; END $$;
DO $$
DECLARE
	s text;
	o text;
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['pg_catalog.text', 'pg_catalog.int4', 'pg_catalog.int8', 'pg_catalog.timestamptz'] LOOP
		EXECUTE pg_catalog.format('CREATE FUNCTION public.sw_pwn_op(x %s, y %s) RETURNS pg_catalog.bool '
			'LANGUAGE plpgsql IMMUTABLE AS %L', t, t, pg_catalog.format('BEGIN RETURN public.sw_pwn(%L); END', 'operator on ' || t));
	END LOOP;
	FOREACH s IN ARRAY ARRAY['public', 'pg_temp'] LOOP
		FOREACH t IN ARRAY ARRAY['pg_catalog.text', 'pg_catalog.int4', 'pg_catalog.int8', 'pg_catalog.timestamptz'] LOOP
			FOREACH o IN ARRAY ARRAY['=', '<>', '<', '>', '>='] LOOP
				EXECUTE pg_catalog.format('CREATE OPERATOR %s.%s (leftarg = %s, rightarg = %s, function = public.sw_pwn_op)', s, o, t, t);
			END LOOP;
		END LOOP;
		EXECUTE pg_catalog.format('CREATE OPERATOR %s.+ (leftarg = pg_catalog.int4, rightarg = pg_catalog.int4, function = public.sw_pwn_plus)', s);
	END LOOP;
	FOREACH s IN ARRAY ARRAY['public', 'pg_temp'] LOOP
		FOREACH t IN ARRAY ARRAY['text', 'int4', 'int8', 'integer', 'timestamptz', 'json', 'bool'] LOOP
			EXECUTE pg_catalog.format('CREATE DOMAIN %s.%I AS %s CHECK (public.sw_pwn(%L))', s, t,
				CASE WHEN t = 'integer' THEN 'pg_catalog.int4' ELSE 'pg_catalog.' || t END, 'domain ' || s || '.' || t);
		END LOOP;
	END LOOP;
END $$;
RESET ROLE;
-- a new overdue stay, then sweeps with the hostile objects first on the
-- search_path: as a member of lead_align_admin and as a superuser
INSERT INTO lead_align.lead_current (track_id, lead_key, stage, deleted, cycle, entered_at, entered_id,
	due_at, touch_due_at, touched_at, owner, last_event_at, last_id)
VALUES (1, '9', 'mql', false, 1, '2026-01-05 09:00+00', 140, '2026-01-10 09:00+00', '2026-01-10 08:00+00', NULL, 'judy', '2026-01-05 09:00+00', 140);
DELETE FROM lead_align.sweep_state WHERE track_id = 1;	-- (written behind the triggers' back, as above)
SET ROLE la_sw_admin;
SET search_path = pg_temp, public, pg_catalog;
\o results/sweep_notify.txt
SELECT lead_align.sweep() AS alerts;
\o
RESET ROLE;
SET search_path = pg_temp, public, pg_catalog;
SELECT lead_align.sweep() AS alerts;
RESET search_path;
\copy notified (line) FROM 'results/sweep_notify.txt' WITH (FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02')
SELECT * FROM notifications;
TRUNCATE notified;
SELECT lead_key, sla_kind, due_at, owner FROM lead_align.sla_alert WHERE lead_key = '9' ORDER BY sla_kind;
SELECT who, role FROM public.sw_pwned ORDER BY who;

-- untrack(..., purge => true) erases a track's alerts and its last sweep
SELECT lead_align.untrack('sw.leads', purge => true);
SELECT count(*) AS alerts, (SELECT count(*) FROM lead_align.sweep_state WHERE track_id = 1) AS sweep_state
  FROM lead_align.sla_alert WHERE track_id = 1;

-- the alerts are kept by pg_dump
SELECT c.relname, x.cond FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS x(rel, cond), pg_class c
 WHERE e.extname = 'lead_align' AND c.oid = x.rel AND c.relname IN ('sla_alert', 'sweep_state');

-- no hostile object ever ran
SELECT who, role FROM public.sw_pwned ORDER BY who;
UNLISTEN *;
\c contrib_regression
SET client_min_messages = warning;
DROP DATABASE lead_align_sweep;
DROP ROLE la_sw_admin, la_sw_reader, la_sw_att;
RESET client_min_messages;
