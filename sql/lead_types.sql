SET timezone = 'UTC';
-- lead_temperature and lead_stage (DESIGN 3.1, 3.2): the shared vocabulary.
-- Every accepted spelling, canonical output, order, hashing, indexes,
-- owner_team, binary round trips and bad input.
\i test/fixtures/try.sql
CREATE FUNCTION pg_temp.try_stage(s text)
RETURNS TABLE (input text, state text, message text, hint text) LANGUAGE sql
	AS $$ SELECT t.input, t.state, t.message, t.hint FROM pg_temp.try_input(s, 'lead_align.lead_stage') t $$;
CREATE FUNCTION pg_temp.try_temperature(s text)
RETURNS TABLE (input text, state text, message text, hint text) LANGUAGE sql
	AS $$ SELECT t.input, t.state, t.message, t.hint FROM pg_temp.try_input(s, 'lead_align.lead_temperature') t $$;

-- both types are pass-by-value, four bytes
SELECT typname, typlen, typbyval, typalign FROM pg_type
 WHERE typnamespace = 'lead_align'::regnamespace AND typname IN ('lead_stage', 'lead_temperature')
 ORDER BY typname;

-- every accepted spelling of a temperature: case-insensitive, surrounding
-- whitespace ignored ("shown" makes tabs and newlines visible)
SELECT replace(replace(s, E'\t', '\t'), E'\n', '\n') AS shown, s::lead_align.lead_temperature AS canonical,
       s::lead_align.lead_temperature::text = expected AS as_published
  FROM (VALUES ('cold', 'cold'), ('warm', 'warm'), ('hot', 'hot'),
               ('COLD', 'cold'), ('Warm', 'warm'), ('hOt', 'hot'), ('HOT', 'hot'),
               ('  warm  ', 'warm'), (E'\thot\n', 'hot')) v(s, expected);

-- every accepted spelling of a stage (the published table of DESIGN 3.2):
-- canonical words, then the aliases, then case, spaces, '_' and '-' variants
SELECT s AS input, s::lead_align.lead_stage AS canonical,
       s::lead_align.lead_stage::text = expected AS as_published
  FROM (VALUES ('new', 'new'), ('nurture', 'nurture'), ('mql', 'mql'), ('sal', 'sal'), ('sql', 'sql'),
               ('opportunity', 'opportunity'), ('won', 'won'), ('lost', 'lost'), ('disqualified', 'disqualified'),
               ('lead', 'new'), ('inquiry', 'new'), ('subscriber', 'new'),
               ('nurturing', 'nurture'), ('recycled', 'nurture'),
               ('marketingqualifiedlead', 'mql'),
               ('salesaccepted', 'sal'), ('salesacceptedlead', 'sal'), ('accepted', 'sal'),
               ('salesqualifiedlead', 'sql'),
               ('opp', 'opportunity'), ('sqo', 'opportunity'),
               ('closedwon', 'won'), ('customer', 'won'),
               ('closedlost', 'lost'),
               ('unqualified', 'disqualified'), ('dq', 'disqualified'),
               ('NEW', 'new'), ('Lead', 'new'), ('Inquiry', 'new'), ('SUBSCRIBER', 'new'),
               ('Nurture', 'nurture'), ('Nurturing', 'nurture'), ('Recycled', 'nurture'),
               ('MQL', 'mql'), ('Marketing Qualified Lead', 'mql'), ('marketing-qualified-lead', 'mql'),
               ('marketing_qualified_lead', 'mql'), ('M-Q-L', 'mql'),
               ('SAL', 'sal'), ('Sales Accepted', 'sal'), ('Sales Accepted Lead', 'sal'),
               ('sales_accepted_lead', 'sal'), ('ACCEPTED', 'sal'),
               ('SQL', 'sql'), ('Sales Qualified Lead', 'sql'), ('sales-qualified-lead', 'sql'),
               ('Opportunity', 'opportunity'), ('Opp', 'opportunity'), ('SQO', 'opportunity'),
               ('Won', 'won'), ('Closed Won', 'won'), ('closed_won', 'won'), ('CLOSED-WON', 'won'),
               ('Customer', 'won'),
               ('Lost', 'lost'), ('Closed Lost', 'lost'), ('closed-lost', 'lost'),
               ('Disqualified', 'disqualified'), ('Unqualified', 'disqualified'), ('un-qualified', 'disqualified'),
               ('DQ', 'disqualified'), ('d_q', 'disqualified'),
               ('  won  ', 'won'), (' _-Closed - Won-_ ', 'won'), ('s a l', 'sal')) v(s, expected);

