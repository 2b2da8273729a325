-- an update of columns the track ignores: no ledger row, no audit row
\set id random(1, :keys)
UPDATE soak.leads SET notes = 'note ' || :id, touched = touched + 1 WHERE id = :id;
