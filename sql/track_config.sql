-- Tracking configuration (DESIGN 4, 4.1, 4.2, 4.3): track, untrack,
-- map_stage, add_rule, add_score, drop_rule, sla, add_team, bind_team,
-- add_reason, disable_reason and the lead_state view; and every configuration
-- error of issue 3 item 7 with its SQLSTATE, message and hint, nothing written.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';

-- Run a statement; report ok or the error it raised.
\i test/fixtures/try.sql

-- What a track holds, without the ids that depend on the order tests run in.
CREATE FUNCTION pg_temp.config(tbl regclass)
RETURNS TABLE (what text, value text)
LANGUAGE sql AS $$
	SELECT 'stage_map', string_agg(format('%s -> %s', m.label, m.stage), ', ' ORDER BY m.stage, m.label)
	  FROM lead_align.track t JOIN lead_align.stage_map m ON m.track_id = t.id WHERE t.relid = tbl AND t.active
	UNION ALL
	SELECT 'sla', string_agg(format('%s/%s/%s: %s', s.stage, coalesce(s.temperature::text, 'any'), s.kind, s."window"),
							 ', ' ORDER BY s.stage, s.temperature, s.kind)
	  FROM lead_align.track t JOIN lead_align.sla s ON s.track_id = t.id WHERE t.relid = tbl AND t.active
	UNION ALL
	SELECT 'reasons', string_agg(format('%s/%s%s', r.kind, r.code, CASE WHEN r.needs_note THEN ' (note)' ELSE '' END),
								 ', ' ORDER BY r.kind, r.code)
	  FROM lead_align.track t JOIN lead_align.reason r ON r.track_id = t.id WHERE t.relid = tbl AND t.active
	UNION ALL
	SELECT 'disabled', string_agg(format('%s/%s', d.kind, d.code), ', ' ORDER BY d.kind, d.code)
	  FROM lead_align.track t JOIN lead_align.reason_disabled d ON d.track_id = t.id WHERE t.relid = tbl AND t.active
$$;

-- A CRM table as a CRM sync would create it: text stage and temperature.
CREATE SCHEMA crm;
CREATE TABLE crm.leads (
	id					bigint PRIMARY KEY,
	stage				text,
	temperature			text,
	fit_score			int,
	interest_score		int,
	owner				text,
	first_contacted_at	timestamptz,
	updated_at			timestamptz,
	stage_reason		text,
	source				text,
	campaign			text,
	country				text,
	industry			text,
	visits				int,
	demo_requested		bool,
	decision_date		date
);

-------------------------------------------------------------------------------
-- track
-------------------------------------------------------------------------------
SELECT lead_align.track('crm.leads',
		key         => 'id',
		stage       => 'stage',
		temperature => 'temperature',
		fit         => 'fit_score',
		interest    => 'interest_score',
		owner       => 'owner',
		touch       => 'first_contacted_at',
		event_time  => 'updated_at',
		reason      => 'stage_reason',
		dimensions  => ARRAY['source', 'campaign', 'country'],
		calendar    => 'Mo-Fr 09:00-17:00; tz Europe/Berlin',
		handoff_temperature => 'hot',
		fit_threshold => 50, interest_threshold => 50,
		mode        => 'enforce') AS tid \gset
SELECT relid, table_name, key_column, stage_column, stage_mapped, temperature_column, fit_column,
	   interest_column, owner_column, touch_column, event_time_column, reason_column,
	   dimensions, calendar, handoff_temperature, fit_threshold, interest_threshold, mode, active, rules_version
  FROM lead_align.track WHERE id = :tid \gx
-- the handoff agreement, seeded as in DESIGN 4.2
SELECT coalesce(from_stage::text, '(insert)') AS from_stage, to_stage, team, kind, reason_required
  FROM lead_align.transition WHERE track_id = :tid
 ORDER BY transition.from_stage NULLS FIRST, transition.to_stage;
