-- lead_align.move(): mql -> sal (accept) or sql -> opportunity; refused (and
-- counted) when the lead is elsewhere or gone
\set id random(1, :keys)
\set s random(0, 1)
DO $$
BEGIN
	PERFORM lead_align.move('soak.leads', ':id', (CASE WHEN :s = 0 THEN 'sal' ELSE 'opportunity' END)::lead_align.lead_stage);
EXCEPTION
	-- a deadlock (tuple-lock queues let a one-row UPDATE take part in one) is
	-- raised again, for pgbench to retry like any other statement's
	WHEN deadlock_detected OR serialization_failure THEN RAISE;
	WHEN OTHERS THEN INSERT INTO soak.refusal VALUES ('move()', SQLSTATE);
END $$;
