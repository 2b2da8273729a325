-- Any client, any search_path: the comparison operators of the four types,
-- @> of business_calendar and min/max of the two ordinal types live in
-- pg_catalog, so a reader whose search_path is the default "$user", public
-- (as BI tools and drivers connect) compares with plain literals and bind
-- parameters, on the ledger and on a CRM table's own lead_stage column,
-- without naming lead_align anywhere but in the table names.
SET timezone = 'UTC';
CREATE SCHEMA anyc;
CREATE TABLE anyc.leads (id int PRIMARY KEY, stage lead_align.lead_stage NOT NULL,
	temperature lead_align.lead_temperature, visits int NOT NULL DEFAULT 0);
CREATE INDEX anyc_leads_stage ON anyc.leads (stage);
SELECT lead_align.track('anyc.leads', 'id', 'stage', temperature => 'temperature') > 0 AS tracked;
SELECT lead_align.add_rule('anyc.leads', 'warm', 'visits >= 3', name => 'warm_visits') AS rule;
SELECT lead_align.sla('anyc.leads', 'mql', "window" => '1 business day');
INSERT INTO anyc.leads (id, stage, visits) VALUES (1, 'new', 0), (2, 'mql', 5), (3, 'new', 4);
UPDATE anyc.leads SET stage = 'sal' WHERE id = 2;
CREATE ROLE lead_align_bi;
GRANT lead_align_reader TO lead_align_bi;
GRANT USAGE ON SCHEMA anyc TO lead_align_bi;
GRANT SELECT ON anyc.leads TO lead_align_bi;
SET ROLE lead_align_bi;
SET search_path = "$user", public;
SHOW search_path;
SELECT count(*) AS mql_rows FROM lead_align.handoff WHERE to_stage = 'mql';
SELECT lead_key, temperature FROM lead_align.handoff WHERE temperature >= 'warm' ORDER BY id;
SELECT count(*) AS accepted FROM lead_align.handoff WHERE to_stage IN ('sal', 'sql');
SELECT max(to_stage) AS furthest, min(temperature) AS coldest FROM lead_align.handoff;
SELECT count(*) AS one_day_slas FROM lead_align.handoff WHERE sla_window = '1 business day';
SELECT id, stage FROM anyc.leads WHERE stage = 'new' ORDER BY id;
SELECT id FROM anyc.leads WHERE stage > 'mql' ORDER BY id;
SELECT 'Mo-Fr 09:00-17:00'::lead_align.business_calendar @> '2026-01-05 10:00+00'::timestamptz AS open_monday;
-- a bind parameter of unknown type picks the same-type operator
PREPARE by_stage(unknown) AS SELECT lead_key FROM lead_align.handoff WHERE to_stage = $1 ORDER BY id;
EXECUTE by_stage('Sales Accepted Lead');
DEALLOCATE by_stage;
-- drivers that send typed text parameters (JDBC's setString, psycopg2's lists
-- as = ANY(text[])) reach the (lead_stage, text) and (lead_temperature, text)
-- operators, which read the text as the type does
PREPARE by_text(text) AS SELECT count(*) FROM lead_align.handoff WHERE to_stage = $1;
EXECUTE by_text('Marketing Qualified Lead');
PREPARE by_list(text[]) AS SELECT count(*) FROM lead_align.handoff WHERE to_stage = ANY ($1);
EXECUTE by_list(ARRAY['sal', 'sql']);
PREPARE not_temp(text) AS SELECT count(*) FROM lead_align.handoff WHERE temperature <> $1;
EXECUTE not_temp('WARM');
EXECUTE by_text('Marketing Qualified');
DEALLOCATE by_text;
DEALLOCATE by_list;
DEALLOCATE not_temp;
-- an untyped literal still picks the same-type operator, the one the index has
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM anyc.leads WHERE stage = 'mql';
RESET enable_seqscan;
RESET search_path;
RESET ROLE;
-- a predicate as 0.3 stored it, naming lead_align's operator (a dump of 0.3
-- restored into 0.4), still compiles: it is read with pg_catalog's
UPDATE lead_align.rule SET predicate = '((visits OPERATOR(pg_catalog.>=) 3) AND (stage OPERATOR(lead_align.>=) ''new''::lead_align.lead_stage))'
 WHERE name = 'warm_visits';
INSERT INTO anyc.leads (id, stage, visits) VALUES (4, 'new', 9);
SELECT id, temperature FROM anyc.leads WHERE id = 4;
SELECT lead_align.untrack('anyc.leads', purge => true);
DROP SCHEMA anyc CASCADE;
DROP ROLE lead_align_bi;
-- the vocabularies, defined once in C, as SQL and BI tools see them
SELECT v, lead_align.vocabulary(v) AS words
  FROM unnest(ARRAY['mode', 'rule_kind', 'sla_kind', 'reason_kind', 'event_kind', 'stage_event_kind']) v;
SELECT lead_align.vocabulary('colors');
