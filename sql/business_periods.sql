SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';
--
-- business_periods(cal, from, to), is_business_time(t, cal), cal @> t and
-- next_business_time(t, cal) (DESIGN 3.5 S6), and the precedence rules of
-- DESIGN 3.4, which the periods show directly.  Every expected value was
-- worked out by hand.  DST cases are in business_dst.sql.
--
-- Calendar reference: 2026-01-12 Mon ... 16 Fri, 17 Sat, 18 Sun, 19 Mon;
-- 2026-12-21 Mon, 24 Thu, 25 Fri, 27 Sun, 28 Mon, 31 Thu; 2027-01-01 Fri,
-- 2027-01-04 Mon; 2027-12-24 Fri.
--
-- Design example: 24/7 over January is a single period.
SELECT lead_align.business_periods('24/7; tz UTC', '2026-01-01', '2026-02-01') AS period;

-- Maximal periods, ascending, with [) bounds, cut to [from, to).
SELECT lead_align.business_periods('Mo-Fr 09:00-12:00,13:00-17:00; tz UTC',
         '2026-01-12 00:00+00', '2026-01-14 00:00+00') AS two_days;
SELECT lead_align.business_periods('Mo-Fr 09:00-12:00,13:00-17:00; tz UTC',
         '2026-01-12 10:00+00', '2026-01-12 15:00+00') AS clipped;
-- One microsecond of a 24/7 calendar.
SELECT lead_align.business_periods('24/7; tz UTC',
         '2026-01-01 10:00+00', '2026-01-01 10:00:00.000001+00') AS one_microsecond;
-- from = to and from > to give no rows.
SELECT lead_align.business_periods('24/7; tz UTC',
         '2026-01-12 10:00+00', '2026-01-12 10:00+00') AS from_equals_to;
SELECT lead_align.business_periods('24/7; tz UTC',
         '2026-01-13 00:00+00', '2026-01-12 00:00+00') AS from_after_to;
-- [from, to) that only touches periods: from at a closing, to at an opening.
SELECT lead_align.business_periods('Mo-Fr 09:00-17:00; tz UTC',
         '2026-01-12 17:00+00', '2026-01-13 09:00+00') AS only_touching;
-- A calendar with no hours has no periods.
SELECT lead_align.business_periods('Mo-Fr off; tz UTC',
         '2026-01-12 00:00+00', '2026-01-19 00:00+00') AS no_hours;

-- Merging: Friday's 22:00-06:00 tail and Saturday's 05:00-12:00 overlap and
-- form one period; whole weekdays touch at midnight and form one period
-- Monday 00:00 - Saturday 00:00; Monday's 18:00-24:00 touches Tuesday's
-- 00:00-02:00.
SELECT lead_align.business_periods('Fr 22:00-06:00; Sa 05:00-12:00; tz UTC',
         '2026-01-16 00:00+00', '2026-01-18 00:00+00') AS overlap;
SELECT lead_align.business_periods('Mo-Fr 00:00-24:00; tz UTC',
         '2026-01-12 00:00+00', '2026-01-19 00:00+00') AS whole_weekdays;
SELECT lead_align.business_periods('Mo-Fr 00:00-02:00,18:00-24:00; tz UTC',
         '2026-01-12 00:00+00', '2026-01-14 00:00+00') AS touching_midnight;

-- Overlapping spans of one day merge into one period.
SELECT lead_align.business_periods('Mo 09:00-12:00,11:00-14:00; tz UTC',
         '2026-01-12 00:00+00', '2026-01-13 00:00+00') AS overlapping_spans;

-- Precedence within the dated kind: the later rule wins for each date.
-- '2026-12-24..2026-12-31 off; 2026-12-28 09:00-12:00' opens the 28th
-- (design example); written the other way round, the 28th stays closed.
-- 2027-01-01 is an ordinary Friday here.
SELECT lead_align.business_periods(
         'Mo-Fr 09:00-17:00; 2026-12-24..2026-12-31 off; 2026-12-28 09:00-12:00; tz UTC',
         '2026-12-21 00:00+00', '2027-01-05 00:00+00') AS later_opens_28th;
