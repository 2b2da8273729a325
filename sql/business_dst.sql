SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';
--
-- Business time across daylight-saving transitions: rule S1 of DESIGN 3.5.
-- A span [s, e) of local date d opens at the earliest instant whose wall
-- clock reads d+s or later (in a spring-forward gap: the transition instant;
-- in a fall-back overlap: the first occurrence) and closes at the last
-- instant at which the wall clock reaches d+e (gap: the transition instant;
-- overlap: the second occurrence); close <= open means the span is empty.
-- Real elapsed time is counted.  Every expected value was worked out by hand.
--
-- The transitions (results print in UTC):
--   Europe/Berlin       2026-03-29 01:00Z: 02:00 CET (+01) -> 03:00 CEST (+02);
--                       local 02:00-03:00 does not exist.
--                       2026-10-25 01:00Z: 03:00 CEST -> 02:00 CET; local
--                       02:00-03:00 happens twice: 00:00Z-01:00Z, 01:00Z-02:00Z.
--   America/Los_Angeles 2026-03-08 10:00Z: 02:00 PST (-08) -> 03:00 PDT (-07);
--                       local 02:00-03:00 does not exist.
--                       2026-11-01 09:00Z: 02:00 PDT -> 01:00 PST; local
--                       01:00-02:00 happens twice: 08:00Z-09:00Z, 09:00Z-10:00Z.
--                       (In 2006 it sprang forward on 04-02 at 10:00Z.)
-- 2026-03-29, 2026-10-25, 2026-03-08 and 2026-11-01 are Sundays.
--
-- Design examples: 02:30 does not exist on 2006-04-02 in Los Angeles, so the
-- span 02:30-03:15 opens at the transition (03:00 PDT = 10:00Z).
SELECT lead_align.next_business_time('2006-04-02 00:00-08',
         'Su 02:30-03:15; tz America/Los_Angeles') AS next_open;

-- Business time over one whole local Sunday (local midnight to local
-- midnight) for spans that start or end in hours that do not exist or happen
-- twice.  Berlin, spring (23-hour day) and fall (25-hour day):
--   00:00-24:00 spring: 23 h; fall: 25 h (design example).
--   01:00-04:00 spring: 00:00Z-02:00Z = 2 h; fall: 01:00 CEST (23:00Z) to
--     04:00 CET (03:00Z) = 4 h.
--   02:30-03:30 spring: opens at the transition 01:00Z, closes 03:30 CEST
--     (01:30Z) = 30 min; fall: first 02:30 (00:30Z) to 03:30 CET (02:30Z) =
--     2 h (design example).
--   02:00-02:45 spring: opens at the transition 01:00Z and closes there: empty.
--   02:15-02:45 fall: first 02:15 (00:15Z) to second 02:45 (01:45Z) = 1.5 h.
--   01:30-02:30 fall: 01:30 CEST (23:30Z) to second 02:30 (01:30Z) = 2 h.
--   02:00-03:00 fall: first 02:00 (00:00Z) to 03:00 CET (02:00Z) = 2 h;
--     spring: opens and closes at the transition: empty.
--   03:00-04:00 spring: 01:00Z-02:00Z = 1 h.
SELECT label, cal,
       lead_align.business_elapsed(a, b, cal::lead_align.business_calendar) AS elapsed