-- aliases are the same value as their canonical word: in(out(x)) = x, and
-- equality is equality of canonical text
SELECT 'Closed Won'::lead_align.lead_stage = 'won' AS closed_won_is_won,
       'lead'::lead_align.lead_stage = 'new' AS lead_is_new,
       'SQO'::lead_align.lead_stage <> 'sql' AS sqo_is_not_sql,
       'HOT'::lead_align.lead_temperature = 'hot' AS hot_is_hot;
SELECT s, s::lead_align.lead_stage::text::lead_align.lead_stage = s::lead_align.lead_stage AS roundtrip
  FROM unnest(ARRAY['new', 'Nurturing', 'marketing qualified lead', 'accepted', 'SQL', 'opp', 'customer',
                    'Closed Lost', 'dq']) s;

-- casts: text uses the I/O conversion both ways
SELECT t::lead_align.lead_stage AS stage, (t::lead_align.lead_stage)::text || '!' AS as_text,
       pg_typeof(t::lead_align.lead_stage) AS type
  FROM (VALUES ('Sales Accepted Lead'::text)) v(t);
SELECT NULL::lead_align.lead_stage AS null_stage, NULL::lead_align.lead_temperature IS NULL AS null_temperature;

-- order: cold < warm < hot, and the funnel order of the stages
SELECT t FROM unnest(ARRAY['hot', 'cold', 'warm', 'HOT', 'Cold']::lead_align.lead_temperature[]) t ORDER BY t;
SELECT s, row_number() OVER (ORDER BY s) AS funnel_position
  FROM unnest(ARRAY['won', 'disqualified', 'sql', 'new', 'lost', 'mql', 'opportunity', 'nurture', 'sal']::lead_align.lead_stage[]) s
 ORDER BY s;
SELECT s FROM unnest(ARRAY['won', 'disqualified', 'sql', 'new', 'lost', 'mql', 'opportunity', 'nurture', 'sal']::lead_align.lead_stage[]) s
 ORDER BY s DESC;
SELECT min(s) AS min_stage, max(s) AS max_stage,
       min(s) FILTER (WHERE s::text <> 'new') AS min_but_new,
       max(s) FILTER (WHERE s::text NOT IN ('disqualified', 'lost')) AS max_but_end
  FROM unnest(ARRAY['won', 'disqualified', 'sql', 'new', 'lost', 'mql', 'opportunity', 'nurture', 'sal']::lead_align.lead_stage[]) s;
SELECT min(t) AS coldest, max(t) AS hottest,
       max(t) FILTER (WHERE t::text <> 'hot') AS hottest_but_hot
  FROM unnest(ARRAY['warm', 'hot', 'cold', 'warm']::lead_align.lead_temperature[]) t;
SELECT min(s) AS empty_min FROM unnest(ARRAY[]::lead_align.lead_stage[]) s;
-- comparison operators (qualified), then BETWEEN with lead_align on the search path
SELECT 'mql'::lead_align.lead_stage < 'sal' AS mql_lt_sal,
       'sal'::lead_align.lead_stage <= 'Sales Accepted' AS sal_le_sal,
       'won'::lead_align.lead_stage > 'opportunity' AS won_gt_opp,
       'new'::lead_align.lead_stage >= 'nurture' AS new_ge_nurture,
       'lost'::lead_align.lead_stage <> 'Closed Lost' AS lost_ne_lost,
       'warm'::lead_align.lead_temperature < 'hot' AS warm_lt_hot,
       'cold'::lead_align.lead_temperature > 'warm' AS cold_gt_warm,
       'hot'::lead_align.lead_temperature >= 'HOT' AS hot_ge_hot;
