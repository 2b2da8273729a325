-- The demo CRM: a synthetic inbound-lead generator (written for lead_align;
-- no real data), tracked with objective rules, then a few weeks of sales work.
\echo
\echo '== A synthetic CRM: 2,000 inbound leads over eight weeks =='
\o /dev/null
SELECT setseed(0.4242);
CREATE SCHEMA crm;
CREATE TABLE crm.leads (
	id					bigint PRIMARY KEY,
	stage				text NOT NULL DEFAULT 'Inquiry',
	temperature			text,
	fit_score			int,
	interest_score		int,
	owner				text,
	first_contacted_at	timestamptz,
	updated_at			timestamptz,
	stage_reason		text,
	source				text,
	campaign			text,
	country				text,
	industry			text,
	employees			int,
	visits				int,
	demo_requested		boolean,
	decision_date		date
);
SELECT lead_align.track('crm.leads',
	key => 'id', stage => 'stage', temperature => 'temperature',
	fit => 'fit_score', interest => 'interest_score', owner => 'owner',
	touch => 'first_contacted_at', event_time => 'updated_at', reason => 'stage_reason',
	dimensions => ARRAY['source', 'campaign', 'country'],
	calendar => 'Mo-Fr 09:00-17:00; 2026-04-03,2026-04-06 off; tz Europe/Berlin',
	handoff_temperature => 'hot', fit_threshold => 40, interest_threshold => 40) AS track_id \gset
SELECT count(lead_align.map_stage('crm.leads', l, s::lead_align.lead_stage)) AS labels
  FROM (VALUES ('Inquiry', 'new'), ('Nurturing', 'nurture'), ('Open - Not Contacted', 'mql'),
			   ('Working - Contacted', 'sal'), ('Qualified', 'sql'), ('Opportunity', 'opportunity'),
			   ('Closed Won', 'won'), ('Closed Lost', 'lost'), ('Disqualified', 'disqualified')) v(l, s) \gset
-- Variant A: objective criteria, never opinions
SELECT lead_align.add_rule('crm.leads', 'hot', $$decision_date <= DATE '2026-03-01' + 183$$, 'decision within 6 months', name => 'decision_6m');
SELECT lead_align.add_rule('crm.leads', 'warm', $$demo_requested OR visits >= 3$$, 'active interest, no deadline', name => 'active_interest');
SELECT lead_align.add_score('crm.leads', 'fit', $$industry IN ('saas', 'fintech')$$, 30, 'target industry');
SELECT lead_align.add_score('crm.leads', 'fit', $$employees BETWEEN 50 AND 2000$$, 20, 'mid-market');
SELECT lead_align.add_score('crm.leads', 'fit', $$country IN ('DE', 'AT', 'CH')$$, 10, 'home market');
SELECT lead_align.add_score('crm.leads', 'interest', $$demo_requested$$, 40, 'asked for a demo');
SELECT lead_align.add_score('crm.leads', 'interest', $$visits >= 3$$, 20, 'came back');
SELECT lead_align.sla('crm.leads', 'mql', NULL, '2 business days');
SELECT lead_align.sla('crm.leads', 'mql', 'hot', '4 business hours', 'touch');
SELECT lead_align.sla('crm.leads', 'sal', NULL, '5 business days');
\o

-- arrivals: more on weekdays, mostly in office hours, some at night and on weekends
INSERT INTO crm.leads (id, source, campaign, country, industry, employees, visits, demo_requested, decision_date, updated_at)
SELECT g,
	   (ARRAY['web', 'web', 'web', 'paid_search', 'paid_search', 'event', 'referral', 'webinar'])[1 + floor(random() * 8)::int],
	   (ARRAY['spring_launch', 'pricing_page', 'ebook_ai', 'expo_berlin', 'partner_q1'])[1 + floor(random() * 5)::int],
	   (ARRAY['DE', 'DE', 'DE', 'AT', 'CH', 'FR', 'UK', 'US', 'US', 'NL'])[1 + floor(random() * 10)::int],
	   (ARRAY['saas', 'saas', 'fintech', 'retail', 'manufacturing', 'education', 'health'])[1 + floor(random() * 7)::int],
	   (10 * exp(random() * 6))::int,
	   floor(random() * random() * 9)::int,
	   random() < 0.18,
	   CASE WHEN random() < 0.35 THEN DATE '2026-03-01' + floor(random() * 400)::int END,
	   DATE '2026-01-05' + floor(random() * 56)::int
		 + make_interval(hours => CASE WHEN random() < 0.8 THEN 8 + floor(random() * 10)::int ELSE floor(random() * 24)::int END,
						 mins => floor(random() * 60)::int)
		 - interval '1 hour'
  FROM generate_series(1, 2000) g;