FROM (VALUES
  ('b01 whole day, spring', 'Su 00:00-24:00; tz Europe/Berlin', timestamptz '2026-03-29 00:00+01', timestamptz '2026-03-30 00:00+02'),
  ('b02 whole day, fall',   'Su 00:00-24:00; tz Europe/Berlin', '2026-10-25 00:00+02', '2026-10-26 00:00+01'),
  ('b03 01-04, spring',     'Su 01:00-04:00; tz Europe/Berlin', '2026-03-29 00:00+01', '2026-03-30 00:00+02'),
  ('b04 01-04, fall',       'Su 01:00-04:00; tz Europe/Berlin', '2026-10-25 00:00+02', '2026-10-26 00:00+01'),
  ('b05 02:30-03:30 spring','Su 02:30-03:30; tz Europe/Berlin', '2026-03-29 00:00+01', '2026-03-30 00:00+02'),
  ('b06 02:30-03:30 fall',  'Su 02:30-03:30; tz Europe/Berlin', '2026-10-25 00:00+02', '2026-10-26 00:00+01'),
  ('b07 02:00-02:45 spring','Su 02:00-02:45; tz Europe/Berlin', '2026-03-29 00:00+01', '2026-03-30 00:00+02'),
  ('b08 02:15-02:45 fall',  'Su 02:15-02:45; tz Europe/Berlin', '2026-10-25 00:00+02', '2026-10-26 00:00+01'),
  ('b09 01:30-02:30 fall',  'Su 01:30-02:30; tz Europe/Berlin', '2026-10-25 00:00+02', '2026-10-26 00:00+01'),
  ('b10 02:00-03:00 fall',  'Su 02:00-03:00; tz Europe/Berlin', '2026-10-25 00:00+02', '2026-10-26 00:00+01'),
  ('b11 02:00-03:00 spring','Su 02:00-03:00; tz Europe/Berlin', '2026-03-29 00:00+01', '2026-03-30 00:00+02'),
  ('b12 03:00-04:00 spring','Su 03:00-04:00; tz Europe/Berlin', '2026-03-29 00:00+01', '2026-03-30 00:00+02')
) AS c(label, cal, a, b)
ORDER BY label;

-- The same for Los Angeles (gap 02:00-03:00 on 03-08, overlap 01:00-02:00 on
-- 11-01):
--   00:00-24:00 spring: 23 h; fall: 25 h.
--   01:00-04:00 spring: 01:00 PST (09:00Z) to 04:00 PDT (11:00Z) = 2 h;
--     fall: first 01:00 (08:00Z) to 04:00 PST (12:00Z) = 4 h.
--   01:30-02:30 fall: first 01:30 (08:30Z) to 02:30 PST (10:30Z) = 2 h.
--   01:00-01:30 fall: first 01:00 (08:00Z) to second 01:30 (09:30Z) = 1.5 h.
--   02:15-03:00 spring: empty (both ends at the transition, 10:00Z).
--   02:15-03:30 spring: 10:00Z to 03:30 PDT (10:30Z) = 30 min.
--   02:30-03:15 spring: 10:00Z to 10:15Z = 15 min.
--   01:59-02:01 spring: 01:59 PST (09:59Z) to the transition (10:00Z) = 1 min.
SELECT label, cal,
       lead_align.business_elapsed(a, b, cal::lead_align.business_calendar) AS elapsed
FROM (VALUES
  ('l01 whole day, spring', 'Su 00:00-24:00; tz America/Los_Angeles', timestamptz '2026-03-08 00:00-08', timestamptz '2026-03-09 00:00-07'),
  ('l02 whole day, fall',   'Su 00:00-24:00; tz America/Los_Angeles', '2026-11-01 00:00-07', '2026-11-02 00:00-08'),
  ('l03 01-04, spring',     'Su 01:00-04:00; tz America/Los_Angeles', '2026-03-08 00:00-08', '2026-03-09 00:00-07'),
  ('l04 01-04, fall',       'Su 01:00-04:00; tz America/Los_Angeles', '2026-11-01 00:00-07', '2026-11-02 00:00-08'),
  ('l05 01:30-02:30 fall',  'Su 01:30-02:30; tz America/Los_Angeles', '2026-11-01 00:00-07', '2026-11-02 00:00-08'),
  ('l06 01:00-01:30 fall',  'Su 01:00-01:30; tz America/Los_Angeles', '2026-11-01 00:00-07', '2026-11-02 00:00-08'),
  ('l07 02:15-03:00 spring','Su 02:15-03:00; tz America/Los_Angeles', '2026-03-08 00:00-08', '2026-03-09 00:00-07'),
  ('l08 02:15-03:30 spring','Su 02:15-03:30; tz America/Los_Angeles', '2026-03-08 00:00-08', '2026-03-09 00:00-07'),
  ('l09 02:30-03:15 spring','Su 02:30-03:15; tz America/Los_Angeles', '2026-03-08 00:00-08', '2026-03-09 00:00-07'),
  ('l10 01:59-02:01 spring','Su 01:59-02:01; tz America/Los_Angeles', '2026-03-08 00:00-08', '2026-03-09 00:00-07')
) AS c(label, cal, a, b)
ORDER BY label;

