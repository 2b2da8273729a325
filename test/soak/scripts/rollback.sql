-- work that is rolled back: nothing of it may reach the ledger
\set a random(1, :keys)
\set b random(1, :keys)
\set s random(0, 4)
BEGIN;
UPDATE soak.leads SET updated_at = clock_timestamp(), stage = (CASE stage::text WHEN 'new' THEN (CASE WHEN :s = 0 THEN 'nurture' ELSE 'mql' END) WHEN 'nurture' THEN 'mql' WHEN 'mql' THEN (CASE WHEN :s = 1 THEN 'sql' ELSE 'sal' END) WHEN 'sal' THEN 'sql' WHEN 'sql' THEN 'opportunity' ELSE stage::text END)::lead_align.lead_stage WHERE id = :a;
INSERT INTO soak.leads (id, stage) VALUES (:b, 'new') ON CONFLICT (id) DO NOTHING;
DELETE FROM soak.leads WHERE id = :b + 1;
ROLLBACK;
