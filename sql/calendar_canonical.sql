-- Canonical output of business_calendar (DESIGN 3.4): weekly rules resolved
-- (later wins per weekday) and grouped, then yearly, then dated rules, then tz.
SELECT s AS input, s::lead_align.business_calendar AS canonical
  FROM (VALUES
	(1, 'Mo-Fr 09:00-17:00'),
	(2, 'mo-fr 09:00-17:00; TZ europe/berlin'),
	(3, 'Mo,Tu,We,Fr 09:00-17:00'),
	(4, 'Mo,Tu 09:00-17:00; Th 09:00-17:00'),
	(5, 'Sa-Mo 10:00-14:00'),
	(6, 'Mo-Su 00:00-24:00'),
	(7, '24/7'),
	(8, '24/7; Su off'),
	(9, 'Mo-Fr 09:00-17:00; Fr 09:00-15:00'),
	(10, 'Mo-Fr 09:00-12:00,13:00-17:00'),
	(11, 'Mo 13:00-17:00,09:00-12:00'),
	(12, 'Mo 09:00-12:00,12:00-17:00'),
	(13, 'Mo 09:00-13:00,11:00-17:00,10:00-12:00'),
	(14, 'Mo-Fr 22:00-06:00'),
	(15, 'Fr 22:00-00:00'),
	(16, 'Mo 20:00-22:00,22:00-02:00'),
	(17, 'Mo 00:00-24:00,22:00-06:00'),
	(18, 'Mo 10:00-22:00,22:00-10:00'),
	(19, 'Mo-Fr off'),
	(20, 'tz Asia/Tokyo'),
	(21, 'Mo-Fr 09:00-17:00; 12-25,12-26 off; 12-24 09:00-12:00'),
	(22, '12-24..12-26 off'),
	(23, '12-30..01-02 off'),
	(24, '02-27,02-28,03-01 off'),
	(25, '02-28..03-01 off'),
	(26, '2026-12-24..2026-12-31 off; 2026-12-28 09:00-12:00'),
	(27, '2026-12-31 off; 2026-12-24 09:00-12:00; 2026-12-30 off; 2026-12-29 off'),
	(28, 'Mo-Fr 09:00-12:00,13:00-17:00; Sa 10:00-14:00; 12-25,12-26 off; 2026-12-24 09:00-12:00; 2026-12-31 off; tz Europe/Berlin'),
	(29, '  Mo - Fr   09:00 - 17:00 ;   Sa  10:00-14:00  '),
	(30, 'Sa,Su 10:00-14:00; Mo-Fr 08:00-18:00'),
	(31, 'Mo-We,Fr,Su 09:00-17:00'),
	(32, 'Mo-Su 09:00-17:00; We off'),
	(33, '2026-12-31 20:00-02:00; 01-01 off'),
	(34, 'tz utc'),
	(35, 'tz GMT'),
	(36, 'tz etc/gmt+5'),
	(37, 'tz america/argentina/buenos_aires')
  ) v(n, s) ORDER BY n;

-- Every all-upper-case zone the server lists (UTC, GMT, EST5EDT, ...: names
-- pg_tzset() would also take as POSIX strings) is accepted as itself, in any
-- case.  Which of them exist depends on the tz database, not on PostgreSQL
-- (Debian 13 moved EST5EDT, CET and the other 'backward' links into
-- tzdata-legacy), so they are checked here, not printed.
SELECT bool_and(('tz ' || name)::lead_align.business_calendar::text = 'tz ' || name) AS all_accepted,
       bool_and(('tz ' || lower(name))::lead_align.business_calendar::text = 'tz ' || name) AS lower_case_too,
       count(*) FILTER (WHERE name IN ('UTC', 'GMT')) AS utc_and_gmt
  FROM pg_timezone_names WHERE name !~ '[a-z]';

-- in(out(x)) = x for all of them, and equal values have equal text
SELECT count(*) AS values,
       count(*) FILTER (WHERE c::text::lead_align.business_calendar = c) AS roundtrips,
       count(*) FILTER (WHERE c::text::lead_align.business_calendar::text = c::text) AS stable_text
  FROM (VALUES ('Mo-Fr 09:00-17:00'), ('Sa-Mo 10:00-14:00'), ('24/7; Su off'), ('Mo 00:00-24:00,22:00-06:00'),
               ('12-30..01-02 off'), ('2026-12-24..2026-12-31 off; 2026-12-28 09:00-12:00'),
               ('Mo-Fr 22:00-06:00; tz America/Los_Angeles'), ('tz UTC')) v(s),
       LATERAL (SELECT s::lead_align.business_calendar) x(c);
SELECT 'Mo-Fr 09:00-17:00'::lead_align.business_calendar = 'Mo,Tu,We,Th,Fr 09:00-13:00,13:00-17:00; tz UTC' AS same_hours_same_value,
       'Mo-Fr 09:00-17:00'::lead_align.business_calendar = 'Mo-Fr 09:00-17:00; tz Europe/London' AS same_with_other_zone;
