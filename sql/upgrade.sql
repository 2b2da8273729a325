-- Upgrade: install the oldest SQL version, call it through the new library,
-- walk the update chain, and compare every definition of the result with a
-- fresh install of the default version (built from src/sql).  An update
-- script that forgets a change, or a full script that drifts from the update
-- chain, shows up here as a row.
CREATE DATABASE lead_align_upgrade_a;
CREATE DATABASE lead_align_upgrade_b;
\c lead_align_upgrade_a
SET client_min_messages = warning;
CREATE EXTENSION lead_align VERSION '0.1';
RESET client_min_messages;
SELECT extversion FROM pg_extension WHERE extname = 'lead_align';
-- the 0.1 SQL objects work with the current library
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SELECT lead_align.business_add('2026-01-09 16:00+00', '2 business hours', 'Mo-Fr 09:00-17:00') AS v01_call;
-- and so do 0.3's triggers, on a table tracked before the update to 0.4
-- (0.3's move() is the exception: it handed its reason to the trigger through
-- settings that 0.4 no longer lets anyone set; update the SQL with the library)
ALTER EXTENSION lead_align UPDATE TO '0.3';
CREATE TABLE leads (id int PRIMARY KEY, stage lead_align.lead_stage NOT NULL);
SELECT lead_align.track('leads', 'id', 'stage') AS v03_track;
-- a rule comparing a lead_stage: 0.3 stored the operator as lead_align's
SELECT lead_align.add_rule('leads', 'warm', $$stage >= 'mql'$$, name => 'warm_stage');
SELECT predicate FROM lead_align.rule;
INSERT INTO leads VALUES (1, 'new');
UPDATE leads SET stage = 'mql' WHERE id = 1;
ALTER EXTENSION lead_align UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'lead_align';
SELECT 'SQL'::lead_align.lead_stage AS stage_after_update;
-- the track made under 0.3 works under 0.4, and so does its rule, rewritten
-- to name the operator where 0.4 keeps it
SELECT predicate FROM lead_align.rule;
SELECT lead_align.move('leads', '1', 'sal');
SELECT lead_key, kind, from_stage, to_stage, temperature FROM lead_align.handoff ORDER BY id;
SELECT lead_align.untrack('leads', purge => true);
DROP TABLE leads;
\i test/fixtures/definitions.sql
CREATE TEMP TABLE defs_a AS SELECT * FROM defs;
\copy defs_a TO 'results/upgrade_defs_a.txt'
\c lead_align_upgrade_b
SET client_min_messages = warning;
CREATE EXTENSION lead_align;
RESET client_min_messages;
SELECT extversion FROM pg_extension WHERE extname = 'lead_align';
\i test/fixtures/definitions.sql
CREATE TEMP TABLE defs_a (kind text, name text, def text);
\copy defs_a FROM 'results/upgrade_defs_a.txt'
CREATE TEMP TABLE defs_b AS SELECT * FROM defs;
SELECT (SELECT count(*) FROM defs_b) > 300 AS many_definitions,
	   (SELECT count(DISTINCT kind) FROM defs_b) AS kinds;
-- definitions that differ: none
SELECT 'only in updated' AS side, kind, name, def FROM (SELECT * FROM defs_a EXCEPT SELECT * FROM defs_b) x
UNION ALL
SELECT 'only in fresh', kind, name, def FROM (SELECT * FROM defs_b EXCEPT SELECT * FROM defs_a) y
ORDER BY kind, name, side;
-- the update paths the server sees
SELECT source, target, path FROM pg_extension_update_paths('lead_align') WHERE path IS NOT NULL ORDER BY 1, 2;
\c contrib_regression
DROP DATABASE lead_align_upgrade_a;
DROP DATABASE lead_align_upgrade_b;