SELECT lead_align.business_periods(
         'Mo-Fr 09:00-17:00; 2026-12-28 09:00-12:00; 2026-12-24..2026-12-31 off; tz UTC',
         '2026-12-21 00:00+00', '2027-01-05 00:00+00') AS later_closes_28th;

-- Dated beats yearly, whatever the order: the yearly 12-24 off is written
-- after the dated half day, and the half day still wins on 2026-12-24.
SELECT lead_align.business_periods(
         'Mo-Fr 09:00-17:00; 2026-12-24 09:00-12:00; 12-24 off; tz UTC',
         '2026-12-23 00:00+00', '2026-12-25 00:00+00') AS dated_beats_yearly;

-- Yearly beats weekly: Thursday 12-24 closed, Sunday 12-27 opened 10:00-12:00.
SELECT lead_align.business_periods(
         'Mo-Fr 09:00-17:00; 12-27 10:00-12:00; 12-24 off; tz UTC',
         '2026-12-23 00:00+00', '2026-12-29 00:00+00') AS yearly_beats_weekly;

-- Within the yearly kind, the later rule wins.
SELECT lead_align.business_periods(
         'Mo-Fr 09:00-17:00; 12-24 off; 12-24 13:00-15:00; tz UTC',
         '2026-12-24 00:00+00', '2026-12-25 00:00+00') AS later_yearly_opens;
SELECT lead_align.business_periods(
         'Mo-Fr 09:00-17:00; 12-24 13:00-15:00; 12-24 off; tz UTC',
         '2026-12-24 00:00+00', '2026-12-25 00:00+00') AS later_yearly_closes;

-- Within the weekly kind, the later rule wins: Wednesday is 10:00-12:00 only.
SELECT lead_align.business_periods('Mo-Fr 09:00-17:00; We 10:00-12:00; tz UTC',
         '2026-01-12 00:00+00', '2026-01-15 00:00+00') AS later_weekly_wins;

-- A rule for a date governs only the spans that start on that date (S2).
-- A holiday on Friday 01-16 removes Friday's 22:00-06:00 shift entirely but
-- leaves Thursday's shift, whose tail runs into Friday morning.
SELECT lead_align.business_periods('Mo-Fr 22:00-06:00; 2026-01-16 off; tz UTC',
         '2026-01-15 00:00+00', '2026-01-19 00:00+00') AS friday_holiday;
-- The same with a yearly holiday.
SELECT lead_align.business_periods('Mo-Fr 22:00-06:00; 01-16 off; tz UTC',
         '2026-01-16 12:00+00', '2026-01-18 00:00+00') AS friday_yearly_holiday;
-- A dated or weekly rule for Saturday does not cut Friday's tail.
SELECT lead_align.business_periods('Mo-Fr 22:00-06:00; 2026-01-17 off; tz UTC',
         '2026-01-16 12:00+00', '2026-01-18 00:00+00') AS saturday_holiday;
SELECT lead_align.business_periods('Mo-Fr 22:00-06:00; Sa off; tz UTC',
         '2026-01-16 12:00+00', '2026-01-18 00:00+00') AS saturday_off;
-- Saturday's own 06:00-08:00 touches Friday's tail: one period.
SELECT lead_align.business_periods('Mo-Fr 22:00-06:00; Sa 06:00-08:00; tz UTC',
         '2026-01-16 12:00+00', '2026-01-18 00:00+00') AS saturday_touches_tail;
-- Dated hours for Friday replace its shift: 22:00-02:00.
SELECT lead_align.business_periods('Mo-Fr 22:00-06:00; 2026-01-16 22:00-02:00; tz UTC',
         '2026-01-16 12:00+00', '2026-01-18 00:00+00') AS friday_shorter_shift;