-- Australia/Lord_Howe moves by 30 minutes: 2026-04-05 02:00 (+11) -> 01:30
-- (+10:30) at 2026-04-04 15:00Z, so local 01:30-02:00 happens twice;
-- 2026-10-04 02:00 (+10:30) -> 02:30 (+11) at 2026-10-03 15:30Z, so local
-- 02:00-02:30 does not exist.  Whole Sunday 10-04: 23.5 h; 04-05: 24.5 h.
-- 02:00-02:20 on 10-04 lies inside the gap: empty.  02:10-02:40 on 10-04
-- opens at the transition (15:30Z) and closes at 02:40 (+11) = 15:40Z.
-- 01:45-01:50 on 04-05: first 01:45 (+11, 14:45Z) to second 01:50 (+10:30,
-- 15:20Z) = 35 min.
-- Berlin Saturday shifts that end after the transition: 23:00-03:30 is 3.5 h
-- in spring (22:00Z-01:30Z) and 5.5 h in fall (21:00Z-02:30Z); 23:00-02:30
-- ends in the spring gap (at 01:00Z: 3 h) and at the second 02:30 in fall
-- (01:30Z: 4.5 h).
SELECT label, cal,
       lead_align.business_elapsed(a, b, cal::lead_align.business_calendar) AS elapsed
FROM (VALUES
  ('h1 Lord Howe day, spring', 'Su 00:00-24:00; tz Australia/Lord_Howe', timestamptz '2026-10-04 00:00+10:30', timestamptz '2026-10-05 00:00+11'),
  ('h2 Lord Howe day, fall',   'Su 00:00-24:00; tz Australia/Lord_Howe', '2026-04-05 00:00+11', '2026-04-06 00:00+10:30'),
  ('h3 inside the gap',        'Su 02:00-02:20; tz Australia/Lord_Howe', '2026-10-04 00:00+10:30', '2026-10-05 00:00+11'),
  ('h4 from the gap',          'Su 02:10-02:40; tz Australia/Lord_Howe', '2026-10-04 00:00+10:30', '2026-10-05 00:00+11'),
  ('h5 within the overlap',    'Su 01:45-01:50; tz Australia/Lord_Howe', '2026-04-05 00:00+11', '2026-04-06 00:00+10:30'),
  ('n1 23:00-03:30 spring',    'Sa 23:00-03:30; tz Europe/Berlin', '2026-03-28 12:00+01', '2026-03-29 12:00+02'),
  ('n2 23:00-03:30 fall',      'Sa 23:00-03:30; tz Europe/Berlin', '2026-10-24 12:00+02', '2026-10-25 12:00+01'),
  ('n3 23:00-02:30 spring',    'Sa 23:00-02:30; tz Europe/Berlin', '2026-03-28 12:00+01', '2026-03-29 12:00+02'),
  ('n4 23:00-02:30 fall',      'Sa 23:00-02:30; tz Europe/Berlin', '2026-10-24 12:00+02', '2026-10-25 12:00+01')
) AS c(label, cal, a, b)
ORDER BY label;

