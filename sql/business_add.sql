SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';
--
-- business_add(t, w, cal) with business durations and elapsed windows
-- (DESIGN 3.5).  Every expected value in expected/business_add.out was worked
-- out by hand from the rules; business days are in business_days.sql and
-- time-zone transitions in business_dst.sql.
--
-- Calendar reference (all calendars here are tz UTC):
--   2026-01-12 Mon, 13 Tue, 14 Wed, 15 Thu, 16 Fri, 17 Sat, 18 Sun, 19 Mon;
--   2025-12-24 Wed, 2026-01-01 Thu, 2026-12-24 Thu, 2026-12-31 Thu,
--   2027-01-01 Fri, 2027-12-24 Fri, 2028-12-25 Mon.
--
-- w > 0 returns the earliest T >= t with B(t, T) = w: a deadline that uses up
-- a day exactly lands on that day's closing, never on the next opening.
-- Starts before, at, inside and at the closing of a span; weekends; multi-week.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo-Fr 09:00-17:00; tz UTC') AS result
FROM (VALUES
  ('01 Mon at opening',          timestamptz '2026-01-12 09:00+00', '1 business hour'),
  ('02 Mon before opening',      '2026-01-12 08:00+00', '1 business hour'),
  ('03 Mon inside',              '2026-01-12 12:00+00', '2 business hours'),
  ('04 Mon exactly at closing',  '2026-01-12 17:00+00', '1 business hour'),
  ('05 Mon 30 min before close', '2026-01-12 16:30+00', '1 business hour'),
  ('06 whole day lands on close','2026-01-12 09:00+00', '8 business hours'),
  ('07 Fri last hour',           '2026-01-16 16:00+00', '1 business hour'),
  ('08 Fri over the weekend',    '2026-01-16 16:00+00', '2 business hours'),
  ('09 Sat closed',              '2026-01-17 10:00+00', '1 business hour'),
  ('10 Sun late',                '2026-01-18 23:59+00', '30 business minutes'),
  ('11 whole week lands on Fri', '2026-01-12 09:00+00', '40 business hours'),
  ('12 week plus one hour',      '2026-01-12 09:00+00', '41 business hours'),
  ('13 ten whole weeks',         '2026-01-12 09:00+00', '400 business hours'),
  ('14 midweek minutes',         '2026-01-14 12:00+00', '30 business minutes')
) AS c(label, t, w)
ORDER BY label;

-- Decimal windows, mixed units and microsecond resolution.
-- 0.25 h from Mon 16:50 = 10 min on Monday + 5 min on Tuesday.
-- 10800.5 s = 3 h + 0.5 s.  One microsecond before closing plus one
-- microsecond is exactly the closing; from the closing it is 09:00:00.000001.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo-Fr 09:00-17:00; tz UTC') AS result
FROM (VALUES
  ('01 1.5 hours',              timestamptz '2026-01-12 09:00+00', '1.5 business hours'),
  ('02 0.25 hours',             '2026-01-12 09:00+00', '0.25 business hours'),
  ('03 0.25 hours over night',  '2026-01-12 16:50+00', '0.25 business hours'),
  ('04 90 minutes',             '2026-01-12 09:00+00', '90 business minutes'),
  ('05 10800.5 seconds',        '2026-01-12 09:00+00', '10800.5 business seconds'),
  ('06 1 hour 30 minutes',      '2026-01-12 09:00+00', '1 business hour 30 business minutes'),
  ('07 1 us before closing',    '2026-01-12 16:59:59.999999+00', '0.000001 business seconds'),
  ('08 1 us from closing',      '2026-01-12 17:00+00', '0.000001 business seconds')
) AS c(label, t, w)
ORDER BY label;

