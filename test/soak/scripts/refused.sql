-- moves the agreement refuses (23514), caught so the client continues (PG15
-- pgbench retries only serialization and deadlock failures): new -> won,
-- nurture -> sal, mql -> nurture without a reason, an insert straight into won
\set id random(1, :keys)
\set s random(0, 3)
DO $$
BEGIN
	IF :s = 0 THEN
		UPDATE soak.leads SET updated_at = clock_timestamp(), stage = 'won' WHERE id = :id AND stage::text = 'new';
	ELSIF :s = 1 THEN
		UPDATE soak.leads SET updated_at = clock_timestamp(), stage = 'sal' WHERE id = :id AND stage::text = 'nurture';
	ELSIF :s = 2 THEN
		UPDATE soak.leads SET updated_at = clock_timestamp(), stage = 'nurture' WHERE id = :id AND stage::text = 'mql';
	ELSE
		INSERT INTO soak.leads (id, stage) VALUES (:id + :keys, 'won');
	END IF;
EXCEPTION
	WHEN deadlock_detected OR serialization_failure THEN RAISE;	-- pgbench retries these
	WHEN OTHERS THEN INSERT INTO soak.refusal VALUES ((ARRAY['new->won', 'nurture->sal', 'reject without reason', 'insert won'])[:s + 1], SQLSTATE);
END $$;
