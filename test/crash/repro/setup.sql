-- test/crash/repro/setup.sql -- four tracked tables owned (and tracked) by
-- the unprivileged role la_crash_owner, for the crash repros.  Run as a
-- superuser; prints the track id of crash_r.r4 as 'tid=N'.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS lead_align;
DO $$ BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'la_crash_owner') THEN
		CREATE ROLE la_crash_owner NOLOGIN;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'la_crash_nobody') THEN
		CREATE ROLE la_crash_nobody NOLOGIN;
	END IF;
END $$;
CREATE SCHEMA crash_r AUTHORIZATION la_crash_owner;
SET ROLE la_crash_owner;
-- r1..r3 for the repros as the owner; s1..s3, the same tables, for the same
-- repros with the DDL made by a superuser (the owner's ALTER may be refused
-- before it reaches the trigger)
-- r1: a lead_stage stage column (retyped to text by repro 1)
CREATE TABLE crash_r.r1 (id int PRIMARY KEY, stage lead_align.lead_stage NOT NULL, note text);
-- r2: the key NOT NULL through a column constraint and UNIQUE, not a
-- primary key, so that DROP NOT NULL is possible (repro 2)
CREATE TABLE crash_r.r2 (id int NOT NULL UNIQUE, stage lead_align.lead_stage NOT NULL);
-- r3: the key's only unique index is a UNIQUE constraint (dropped by repro 3)
CREATE TABLE crash_r.r3 (id int NOT NULL CONSTRAINT r3_id_key UNIQUE, stage lead_align.lead_stage NOT NULL);
-- r4: for _stale() (repro 4)
CREATE TABLE crash_r.r4 (id bigint PRIMARY KEY, stage lead_align.lead_stage NOT NULL);
CREATE TABLE crash_r.s1 (LIKE crash_r.r1 INCLUDING ALL);
CREATE TABLE crash_r.s2 (id int NOT NULL UNIQUE, stage lead_align.lead_stage NOT NULL);
CREATE TABLE crash_r.s3 (id int NOT NULL CONSTRAINT s3_id_key UNIQUE, stage lead_align.lead_stage NOT NULL);
SELECT lead_align.track(t::regclass, 'id', 'stage') > 0 AS tracked
  FROM unnest(ARRAY['crash_r.r1', 'crash_r.r2', 'crash_r.r3', 'crash_r.r4', 'crash_r.s1', 'crash_r.s2', 'crash_r.s3']) t;
INSERT INTO crash_r.r1 VALUES (1, 'new'), (2, 'mql');
INSERT INTO crash_r.r2 VALUES (1, 'new'), (2, 'mql');
INSERT INTO crash_r.r3 VALUES (1, 'new'), (2, 'mql');
INSERT INTO crash_r.s1 VALUES (1, 'new'), (2, 'mql');
INSERT INTO crash_r.s2 VALUES (1, 'new'), (2, 'mql');
INSERT INTO crash_r.s3 VALUES (1, 'new'), (2, 'mql');
INSERT INTO crash_r.r4 VALUES (1, 'new'), (2, 'mql'), (3, 'sal');
RESET ROLE;
SELECT 'tid=' || id FROM lead_align.track WHERE relid = 'crash_r.r4'::regclass;
