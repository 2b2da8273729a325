-- The tracked CRM table and the reader role the driver tests connect as.
-- Run by test/clients/run.sh as a superuser in a fresh database.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS lead_align;
CREATE SCHEMA crm;
CREATE TABLE crm.leads (id bigint PRIMARY KEY, stage lead_align.lead_stage NOT NULL,
	temperature lead_align.lead_temperature, visits int NOT NULL DEFAULT 0);
SELECT lead_align.track('crm.leads', 'id', 'stage', temperature => 'temperature', handoff_temperature => 'hot') > 0 AS tracked;
SELECT lead_align.add_rule('crm.leads', 'hot', 'visits >= 10', name => 'hot_visits');
SELECT lead_align.add_rule('crm.leads', 'warm', 'visits >= 3', name => 'warm_visits');
SELECT lead_align.sla('crm.leads', 'mql', "window" => '1 business day');
INSERT INTO crm.leads (id, stage, visits) VALUES (1, 'new', 0), (2, 'mql', 5), (3, 'new', 4), (4, 'new', 12);
UPDATE crm.leads SET stage = 'sal' WHERE id = 2;
DROP ROLE IF EXISTS lead_align_bi_client;
CREATE ROLE lead_align_bi_client LOGIN;
GRANT lead_align_reader TO lead_align_bi_client;
GRANT USAGE ON SCHEMA crm TO lead_align_bi_client;
GRANT SELECT ON crm.leads TO lead_align_bi_client;
