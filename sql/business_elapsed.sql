SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';
--
-- business_elapsed(a, b, cal) and business_hours(a, b, cal) (DESIGN 3.5):
-- B(a, b), the measure of business time between two instants, negative when
-- b < a; the interval holds microseconds only (25:00:00, never 1 day 01:00:00)
-- and business_hours is the same in hours, rounded to 6 decimals.  Every
-- expected value was worked out by hand.  Time-zone transitions are in
-- business_dst.sql.
--
-- Calendar reference: 2026-01-12 Mon ... 16 Fri, 17 Sat, 18 Sun, 19 Mon.
-- 2026 starts on a Thursday and has 365 days, so it has 52 of every weekday
-- plus one extra Thursday: 261 weekdays.
--
-- Mo-Fr 09:00-17:00: starts and ends outside, inside, at opening and closing;
-- a = b; reversed bounds; whole weeks; a whole year (261 days x 8 h).
SELECT label, a, b,
       lead_align.business_elapsed(a, b, 'Mo-Fr 09:00-17:00; tz UTC') AS elapsed
FROM (VALUES
  ('01 opening to closing',     timestamptz '2026-01-12 09:00+00', timestamptz '2026-01-12 17:00+00'),
  ('02 before to after',        '2026-01-12 08:00+00', '2026-01-12 18:00+00'),
  ('03 opening to next opening','2026-01-12 09:00+00', '2026-01-13 09:00+00'),
  ('04 a whole week',           '2026-01-12 09:00+00', '2026-01-19 09:00+00'),
  ('05 over the weekend',       '2026-01-16 16:00+00', '2026-01-19 10:00+00'),
  ('06 weekend only',           '2026-01-17 00:00+00', '2026-01-19 00:00+00'),
  ('07 a = b',                  '2026-01-12 17:00+00', '2026-01-12 17:00+00'),
  ('08 reversed',               '2026-01-19 10:00+00', '2026-01-16 16:00+00'),
  ('09 fractional seconds',     '2026-01-12 12:00+00', '2026-01-12 12:30:15.5+00'),
  ('10 reversed half hour',     '2026-01-12 12:00+00', '2026-01-12 11:30+00'),
  ('11 four weeks',             '2026-01-12 00:00+00', '2026-02-09 00:00+00'),
  ('12 across the night',       '2026-01-12 16:59:59+00', '2026-01-13 09:00:01+00'),
  ('13 all of 2026',            '2026-01-01 00:00+00', '2027-01-01 00:00+00'),
  ('14 1 microsecond',          '2026-01-12 09:00+00', '2026-01-12 09:00:00.000001+00'),
  ('15 closed microsecond',     '2026-01-12 17:00+00', '2026-01-12 17:00:00.000001+00')
) AS c(label, a, b)
ORDER BY label;

-- business_hours: the same measure as numeric hours, 6 decimals.
-- 30 min 15.5 s = 1815.5 s = 0.5043055... h; 20 min = 0.333333... h;
-- 1 s = 0.000277... h; 1 microsecond rounds to 0; 3601 s = 1.000277... h.
SELECT label, a, b,
       lead_align.business_hours(a, b, 'Mo-Fr 09:00-17:00; tz UTC') AS hours
FROM (VALUES
  ('01 whole day',          timestamptz '2026-01-12 09:00+00', timestamptz '2026-01-12 17:00+00'),
  ('02 over the weekend',   '2026-01-16 16:00+00', '2026-01-19 10:00+00'),
  ('03 fractional seconds', '2026-01-12 12:00+00', '2026-01-12 12:30:15.5+00'),
  ('04 reversed',           '2026-01-19 10:00+00', '2026-01-16 16:00+00'),
  ('05 20 minutes',         '2026-01-12 09:00+00', '2026-01-12 09:20+00'),
  ('06 40 minutes',         '2026-01-12 09:00+00', '2026-01-12 09:40+00'),
  ('07 1 second',           '2026-01-12 09:00+00', '2026-01-12 09:00:01+00'),
  ('08 1 microsecond',      '2026-01-12 09:00+00', '2026-01-12 09:00:00.000001+00'),
  ('09 reversed half hour', '2026-01-12 10:00+00', '2026-01-12 09:30+00'),
  ('10 a whole week',       '2026-01-12 09:00+00', '2026-01-19 09:00+00'),
  ('11 an hour and a second','2026-01-12 09:00+00', '2026-01-12 10:00:01+00')
) AS c(label, a, b)
ORDER BY label;

