-- test/demo/crm.sql -- the demo CRM: six months of synthetic inbound leads,
-- tracked by lead_align, worked by a marketing team and two sales offices.
--
-- Written for lead_align: every row is generated here (no data set is
-- copied).  Deterministic: every random draw is a hash of (lead, cycle, what
-- is drawn) and the seed, so the same seed and the same end time give the same
-- CRM.  psql variables (all optional):
--   seed   the seed (default 42)
--   leads  about how many leads arrive (default 50000)
--   as_of  when the six months end (default: now, to the minute); events are
--          never later than this, so the views' "now" sees the end of the story
--
-- How it runs: the leads are drawn first (demo_gen.arrival: when, from where,
-- what they did, and a hidden fit and intent that only the outcomes see).
-- Then the six months are replayed week by week, in time order, through the
-- triggers: each week its arrivals are inserted (set-based, INSERT ... SELECT),
-- then marketing and sales work their queues, each kind of work one set-based
-- UPDATE ... FROM of the leads whose next event falls in the week.  A lead's
-- next event is drawn from its stay as lead_align.lead_state shows it, the
-- view a team would look at, in business time in the stay's calendar.
-- Nothing here writes lead_align's tables: the triggers do.

\if :{?seed} \else \set seed 42 \endif
\if :{?leads} \else \set leads 50000 \endif
\if :{?as_of} \else \set as_of '' \endif

\o /dev/null
SET client_min_messages = warning;
-- many short statements whose cost estimates are too high for their size: JIT
-- would compile each one and take most of the time
SET jit = off;
CREATE SCHEMA demo_gen;
COMMENT ON SCHEMA demo_gen IS 'the demo''s generator: parameters, random draws, holidays, the drawn leads and the replay';

CREATE TABLE demo_gen.param AS
SELECT COALESCE(NULLIF(:'as_of', '')::timestamptz, date_trunc('minute', now())) AS as_of,
	   :seed::bigint AS seed, :leads::integer AS leads;
ALTER TABLE demo_gen.param ADD COLUMN start timestamptz, ADD COLUMN weeks integer;
-- six months back, from a Monday midnight in Berlin
UPDATE demo_gen.param SET
	start = (date_trunc('week', (as_of AT TIME ZONE 'Europe/Berlin') - interval '6 months'))
			AT TIME ZONE 'Europe/Berlin';
UPDATE demo_gen.param SET weeks = ceil(extract(epoch FROM as_of - start) / (7 * 86400))::integer;

-- Uniform draw in [0, 1) for key k (lead, or lead and cycle) and what is
-- drawn (salt, < 64), from the seed.
SELECT format($f$CREATE FUNCTION demo_gen.u(k bigint, salt integer) RETURNS float8
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN (hashint8extended(k * 64 + salt, %s) & 9007199254740991)::float8 / 9007199254740992.0$f$, :seed) \gexec
-- standard normal (Box-Muller over two draws)
CREATE FUNCTION demo_gen.z(k bigint, salt integer) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN sqrt(-2 * ln(1 - demo_gen.u(k, salt))) * cos(2 * pi() * demo_gen.u(k, salt + 1));
-- lower bounds of the buckets of weights w (for width_bucket), normalized to [0, 1)
CREATE FUNCTION demo_gen.cum(w float8[]) RETURNS float8[] LANGUAGE sql IMMUTABLE
	RETURN ARRAY(SELECT coalesce(sum(x) OVER (ORDER BY i ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
						/ sum(x) OVER () FROM unnest(w) WITH ORDINALITY t(x, i) ORDER BY i);
-- the item of items that draw u falls on, with the bucket bounds cum(weights)
CREATE FUNCTION demo_gen.pick(u float8, items text[], bounds float8[]) RETURNS text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN items[width_bucket(u, bounds)];
-- a business duration of m minutes
CREATE FUNCTION demo_gen.bmin(m float8) RETURNS lead_align.sla_window LANGUAGE sql IMMUTABLE
	RETURN (greatest(round(m), 1) || ' business minutes')::lead_align.sla_window;

-------------------------------------------------------------------------------
-- Holidays, computed for the years the demo spans (and the next), so the demo
-- runs on any date: Berlin's (with Easter and International Women's Day,
-- a Berlin holiday since 2019; Christmas Eve and New Year's Eve are half
-- days for sales and off for marketing) and New York's (the federal
-- holidays a New York office closes on, moved to the Friday or Monday when
-- they fall on a weekend, and the day after Thanksgiving).
-------------------------------------------------------------------------------
CREATE FUNCTION demo_gen.easter(y integer) RETURNS date LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE	-- the anonymous Gregorian algorithm (Meeus/Jones/Butcher)
	a int := y % 19; b int := y / 100; c int := y % 100; d int := b / 4; e int := b % 4;
	f int := (b + 8) / 25; g int := (b - f + 1) / 3; h int := (19 * a + b - d - g + 15) % 30;
	i int := c / 4; k int := c % 4; l int := (32 + 2 * e + 2 * i - h - k) % 7;
	m int := (a + 11 * h + 22 * l) / 451;
BEGIN
	RETURN make_date(y, (h + l - 7 * m + 114) / 31, (h + l - 7 * m + 114) % 31 + 1);
END $$;
-- the n-th (n < 0: last) weekday dow (1 = Monday) of a month
CREATE FUNCTION demo_gen.nth(y integer, mon integer, dow integer, n integer) RETURNS date LANGUAGE sql IMMUTABLE
	RETURN CASE WHEN n > 0
		THEN make_date(y, mon, 1) + ((dow - extract(isodow FROM make_date(y, mon, 1))::int + 7) % 7) + 7 * (n - 1)
		ELSE (make_date(y, mon, 1) + interval '1 month')::date - 1
			 - ((extract(isodow FROM (make_date(y, mon, 1) + interval '1 month')::date - 1)::int - dow + 7) % 7) END;
