SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';
--
-- business_add(t, 'N business days', cal): rule S3 of DESIGN 3.5.
-- A business day is a date that owns at least one non-empty span.  The clock
-- starts when the team is at work: for N > 0, a t outside every span
-- [open, close) first moves forward to the next opening (a closing instant is
-- outside); for N < 0, a t outside every span (open, close] moves back to the
-- previous closing (an opening instant is outside).  The anchor of the moved
-- t is the owner date of the span containing it (for a closing instant, of the
-- span it closes); the offset is its wall-clock time from the anchor's
-- midnight (past 24:00 inside an overnight span).  The target is the |N|-th
-- business day after (N > 0) or before (N < 0) the anchor; the candidate
-- target + offset is clamped into the target date's OWN spans: before its
-- first opening -> that opening, in a gap -> the next opening that day, after
-- its last closing -> that closing.  N = 0 returns t.  Every expected value
-- was worked out by hand.  DST cases are in business_dst.sql.
--
-- Calendar reference: 2026-01-05 Mon, 06 Tue, 08 Thu, 09 Fri, 10 Sat, 11 Sun,
-- 12 Mon, 13 Tue, 14 Wed, 15 Thu, 16 Fri, 17 Sat, 18 Sun, 19 Mon, 20 Tue,
-- 21 Wed, 23 Fri, 26 Mon.
--
-- The worked examples of DESIGN S3, each by the rule:
--   01 Saturday 11:00 moves to Monday 09:00 (anchor Monday, offset 09:00);
--      the 2nd business day after Monday is Wednesday: 09:00;
--   02 Friday 17:00 is a closing, so outside: it moves to Monday 09:00, and
--      one business day later is Tuesday 09:00;
--   03 Friday 18:00 likewise: Tuesday 09:00;
--   04 Monday 09:00 is an opening, so outside for N < 0: it moves back to
--      Friday 17:00 (anchor Friday, offset 17:00): Thursday 17:00;
--   05 Monday 08:00 moves back to Friday 17:00 the same way: Thursday 17:00;
--   06 Sunday 02:34 moves to Monday 09:00: Tuesday 09:00;
--   07 Monday 01:00 is in no span (the previous Monday's shift ended Tuesday
--      02:00): it moves to Monday 22:00 (anchor Monday, offset 22:00); Tuesday
--      22:00 is after Tuesday's own 17:00 closing: Tuesday 17:00;
--   08 Saturday 01:00 is in Friday's shift: anchor Friday, offset 25:00; the
--      next business day is Monday, Monday + 25:00 is Tuesday 01:00, inside
--      Monday's shift;
--   09 24/7 in Berlin: Saturday 02:30 + 1 is Sunday 02:30, which does not
--      exist (the clocks go from 02:00 to 03:00): the transition instant,
--      03:00+02 (01:00Z);
--   10 N = 0 returns t, even when closed.
SELECT label, cal, t, w,
       lead_align.business_add(t, w::lead_align.sla_window, cal::lead_align.business_calendar) AS result
FROM (VALUES
  ('01 Sat 11:00 +2',        'Mo-Fr 09:00-17:00; tz UTC', timestamptz '2026-01-10 11:00+00', '2 business days'),
  ('02 Fri 17:00 +1',        'Mo-Fr 09:00-17:00; tz UTC', '2026-01-09 17:00+00', '1 business day'),
  ('03 Fri 18:00 +1',        'Mo-Fr 09:00-17:00; tz UTC', '2026-01-09 18:00+00', '1 business day'),
  ('04 Mon 09:00 -1',        'Mo-Fr 09:00-17:00; tz UTC', '2026-01-12 09:00+00', '-1 business days'),
  ('05 Mon 08:00 -1',        'Mo-Fr 09:00-17:00; tz UTC', '2026-01-12 08:00+00', '-1 business days'),
  ('06 Sun 02:34 +1',        'Mo-Fr 09:00-17:00; tz UTC', '2026-01-11 02:34+00', '1 business day'),
  ('07 Mon 01:00 +1',        'Mo 22:00-02:00; Tu 09:00-17:00; tz UTC', '2026-01-12 01:00+00', '1 business day'),
  ('08 Sat 01:00 +1',        'Mo-Fr 22:00-06:00; tz UTC', '2026-01-10 01:00+00', '1 business day'),
  ('09 Berlin, into the gap','24/7; tz Europe/Berlin', '2026-03-28 02:30+01', '1 business day'),
  ('10 Sat, zero days',      'Mo-Fr 09:00-17:00; tz UTC', '2026-01-10 10:00+00', '0 business days')
) AS c(label, cal, t, w)
ORDER BY label;