SET search_path = public, lead_align;
SELECT s, s BETWEEN 'mql' AND 'opportunity' AS with_sales,
       s NOT BETWEEN 'Marketing Qualified Lead' AND 'SQO' AS not_with_sales
  FROM unnest(ARRAY['new', 'nurture', 'mql', 'sal', 'sql', 'opportunity', 'won', 'lost', 'disqualified']::lead_stage[]) s
 ORDER BY s;
SELECT t, t BETWEEN 'warm' AND 'hot' AS warm_or_hotter
  FROM unnest(ARRAY['cold', 'warm', 'hot']::lead_temperature[]) t ORDER BY t;
SELECT greatest('nurture'::lead_stage, 'mql', 'new') AS greatest_stage, least('hot'::lead_temperature, 'warm') AS least_temperature;
RESET search_path;

-- owner_team for all nine stages: marketing, sales, NULL for the end stages
SELECT s AS stage, lead_align.owner_team(s) AS owner_team, lead_align.owner_team(s) IS NULL AS no_owner
  FROM unnest(ARRAY['new', 'nurture', 'mql', 'sal', 'sql', 'opportunity', 'won', 'lost', 'disqualified']::lead_align.lead_stage[]) s
 ORDER BY s;
SELECT lead_align.owner_team('Closed Won') AS closed_won, lead_align.owner_team('Subscriber') AS subscriber,
       lead_align.owner_team(NULL) AS null_stage;

-- a table of leads: btree and hash indexes, hash aggregation, hash joins
CREATE TABLE lead_types_t (id int PRIMARY KEY, stage lead_align.lead_stage, temperature lead_align.lead_temperature);
INSERT INTO lead_types_t
SELECT g, (ARRAY['new', 'nurture', 'mql', 'sal', 'sql', 'opportunity', 'won', 'lost', 'disqualified'])[g % 9 + 1]::lead_align.lead_stage,
       (ARRAY['cold', 'warm', 'hot'])[g / 9 % 3 + 1]::lead_align.lead_temperature
  FROM generate_series(1, 2700) g;
INSERT INTO lead_types_t VALUES (2701, NULL, NULL);
ANALYZE lead_types_t;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
-- hash indexes serve equality (an alias finds its canonical value)
CREATE INDEX lead_types_t_stage_h ON lead_types_t USING hash (stage);
CREATE INDEX lead_types_t_temp_h ON lead_types_t USING hash (temperature);
EXPLAIN (COSTS OFF) SELECT id FROM lead_types_t WHERE stage = 'Closed Won';
SELECT count(*) FROM lead_types_t WHERE stage = 'Closed Won';
EXPLAIN (COSTS OFF) SELECT id FROM lead_types_t WHERE temperature = 'HOT';
SELECT count(*) FROM lead_types_t WHERE temperature = 'HOT';
DROP INDEX lead_types_t_stage_h;
DROP INDEX lead_types_t_temp_h;
CREATE INDEX lead_types_t_stage ON lead_types_t (stage);
CREATE INDEX lead_types_t_temp ON lead_types_t (temperature);
-- the btree serves ranges, equality, ORDER BY and min/max
EXPLAIN (COSTS OFF) SELECT id FROM lead_types_t WHERE stage > 'opportunity';
SELECT stage, count(*) FROM lead_types_t
 WHERE stage >= 'sal' AND stage < 'won' GROUP BY stage ORDER BY stage;
EXPLAIN (COSTS OFF) SELECT id FROM lead_types_t WHERE stage = 'SQO';
SELECT count(*) FROM lead_types_t WHERE stage = 'SQO';
-- (17 prints "InitPlan 1" where 15 and 16 print "InitPlan 1 (returns $0)":
-- this plan is shown without that suffix, so one expected file fits all)
CREATE FUNCTION pg_temp.plan(q text) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
	l text;
BEGIN
	FOR l IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
		RETURN NEXT regexp_replace(l, ' \(returns \$[0-9]+\)$', '');
	END LOOP;
END $$;
SELECT pg_temp.plan('SELECT max(stage) FROM lead_types_t') AS "QUERY PLAN";
SELECT min(stage), max(stage), min(temperature), max(temperature)
  FROM lead_types_t;
