-- business_calendar input: every category of bad literal gets the right
-- SQLSTATE, a message quoting the bad token, and a hint with a valid example.
\i test/fixtures/try.sql
CREATE FUNCTION pg_temp.try_cal(s text)
RETURNS TABLE (input text, state text, message text, detail text, hint text) LANGUAGE sql
	AS $$ SELECT * FROM pg_temp.try_input(s, 'lead_align.business_calendar') $$;

\x on
SELECT t.* FROM (VALUES
	(1, ''),
	(2, '   '),
	(3, 'Mon-Fri 09:00-17:00'),
	(4, 'Mo-Xy 09:00-17:00'),
	(5, 'Mo-Fr'),
	(6, '09:00-17:00'),
	(7, 'Mo-Fr 9:00-17:00'),
	(8, 'Mo-Fr 09:00-25:00'),
	(9, 'Mo-Fr 24:00-02:00'),
	(10, 'Mo-Fr 09:60-17:00'),
	(11, 'Mo-Fr 24:30'),
	(12, 'Mo-Fr 09:00:00-17:00'),
	(13, 'Mo-Fr 09:00-09:00'),
	(14, 'Mo-Fr 09:00'),
	(15, 'Mo-Fr 09:00+'),
	(16, 'Mo-Fr 09:00-17:00; tz Mars/Olympus'),
	(17, 'Mo-Fr 09:00-17:00; tz UTC+3'),
	(18, 'Mo-Fr 09:00-17:00; tz localtime'),
	(19, 'Mo-Fr 09:00-17:00; tz UTC; tz Europe/Berlin'),
	(20, 'Mo-Fr 09:00-17:00; tz'),
	(21, 'Mo-Fr 09:00-17:00;'),
	(22, 'Mo-Fr 09:00-17:00;; Sa off'),
	(23, 'Mo-Fr 09:00-17:00 junk'),
	(24, 'Mo-Fr 09:00-17:00; PH off'),
	(25, 'Mo-Fr 09:00-17:00; SH off'),
	(26, 'Dec 25 off'),
	(27, 'Mo-Fr 09:00-17:00; week 01 off'),
	(28, 'Mo-Fr sunrise-sunset'),
	(29, 'Mo-Fr 09:00-17:00 || Sa off'),
	(30, 'Mo-Fr 09:00-17:00 "call us"'),
	(31, 'Mo-Fr closed'),
	(32, '2026-1-1 off'),
	(33, '2026-02-30 off'),
	(34, '1899-12-31 off'),
	(35, '10000-01-01 off'),
	(36, '02-30 off'),
	(37, '13-01 off'),
	(38, '2026-12-31..2026-12-24 off'),
	(39, '2026-12-24..12-31 off'),
	(40, '12-24,2026-12-31 off'),
	(41, '2026-01-01..2028-12-31 off'),
	(42, 'Mo 00:00-00:01,01:00-01:01,02:00-02:01,03:00-03:01,04:00-04:01,05:00-05:01,06:00-06:01,07:00-07:01,08:00-08:01,09:00-09:01,10:00-10:01,11:00-11:01,12:00-12:01,13:00-13:01,14:00-14:01,15:00-15:01,16:00-16:01'),
	(43, '24/7 off'),
	(44, 'Mo-Fr 09:00-17:00 - 18:00'),
	(45, 'Mo-Fr 09:00 17:00')
) v(n, s), LATERAL pg_temp.try_cal(v.s) t ORDER BY v.n;
\x off

-- more than 1,000 dated and yearly entries (54000)
SELECT (SELECT string_agg(to_char(d, 'YYYY-MM-DD') || ' off', '; ')
          FROM generate_series(date '2026-01-01', date '2028-09-26', '1 day') d)::lead_align.business_calendar IS NOT NULL AS thousand_ok;
SELECT (SELECT string_agg(to_char(d, 'YYYY-MM-DD') || ' off', '; ')
          FROM generate_series(date '2026-01-01', date '2028-09-27', '1 day') d)::lead_align.business_calendar;
-- more than 64 KiB of text (54000)
SELECT ('Mo-Fr 09:00-17:00' || repeat(' ', 65536))::lead_align.business_calendar;
-- an error while the extension evaluates a literal inside a statement writes nothing
CREATE TABLE cal_t (id int, c lead_align.business_calendar);
INSERT INTO cal_t VALUES (1, 'Mo-Fr 09:00-17:00'), (2, 'Mo-Fr 09:00-17:0O');
SELECT count(*) AS rows_written FROM cal_t;
DROP TABLE cal_t;
-- an error quotes a bounded piece of the input, cut between characters, never
-- inside one (the rule is 1 + 2 x 100 bytes; the detail quotes 160 of them)
SELECT ('Mo-Fr 09:00-17:00; x' || repeat('é', 100))::lead_align.business_calendar;