-- Mo-Fr 09:00-17:00: the offset carries over; a closed t (weekend, before
-- 09:00, at or after 17:00) first moves to the next opening, 09:00.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo-Fr 09:00-17:00; tz UTC') AS result
FROM (VALUES
  ('01 Mon +1',                   timestamptz '2026-01-12 10:00+00', '1 business day'),
  ('02 Fri +1 over weekend',      '2026-01-16 10:00+00', '1 business day'),
  ('03 Fri +5',                   '2026-01-16 10:00+00', '5 business days'),
  ('04 Mon +10',                  '2026-01-12 10:00+00', '10 business days'),
  ('05 Sat +1 (moves to Mon)',    '2026-01-17 10:00+00', '1 business day'),
  ('06 Sun evening +1',           '2026-01-18 20:00+00', '1 business day'),
  ('07 before opening',           '2026-01-12 08:00+00', '1 business day'),
  ('08 after closing',            '2026-01-12 18:00+00', '1 business day'),
  ('09 exactly at closing',       '2026-01-12 17:00+00', '1 business day'),
  ('10 exactly at opening',       '2026-01-12 09:00+00', '1 business day'),
  ('11 Tue early +1',             '2026-01-13 07:00+00', '1 business day'),
  ('12 last microsecond',         '2026-01-12 16:59:59.999999+00', '1 business day'),
  ('13 Sat +2',                   '2026-01-17 10:00+00', '2 business days'),
  ('14 100000 days = 20000 weeks','2026-01-12 10:00+00', '100000 business days')
) AS c(label, t, w)
ORDER BY label;

-- N = 0 returns t unchanged (no clamping), even when closed.  N < 0: a closed
-- t (weekend, before 09:00 or at it, after 17:00) first moves back to the
-- previous closing, 17:00; a closing instant is inside.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo-Fr 09:00-17:00; tz UTC') AS result
FROM (VALUES
  ('01 Sat, zero days',          timestamptz '2026-01-17 10:00+00', '0 business days'),
  ('02 Mon open, zero days',     '2026-01-12 10:00+00', '0 business days'),
  ('03 Mon early, zero days',    '2026-01-12 08:00+00', '0 business days'),
  ('04 Mon 08:00 -1 (to Fri)',   '2026-01-19 08:00+00', '-1 business days'),
  ('05 Mon 10:00 -1',            '2026-01-19 10:00+00', '-1 business day'),
  ('06 Tue -2',                  '2026-01-13 12:00+00', '-2 business days'),
  ('07 Sat -1 (to Fri 17:00)',   '2026-01-17 10:00+00', '-1 business day'),
  ('08 Sun evening -1',          '2026-01-18 20:00+00', '-1 business day'),
  ('09 Mon -10',                 '2026-01-26 10:00+00', '-10 business days'),
  ('10 Mon 09:00 -1 (to Fri)',   '2026-01-19 09:00+00', '-1 business day'),
  ('11 Mon 17:00 -1 (inside)',   '2026-01-19 17:00+00', '-1 business day'),
  ('12 Mon 18:00 -1 (to 17:00)', '2026-01-19 18:00+00', '-1 business day')
) AS c(label, t, w)
ORDER BY label;