-- Lunch break 09:00-12:00,13:00-17:00: 7 h a day, 35 h a week; the break
-- itself counts nothing.
SELECT label, a, b,
       lead_align.business_elapsed(a, b, 'Mo-Fr 09:00-12:00,13:00-17:00; tz UTC') AS elapsed
FROM (VALUES
  ('01 whole day',           timestamptz '2026-01-12 09:00+00', timestamptz '2026-01-12 17:00+00'),
  ('02 across the break',    '2026-01-12 11:30+00', '2026-01-12 13:30+00'),
  ('03 only the break',      '2026-01-12 12:00+00', '2026-01-12 13:00+00'),
  ('04 break to next day',   '2026-01-12 12:15+00', '2026-01-13 09:15+00'),
  ('05 a whole week',        '2026-01-12 00:00+00', '2026-01-19 00:00+00'),
  ('06 reversed',            '2026-01-13 09:15+00', '2026-01-12 12:15+00')
) AS c(label, a, b)
ORDER BY label;

-- A whole year with 12 holiday entries.  Weekly 09:00-17:00 on 261 weekdays
-- of 2026.  Yearly off: 01-01 (Thu), 05-01 (Fri), 10-03 (Sat: no effect),
-- 12-24 (Thu), 12-25 (Fri), 12-26 (Sat: no effect), 12-31 (Thu, but see
-- below).  Dated off: 2026-04-03 (Fri), 04-06 (Mon), 05-14 (Thu), 05-25 (Mon).
-- Dated 2026-12-31 09:00-12:00 beats the yearly 12-31 off (dated beats
-- yearly, whatever the order).  So 8 weekdays off, 1 half day:
-- (261 - 8 - 1) x 8 h + 3 h = 2016 h + 3 h = 2019 h.
-- December alone: 23 weekdays, 24th and 25th off, 31st half: 20 x 8 + 3 = 163 h.
-- Q2 (April-June): 22 + 21 + 22 = 65 weekdays, 5 off (04-03, 04-06, 05-01,
-- 05-14, 05-25): 60 x 8 = 480 h.
SELECT label, a, b,
       lead_align.business_elapsed(a, b,
         'Mo-Fr 09:00-17:00; 2026-12-31 09:00-12:00; 01-01,05-01,10-03,12-24..12-26,12-31 off; 2026-04-03,2026-04-06,2026-05-14,2026-05-25 off; tz UTC') AS elapsed,
       lead_align.business_hours(a, b,
         'Mo-Fr 09:00-17:00; 2026-12-31 09:00-12:00; 01-01,05-01,10-03,12-24..12-26,12-31 off; 2026-04-03,2026-04-06,2026-05-14,2026-05-25 off; tz UTC') AS hours
FROM (VALUES
  ('01 all of 2026',  timestamptz '2026-01-01 00:00+00', timestamptz '2027-01-01 00:00+00'),
  ('02 December',     '2026-12-01 00:00+00', '2027-01-01 00:00+00'),
  ('03 Q2',           '2026-04-01 00:00+00', '2026-07-01 00:00+00'),
  ('04 year reversed','2027-01-01 00:00+00', '2026-01-01 00:00+00')
) AS c(label, a, b)
ORDER BY label;

-- The same holidays with a lunch break: (261 - 8 - 1) x 7 h + 3 h = 1767 h.
SELECT lead_align.business_elapsed('2026-01-01 00:00+00', '2027-01-01 00:00+00',
         'Mo-Fr 09:00-12:00,13:00-17:00; 01-01,05-01,10-03,12-24..12-26,12-31 off; 2026-04-03,2026-04-06,2026-05-14,2026-05-25 off; 2026-12-31 09:00-12:00; tz UTC') AS year_with_lunch;

-- The same holidays in Europe/Berlin, from local midnight to local midnight:
-- the office hours never touch a DST transition, so still 2019 h.  24/7 in
-- Berlin over the local year is real elapsed time, 365 x 24 = 8760 h (the
-- 23-hour and the 25-hour day cancel).  Sundays only: 2026 has 52 Sundays,
-- 50 x 24 h + 23 h (03-29) + 25 h (10-25) = 1248 h.
SELECT label,
       lead_align.business_elapsed('2026-01-01 00:00+01', '2027-01-01 00:00+01',
                                   cal::lead_align.business_calendar) AS elapsed
FROM (VALUES
  ('01 office year, Berlin', 'Mo-Fr 09:00-17:00; 2026-12-31 09:00-12:00; 01-01,05-01,10-03,12-24..12-26,12-31 off; 2026-04-03,2026-04-06,2026-05-14,2026-05-25 off; tz Europe/Berlin'),
  ('02 24/7, Berlin',        '24/7; tz Europe/Berlin'),
  ('03 Sundays, Berlin',     'Su 00:00-24:00; tz Europe/Berlin'),
  ('04 no hours at all',     'Mo-Fr off; tz UTC')
) AS c(label, cal)
ORDER BY label;