-- w = 0 returns t unchanged, even when the calendar is closed at t.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo-Fr 09:00-17:00; tz UTC') AS result
FROM (VALUES
  ('01 Sat closed',         timestamptz '2026-01-17 10:00+00', '0 business hours'),
  ('02 Mon open',           '2026-01-12 10:00+00', '0 business minutes'),
  ('03 Mon at closing',     '2026-01-12 17:00+00', '0 business seconds'),
  ('04 Sun, negative zero', '2026-01-18 03:00+00', '-0 business hours')
) AS c(label, t, w)
ORDER BY label;

-- w < 0 returns the latest T <= t with B(T, t) = -w: Monday 13:30 minus
-- 30 minutes is 13:00; from an opening (or a closed time) it goes back into
-- the previous day's last hours; landing on an opening keeps the opening.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo-Fr 09:00-17:00; tz UTC') AS result
FROM (VALUES
  ('01 Mon 13:30 minus 30 min', timestamptz '2026-01-19 13:30+00', '-30 business minutes'),
  ('02 from Mon opening',       '2026-01-19 09:00+00', '-1 business hour'),
  ('03 lands on Mon opening',   '2026-01-19 10:00+00', '-1 business hour'),
  ('04 from Sat',               '2026-01-17 10:00+00', '-1 business hour'),
  ('05 half hour over weekend', '2026-01-19 09:15+00', '-0.5 business hours'),
  ('06 whole day back',         '2026-01-13 09:00+00', '-8 business hours'),
  ('07 whole week back',        '2026-01-16 17:00+00', '-40 business hours'),
  ('08 before opening',         '2026-01-19 08:00+00', '-1.5 business hours'),
  ('09 90 minutes',             '2026-01-13 12:00+00', '-90 business minutes')
) AS c(label, t, w)
ORDER BY label;

-- Elapsed windows (no 'business') ignore the calendar: t + w exactly (S5),
-- 1 day = 86,400 s, even on a weekend.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo-Fr 09:00-17:00; tz UTC') AS result
FROM (VALUES
  ('01 30 minutes on Sat',   timestamptz '2026-01-17 10:00+00', '30 minutes'),
  ('02 1 day from Sat',      '2026-01-17 10:00+00', '1 day'),
  ('03 3 days from Fri',     '2026-01-16 10:00+00', '3 days'),
  ('04 minus 2 hours',       '2026-01-12 10:00+00', '-2 hours'),
  ('05 1 hour 30 minutes',   '2026-01-12 10:00+00', '1 hour 30 minutes'),
  ('06 45 seconds',          '2026-01-12 10:00+00', '45 seconds'),
  ('07 half a second',       '2026-01-12 10:00+00', '0.5 seconds')
) AS c(label, t, w)
ORDER BY label;

-- An infinite t is returned unchanged, whatever the window.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo-Fr 09:00-17:00; tz UTC') AS result
FROM (VALUES
  ('01 infinity, business hours',  timestamptz 'infinity', '1 business hour'),
  ('02 -infinity, business hours', '-infinity', '1 business hour'),
  ('03 infinity, negative',        'infinity', '-2 business hours'),
  ('04 infinity, business days',   'infinity', '1 business day'),
  ('05 infinity, elapsed',         'infinity', '30 minutes')
) AS c(label, t, w)
ORDER BY label;

