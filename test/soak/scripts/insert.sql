-- a new lead (the key may exist: ON CONFLICT DO NOTHING, which fires the
-- BEFORE INSERT trigger for a row that is never inserted)
\set id random(1, :keys)
\set s random(0, 9)
INSERT INTO soak.leads (id, stage, notes, updated_at)
VALUES (:id, (CASE WHEN :s < 6 THEN 'new' WHEN :s < 8 THEN 'nurture' WHEN :s < 9 THEN 'mql' ELSE 'sal' END)::lead_align.lead_stage, 'created', clock_timestamp())
ON CONFLICT (id) DO NOTHING;