-- Lunch break: for N > 0 a t in the 12:00-13:00 break (12:00 included) first
-- moves to 13:00; for N < 0 back to 12:00, and a candidate 12:00 is then in
-- the target day's break, so it becomes the next opening, 13:00.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo-Fr 09:00-12:00,13:00-17:00; tz UTC') AS result
FROM (VALUES
  ('01 in the break +1',      timestamptz '2026-01-12 12:30+00', '1 business day'),
  ('02 just before break +1', '2026-01-12 11:59+00', '1 business day'),
  ('03 at 12:00 +1',          '2026-01-12 12:00+00', '1 business day'),
  ('04 in the break -1',      '2026-01-12 12:30+00', '-1 business day'),
  ('05 Sat in the break +1',  '2026-01-17 12:15+00', '1 business day'),
  ('06 after closing +1',     '2026-01-12 17:30+00', '1 business day'),
  ('07 at 13:00 -1',          '2026-01-12 13:00+00', '-1 business day')
) AS c(label, t, w)
ORDER BY label;

-- Holidays are not business days: dated 2026-01-01 (Thu), yearly 12-25 and
-- 12-26 (2025: Thu, Fri; 2026: Fri, Sat).  A t on a holiday moves to the
-- next opening (N > 0) or back to the previous closing (N < 0) first.
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
-- half day clamps to its own 12:00 closing; the half day's afternoon moves to
-- Monday 12-28 09:00 (N > 0) or back to its 12:00 closing (N < 0).
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo-Fr 09:00-17:00; 2026-12-24 09:00-12:00; 12-25 off; tz UTC') AS result
FROM (VALUES
  ('01 afternoon onto half day', timestamptz '2026-12-23 15:00+00', '1 business day'),
  ('02 from the half day',       '2026-12-24 11:00+00', '1 business day'),
  ('03 back onto half day',      '2026-12-28 15:00+00', '-1 business day'),
  ('04 back over half day',      '2026-12-28 15:00+00', '-2 business days'),
  ('05 early onto half day',     '2026-12-23 08:00+00', '1 business day'),
  ('06 morning onto half day',   '2026-12-23 10:30+00', '1 business day'),
  ('07 half day afternoon +1',   '2026-12-24 14:00+00', '1 business day'),
  ('08 half day afternoon -1',   '2026-12-24 14:00+00', '-1 business day')
) AS c(label, t, w)
ORDER BY label;

-- A year of holidays (the calendar of business_elapsed.sql): yearly 01-01,
-- 05-01, 10-03, 12-24..12-26, 12-31 off; dated 2026-04-03 (Good Friday),
-- 04-06 (Easter Monday), 05-14, 05-25 off; dated 2026-12-31 09:00-12:00
-- beats the yearly 12-31 off.  2027-01-01 is a Friday (yearly off).
-- 2026 has 261 weekdays, 8 of them off, so 253 business days (the 12-31
-- half day included): from Tuesday 2025-12-30 (2025-12-31 and 2026-01-01 are
-- off) the 253rd business day is 2026-12-31, the 254th is 2027-01-04; 254
-- back from 2027-01-04 passes 2026-01-02 (the 253rd), 2026-01-01 and
-- 2025-12-31 (off) to 2025-12-30.  Row 13 starts on the 2025-12-31 holiday,
-- so it moves to 2026-01-02 09:00, the first business day of 2026: 252
-- business days after it is 2026-12-31 09:00, inside the half day.
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
  ('09 to the last day, +253',   '2025-12-30 10:00+00', '253 business days'),
  ('10 to the day before, +252', '2025-12-30 10:00+00', '252 business days'),
  ('11 into 2027, +254',         '2025-12-30 10:00+00', '254 business days'),
  ('12 back a whole year, -254', '2027-01-04 10:00+00', '-254 business days'),
  ('13 from a holiday, +252',    '2025-12-31 10:00+00', '252 business days')
) AS c(label, t, w)
ORDER BY label;

