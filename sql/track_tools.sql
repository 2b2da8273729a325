-- explain(), preview_rule(), reclassify(), purge() and forget().
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
CREATE SCHEMA tools;
CREATE TABLE tools.leads (id int PRIMARY KEY, stage lead_align.lead_stage NOT NULL DEFAULT 'new',
	temperature lead_align.lead_temperature, fit int, interest int, industry text, visits int,
	demo boolean, budget numeric, updated_at timestamptz);
SELECT lead_align.track('tools.leads', key => 'id', stage => 'stage', temperature => 'temperature',
	fit => 'fit', interest => 'interest', event_time => 'updated_at', handoff_temperature => 'hot') > 0 AS tracked;
SELECT lead_align.add_score('tools.leads', 'fit', $$industry = 'saas'$$, 30, name => 'saas');
SELECT lead_align.add_score('tools.leads', 'interest', $$demo$$, 40, name => 'demo');
SELECT lead_align.add_score('tools.leads', 'interest', $$visits >= 3$$, 20, name => 'visits');
SELECT lead_align.add_rule('tools.leads', 'hot', $$budget >= 10000 AND interest >= 40$$, name => 'budget_and_demo');
SELECT lead_align.add_rule('tools.leads', 'warm', $$interest >= 20$$, name => 'some_interest');
INSERT INTO tools.leads (id, industry, visits, demo, budget, updated_at) VALUES
	(1, 'saas', 5, true, 20000, '2020-01-06 09:00+00'),	-- hot: handed off
	(2, 'saas', 4, false, 50000, '2020-01-06 09:00+00'),	-- warm (interest 20)
	(3, 'retail', 0, false, NULL, '2020-01-06 09:00+00'),	-- cold
	(4, 'retail', 3, true, 5000, '2020-01-06 09:00+00');	-- warm (interest 60, budget too small)
SELECT id, stage, temperature, fit, interest FROM tools.leads ORDER BY id;

-- explain: every live rule on one lead, and the verdict
SELECT * FROM lead_align.explain('tools.leads', '1');
SELECT kind, name, temperature, matched, predicate FROM lead_align.explain('tools.leads', '4');
SELECT * FROM lead_align.explain('tools.leads', '99');
SELECT * FROM lead_align.explain('tools.no_such_table', '1');

-- preview_rule: the impact of a rule before adding it
SELECT * FROM lead_align.preview_rule('tools.leads', 'hot', $$visits >= 3$$);
SELECT * FROM lead_align.preview_rule('tools.leads', 'warm', $$industry = 'retail'$$);
SELECT * FROM lead_align.preview_rule('tools.leads', 'cold', $$true$$);
SELECT * FROM lead_align.preview_rule('tools.leads', 'hot', $$no_such_column > 1$$);
SELECT * FROM lead_align.preview_rule('tools.leads', 'hot', $$random() > 0.5$$);
-- nothing was added
SELECT count(*) AS live_rules FROM lead_align.rule r JOIN lead_align.track t ON t.id = r.track_id
 WHERE t.relid = 'tools.leads'::regclass AND r.valid_to IS NULL;

-- move() finds the lead through the key's index in the key's own type (an
-- int key is not compared as text), and writes the stage in the column's type
BEGIN;
SELECT seq_scan AS seq0, idx_scan AS idx0 FROM pg_stat_xact_user_tables WHERE relid = 'tools.leads'::regclass \gset
SELECT lead_align.move('tools.leads', '3', 'nurture');
SELECT seq_scan - :seq0 AS seq_scans, idx_scan - :idx0 AS index_scans
  FROM pg_stat_xact_user_tables WHERE relid = 'tools.leads'::regclass;
SELECT lead_align.move('tools.leads', 'three', 'nurture');
ROLLBACK;