-- a fixed-date US holiday on a weekend is observed on the Friday before or the Monday after
CREATE FUNCTION demo_gen.observed(d date) RETURNS date LANGUAGE sql IMMUTABLE
	RETURN CASE extract(isodow FROM d) WHEN 6 THEN d - 1 WHEN 7 THEN d + 1 ELSE d END;
CREATE TABLE demo_gen.holiday (office text, day date, hours text, name text);
INSERT INTO demo_gen.holiday
SELECT 'Berlin', x.day, x.hours, x.name
  FROM demo_gen.param p,
	   generate_series(extract(year FROM p.start)::int, extract(year FROM p.as_of)::int + 1) y,
	   LATERAL (VALUES (make_date(y, 1, 1), 'off', 'Neujahr'), (make_date(y, 3, 8), 'off', 'Frauentag'),
					   (demo_gen.easter(y) - 2, 'off', 'Karfreitag'), (demo_gen.easter(y) + 1, 'off', 'Ostermontag'),
					   (make_date(y, 5, 1), 'off', 'Tag der Arbeit'), (demo_gen.easter(y) + 39, 'off', 'Himmelfahrt'),
					   (demo_gen.easter(y) + 50, 'off', 'Pfingstmontag'), (make_date(y, 10, 3), 'off', 'Tag der Einheit'),
					   (make_date(y, 12, 24), '09:00-12:00', 'Heiligabend'), (make_date(y, 12, 25), 'off', 'Weihnachten'),
					   (make_date(y, 12, 26), 'off', 'Zweiter Weihnachtstag'), (make_date(y, 12, 31), '09:00-12:00', 'Silvester')) x(day, hours, name)
UNION ALL
SELECT 'New York', x.day, x.hours, x.name
  FROM demo_gen.param p,
	   generate_series(extract(year FROM p.start)::int, extract(year FROM p.as_of)::int + 1) y,
	   LATERAL (VALUES (demo_gen.observed(make_date(y, 1, 1)), 'off', 'New Year''s Day'),
					   (demo_gen.nth(y, 1, 1, 3), 'off', 'Martin Luther King Jr. Day'),
					   (demo_gen.nth(y, 2, 1, 3), 'off', 'Presidents'' Day'),
					   (demo_gen.nth(y, 5, 1, -1), 'off', 'Memorial Day'),
					   (demo_gen.observed(make_date(y, 6, 19)), 'off', 'Juneteenth'),
					   (demo_gen.observed(make_date(y, 7, 4)), 'off', 'Independence Day'),
					   (demo_gen.nth(y, 9, 1, 1), 'off', 'Labor Day'),
					   (demo_gen.nth(y, 11, 4, 4), 'off', 'Thanksgiving'),
					   (demo_gen.nth(y, 11, 4, 4) + 1, '09:00-13:00', 'Day after Thanksgiving'),
					   (make_date(y, 12, 24), '09:00-13:00', 'Christmas Eve'),
					   (demo_gen.observed(make_date(y, 12, 25)), 'off', 'Christmas Day')) x(day, hours, name);
-- a half day on a weekend is no working day, and one that is a holiday
-- (Christmas observed on the 24th) is a holiday
DELETE FROM demo_gen.holiday h WHERE hours <> 'off'
   AND (extract(isodow FROM day) > 5
		OR EXISTS (SELECT FROM demo_gen.holiday o WHERE o.office = h.office AND o.day = h.day AND o.hours = 'off'));

-- The three calendars: marketing in Berlin, sales in Berlin and in New York.
CREATE TABLE demo_gen.calendar (name text PRIMARY KEY, cal lead_align.business_calendar);
INSERT INTO demo_gen.calendar VALUES
	('marketing', lead_align.calendar('Mo-Fr 09:00-17:00', 'Europe/Berlin',
		(SELECT array_agg(day ORDER BY day) FROM demo_gen.holiday WHERE office = 'Berlin'))),
	('Berlin', lead_align.calendar('Mo-Fr 08:30-12:30,13:30-18:00', 'Europe/Berlin',
		(SELECT array_agg(day ORDER BY day) FROM demo_gen.holiday WHERE office = 'Berlin' AND hours = 'off'),
		(SELECT jsonb_object_agg(day, hours) FROM demo_gen.holiday WHERE office = 'Berlin' AND hours <> 'off'))),
	('New York', lead_align.calendar('Mo-Fr 09:00-18:00', 'America/New_York',
		(SELECT array_agg(day ORDER BY day) FROM demo_gen.holiday WHERE office = 'New York' AND hours = 'off'),
		(SELECT jsonb_object_agg(day, hours) FROM demo_gen.holiday WHERE office = 'New York' AND hours <> 'off')));

-------------------------------------------------------------------------------
-- The CRM: a Salesforce-style lead table.  Every lead gets an owner by
-- territory when it arrives (US and Canada: New York, the rest: Berlin).
-- office_hours is the lead's own calendar while sales owns it (its owner's
-- office); while it is marketing's (New, Nurturing) it is NULL, so the
-- marketing team's calendar applies.
-------------------------------------------------------------------------------
CREATE SCHEMA crm;
SELECT format($f$CREATE TABLE crm.leads (
	id                bigint PRIMARY KEY,
	created_at        timestamptz NOT NULL,
	status            text NOT NULL DEFAULT 'New',
	rating            text,
	fit_score         integer,
	interest_score    integer,
	owner             text,
	office            text,
	office_hours      lead_align.business_calendar GENERATED ALWAYS AS (
		CASE WHEN status IN ('Open - Not Contacted', 'Working - Contacted', 'Qualified', 'Opportunity') THEN
			CASE office WHEN 'Berlin' THEN %L::lead_align.business_calendar
						WHEN 'New York' THEN %L::lead_align.business_calendar END END) STORED,
	last_contacted_at timestamptz,
	updated_at        timestamptz NOT NULL,
	status_reason     text,
	source            text,
	campaign          text,
	country           text,
	industry          text,
	employees         integer,
	company_size      text,
	visits            integer NOT NULL DEFAULT 0,
	demo_requested    boolean NOT NULL DEFAULT false,
	decision_date     date)$f$,
	(SELECT cal FROM demo_gen.calendar WHERE name = 'Berlin'),
	(SELECT cal FROM demo_gen.calendar WHERE name = 'New York')) \gexec
