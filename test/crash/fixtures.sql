-- test/crash/fixtures.sql -- what the fuzz calls its functions on: tracked
-- tables (a lead_stage and a text stage column, with rules, an SLA, labels
-- and ledger rows), an untracked table, a partitioned table, a view, a
-- sequence; and the unprivileged role la_crash_nobody.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS lead_align;
CREATE SCHEMA crash_fx;
GRANT USAGE ON SCHEMA crash_fx TO PUBLIC;
CREATE TABLE crash_fx.leads (
	id			bigint PRIMARY KEY,
	stage		lead_align.lead_stage NOT NULL,
	temperature	lead_align.lead_temperature,
	fit			int,
	interest	int,
	owner		text,
	reason		text,
	visits		int,
	touched_at	timestamptz,
	updated_at	timestamptz,
	source		text
);
SELECT lead_align.track('crash_fx.leads', 'id', 'stage', temperature => 'temperature', fit => 'fit',
		interest => 'interest', owner => 'owner', reason => 'reason', touch => 'touched_at',
		event_time => 'updated_at', dimensions => ARRAY['source', 'visits'],
		calendar => 'Mo-Fr 09:00-17:00; tz Europe/Berlin', handoff_temperature => 'hot') > 0 AS tracked;
SELECT lead_align.add_score('crash_fx.leads', 'fit', $$visits >= 3$$, 30, name => 'busy');
SELECT lead_align.add_rule('crash_fx.leads', 'hot', $$fit >= 60$$, name => 'fit');
SELECT lead_align.add_rule('crash_fx.leads', 'warm', $$visits >= 1$$, name => 'some');
SELECT lead_align.sla('crash_fx.leads', 'mql', "window" => '4 business hours');
INSERT INTO crash_fx.leads (id, stage, owner, visits, source, updated_at)
SELECT i, (ARRAY['new', 'mql', 'sal', 'nurture'])[1 + i % 4]::lead_align.lead_stage, 'o' || i % 3, i % 5, 'web',
	   '2025-01-06 09:00+00'::timestamptz + i * interval '1 hour'
  FROM generate_series(1, 40) i;
UPDATE crash_fx.leads SET stage = 'sal', updated_at = '2025-03-01 09:00+00' WHERE stage::text = 'mql';
CREATE TABLE crash_fx.texts (id int PRIMARY KEY, stage text NOT NULL, note text);
SELECT lead_align.track('crash_fx.texts', 'id', 'stage', mode => 'record') > 0 AS tracked;
SELECT count(lead_align.map_stage('crash_fx.texts', l, s::lead_align.lead_stage)) AS labels
  FROM (VALUES ('new', 'new'), ('Open', 'mql'), ('sal', 'sal')) m (l, s);
INSERT INTO crash_fx.texts VALUES (1, 'new'), (2, 'Open'), (3, 'sal');
CREATE TABLE crash_fx.plain (id int PRIMARY KEY, stage lead_align.lead_stage);
INSERT INTO crash_fx.plain VALUES (1, 'new');
CREATE TABLE crash_fx.parted (id int, stage lead_align.lead_stage, PRIMARY KEY (id)) PARTITION BY RANGE (id);
CREATE TABLE crash_fx.parted_1 PARTITION OF crash_fx.parted FOR VALUES FROM (0) TO (100);
CREATE VIEW crash_fx.v AS SELECT * FROM crash_fx.leads;
CREATE SEQUENCE crash_fx.seq;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA crash_fx TO PUBLIC;
DO $$ BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'la_crash_nobody') THEN
		CREATE ROLE la_crash_nobody NOLOGIN;
	END IF;
END $$;