-- four triggers, whose only argument is the track id
SELECT tgname, replace(pg_get_triggerdef(oid), format('(''%s'')', :tid), '(<id>)') AS definition
  FROM pg_trigger WHERE tgrelid = 'crm.leads'::regclass ORDER BY tgname;

-------------------------------------------------------------------------------
-- map_stage: the CRM's own labels (upsert; a NULL stage removes a label)
-------------------------------------------------------------------------------
SELECT count(lead_align.map_stage('crm.leads', l, s::lead_align.lead_stage)) AS labels_mapped
  FROM (VALUES ('Inquiry', 'new'), ('Nurturing', 'nurture'), ('Open - Not Contacted', 'mql'),
			   ('Working - Contacted', 'sal'), ('Qualified', 'sql'), ('Opportunity', 'opportunity'),
			   ('Closed - Converted', 'won'), ('Closed Lost', 'lost'), ('Closed - Not Converted', 'disqualified'),
			   ('Junk', 'disqualified')) AS m (l, s);
SELECT lead_align.map_stage('crm.leads', 'Working - Contacted', 'sql');		-- remap
SELECT lead_align.map_stage('crm.leads', 'Working - Contacted', 'sal');		-- and back
SELECT lead_align.map_stage('crm.leads', 'Junk', NULL);						-- remove
SELECT * FROM pg_temp.config('crm.leads') WHERE what = 'stage_map';

-------------------------------------------------------------------------------
-- Rules (DESIGN 4.1): names, priorities, versions
-------------------------------------------------------------------------------
SELECT lead_align.add_rule('crm.leads', 'hot', $$decision_date <= current_date + 183$$, 'decision within 6 months', name => 'decision_6m');
SELECT lead_align.add_rule('crm.leads', 'warm', $$demo_requested OR visits >= 3$$, 'active interest, no deadline');
SELECT lead_align.add_rule('crm.leads', 'warm', $$source = 'referral'$$, 'referred');
SELECT lead_align.add_rule('crm.leads', 'hot', $$demo_requested AND interest >= 60$$, 'demo and strong interest');
SELECT lead_align.add_rule('crm.leads', 'cold', $$country IN ('AQ')$$, 'no business in Antarctica', priority => 0);
SELECT lead_align.add_score('crm.leads', 'fit', $$industry IN ('saas', 'fintech')$$, 20, 'target industry');
SELECT lead_align.add_score('crm.leads', 'fit', $$country IN ('DE', 'AT', 'CH')$$, 30, 'home market');
SELECT lead_align.add_score('crm.leads', 'interest', $$demo_requested$$, 40, 'asked for a demo');
SELECT lead_align.add_score('crm.leads', 'interest', $$visits >= 3$$, 20);
SELECT lead_align.add_score('crm.leads', 'fit', $$industry = 'student'$$, -50, 'not a buyer', name => 'students');
-- drop a rule: its validity ends at the new version; the next default name
-- still counts it
SELECT lead_align.drop_rule('crm.leads', 'warm_1');
SELECT lead_align.add_rule('crm.leads', 'warm', $$visits >= 5$$, 'frequent visitor');
-- a name freed by drop_rule may be used again
SELECT lead_align.add_rule('crm.leads', 'warm', $$demo_requested$$, 'asked for a demo', name => 'warm_1');
SELECT name, kind, temperature, points, priority, valid_from, valid_to, description, predicate
  FROM lead_align.rule WHERE track_id = :tid ORDER BY valid_from;
SELECT rules_version FROM lead_align.track WHERE id = :tid;
-- in force now: the explicit priority 0 first, then hotter rules first, in the order added
SELECT name, temperature FROM lead_align.rule
 WHERE track_id = :tid AND kind = 'temperature' AND valid_to IS NULL ORDER BY priority;