-- America/Santiago changes at midnight.  2026-04-05 03:00Z: Sunday 00:00
-- (-03) -> Saturday 23:00 (-04), so Saturday 04-04 23:00-24:00 happens twice
-- and the wall clock first reads Sunday 00:00 at 04:00Z.  2026-09-06 04:00Z:
-- Sunday 00:00 (-04) -> 01:00 (-03), so Sunday 00:00-01:00 does not exist.
--   c1 Saturday 04-04 00:00-24:00: 03:00Z to the last 24:00 = Sunday 00:00
--      (04:00Z) = 25 h;  c2 Sunday 04-05: 04:00Z to 04-06 04:00Z = 24 h;
--   c3 Saturday 09-05: 04:00Z to 24:00, in the gap: the transition 09-06
--      04:00Z = 24 h;  c4 Sunday 09-06: the transition (04:00Z) to 09-07
--      00:00 (-03) = 03:00Z = 23 h;
--   c5 Saturday 23:30-00:30 on 04-04: the first 23:30 (02:30Z) to 00:30
--      (-04, 04:30Z) = 2 h;  c6 on 09-05: 23:30 (-04, 03:30Z) to 00:30 in the
--      gap, the transition 04:00Z = 30 min.
SELECT label, cal,
       lead_align.business_elapsed(a, b, cal::lead_align.business_calendar) AS elapsed
FROM (VALUES
  ('c1 Saturday, fall back',  'Sa 00:00-24:00; tz America/Santiago', timestamptz '2026-04-03 12:00+00', timestamptz '2026-04-06 12:00+00'),
  ('c2 Sunday, fall back',    'Su 00:00-24:00; tz America/Santiago', '2026-04-03 12:00+00', '2026-04-06 12:00+00'),
  ('c3 Saturday, spring',     'Sa 00:00-24:00; tz America/Santiago', '2026-09-04 12:00+00', '2026-09-07 12:00+00'),
  ('c4 Sunday, spring',       'Su 00:00-24:00; tz America/Santiago', '2026-09-04 12:00+00', '2026-09-07 12:00+00'),
  ('c5 23:30-00:30, fall',    'Sa 23:30-00:30; tz America/Santiago', '2026-04-03 12:00+00', '2026-04-06 12:00+00'),
  ('c6 23:30-00:30, spring',  'Sa 23:30-00:30; tz America/Santiago', '2026-09-04 12:00+00', '2026-09-07 12:00+00')
) AS c(label, cal, a, b)
ORDER BY label;

-- The second Saturday 23:30 (03:30Z) belongs to Saturday's span, not to
-- Sunday's, which opens at 04:00Z.  24/7: Saturday 09-05 00:30 + 1 business
-- day -> Sunday 00:30 is in the gap -> the transition, 04:00Z.
SELECT lead_align.is_business_time('2026-04-05 03:30+00', 'Sa 00:00-24:00; tz America/Santiago') AS saturday_open,
       lead_align.is_business_time('2026-04-05 03:30+00', 'Su 00:00-24:00; tz America/Santiago') AS sunday_open,
       lead_align.next_business_time('2026-04-05 03:30+00', 'Su 00:00-24:00; tz America/Santiago') AS sunday_opens,
       lead_align.business_add('2026-09-05 00:30-04', '1 business day', '24/7; tz America/Santiago') AS next_day;

-- Overnight Saturday shifts 22:00-06:00 that cross the transition, measured
-- from Saturday noon to Sunday noon (local): 7 h in spring, 9 h in fall.
-- Berlin spring: 21:00Z-04:00Z; fall: 20:00Z-05:00Z.  Los Angeles spring:
-- 06:00Z-13:00Z; fall: 05:00Z-14:00Z.
SELECT label, cal,
       lead_align.business_elapsed(a, b, cal::lead_align.business_calendar) AS elapsed
FROM (VALUES
  ('o1 Berlin spring', 'Sa 22:00-06:00; tz Europe/Berlin',       timestamptz '2026-03-28 12:00+01', timestamptz '2026-03-29 12:00+02'),
  ('o2 Berlin fall',   'Sa 22:00-06:00; tz Europe/Berlin',       '2026-10-24 12:00+02', '2026-10-25 12:00+01'),
  ('o3 LA spring',     'Sa 22:00-06:00; tz America/Los_Angeles', '2026-03-07 12:00-08', '2026-03-08 12:00-07'),
  ('o4 LA fall',       'Sa 22:00-06:00; tz America/Los_Angeles', '2026-10-31 12:00-07', '2026-11-01 12:00-08')
) AS c(label, cal, a, b)
ORDER BY label;