-- reclassify: a new rule changes nothing until the rows are re-evaluated
SELECT lead_align.add_rule('tools.leads', 'hot', $$visits >= 3$$, name => 'returning_visitor');
SELECT id, stage, temperature FROM tools.leads ORDER BY id;
CALL lead_align.reclassify('tools.leads', batch_size => 2);
SELECT id, stage, temperature FROM tools.leads ORDER BY id;
SELECT lead_key, kind, from_stage, to_stage, temperature, rule FROM lead_align.handoff
 WHERE track = 'tools.leads' AND kind = 'handoff' ORDER BY lead_key, id;
-- a second run has nothing left to do
CALL lead_align.reclassify('tools.leads');
CALL lead_align.reclassify('tools.leads', batch_size => 0);
CALL lead_align.reclassify('tools.no_such_table');

-- purge keeps each lead's latest row; forget erases one lead
SELECT lead_key, count(*) AS rows FROM lead_align.handoff WHERE track = 'tools.leads' GROUP BY 1 ORDER BY 1;
-- a lead whose latest row is not a stage move (a reassignment) keeps the row
-- that entered its stage too, so lead_state still knows its stage
CREATE TABLE tools.owned (id int PRIMARY KEY, stage lead_align.lead_stage NOT NULL, owner text, updated_at timestamptz);
SELECT lead_align.track('tools.owned', key => 'id', stage => 'stage', owner => 'owner', event_time => 'updated_at') > 0 AS tracked;
INSERT INTO tools.owned VALUES (1, 'new', 'ann', '2020-01-06 09:00+00');
UPDATE tools.owned SET owner = 'bob', updated_at = '2020-02-03 09:00+00' WHERE id = 1;
-- lead 2 is handed over, rejected (its first lead-cycle ends) and handed over again, in 2020
INSERT INTO tools.owned VALUES (2, 'mql', 'ann', '2020-01-06 09:00+00');
BEGIN;
SET LOCAL lead_align.reason = 'bad_fit';
UPDATE tools.owned SET stage = 'nurture', updated_at = '2020-01-07 09:00+00' WHERE id = 2;
COMMIT;
UPDATE tools.owned SET stage = 'mql', updated_at = '2020-02-03 09:00+00' WHERE id = 2;
CREATE TEMP TABLE tools_cycles AS SELECT * FROM lead_align.lead_cycles WHERE track LIKE 'tools.%';
SELECT lead_key, cycle, started_on, ended_by, rejected, reject_reason, still_open
  FROM tools_cycles WHERE track = 'tools.owned' ORDER BY 1, 2;
SELECT lead_align.purge(interval '1 year') > 0 AS purged_some;
SELECT lead_key, count(*) AS rows FROM lead_align.handoff WHERE track = 'tools.leads' GROUP BY 1 ORDER BY 1;
-- the lead-cycles outlive the ledger rows purge() deleted (lead 2's first
-- cycle has none left): the cohort numbers do not change
SELECT count(*) AS rows_of_lead_2_left FROM lead_align.handoff WHERE track = 'tools.owned' AND lead_key = '2';
SELECT (SELECT count(*) FROM tools_cycles) AS cycles,
	   (SELECT count(*) FROM (SELECT * FROM tools_cycles EXCEPT ALL
							  SELECT * FROM lead_align.lead_cycles WHERE track LIKE 'tools.%') d) AS changed_by_purge;
-- forget() erases a lead's cycles, the ended ones too
SELECT lead_align.forget('tools.owned', '2') AS forgotten;
SELECT count(*) AS cycles_of_lead_2 FROM lead_align.lead_cycles WHERE track = 'tools.owned' AND lead_key = '2';
SELECT h.kind, s.stage, s.owner FROM lead_align.handoff h JOIN lead_align.lead_state s USING (track_id, lead_key)
 WHERE h.track = 'tools.owned' ORDER BY h.id;
