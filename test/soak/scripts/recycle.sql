-- sal/sql -> nurture, a recycle (SET LOCAL reason); lost/disqualified ->
-- nurture, a reopen ('other' with a note)
\set id random(1, :keys)
BEGIN;
SET LOCAL lead_align.reason = 'no_budget';
UPDATE soak.leads SET updated_at = clock_timestamp(), stage = 'nurture' WHERE id = :id AND stage::text IN ('sal', 'sql');
SET LOCAL lead_align.reason = 'other';
SET LOCAL lead_align.note = 'back from the dead';
UPDATE soak.leads SET updated_at = clock_timestamp(), stage = 'nurture' WHERE id = :id + 1 AND stage::text IN ('lost', 'disqualified');
COMMIT;