-- A Berlin office (Mo-Fr 09:00-17:00) over the transition weekends: Friday
-- 2026-03-27 is 08:00Z-16:00Z (CET), Monday 03-30 is 07:00Z-15:00Z (CEST);
-- Friday 10-23 is 07:00Z-15:00Z (CEST), Monday 10-26 is 08:00Z-16:00Z (CET).
-- 480 business hours from Monday 2026-01-12 09:00 CET are 12 whole weeks,
-- ending Friday 2026-04-03 17:00 CEST = 15:00Z.
SELECT label, a, b,
       lead_align.business_elapsed(a, b, 'Mo-Fr 09:00-17:00; tz Europe/Berlin') AS elapsed
FROM (VALUES
  ('01 spring weekend', timestamptz '2026-03-27 00:00+00', timestamptz '2026-03-30 12:00+00'),
  ('02 fall weekend',   '2026-10-23 00:00+00', '2026-10-26 12:00+00')
) AS c(label, a, b)
ORDER BY label;

SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Mo-Fr 09:00-17:00; tz Europe/Berlin') AS result
FROM (VALUES
  ('01 Fri 16:00 CET + 2 h',   timestamptz '2026-03-27 16:00+01', '2 business hours'),
  ('02 Fri 16:00 CEST + 2 h',  '2026-10-23 16:00+02', '2 business hours'),
  ('03 12 weeks into CEST',    '2026-01-12 09:00+01', '480 business hours'),
  ('04 Mon opening - 1 h',     '2026-03-30 09:00+02', '-1 business hour'),
  ('05 elapsed day ignores tz','2026-03-28 12:00+00', '1 day')
) AS c(label, t, w)
ORDER BY label;

-- business_add over the short and the long Sunday.  'Su 00:00-24:00' in
-- Berlin lasts 25 h on 10-25, so 25 h from its start end at its closing
-- (Monday 00:00 CET = 23:00Z), and 26 h go on to the next Sunday
-- (11-01 00:00 CET = 10-31 23:00Z, plus 1 h).  03-29 lasts 23 h; 24 h go on
-- to 04-05 00:00 CEST (04-04 22:00Z), plus 1 h.
SELECT label, t, w,
       lead_align.business_add(t, w::lead_align.sla_window,
                               'Su 00:00-24:00; tz Europe/Berlin') AS result
FROM (VALUES
  ('01 the long day exactly', timestamptz '2026-10-25 00:00+02', '25 business hours'),
  ('02 one hour more',        '2026-10-25 00:00+02', '26 business hours'),
  ('03 the short day exactly','2026-03-29 00:00+01', '23 business hours'),
  ('04 one hour more',        '2026-03-29 00:00+01', '24 business hours'),
  ('05 from the second 02:30','2026-10-25 02:30+01', '1 business hour'),
  ('06 back over the long day','2026-10-26 00:00+01', '-25 business hours')
) AS c(label, t, w)
ORDER BY label;

-- 'Su 02:30-03:30' in Berlin: 2 h on 10-25 (00:30Z-02:30Z), 30 min on 03-29
-- (01:00Z-01:30Z), 1 h on ordinary Sundays (04-05 CEST: 00:30Z-01:30Z).
-- 'Su 02:00-02:45' is empty on 03-29 (02:00 and 02:45 both fall in the gap),
-- so the next business time after 03-28 is 04-05 02:00 CEST (00:00Z).
SELECT label, cal, t, w,
       lead_align.business_add(t, w::lead_align.sla_window, cal::lead_align.business_calendar) AS result