-------------------------------------------------------------------------------
-- SLAs (DESIGN 5): upsert by stage, temperature and kind; a NULL window removes
-------------------------------------------------------------------------------
SELECT lead_align.sla('crm.leads', 'mql', 'hot', '1 business hour');
SELECT lead_align.sla('crm.leads', 'mql', NULL, '4 business hours');
SELECT lead_align.sla('crm.leads', 'mql', 'hot', '30 minutes', kind => 'touch');
SELECT lead_align.sla('crm.leads', 'sal', "window" => '2 business days');
SELECT lead_align.sla('crm.leads', 'sql', "window" => '5 business days');
SELECT lead_align.sla('crm.leads', 'mql', NULL, '8 business hours');	-- replaces 4 business hours
SELECT lead_align.sla('crm.leads', 'sql', "window" => NULL);				-- removes
SELECT lead_align.sla('crm.leads', 'new', "window" => '0 seconds');		-- due at once is allowed
SELECT * FROM pg_temp.config('crm.leads') WHERE what = 'sla';

-------------------------------------------------------------------------------
-- Teams and reasons (DESIGN 4.2)
-------------------------------------------------------------------------------
CREATE ROLE lead_align_sales_rep;
SELECT lead_align.add_team('sdr', 'sales development reps');
SELECT lead_align.bind_team('sales', 'lead_align_sales_rep');
SELECT lead_align.bind_team('sdr', 'lead_align_sales_rep');
SELECT lead_align.bind_team('sdr', NULL);		-- unbind
SELECT m.name, m.description, m.seeded, r.role
  FROM lead_align.team m LEFT JOIN lead_align.team_role r ON r.team = m.name ORDER BY m.name;
SELECT lead_align.add_reason('crm.leads', 'no_show', 'recycle', 'missed two meetings');
SELECT lead_align.add_reason('crm.leads', 'wrong_region', 'reject', 'outside our sales regions', needs_note => true);
SELECT lead_align.disable_reason('crm.leads', 'competitor', 'reject');
SELECT lead_align.disable_reason('crm.leads', 'competitor', 'reject');	-- again: no change
SELECT lead_align.disable_reason('crm.leads', 'unreachable', 'recycle');
SELECT lead_align.disable_reason('crm.leads', 'unreachable', 'recycle', false);	-- enabled again
SELECT lead_align.disable_reason('crm.leads', 'no_show', 'recycle');	-- a track's own code too
SELECT * FROM pg_temp.config('crm.leads') WHERE what IN ('reasons', 'disabled');

-------------------------------------------------------------------------------
-- Who may configure: the owner of the table (not a superuser here), a member
-- of lead_align_admin, nobody else.  The functions are SECURITY DEFINER and
-- check the role that called them.
-------------------------------------------------------------------------------
CREATE ROLE lead_align_crm_owner;
CREATE ROLE lead_align_ops;
GRANT lead_align_admin TO lead_align_ops;
CREATE ROLE lead_align_nobody;
GRANT USAGE ON SCHEMA crm TO lead_align_crm_owner, lead_align_ops, lead_align_nobody;
GRANT CREATE ON SCHEMA crm TO lead_align_crm_owner;
SET ROLE lead_align_crm_owner;
CREATE TABLE crm.partner_leads (id bigint PRIMARY KEY, stage lead_align.lead_stage, temperature lead_align.lead_temperature);
SELECT lead_align.track('crm.partner_leads', 'id', 'stage', temperature => 'temperature', mode => 'record') > 0 AS tracked;
SELECT lead_align.add_rule('crm.partner_leads', 'warm', 'true', 'every partner lead is warm');
SELECT lead_align.sla('crm.partner_leads', 'new', "window" => '1 business day');
-- the owner cannot touch another owner's table, nor the teams
SELECT * FROM pg_temp.try($$SELECT lead_align.add_rule('crm.leads', 'hot', 'true')$$);
SELECT * FROM pg_temp.try($$SELECT lead_align.add_team('partners')$$);
RESET ROLE;
SET ROLE lead_align_ops;
-- (a predicate over a lead_stage column: its operators live in schema lead_align)
SELECT lead_align.add_score('crm.partner_leads', 'fit', $$stage = 'sql'$$, 10, name => 'qualified');
SELECT lead_align.add_team('partners', 'partner managers');
RESET ROLE;
SELECT name, kind, temperature, points FROM lead_align.rule r JOIN lead_align.track t ON t.id = r.track_id
 WHERE t.relid = 'crm.partner_leads'::regclass ORDER BY r.valid_from;
