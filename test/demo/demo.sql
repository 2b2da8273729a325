-- The lead_align demo: SLA deadlines in business time.
\pset footer off
CREATE EXTENSION lead_align;
SET timezone = 'UTC';

\echo
\echo '== Two sales teams, two calendars =='
\echo 'Berlin works Mo-Fr with a lunch break, half a day on Christmas Eve, closed on the 25th and 26th;'
\echo 'New York works Mo-Fr 08:00-18:00 and is closed on Thanksgiving. Europe leaves summer time on'
\echo '2026-10-25, the US on 2026-11-01: the same SLA lands at different UTC hours either side of it.'
CREATE TEMP TABLE team (name text PRIMARY KEY, cal lead_align.business_calendar, zone text);
INSERT INTO team VALUES
	('Berlin', lead_align.calendar('Mo-Fr 09:00-12:00,13:00-17:00', 'Europe/Berlin',
	                               ARRAY['2026-12-25', '2026-12-26', '2027-01-01']::date[],
	                               '{"2026-12-24": "09:00-12:00", "2026-12-31": "09:00-12:00"}'), 'Europe/Berlin'),
	('New York', 'Mo-Fr 08:00-18:00; 2026-11-26 off; 12-25 off; tz America/New_York', 'America/New_York');
SELECT name AS team, cal AS calendar FROM team ORDER BY name;

\echo
\echo '== Synthetic inbound leads and their SLA deadlines =='
\echo 'Hot leads: first touch within 4 business hours. MQLs: accept or reject within 2 business days.'
CREATE TEMP TABLE lead AS
SELECT * FROM (VALUES
	(1, 'Berlin',   '2026-10-23 16:30+02'::timestamptz, 'Friday afternoon before the clocks go back'),
	(2, 'Berlin',   '2026-10-24 11:00+02',              'Saturday: the clock starts Monday'),
	(3, 'Berlin',   '2026-12-23 15:00+01',              'before Christmas: half day, then two holidays'),
	(4, 'Berlin',   '2026-12-31 10:00+01',              'New Year''s Eve morning'),
	(5, 'New York', '2026-10-30 15:00-04',              'Friday before the US clocks go back'),
	(6, 'New York', '2026-11-25 17:00-05',              'evening before Thanksgiving'),
	(7, 'New York', '2026-11-01 01:30-04',              'in the repeated hour of the DST change'),
	(8, 'Berlin',   '2026-03-27 16:00+01',              'Friday before summer time starts')
) v(id, team, arrived, story);

SELECT l.id, l.team,
       to_char(l.arrived AT TIME ZONE t.zone, 'Dy DD Mon HH24:MI') AS arrived_local,
       to_char(lead_align.business_add(l.arrived, '4 business hours', t.cal) AT TIME ZONE t.zone, 'Dy DD Mon HH24:MI') AS touch_due_local,
       to_char(lead_align.business_add(l.arrived, '2 business days', t.cal) AT TIME ZONE t.zone, 'Dy DD Mon HH24:MI') AS accept_due_local,
       to_char(lead_align.business_add(l.arrived, '4 business hours', t.cal), 'MM-DD HH24:MI"Z"') AS touch_due_utc,
       l.story
  FROM lead l JOIN team t ON t.name = l.team ORDER BY l.id;

\echo
\echo '== How much business time has passed? (for an SLA report) =='
SELECT l.id, l.team,
       lead_align.business_elapsed(l.arrived, l.arrived + interval '7 days', t.cal) AS business_time_in_a_week,
       lead_align.business_hours(l.arrived, l.arrived + interval '7 days', t.cal) AS hours
  FROM lead l JOIN team t ON t.name = l.team ORDER BY l.id;

\echo
\echo '== Berlin''s business periods in Christmas week =='
SELECT to_char(lower(p) AT TIME ZONE 'Europe/Berlin', 'Dy DD Mon HH24:MI') AS opens,
       to_char(upper(p) AT TIME ZONE 'Europe/Berlin', 'HH24:MI') AS closes
  FROM team, lead_align.business_periods(cal, '2026-12-21 00:00+01', '2026-12-28 00:00+01') p
 WHERE name = 'Berlin';

\echo
\i test/demo/crm.sql

\echo
\echo '== Bad input gets a clear error =='
\set ON_ERROR_STOP 0
SELECT 'Mo-Fr 9-5'::lead_align.business_calendar;
SELECT '1 business day 4 business hours'::lead_align.sla_window;