FROM (VALUES
  ('01 whole fall span',     'Su 02:30-03:30; tz Europe/Berlin', timestamptz '2026-10-25 00:00+02', '2 business hours'),
  ('02 one hour of it',      'Su 02:30-03:30; tz Europe/Berlin', '2026-10-25 00:00+02', '1 business hour'),
  ('03 whole spring span',   'Su 02:30-03:30; tz Europe/Berlin', '2026-03-29 00:00+01', '0.5 business hours'),
  ('04 spring then April',   'Su 02:30-03:30; tz Europe/Berlin', '2026-03-29 00:00+01', '1 business hour'),
  ('05 empty span skipped',  'Su 02:00-02:45; tz Europe/Berlin', '2026-03-28 12:00+00', '15 business minutes'),
  ('06 LA fall shift 9 h',   'Sa 22:00-06:00; tz America/Los_Angeles', '2026-10-31 22:00-07', '9 business hours'),
  ('07 LA fall shift 8 h',   'Sa 22:00-06:00; tz America/Los_Angeles', '2026-10-31 22:00-07', '8 business hours')
) AS c(label, cal, t, w)
ORDER BY label;

-- Business days across transitions (S3).  The offset is the wall-clock time
-- of t; a candidate in a gap becomes the transition instant, an ambiguous
-- one the first occurrence.
--   01 design: 24/7 Berlin, 03-28 02:30 CET + 1 day -> 03-29 02:30 does not
--      exist -> 03:00 CEST (01:00Z).
--   02 10-24 02:30 CEST + 1 -> 10-25 02:30, first occurrence (00:30Z).
--   03 10-26 02:30 CET - 1 -> 10-25 02:30, first occurrence (00:30Z).
--   04 03-30 02:30 CEST - 1 -> 03-29 02:30, the transition (01:00Z).
--   05 the second 02:30 on 10-25 (01:30Z) reads 02:30 on the wall: + 1 ->
--      10-26 02:30 CET (01:30Z).
--   06 03-29 03:30 CEST reads 03:30: + 1 -> 03-30 03:30 CEST (01:30Z).
--   07-10 the same in Los Angeles: 03-07 02:15 PST + 1 -> gap -> 10:00Z;
--      10-31 01:30 PDT + 1 -> first 01:30 (08:30Z); the second 01:30 on 11-01
--      (PST, 09:30Z) + 1 -> 11-02 01:30 PST (09:30Z); the first 01:30 on 11-01
--      - 1 -> 10-31 01:30 PDT (08:30Z).
--   11 Berlin Saturday shift: 03-29 05:00 CEST is in Saturday 03-28's shift,
--      offset 29:00; + 1 -> Saturday 04-04 + 29:00 = 04-05 05:00 CEST (03:00Z).
--   12 'Su 01:00-05:00': 03-22 02:30 CET + 1 -> 03-29 02:30 (gap) -> 01:00Z,
--      inside 03-29's span 00:00Z-03:00Z.
--   13 'Su 02:00-02:45': 03-29 owns only an empty span, so it is not a
--      business day: 03-22 02:10 CET + 1 -> 04-05 02:10 CEST (00:10Z).
--   14-15 Berlin and Los Angeles offices: Friday 10:00 before the spring
--      transition + 1 -> Monday 10:00 after it (08:00Z, 17:00Z).
--   16-19 'Su 02:30-03:30' Berlin: from 10-18 03:00 CEST + 1 -> 10-25 03:00
--      (CET only, 02:00Z, inside 00:30Z-02:30Z); from 10-18 02:45 CEST -> first
--      02:45 on 10-25 (00:45Z); from 03-22 03:15 CET -> 03-29 03:15 CEST
--      (01:15Z, inside 01:00Z-01:30Z); from 03-22 02:45 CET -> gap -> 01:00Z.
--   20-21 24/7 Lord Howe: 10-03 02:15 + 1 -> 10-04 02:15 is in the
--      half-hour gap -> the transition, 10-03 15:30Z; 04-04 01:45 (+11) + 1 ->
--      04-05 01:45, first occurrence (+11) = 04-04 14:45Z.
--   22-23 'Su 02:30-03:30' Berlin from closed instants: Saturday 03-28 12:00
--      CET + 1 first moves to the next opening, 03-29 02:30, which is in the
--      gap: the transition, 01:00Z, reading 03:00 CEST (anchor 03-29, offset
--      03:00) -> 04-05 03:00 CEST (01:00Z); Monday 10-26 12:00 CET - 1 first
--      moves back to the previous closing, 10-25 03:30 CET (02:30Z; offset
--      03:30) -> 10-18 03:30 CEST, that day's closing (01:30Z).
SELECT label, cal, t,
       lead_align.business_add(t, w::lead_align.sla_window, cal::lead_align.business_calendar) AS result