-- the configuration tables themselves are closed to everyone but the readers
SET ROLE lead_align_crm_owner;
SELECT * FROM pg_temp.try($$INSERT INTO lead_align.rule (track_id, name, kind, temperature, predicate, priority, valid_from) VALUES (1, 'x', 'temperature', 'hot', 'true', 1, 1)$$);
SELECT * FROM pg_temp.try($$UPDATE lead_align.track SET mode = 'backfill'$$);
SELECT * FROM pg_temp.try($$SELECT * FROM lead_align.track$$);
RESET ROLE;

-------------------------------------------------------------------------------
-- Bad configuration (issue 3, item 7): each gets a clear error, the right
-- SQLSTATE, and nothing is written.
-------------------------------------------------------------------------------
CREATE TABLE crm.nullable_key (id bigint UNIQUE, stage text);
CREATE TABLE crm.no_unique (id bigint NOT NULL, stage text);
CREATE TABLE crm.partial_key (id bigint NOT NULL, stage text, deleted boolean NOT NULL DEFAULT false);
CREATE UNIQUE INDEX partial_key_live ON crm.partial_key (id) WHERE NOT deleted;
CREATE TABLE crm.multi_key (id bigint NOT NULL, region text NOT NULL, stage text, UNIQUE (id, region));
CREATE TABLE crm.expr_key (email text NOT NULL, stage text);
CREATE UNIQUE INDEX expr_key_email ON crm.expr_key (lower(email));
CREATE TABLE crm.legacy_leads (id bigint PRIMARY KEY, stage text, created timestamp, touched timestamp);
CREATE TABLE crm.staging_leads (LIKE crm.leads INCLUDING ALL);
CREATE VIEW crm.hot_leads AS SELECT * FROM crm.leads WHERE temperature = 'hot';
-- partitioned by a column the trigger writes: the temperature ...
CREATE TABLE crm.leads_by_temperature (id bigint NOT NULL, stage text, temperature text NOT NULL,
	PRIMARY KEY (id, temperature)) PARTITION BY LIST (temperature);
CREATE TABLE crm.leads_by_temperature_hot PARTITION OF crm.leads_by_temperature FOR VALUES IN ('hot');
-- ... a score, inside an expression ...
CREATE TABLE crm.leads_by_fit (id bigint NOT NULL, stage text, fit_score int) PARTITION BY RANGE ((fit_score / 10));
-- ... the stage, which the trigger writes when handoff_temperature is set ...
CREATE TABLE crm.leads_by_stage (id bigint NOT NULL, stage text NOT NULL, PRIMARY KEY (id, stage)) PARTITION BY LIST (stage);
-- ... and a partition of a table partitioned by the temperature, tracked on its own
CREATE TABLE crm.leads_2025 (id bigint NOT NULL, stage text, temperature text) PARTITION BY LIST (temperature);
CREATE TABLE crm.leads_2025_warm PARTITION OF crm.leads_2025 (PRIMARY KEY (id)) FOR VALUES IN ('warm');
-- and one that is fine: partitioned by the key
CREATE TABLE crm.leads_by_id (id bigint PRIMARY KEY, stage text, temperature text) PARTITION BY HASH (id);
CREATE TABLE crm.leads_by_id_0 PARTITION OF crm.leads_by_id FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE crm.leads_by_id_1 PARTITION OF crm.leads_by_id FOR VALUES WITH (MODULUS 2, REMAINDER 1);

-- an enum stage column: labels must be the enum's own
CREATE TYPE crm.deal_stage AS ENUM ('Prospect', 'Discovery', 'Proposal', 'Closed Won', 'Closed Lost');
CREATE TABLE crm.deals (id bigint PRIMARY KEY, stage crm.deal_stage NOT NULL);
SELECT lead_align.track('crm.deals', 'id', 'stage') > 0 AS tracked;
SELECT lead_align.map_stage('crm.deals', 'Proposal', 'opportunity');
SELECT lead_align.map_stage('crm.deals', 'Closed Won', 'won');
SELECT * FROM pg_temp.config('crm.deals') WHERE what = 'stage_map';