COMMENT ON TABLE crm.leads IS 'the demo CRM''s leads (synthetic, written by test/demo/crm.sql)';

SELECT lead_align.track('crm.leads',
	key => 'id', stage => 'status', temperature => 'rating',
	fit => 'fit_score', interest => 'interest_score', owner => 'owner',
	touch => 'last_contacted_at', event_time => 'updated_at', reason => 'status_reason',
	calendar_column => 'office_hours',
	dimensions => ARRAY['source', 'campaign', 'country', 'industry', 'company_size'],
	calendar => (SELECT cal FROM demo_gen.calendar WHERE name = 'Berlin'),
	handoff_temperature => 'hot', fit_threshold => 50, interest_threshold => 40);
SELECT lead_align.team_calendar('crm.leads', 'marketing', (SELECT cal FROM demo_gen.calendar WHERE name = 'marketing'));
SELECT lead_align.map_stage('crm.leads', l, s::lead_align.lead_stage)
  FROM (VALUES ('New', 'new'), ('Nurturing', 'nurture'), ('Open - Not Contacted', 'mql'),
			   ('Working - Contacted', 'sal'), ('Qualified', 'sql'), ('Opportunity', 'opportunity'),
			   ('Closed Won', 'won'), ('Closed Lost', 'lost'), ('Disqualified', 'disqualified')) v(l, s);

-- Variant A: objective criteria only (who the lead is, what it said and
-- did), never a rep's opinion.  A lead that fits and is buying within three
-- months or asked for a demo is hot and goes to sales at once
-- (handoff_temperature); a warm one that fits is handed over by marketing
-- when it reviews the lead; the rest is nurtured.
SELECT lead_align.add_score('crm.leads', 'fit', $$industry IN ('saas', 'fintech', 'ecommerce')$$, 30, 'target industry');
SELECT lead_align.add_score('crm.leads', 'fit', $$employees BETWEEN 50 AND 4999$$, 30, 'mid-market');
SELECT lead_align.add_score('crm.leads', 'fit', $$country IN ('DE', 'AT', 'CH', 'UK', 'NL', 'US', 'CA')$$, 20, 'served market');
SELECT lead_align.add_score('crm.leads', 'interest', $$demo_requested$$, 40, 'asked for a demo');
SELECT lead_align.add_score('crm.leads', 'interest', $$visits >= 4$$, 20, 'came back');
SELECT lead_align.add_score('crm.leads', 'interest', $$decision_date IS NOT NULL$$, 20, 'named a decision date');
SELECT lead_align.add_rule('crm.leads', 'hot', $$decision_date <= (updated_at AT TIME ZONE 'Europe/Berlin')::date + 90 AND fit >= 50$$,
						   'fits, buying within three months', name => 'decision_90d');
SELECT lead_align.add_rule('crm.leads', 'hot', $$demo_requested AND fit >= 50$$,
						   'asked for a demo and fits', name => 'demo_fit');
SELECT lead_align.add_rule('crm.leads', 'warm', $$decision_date <= (updated_at AT TIME ZONE 'Europe/Berlin')::date + 365$$,
						   'buying within a year', name => 'decision_12m');
SELECT lead_align.add_rule('crm.leads', 'warm', $$demo_requested OR visits >= 4$$,
						   'active interest', name => 'active_interest');

-- The agreement's clocks.  Marketing reviews a new inquiry within two
-- business days; sales touches a hot MQL within four business hours and a
-- warm one within a business day, and accepts or rejects it within one
-- (hot) or two business days; an accepted lead is qualified or recycled
-- within five business days, a qualified one becomes an opportunity (or is
-- lost or recycled) within ten.
SELECT lead_align.sla('crm.leads', 'new', NULL, '2 business days');
SELECT lead_align.sla('crm.leads', 'mql', 'hot', '4 business hours', 'touch');
SELECT lead_align.sla('crm.leads', 'mql', 'warm', '1 business day', 'touch');
SELECT lead_align.sla('crm.leads', 'mql', 'hot', '1 business day');
SELECT lead_align.sla('crm.leads', 'mql', NULL, '2 business days');
SELECT lead_align.sla('crm.leads', 'sal', NULL, '5 business days');
SELECT lead_align.sla('crm.leads', 'sql', NULL, '10 business days');

-------------------------------------------------------------------------------
-- Who is who.  Berlin sales has seven reps, New York four (busier); each rep
-- has a usual speed (median business minutes to a first touch) and a week
-- of holiday without cover (its week number, from the start), when its
-- leads wait.  Kevin in New York is off in the last days: his MQLs of the
-- last days are the ones overdue now.
-------------------------------------------------------------------------------
CREATE TABLE demo_gen.rep (name text PRIMARY KEY, office text, n integer, speed float8, away_week integer);
INSERT INTO demo_gen.rep VALUES
	('anna.schmidt', 'Berlin', 0, 35, 6), ('ben.keller', 'Berlin', 1, 55, 9), ('clara.wolf', 'Berlin', 2, 30, 12),
	('david.nowak', 'Berlin', 3, 100, 14), ('elif.yilmaz', 'Berlin', 4, 50, 17), ('felix.braun', 'Berlin', 5, 170, 20),
	('greta.lang', 'Berlin', 6, 60, 23),
	('hannah.reed', 'New York', 0, 45, 5), ('isaac.cole', 'New York', 1, 80, 10), ('julia.park', 'New York', 2, 60, 16),
	('kevin.ortiz', 'New York', 3, 190, -1);