FROM (VALUES
  ('01 design: into the gap',     '24/7; tz Europe/Berlin', timestamptz '2026-03-28 02:30+01', '1 business day'),
  ('02 into the overlap',         '24/7; tz Europe/Berlin', '2026-10-24 02:30+02', '1 business day'),
  ('03 back into the overlap',    '24/7; tz Europe/Berlin', '2026-10-26 02:30+01', '-1 business day'),
  ('04 back into the gap',        '24/7; tz Europe/Berlin', '2026-03-30 02:30+02', '-1 business day'),
  ('05 from second occurrence',   '24/7; tz Europe/Berlin', '2026-10-25 02:30+01', '1 business day'),
  ('06 from after the gap',       '24/7; tz Europe/Berlin', '2026-03-29 03:30+02', '1 business day'),
  ('07 LA into the gap',          '24/7; tz America/Los_Angeles', '2026-03-07 02:15-08', '1 business day'),
  ('08 LA into the overlap',      '24/7; tz America/Los_Angeles', '2026-10-31 01:30-07', '1 business day'),
  ('09 LA from second occurrence','24/7; tz America/Los_Angeles', '2026-11-01 01:30-08', '1 business day'),
  ('10 LA back from the overlap', '24/7; tz America/Los_Angeles', '2026-11-01 01:30-07', '-1 business day'),
  ('11 overnight offset 29:00',   'Sa 22:00-06:00; tz Europe/Berlin', '2026-03-29 05:00+02', '1 business day'),
  ('12 gap inside a span',        'Su 01:00-05:00; tz Europe/Berlin', '2026-03-22 02:30+01', '1 business day'),
  ('13 empty day is skipped',     'Su 02:00-02:45; tz Europe/Berlin', '2026-03-22 02:10+01', '1 business day'),
  ('14 Berlin office',            'Mo-Fr 09:00-17:00; tz Europe/Berlin', '2026-03-27 10:00+01', '1 business day'),
  ('15 LA office',                'Mo-Fr 09:00-17:00; tz America/Los_Angeles', '2026-03-06 10:00-08', '1 business day'),
  ('16 onto 03:00 CET',           'Su 02:30-03:30; tz Europe/Berlin', '2026-10-18 03:00+02', '1 business day'),
  ('17 onto the first 02:45',     'Su 02:30-03:30; tz Europe/Berlin', '2026-10-18 02:45+02', '1 business day'),
  ('18 onto 03:15 CEST',          'Su 02:30-03:30; tz Europe/Berlin', '2026-03-22 03:15+01', '1 business day'),
  ('19 onto the gap',             'Su 02:30-03:30; tz Europe/Berlin', '2026-03-22 02:45+01', '1 business day'),
  ('20 Lord Howe half-hour gap',  '24/7; tz Australia/Lord_Howe', '2026-10-03 02:15+10:30', '1 business day'),
  ('21 Lord Howe overlap',        '24/7; tz Australia/Lord_Howe', '2026-04-04 01:45+11', '1 business day'),
  ('22 moved into the gap',       'Su 02:30-03:30; tz Europe/Berlin', '2026-03-28 12:00+01', '1 business day'),
  ('23 moved back to 03:30 CET',  'Su 02:30-03:30; tz Europe/Berlin', '2026-10-26 12:00+01', '-1 business day')
) AS c(label, cal, t, w)
ORDER BY label;

