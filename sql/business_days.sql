SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';
--
-- business_add(t, 'N business days', cal): rule S3 of DESIGN 3.5.
-- A business day is a date that owns at least one non-empty span.  The anchor
-- of t is the owner date of the span containing t, or t's local date when
-- closed; the offset is t's wall-clock time from the anchor's midnight (past
-- 24:00 inside an overnight span).  The target is the |N|-th business day
-- after (N > 0) or before (N < 0) the anchor; the candidate target + offset is
-- clamped into the target date's OWN spans: before its first opening -> that
-- opening, in a gap -> the next opening that day, after its last closing ->
-- that closing.  N = 0 returns t.  Every expected value was worked out by
-- hand.  DST cases are in business_dst.sql.
--
-- Calendar reference: 2026-01-05 Mon, 09 Fri, 12 Mon, 13 Tue, 14 Wed, 15 Thu,
-- 16 Fri, 17 Sat, 18 Sun, 19 Mon, 20 Tue, 23 Fri, 26 Mon.
--
-- Mo-Fr 09:00-17:00: the offset carries over; weekend anchors; clamping to
-- the opening (before 09:00) and to the closing (at or after 17:00).
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo-Fr 09:00-17:00; tz UTC') AS result
FROM (VALUES
  ('01 Mon +1',                   timestamptz '2026-01-12 10:00+00', '1 business day'),
  ('02 Fri +1 over weekend',      '2026-01-16 10:00+00', '1 business day'),
  ('03 Fri +5',                   '2026-01-16 10:00+00', '5 business days'),
  ('04 Mon +10',                  '2026-01-12 10:00+00', '10 business days'),
  ('05 Sat +1 (anchor Sat)',      '2026-01-17 10:00+00', '1 business day'),
  ('06 Sun evening +1, clamped',  '2026-01-18 20:00+00', '1 business day'),
  ('07 before opening, clamped',  '2026-01-12 08:00+00', '1 business day'),
  ('08 after closing, clamped',   '2026-01-12 18:00+00', '1 business day'),
  ('09 exactly at closing',       '2026-01-12 17:00+00', '1 business day'),
  ('10 exactly at opening',       '2026-01-12 09:00+00', '1 business day'),
  ('11 Tue early +1',             '2026-01-13 07:00+00', '1 business day'),
  ('12 last microsecond',         '2026-01-12 16:59:59.999999+00', '1 business day'),
  ('13 Sat +2',                   '2026-01-17 10:00+00', '2 business days'),
  ('14 100000 days = 20000 weeks','2026-01-12 10:00+00', '100000 business days')
) AS c(label, t, w)
ORDER BY label;

-- N = 0 returns t unchanged (no clamping), even when closed; N < 0 counts
-- back from the anchor: Monday 08:00 - 1 is the Friday before at 09:00.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo-Fr 09:00-17:00; tz UTC') AS result
FROM (VALUES
  ('01 Sat, zero days',          timestamptz '2026-01-17 10:00+00', '0 business days'),
  ('02 Mon open, zero days',     '2026-01-12 10:00+00', '0 business days'),
  ('03 Mon early, zero days',    '2026-01-12 08:00+00', '0 business days'),
  ('04 Mon 08:00 -1',            '2026-01-19 08:00+00', '-1 business days'),
  ('05 Mon 10:00 -1',            '2026-01-19 10:00+00', '-1 business day'),
  ('06 Tue -2',                  '2026-01-13 12:00+00', '-2 business days'),
  ('07 Sat -1 (anchor Sat)',     '2026-01-17 10:00+00', '-1 business day'),
  ('08 Sun evening -1, clamped', '2026-01-18 20:00+00', '-1 business day'),
  ('09 Mon -10',                 '2026-01-26 10:00+00', '-10 business days')
) AS c(label, t, w)
ORDER BY label;

-- Lunch break: a candidate in the 12:00-13:00 gap moves to 13:00 that day
-- (12:00 itself is not business time).
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo-Fr 09:00-12:00,13:00-17:00; tz UTC') AS result
FROM (VALUES
  ('01 in the break +1',      timestamptz '2026-01-12 12:30+00', '1 business day'),
  ('02 just before break +1', '2026-01-12 11:59+00', '1 business day'),
  ('03 at 12:00 +1',          '2026-01-12 12:00+00', '1 business day'),
  ('04 in the break -1',      '2026-01-12 12:30+00', '-1 business day'),
  ('05 Sat in the break +1',  '2026-01-17 12:15+00', '1 business day'),
  ('06 after closing +1',     '2026-01-12 17:30+00', '1 business day')
) AS c(label, t, w)
ORDER BY label;