CREATE TEMP TABLE counts_before AS
SELECT (SELECT count(*) FROM lead_align.track) AS tracks, (SELECT count(*) FROM lead_align.rule) AS rules,
	   (SELECT count(*) FROM lead_align.transition) AS transitions, (SELECT count(*) FROM lead_align.sla) AS slas,
	   (SELECT count(*) FROM lead_align.stage_map) AS labels, (SELECT count(*) FROM lead_align.reason) AS reasons,
	   (SELECT count(*) FROM lead_align.team_role) AS bindings,
	   (SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'zz_lead_align_%') AS triggers;

\x on
SELECT n, what, cmd, t.*
  FROM (VALUES
	-- the table
	(1, 'unknown table', $$SELECT lead_align.track('crm.no_such_table', 'id', 'stage')$$),
	(2, 'a view', $$SELECT lead_align.track('crm.hot_leads', 'id', 'stage')$$),
	(3, 'tracking twice', $$SELECT lead_align.track('crm.leads', 'id', 'stage')$$),
	-- columns
	(4, 'unknown key column', $$SELECT lead_align.track('crm.legacy_leads', 'lead_id', 'stage')$$),
	(5, 'unknown stage column', $$SELECT lead_align.track('crm.legacy_leads', 'id', 'status')$$),
	(6, 'unknown dimension', $$SELECT lead_align.track('crm.legacy_leads', 'id', 'stage', dimensions => ARRAY['region'])$$),
	(7, 'system column', $$SELECT lead_align.track('crm.legacy_leads', 'ctid', 'stage')$$),
	(8, 'column named twice', $$SELECT lead_align.track('crm.staging_leads', 'id', 'stage', fit => 'fit_score', interest => 'fit_score')$$),
	(9, 'key and stage in one column', $$SELECT lead_align.track('crm.legacy_leads', 'stage', 'stage')$$),
	(10, 'dimension listed twice', $$SELECT lead_align.track('crm.legacy_leads', 'id', 'stage', dimensions => ARRAY['created', 'created'])$$),
	-- column types
	(11, 'boolean stage', $$SELECT lead_align.track('crm.partial_key', 'id', 'deleted')$$),
	(12, 'integer temperature', $$SELECT lead_align.track('crm.staging_leads', 'id', 'stage', temperature => 'visits')$$),
	(13, 'text fit score', $$SELECT lead_align.track('crm.staging_leads', 'id', 'stage', fit => 'industry')$$),
	(14, 'date event time', $$SELECT lead_align.track('crm.staging_leads', 'id', 'stage', event_time => 'decision_date')$$),
	(15, 'timestamp event time', $$SELECT lead_align.track('crm.legacy_leads', 'id', 'stage', event_time => 'created')$$),
	(16, 'timestamp touch', $$SELECT lead_align.track('crm.legacy_leads', 'id', 'stage', touch => 'touched')$$),
	(17, 'integer reason', $$SELECT lead_align.track('crm.staging_leads', 'id', 'stage', reason => 'visits')$$),
	-- the key
	(18, 'nullable key', $$SELECT lead_align.track('crm.nullable_key', 'id', 'stage')$$),
	(19, 'key not unique', $$SELECT lead_align.track('crm.no_unique', 'id', 'stage')$$),
	(20, 'key: partial index only', $$SELECT lead_align.track('crm.partial_key', 'id', 'stage')$$),
	(21, 'key: multi-column index only', $$SELECT lead_align.track('crm.multi_key', 'id', 'stage')$$),
	(22, 'key: expression index only', $$SELECT lead_align.track('crm.expr_key', 'email', 'stage')$$),
	-- partition keys
	(23, 'partitioned by the temperature', $$SELECT lead_align.track('crm.leads_by_temperature', 'id', 'stage', temperature => 'temperature')$$),
	(24, 'partitioned by a fit expression', $$SELECT lead_align.track('crm.leads_by_fit', 'id', 'stage', fit => 'fit_score')$$),
	(25, 'partitioned by the stage, with handoff', $$SELECT lead_align.track('crm.leads_by_stage', 'id', 'stage', handoff_temperature => 'hot')$$),
	(26, 'partition of a table partitioned by the temperature', $$SELECT lead_align.track('crm.leads_2025_warm', 'id', 'stage', temperature => 'temperature')$$),
	-- other arguments
	(27, 'unknown mode', $$SELECT lead_align.track('crm.legacy_leads', 'id', 'stage', mode => 'strict')$$),
	(28, 'NULL threshold', $$SELECT lead_align.track('crm.legacy_leads', 'id', 'stage', fit_threshold => NULL)$$),
	-- rule predicates
	(29, 'predicate not boolean', $$SELECT lead_align.add_rule('crm.leads', 'hot', 'visits + 1')$$),
	(30, 'predicate: unknown column', $$SELECT lead_align.add_rule('crm.leads', 'hot', 'budget > 10000')$$),
	(31, 'predicate: subquery', $$SELECT lead_align.add_rule('crm.leads', 'hot', 'visits > (SELECT 3)')$$),
	(32, 'predicate: aggregate', $$SELECT lead_align.add_rule('crm.leads', 'hot', 'count(*) > 1')$$),
	(33, 'predicate: volatile function', $$SELECT lead_align.add_rule('crm.leads', 'hot', 'random() < 0.5')$$),
	(34, 'predicate: system column', $$SELECT lead_align.add_score('crm.leads', 'fit', 'xmin IS NOT NULL', 1)$$),
	(35, 'rule name taken', $$SELECT lead_align.add_rule('crm.leads', 'warm', 'true', name => 'decision_6m')$$),
	(36, 'unknown score kind', $$SELECT lead_align.add_score('crm.leads', 'budget', 'true', 10)$$),
	(37, 'drop an unknown rule', $$SELECT lead_align.drop_rule('crm.leads', 'hot_9')$$),
	(38, 'rule on an untracked table', $$SELECT lead_align.add_rule('crm.legacy_leads', 'hot', 'true')$$),
	-- stage labels
	(39, 'label for a lead_stage column', $$SELECT lead_align.map_stage('crm.partner_leads', 'Working', 'sal')$$),
	-- SLAs
	(40, 'SLA for an end stage', $$SELECT lead_align.sla('crm.leads', 'won', "window" => '1 day')$$),
	(41, 'negative SLA', $$SELECT lead_align.sla('crm.leads', 'mql', "window" => '-2 business hours')$$),
	(42, 'unknown SLA kind', $$SELECT lead_align.sla('crm.leads', 'mql', NULL, '1 hour', 'respond')$$),
	(43, 'touch SLA without a touch column', $$SELECT lead_align.sla('crm.partner_leads', 'mql', "window" => '1 hour', kind => 'touch')$$),
	-- teams and reasons
	(44, 'unknown team role', $$SELECT lead_align.bind_team('sales', 'no_such_role')$$),
	(45, 'unknown team', $$SELECT lead_align.bind_team('support', 'lead_align_sales_rep')$$),
	(46, 'team exists', $$SELECT lead_align.add_team('sdr')$$),
	(47, 'bad team name', $$SELECT lead_align.add_team('Field Sales')$$),
	(48, 'built-in reason code', $$SELECT lead_align.add_reason('crm.leads', 'spam', 'reject', 'junk')$$),
	(49, 'reason code exists', $$SELECT lead_align.add_reason('crm.leads', 'no_show', 'recycle', 'again')$$),
	(50, 'unknown reason kind', $$SELECT lead_align.add_reason('crm.leads', 'too_big', 'refuse', 'too big for us')$$),
	(51, 'bad reason code', $$SELECT lead_align.add_reason('crm.leads', 'No Show', 'recycle', 'x')$$),
	(52, 'disable an unknown code', $$SELECT lead_align.disable_reason('crm.leads', 'price', 'reject')$$),
	(53, 'not a label of the enum', $$SELECT lead_align.map_stage('crm.deals', 'Negotiation', 'opportunity')$$)
  ) AS v (n, what, cmd),
  LATERAL pg_temp.try(v.cmd) AS t
 ORDER BY n;

