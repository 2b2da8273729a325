-- test/soak/setup.sql -- the CRM table of the concurrency soak, its
-- independent audit and the lead_align track (run by test/soak/run.sh in a
-- fresh database).
--
-- The audit is a plain PL/pgSQL AFTER ROW trigger of our own, created BEFORE
-- track() and named to sort first (aaa_...): it writes one row per committed
-- insert, stage change and delete into soak.audit, with a sequence number
-- taken while the row is locked.  It shares nothing with lead_align's C code
-- except the transaction: a statement or savepoint that fails or is rolled
-- back takes its audit rows with it, exactly as it must take its ledger rows.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS lead_align;
CREATE SCHEMA soak;

CREATE TABLE soak.leads (
	id			int PRIMARY KEY,
	stage		lead_align.lead_stage NOT NULL,
	reason		text,
	notes		text,		-- no track setting maps it: updates of it are ignored
	touched		int NOT NULL DEFAULT 0,
	updated_at	timestamptz		-- the CRM stamps it with clock_timestamp() on every move
);

CREATE TABLE soak.audit (
	seq			bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	lead		int NOT NULL,
	op			char(1) NOT NULL,	-- I, U (stage changed), D
	old_stage	text,
	new_stage	text,
	txid		xid8 NOT NULL DEFAULT pg_current_xact_id()
);

-- refused moves caught by the scripts' exception handlers
CREATE TABLE soak.refusal (
	what		text NOT NULL,
	sqlstate	text NOT NULL
);

CREATE FUNCTION soak.audit_row() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO soak.audit (lead, op, old_stage, new_stage) VALUES (NEW.id, 'I', NULL, NEW.stage::text);
	ELSIF TG_OP = 'DELETE' THEN
		INSERT INTO soak.audit (lead, op, old_stage, new_stage) VALUES (OLD.id, 'D', OLD.stage::text, NULL);
	ELSIF OLD.stage::text IS DISTINCT FROM NEW.stage::text THEN
		INSERT INTO soak.audit (lead, op, old_stage, new_stage) VALUES (NEW.id, 'U', OLD.stage::text, NEW.stage::text);
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER aaa_soak_audit AFTER INSERT OR UPDATE OR DELETE ON soak.leads
	FOR EACH ROW EXECUTE FUNCTION soak.audit_row();

-- No rules, no temperature, owner or touch column: the only ledger rows are
-- creates, stage moves and deletes, each of which the audit sees.
-- The scripts stamp updated_at with clock_timestamp() on every move, which
-- an UPDATE that waited for a concurrent move re-evaluates after the wait
-- (so a lead's event times increase); scripts/bare_move.sql moves without a
-- stamp (the event time is then the statement's).
SELECT lead_align.track('soak.leads', key => 'id', stage => 'stage', reason => 'reason',
		event_time => 'updated_at', mode => 'enforce') > 0 AS tracked;