-- Lunch break: 09:00-12:00,13:00-17:00 (7 business hours a day).
-- Monday 09:00 + 3 h is 12:00 (the morning used up exactly), not 13:00.
-- Starting in the gap or exactly at 12:00 counts from 13:00.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo-Fr 09:00-12:00,13:00-17:00; tz UTC') AS result
FROM (VALUES
  ('01 morning used up',        timestamptz '2026-01-12 09:00+00', '3 business hours'),
  ('02 past the break',         '2026-01-12 09:00+00', '3.5 business hours'),
  ('03 start in the break',     '2026-01-12 12:30+00', '1 business hour'),
  ('04 start at 12:00',         '2026-01-12 12:00+00', '1 business hour'),
  ('05 into Tuesday',           '2026-01-12 11:00+00', '7 business hours'),
  ('06 whole day',              '2026-01-12 09:00+00', '7 business hours'),
  ('07 ends at 12:00',          '2026-01-12 11:30+00', '0.5 business hours'),
  ('08 across the break',       '2026-01-12 11:30+00', '45 business minutes'),
  ('09 13:30 minus 30 min',     '2026-01-12 13:30+00', '-30 business minutes'),
  ('10 13:00 minus 30 min',     '2026-01-12 13:00+00', '-30 business minutes'),
  ('11 break minus 30 min',     '2026-01-12 12:30+00', '-30 business minutes'),
  ('12 back across the break',  '2026-01-12 13:15+00', '-1 business hour'),
  ('13 Fri into Mon',           '2026-01-16 10:00+00', '8 business hours')
) AS c(label, t, w)
ORDER BY label;

-- Holidays: a dated one (2026-01-01 only) and yearly ones (12-25, 12-26 in
-- every year).  2025-12-25/26 are Thu/Fri, 2026-12-25 is a Friday,
-- 2027-01-01 is an ordinary Friday (the dated rule is for 2026 only),
-- 2028-12-25/26 are Mon/Tue.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo-Fr 09:00-17:00; 2026-01-01 off; 12-25,12-26 off; tz UTC') AS result
FROM (VALUES
  ('01 over dated New Year',     timestamptz '2025-12-31 16:00+00', '2 business hours'),
  ('02 start on the holiday',    '2026-01-01 10:00+00', '1 business hour'),
  ('03 yearly Thu+Fri 2025',     '2025-12-24 16:00+00', '2 business hours'),
  ('04 yearly Fri 2026',         '2026-12-24 16:00+00', '2 business hours'),
  ('05 2027-01-01 is open',      '2026-12-31 16:00+00', '2 business hours'),
  ('06 backwards over New Year', '2026-01-02 10:00+00', '-2 business hours'),
  ('07 back over 25th, 26th',    '2025-12-29 09:00+00', '-8 business hours'),
  ('08 yearly Mon+Tue 2028',     '2028-12-22 16:00+00', '2 business hours')
) AS c(label, t, w)
ORDER BY label;

-- Half day: 2026-12-24 (Thu) 09:00-12:00 replaces the weekly 09:00-17:00;
-- 12-25 (Fri) off.  In 2027 the 24th is an ordinary Friday.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo-Fr 09:00-17:00; 2026-12-24 09:00-12:00; 12-25,12-26 off; tz UTC') AS result
FROM (VALUES
  ('01 half day then Monday',  timestamptz '2026-12-24 09:00+00', '4 business hours'),
  ('02 ends at noon closing',  '2026-12-24 11:00+00', '1 business hour'),
  ('03 after the half day',    '2026-12-24 13:00+00', '1 business hour'),
  ('04 Wed into half day',     '2026-12-23 16:00+00', '2 business hours'),
  ('05 back into half day',    '2026-12-28 10:00+00', '-2 business hours'),
  ('06 2027-12-24 full day',   '2027-12-24 15:00+00', '3 business hours')
) AS c(label, t, w)
ORDER BY label;

-- Overnight shifts: each 22:00-06:00 span belongs to the weekday it starts
-- on, so Friday's runs into Saturday 06:00 and there is none from Sunday
-- night (Monday 03:00 is closed).
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo-Fr 22:00-06:00; tz UTC') AS result
FROM (VALUES
  ('01 whole shift',               timestamptz '2026-01-12 22:00+00', '8 business hours'),
  ('02 into next shift',           '2026-01-12 23:00+00', '8 business hours'),
  ('03 Sat tail then Mon night',   '2026-01-17 05:00+00', '2 business hours'),
  ('04 Mon midday',                '2026-01-12 12:00+00', '1 business hour'),
  ('05 Mon 03:00 (no Sun shift)',  '2026-01-12 03:00+00', '1 business hour'),
  ('06 Tue 03:00 (Mon shift)',     '2026-01-13 03:00+00', '1 business hour'),
  ('07 back from Sat 06:00',       '2026-01-17 06:00+00', '-1 business hour'),
  ('08 back over the weekend',     '2026-01-19 22:30+00', '-1 business hour'),
  ('09 back a whole shift',        '2026-01-13 06:00+00', '-8 business hours'),
  ('10 a week of shifts',          '2026-01-16 23:00+00', '40 business hours')
) AS c(label, t, w)
ORDER BY label;