-- Holidays are not business days: dated 2026-01-01 (Thu), yearly 12-25 and
-- 12-26 (2025: Thu, Fri; 2026: Fri, Sat).  A holiday anchor counts from the
-- holiday's own date.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo-Fr 09:00-17:00; 2026-01-01 off; 12-25,12-26 off; tz UTC') AS result
FROM (VALUES
  ('01 over New Year +1',       timestamptz '2025-12-31 10:00+00', '1 business day'),
  ('02 back over New Year -1',  '2026-01-02 10:00+00', '-1 business day'),
  ('03 from the holiday +1',    '2026-01-01 10:00+00', '1 business day'),
  ('04 from the holiday -1',    '2026-01-01 10:00+00', '-1 business day'),
  ('05 over Christmas 2026 +1', '2026-12-24 10:00+00', '1 business day'),
  ('06 over Christmas 2025 +2', '2025-12-24 10:00+00', '2 business days'),
  ('07 holiday, zero days',     '2026-01-01 10:00+00', '0 business days')
) AS c(label, t, w)
ORDER BY label;

-- Half day 2026-12-24 09:00-12:00 (Thu), 12-25 (Fri) off: a target on the
-- half day clamps to its own 12:00 closing.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo-Fr 09:00-17:00; 2026-12-24 09:00-12:00; 12-25 off; tz UTC') AS result
FROM (VALUES
  ('01 afternoon onto half day', timestamptz '2026-12-23 15:00+00', '1 business day'),
  ('02 from the half day',       '2026-12-24 11:00+00', '1 business day'),
  ('03 back onto half day',      '2026-12-28 15:00+00', '-1 business day'),
  ('04 back over half day',      '2026-12-28 15:00+00', '-2 business days'),
  ('05 early onto half day',     '2026-12-23 08:00+00', '1 business day'),
  ('06 morning onto half day',   '2026-12-23 10:30+00', '1 business day')
) AS c(label, t, w)
ORDER BY label;

-- A year of holidays (the calendar of business_elapsed.sql): yearly 01-01,
-- 05-01, 10-03, 12-24..12-26, 12-31 off; dated 2026-04-03 (Good Friday),
-- 04-06 (Easter Monday), 05-14, 05-25 off; dated 2026-12-31 09:00-12:00
-- beats the yearly 12-31 off.  2027-01-01 is a Friday (yearly off).
-- 2026 has 261 weekdays, 8 of them off, so 253 business days (the 12-31
-- half day included): from 2025-12-31 (itself off) the 253rd business day is
-- 2026-12-31, the 254th is 2027-01-04; 254 back from 2027-01-04 passes
-- 2026-01-02 (the 253rd), 2026-01-01 and 2025-12-31 (off) to 2025-12-30.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
         'Mo-Fr 09:00-17:00; 2026-12-31 09:00-12:00; 01-01,05-01,10-03,12-24..12-26,12-31 off; 2026-04-03,2026-04-06,2026-05-14,2026-05-25 off; tz UTC') AS result
FROM (VALUES
  ('01 over Christmas +2',       timestamptz '2026-12-23 10:00+00', '2 business days'),
  ('02 back over Easter -1',     '2026-04-07 10:00+00', '-1 business day'),
  ('03 onto the 12-31 half day', '2026-12-30 15:00+00', '1 business day'),
  ('04 over 2027-01-01 +1',      '2026-12-31 10:00+00', '1 business day'),
  ('05 over Easter +1',          '2026-04-02 10:00+00', '1 business day'),
  ('06 twelve weeks, +60',       '2026-01-05 10:00+00', '60 business days'),
  ('07 through Easter +10',      '2026-03-30 10:00+00', '10 business days'),
  ('08 back through May -10',    '2026-05-26 10:00+00', '-10 business days'),
  ('09 to the last day, +253',   '2025-12-31 10:00+00', '253 business days'),
  ('10 to the day before, +252', '2025-12-31 10:00+00', '252 business days'),
  ('11 into 2027, +254',         '2025-12-31 10:00+00', '254 business days'),
  ('12 back a whole year, -254', '2027-01-04 10:00+00', '-254 business days')
) AS c(label, t, w)
ORDER BY label;