-- is_business_time and next_business_time around the transitions.  The
-- fall-back span 02:30-03:30 in Berlin covers 00:30Z-02:30Z: the second
-- 02:45 (01:45Z) is inside, the first 02:15 (00:15Z) is not.  In Los Angeles
-- 'Su 01:00-01:30' covers 08:00Z-09:30Z on 11-01: the second 01:15 (09:15Z)
-- is inside, 09:30Z is the closing.
SELECT label, cal, t,
       lead_align.is_business_time(t, cal::lead_align.business_calendar) AS is_open
FROM (VALUES
  ('01 second 02:45',  'Su 02:30-03:30; tz Europe/Berlin', timestamptz '2026-10-25 01:45+00'),
  ('02 first 02:15',   'Su 02:30-03:30; tz Europe/Berlin', '2026-10-25 00:15+00'),
  ('03 03:30 CET',     'Su 02:30-03:30; tz Europe/Berlin', '2026-10-25 02:30+00'),
  ('04 first 02:30',   'Su 02:30-03:30; tz Europe/Berlin', '2026-10-25 00:30+00'),
  ('05 spring 03:15',  'Su 02:30-03:30; tz Europe/Berlin', '2026-03-29 01:15+00'),
  ('06 LA second 01:15','Su 01:00-01:30; tz America/Los_Angeles', '2026-11-01 09:15+00'),
  ('07 LA second 01:30','Su 01:00-01:30; tz America/Los_Angeles', '2026-11-01 09:30+00'),
  ('08 office CEST 09:00', 'Mo-Fr 09:00-17:00; tz Europe/Berlin', '2026-03-30 07:00+00'),
  ('09 office CET 08:30',  'Mo-Fr 09:00-17:00; tz Europe/Berlin', '2026-03-27 07:30+00'),
  ('10 office CET 09:00',  'Mo-Fr 09:00-17:00; tz Europe/Berlin', '2026-03-27 08:00+00')
) AS c(label, cal, t)
ORDER BY label;

SELECT label, cal, t,
       lead_align.next_business_time(t, cal::lead_align.business_calendar) AS next_open
FROM (VALUES
  ('01 fall: first 02:30',     'Su 02:30-03:30; tz Europe/Berlin', timestamptz '2026-10-25 00:00+00'),
  ('02 spring: transition',    'Su 02:30-03:30; tz Europe/Berlin', '2026-03-29 00:00+00'),
  ('03 after the short span',  'Su 02:30-03:30; tz Europe/Berlin', '2026-03-29 01:30+00'),
  ('04 empty span skipped',    'Su 02:00-02:45; tz Europe/Berlin', '2026-03-28 00:00+00'),
  ('05 LA fall: first 01:00',  'Su 01:00-01:30; tz America/Los_Angeles', '2026-11-01 00:00+00'),
  ('06 LA 2026 spring gap',    'Su 02:30-03:15; tz America/Los_Angeles', '2026-03-08 08:00+00')
) AS c(label, cal, t)
ORDER BY label;

-- business_periods over the transitions.
SELECT lead_align.business_periods('Su 02:30-03:30; tz Europe/Berlin',
         '2026-10-24 00:00+00', '2026-10-26 00:00+00') AS fall;
SELECT lead_align.business_periods('Su 02:30-03:30; tz Europe/Berlin',
         '2026-03-28 00:00+00', '2026-03-30 00:00+00') AS spring;
-- Empty span: no rows.
SELECT lead_align.business_periods('Su 02:00-02:45; tz Europe/Berlin',
         '2026-03-28 00:00+00', '2026-03-30 00:00+00') AS empty_spring;
-- A whole weekend in Los Angeles over the fall-back: Saturday 00:00 PDT
-- (07:00Z) to Monday 00:00 PST (08:00Z), one merged period of 49 hours.
SELECT lead_align.business_periods('Sa,Su 00:00-24:00; tz America/Los_Angeles',
         '2026-10-30 00:00+00', '2026-11-04 00:00+00') AS weekend;
-- A dated whole day on the short day: 23 hours.
SELECT lead_align.business_periods('2026-03-29 00:00-24:00; tz Europe/Berlin',
         '2026-03-28 00:00+00', '2026-03-31 00:00+00') AS short_day;