EXPLAIN (COSTS OFF) SELECT id FROM lead_types_t WHERE temperature < 'hot' ORDER BY temperature LIMIT 1;
RESET enable_seqscan;
RESET enable_bitmapscan;
-- DISTINCT and GROUP BY by hashing
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT DISTINCT stage FROM lead_types_t;
SELECT count(*) AS distinct_stages, count(stage) AS distinct_non_null FROM (SELECT DISTINCT stage FROM lead_types_t) d;
EXPLAIN (COSTS OFF) SELECT stage, temperature, count(*) FROM lead_types_t GROUP BY stage, temperature;
SELECT stage, string_agg(coalesce(temperature::text, '(null)') || ':' || n, ' ' ORDER BY temperature) AS by_temperature
  FROM (SELECT stage, temperature, count(*) AS n FROM lead_types_t GROUP BY stage, temperature) g
 GROUP BY stage ORDER BY stage;
SET enable_indexscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM lead_types_t a JOIN lead_types_t b ON a.stage = b.stage
 WHERE a.id <= 9;
SELECT count(*) AS pairs FROM lead_types_t a JOIN lead_types_t b ON a.stage = b.stage
 WHERE a.id <= 9;
RESET enable_indexscan;
RESET enable_bitmapscan;
RESET enable_sort;

-- binary and text COPY round trips
CREATE TABLE lead_types_rt (id int, stage lead_align.lead_stage, temperature lead_align.lead_temperature);
INSERT INTO lead_types_rt
SELECT row_number() OVER (), s, t
  FROM unnest(ARRAY['new', 'nurture', 'mql', 'sal', 'sql', 'opportunity', 'won', 'lost', 'disqualified']::lead_align.lead_stage[]) s,
       unnest(ARRAY['cold', 'warm', 'hot']::lead_align.lead_temperature[]) t;
INSERT INTO lead_types_rt VALUES (28, NULL, 'hot'), (29, 'won', NULL), (30, NULL, NULL);
\copy lead_types_rt TO 'results/lead_types.bin' WITH (FORMAT binary)
\copy lead_types_rt TO 'results/lead_types.txt'
CREATE TABLE lead_types_bin (LIKE lead_types_rt);
CREATE TABLE lead_types_txt (LIKE lead_types_rt);
\copy lead_types_bin FROM 'results/lead_types.bin' WITH (FORMAT binary)
\copy lead_types_txt FROM 'results/lead_types.txt'
SELECT count(*) AS rows,
       count(*) FILTER (WHERE coalesce(a.stage = b.stage, a.stage IS NULL AND b.stage IS NULL)
                          AND coalesce(a.temperature = b.temperature, a.temperature IS NULL AND b.temperature IS NULL)) AS binary_same,
       count(*) FILTER (WHERE coalesce(a.stage = t.stage, a.stage IS NULL AND t.stage IS NULL)
                          AND coalesce(a.temperature = t.temperature, a.temperature IS NULL AND t.temperature IS NULL)) AS text_same
  FROM lead_types_rt a JOIN lead_types_bin b USING (id) JOIN lead_types_txt t USING (id);