-- A holiday on Monday leaves Sunday's overnight shift.
SELECT lead_align.business_periods('Su 22:00-06:00; 2026-01-12 off; tz UTC',
         '2026-01-11 00:00+00', '2026-01-12 12:00+00') AS monday_holiday;
-- Design example: the 2026-12-31 shift belongs to Dec 31 and survives the
-- yearly 01-01 off.
SELECT lead_align.business_periods('2026-12-31 20:00-02:00; 01-01 off; tz UTC',
         '2026-12-31 00:00+00', '2027-01-02 00:00+00') AS new_year_shift;

-- is_business_time(t, cal) and cal @> t agree.  Spans are half-open: the
-- opening is inside, the closing is not.  Precedence as above.
SELECT label, t,
       lead_align.is_business_time(t, cal::lead_align.business_calendar) AS is_open,
       cal::lead_align.business_calendar @> t AS contains
FROM (VALUES
  ('01 at opening',              'Mo-Fr 09:00-17:00; tz UTC', timestamptz '2026-01-12 09:00+00'),
  ('02 at closing',              'Mo-Fr 09:00-17:00; tz UTC', '2026-01-12 17:00+00'),
  ('03 last microsecond',        'Mo-Fr 09:00-17:00; tz UTC', '2026-01-12 16:59:59.999999+00'),
  ('04 microsecond before open', 'Mo-Fr 09:00-17:00; tz UTC', '2026-01-12 08:59:59.999999+00'),
  ('05 Saturday',                'Mo-Fr 09:00-17:00; tz UTC', '2026-01-17 12:00+00'),
  ('06 24/7 Saturday',           '24/7; tz UTC', '2026-01-17 12:00+00'),
  ('07 lunch at 12:00',          'Mo-Fr 09:00-12:00,13:00-17:00; tz UTC', '2026-01-12 12:00+00'),
  ('08 lunch at 12:59',          'Mo-Fr 09:00-12:00,13:00-17:00; tz UTC', '2026-01-12 12:59+00'),
  ('09 lunch at 13:00',          'Mo-Fr 09:00-12:00,13:00-17:00; tz UTC', '2026-01-12 13:00+00'),
  ('10 design: Dec 31 shift',    '2026-12-31 20:00-02:00; 01-01 off; tz UTC', '2027-01-01 01:00+00'),
  ('11 Dec 31 shift closing',    '2026-12-31 20:00-02:00; 01-01 off; tz UTC', '2027-01-01 02:00+00'),
  ('12 Fri holiday, Sat 02:00',  'Mo-Fr 22:00-06:00; 2026-01-16 off; tz UTC', '2026-01-17 02:00+00'),
  ('13 Fri holiday, Fri 02:00',  'Mo-Fr 22:00-06:00; 2026-01-16 off; tz UTC', '2026-01-16 02:00+00'),
  ('14 Sat holiday, Sat 02:00',  'Mo-Fr 22:00-06:00; 2026-01-17 off; tz UTC', '2026-01-17 02:00+00'),
  ('15 Sa off, Sat 05:59',       'Mo-Fr 22:00-06:00; Sa off; tz UTC', '2026-01-17 05:59+00'),
  ('16 Fri 22:00-02:00, 03:00',  'Mo-Fr 22:00-06:00; 2026-01-16 22:00-02:00; tz UTC', '2026-01-17 03:00+00'),
  ('17 dated half day 10:00',    'Mo-Fr 09:00-17:00; 2026-12-24 09:00-12:00; 12-24 off; tz UTC', '2026-12-24 10:00+00'),
  ('18 dated half day 13:00',    'Mo-Fr 09:00-17:00; 2026-12-24 09:00-12:00; 12-24 off; tz UTC', '2026-12-24 13:00+00'),
  ('19 yearly off in 2027',      'Mo-Fr 09:00-17:00; 2026-12-24 09:00-12:00; 12-24 off; tz UTC', '2027-12-24 10:00+00'),
  ('20 yearly Sunday hours',     'Mo-Fr 09:00-17:00; 12-27 10:00-12:00; tz UTC', '2026-12-27 11:00+00'),
  ('21 24:00 end, 23:59:59.99',  'Mo-Fr 18:00-24:00; tz UTC', '2026-01-12 23:59:59.999999+00'),
  ('22 24:00 end, midnight',     'Mo-Fr 18:00-24:00; tz UTC', '2026-01-13 00:00+00'),
  ('23 no hours at all',         'Mo-Fr off; tz UTC', '2026-01-12 10:00+00'),
  ('24 Mon 03:00, no Sun shift', 'Mo-Fr 22:00-06:00; tz UTC', '2026-01-12 03:00+00'),
  ('25 02-29 off, 2028-02-29',   'Mo-Fr 09:00-17:00; 02-29 off; tz UTC', '2028-02-29 10:00+00'),
  ('26 02-29 off, 2027-03-01',   'Mo-Fr 09:00-17:00; 02-29 off; tz UTC', '2027-03-01 10:00+00')
) AS c(label, cal, t)
ORDER BY label;

