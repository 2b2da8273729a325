-- lead_align.calendar(weekly, tz, closed, special): a calendar from parts,
-- for example from a holidays table.
CREATE TABLE holidays (day date PRIMARY KEY, name text);
INSERT INTO holidays VALUES ('2026-01-01', 'New Year'), ('2026-04-03', 'Good Friday'),
	('2026-04-06', 'Easter Monday'), ('2026-05-01', 'Labour Day'), ('2026-12-25', 'Christmas'),
	('2026-12-26', 'Boxing Day');
SELECT lead_align.calendar('Mo-Fr 09:00-12:00,13:00-17:00', 'Europe/Berlin',
                           (SELECT array_agg(day ORDER BY day) FROM holidays),
                           '{"2026-12-24": "09:00-12:00", "12-31": "09:00-12:00"}');
-- NULL parts mean none; tz NULL means UTC
SELECT lead_align.calendar(NULL, NULL) AS nothing,
       lead_align.calendar('Mo-Fr 09:00-17:00', NULL) AS weekly_only,
       lead_align.calendar(NULL, 'Asia/Tokyo', ARRAY['2026-01-01'::date, NULL]) AS closed_only,
       lead_align.calendar('24/7', 'UTC', NULL, '{}') AS empty_special;
-- the same value as the literal
SELECT lead_align.calendar('Mo-Fr 09:00-17:00', 'Europe/Berlin', ARRAY['2026-12-25'::date])
       = 'Mo-Fr 09:00-17:00; 2026-12-25 off; tz Europe/Berlin' AS same_as_literal;
-- refused: a date both closed and special; weekly text with other rules; bad parts
SELECT lead_align.calendar('Mo-Fr 09:00-17:00', 'UTC', ARRAY['2026-12-24'::date], '{"2026-12-24": "09:00-12:00"}');
SELECT lead_align.calendar('Mo-Fr 09:00-17:00', 'UTC', ARRAY['2026-12-24'::date], '{"12-24": "09:00-12:00"}');
SELECT lead_align.calendar('Mo-Fr 09:00-17:00; 12-25 off', 'UTC');
SELECT lead_align.calendar('Mo-Fr 09:00-17:00; tz UTC', 'UTC');
SELECT lead_align.calendar('Mo-Fr 09:00-17:00', 'Europe/Atlantis');
SELECT lead_align.calendar('Mo-Fr 09:00-17:00', 'UTC', NULL, '{"2026-12-24": "9-12"}');
SELECT lead_align.calendar('Mo-Fr 09:00-17:00', 'UTC', NULL, '{"Dec 24": "off"}');
SELECT lead_align.calendar('Mo-Fr 09:00-17:00', 'UTC', NULL, '{"2026-12-24": "off; 24/7"}');
SELECT lead_align.calendar('Mo-Fr 09:00-17:00', 'UTC', NULL, '{"2026-12-24": 12}');
SELECT lead_align.calendar('Mo-Fr 09:00-17:00', 'UTC', NULL, '["2026-12-24"]');
SELECT lead_align.calendar('Mo-Fr 09:00-17:00', 'UTC', ARRAY['infinity'::date]);
SELECT lead_align.calendar('Mo-Fr 09:00-17:00', 'UTC', ARRAY['1800-01-01'::date]);
DROP TABLE holidays;