SELECT id, stage, temperature FROM lead_types_bin WHERE id IN (1, 14, 27, 28, 29, 30) ORDER BY id;
-- the binary form is one byte, the ordinal; recv refuses any other byte
SELECT lead_align.lead_stage_send('Closed Won') AS won_bytes, lead_align.lead_temperature_send('hot') AS hot_bytes;
CREATE TABLE lead_types_bytes (b "char");
INSERT INTO lead_types_bytes SELECT g::"char" FROM generate_series(0, 8) g;
\copy lead_types_bytes TO 'results/lead_types_bytes.bin' WITH (FORMAT binary)
CREATE TABLE lead_types_from_bytes (s lead_align.lead_stage);
\copy lead_types_from_bytes FROM 'results/lead_types_bytes.bin' WITH (FORMAT binary)
SELECT string_agg(s::text, ' < ' ORDER BY s) AS stages_from_bytes FROM lead_types_from_bytes;
TRUNCATE lead_types_bytes;
INSERT INTO lead_types_bytes SELECT g::"char" FROM generate_series(0, 2) g;
\copy lead_types_bytes TO 'results/lead_types_bytes.bin' WITH (FORMAT binary)
CREATE TABLE lead_types_temp_from_bytes (t lead_align.lead_temperature);
\copy lead_types_temp_from_bytes FROM 'results/lead_types_bytes.bin' WITH (FORMAT binary)
SELECT string_agg(t::text, ' < ' ORDER BY t) AS temperatures_from_bytes FROM lead_types_temp_from_bytes;
-- byte 9 is past disqualified, byte 255 (-1 as "char") is nothing
TRUNCATE lead_types_bytes;
INSERT INTO lead_types_bytes VALUES (9::"char");
\copy lead_types_bytes TO 'results/lead_types_bytes.bin' WITH (FORMAT binary)
\copy lead_types_from_bytes FROM 'results/lead_types_bytes.bin' WITH (FORMAT binary)
TRUNCATE lead_types_bytes;
INSERT INTO lead_types_bytes VALUES ((-1)::"char");
\copy lead_types_bytes TO 'results/lead_types_bytes.bin' WITH (FORMAT binary)
\copy lead_types_from_bytes FROM 'results/lead_types_bytes.bin' WITH (FORMAT binary)
-- byte 3 is past hot
TRUNCATE lead_types_bytes;
INSERT INTO lead_types_bytes VALUES (3::"char");
\copy lead_types_bytes TO 'results/lead_types_bytes.bin' WITH (FORMAT binary)
\copy lead_types_temp_from_bytes FROM 'results/lead_types_bytes.bin' WITH (FORMAT binary)
SELECT count(*) AS stages_after_bad_bytes FROM lead_types_from_bytes;
DROP TABLE lead_types_t, lead_types_rt, lead_types_bin, lead_types_txt, lead_types_bytes,
	lead_types_from_bytes, lead_types_temp_from_bytes;

-- bad input: 22P02, the input quoted, a hint listing the canonical words
\x on
SELECT * FROM pg_temp.try_stage('')
UNION ALL SELECT * FROM pg_temp.try_stage('   ')
UNION ALL SELECT * FROM pg_temp.try_stage(' -_- ')
UNION ALL SELECT * FROM pg_temp.try_stage('closed')
UNION ALL SELECT * FROM pg_temp.try_stage('Open - Not Contacted')
UNION ALL SELECT * FROM pg_temp.try_stage('S.Q.L')
UNION ALL SELECT * FROM pg_temp.try_stage('mqls')
UNION ALL SELECT * FROM pg_temp.try_stage('Sales Accepted Leads')
UNION ALL SELECT * FROM pg_temp.try_stage('opportunities')
UNION ALL SELECT * FROM pg_temp.try_stage('qualified')
UNION ALL SELECT * FROM pg_temp.try_stage('nürture')
UNION ALL SELECT * FROM pg_temp.try_stage('ｍｑｌ')
UNION ALL SELECT * FROM pg_temp.try_stage('won"')
UNION ALL SELECT * FROM pg_temp.try_stage('marketing qualified lead x')
UNION ALL SELECT * FROM pg_temp.try_stage(repeat('new', 30))
UNION ALL SELECT * FROM pg_temp.try_stage(repeat('ü', 40))
UNION ALL SELECT * FROM pg_temp.try_stage('3');
SELECT * FROM pg_temp.try_temperature('')
UNION ALL SELECT * FROM pg_temp.try_temperature('   ')
UNION ALL SELECT * FROM pg_temp.try_temperature('lukewarm')
UNION ALL SELECT * FROM pg_temp.try_temperature('very hot')
UNION ALL SELECT * FROM pg_temp.try_temperature('h o t')
UNION ALL SELECT * FROM pg_temp.try_temperature('hot!')
UNION ALL SELECT * FROM pg_temp.try_temperature('HOTT')
UNION ALL SELECT * FROM pg_temp.try_temperature('warm-ish')
UNION ALL SELECT * FROM pg_temp.try_temperature('1')
UNION ALL SELECT * FROM pg_temp.try_temperature('mql')
UNION ALL SELECT * FROM pg_temp.try_temperature(repeat('hot', 30));
\x off
-- a stage is not a temperature, and a bad literal fails at parse time
SELECT 'hot'::lead_align.lead_stage;
SELECT 'Closed Won'::lead_align.lead_temperature;
