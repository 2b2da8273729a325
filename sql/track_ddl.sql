-- CONTEXT lines (line numbers inside the event trigger) are left out: the messages and hints are the contract
\set SHOW_CONTEXT never
-- lead_align.move(), DDL on tracked tables (event triggers), status(), and a
-- search-path attack on the triggers.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
CREATE SCHEMA ddl;
CREATE TABLE ddl.leads (id int PRIMARY KEY, stage text NOT NULL DEFAULT 'New', temperature text,
	owner text, industry text, visits int, updated_at timestamptz);
SELECT lead_align.track('ddl.leads', key => 'id', stage => 'stage', temperature => 'temperature',
	owner => 'owner', event_time => 'updated_at') > 0 AS tracked;
SELECT count(lead_align.map_stage('ddl.leads', l, s::lead_align.lead_stage)) AS labels
  FROM (VALUES ('New', 'new'), ('Nurture', 'nurture'), ('MQL', 'mql'), ('Accepted', 'sal'),
			   ('SAL', 'sal'), ('Qualified', 'sql')) v(l, s);
SELECT lead_align.add_rule('ddl.leads', 'warm', $$lower(industry) = 'saas' OR visits >= 3$$);
SELECT predicate FROM lead_align.rule WHERE name = 'warm_1';
INSERT INTO ddl.leads (id, industry, visits, updated_at) VALUES
	(1, 'SaaS', 1, '2026-01-05 09:00+00'), (2, 'retail', 0, '2026-01-05 09:30+00');

-- move(): writes the label mapped to the stage (the canonical word when it is
-- a label, else the first label in order), with the reason and note
SELECT lead_align.move('ddl.leads', '1', 'mql');
SELECT lead_align.move('ddl.leads', '1', 'sal');
SELECT id, stage FROM ddl.leads ORDER BY id;
SELECT lead_align.move('ddl.leads', '1', 'nurture');
SELECT lead_align.move('ddl.leads', '1', 'nurture', reason => 'no_budget', note => 'budget in Q3');
SELECT lead_align.move('ddl.leads', '3', 'mql');
SELECT lead_align.move('ddl.leads', '2', 'opportunity');
SELECT lead_align.move('ddl.leads', '2', 'won');
SELECT lead_align.move('ddl.leads', NULL, 'mql');
-- the reason given to move() is backend-local state, not a setting anyone can forge
SELECT current_setting('lead_align.move_reason', true) IS NULL AS no_such_setting;
SET lead_align.move_reason = 'spam';
SELECT lead_key, kind, cycle, from_stage, to_stage, reason, note
  FROM lead_align.handoff h JOIN lead_align.track t ON t.id = h.track_id
 WHERE t.table_name = 'ddl.leads' ORDER BY h.id;

-- DDL: a mapped column cannot be renamed, dropped or retyped away; a column a
-- rule uses cannot be renamed or dropped; other DDL goes through
ALTER TABLE ddl.leads RENAME COLUMN owner TO rep;
ALTER TABLE ddl.leads DROP COLUMN updated_at;
ALTER TABLE ddl.leads RENAME COLUMN visits TO page_visits;
ALTER TABLE ddl.leads DROP COLUMN industry;
ALTER TABLE ddl.leads ALTER COLUMN updated_at TYPE timestamp;
ALTER TABLE ddl.leads ALTER COLUMN stage DROP DEFAULT, ALTER COLUMN stage TYPE int USING 0;
ALTER TABLE ddl.leads ADD COLUMN country text;
ALTER TABLE ddl.leads RENAME COLUMN country TO region;
SELECT attname FROM pg_attribute WHERE attrelid = 'ddl.leads'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum;

-- status()
SELECT table_name, active, mode, rules_version, live_rules, triggers_present, triggers_enabled, ledger_rows
  FROM lead_align.status() WHERE table_name = 'ddl.leads';
ALTER TABLE ddl.leads DISABLE TRIGGER zz_lead_align_record;
SELECT table_name, triggers_present, triggers_enabled FROM lead_align.status() WHERE table_name = 'ddl.leads';
ALTER TABLE ddl.leads ENABLE TRIGGER zz_lead_align_record;

-- search-path attack: a hostile lower(text) in public, and a session that puts
-- public first, never change what a stored rule calls
CREATE ROLE lead_align_eve;
GRANT CREATE, USAGE ON SCHEMA public TO lead_align_eve;
GRANT USAGE ON SCHEMA ddl TO lead_align_eve;
GRANT INSERT, UPDATE, SELECT ON ddl.leads TO lead_align_eve;
SET ROLE lead_align_eve;
CREATE FUNCTION public.lower(text) RETURNS text LANGUAGE plpgsql AS
	$$BEGIN RAISE EXCEPTION 'hostile lower() called'; END$$;
SET search_path = public, pg_catalog;
INSERT INTO ddl.leads (id, industry, visits, updated_at) VALUES (10, 'SAAS', 0, '2026-01-06 09:00+00');
SELECT id, temperature FROM ddl.leads WHERE id = 10;
RESET search_path;
RESET ROLE;
DROP FUNCTION public.lower(text);

-- dropping a tracked table deactivates its track; configuration and ledger
-- stay under the table's last name, and the track forgets the table's oid
-- (a restore, or a new table, may give that oid to another user's table,
-- whose owner must not reach the old history)
SELECT 'ddl.leads'::regclass::oid AS old_oid \gset
DROP TABLE ddl.leads;
SELECT table_name, active, ledger_rows FROM lead_align.status() WHERE table_name = 'ddl.leads';
SELECT count(*) AS ledger_rows_kept FROM lead_align.handoff WHERE track = 'ddl.leads';
SELECT relid IS NULL AS oid_forgotten FROM lead_align.track WHERE table_name = 'ddl.leads';
SELECT count(*) AS tracks_by_old_oid FROM lead_align.track WHERE relid::oid = :old_oid;
-- an orphaned track is removed by a superuser
DELETE FROM lead_align.handoff h USING lead_align.track k WHERE k.id = h.track_id AND k.table_name = 'ddl.leads';
DELETE FROM lead_align.rule r USING lead_align.track k WHERE k.id = r.track_id AND k.table_name = 'ddl.leads';
DELETE FROM lead_align.transition r USING lead_align.track k WHERE k.id = r.track_id AND k.table_name = 'ddl.leads';
DELETE FROM lead_align.track k WHERE k.table_name = 'ddl.leads';
SELECT count(*) AS tracks_left FROM lead_align.status() WHERE table_name = 'ddl.leads';
SELECT count(*) AS ledger_rows_left FROM lead_align.handoff WHERE track = 'ddl.leads';
DROP SCHEMA ddl;
REVOKE CREATE, USAGE ON SCHEMA public FROM lead_align_eve;
DROP ROLE lead_align_eve;
