-- a delete (a 'delete' ledger row); the key may be inserted again later
\set id random(1, :keys)
DELETE FROM soak.leads WHERE id = :id;
