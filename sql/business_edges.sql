-- Edges of the arithmetic: instants far from 2000, the ends of the timestamp
-- range, huge windows, calendars without business time, and many rows.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';

-- before 2000, and far in the future (the zone rules are extrapolated).
-- Business days back from a closed instant (S3) first move back to the
-- previous closing: Friday 1960-01-01 01:00 CET to Thursday 17:00 CET, two
-- business days before which is Tuesday 1959-12-29 17:00 CET; Monday
-- 2026-01-05 09:00 (an opening) to Friday 01-02 17:00, 1000 business days
-- (200 weeks) before which is Friday 2022-03-04 17:00.
SELECT label, lead_align.business_add(t::timestamptz, w::lead_align.sla_window, c::lead_align.business_calendar) AS result
  FROM (VALUES
	('1990 Monday 00:00 + 1 bh',        '1990-01-01 00:00+00', '1 business hour',   'Mo-Fr 09:00-17:00'),
	('1960 Friday 01:00 CET - 2 bd',    '1960-01-01 00:00+00', '-2 business days',  'Mo-Fr 09:00-17:00; tz Europe/Berlin'),
	('1900-01-01 Monday + 8 bh',        '1900-01-01 12:00+00', '8 business hours',  'Mo-Fr 09:00-17:00'),
	('2999-12-31 Tuesday + 1 bd',       '2999-12-31 10:00+00', '1 business day',    'Mo-Fr 09:00-17:00'),
	('2100 Berlin summer + 4 bh',       '2100-07-01 14:00+00', '4 business hours',  'Mo-Fr 09:00-17:00; tz Europe/Berlin'),
	('year 200000 + 1 bh',              '200000-01-01 00:00+00', '1 business hour', '24/7'),
	('1000 business days from 2026',    '2026-01-05 09:00+00', '1000 business days', 'Mo-Fr 09:00-17:00'),
	('-1000 business days from 2026',   '2026-01-05 09:00+00', '-1000 business days', 'Mo-Fr 09:00-17:00'),
	('10000 business hours from 2026',  '2026-01-05 09:00+00', '10000 business hours', 'Mo-Fr 09:00-17:00')
  ) v(label, t, w, c) ORDER BY label;

-- 1000 business days of Mo-Fr are exactly 200 weeks; 10000 business hours of
-- 8-hour weekdays are 1250 days = 250 weeks, ending on a Friday at 17:00
SELECT lead_align.business_add('2026-01-05 09:00+00', '1000 business days', 'Mo-Fr 09:00-17:00')
       = '2026-01-05 09:00+00'::timestamptz + interval '200 weeks' AS thousand_days_is_200_weeks,
       lead_align.business_add('2026-01-05 09:00+00', '10000 business hours', 'Mo-Fr 09:00-17:00')
       = '2026-01-05 17:00+00'::timestamptz + interval '249 weeks' + interval '4 days' AS ten_thousand_hours;

-- business_elapsed over 50 years equals the number of weekdays times 8 hours
SELECT lead_align.business_elapsed('1990-01-01', '2040-01-01', 'Mo-Fr 09:00-17:00') AS fifty_years,
       (SELECT count(*) * 8 FROM generate_series(date '1990-01-01', date '2039-12-31', '1 day') d
         WHERE extract(isodow FROM d) < 6) AS weekday_hours;

-- results outside the timestamp range are 22008
SELECT lead_align.business_add('294276-12-31 00:00+00', '2 business days', '24/7');
SELECT lead_align.business_add('294276-12-31 00:00+00', '30000 days', '24/7');
SELECT lead_align.business_add('4714-11-25 00:00+00 BC', '-2 business days', '24/7');
SELECT lead_align.business_add('2026-01-01', '36000 business days', 'Mo-Fr 09:00-17:00') IS NOT NULL AS far_ok;
-- infinite instants
SELECT lead_align.business_add('infinity', '4 business hours', 'Mo-Fr 09:00-17:00') AS inf,
       lead_align.business_add('-infinity', '2 business days', 'Mo-Fr 09:00-17:00') AS ninf,
       lead_align.is_business_time('infinity', '24/7') AS open_at_infinity,
       lead_align.next_business_time('-infinity', '24/7') AS next_of_ninf;
SELECT lead_align.business_elapsed('2026-01-01', 'infinity', '24/7');
SELECT * FROM lead_align.business_periods('24/7', '2026-01-01', 'infinity');

-- a calendar with no business time at all is a valid value; arithmetic that
-- needs business time is 22023, in both directions
SELECT 'tz UTC'::lead_align.business_calendar AS no_hours,
       lead_align.business_elapsed('2026-01-01', '2027-01-01', 'tz UTC') AS elapsed,
       lead_align.is_business_time('2026-01-01', 'tz UTC') AS open,
       lead_align.business_add('2026-01-01', '0 business hours', 'tz UTC') AS zero_window,
       (SELECT count(*) FROM lead_align.business_periods('tz UTC', '2026-01-01', '2027-01-01')) AS periods;
SELECT lead_align.business_add('2026-01-01', '1 business hour', 'tz UTC');
SELECT lead_align.business_add('2026-01-01', '-1 business day', 'tz UTC');
-- a yearly 02-29 is the only business day: 2096-03-01 moves to the next
-- opening, 2104-02-29 09:00, across the gap of 2097-2103 (2100 is no leap
-- year); one business day later is 2108-02-29 09:00
SELECT lead_align.business_add('2096-03-01', '1 business day', '02-29 09:00-17:00') AS next_leap_day;

-- many rows, many calendars: every row gets its own calendar's answer
SELECT count(DISTINCT c) AS calendars,
       count(*) FILTER (WHERE lead_align.business_add(t, '1 business hour', c)
                              = t + interval '1 hour') AS inside_open_hours
  FROM (SELECT ('Mo-Su ' || lpad(h::text, 2, '0') || ':00-' || lpad((h + 2)::text, 2, '0') || ':00')::lead_align.business_calendar AS c,
               ('2026-01-05 00:00+00'::timestamptz + make_interval(hours => h)) AS t
          FROM generate_series(0, 21) h, generate_series(1, 50) r) s;

-- the last month of the timestamp range (chunks past its end must not overflow)
SELECT lead_align.business_elapsed('294276-12-01 00:00+00', '294276-12-31 23:59:59.999999+00', '24/7') AS last_month,
       lead_align.business_add('294276-12-30 00:00+00', '1 business day', '24/7') AS last_day,
       lead_align.is_business_time('294276-12-31 23:59:59.999999+00', '24/7') AS last_instant_open;