-- a role that owns nothing may configure nothing
SET ROLE lead_align_nobody;
SELECT n, what, cmd, t.*
  FROM (VALUES
	(54, 'track another role''s table', $$SELECT lead_align.track('crm.legacy_leads', 'id', 'stage')$$),
	(55, 'untrack it', $$SELECT lead_align.untrack('crm.leads')$$),
	(56, 'map a label', $$SELECT lead_align.map_stage('crm.leads', 'Spam', 'disqualified')$$),
	(57, 'add a rule', $$SELECT lead_align.add_rule('crm.leads', 'hot', 'true')$$),
	(58, 'add a score', $$SELECT lead_align.add_score('crm.leads', 'fit', 'true', 100)$$),
	(59, 'drop a rule', $$SELECT lead_align.drop_rule('crm.leads', 'decision_6m')$$),
	(60, 'set an SLA', $$SELECT lead_align.sla('crm.leads', 'mql', "window" => '2 hours')$$),
	(61, 'add a reason', $$SELECT lead_align.add_reason('crm.leads', 'nope', 'reject', 'x')$$),
	(62, 'disable a reason', $$SELECT lead_align.disable_reason('crm.leads', 'spam', 'reject')$$),
	(63, 'add a team', $$SELECT lead_align.add_team('nobodies')$$),
	(64, 'bind a team', $$SELECT lead_align.bind_team('sales', 'lead_align_nobody')$$),
	(65, 'read the ledger', $$SELECT * FROM lead_align.handoff$$),
	(66, 'read lead_state', $$SELECT * FROM lead_align.lead_state$$)
  ) AS v (n, what, cmd),
  LATERAL pg_temp.try(v.cmd) AS t
 ORDER BY n;