-- Overlap: Friday's 22:00-06:00 tail and Saturday 05:00-12:00 are unioned
-- into one 14-hour stretch Fri 22:00 - Sat 12:00 (S2: counted once).
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Fr 22:00-06:00; Sa 05:00-12:00; tz UTC') AS result
FROM (VALUES
  ('01 through the overlap', timestamptz '2026-01-17 04:00+00', '3 business hours'),
  ('02 whole stretch',       '2026-01-16 22:00+00', '14 business hours'),
  ('03 into next Friday',    '2026-01-16 22:00+00', '15 business hours')
) AS c(label, t, w)
ORDER BY label;

-- 24/7: business time is all time.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window, '24/7; tz UTC') AS result
FROM (VALUES
  ('01 48 hours',       timestamptz '2026-01-17 10:00+00', '48 business hours'),
  ('02 minus 48 hours', '2026-01-17 10:00+00', '-48 business hours'),
  ('03 quarter hour',   '2026-01-17 10:00+00', '0.25 business hours')
) AS c(label, t, w)
ORDER BY label;

-- 24:00 as an end: 18:00-24:00 closes at the next day's 00:00, and a
-- deadline that uses it up lands on that 00:00.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo-Fr 18:00-24:00; tz UTC') AS result
FROM (VALUES
  ('01 past midnight',      timestamptz '2026-01-12 23:00+00', '2 business hours'),
  ('02 uses up the day',    '2026-01-12 18:00+00', '6 business hours'),
  ('03 back from midnight', '2026-01-13 00:00+00', '-1 business hour'),
  ('04 Fri into Mon',       '2026-01-16 23:30+00', '1 business hour')
) AS c(label, t, w)
ORDER BY label;

-- Whole weekdays 00:00-24:00 touch each other and merge; Friday used up
-- exactly ends at Saturday 00:00, not Monday 00:00.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo-Fr 00:00-24:00; tz UTC') AS result
FROM (VALUES
  ('01 over the weekend',      timestamptz '2026-01-16 23:00+00', '2 business hours'),
  ('02 across midnights',      '2026-01-12 12:00+00', '48 business hours'),
  ('03 back over the weekend', '2026-01-19 00:30+00', '-1 business hour'),
  ('04 Friday used up',        '2026-01-16 00:00+00', '24 business hours')
) AS c(label, t, w)
ORDER BY label;

-- A calendar whose only business time is one half day (2026-12-24).
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               '2026-12-24 09:00-12:00; tz UTC') AS result
FROM (VALUES
  ('01 forward to the half day', timestamptz '2026-12-01 00:00+00', '3 business hours'),
  ('02 back from 2027',          '2027-01-01 00:00+00', '-1 business hour'),
  ('03 zero after the last one', '2027-01-01 00:00+00', '0 business hours')
) AS c(label, t, w)
ORDER BY label;

-- Long windows: a million business hours is 125,000 days = 25,000 whole
-- weeks, ending on the Friday of the 25,000th week (2505-02-27) at 17:00;
-- and back again.  Sub-microsecond windows round half to even:
-- 1.5 us -> 2 us, 2.5 us -> 2 us.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo-Fr 09:00-17:00; tz UTC') AS result
FROM (VALUES
  ('01 a million hours',       timestamptz '2026-01-12 09:00+00', '1000000 business hours'),
  ('02 minus a million hours', '2505-02-27 17:00+00', '-1000000 business hours'),
  ('03 1.5 microseconds',      '2026-01-12 09:00+00', '0.0000015 business seconds'),
  ('04 2.5 microseconds',      '2026-01-12 09:00+00', '0.0000025 business seconds')
) AS c(label, t, w)
ORDER BY label;

