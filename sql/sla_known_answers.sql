-- Correct by known answers (issue 11, item 6): a hand-built history of 25
-- leads, written THROUGH THE TRIGGERS (INSERT, UPDATE and DELETE on a CRM
-- table, each event's time in the event-time column), across weekends, a
-- public holiday and a month end, with touches, a touch saved together with
-- a reject, recycles into a second cycle, deleted leads, three calendars
-- (the track's, a team's, a lead's own) and exit and touch SLAs, some for
-- one temperature only.  Every value of stage_spans, sla_compliance and
-- lead_state below was worked out by hand, in the comments next to the
-- events, and is asserted.
--
-- Runs in a database of its own, so that nothing of it (tracks, ledger,
-- stay calendars) meets the rest of the suite.
SET client_min_messages = warning;
DROP DATABASE IF EXISTS lead_align_known;
CREATE DATABASE lead_align_known;
RESET client_min_messages;
\c lead_align_known
SET client_min_messages = warning;
CREATE EXTENSION lead_align;
RESET client_min_messages;
-- all times below are Berlin's; in January and February 2026 Berlin is
-- UTC+1, London UTC+0 and New York UTC-5 (no DST change in these weeks)
SET timezone = 'Europe/Berlin';
SET datestyle = 'ISO, YMD';

-------------------------------------------------------------------------------
-- The track.  Three calendars, in Berlin time:
--   berlin  the track's: Mo-Fr 09:00-17:00, Tuesday 6 January off (a public
--           holiday in Berlin).  Sales works on it (mql, sal, sql,
--           opportunity), and the end stages (won, lost, disqualified) use it.
--   ny      marketing's (team_calendar): Mo-Fr 09:00-17:00 in New York,
--           15:00-23:00 in Berlin, no holiday.  new and nurture use it.
--   lon     the lead's own (calendar_column, from office = 'LON'): Mo-Fr
--           09:00-17:00 in London, 10:00-18:00 in Berlin, no holiday; it
--           beats the team's and the track's for every stay of such a lead.
-- January 2026: Thursday the 1st; Mondays 5, 12, 19, 26; Tuesday 6 is the
-- holiday; Friday 30, Saturday 31; Sunday 1 and Monday 2 February.
--
-- The SLAs:
--   new  exit   1 business day   (marketing works a raw inquiry)
--   mql  exit   8 business hours, hot 4 (sales accepts or rejects)
--   mql  touch  2 business hours, hot 1 (sales touches it first)
--   sal  exit   2 business days  (sales qualifies an accepted lead)
-- nurture, sql, opportunity and the end stages have none.
-- Temperature comes from the grade: A hot, B warm, else cold; a new or
-- nurture lead that becomes hot is handed to sales automatically.
-------------------------------------------------------------------------------
CREATE SCHEMA kn;
CREATE TABLE kn.leads (
	id             text PRIMARY KEY,
	stage          lead_align.lead_stage NOT NULL,
	grade          text,
	temperature    lead_align.lead_temperature,
	owner          text,
	office         text,
	office_hours   lead_align.business_calendar GENERATED ALWAYS AS (
		CASE office WHEN 'LON' THEN 'Mo-Fr 09:00-17:00; tz Europe/London'::lead_align.business_calendar END) STORED,
	last_contacted timestamptz,
	reason         text,
	modified       timestamptz
);
SELECT lead_align.track('kn.leads', key => 'id', stage => 'stage', temperature => 'temperature',
						owner => 'owner', touch => 'last_contacted', event_time => 'modified',
						reason => 'reason', calendar_column => 'office_hours',
						calendar => 'Mo-Fr 09:00-17:00; 2026-01-06 off; tz Europe/Berlin',
						handoff_temperature => 'hot') > 0 AS tracked;
SELECT lead_align.team_calendar('kn.leads', 'marketing', 'Mo-Fr 09:00-17:00; tz America/New_York');
SELECT lead_align.add_rule('kn.leads', 'hot', $$grade = 'A'$$, 'grade A', name => 'grade_a');
SELECT lead_align.add_rule('kn.leads', 'warm', $$grade = 'B'$$, 'grade B', name => 'grade_b');
SELECT lead_align.sla('kn.leads', 'new', "window" => '1 business day');
SELECT lead_align.sla('kn.leads', 'mql', "window" => '8 business hours');
SELECT lead_align.sla('kn.leads', 'mql', 'hot', '4 business hours');
SELECT lead_align.sla('kn.leads', 'mql', "window" => '2 business hours', kind => 'touch');
SELECT lead_align.sla('kn.leads', 'mql', 'hot', '1 business hour', 'touch');
SELECT lead_align.sla('kn.leads', 'sal', "window" => '2 business days');

-- the three calendars by name, for the checks below
CREATE TEMP TABLE cal (name text PRIMARY KEY, calendar lead_align.business_calendar NOT NULL);
INSERT INTO cal VALUES ('berlin', 'Mo-Fr 09:00-17:00; 2026-01-06 off; tz Europe/Berlin'),
					   ('ny', 'Mo-Fr 09:00-17:00; tz America/New_York'),
					   ('lon', 'Mo-Fr 09:00-17:00; tz Europe/London');

-------------------------------------------------------------------------------
-- The history, lead by lead.  Each stay is worked out next to its events:
--   stay [cycle] stage temperature calendar: entered -> left (how, reason)
--     due = exit due time, touch = touch due time (business_add from the
--     entry), hours = business hours from entry to exit, to touch = from
--     entry to first touch; exit / touch SLA state.
-- "bh" is business hours, "bd" business days (DESIGN 3.5 S3: a start outside
-- business time first moves to the next opening; the target is the N-th
-- business day after the anchor, at the same wall-clock time).  Stays that
-- are still open are measured to now(), which lies after every due time
-- here, so an open stay with an SLA is overdue.
-------------------------------------------------------------------------------

-- M01 (ann, A: hot).
--  mql hot berlin: Mon 5 09:30 -> Mon 5 12:00 accept.  due 09:30 + 4 bh =
--    13:30; touch 09:30 + 1 bh = 10:30; touched 10:00 (0.5 h): met / met;
--    hours 2.5.
--  sal hot berlin: Mon 5 12:00 -> Thu 8 11:00 advance.  due: anchor Mon 5,
--    12:00; Tue 6 is no business day, so Wed 7 is the 1st, Thu 8 the 2nd:
--    Thu 8 12:00.  hours Mon 5 + Wed 8 + Thu 2 = 15: met.
--  sql hot berlin: Thu 8 11:00, open, no SLA.
INSERT INTO kn.leads (id, stage, grade, owner, modified) VALUES ('M01', 'mql', 'A', 'ann', '2026-01-05 09:30+01');
UPDATE kn.leads SET last_contacted = '2026-01-05 10:00+01', modified = '2026-01-05 10:00+01' WHERE id = 'M01';
UPDATE kn.leads SET stage = 'sal', modified = '2026-01-05 12:00+01' WHERE id = 'M01';
UPDATE kn.leads SET stage = 'sql', modified = '2026-01-08 11:00+01' WHERE id = 'M01';

-- M02 (ben, A: hot), accepted, recycled, handed over again automatically.
--  [1] mql hot berlin: Mon 5 15:00 -> Wed 7 10:30 accept.  due: Mon 15-17
--    is 2 bh, the holiday none, Wed 09:00 + 2 = Wed 7 11:00 (Tue 11:00
--    without the holiday); touch Mon 16:00; touched Wed 09:30: breached,
--    to touch Mon 2 + Wed 0.5 = 2.5; hours 2 + 1.5 = 3.5: met.
--  [1] sal hot berlin: Wed 7 10:30 -> Mon 12 09:00 recycle (no_budget).
--    due Fri 9 10:30; hours Wed 6.5 + Thu 8 + Fri 8 = 22.5: breached.
--    The grade drops to B in the same save, so the nurture stay is warm.
--  [2] nurture warm ny: Mon 12 09:00 -> Mon 19 16:00 handoff (automatic:
--    the grade rises to A).  ny hours: Mon 12 to Fri 16, 15:00-23:00 each,
--    5 x 8 = 40, Mon 19 15:00-16:00 = 1: 41.  No SLA; the handoff takes no
--    reason (the column still says no_budget).
--  [2] mql hot berlin: Mon 19 16:00, open.  due Mon 1 + Tue 3 = Tue 20
--    12:00; touch Mon 19 17:00 (one business hour ends at the closing);
--    touched Mon 17:00, on the dot: met, to touch 1; exit overdue.
INSERT INTO kn.leads (id, stage, grade, owner, modified) VALUES ('M02', 'mql', 'A', 'ben', '2026-01-05 15:00+01');
UPDATE kn.leads SET last_contacted = '2026-01-07 09:30+01', modified = '2026-01-07 09:30+01' WHERE id = 'M02';
UPDATE kn.leads SET stage = 'sal', modified = '2026-01-07 10:30+01' WHERE id = 'M02';
UPDATE kn.leads SET stage = 'nurture', reason = 'no_budget', grade = 'B', modified = '2026-01-12 09:00+01' WHERE id = 'M02';
UPDATE kn.leads SET grade = 'A', modified = '2026-01-19 16:00+01' WHERE id = 'M02';
UPDATE kn.leads SET last_contacted = '2026-01-19 17:00+01', modified = '2026-01-19 17:00+01' WHERE id = 'M02';

-- M03 (ann, B: warm): a touch saved together with the reject.
--  mql warm berlin: Fri 9 16:00 -> Mon 12 11:00 reject (bad_fit).  due Fri
--    1 + Mon 7 = Mon 12 16:00; touch Fri 1 + Mon 1 = Mon 12 10:00.  The save
--    at 11:00 writes the touch (09:45) and the reject: the touch belongs to
--    this stay: met, to touch Fri 1 + Mon 0.75 = 1.75; hours 1 + 2 = 3: met.
--  [2] nurture warm ny: Mon 12 11:00, open.
INSERT INTO kn.leads (id, stage, grade, owner, modified) VALUES ('M03', 'mql', 'B', 'ann', '2026-01-09 16:00+01');
UPDATE kn.leads SET stage = 'nurture', reason = 'bad_fit', last_contacted = '2026-01-12 09:45+01',
				   modified = '2026-01-12 11:00+01' WHERE id = 'M03';

-- M04 (ben, B: warm): the same, late.
--  mql warm berlin: Wed 7 09:00 -> Thu 8 10:00 reject (spam).  due Wed 17:00
--    (8 bh, the whole day); touch Wed 11:00; touched Thu 09:30 in the
--    reject's save: breached, to touch 8.5; hours 9: breached.
--  [2] nurture warm ny: Thu 8 10:00, open.
INSERT INTO kn.leads (id, stage, grade, owner, modified) VALUES ('M04', 'mql', 'B', 'ben', '2026-01-07 09:00+01');
UPDATE kn.leads SET stage = 'nurture', reason = 'spam', last_contacted = '2026-01-08 09:30+01',
				   modified = '2026-01-08 10:00+01' WHERE id = 'M04';

-- M05 (cat, B: warm), all the way to won.
--  mql warm berlin: Thu 8 13:00 -> Thu 8 14:30 accept.  due Thu 4 + Fri 4 =
--    Fri 9 13:00; touch Thu 15:00; never touched, left at 14:30: the touch
--    SLA is met by leaving (to touch NULL: no touch); hours 1.5: met.
--  sal warm berlin: Thu 8 14:30 -> Mon 12 14:30 advance.  due Fri 9 1st,
--    Mon 12 2nd: Mon 12 14:30, left on the dot: met; hours Thu 2.5 + Fri 8 +
--    Mon 5.5 = 16.
--  sql warm berlin: Mon 12 14:30 -> Wed 14 10:00 advance; Mon 2.5 + Tue 8 +
--    Wed 1 = 11.5.  opportunity: Wed 14 10:00 -> Fri 16 12:00 win; Wed 7 +
--    Thu 8 + Fri 3 = 18.  won (no team): Fri 16 12:00, open.  No SLAs.
INSERT INTO kn.leads (id, stage, grade, owner, modified) VALUES ('M05', 'mql', 'B', 'cat', '2026-01-08 13:00+01');
UPDATE kn.leads SET stage = 'sal', modified = '2026-01-08 14:30+01' WHERE id = 'M05';
UPDATE kn.leads SET stage = 'sql', modified = '2026-01-12 14:30+01' WHERE id = 'M05';
UPDATE kn.leads SET stage = 'opportunity', modified = '2026-01-14 10:00+01' WHERE id = 'M05';
UPDATE kn.leads SET stage = 'won', modified = '2026-01-16 12:00+01' WHERE id = 'M05';

-- M06 (cat, B: warm), accepted straight into sql, then lost.
--  mql warm berlin: Mon 12 09:00 -> Mon 12 12:00 accept (to sql).  due
--    Mon 17:00; touch Mon 11:00; never touched, left at 12:00: touch
--    breached by leaving; hours 3: met.
--  sql warm berlin: Mon 12 12:00 -> Mon 19 10:00 lose (price): Mon 5 +
--    Tue-Fri 4 x 8 + Mon 1 = 38.  lost (no team): Mon 19 10:00, open.
INSERT INTO kn.leads (id, stage, grade, owner, modified) VALUES ('M06', 'mql', 'B', 'cat', '2026-01-12 09:00+01');
UPDATE kn.leads SET stage = 'sql', modified = '2026-01-12 12:00+01' WHERE id = 'M06';
UPDATE kn.leads SET stage = 'lost', reason = 'price', modified = '2026-01-19 10:00+01' WHERE id = 'M06';

-- M07 (ann, no grade: cold), never touched, reassigned to ben.
--  mql cold berlin: Tue 13 10:00, open.  due Tue 7 + Wed 1 = Wed 14 10:00;
--    touch Tue 13 12:00: overdue / overdue.  The reassign ends no stay.
INSERT INTO kn.leads (id, stage, owner, modified) VALUES ('M07', 'mql', 'ann', '2026-01-13 10:00+01');
UPDATE kn.leads SET owner = 'ben', modified = '2026-01-14 09:00+01' WHERE id = 'M07';

-- M08 (ben, B: warm), touched late, still in mql.
--  mql warm berlin: Wed 14 15:00, open.  due Wed 2 + Thu 6 = Thu 15 15:00;
--    touch Wed 14 17:00 (2 bh end at the closing); touched Thu 09:00: two
--    business hours after the entry, yet after the due time: breached, to
--    touch 2; exit overdue.
INSERT INTO kn.leads (id, stage, grade, owner, modified) VALUES ('M08', 'mql', 'B', 'ben', '2026-01-14 15:00+01');
UPDATE kn.leads SET last_contacted = '2026-01-15 09:00+01', modified = '2026-01-15 09:00+01' WHERE id = 'M08';

-- M09 (ann, A: hot), touched in time, cools down while in mql.
--  mql hot berlin: Thu 15 16:30, open.  due Thu 0.5 + Fri 3.5 = Fri 16
--    12:30; touch Thu 0.5 + Fri 0.5 = Fri 16 09:30.  The first touch says
--    17:30 but is saved at 16:45: clamped to 16:45: met, to touch 0.25.  A
--    second touch (Fri 10:00) leaves the first touch alone; the grade drops
--    to B at Fri 11:00 (a temperature event): the stay stays hot, the lead
--    is warm.  Exit overdue.
INSERT INTO kn.leads (id, stage, grade, owner, modified) VALUES ('M09', 'mql', 'A', 'ann', '2026-01-15 16:30+01');
UPDATE kn.leads SET last_contacted = '2026-01-15 17:30+01', modified = '2026-01-15 16:45+01' WHERE id = 'M09';
UPDATE kn.leads SET last_contacted = '2026-01-16 10:00+01', modified = '2026-01-16 10:00+01' WHERE id = 'M09';
UPDATE kn.leads SET grade = 'B', modified = '2026-01-16 11:00+01' WHERE id = 'M09';

-- M10 (cat, A: hot), both SLAs handled on the dot.
--  mql hot berlin: Fri 16 09:00 -> Fri 16 13:00 accept.  due 13:00; touch
--    10:00; touched 10:00: met, to touch 1; left 13:00: met, hours 4.
--  sal hot berlin: Fri 16 13:00, open.  due Mon 19 1st, Tue 20 2nd: Tue 20
--    13:00: overdue.
INSERT INTO kn.leads (id, stage, grade, owner, modified) VALUES ('M10', 'mql', 'A', 'cat', '2026-01-16 09:00+01');
UPDATE kn.leads SET last_contacted = '2026-01-16 10:00+01', modified = '2026-01-16 10:00+01' WHERE id = 'M10';
UPDATE kn.leads SET stage = 'sal', modified = '2026-01-16 13:00+01' WHERE id = 'M10';

-- M11 (ann, B: warm), across the month end.
--  mql warm berlin: Fri 30 Jan 15:00 -> Mon 2 Feb 11:00 accept: a January
--    stay.  due Fri 2 + Mon 6 = Mon 2 Feb 15:00; touch Fri 30 17:00; touched
--    Mon 09:30: breached, to touch 2 + 0.5 = 2.5; hours 2 + 2 = 4: met.
--  sal warm berlin: Mon 2 Feb 11:00 -> Thu 5 Feb 10:00 disqualify (bad_fit):
--    a February stay.  due Wed 4 Feb 11:00; hours Mon 6 + Tue 8 + Wed 8 +
--    Thu 1 = 23: breached.
--  disqualified (no team) berlin: Thu 5 Feb 10:00, open.
INSERT INTO kn.leads (id, stage, grade, owner, modified) VALUES ('M11', 'mql', 'B', 'ann', '2026-01-30 15:00+01');
UPDATE kn.leads SET last_contacted = '2026-02-02 09:30+01', modified = '2026-02-02 09:30+01' WHERE id = 'M11';
UPDATE kn.leads SET stage = 'sal', modified = '2026-02-02 11:00+01' WHERE id = 'M11';
UPDATE kn.leads SET stage = 'disqualified', reason = 'bad_fit', modified = '2026-02-05 10:00+01' WHERE id = 'M11';

-- M12 (ben, B: warm), created at 2026-01-31 23:30 UTC, which is Sunday
-- 1 February 00:30 in Berlin, the track's zone: a February stay.
--  mql warm berlin: Sun 1 Feb 00:30 -> Mon 2 Feb 10:00 accept.  due Mon 2
--    17:00 (the whole Monday); touch Mon 11:00; never touched, left at
--    10:00: met by leaving; hours 1: met.
--  sal warm berlin: Mon 2 Feb 10:00, open.  due Wed 4 Feb 10:00: overdue.
INSERT INTO kn.leads (id, stage, grade, owner, modified) VALUES ('M12', 'mql', 'B', 'ben', '2026-01-31 23:30+00');
UPDATE kn.leads SET stage = 'sal', modified = '2026-02-02 10:00+01' WHERE id = 'M12';

-- M13 (cat, cold), created Saturday 31 January 23:30 in Berlin (22:30 UTC):
-- a January stay.
--  mql cold berlin: Sat 31 Jan 23:30 -> Tue 3 Feb 09:30 reject (duplicate).
--    due Mon 2 Feb 17:00; touch Mon 11:00; touched Mon 10:15: met, to touch
--    1.25; hours Mon 8 + Tue 0.5 = 8.5: breached.
--  [2] nurture cold ny: Tue 3 Feb 09:30, open.
INSERT INTO kn.leads (id, stage, owner, modified) VALUES ('M13', 'mql', 'cat', '2026-01-31 23:30+01');
UPDATE kn.leads SET last_contacted = '2026-02-02 10:15+01', modified = '2026-02-02 10:15+01' WHERE id = 'M13';
UPDATE kn.leads SET stage = 'nurture', reason = 'duplicate', modified = '2026-02-03 09:30+01' WHERE id = 'M13';

-- M14 (ann, B: warm), recycled from mql, handed over again by marketing.
--  [1] mql warm berlin: Tue 20 09:00 -> Tue 20 16:00 recycle (unreachable:
--    a recycle code).  due 17:00; touch 11:00; never touched, left at 16:00:
--    breached by leaving; hours 7: met.
--  [2] nurture warm ny: Tue 20 16:00 -> Thu 22 16:00 handoff.  ny hours: Tue
--    16:00-23:00 7 + Wed 8 + Thu 15:00-16:00 1 = 16.
--  [2] mql warm berlin: Thu 22 16:00 -> Fri 23 15:00 accept (to sql).  due
--    Thu 1 + Fri 7 = Fri 23 16:00; touch Fri 23 10:00; touched Fri 09:00:
--    met, to touch 1; hours 1 + 6 = 7: met.
--  [2] sql warm berlin: Fri 23 15:00, open.
INSERT INTO kn.leads (id, stage, grade, owner, modified) VALUES ('M14', 'mql', 'B', 'ann', '2026-01-20 09:00+01');
UPDATE kn.leads SET stage = 'nurture', reason = 'unreachable', modified = '2026-01-20 16:00+01' WHERE id = 'M14';
UPDATE kn.leads SET stage = 'mql', modified = '2026-01-22 16:00+01' WHERE id = 'M14';
UPDATE kn.leads SET last_contacted = '2026-01-23 09:00+01', modified = '2026-01-23 09:00+01' WHERE id = 'M14';
UPDATE kn.leads SET stage = 'sql', modified = '2026-01-23 15:00+01' WHERE id = 'M14';

-- N01 (mia, cold), from marketing.
--  new cold ny: Mon 5 10:00 (04:00 in New York, before its opening) ->
--    Tue 6 14:00 handoff.  due: moves to Mon 09:00 NY; the holiday is
--    Berlin's, not New York's: Tue 6 09:00 NY = 15:00 Berlin.  ny hours Mon
--    15:00-23:00 8, Tue none before 15:00: 8: met.
--  mql cold berlin: Tue 6 14:00 (on the holiday) -> Wed 7 16:00 accept.  due
--    Wed 17:00 (the holiday counts nothing); touch Wed 11:00.  The touch
--    saved Wed 10:00 says Mon 5 12:00, before the stay began: clamped to
--    the stay's start, Tue 14:00: met, to touch 0; hours 7: met.
--  sal cold berlin: Wed 7 16:00 -> Fri 9 16:30 advance.  due Fri 9 16:00;
--    hours Wed 1 + Thu 8 + Fri 7.5 = 16.5: breached.
--  sql cold berlin: Fri 9 16:30, open.
INSERT INTO kn.leads (id, stage, owner, modified) VALUES ('N01', 'new', 'mia', '2026-01-05 10:00+01');
UPDATE kn.leads SET stage = 'mql', modified = '2026-01-06 14:00+01' WHERE id = 'N01';
UPDATE kn.leads SET last_contacted = '2026-01-05 12:00+01', modified = '2026-01-07 10:00+01' WHERE id = 'N01';
UPDATE kn.leads SET stage = 'sal', modified = '2026-01-07 16:00+01' WHERE id = 'N01';
UPDATE kn.leads SET stage = 'sql', modified = '2026-01-09 16:30+01' WHERE id = 'N01';

-- N02 (mia, B: warm).
--  new warm ny: Fri 9 20:00 (14:00 NY) -> Mon 12 21:00 advance (to nurture,
--    the same cycle).  due Mon 12 14:00 NY = 20:00 Berlin; ny hours Fri
--    20:00-23:00 3 + Mon 15:00-21:00 6 = 9: breached.
--  nurture warm ny: Mon 12 21:00, open.
INSERT INTO kn.leads (id, stage, grade, owner, modified) VALUES ('N02', 'new', 'B', 'mia', '2026-01-09 20:00+01');
UPDATE kn.leads SET stage = 'nurture', modified = '2026-01-12 21:00+01' WHERE id = 'N02';

-- N03 (mia, cold), disqualified by marketing.
--  new cold ny: Wed 14 18:00 (12:00 NY) -> Wed 14 22:30 disqualify (spam).
--    due Thu 15 12:00 NY = 18:00 Berlin; hours 4.5: met.
--  disqualified (no team) berlin: Wed 14 22:30, open.
INSERT INTO kn.leads (id, stage, owner, modified) VALUES ('N03', 'new', 'mia', '2026-01-14 18:00+01');
UPDATE kn.leads SET stage = 'disqualified', reason = 'spam', modified = '2026-01-14 22:30+01' WHERE id = 'N03';

-- N04 (leo, A: hot): inserted as new and hot, so handed over on insert.
--  new hot ny: Mon 19 11:00 -> Mon 19 11:00 handoff (automatic, the same
--    instant).  due Mon 09:00 NY + 1 bd = Tue 20 09:00 NY = 15:00 Berlin;
--    hours 0: met.
--  mql hot berlin: Mon 19 11:00 -> Mon 19 15:30 accept.  due 15:00; touch
--    12:00; never touched: both breached (by leaving at 15:30); hours 4.5.
--  sal hot berlin: Mon 19 15:30 -> Wed 21 15:00 recycle (bad_timing).  due
--    Wed 21 15:30; hours Mon 1.5 + Tue 8 + Wed 6 = 15.5: met.
--  [2] nurture hot ny: Wed 21 15:00, open.
INSERT INTO kn.leads (id, stage, grade, owner, modified) VALUES ('N04', 'new', 'A', 'leo', '2026-01-19 11:00+01');
UPDATE kn.leads SET stage = 'sal', modified = '2026-01-19 15:30+01' WHERE id = 'N04';
UPDATE kn.leads SET stage = 'nurture', reason = 'bad_timing', modified = '2026-01-21 15:00+01' WHERE id = 'N04';

-- P01 (ann, B: warm, London office): works on the holiday.
--  mql warm lon: Tue 6 10:00 (09:00 London) -> Tue 6 17:30 accept.  due Tue
--    18:00 (17:00 London); touch 12:00; touched 11:00: met, to touch 1;
--    hours 7.5: met.
--  sal warm lon: Tue 6 17:30 (16:30 London) -> open.  due Thu 8 16:30
--    London = 17:30 Berlin: overdue.
INSERT INTO kn.leads (id, stage, grade, owner, office, modified) VALUES ('P01', 'mql', 'B', 'ann', 'LON', '2026-01-06 10:00+01');
UPDATE kn.leads SET last_contacted = '2026-01-06 11:00+01', modified = '2026-01-06 11:00+01' WHERE id = 'P01';
UPDATE kn.leads SET stage = 'sal', modified = '2026-01-06 17:30+01' WHERE id = 'P01';

-- P02 (mia, London office, cold, then B: warm): its own calendar beats
-- marketing's for the new stay too.
--  new cold lon: Mon 12 08:00 (07:00 London) -> Tue 13 11:00 handoff.  due
--    Mon 09:00 London + 1 bd = Tue 13 09:00 London = 10:00 Berlin; lon hours
--    Mon 10:00-18:00 8 + Tue 10:00-11:00 1 = 9: breached.
--  mql warm lon (graded B in the handoff's save): Tue 13 11:00, open.  due
--    Tue 7 + Wed 1 = Wed 14 11:00; touch Tue 13:00; touched Wed 10:30:
--    breached, to touch 7 + 0.5 = 7.5; exit overdue.
INSERT INTO kn.leads (id, stage, owner, office, modified) VALUES ('P02', 'new', 'mia', 'LON', '2026-01-12 08:00+01');
UPDATE kn.leads SET stage = 'mql', grade = 'B', modified = '2026-01-13 11:00+01' WHERE id = 'P02';
UPDATE kn.leads SET last_contacted = '2026-01-14 10:30+01', modified = '2026-01-14 10:30+01' WHERE id = 'P02';

-- Q01 (mia, cold): inserted into nurture, no SLA.
--  nurture cold ny: Mon 26 12:00, open.
INSERT INTO kn.leads (id, stage, owner, modified) VALUES ('Q01', 'nurture', 'mia', '2026-01-26 12:00+01');

-- Q02 (cat, B: warm): sales-sourced, inserted into sal after hours.
--  sal warm berlin: Fri 30 Jan 18:00 -> Wed 4 Feb 09:00 advance: a January
--    stay.  due: moves to Mon 2 Feb 09:00; Tue 3 1st, Wed 4 2nd: Wed 4 Feb
--    09:00, left on the dot: met; hours Mon 8 + Tue 8 = 16.
--  sql warm berlin: Wed 4 Feb 09:00, open.
INSERT INTO kn.leads (id, stage, grade, owner, modified) VALUES ('Q02', 'sal', 'B', 'cat', '2026-01-30 18:00+01');
UPDATE kn.leads SET stage = 'sql', modified = '2026-02-04 09:00+01' WHERE id = 'Q02';

-- Q03 (ben, B: warm): inserted already touched.
--  mql warm berlin: Wed 21 11:00 -> Thu 22 12:00 accept.  The insert's touch
--    says 10:00, before the stay: clamped to 11:00, the entry: met, to touch
--    0.  due Wed 6 + Thu 2 = Thu 22 11:00; touch Wed 13:00; hours 6 + 3 = 9:
--    breached.
--  sal warm berlin: Thu 22 12:00, open.  due Fri 23 1st, Mon 26 2nd: Mon 26
--    12:00: overdue.
INSERT INTO kn.leads (id, stage, grade, owner, last_contacted, modified)
VALUES ('Q03', 'mql', 'B', 'ben', '2026-01-21 10:00+01', '2026-01-21 11:00+01');
UPDATE kn.leads SET stage = 'sal', modified = '2026-01-22 12:00+01' WHERE id = 'Q03';

-- D1 (leo, A: hot), deleted long after its due times.  A DELETE is recorded
-- at the statement's time (DESIGN 4: the event-time column is read from what
-- an INSERT or UPDATE writes; a delete writes nothing), so this stay ends
-- now: its end and its hours are checked against the clock around the
-- DELETE.
--  mql hot berlin: Tue 3 Feb 10:00 -> now, delete.  due 14:00; touch 11:00;
--    never touched, both due times passed before the delete: breached /
--    breached, with the business hours to the delete.
INSERT INTO kn.leads (id, stage, grade, owner, modified) VALUES ('D1', 'mql', 'A', 'leo', '2026-02-03 10:00+01');
SELECT clock_timestamp() AS d1_before \gset
DELETE FROM kn.leads WHERE id = 'D1';
SELECT clock_timestamp() AS d1_after \gset

-- D2 (leo, B: warm), deleted before its due times.  Since a delete is
-- recorded now, D2 is created now too (no event time: the statement's) and
-- deleted by the next statement, long before 8 or even 2 business hours can
-- have passed.
--  mql warm berlin: now -> now, delete: void / void.  It counts in no row of
--    sla_compliance: its month (this one) has none.
SELECT clock_timestamp() AS d2_before \gset
INSERT INTO kn.leads (id, stage, grade, owner) VALUES ('D2', 'mql', 'B', 'leo');
DELETE FROM kn.leads WHERE id = 'D2';
SELECT clock_timestamp() AS d2_after \gset

-------------------------------------------------------------------------------
-- stage_spans, every stay of the scenario (D1 and D2, whose times are now's,
-- follow apart).  First where each stay was and how it ended; hours are
-- those worked out above, of closed stays; an open stay's business_hours run
-- to now(), so they are checked (to_now) against business_hours(entered_at,
-- now(), its calendar), by name (cal: berlin, ny or lon, as worked out).
-- N04's first stay is the zero-length new stay between the create and the
-- automatic handoff of its INSERT (DESIGN 5.1: from the event that entered
-- the stage to the event that left it).
-------------------------------------------------------------------------------
SELECT s.lead_key, s.cycle, s.stage, s.team, s.temperature AS temp, c.name AS cal, s.entered_at, s.entered_on,
	   s.month, s.left_at, s.next_stage, s.exit_kind, s.reason,
	   CASE WHEN s.left_at IS NOT NULL THEN s.business_hours END AS hours,
	   CASE WHEN s.left_at IS NULL THEN s.business_hours = lead_align.business_hours(s.entered_at, now(), c.calendar) END AS to_now
  FROM lead_align.stage_spans s LEFT JOIN cal c ON c.calendar = s.calendar
 WHERE s.track = 'kn.leads' AND s.lead_key NOT IN ('D1', 'D2')
 ORDER BY s.lead_key, s.entered_at, s.entered_id;

-- Then the SLAs of each stay: first touch, business hours to it, the due
-- times and both states (NULL: no SLA of that kind).
SELECT lead_key, cycle, stage, touched_at, hours_to_touch, due_at, touch_due_at, exit_sla, touch_sla
  FROM lead_align.stage_spans
 WHERE track = 'kn.leads' AND lead_key NOT IN ('D1', 'D2')
 ORDER BY lead_key, entered_at, entered_id;

-- The two INSERTs that write two rows for a lead with no lead_current row
-- yet: N04's (create, automatic handoff) records the new stay the handoff
-- ends, and Q03's (create, touch) keeps the stay the create began, with its
-- due times.  (Until the trigger saw a stay begun by an earlier row of the
-- same change, the first went unrecorded and the second began again at the
-- touch, with no SLA.)
SELECT (SELECT count(*) FROM lead_align.stage_spans WHERE lead_key = 'N04' AND stage = 'new') AS n04_new_stays,
	   h.kind AS q03_mql_stay_begins_at, s.due_at AS q03_due_at, s.touch_due_at AS q03_touch_due_at
  FROM lead_align.stage_spans s JOIN lead_align.handoff h ON h.id = s.entered_id
 WHERE s.lead_key = 'Q03' AND s.stage = 'mql';

-- D1 and D2, the deleted leads: what is now's is checked against the clock
-- read around their statements.  A closed stay's hours are its whole
-- business seconds (as the ledger keeps them) in hours, and a delete's time
-- has microseconds: hours_to_delete compares the seconds with
-- business_elapsed() to the delete, truncated, and the hours with them.
SELECT s.lead_key, s.cycle, s.stage, s.team, s.temperature AS temp, c.name AS cal, s.entered_at, s.entered_on,
	   s.month, s.next_stage, s.exit_kind, s.reason, s.touched_at, s.hours_to_touch, s.due_at, s.touch_due_at,
	   s.exit_sla, s.touch_sla,
	   s.left_at BETWEEN :'d1_before' AND :'d1_after' AS left_at_delete,
	   s.business_seconds = floor(extract(epoch FROM lead_align.business_elapsed(s.entered_at, s.left_at, c.calendar)))
	   AND s.business_hours = round(s.business_seconds / 3600.0, 6) AS hours_to_delete
  FROM lead_align.stage_spans s LEFT JOIN cal c ON c.calendar = s.calendar
 WHERE s.lead_key = 'D1';
SELECT s.lead_key, s.cycle, s.stage, s.team, s.temperature AS temp, c.name AS cal, s.next_stage, s.exit_kind,
	   s.reason, s.touched_at, s.hours_to_touch, s.exit_sla, s.touch_sla,
	   :'d2_before' <= s.entered_at AND s.entered_at <= s.left_at AND s.left_at <= :'d2_after' AS entered_and_left_now,
	   s.entered_on = (s.entered_at AT TIME ZONE 'Europe/Berlin')::date
	   AND s.month = date_trunc('month', s.entered_on::timestamp)::date AS local_dates,
	   s.due_at = lead_align.business_add(s.entered_at, '8 business hours', c.calendar)
	   AND s.touch_due_at = lead_align.business_add(s.entered_at, '2 business hours', c.calendar) AS due_times,
	   s.left_at < s.touch_due_at AND s.touch_due_at < s.due_at AS deleted_before_both,
	   s.business_seconds = floor(extract(epoch FROM lead_align.business_elapsed(s.entered_at, s.left_at, c.calendar)))
	   AND s.business_hours = round(s.business_seconds / 3600.0, 6) AS hours_to_delete
  FROM lead_align.stage_spans s LEFT JOIN cal c ON c.calendar = s.calendar
 WHERE s.lead_key = 'D2';

-------------------------------------------------------------------------------
-- sla_compliance, January and February, worked out from the stays above.
-- Hours handled (exit: to the end of the stay; touch: to the first touch,
-- else to the end), sorted; percentile_cont(p) over n values is at position
-- p * (n - 1), interpolated.  pct_met = 100 * met / (met + breached +
-- overdue).
--  Jan new cold exit:   N01 met 8, N03 met 4.5, P02 breached 9: 66.67;
--                       [4.5 8 9]: p50 8, p90 at 1.8: 8 + 0.8 * 1 = 8.8.
--  Jan new warm exit:   N02 breached 9: 0.00, 9, 9.
--  Jan new hot exit:    N04 met 0: 100.00, 0, 0.
--  Jan mql cold exit:   N01 met 7, M13 breached 8.5, M07 overdue: 33.33;
--                       [7 8.5]: p50 7.75, p90 7 + 0.9 * 1.5 = 8.35.
--  Jan mql cold touch:  N01 met 0, M13 met 1.25, M07 overdue: 66.67;
--                       [0 1.25]: p50 0.625, p90 1.125.
--  Jan mql warm exit:   met M03 3, M05 1.5, M06 3, M11 4, M14 7 (cycle 1),
--                       M14 7 (cycle 2), P01 7.5; breached M04 9, Q03 9;
--                       overdue M08, P02: handled 9, 63.64 = 100 * 7 / 11;
--                       [1.5 3 3 4 7 7 7.5 9 9]: p50 at 4: 7, p90 at 7.2: 9.
--  Jan mql warm touch:  met M03 1.75, M05 1.5 (by leaving), M14 1 (cycle
--                       2), P01 1, Q03 0; breached M04 8.5, M06 3 (by leaving),
--                       M08 2, M11 2.5, M14 7 (cycle 1, by leaving), P02 7.5:
--                       handled 11, 45.45 = 100 * 5 / 11; [0 1 1 1.5 1.75 2
--                       2.5 3 7 7.5 8.5]: p50 at 5: 2, p90 at 9: 7.5.
--  Jan mql hot exit:    met M01 2.5, M02 3.5 (cycle 1), M10 4; breached N04
--                       4.5; overdue M02 (cycle 2), M09: 50.00; [2.5 3.5 4
--                       4.5]: p50 3.75, p90 at 2.7: 4 + 0.7 * 0.5 = 4.35.
--  Jan mql hot touch:   met M01 0.5, M02 1 (cycle 2), M09 0.25, M10 1;
--                       breached M02 2.5 (cycle 1), N04 4.5 (by leaving):
--                       66.67; [0.25 0.5 1 1 2.5 4.5]: p50 at 2.5: 1, p90 at
--                       4.5: 2.5 + 0.5 * 2 = 3.5.
--  Jan sal cold exit:   N01 breached 16.5: 0.00, 16.5, 16.5.
--  Jan sal warm exit:   met M05 16, Q02 16; overdue P01, Q03: 50.00, 16, 16.
--  Jan sal hot exit:    met M01 15, N04 15.5; breached M02 22.5; overdue M10:
--                       50.00; [15 15.5 22.5]: p50 15.5, p90 at 1.8: 15.5 +
--                       0.8 * 7 = 21.1.
--  Feb mql warm exit:   M12 met 1: 100.00, 1, 1; touch: M12 met by leaving,
--                       1: the same.
--  Feb mql hot exit:    D1 breached (deleted after its due time), its hours
--                       to the delete; touch: the same (never touched).
--  Feb sal warm exit:   M11 breached 23, M12 overdue: 0.00, 23, 23.
-- nurture, sql, opportunity and the end stages have no SLA: no rows.  D1's
-- hours run to now, so its group is shown apart.
-------------------------------------------------------------------------------
SELECT month, stage, team, temperature AS temp, sla_kind, handled, met, breached, open, overdue, pct_met,
	   p50_hours, p90_hours
  FROM lead_align.sla_compliance
 WHERE track = 'kn.leads' AND month IN ('2026-01-01', '2026-02-01')
   AND NOT (month = '2026-02-01' AND stage = 'mql' AND temperature = 'hot')
 ORDER BY month, stage, temperature, sla_kind;
SELECT a.month, a.stage, a.team, a.temperature AS temp, a.sla_kind, a.handled, a.met, a.breached, a.open,
	   a.overdue, a.pct_met, a.p50_hours = s.business_hours AND a.p90_hours = s.business_hours AS d1_hours
  FROM lead_align.sla_compliance a, lead_align.stage_spans s
 WHERE a.track = 'kn.leads' AND a.month = '2026-02-01' AND a.stage = 'mql' AND a.temperature = 'hot'
   AND s.lead_key = 'D1'
 ORDER BY a.sla_kind;
-- D2 was void on both counts: its month has no row, nor has any other
SELECT count(*) AS rows_of_other_months FROM lead_align.sla_compliance
 WHERE track = 'kn.leads' AND month NOT IN ('2026-01-01', '2026-02-01');

-------------------------------------------------------------------------------
-- lead_state, every current lead: D1 and D2 are deleted, so not current.
-- Worked out from the stays above: the current stay is each lead's last
-- one; owner and temperature are the lead's now (M07 was reassigned to ben;
-- M09 cooled to warm, its stay stays hot); due times and first touch are the
-- current stay's; overdue: an exit due time passed (every one has: they are
-- in January and February 2026); touch_overdue: a touch due time passed and
-- the stay was never touched (only M07); last_event_at: the lead's latest
-- event (M07's reassign, M09's cooling, M02/M08/P02's touch).
--  M01 sql 1 Jan 8 11:00, no SLA          M02 mql 2 Jan 19 16:00, touched: overdue
--  M03 nurture 2 Jan 12 11:00             M04 nurture 2 Jan 8 10:00
--  M05 won 1 Jan 16 12:00                 M06 lost 1 Jan 19 10:00
--  M07 mql 1 Jan 13 10:00: overdue, touch overdue
--  M08 mql 1 Jan 14 15:00, touched: overdue
--  M09 mql 1 Jan 15 16:30, touched: overdue
--  M10 sal 1 Jan 16 13:00: overdue (Tue 20 13:00)
--  M11 disqualified 1 Feb 5 10:00         M12 sal 1 Feb 2 10:00: overdue (Wed 4 Feb 10:00)
--  M13 nurture 2 Feb 3 09:30              M14 sql 2 Jan 23 15:00
--  N01 sql 1 Jan 9 16:30                  N02 nurture 1 Jan 12 21:00
--  N03 disqualified 1 Jan 14 22:30        N04 nurture 2 Jan 21 15:00
--  P01 sal 1 Jan 6 17:30: overdue (Thu 8 17:30)
--  P02 mql 1 Jan 13 11:00, touched: overdue
--  Q01 nurture 1 Jan 26 12:00             Q02 sql 1 Feb 4 09:00
--  Q03 sal 1 Jan 22 12:00: overdue (Mon 26 12:00)
-------------------------------------------------------------------------------
SELECT lead_key, stage, cycle, since, since_on, owner, temperature AS temp, due_at, touch_due_at, touched_at,
	   overdue, touch_overdue, last_event_at
  FROM lead_align.lead_state WHERE track = 'kn.leads' ORDER BY lead_key;

\c contrib_regression
SET client_min_messages = warning;
DROP DATABASE lead_align_known;
RESET client_min_messages;