CREATE TABLE demo_gen.country (code text, zone text PRIMARY KEY, office text, weight float8, q float8);
INSERT INTO demo_gen.country VALUES
	('DE', 'Europe/Berlin', 'Berlin', 26, 0.05), ('AT', 'Europe/Vienna', 'Berlin', 5, 0.05),
	('CH', 'Europe/Zurich', 'Berlin', 5, 0.06), ('UK', 'Europe/London', 'Berlin', 9, 0.02),
	('NL', 'Europe/Amsterdam', 'Berlin', 5, 0.02), ('FR', 'Europe/Paris', 'Berlin', 6, -0.04),
	('ES', 'Europe/Madrid', 'Berlin', 3, -0.06), ('IT', 'Europe/Rome', 'Berlin', 3, -0.06),
	('PL', 'Europe/Warsaw', 'Berlin', 3, -0.04), ('SE', 'Europe/Stockholm', 'Berlin', 2, 0.0),
	('IN', 'Asia/Kolkata', 'Berlin', 3, -0.18),
	('US', 'America/New_York', 'New York', 15, 0.03), ('US', 'America/Chicago', 'New York', 5, 0.03),
	('US', 'America/Los_Angeles', 'New York', 5, 0.03), ('CA', 'America/Toronto', 'New York', 4, 0.0),
	('BR', 'America/Sao_Paulo', 'New York', 1, -0.15);
-- The campaigns: their share of the inquiries and the real quality of what
-- they bring, which nobody sees: fit (is it a customer profile) and intent
-- (is there a project now).  The e-book giveaway's form had the demo box
-- ticked by default and its ads retarget heavily, so its leads look keen
-- and are not.
CREATE TABLE demo_gen.campaign (campaign text PRIMARY KEY, source text, weight float8, q float8, intent float8);
INSERT INTO demo_gen.campaign VALUES
	('brand_terms', 'paid_search', 8, 0.64, 0.60), ('generic_terms', 'paid_search', 14, 0.42, 0.35),
	('seo_content', 'organic_search', 22, 0.50, 0.35), ('ebook_giveaway', 'paid_social', 13, 0.15, 0.10),
	('retargeting', 'paid_social', 6, 0.40, 0.30), ('direct', 'direct', 10, 0.52, 0.45),
	('partner_program', 'referral', 8, 0.74, 0.60), ('webinar_series', 'webinar', 11, 0.47, 0.35),
	('g2_profile', 'review_site', 8, 0.58, 0.55);
CREATE TABLE demo_gen.industry (industry text PRIMARY KEY, weight float8, q float8);
INSERT INTO demo_gen.industry VALUES
	('saas', 22, 0.10), ('fintech', 10, 0.08), ('ecommerce', 14, 0.05), ('manufacturing', 16, 0.0),
	('healthcare', 10, -0.02), ('logistics', 9, 0.0), ('education', 9, -0.12),
	('public_sector', 5, -0.10), ('agency', 5, -0.08);

-------------------------------------------------------------------------------
-- The arrivals.  A day's share follows the weekday (Tuesday busiest, weekends
-- a quarter), the season (quiet around Christmas and in August) and growth
-- (a third more at the end than at the start); the hour follows the lead's
-- own time zone (office hours, a lunch dip, some at night).  One trade fair,
-- nine weeks before the end: its badge scans are imported in one go on the
-- Monday after, at 08:00 Berlin time, a burst that sales must absorb.
-------------------------------------------------------------------------------
CREATE TABLE demo_gen.day AS
SELECT d::date AS day,
	   (ARRAY[1.1, 1.2, 1.15, 1.05, 0.85, 0.28, 0.25])[extract(isodow FROM d)]
	   * CASE WHEN to_char(d, 'MM-DD') BETWEEN '12-22' AND '12-31' OR to_char(d, 'MM-DD') < '01-03' THEN 0.35
			  WHEN extract(month FROM d) = 8 THEN 0.8 ELSE 1 END
	   * (1 + 0.35 * extract(epoch FROM d - p.start) / extract(epoch FROM p.as_of - p.start)) AS weight
  FROM demo_gen.param p,
	   generate_series((p.start AT TIME ZONE 'Europe/Berlin')::date, (p.as_of AT TIME ZONE 'Europe/Berlin')::date, '1 day') d;

