-- a legal move forward, computed from the row the UPDATE locks (a concurrent
-- move that commits first is seen through READ COMMITTED's re-check):
-- new -> nurture (advance) or mql (handoff), nurture -> mql (handoff),
-- mql -> sal or sql (accept), sal -> sql, sql -> opportunity (advance); other
-- stages stay (then it is an update that changes nothing tracked)
\set id random(1, :keys)
\set s random(0, 4)
UPDATE soak.leads SET updated_at = clock_timestamp(), stage = (CASE stage::text WHEN 'new' THEN (CASE WHEN :s = 0 THEN 'nurture' ELSE 'mql' END) WHEN 'nurture' THEN 'mql' WHEN 'mql' THEN (CASE WHEN :s = 1 THEN 'sql' ELSE 'sal' END) WHEN 'sal' THEN 'sql' WHEN 'sql' THEN 'opportunity' ELSE stage::text END)::lead_align.lead_stage WHERE id = :id;