-- Overnight shifts 22:00-06:00 (Mon-Fri), each owned by its start date.
-- Design example: Saturday 01:00 is in Friday's shift, so the anchor is
-- Friday with offset 25:00; the target is Monday, the candidate Tuesday 01:00.
-- A closed Monday 03:00 anchors on Monday at 03:00: Tuesday 03:00 lies in
-- Monday's shift, but clamping uses Tuesday's own span (22:00).  Likewise
-- Tuesday 06:00 (the closing of Monday's shift, so closed: anchor Tuesday)
-- goes to Wednesday 06:00, inside Tuesday's shift but before Wednesday's own
-- 22:00 opening.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo-Fr 22:00-06:00; tz UTC') AS result
FROM (VALUES
  ('01 design: Sat 01:00 +1',      timestamptz '2026-01-10 01:00+00', '1 business day'),
  ('02 Tue 03:00 (Mon shift) +1',  '2026-01-13 03:00+00', '1 business day'),
  ('03 Mon 23:00 +1',              '2026-01-12 23:00+00', '1 business day'),
  ('04 Mon noon +1, clamped',      '2026-01-12 12:00+00', '1 business day'),
  ('05 Mon 03:00 +1, own span',    '2026-01-12 03:00+00', '1 business day'),
  ('06 Sat 05:00 (Fri shift) -1',  '2026-01-17 05:00+00', '-1 business day'),
  ('07 Sat 05:00 (Fri shift) +1',  '2026-01-17 05:00+00', '1 business day'),
  ('08 Sat noon -1, clamped',      '2026-01-17 12:00+00', '-1 business day'),
  ('09 Sat 06:00 (closing) +1',    '2026-01-17 06:00+00', '1 business day'),
  ('10 in a shift, zero days',     '2026-01-13 05:59+00', '0 business days'),
  ('11 Tue 06:00 (closing) +1',    '2026-01-13 06:00+00', '1 business day')
) AS c(label, t, w)
ORDER BY label;

-- Design example: Monday 01:00 is closed (Monday's shift starts at 22:00), so
-- the anchor is Monday with offset 01:00; Tuesday 01:00 is before Tuesday's
-- own 09:00 opening.  Tuesday 01:00 is in Monday's shift (anchor Monday,
-- offset 25:00): the candidate Wednesday 01:00 is after Tuesday's 17:00
-- closing.  Tuesday is also the first business day before Monday.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo 22:00-02:00; Tu 09:00-17:00; tz UTC') AS result
FROM (VALUES
  ('01 design: Mon 01:00 +1',     timestamptz '2026-01-12 01:00+00', '1 business day'),
  ('02 Tue 01:00 (Mon shift) +1', '2026-01-13 01:00+00', '1 business day'),
  ('03 Tue 01:00 (Mon shift) -1', '2026-01-13 01:00+00', '-1 business day'),
  ('04 Tue noon +1',              '2026-01-13 12:00+00', '1 business day'),
  ('05 Mon 23:00 +1',             '2026-01-12 23:00+00', '1 business day')
) AS c(label, t, w)
ORDER BY label;

-- The later weekly rule wins for Tuesday: Tuesday's shift is 22:00-01:00.
-- Tuesday 01:30 is in Monday's 22:00-02:00 shift (offset 25:30); the
-- candidate Wednesday 01:30 is after Tuesday's own closing (Wed 01:00).
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo-Fr 22:00-02:00; Tu 22:00-01:00; tz UTC') AS result
FROM (VALUES
  ('01 Mon shift onto Tue shift', timestamptz '2026-01-13 01:30+00', '1 business day'),
  ('02 Tue shift onto Wed shift', '2026-01-14 00:30+00', '1 business day')
) AS c(label, t, w)
ORDER BY label;

-- 24:00 ends and whole days.  Tuesday 00:00 is not inside Monday's
-- 18:00-24:00 span (half-open), so it anchors on Tuesday at 00:00.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window, cal::lead_align.business_calendar) AS result
FROM (VALUES
  ('01 evening +1',             'Mo-Fr 18:00-24:00; tz UTC', timestamptz '2026-01-12 23:00+00', '1 business day'),
  ('02 midnight +1, clamped',   'Mo-Fr 18:00-24:00; tz UTC', '2026-01-13 00:00+00', '1 business day'),
  ('03 last second +1',         'Mo-Fr 18:00-24:00; tz UTC', '2026-01-12 23:59:59+00', '1 business day'),
  ('04 Fri evening +1',         'Mo-Fr 18:00-24:00; tz UTC', '2026-01-16 20:00+00', '1 business day'),
  ('05 whole days, Fri +1',     'Mo-Fr 00:00-24:00; tz UTC', '2026-01-16 23:30+00', '1 business day'),
  ('06 whole days, Sat +1',     'Mo-Fr 00:00-24:00; tz UTC', '2026-01-17 10:00+00', '1 business day'),
  ('07 24/7 +2',                '24/7; tz UTC',              '2026-01-17 10:00+00', '2 business days'),
  ('08 24/7 -7',                '24/7; tz UTC',              '2026-01-17 10:00+00', '-7 business days')
) AS c(label, cal, t, w)
ORDER BY label;