CREATE TABLE demo_gen.arrival AS
WITH b AS (
	SELECT (SELECT array_agg(day ORDER BY day) FROM demo_gen.day) AS days,
		   (SELECT demo_gen.cum(array_agg(weight ORDER BY day)) FROM demo_gen.day) AS day_b,
		   (SELECT array_agg(zone ORDER BY zone) FROM demo_gen.country) AS zones,
		   (SELECT demo_gen.cum(array_agg(weight ORDER BY zone)) FROM demo_gen.country) AS zone_b,
		   (SELECT array_agg(campaign ORDER BY campaign) FROM demo_gen.campaign) AS campaigns,
		   (SELECT demo_gen.cum(array_agg(weight ORDER BY campaign)) FROM demo_gen.campaign) AS campaign_b,
		   (SELECT array_agg(industry ORDER BY industry) FROM demo_gen.industry) AS industries,
		   (SELECT demo_gen.cum(array_agg(weight ORDER BY industry)) FROM demo_gen.industry) AS industry_b,
		   demo_gen.cum(ARRAY[0.3, 0.2, 0.15, 0.15, 0.2, 0.4, 0.9, 2.2, 3.6, 4.2, 4.4, 3.8, 2.6, 3.2,
							  3.9, 3.8, 3.3, 2.6, 1.8, 1.4, 1.2, 1.0, 0.7, 0.5]) AS hour_weekday,
		   demo_gen.cum(ARRAY[0.4, 0.3, 0.2, 0.2, 0.2, 0.3, 0.5, 0.8, 1.2, 1.6, 1.9, 2.0, 1.9, 1.9,
							  1.9, 1.8, 1.7, 1.6, 1.6, 1.6, 1.5, 1.2, 0.9, 0.6]) AS hour_weekend
), drawn AS (
	SELECT i, p.as_of,
		   b.days[width_bucket(demo_gen.u(i, 1), b.day_b)] AS day,
		   demo_gen.pick(demo_gen.u(i, 2), b.zones, b.zone_b) AS zone,
		   demo_gen.pick(demo_gen.u(i, 5), b.campaigns, b.campaign_b) AS campaign,
		   demo_gen.pick(demo_gen.u(i, 6), b.industries, b.industry_b) AS industry,
		   greatest(1, round(exp(ln(60) + 1.7 * demo_gen.z(i, 7))))::int AS employees,
		   b.hour_weekday, b.hour_weekend
	  FROM demo_gen.param p, b, generate_series(1, p.leads) i
	UNION ALL
	-- the trade fair's badge scans
	SELECT i, p.as_of,
		   NULL, demo_gen.pick(demo_gen.u(i, 2), ARRAY['Europe/Berlin', 'Europe/Vienna', 'Europe/Zurich', 'Europe/Amsterdam',
														   'Europe/London', 'America/New_York'],
							   demo_gen.cum(ARRAY[60, 10, 10, 6, 6, 8])),
		   'expo_berlin', demo_gen.pick(demo_gen.u(i, 6), b.industries, b.industry_b),
		   greatest(1, round(exp(ln(120) + 1.5 * demo_gen.z(i, 7))))::int, NULL, NULL
	  FROM demo_gen.param p, b, generate_series(p.leads + 1, p.leads + p.leads / 35) i
), placed AS (
	SELECT d.*, c.code, c.office, c.q AS country_q,
		   CASE WHEN d.campaign = 'expo_berlin'
				THEN (date_trunc('week', (p.as_of - interval '9 weeks') AT TIME ZONE 'Europe/Berlin') + interval '8 hours')
					 AT TIME ZONE 'Europe/Berlin'
				ELSE (d.day + make_interval(hours => width_bucket(demo_gen.u(d.i, 3),
							CASE WHEN extract(isodow FROM d.day) > 5 THEN d.hour_weekend ELSE d.hour_weekday END) - 1,
						mins => floor(demo_gen.u(d.i, 4) * 60)::int, secs => floor(demo_gen.u(d.i, 0) * 60)::int))
					 AT TIME ZONE c.zone END AS created_at
	  FROM drawn d JOIN demo_gen.country c ON c.zone = d.zone, demo_gen.param p
), q AS (
	SELECT pl.*, coalesce(cp.source, 'event') AS source,
		   CASE WHEN pl.employees < 10 THEN '1-9' WHEN pl.employees < 50 THEN '10-49' WHEN pl.employees < 250 THEN '50-249'
				WHEN pl.employees < 1000 THEN '250-999' WHEN pl.employees < 5000 THEN '1000-4999' ELSE '5000+' END AS company_size,
		   least(0.97, greatest(0.02,
				coalesce(cp.q, 0.46) + ind.q + pl.country_q
				+ CASE WHEN pl.employees < 10 THEN -0.2 WHEN pl.employees < 50 THEN -0.05
					   WHEN pl.employees < 5000 THEN 0.08 ELSE 0 END
				+ 0.3 * (demo_gen.u(pl.i, 8) - 0.5))) AS q,
		   least(0.97, greatest(0.02, coalesce(cp.intent, 0.4) + 0.5 * (demo_gen.u(pl.i, 14) - 0.5))) AS intent
	  FROM placed pl
	  LEFT JOIN demo_gen.campaign cp ON cp.campaign = pl.campaign
	  JOIN demo_gen.industry ind ON ind.industry = pl.industry
	 WHERE pl.created_at >= (SELECT start FROM demo_gen.param) AND pl.created_at < pl.as_of
)
SELECT row_number() OVER (ORDER BY created_at, i) AS id, i AS draw, created_at, code AS country, zone, office,
	   source, campaign, industry, employees, company_size, q, intent,
	   CASE WHEN campaign = 'ebook_giveaway' THEN demo_gen.u(i, 9) < 0.18
			ELSE demo_gen.u(i, 9) < 0.01 + 0.3 * intent * intent END AS demo_requested,
	   floor(-ln(1 - demo_gen.u(i, 10)) * (0.5 + 5 * intent))::int
		 + CASE WHEN campaign IN ('ebook_giveaway', 'retargeting') THEN 1 + floor(demo_gen.u(i, 11) * 4)::int ELSE 0 END AS visits,
	   CASE WHEN demo_gen.u(i, 12) < 0.03 + 0.5 * intent
			THEN (created_at AT TIME ZONE zone)::date + 14 + floor(demo_gen.u(i, 13) * (60 + 600 * (1 - intent)))::int END AS decision_date
  FROM q;
CREATE INDEX ON demo_gen.arrival (created_at);
CREATE UNIQUE INDEX ON demo_gen.arrival (id);
ANALYZE demo_gen.arrival;

-------------------------------------------------------------------------------
-- The replay.  Each lead has at most one next event on the agenda: when a
-- lead has moved, demo_gen.plan() reads its stay from lead_align.lead_state
-- (stage, cycle, since when, first touch: what the team sees) and draws
-- what happens next and when, in business time in the stay's calendar (the
-- owner's office for sales, marketing's for New and Nurturing).  Draws
-- are keyed by (lead, cycle), so they do not depend on the order of work.
-- demo_gen.work() then takes every event of one kind due before a time off
-- the agenda and makes them with one UPDATE of the CRM table that sets
-- updated_at, the event time the triggers record; the hidden fit (q) and
-- intent decide the outcomes.
-------------------------------------------------------------------------------
ALTER TABLE demo_gen.param ADD COLUMN expo timestamptz, ADD COLUMN track_id integer;
UPDATE demo_gen.param SET expo = (SELECT min(created_at) FROM demo_gen.arrival WHERE campaign = 'expo_berlin'),
						  track_id = (SELECT id FROM lead_align.track WHERE table_name = 'crm.leads');