RESET ROLE;
\x off

-- nothing was written by the failed calls
SELECT (SELECT count(*) FROM lead_align.track) - b.tracks AS tracks,
	   (SELECT count(*) FROM lead_align.rule) - b.rules AS rules,
	   (SELECT count(*) FROM lead_align.transition) - b.transitions AS transitions,
	   (SELECT count(*) FROM lead_align.sla) - b.slas AS slas,
	   (SELECT count(*) FROM lead_align.stage_map) - b.labels AS labels,
	   (SELECT count(*) FROM lead_align.reason) - b.reasons AS reasons,
	   (SELECT count(*) FROM lead_align.team_role) - b.bindings AS bindings,
	   (SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'zz_lead_align_%') - b.triggers AS triggers
  FROM counts_before b;
-- a table partitioned by its key can be tracked; the row triggers reach every partition
SELECT lead_align.track('crm.leads_by_id', 'id', 'stage', temperature => 'temperature', handoff_temperature => 'hot') > 0 AS tracked;
SELECT tgrelid::regclass, tgname FROM pg_trigger
 WHERE tgrelid IN ('crm.leads_by_id'::regclass, 'crm.leads_by_id_0'::regclass) AND tgname LIKE 'zz_lead_align_%'
 ORDER BY 1, 2;
SELECT lead_align.untrack('crm.leads_by_id', purge => true);
SELECT count(*) AS triggers_left FROM pg_trigger WHERE tgname LIKE 'zz_lead_align_%'
   AND tgrelid IN ('crm.leads_by_id'::regclass, 'crm.leads_by_id_0'::regclass, 'crm.leads_by_id_1'::regclass);