-- Overnight shifts 22:00-06:00 (Mon-Fri), each owned by its start date.
-- Design example: Saturday 01:00 is in Friday's shift, so the anchor is
-- Friday with offset 25:00; the target is Monday, the candidate Tuesday 01:00.
-- A closed Monday 03:00 or noon moves to Monday 22:00.  Tuesday 06:00 closes
-- Monday's shift: for N > 0 it is outside and moves to Tuesday 22:00; for
-- N < 0 it is inside (anchor Monday, offset 30:00).  Saturday noon, N < 0,
-- moves back to Saturday 06:00 (anchor Friday, offset 30:00): Thursday's
-- shift closes Friday 06:00.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo-Fr 22:00-06:00; tz UTC') AS result
FROM (VALUES
  ('01 design: Sat 01:00 +1',      timestamptz '2026-01-10 01:00+00', '1 business day'),
  ('02 Tue 03:00 (Mon shift) +1',  '2026-01-13 03:00+00', '1 business day'),
  ('03 Mon 23:00 +1',              '2026-01-12 23:00+00', '1 business day'),
  ('04 Mon noon +1 (to 22:00)',    '2026-01-12 12:00+00', '1 business day'),
  ('05 Mon 03:00 +1 (to 22:00)',   '2026-01-12 03:00+00', '1 business day'),
  ('06 Sat 05:00 (Fri shift) -1',  '2026-01-17 05:00+00', '-1 business day'),
  ('07 Sat 05:00 (Fri shift) +1',  '2026-01-17 05:00+00', '1 business day'),
  ('08 Sat noon -1 (to 06:00)',    '2026-01-17 12:00+00', '-1 business day'),
  ('09 Sat 06:00 (closing) +1',    '2026-01-17 06:00+00', '1 business day'),
  ('10 in a shift, zero days',     '2026-01-13 05:59+00', '0 business days'),
  ('11 Tue 06:00 (closing) +1',    '2026-01-13 06:00+00', '1 business day'),
  ('12 Sat 06:00 (closing) -1',    '2026-01-17 06:00+00', '-1 business day')
) AS c(label, t, w)
ORDER BY label;

-- Design example: Monday 01:00 is closed (Monday's shift starts at 22:00), so
-- it moves to Monday 22:00 (anchor Monday, offset 22:00); Tuesday 22:00 is
-- after Tuesday's own 17:00 closing.  Tuesday 01:00 is in Monday's shift
-- (anchor Monday, offset 25:00): the candidate Wednesday 01:00 is after
-- Tuesday's 17:00 closing.  Tuesday is also the first business day before
-- Monday.  Monday 01:00 - 1 moves back to Tuesday 01-06 17:00 (anchor that
-- Tuesday, offset 17:00): Monday 01-05 17:00 is before its own 22:00 opening.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo 22:00-02:00; Tu 09:00-17:00; tz UTC') AS result
FROM (VALUES
  ('01 design: Mon 01:00 +1',     timestamptz '2026-01-12 01:00+00', '1 business day'),
  ('02 Tue 01:00 (Mon shift) +1', '2026-01-13 01:00+00', '1 business day'),
  ('03 Tue 01:00 (Mon shift) -1', '2026-01-13 01:00+00', '-1 business day'),
  ('04 Tue noon +1',              '2026-01-13 12:00+00', '1 business day'),
  ('05 Mon 23:00 +1',             '2026-01-12 23:00+00', '1 business day'),
  ('06 Mon 01:00 -1',             '2026-01-12 01:00+00', '-1 business day')
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

-- 24:00 ends and whole days.  Tuesday 00:00 closes Monday's 18:00-24:00
-- span: for N > 0 it is outside and moves to Tuesday 18:00; for N < 0 it is
-- inside (anchor Monday, offset 24:00): Friday + 24:00 is Friday's own
-- closing, Saturday 00:00.  Whole days: Saturday moves to Monday 00:00.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window, cal::lead_align.business_calendar) AS result
FROM (VALUES
  ('01 evening +1',             'Mo-Fr 18:00-24:00; tz UTC', timestamptz '2026-01-12 23:00+00', '1 business day'),
  ('02 midnight +1',            'Mo-Fr 18:00-24:00; tz UTC', '2026-01-13 00:00+00', '1 business day'),
  ('03 last second +1',         'Mo-Fr 18:00-24:00; tz UTC', '2026-01-12 23:59:59+00', '1 business day'),
  ('04 Fri evening +1',         'Mo-Fr 18:00-24:00; tz UTC', '2026-01-16 20:00+00', '1 business day'),
  ('05 whole days, Fri +1',     'Mo-Fr 00:00-24:00; tz UTC', '2026-01-16 23:30+00', '1 business day'),
  ('06 whole days, Sat +1',     'Mo-Fr 00:00-24:00; tz UTC', '2026-01-17 10:00+00', '1 business day'),
  ('07 24/7 +2',                '24/7; tz UTC',              '2026-01-17 10:00+00', '2 business days'),
  ('08 24/7 -7',                '24/7; tz UTC',              '2026-01-17 10:00+00', '-7 business days'),
  ('09 midnight -1',            'Mo-Fr 18:00-24:00; tz UTC', '2026-01-13 00:00+00', '-1 business day')
) AS c(label, cal, t, w)
ORDER BY label;

-- More shapes:
--   01 every day 12:00-11:59: Tuesday 10:00 is in Monday's span (offset
--      34:00); the candidate Wednesday 10:00 is in Tuesday's span;
--   02 Tuesday 11:59:30 is in the one-minute gap, so it moves to Tuesday
--      12:00 (anchor Tuesday, offset 12:00): Wednesday 12:00;
--   03 a day span and a night span: Monday 15:00 lies in the gap, so it
--      moves to Monday 22:00 (anchor Monday): Tuesday 22:00;
--   04 Tuesday 01:00 is in Monday's night span (offset 25:00) and lands in
--      Tuesday's night span on Wednesday 01:00;
--   05 24/7 at midnight, N < 0: Monday 00:00 closes Sunday's span (anchor
--      Sunday, offset 24:00), so one business day back is Saturday + 24:00,
--      Saturday's own closing: Sunday 00:00.
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