CREATE TABLE demo_gen.agenda (id bigint PRIMARY KEY, step text NOT NULL, at timestamptz NOT NULL,
							  k bigint NOT NULL, temperature text, touched boolean);
CREATE INDEX ON demo_gen.agenda (step, at);

-- business minutes to sales' first touch of an MQL
CREATE FUNCTION demo_gen.touch_minutes(k bigint, since timestamptz, temperature text, speed float8, away_week integer,
									   p demo_gen.param)
RETURNS float8 LANGUAGE sql IMMUTABLE
RETURN speed * CASE WHEN temperature = 'hot' THEN 1 ELSE 2.6 END * exp(0.8 * demo_gen.z(k, 22))
	   -- the week after the fair's import: three times the queue
	   * CASE WHEN since >= p.expo AND since < p.expo + interval '5 days' THEN 3 ELSE 1 END
	   -- a rep's week off without cover; Kevin is off since three days before the end
	   + CASE WHEN away_week >= 0 AND since >= p.start + away_week * interval '1 week'
				   AND since < p.start + (away_week + 1) * interval '1 week' THEN 2400
			  WHEN away_week < 0 AND since >= p.as_of - interval '3 days' THEN 100000
			  ELSE 0 END;
-- an MQL that sales rejects without touching it (a duplicate, a customer, spam)
CREATE FUNCTION demo_gen.untouched(k bigint, campaign text) RETURNS boolean LANGUAGE sql IMMUTABLE
RETURN demo_gen.u(k, 24) < CASE WHEN campaign = 'ebook_giveaway' THEN 0.3 ELSE 0.08 END;

