-- Upgrade: install the oldest SQL version, call it through the new library,
-- then walk the update chain; the result has the same objects as a fresh
-- install of the default version.
CREATE DATABASE lead_align_upgrade_a;
CREATE DATABASE lead_align_upgrade_b;
\c lead_align_upgrade_a
CREATE EXTENSION lead_align VERSION '0.1';
SELECT extversion FROM pg_extension WHERE extname = 'lead_align';
-- the 0.1 SQL objects work with the current library
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SELECT lead_align.business_add('2026-01-09 16:00+00', '2 business hours', 'Mo-Fr 09:00-17:00') AS v01_call;
ALTER EXTENSION lead_align UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'lead_align';
SELECT 'SQL'::lead_align.lead_stage AS stage_after_update;
CREATE TEMP TABLE objs_a AS
SELECT pg_describe_object(classid, objid, objsubid) AS obj
  FROM pg_depend WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
   AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'lead_align');
\copy objs_a TO 'results/upgrade_objs_a.txt'
\c lead_align_upgrade_b
CREATE EXTENSION lead_align;
SELECT extversion FROM pg_extension WHERE extname = 'lead_align';
CREATE TEMP TABLE objs_a (obj text);
\copy objs_a FROM 'results/upgrade_objs_a.txt'
CREATE TEMP TABLE objs_b AS
SELECT pg_describe_object(classid, objid, objsubid) AS obj
  FROM pg_depend WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
   AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'lead_align');
SELECT (SELECT count(*) FROM objs_b) > 100 AS many_objects,
       (SELECT count(*) FROM (SELECT obj FROM objs_a EXCEPT SELECT obj FROM objs_b) x) AS only_in_upgraded,
       (SELECT count(*) FROM (SELECT obj FROM objs_b EXCEPT SELECT obj FROM objs_a) x) AS only_in_fresh;
-- the update path the server sees
SELECT source, target, path FROM pg_extension_update_paths('lead_align') WHERE path IS NOT NULL ORDER BY 1, 2;
\c contrib_regression
DROP DATABASE lead_align_upgrade_a;
DROP DATABASE lead_align_upgrade_b;
