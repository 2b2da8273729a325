-- opportunity -> won (win); sql/opportunity -> lost with a lose code in the
-- mapped reason column (lose); new/nurture/mql/sal -> disqualified (SET
-- LOCAL reason spam)
\set id random(1, :keys)
\set s random(0, 2)
\if :s = 0
UPDATE soak.leads SET updated_at = clock_timestamp(), stage = 'won' WHERE id = :id AND stage::text = 'opportunity';
\elif :s = 1
BEGIN;
-- the reason column counts only when this update changes it (README); when
-- it already holds the code, SET LOCAL gives the same one
SET LOCAL lead_align.reason = 'price';
UPDATE soak.leads SET updated_at = clock_timestamp(), stage = 'lost', reason = (ARRAY['price', 'timing', 'no_decision'])[1 + :id % 3]
 WHERE id = :id AND stage::text IN ('sql', 'opportunity');
COMMIT;
\else
BEGIN;
SET LOCAL lead_align.reason = 'spam';
UPDATE soak.leads SET updated_at = clock_timestamp(), stage = 'disqualified' WHERE id = :id AND stage::text IN ('new', 'nurture', 'mql', 'sal');
COMMIT;
\endif
