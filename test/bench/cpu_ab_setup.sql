CREATE EXTENSION lead_align;
CREATE TABLE t (id bigserial PRIMARY KEY, stage lead_align.lead_stage NOT NULL DEFAULT 'new', temperature lead_align.lead_temperature, fit int, interest int, visits int, industry text, source text, updated_at timestamptz);
CREATE TABLE u (LIKE t INCLUDING ALL);
SELECT lead_align.track('t', key => 'id', stage => 'stage', temperature => 'temperature', fit => 'fit', interest => 'interest', event_time => 'updated_at', dimensions => ARRAY['source','industry'], handoff_temperature => 'hot');
SELECT lead_align.add_score('t', 'fit', $$industry = 'saas'$$, 30);
SELECT lead_align.add_score('t', 'interest', $$visits >= 3$$, 30);
SELECT lead_align.add_rule('t', 'hot', $$fit >= 30 AND interest >= 30$$);
SELECT lead_align.add_rule('t', 'warm', $$interest >= 30$$);
SELECT lead_align.sla('t', 'new', "window" => '1 business day');