-- More shapes:
--   01 every day 12:00-11:59: Tuesday 10:00 is in Monday's span (offset
--      34:00); the candidate Wednesday 10:00 is in Tuesday's span;
--   02 Tuesday 11:59:30 is in the one-minute gap, so the anchor is Tuesday
--      with offset 11:59:30; Wednesday's own span opens at 12:00;
--   03 a day span and a night span: Tuesday 15:00 lies in the gap, so it
--      moves to the next opening that day, 22:00;
--   04 Tuesday 01:00 is in Monday's night span (offset 25:00) and lands in
--      Tuesday's night span on Wednesday 01:00;
--   05 24/7 at midnight: Monday 00:00 belongs to Monday's span, so one
--      business day back is Sunday 00:00.
SELECT label, cal, t, w,
       lead_align.business_add(t, w::lead_align.sla_window, cal::lead_align.business_calendar) AS result
FROM (VALUES
  ('01 one-minute gaps, in span', 'Mo-Su 12:00-11:59; tz UTC', timestamptz '2026-01-13 10:00+00', '1 business day'),
  ('02 one-minute gaps, in gap',  'Mo-Su 12:00-11:59; tz UTC', '2026-01-13 11:59:30+00', '1 business day'),
  ('03 gap to the night span',    'Mo-Fr 09:00-12:00,22:00-02:00; tz UTC', '2026-01-12 15:00+00', '1 business day'),
  ('04 night span to night span', 'Mo-Fr 09:00-12:00,22:00-02:00; tz UTC', '2026-01-13 01:00+00', '1 business day'),
  ('05 24/7 at midnight, -1',     '24/7; tz UTC', '2026-01-12 00:00+00', '-1 business day')
) AS c(label, cal, t, w)
ORDER BY label;

-- The only business day is 9999-12-31, however far away: the candidate
-- 00:00 is clamped to its 09:00 opening.
SELECT lead_align.business_add('2026-01-01 00:00+00', '1 business day',
                               '9999-12-31 09:00-17:00; tz UTC') AS only_day_in_9999;

-- A calendar whose only business day is 2026-12-24.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               '2026-12-24 09:00-12:00; tz UTC') AS result
FROM (VALUES
  ('01 forward onto the day', timestamptz '2026-12-01 10:00+00', '1 business day'),
  ('02 back onto the day',    '2027-01-01 00:00+00', '-1 business day'),
  ('03 zero days',            '2027-01-01 00:00+00', '0 business days')
) AS c(label, t, w)
ORDER BY label;

-- S4: no business day after the anchor is 22023.
-- EXPECT ERROR 22023
SELECT lead_align.business_add('2027-01-01 00:00+00', '1 business day', '2026-12-24 09:00-12:00; tz UTC');
-- EXPECT ERROR 22023
SELECT lead_align.business_add('2026-12-24 10:00+00', '1 business day', '2026-12-24 09:00-12:00; tz UTC');
-- EXPECT ERROR 22023
SELECT lead_align.business_add('2026-12-24 10:00+00', '-1 business day', '2026-12-24 09:00-12:00; tz UTC');
-- EXPECT ERROR 22023
SELECT lead_align.business_add('2026-01-01 00:00+00', '2 business days', '9999-12-31 09:00-17:00; tz UTC');
