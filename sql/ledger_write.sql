-- How ledger rows are written (src/ledger.c): straight through the table access
-- method while lead_align.handoff is as the extension made it (its indexes, and any
-- index a DBA adds, are maintained), and through SQL when someone gave it a trigger,
-- a CHECK constraint or a column of their own, so that those apply.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
CREATE SCHEMA lw;
CREATE TABLE lw.leads (id int PRIMARY KEY, stage lead_align.lead_stage NOT NULL DEFAULT 'new',
	source text, updated_at timestamptz);
SELECT lead_align.track('lw.leads', key => 'id', stage => 'stage', event_time => 'updated_at',
	dimensions => ARRAY['source']) > 0 AS tracked;
SELECT lead_align.sla('lw.leads', 'mql', NULL, '4 business hours');

-- a NOT NULL constraint of the DBA's own applies (the ledger must be empty to add it)
SELECT count(*) AS ledger_rows FROM lead_align.handoff;
ALTER TABLE lead_align.handoff ALTER COLUMN owner SET NOT NULL;
\set VERBOSITY terse
INSERT INTO lw.leads VALUES (10101, 'new', 'ads', '2026-01-05 09:00+00');
\set VERBOSITY default
SELECT count(*) AS leads_10101 FROM lw.leads WHERE id = 10101;
ALTER TABLE lead_align.handoff ALTER COLUMN owner DROP NOT NULL;
-- the direct path is silent at DEBUG1 (rolled back: the rows below are counted)
BEGIN;
SET LOCAL client_min_messages = debug1;
INSERT INTO lw.leads VALUES (10150, 'new', 'ads', '2026-01-05 09:00+00');
ROLLBACK;

-- the direct path: a DBA's expression and partial index on the ledger is kept up to date
CREATE INDEX lw_ledger_source ON lead_align.handoff ((dimensions ->> 'source')) WHERE kind = 'create';
INSERT INTO lw.leads
SELECT g, CASE WHEN g % 10 = 0 THEN 'mql' ELSE 'new' END::lead_align.lead_stage,
	   CASE WHEN g % 3 = 0 THEN 'webinar' ELSE 'ads' END, '2026-01-05 10:00+00'
  FROM pg_catalog.generate_series(1, 10000) g;
SELECT count(*) AS rows, count(DISTINCT id) AS ids, count(DISTINCT lead_key) AS leads,
	   count(*) FILTER (WHERE to_stage::text = 'mql') AS mql,
	   count(*) FILTER (WHERE due_at = '2026-01-05 14:00+00') AS due_at_14
  FROM lead_align.handoff WHERE track = 'lw.leads';
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF)
SELECT count(*) FROM lead_align.handoff WHERE dimensions ->> 'source' = 'webinar' AND kind = 'create';
SELECT count(*) FROM lead_align.handoff WHERE dimensions ->> 'source' = 'webinar' AND kind = 'create';
-- the extension's own indexes find every row
SELECT count(*) AS by_lead_index FROM lead_align.handoff h
 WHERE h.track_id = (SELECT id FROM lead_align.track WHERE relid = 'lw.leads'::regclass)
   AND h.lead_key = ANY (ARRAY['1', '10', '5000', '9999', '10000']);
SELECT count(*) AS by_time_index FROM lead_align.handoff h
 WHERE h.track_id = (SELECT id FROM lead_align.track WHERE relid = 'lw.leads'::regclass)
   AND h.event_time >= '2026-01-05' AND h.event_time < '2026-01-06';
RESET enable_seqscan;
RESET enable_bitmapscan;
DROP INDEX lead_align.lw_ledger_source;