-- next_business_time(t, cal): t itself when open, else the next opening.
SELECT label, t,
       lead_align.next_business_time(t, cal::lead_align.business_calendar) AS next_open
FROM (VALUES
  ('01 Saturday',            'Mo-Fr 09:00-17:00; tz UTC', timestamptz '2026-01-17 10:00+00'),
  ('02 at opening',          'Mo-Fr 09:00-17:00; tz UTC', '2026-01-12 09:00+00'),
  ('03 at closing',          'Mo-Fr 09:00-17:00; tz UTC', '2026-01-12 17:00+00'),
  ('04 last microsecond',    'Mo-Fr 09:00-17:00; tz UTC', '2026-01-12 16:59:59.999999+00'),
  ('05 Friday closing',      'Mo-Fr 09:00-17:00; tz UTC', '2026-01-16 17:00+00'),
  ('06 lunch 12:30',         'Mo-Fr 09:00-12:00,13:00-17:00; tz UTC', '2026-01-12 12:30+00'),
  ('07 lunch 12:00',         'Mo-Fr 09:00-12:00,13:00-17:00; tz UTC', '2026-01-12 12:00+00'),
  ('08 in Friday tail',      'Mo-Fr 22:00-06:00; tz UTC', '2026-01-17 05:00+00'),
  ('09 after Friday tail',   'Mo-Fr 22:00-06:00; tz UTC', '2026-01-17 06:00+00'),
  ('10 only the half day',   '2026-12-24 09:00-12:00; tz UTC', '2026-12-01 00:00+00'),
  ('11 over Christmas 2025', 'Mo-Fr 09:00-17:00; 2026-01-01 off; 12-25,12-26 off; tz UTC', '2025-12-24 17:00+00'),
  ('12 Fri holiday, no shift', 'Mo-Fr 22:00-06:00; 2026-01-16 off; tz UTC', '2026-01-16 06:00+00'),
  ('13 yearly Sunday hours', 'Mo-Fr 09:00-17:00; 12-27 10:00-12:00; tz UTC', '2026-12-26 12:00+00'),
  ('14 whole days, midnight', 'Mo-Fr 00:00-24:00; tz UTC', '2026-01-13 00:00+00')
) AS c(label, cal, t)
ORDER BY label;

-- The next opening may be centuries away (S4: 22023 only when there is none).
SELECT lead_align.next_business_time('2026-01-01 00:00+00',
                                     '9999-12-31 09:00-17:00; tz UTC') AS only_time_in_9999;

-- S4: no business time ahead is 22023.
-- EXPECT ERROR 22023
SELECT lead_align.next_business_time('2027-01-01 00:00+00', '2026-12-24 09:00-12:00; tz UTC');
-- EXPECT ERROR 22023
SELECT lead_align.next_business_time('2026-12-24 12:00+00', '2026-12-24 09:00-12:00; tz UTC');
-- EXPECT ERROR 22023
SELECT lead_align.next_business_time('2026-01-12 10:00+00', 'Mo-Fr off; tz UTC');
