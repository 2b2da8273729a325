-- savepoints: the part rolled back to leaves nothing, the rest commits; two
-- leads in random order (deadlocks are possible; pgbench retries them)
\set a random(1, :keys)
\set b random(1, :keys)
\set c random(1, :keys)
\set s random(0, 4)
BEGIN;
UPDATE soak.leads SET updated_at = clock_timestamp(), stage = (CASE stage::text WHEN 'new' THEN (CASE WHEN :s = 0 THEN 'nurture' ELSE 'mql' END) WHEN 'nurture' THEN 'mql' WHEN 'mql' THEN (CASE WHEN :s = 1 THEN 'sql' ELSE 'sal' END) WHEN 'sal' THEN 'sql' WHEN 'sql' THEN 'opportunity' ELSE stage::text END)::lead_align.lead_stage WHERE id = :a;
SAVEPOINT s1;
UPDATE soak.leads SET updated_at = clock_timestamp(), stage = (CASE stage::text WHEN 'new' THEN (CASE WHEN :s = 0 THEN 'nurture' ELSE 'mql' END) WHEN 'nurture' THEN 'mql' WHEN 'mql' THEN (CASE WHEN :s = 1 THEN 'sql' ELSE 'sal' END) WHEN 'sal' THEN 'sql' WHEN 'sql' THEN 'opportunity' ELSE stage::text END)::lead_align.lead_stage WHERE id = :b;
DELETE FROM soak.leads WHERE id = :c;
ROLLBACK TO SAVEPOINT s1;
SAVEPOINT s2;
INSERT INTO soak.leads (id, stage) VALUES (:c, 'mql') ON CONFLICT (id) DO NOTHING;
RELEASE SAVEPOINT s2;
UPDATE soak.leads SET notes = 'after savepoint' WHERE id = :b;
COMMIT;