-- Business time in odd shapes:
--   01 every day 12:00-11:59 (overnight) leaves one-minute gaps 11:59-12:00;
--   02 24/7 with a dated holiday;
--   03 a Friday holiday removes Friday's shift, so going back from Monday
--      night lands in Thursday's shift tail (Friday 05:30).
SELECT label, cal, t, w,
       lead_align.business_add(t, w::lead_align.sla_window, cal::lead_align.business_calendar) AS result
FROM (VALUES
  ('01 one-minute gaps',       'Mo-Su 12:00-11:59; tz UTC', timestamptz '2026-01-12 11:58+00', '2 business minutes'),
  ('02 24/7 minus a holiday',  '24/7; 2026-01-01 off; tz UTC', '2025-12-31 23:00+00', '2 business hours'),
  ('03 Fri holiday, go back',  'Mo-Fr 22:00-06:00; 2026-01-16 off; tz UTC', '2026-01-19 22:30+00', '-1 business hour')
) AS c(label, cal, t, w)
ORDER BY label;

-- Business time far away: S4 allows 22023 only when there is no business
-- time ahead (or behind) at all, however far the next opening is.
--   01/03 the only business time is on 9999-12-31 (Berlin: 09:00 CET = 08:00Z);
--   02 the only business time is on 1900-01-01 (a Monday).
SELECT label, cal, t, w,
       lead_align.business_add(t, w::lead_align.sla_window, cal::lead_align.business_calendar) AS result
FROM (VALUES
  ('01 only time is in 9999',  '9999-12-31 09:00-17:00; tz UTC', timestamptz '2026-01-01 00:00+00', '1 business hour'),
  ('02 only time is in 1900',  '1900-01-01 09:00-17:00; tz UTC', '2026-01-01 00:00+00', '-1 business hour'),
  ('03 only time is in 9999',  '9999-12-31 09:00-17:00; tz Europe/Berlin', '2026-01-01 00:00+00', '8 business hours')
) AS c(label, cal, t, w)
ORDER BY label;

-- S4: no business time ahead is 22023 (DESIGN worked example).
-- EXPECT ERROR 22023
SELECT lead_align.business_add('2027-01-01 00:00+00', '1 business hour', '2026-12-24 09:00-12:00; tz UTC');
-- Only 30 minutes of business time are left after 11:30.
-- EXPECT ERROR 22023
SELECT lead_align.business_add('2026-12-24 11:30+00', '1 business hour', '2026-12-24 09:00-12:00; tz UTC');
-- Going back: only 1 hour of business time lies before 10:00.
-- EXPECT ERROR 22023
SELECT lead_align.business_add('2026-12-24 10:00+00', '-2 business hours', '2026-12-24 09:00-12:00; tz UTC');
-- A calendar with no hours at all.
-- EXPECT ERROR 22023
SELECT lead_align.business_add('2026-01-12 10:00+00', '1 business hour', 'Mo-Fr off; tz UTC');
-- ... but a zero window still returns t.
SELECT lead_align.business_add('2026-01-12 10:00+00', '0 business hours', 'Mo-Fr off; tz UTC') AS result;
-- S4: a result past the end of the timestamp range is 22008.
-- EXPECT ERROR 22008
SELECT lead_align.business_add('294276-12-31 23:00+00', '2 hours', '24/7; tz UTC');
-- Only 8 business hours exist after 2026 on this calendar.
-- EXPECT ERROR 22023
SELECT lead_align.business_add('2026-01-01 00:00+00', '9 business hours', '9999-12-31 09:00-17:00; tz UTC');