\echo
\echo 'Classification and the 2x2 matrix (temperature by objective rules; fit and interest scores):'
SELECT temperature, count(*) AS leads,
	   count(*) FILTER (WHERE stage = 'Open - Not Contacted') AS handed_to_sales,
	   round(avg(fit_score), 1) AS avg_fit, round(avg(interest_score), 1) AS avg_interest
  FROM crm.leads GROUP BY temperature ORDER BY temperature::lead_align.lead_temperature DESC;
SELECT quadrant, count(*) AS leads FROM lead_align.handoff WHERE kind = 'create' GROUP BY quadrant ORDER BY 1;

-- a few weeks of sales work: accept most MQLs, reject some with reasons, recycle some
UPDATE crm.leads SET stage = 'Working - Contacted', owner = (ARRAY['anna', 'ben', 'chen'])[1 + id % 3],
	   first_contacted_at = updated_at + interval '3 hours', updated_at = updated_at + interval '3 hours'
 WHERE stage = 'Open - Not Contacted' AND id % 5 <> 0;
UPDATE crm.leads SET stage = 'Nurturing', stage_reason = (ARRAY['bad_fit', 'duplicate', 'wrong_contact'])[1 + id % 3],
	   updated_at = updated_at + interval '1 day'
 WHERE stage = 'Open - Not Contacted' AND id % 10 = 0;
UPDATE crm.leads SET stage = 'Nurturing', stage_reason = 'bad_timing', updated_at = updated_at + interval '2 days'
 WHERE stage = 'Working - Contacted' AND id % 7 = 0;
UPDATE crm.leads SET stage = 'Qualified', updated_at = updated_at + interval '4 days'
 WHERE stage = 'Working - Contacted' AND id % 2 = 0;

\echo
\echo 'Every handoff is in the ledger, with its kind and reason:'
SELECT kind, from_stage, to_stage, coalesce(reason, '') AS reason, count(*) AS events
  FROM lead_align.handoff GROUP BY 1, 2, 3, 4 ORDER BY min(id);

\echo
\echo 'SLA due times of hot MQLs, in Berlin business time (first touch within 4 business hours):'
SELECT lead_key, to_char(event_time AT TIME ZONE 'Europe/Berlin', 'Dy DD Mon HH24:MI') AS handed_over,
	   to_char(touch_due_at AT TIME ZONE 'Europe/Berlin', 'Dy DD Mon HH24:MI') AS touch_due,
	   to_char(due_at AT TIME ZONE 'Europe/Berlin', 'Dy DD Mon HH24:MI') AS accept_or_reject_due
  FROM lead_align.handoff
 WHERE kind = 'handoff' AND temperature::text = 'hot'
 ORDER BY lead_key::int LIMIT 8;

\echo
\echo 'The agreement is enforced: sales cannot push a lead back to nurture without a reason:'
\set ON_ERROR_STOP 0
UPDATE crm.leads SET stage = 'Nurturing' WHERE id = (SELECT min(id) FROM crm.leads WHERE stage = 'Working - Contacted');
\set ON_ERROR_STOP 1

\echo
\echo 'Current state of each lead (lead_align.lead_state), by stage:'
SELECT stage, count(*) AS leads, max(cycle) AS max_cycle FROM lead_align.lead_state GROUP BY stage ORDER BY stage;
