-- Citus: lead_align fails closed (DESIGN 4, "Citus and other engines").
-- Citus is detected by its catalog table pg_catalog.pg_dist_partition, which
-- exists only where it is installed; no Citus here, so a stand-in table plays
-- its part: a table listed in it is one Citus distributes.
SET allow_system_table_mods = on;
CREATE TABLE pg_catalog.pg_dist_partition (logicalrelid regclass NOT NULL);
RESET allow_system_table_mods;
CREATE SCHEMA cit;
CREATE TABLE cit.dist (id int PRIMARY KEY, stage lead_align.lead_stage NOT NULL);
CREATE TABLE cit.local (id int PRIMARY KEY, stage lead_align.lead_stage NOT NULL);
INSERT INTO pg_catalog.pg_dist_partition VALUES ('cit.dist');
-- track() refuses a distributed table
SELECT lead_align.track('cit.dist', 'id', 'stage');
-- a local table is tracked; once Citus distributes it, its triggers refuse
SELECT lead_align.track('cit.local', 'id', 'stage') > 0 AS tracked;
INSERT INTO cit.local VALUES (1, 'new');
INSERT INTO pg_catalog.pg_dist_partition VALUES ('cit.local');
SELECT lead_align.sla('cit.local', 'new', "window" => '1 day');	-- any configuration change reloads the track
INSERT INTO cit.local VALUES (2, 'new');
DELETE FROM pg_catalog.pg_dist_partition WHERE logicalrelid = 'cit.local'::regclass;
-- a distributed ledger: no row may land in a shell table
\c
INSERT INTO pg_catalog.pg_dist_partition VALUES ('lead_align.handoff');
INSERT INTO cit.local VALUES (3, 'new');
DELETE FROM pg_catalog.pg_dist_partition;
\c
INSERT INTO cit.local VALUES (4, 'new');
SELECT lead_key, kind, to_stage FROM lead_align.handoff WHERE track = 'cit.local' ORDER BY id;
SELECT lead_align.untrack('cit.local', purge => true);
DROP SCHEMA cit CASCADE;
SET allow_system_table_mods = on;
DROP TABLE pg_catalog.pg_dist_partition;
RESET allow_system_table_mods;