-- The only business days are 9999-12-30 and 9999-12-31, however far away:
-- 2026-01-01 moves to 9999-12-30 09:00 (anchor 9999-12-30, offset 09:00).
SELECT lead_align.business_add('2026-01-01 00:00+00', '1 business day',
                               '9999-12-30,9999-12-31 09:00-17:00; tz UTC') AS last_days_in_9999;

-- Two business days, Tuesday 2026-12-22 and Thursday 12-24, 09:00-12:00:
-- 12-01 moves to 12-22 09:00, then Thursday 09:00; 2027-01-01 moves back to
-- 12-24 12:00, then 12-22 12:00, that day's closing.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               '2026-12-22,2026-12-24 09:00-12:00; tz UTC') AS result
FROM (VALUES
  ('01 forward onto the day', timestamptz '2026-12-01 10:00+00', '1 business day'),
  ('02 back onto the day',    '2027-01-01 00:00+00', '-1 business day'),
  ('03 zero days',            '2027-01-01 00:00+00', '0 business days')
) AS c(label, t, w)
ORDER BY label;

-- S4: no business day after the anchor is 22023.  With 2026-12-24 the only
-- business day, 2026-12-01 moves to 12-24 09:00 and 2027-01-01 back to 12-24
-- 12:00, and neither has a business day beyond it.
-- EXPECT ERROR 22023
SELECT lead_align.business_add('2026-12-01 10:00+00', '1 business day', '2026-12-24 09:00-12:00; tz UTC');
-- EXPECT ERROR 22023
SELECT lead_align.business_add('2027-01-01 00:00+00', '-1 business day', '2026-12-24 09:00-12:00; tz UTC');
-- EXPECT ERROR 22023
SELECT lead_align.business_add('2026-01-01 00:00+00', '1 business day', '9999-12-31 09:00-17:00; tz UTC');
-- EXPECT ERROR 22023
SELECT lead_align.business_add('2027-01-01 00:00+00', '1 business day', '2026-12-24 09:00-12:00; tz UTC');
-- EXPECT ERROR 22023
SELECT lead_align.business_add('2026-12-24 10:00+00', '1 business day', '2026-12-24 09:00-12:00; tz UTC');
-- EXPECT ERROR 22023
SELECT lead_align.business_add('2026-12-24 10:00+00', '-1 business day', '2026-12-24 09:00-12:00; tz UTC');
-- EXPECT ERROR 22023
SELECT lead_align.business_add('2026-01-01 00:00+00', '2 business days', '9999-12-31 09:00-17:00; tz UTC');