-------------------------------------------------------------------------------
-- lead_state: the current stage of each lead, from the ledger the triggers
-- write (the ledger rows themselves are the trigger tests' business).  Events
-- are in early 2025, so every SLA due time has passed.
-------------------------------------------------------------------------------
INSERT INTO crm.leads (id, stage, owner, updated_at, source, campaign, country, industry, visits, demo_requested, decision_date)
VALUES (1, 'Inquiry', 'alice', '2025-01-06 08:00+00', 'webinar', 'q1-launch', 'DE', 'saas', 1, false, NULL),
	   (2, 'Inquiry', 'bob', '2025-01-06 08:30+00', 'referral', 'partners', 'AT', 'fintech', 4, true, '2025-02-28'),
	   (3, 'Nurturing', 'alice', '2025-01-06 09:00+00', 'ads', 'q1-launch', 'US', 'retail', 0, false, NULL);
UPDATE crm.leads SET stage = 'Open - Not Contacted', updated_at = '2025-01-07 10:00+00' WHERE id = 3;
DELETE FROM crm.leads WHERE id = 1;
SELECT lead_key, stage, stage_text, since, cycle, owner, temperature, due_at, overdue
  FROM lead_align.lead_state WHERE track_id = :tid ORDER BY lead_key;
-- the view is for readers
SELECT has_table_privilege('lead_align_reader', 'lead_align.lead_state', 'SELECT') AS reader_may_select,
	   has_table_privilege('public', 'lead_align.lead_state', 'SELECT') AS public_may_select;

-------------------------------------------------------------------------------
-- untrack: triggers go, the track stays (inactive) with its configuration and
-- ledger; tracking again reuses the id; purge deletes everything
-------------------------------------------------------------------------------
SELECT lead_align.untrack('crm.leads');
SELECT count(*) AS triggers_left FROM pg_trigger WHERE tgrelid = 'crm.leads'::regclass;
SELECT active, (SELECT count(*) FROM lead_align.rule WHERE track_id = :tid) AS rules,
	   (SELECT count(*) FROM lead_align.handoff WHERE track_id = :tid) > 0 AS has_ledger
  FROM lead_align.track WHERE id = :tid;
SELECT lead_align.untrack('crm.leads');		-- again: a notice
SELECT lead_align.track('crm.leads', 'id', 'stage', temperature => 'temperature', fit => 'fit_score',
		interest => 'interest_score', event_time => 'updated_at', mode => 'record') = :tid AS same_id;
SELECT mode, active, owner_column, dimensions,
	   (SELECT count(*) FROM lead_align.transition WHERE track_id = :tid) AS transitions
  FROM lead_align.track WHERE id = :tid;
SELECT count(*) AS triggers FROM pg_trigger WHERE tgrelid = 'crm.leads'::regclass;
SELECT lead_align.untrack('crm.leads', purge => true);
SELECT (SELECT count(*) FROM lead_align.track WHERE id = :tid) AS tracks,
	   (SELECT count(*) FROM lead_align.rule WHERE track_id = :tid) AS rules,
	   (SELECT count(*) FROM lead_align.transition WHERE track_id = :tid) AS transitions,
	   (SELECT count(*) FROM lead_align.stage_map WHERE track_id = :tid) AS labels,
	   (SELECT count(*) FROM lead_align.sla WHERE track_id = :tid) AS slas,
	   (SELECT count(*) FROM lead_align.reason WHERE track_id = :tid) AS reasons,
	   (SELECT count(*) FROM lead_align.handoff WHERE track_id = :tid) AS ledger_rows;
SELECT * FROM pg_temp.try($$SELECT lead_align.untrack('crm.leads')$$);

-- Clean up.  (Teams cannot be removed: sdr and partners stay, unbound.)
SELECT lead_align.untrack('crm.deals', purge => true);
SELECT lead_align.untrack('crm.partner_leads', purge => true);
SELECT lead_align.bind_team('sales', NULL);
SET client_min_messages = warning;
DROP SCHEMA crm CASCADE;
RESET client_min_messages;
DROP ROLE lead_align_sales_rep, lead_align_crm_owner, lead_align_ops, lead_align_nobody;
