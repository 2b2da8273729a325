-- sla_window: three kinds that never mix, canonical output, ordering, casts.
SET intervalstyle = 'postgres';
\i test/fixtures/try.sql
CREATE FUNCTION pg_temp.try_window(s text)
RETURNS TABLE (input text, state text, message text, hint text) LANGUAGE sql
	AS $$ SELECT t.input, t.state, t.message, t.hint FROM pg_temp.try_input(s, 'lead_align.sla_window') t $$;

-- canonical output: largest unit first, zero parts left out, singular for 1
SELECT s AS input, s::lead_align.sla_window AS canonical
  FROM (VALUES ('30 seconds'), ('30s'), ('1 sec'), ('90 secs'), ('1 hour 30 minutes'),
               ('90 min'), ('1.5 hours'), ('3 days'), ('1 d'), ('36 h'), ('0.5 s'),
               ('0.0000005 s'), ('0.0000015 s'), ('0.0000025 s'), ('1.0000005 seconds'),
               ('25 hours 61 minutes'), ('1 hour 1 hour'), ('  +2 hrs  '), ('-1 day 2 hours'),
               ('0 hours'), ('-0 min'), ('4 business hours'), ('90 business minutes'),
               ('10800.5 business seconds'), ('48 business hours'), ('1 business hour 30 business minutes'),
               ('0 business hours'), ('2 business days'), ('1 business day'), ('-1 business days'),
               ('0 business days'), ('1 BUSINESS DAY'), ('2 Hours'), ('3 business  d'),
               ('1 hour 0.000001 seconds'), ('1000000 days')) v(s);

-- every kind of bad input: the right SQLSTATE, the bad token quoted, a hint
\x on
SELECT * FROM pg_temp.try_window('')
UNION ALL SELECT * FROM pg_temp.try_window('   ')
UNION ALL SELECT * FROM pg_temp.try_window('-')
UNION ALL SELECT * FROM pg_temp.try_window('hours')
UNION ALL SELECT * FROM pg_temp.try_window('.5 hours')
UNION ALL SELECT * FROM pg_temp.try_window('5. hours')
UNION ALL SELECT * FROM pg_temp.try_window('5')
UNION ALL SELECT * FROM pg_temp.try_window('5 m')
UNION ALL SELECT * FROM pg_temp.try_window('2 weeks')
UNION ALL SELECT * FROM pg_temp.try_window('1 month')
UNION ALL SELECT * FROM pg_temp.try_window('1h30min')
UNION ALL SELECT * FROM pg_temp.try_window('1 business day 2 business hours')
UNION ALL SELECT * FROM pg_temp.try_window('1 business hour 30 minutes')
UNION ALL SELECT * FROM pg_temp.try_window('1 hour 30 business minutes')
UNION ALL SELECT * FROM pg_temp.try_window('1.5 business days')
UNION ALL SELECT * FROM pg_temp.try_window('1 business')
UNION ALL SELECT * FROM pg_temp.try_window('1 businesshours')
UNION ALL SELECT * FROM pg_temp.try_window('- -1 hour')
UNION ALL SELECT * FROM pg_temp.try_window('99999999999999999999 seconds')
UNION ALL SELECT * FROM pg_temp.try_window('14000000 days')
UNION ALL SELECT * FROM pg_temp.try_window('7000000 days 7000000 days')
UNION ALL SELECT * FROM pg_temp.try_window('2000000000000000000 business days');
\x off

-- in(out(x)) = x, and equality is equality of canonical text
SELECT s, w::text::lead_align.sla_window = w AS roundtrip
  FROM (VALUES ('90 min'), ('1.5 hours'), ('-36 h'), ('0.000001 s'), ('7 business hours 1 business second'),
               ('-3 business days'), ('0 s')) v(s), LATERAL (SELECT s::lead_align.sla_window) x(w);
SELECT '90 minutes'::lead_align.sla_window = '1.5 hours' AS same_elapsed,
       '1 business hour'::lead_align.sla_window = '1 hour' AS business_is_not_elapsed,
       '0 business days'::lead_align.sla_window = '0 seconds' AS zero_days_is_not_zero_seconds;

-- order: by kind (elapsed < business duration < business days), then by value
SELECT w FROM (VALUES ('2 business days'::lead_align.sla_window), ('1 hour'), ('-1 day'), ('4 business hours'),
                      ('-1 business days'), ('30 minutes'), ('1 business hour'), ('3 days')) v(w)
 ORDER BY w;
SELECT DISTINCT w FROM (VALUES ('60 minutes'::lead_align.sla_window), ('1 hour'), ('3600 s'), ('1 business hour')) v(w)
 ORDER BY w;

-- casts and arithmetic
SELECT interval '1 day 2 hours'::lead_align.sla_window AS from_interval,
       interval '-90 minutes'::lead_align.sla_window AS negative,
       '4 business hours'::lead_align.sla_window OPERATOR(lead_align.*) 3 AS times_three,
       2 OPERATOR(lead_align.*) '2 business days'::lead_align.sla_window AS two_times,
       '1 hour'::lead_align.sla_window OPERATOR(lead_align.*) -2 AS negated;
SELECT interval '1 month'::lead_align.sla_window;
SELECT '30000 days'::lead_align.sla_window OPERATOR(lead_align.*) 2;
SELECT interval '400000000 hours'::lead_align.sla_window;

-- an index on sla_window (btree and hash), used for equality and order
CREATE TABLE sla_windows (id int PRIMARY KEY, w lead_align.sla_window);
INSERT INTO sla_windows SELECT g, (g % 50 || CASE g % 3 WHEN 0 THEN ' hours' WHEN 1 THEN ' business hours' ELSE ' business days' END)::lead_align.sla_window
  FROM generate_series(1, 3000) g;
CREATE INDEX sla_windows_w ON sla_windows (w);
CREATE INDEX sla_windows_wh ON sla_windows USING hash (w);
ANALYZE sla_windows;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM sla_windows WHERE w = '7 business hours';
SELECT count(*) FROM sla_windows WHERE w = '7 business hours';
SELECT w, count(*) FROM sla_windows
 WHERE w < '3 business hours' AND w > '2 days' GROUP BY w ORDER BY w;
SET enable_indexscan = off;
SET enable_bitmapscan = on;
SELECT count(*) FROM sla_windows WHERE w = '7 business hours';
RESET enable_seqscan;
RESET enable_indexscan;
RESET enable_bitmapscan;
-- hash aggregation and hash joins use the hash opclass
SET enable_sort = off;
SELECT count(DISTINCT w) AS distinct_windows, count(*) FILTER (WHERE w::text LIKE '%business day%') AS day_windows FROM sla_windows;
SELECT count(*) FROM sla_windows a JOIN sla_windows b ON a.w = b.w WHERE a.id <= 10;
RESET enable_sort;
DROP TABLE sla_windows;