-- Overnight shifts 22:00-06:00 belong to the day they start on: Saturday
-- morning holds Friday's tail, Monday morning holds nothing (no Sunday shift).
SELECT label, a, b,
       lead_align.business_elapsed(a, b, 'Mo-Fr 22:00-06:00; tz UTC') AS elapsed
FROM (VALUES
  ('01 Saturday morning',     timestamptz '2026-01-17 00:00+00', timestamptz '2026-01-17 12:00+00'),
  ('02 a whole week',         '2026-01-12 00:00+00', '2026-01-19 00:00+00'),
  ('03 Monday (no Sun tail)', '2026-01-12 00:00+00', '2026-01-12 23:59:59+00'),
  ('04 tail and next start',  '2026-01-13 05:00+00', '2026-01-13 23:00+00')
) AS c(label, a, b)
ORDER BY label;

-- Unions and precedence: overlapping spans count once (S2); a holiday on
-- Friday removes Friday's whole shift, a rule for Saturday does not cut it;
-- 24:00 ends.  Week of Mon 2026-01-12 00:00 to Mon 2026-01-19 00:00 unless
-- stated.
SELECT label, a, b,
       lead_align.business_elapsed(a, b, cal::lead_align.business_calendar) AS elapsed
FROM (VALUES
  ('01 design: Fri tail + Sat',     'Fr 22:00-06:00; Sa 05:00-12:00; tz UTC',
        timestamptz '2026-01-17 04:00+00', timestamptz '2026-01-17 07:00+00'),
  ('02 union counted once',         'Fr 22:00-06:00; Sa 05:00-12:00; tz UTC',
        '2026-01-16 00:00+00', '2026-01-18 00:00+00'),
  ('03 Friday holiday: 4 shifts',   'Mo-Fr 22:00-06:00; 2026-01-16 off; tz UTC',
        '2026-01-12 00:00+00', '2026-01-19 00:00+00'),
  ('04 Saturday holiday: 5 shifts', 'Mo-Fr 22:00-06:00; 2026-01-17 off; tz UTC',
        '2026-01-12 00:00+00', '2026-01-19 00:00+00'),
  ('05 Saturday off weekly',        'Mo-Fr 22:00-06:00; Sa off; tz UTC',
        '2026-01-12 00:00+00', '2026-01-19 00:00+00'),
  ('06 18:00-24:00, 5 evenings',    'Mo-Fr 18:00-24:00; tz UTC',
        '2026-01-12 00:00+00', '2026-01-17 00:00+00'),
  ('07 18:00-24:00 over midnight',  'Mo-Fr 18:00-24:00; tz UTC',
        '2026-01-12 23:00+00', '2026-01-13 19:00+00'),
  ('08 24/7 one week',              '24/7; tz UTC',
        '2026-01-12 00:00+00', '2026-01-19 00:00+00'),
  ('09 later weekly rule wins',     'Mo-Fr 09:00-17:00; We 10:00-12:00; tz UTC',
        '2026-01-12 00:00+00', '2026-01-19 00:00+00')
) AS c(label, cal, a, b)
ORDER BY label;

-- Long spans and odd shapes:
--   01 ten years 2026-2035 (3652 days = 521 weeks + Thu..Mon): 521 x 5 + 3 =
--      2608 weekdays x 8 h = 20864 h;
--   02 2026-2028 has 261 + 261 + 260 = 782 weekdays; yearly 01-01 and 12-25
--      fall on weekdays 4 times (2026-01-01 Thu, 2026-12-25 Fri, 2027-01-01
--      Fri, 2028-12-25 Mon; 2027-12-25 and 2028-01-01 are Saturdays):
--      778 x 8 h = 6224 h;
--   03 a Los Angeles office over its local year: 261 x 8 h = 2088 h;
--   04 02-29 off in the leap year 2028 (a Tuesday): Mon + Wed = 16 h;
--   05 ... and nothing in 2027 (Fri 02-26 + Mon 03-01 = 16 h);
--   06 the only business time is on 9999-12-31: 09:00-12:00 = 3 h;
--   07 every day 12:00-11:59: a week minus seven one-minute gaps;
--   08 overlapping spans of a day are merged: 09:00-14:00 = 5 h;
--   09 Sa-Mo wraps round the week: Sat, Sun, Mon = 3 h;
--   10 24/7 with a dated holiday: only 2026-01-02 counts;
--   11 24/7 with dated hours 09:00-10:00 on 2026-01-01: 1 h;
--   12 day span 09:00-12:00 and night span 22:00-02:00 on Monday: 3 h + 2 h
--      (the rest of the night span is on Tuesday).
SELECT label, a, b,
       lead_align.business_elapsed(a, b, cal::lead_align.business_calendar) AS elapsed
