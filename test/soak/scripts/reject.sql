-- mql -> nurture, a reject, the reason from SET LOCAL lead_align.reason
\set id random(1, :keys)
BEGIN;
SET LOCAL lead_align.reason = 'bad_fit';
UPDATE soak.leads SET updated_at = clock_timestamp(), stage = 'nurture' WHERE id = :id AND stage::text = 'mql';
COMMIT;