CREATE FUNCTION demo_gen.plan(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	p demo_gen.param;
BEGIN
	SELECT * INTO p FROM demo_gen.param;
	INSERT INTO demo_gen.agenda (id, step, at, k, temperature, touched)
	SELECT s.id, n.step, greatest(n.at, s.last_at + interval '1 minute'), s.k, s.temperature, s.touched_at IS NOT NULL
	  FROM (SELECT ls.lead_key::bigint AS id, ls.stage, ls.cycle, ls.since, ls.touched_at, ls.last_event_at AS last_at,
				   ls.temperature_text AS temperature, ls.lead_key::bigint * 8 + least(ls.cycle, 7) AS k,
				   c.office_hours AS cal, c.campaign, c.status_reason, c.updated_at, a.q, r.speed, r.away_week
			  FROM lead_align.lead_state ls
			  JOIN crm.leads c ON c.id = ls.lead_key::bigint
			  JOIN demo_gen.arrival a ON a.id = c.id
			  LEFT JOIN demo_gen.rep r ON r.name = ls.owner
			 WHERE ls.track_id = p.track_id AND ls.lead_key = ANY (ids::text[])) s
	 CROSS JOIN LATERAL (
		-- marketing reviews a new inquiry
		SELECT 'review', lead_align.business_add(s.since, demo_gen.bmin(
				   exp(ln(180) + 1.0 * demo_gen.z(s.k, 20))
				   + CASE WHEN s.since >= p.expo AND s.since < p.expo + interval '5 days' THEN 900 ELSE 0 END),
				   (SELECT cal FROM demo_gen.calendar WHERE name = 'marketing'))
		 WHERE s.stage = 'new'
		UNION ALL
		-- sales touches an MQL first
		SELECT 'touch', lead_align.business_add(s.since, demo_gen.bmin(
				   demo_gen.touch_minutes(s.k, s.since, s.temperature, s.speed, s.away_week, p)), s.cal)
		 WHERE s.stage = 'mql' AND s.touched_at IS NULL AND NOT demo_gen.untouched(s.k, s.campaign)
		UNION ALL
		-- and decides: some time after the touch; a few MQLs fall through the cracks for days
		SELECT 'decide', lead_align.business_add(s.since, demo_gen.bmin(
				   demo_gen.touch_minutes(s.k, s.since, s.temperature, s.speed, s.away_week, p)
				   * CASE WHEN s.touched_at IS NULL THEN 1.3 ELSE 1 END
				   + CASE WHEN s.touched_at IS NULL THEN 0 ELSE 120 * exp(1.0 * demo_gen.z(s.k, 25)) END
				   + CASE WHEN demo_gen.u(s.k, 27) < 0.015 THEN 1200 + 3000 * demo_gen.u(s.k, 28) ELSE 0 END), s.cal)
		 WHERE s.stage = 'mql' AND (s.touched_at IS NOT NULL OR demo_gen.untouched(s.k, s.campaign))
		UNION ALL
		-- accepted, qualified, in an opportunity: the next step takes days
		SELECT s.stage::text, lead_align.business_add(s.since, demo_gen.bmin(
				   CASE s.stage WHEN 'sal' THEN 900 WHEN 'sql' THEN 1900 ELSE 8000 END
				   * exp(0.6 * demo_gen.z(s.k, CASE s.stage WHEN 'sal' THEN 32 WHEN 'sql' THEN 46 ELSE 52 END))), s.cal)
		 WHERE s.stage IN ('sal', 'sql', 'opportunity')
		UNION ALL
		-- a nurtured lead may come back, weeks later, once a stay; one
		-- recycled for timing or budget comes back more often
		SELECT 'reengage', lead_align.business_add(s.since + (7 + floor(120 * demo_gen.u(s.k, 41))) * interval '1 day',
				   demo_gen.bmin(480 * demo_gen.u(s.k, 45)), (SELECT cal FROM demo_gen.calendar WHERE name = 'marketing'))
		 WHERE s.stage = 'nurture' AND s.updated_at <= s.since
		   AND demo_gen.u(s.k, 40) < CASE WHEN s.cycle > 1 AND s.status_reason IN ('bad_timing', 'no_budget') THEN 0.15 + 0.4 * s.q
										  ELSE 0.03 + 0.15 * s.q END
	   ) n(step, at);
END $$;

CREATE FUNCTION demo_gen.work(step text, until timestamptz) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
	ids bigint[];
BEGIN
	IF step = 'arrive' THEN
		-- the inquiries of the period, each with an owner by territory
		WITH n AS (
			INSERT INTO crm.leads (id, created_at, owner, office, updated_at, source, campaign, country, industry,
								   employees, company_size, visits, demo_requested, decision_date)
			SELECT a.id, a.created_at, r.name, a.office, a.created_at, a.source, a.campaign, a.country, a.industry,
				   a.employees, a.company_size, a.visits, a.demo_requested, a.decision_date
			  FROM demo_gen.arrival a
			  JOIN demo_gen.rep r ON r.office = a.office AND r.n = a.id % CASE a.office WHEN 'Berlin' THEN 7 ELSE 4 END
			 WHERE a.created_at < until AND a.id > coalesce((SELECT max(id) FROM crm.leads), 0)
			 ORDER BY a.created_at
			RETURNING id)
		SELECT array_agg(id) INTO ids FROM n;

	ELSIF step = 'review' THEN
		-- marketing hands a warm lead that fits to sales, disqualifies junk,
		-- nurtures the rest
		WITH due AS (DELETE FROM demo_gen.agenda g WHERE g.step = work.step AND g.at < until RETURNING g.*),
		m AS (
			UPDATE crm.leads l
			   SET status = CASE WHEN l.rating = 'warm' AND l.fit_score >= 50 THEN 'Open - Not Contacted'
								 WHEN x.junk THEN 'Disqualified' ELSE 'Nurturing' END,
				   status_reason = CASE WHEN x.junk AND NOT (l.rating = 'warm' AND l.fit_score >= 50) THEN 'spam'
										ELSE l.status_reason END,
				   updated_at = x.at
			  FROM (SELECT g.id, g.at, demo_gen.u(g.k, 21) < CASE WHEN c.campaign = 'ebook_giveaway' THEN 0.12 ELSE 0.02 END AS junk
					  FROM due g JOIN crm.leads c ON c.id = g.id) x
			 WHERE l.id = x.id
			RETURNING l.id)
		SELECT array_agg(id) INTO ids FROM m;

	ELSIF step = 'touch' THEN
		WITH due AS (DELETE FROM demo_gen.agenda g WHERE g.step = work.step AND g.at < until RETURNING g.*),
		m AS (
			UPDATE crm.leads l SET last_contacted_at = g.at, updated_at = g.at
			  FROM due g
			 WHERE l.id = g.id
			RETURNING l.id)
		SELECT array_agg(id) INTO ids FROM m;

	ELSIF step = 'decide' THEN
		-- accept (a hot one sometimes straight to Qualified), reject with a
		-- reason, or disqualify
		WITH due AS (DELETE FROM demo_gen.agenda g WHERE g.step = work.step AND g.at < until RETURNING g.*),
		m AS (
			UPDATE crm.leads l
			   SET status = x.status, status_reason = coalesce(x.reason, l.status_reason), updated_at = x.at
			  FROM (SELECT s.id, s.at,
						   CASE WHEN s.o < s.p_disq THEN 'Disqualified'
								WHEN NOT s.touched OR s.o < s.p_disq + s.p_reject THEN 'Nurturing'
								WHEN s.temperature = 'hot' AND demo_gen.u(s.k, 31) < 0.12 THEN 'Qualified'
								ELSE 'Working - Contacted' END AS status,
						   CASE WHEN s.o < s.p_disq
								THEN demo_gen.pick(demo_gen.u(s.k, 30), ARRAY['bad_fit', 'competitor', 'duplicate', 'spam'],
												   demo_gen.cum(CASE WHEN s.bad THEN ARRAY[2, 0.3, 0.5, 5] ELSE ARRAY[5, 1, 1, 0.5] END))
								WHEN NOT s.touched
								THEN demo_gen.pick(demo_gen.u(s.k, 30), ARRAY['duplicate', 'existing_customer', 'spam'],
												   demo_gen.cum(CASE WHEN s.bad THEN ARRAY[2, 0.5, 6] ELSE ARRAY[5, 3, 1] END))
								WHEN s.o < s.p_disq + s.p_reject
								THEN demo_gen.pick(demo_gen.u(s.k, 30),
												   ARRAY['bad_fit', 'wrong_contact', 'spam', 'duplicate', 'existing_customer', 'competitor'],
												   demo_gen.cum(CASE WHEN s.bad THEN ARRAY[2, 4, 4, 1, 0.3, 0.3]
																	 ELSE ARRAY[5, 2, 0.4, 1.5, 1, 0.7] END)) END AS reason
					  FROM (SELECT g.id, g.at, g.k, g.temperature, g.touched, c.campaign = 'ebook_giveaway' AS bad,
								   demo_gen.u(g.k, 29) AS o,
								   0.02 + CASE WHEN c.campaign = 'ebook_giveaway' THEN 0.08 ELSE 0 END AS p_disq,
								   0.04 + 0.55 * (1 - a.q) ^ 2 + CASE WHEN c.campaign = 'ebook_giveaway' THEN 0.15 ELSE 0 END AS p_reject
							  FROM due g JOIN crm.leads c ON c.id = g.id JOIN demo_gen.arrival a ON a.id = g.id) s) x
			 WHERE l.id = x.id
			RETURNING l.id)
		SELECT array_agg(id) INTO ids FROM m;

	ELSIF step IN ('sal', 'sql', 'opportunity') THEN
		-- qualify, win or lose, or recycle to marketing; each move of an
		-- accepted or qualified lead comes with a call (a touch)
		WITH due AS (DELETE FROM demo_gen.agenda g WHERE g.step = work.step AND g.at < until RETURNING g.*),
		m AS (
			UPDATE crm.leads l
			   SET status = x.status, status_reason = coalesce(x.reason, l.status_reason),
				   last_contacted_at = CASE WHEN work.step = 'opportunity' THEN l.last_contacted_at ELSE x.at END,
				   updated_at = x.at
			  FROM (SELECT s.id, s.at,
						   CASE WHEN s.o < s.p_up THEN s.up
								WHEN s.o < s.p_up + (1 - s.p_up) * s.p_end THEN s.down
								ELSE 'Nurturing' END AS status,
						   CASE WHEN s.o < s.p_up THEN NULL
								WHEN s.o < s.p_up + (1 - s.p_up) * s.p_end
								THEN CASE WHEN work.step = 'sal'
										  THEN demo_gen.pick(demo_gen.u(s.k, s.salt + 2), ARRAY['bad_fit', 'competitor'], demo_gen.cum(ARRAY[4, 1]))
										  ELSE demo_gen.pick(demo_gen.u(s.k, s.salt + 2),
															 ARRAY['price', 'lost_to_competitor', 'no_decision', 'timing', 'product_gap'],
															 demo_gen.cum(ARRAY[3, 2.5, 2.5, 1, 1])) END
								ELSE demo_gen.pick(demo_gen.u(s.k, s.salt + 2),
												   ARRAY['bad_timing', 'no_budget', 'unreachable', 'no_authority', 'no_need'],
												   demo_gen.cum(ARRAY[3 + 3 * s.q, 2, 3 * (1 - s.q), 1.5, 2 * (1 - s.q)])) END AS reason
					  FROM (SELECT g.id, g.at, g.k, a.q, x.salt, demo_gen.u(g.k, x.salt + 3) AS o,
								   CASE work.step WHEN 'sal' THEN 'Qualified' WHEN 'sql' THEN 'Opportunity' ELSE 'Closed Won' END AS up,
								   CASE work.step WHEN 'sal' THEN 'Disqualified' ELSE 'Closed Lost' END AS down,
								   CASE work.step WHEN 'sal' THEN 0.03 + 0.75 * a.intent ^ 1.5 WHEN 'sql' THEN 0.25 + 0.35 * a.intent + 0.2 * a.q
											 ELSE 0.03 + 0.75 * a.q * a.intent ^ 2 END AS p_up,
								   CASE work.step WHEN 'sal' THEN 0.15 WHEN 'sql' THEN 0.35 ELSE 1 END AS p_end
							  FROM due g JOIN demo_gen.arrival a ON a.id = g.id,
								   (SELECT CASE work.step WHEN 'sal' THEN 32 WHEN 'sql' THEN 46 ELSE 52 END AS salt) x) s) x
			 WHERE l.id = x.id
			RETURNING l.id)
		SELECT array_agg(id) INTO ids FROM m;

	ELSIF step = 'reengage' THEN
		-- the lead comes back: visits, maybe a demo request, a decision date
		-- within three months; hot again, so lead_align hands it to sales (a
		-- lead that stayed hot in nurture has no new edge: marketing hands it
		-- over itself).  It has a project now: its intent rises.
		UPDATE demo_gen.arrival a SET intent = 0.4 + 0.6 * a.intent
		  FROM demo_gen.agenda g WHERE g.step = 'reengage' AND g.at < until AND a.id = g.id;
		WITH due AS (DELETE FROM demo_gen.agenda g WHERE g.step = work.step AND g.at < until RETURNING g.*),
		m AS (
			UPDATE crm.leads l
			   SET status = CASE WHEN l.rating = 'hot' THEN 'Open - Not Contacted' ELSE l.status END,
				   visits = l.visits + 2 + floor(4 * demo_gen.u(g.k, 42))::int,
				   demo_requested = l.demo_requested OR demo_gen.u(g.k, 43) < 0.3,
				   decision_date = (g.at AT TIME ZONE 'Europe/Berlin')::date + 15 + floor(60 * demo_gen.u(g.k, 44))::int,
				   updated_at = g.at
			  FROM due g
			 WHERE l.id = g.id
			RETURNING l.id)
		SELECT array_agg(id) INTO ids FROM m;
	ELSE
		RAISE EXCEPTION 'unknown step %', step;
	END IF;
	IF ids IS NULL THEN
		RETURN 0;
	END IF;
	PERFORM demo_gen.plan(ids);
	RETURN cardinality(ids);
END $$;

-- Week by week, in time order: the week's arrivals, then the teams' work,
-- repeated until nothing more falls in the week (a lead may move through
-- several stages in one week).  A week is a transaction: the versions of
-- the rows it updated can then be pruned as the replay goes on.
CREATE PROCEDURE demo_gen.replay() LANGUAGE plpgsql AS $$
DECLARE
	p demo_gen.param;
	until timestamptz;
	moved bigint;
BEGIN
	SELECT * INTO p FROM demo_gen.param;
	FOR w IN 1 .. p.weeks LOOP
		until := least(p.start + w * interval '1 week', p.as_of);
		PERFORM demo_gen.work('arrive', until);
		FOR pass IN 1 .. 30 LOOP
			moved := demo_gen.work('review', until) + demo_gen.work('touch', until) + demo_gen.work('decide', until)
				   + demo_gen.work('sal', until) + demo_gen.work('sql', until) + demo_gen.work('opportunity', until)
				   + demo_gen.work('reengage', until);
			EXIT WHEN moved = 0;
			IF pass = 30 THEN
				RAISE EXCEPTION 'week % does not settle', w;
			END IF;
		END LOOP;
		COMMIT;
	END LOOP;
END $$;
CALL demo_gen.replay();
ANALYZE crm.leads;

-- The volume commitments, from now on: marketing hands over 3,000 MQLs a
-- month, sales accepts 750 leads a week and wins 400 deals a quarter.
-- (A commitment counts from the period it is made in: the status shows the
-- current periods and their pace.)
SELECT lead_align.volume_sla('crm.leads', 'marketing', 'mql', 'month', 3000);
SELECT lead_align.volume_sla('crm.leads', 'sales', 'sal', 'week', 750);
SELECT lead_align.volume_sla('crm.leads', 'sales', 'won', 'quarter', 400);
\o