FROM (VALUES
  ('01 ten years',               'Mo-Fr 09:00-17:00; tz UTC',
        timestamptz '2026-01-01 00:00+00', timestamptz '2036-01-01 00:00+00'),
  ('02 three years, yearly off', 'Mo-Fr 09:00-17:00; 01-01,12-25 off; tz UTC',
        '2026-01-01 00:00+00', '2029-01-01 00:00+00'),
  ('03 Los Angeles local year',  'Mo-Fr 09:00-17:00; tz America/Los_Angeles',
        '2026-01-01 00:00-08', '2027-01-01 00:00-08'),
  ('04 leap day off in 2028',    'Mo-Fr 09:00-17:00; 02-29 off; tz UTC',
        '2028-02-28 00:00+00', '2028-03-02 00:00+00'),
  ('05 no leap day in 2027',     'Mo-Fr 09:00-17:00; 02-29 off; tz UTC',
        '2027-02-26 00:00+00', '2027-03-02 00:00+00'),
  ('06 only time is in 9999',    '9999-12-31 09:00-17:00; tz UTC',
        '2026-01-01 00:00+00', '9999-12-31 12:00+00'),
  ('07 one-minute gaps',         'Mo-Su 12:00-11:59; tz UTC',
        '2026-01-12 00:00+00', '2026-01-19 00:00+00'),
  ('08 overlapping spans',       'Mo 09:00-12:00,11:00-14:00; tz UTC',
        '2026-01-12 00:00+00', '2026-01-13 00:00+00'),
  ('09 Sa-Mo wraps',             'Sa-Mo 10:00-11:00; tz UTC',
        '2026-01-12 00:00+00', '2026-01-19 00:00+00'),
  ('10 24/7 minus a holiday',    '24/7; 2026-01-01 off; tz UTC',
        '2026-01-01 00:00+00', '2026-01-03 00:00+00'),
  ('11 24/7 with a short day',   '24/7; 2026-01-01 09:00-10:00; tz UTC',
        '2026-01-01 00:00+00', '2026-01-02 00:00+00'),
  ('12 day and night spans',     'Mo-Fr 09:00-12:00,22:00-02:00; tz UTC',
        '2026-01-12 00:00+00', '2026-01-13 00:00+00')
) AS c(label, cal, a, b)
ORDER BY label;

-- Calendars of the same length that differ only in the zone, alternating
-- row by row (functions may cache what they derive from a calendar, but never
-- mix two calendars up).  Monday 00:00Z-06:00Z: Tokyo and Seoul (+09) open
-- at 00:00Z, 6 h; Dubai (+04) opens at 05:00Z, 1 h.  Zone names match
-- case-insensitively.
SELECT label, cal,
       lead_align.business_elapsed('2026-01-12 00:00+00', '2026-01-12 06:00+00',
                                   cal::lead_align.business_calendar) AS elapsed
FROM (VALUES
  ('01 Tokyo',          'Mo-Fr 09:00-17:00; tz Asia/Tokyo'),
  ('02 Dubai',          'Mo-Fr 09:00-17:00; tz Asia/Dubai'),
  ('03 Tokyo again',    'Mo-Fr 09:00-17:00; tz Asia/Tokyo'),
  ('04 Dubai again',    'Mo-Fr 09:00-17:00; tz Asia/Dubai'),
  ('05 Seoul',          'Mo-Fr 09:00-17:00; tz Asia/Seoul'),
  ('06 tokyo, lower case', 'Mo-Fr 09:00-17:00; tz asia/tokyo')
) AS c(label, cal)
ORDER BY label;

-- S4: an infinite bound is 22008.
-- EXPECT ERROR 22008
SELECT lead_align.business_elapsed('-infinity', '2026-01-12 00:00+00', 'Mo-Fr 09:00-17:00; tz UTC');
-- EXPECT ERROR 22008
SELECT lead_align.business_elapsed('2026-01-12 00:00+00', 'infinity', 'Mo-Fr 09:00-17:00; tz UTC');
-- EXPECT ERROR 22008
SELECT lead_align.business_hours('2026-01-12 00:00+00', 'infinity', 'Mo-Fr 09:00-17:00; tz UTC');