-- the SQL path: a trigger on the ledger fires once per row, even one that writes to another
-- tracked table (whose ledger rows are then written too; ids are drawn when rows are
-- buffered, so the mirror's rows, buffered while the first rows are written, come after them)
CREATE TABLE lw.mirror (id int PRIMARY KEY, stage lead_align.lead_stage NOT NULL DEFAULT 'new');
SELECT lead_align.track('lw.mirror', key => 'id', stage => 'stage') > 0 AS tracked;
CREATE TABLE lw.seen (track text, lead_key text, kind text);
CREATE FUNCTION lw.on_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO lw.seen VALUES (NEW.track, NEW.lead_key, NEW.kind);
	IF NEW.track = 'lw.leads' AND NEW.kind = 'create' THEN
		INSERT INTO lw.mirror (id) VALUES (NEW.lead_key::int);
	END IF;
	RETURN NEW;
END$$;
CREATE TRIGGER lw_on_ledger AFTER INSERT ON lead_align.handoff
	FOR EACH ROW EXECUTE FUNCTION lw.on_ledger();
INSERT INTO lw.leads VALUES (10001, 'new', 'ads', '2026-01-06 10:00+00'),
	(10002, 'mql', 'webinar', '2026-01-06 10:00+00');
-- the writer says which path it takes, and why it falls back (DEBUG1)
SET client_min_messages = debug1;
UPDATE lw.leads SET stage = 'mql', updated_at = '2026-01-06 11:00+00' WHERE id = 10001;
RESET client_min_messages;
SELECT * FROM lw.seen ORDER BY track, lead_key, kind;
SELECT track, lead_key, kind, from_stage, to_stage FROM lead_align.handoff
 WHERE track IN ('lw.leads', 'lw.mirror') AND lead_key::int > 10000 ORDER BY id;
SELECT id, stage FROM lw.mirror ORDER BY id;
DROP TRIGGER lw_on_ledger ON lead_align.handoff;
-- a rule on the ledger applies too
TRUNCATE lw.seen;
CREATE RULE lw_copy AS ON INSERT TO lead_align.handoff
	DO ALSO INSERT INTO lw.seen VALUES (NEW.track, NEW.lead_key, NEW.kind);
INSERT INTO lw.leads VALUES (10100, 'mql', 'ads', '2026-01-06 10:00+00');
SELECT * FROM lw.seen ORDER BY track, lead_key, kind;
DROP RULE lw_copy ON lead_align.handoff;

-- a CHECK constraint on the ledger applies: the statement fails and writes nothing
ALTER TABLE lead_align.handoff ADD CONSTRAINT lw_no_spam CHECK (dimensions ->> 'source' <> 'spam') NOT VALID;
\set VERBOSITY terse
INSERT INTO lw.leads VALUES (10003, 'new', 'spam', '2026-01-06 10:00+00');
\set VERBOSITY default
SELECT count(*) AS spam_leads FROM lw.leads WHERE id = 10003;
INSERT INTO lw.leads VALUES (10004, 'new', 'ads', '2026-01-06 10:00+00');
ALTER TABLE lead_align.handoff DROP CONSTRAINT lw_no_spam;

-- a column of the DBA's own gets its default; after it is dropped the direct path resumes
ALTER TABLE lead_align.handoff ADD COLUMN lw_batch text;
ALTER TABLE lead_align.handoff ALTER COLUMN lw_batch SET DEFAULT 'import-7';
INSERT INTO lw.leads VALUES (10005, 'new', 'ads', '2026-01-06 10:00+00');
SELECT lead_key, kind, lw_batch FROM lead_align.handoff WHERE track = 'lw.leads' AND lead_key::int BETWEEN 10004 AND 10099 ORDER BY id;
ALTER TABLE lead_align.handoff DROP COLUMN lw_batch;
INSERT INTO lw.leads VALUES (10006, 'mql', 'ads', '2026-01-06 10:00+00');
SELECT lead_key, kind, to_stage, to_team, sla_window, due_at, dimensions FROM lead_align.handoff
 WHERE track = 'lw.leads' AND lead_key::int BETWEEN 10004 AND 10099 ORDER BY id;

-- a statement that fails in its last AFTER trigger, after the ledger buffer was flushed
-- twice (every 4096 rows), leaves no ledger rows and no leads
CREATE FUNCTION lw.fail() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'lead % refused by a later trigger', NEW.id;
END$$;
CREATE TRIGGER zzz_fail AFTER INSERT ON lw.leads FOR EACH ROW WHEN (NEW.id = 29000)
	EXECUTE FUNCTION lw.fail();
SELECT count(*) AS before FROM lead_align.handoff WHERE track = 'lw.leads';
INSERT INTO lw.leads
SELECT g, 'new', 'ads', '2026-01-07 10:00+00' FROM pg_catalog.generate_series(20001, 29000) g;
SELECT count(*) AS after FROM lead_align.handoff WHERE track = 'lw.leads';
SELECT count(*) AS leads FROM lw.leads WHERE id BETWEEN 20001 AND 29000;
-- the same statement in a subtransaction that is rolled back: the same
BEGIN;
SAVEPOINT s;
INSERT INTO lw.leads
SELECT g, 'new', 'ads', '2026-01-07 10:00+00' FROM pg_catalog.generate_series(20001, 29000) g;
ROLLBACK TO SAVEPOINT s;
INSERT INTO lw.leads VALUES (10007, 'new', 'ads', '2026-01-07 10:00+00');
COMMIT;
SELECT count(*) AS after_savepoint, count(*) FILTER (WHERE lead_key = '10007') AS lead_10007 FROM lead_align.handoff WHERE track = 'lw.leads';
DROP TRIGGER zzz_fail ON lw.leads;

-- a lead's previous event is found without the handoff_lead index too (a sequential scan):
-- event times must not go backwards (more than 24 hours back is refused),
-- and a recycle starts the next cycle
DROP INDEX lead_align.handoff_lead;
UPDATE lw.leads SET stage = 'sal', updated_at = '2026-01-05 09:00+00' WHERE id = 10006;
UPDATE lw.leads SET stage = 'sal', updated_at = '2026-01-06 12:00+00' WHERE id = 10006;
BEGIN;
SET LOCAL lead_align.reason = 'no_budget';
UPDATE lw.leads SET stage = 'nurture', updated_at = '2026-01-06 13:00+00' WHERE id = 10006;
COMMIT;
CREATE INDEX handoff_lead ON lead_align.handoff (track_id, lead_key, id);
UPDATE lw.leads SET stage = 'mql', updated_at = '2026-01-05 12:30+00' WHERE id = 10006;
UPDATE lw.leads SET stage = 'mql', updated_at = '2026-01-06 14:00+00' WHERE id = 10006;
SELECT lead_key, kind, cycle, from_stage, to_stage, reason, event_time FROM lead_align.handoff
 WHERE track = 'lw.leads' AND lead_key = '10006' ORDER BY id;

-- a later trigger whose exception block runs a statement (a subtransaction that is rolled
-- back) does not write, and lose, the rows this statement buffered
CREATE FUNCTION lw.swallow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	BEGIN
		PERFORM count(*) FROM lw.seen;
		RAISE EXCEPTION 'swallowed';
	EXCEPTION WHEN raise_exception THEN NULL;
	END;
	RETURN NULL;
END$$;
CREATE TRIGGER zzz_swallow AFTER INSERT ON lw.leads FOR EACH ROW EXECUTE FUNCTION lw.swallow();
INSERT INTO lw.leads VALUES (10102, 'new', 'ads', '2026-01-08 10:00+00'), (10103, 'mql', 'ads', '2026-01-08 10:00+00');
DROP TRIGGER zzz_swallow ON lw.leads;
SELECT lead_key, kind, to_stage FROM lead_align.handoff
 WHERE track = 'lw.leads' AND lead_key IN ('10102', '10103') ORDER BY id;

SELECT lead_align.untrack('lw.leads', purge => true);
SELECT lead_align.untrack('lw.mirror', purge => true);
DROP SCHEMA lw CASCADE;