-- untrack(purge) erases the track's cycles with its ledger: lead 3 has an
-- ended cycle (rejected) and an open one
INSERT INTO tools.owned VALUES (3, 'mql', 'ann', '2020-03-02 09:00+00');
BEGIN;
SET LOCAL lead_align.reason = 'bad_fit';
UPDATE tools.owned SET stage = 'nurture', updated_at = '2020-03-03 09:00+00' WHERE id = 3;
COMMIT;
SELECT k.id AS owned_track FROM lead_align.track k WHERE k.relid = 'tools.owned'::regclass \gset
SELECT count(*) AS cycles_before FROM lead_align.lead_cycles WHERE track_id = :owned_track;
SELECT lead_align.untrack('tools.owned', purge => true);
SELECT count(*) AS cycles_left FROM lead_align.lead_cycles WHERE track_id = :owned_track;
SELECT count(*) AS ended_cycles_left FROM lead_align.lead_cycle WHERE track_id = :owned_track;
SELECT lead_align.forget('tools.leads', '2') AS forgotten;
SELECT lead_key, count(*) AS rows FROM lead_align.handoff WHERE track = 'tools.leads' GROUP BY 1 ORDER BY 1;
SELECT lead_align.purge(interval '-1 day');
CREATE ROLE lead_align_intern;
SET ROLE lead_align_intern;
SELECT lead_align.purge(interval '1 year');
SELECT lead_align.forget('tools.leads', '1');
RESET ROLE;
DROP ROLE lead_align_intern;
-- migrate_03() dates the ended cycles the update from 0.3 left undated, as
-- the update leaves a large ledger's: lead 1's from its rows; lead 2's not,
-- since purge() took its first row (the first row left would date it later)
CREATE TABLE tools.mig (id int PRIMARY KEY, stage lead_align.lead_stage NOT NULL, owner text, updated_at timestamptz);
SELECT lead_align.track('tools.mig', key => 'id', stage => 'stage', owner => 'owner', event_time => 'updated_at') > 0 AS tracked;
INSERT INTO tools.mig VALUES (1, 'mql', 'ann', '2020-04-06 09:00+00'), (2, 'mql', 'ann', '2020-04-06 09:00+00');
UPDATE tools.mig SET owner = 'bob', updated_at = '2020-04-06 10:00+00' WHERE id = 2;
BEGIN;
SET LOCAL lead_align.reason = 'bad_fit';
UPDATE tools.mig SET stage = 'nurture', updated_at = '2020-04-08 09:00+00';
COMMIT;
UPDATE lead_align.lead_cycle y SET started_on = NULL FROM lead_align.track k
 WHERE k.id = y.track_id AND k.relid = 'tools.mig'::regclass;
DELETE FROM lead_align.handoff h USING lead_align.track k
 WHERE k.id = h.track_id AND k.relid = 'tools.mig'::regclass AND h.lead_key = '2' AND h.kind = 'create';
CALL lead_align.migrate_03();
SELECT y.lead_key, y.cycle, y.started_on, y.ended_by
  FROM lead_align.lead_cycle y JOIN lead_align.track k ON k.id = y.track_id
 WHERE k.relid = 'tools.mig'::regclass ORDER BY 1, 2;
SELECT lead_align.untrack('tools.mig', purge => true);

-- a tracked table with a column named t (the alias the tools give the table):
-- explain(), preview_rule() and reclassify() still read whole rows, not that column
CREATE TABLE tools.t_col (id int PRIMARY KEY, stage lead_align.lead_stage NOT NULL DEFAULT 'new', score int NOT NULL DEFAULT 0,
	temp lead_align.lead_temperature, t timestamptz);
SELECT lead_align.track('tools.t_col', key => 'id', stage => 'stage', temperature => 'temp') > 0 AS tracked;
INSERT INTO tools.t_col (id, score, t) VALUES (1, 60, '2026-01-05 09:00+00'), (2, 10, NULL);
SELECT lead_align.add_rule('tools.t_col', 'hot', $$score >= 50$$, name => 'hot_score');
CALL lead_align.reclassify('tools.t_col');
SELECT id, temp FROM tools.t_col ORDER BY id;
SELECT kind, name, temperature, matched FROM lead_align.explain('tools.t_col', '1');
SELECT * FROM lead_align.preview_rule('tools.t_col', 'warm', $$score >= 5$$);
SELECT lead_align.untrack('tools.t_col', purge => true);
SELECT lead_align.untrack('tools.leads', purge => true);
DROP SCHEMA tools CASCADE;
