-- a legal move forward with no event time in the statement: the event time
-- is then the statement's timestamp.  A statement that waited for a
-- concurrent move of the same lead (or started before it) can find the
-- lead's previous event later than its own time; DESIGN 4 says the time is
-- then greatest(statement time, previous event), 0.3 refuses the move
-- (22023 "earlier than its previous event").  Such refusals are caught and
-- counted (run.sh reports them); any other error aborts the client.
\set id random(1, :keys)
\set s random(0, 4)
DO $$
BEGIN
	UPDATE soak.leads SET stage = (CASE stage::text WHEN 'new' THEN (CASE WHEN :s = 0 THEN 'nurture' ELSE 'mql' END) WHEN 'nurture' THEN 'mql' WHEN 'mql' THEN (CASE WHEN :s = 1 THEN 'sql' ELSE 'sal' END) WHEN 'sal' THEN 'sql' WHEN 'sql' THEN 'opportunity' ELSE stage::text END)::lead_align.lead_stage
	 WHERE id = :id;
EXCEPTION WHEN invalid_parameter_value THEN
	IF SQLERRM NOT LIKE '%earlier than its previous event%' THEN
		RAISE;
	END IF;
	INSERT INTO soak.refusal VALUES ('backwards event time', SQLSTATE);
END $$;
