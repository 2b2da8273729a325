-- The lead_align demo, part 1: SLA deadlines in business time (test/demo/run.sh
-- then loads the six-month CRM of crm.sql and prints the report).
\pset footer off
CREATE EXTENSION lead_align;
SET timezone = 'UTC';

\echo
\echo '== Business time: the same SLA, two offices, holidays and DST =='
\echo 'Berlin works Mo-Fr 09:00-17:00 with a lunch break, half a day on Christmas Eve; New York'
\echo 'Mo-Fr 08:00-18:00, closed on Thanksgiving. Europe leaves summer time on 25 October 2026, the'
\echo 'US on 1 November. A hot lead must be touched within 4 business hours and accepted or'
\echo 'rejected within 2 business days:'
CREATE TEMP TABLE office (name text PRIMARY KEY, cal lead_align.business_calendar, zone text);
INSERT INTO office VALUES
	('Berlin', lead_align.calendar('Mo-Fr 09:00-12:00,13:00-17:00', 'Europe/Berlin',
	                               ARRAY['2026-12-25', '2026-12-26', '2027-01-01']::date[],
	                               '{"2026-12-24": "09:00-12:00", "2026-12-31": "09:00-12:00"}'), 'Europe/Berlin'),
	('New York', 'Mo-Fr 08:00-18:00; 2026-11-26 off; 12-25 off; tz America/New_York', 'America/New_York');
SELECT l.office, to_char(l.arrived AT TIME ZONE o.zone, 'Dy DD Mon HH24:MI') AS arrived,
       to_char(lead_align.business_add(l.arrived, '4 business hours', o.cal) AT TIME ZONE o.zone, 'Dy DD Mon HH24:MI') AS touch_by,
       to_char(lead_align.business_add(l.arrived, '2 business days', o.cal) AT TIME ZONE o.zone, 'Dy DD Mon HH24:MI') AS decide_by,
       l.story
  FROM (VALUES ('Berlin',   '2026-10-23 16:30+02'::timestamptz, 'Friday before the clocks go back'),
               ('Berlin',   '2026-12-23 15:00+01',              'half day, then two holidays'),
               ('New York', '2026-10-30 15:00-04',              'Friday before US clocks go back'),
               ('New York', '2026-11-25 17:00-05',              'evening before Thanksgiving'),
               ('New York', '2026-11-01 01:30-04',              'in the repeated hour'))
       l(office, arrived, story)
  JOIN office o ON o.name = l.office
 ORDER BY l.office, l.arrived;
