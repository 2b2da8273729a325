/* lead_align 0.3 -> 0.4 */

\echo Use "ALTER EXTENSION lead_align UPDATE TO '0.4'" to load this file. \quit

-- No tracked table is written while the update runs: the state of every
-- lead (lead_align.lead_current, filled at the end of this script from the
-- ledger) must hold every change.  Taken first, so that a session writing a
-- tracked table finishes before the update alters the ledger (taken later,
-- that session's wait for the ledger and the update's wait for its table
-- would deadlock).
DO $$
DECLARE
	v_rel regclass;
BEGIN
	FOR v_rel IN
		SELECT k.relid FROM lead_align.track k
		 WHERE k.active
		   AND EXISTS (SELECT FROM pg_catalog.pg_class c WHERE c.oid OPERATOR(pg_catalog.=) k.relid::pg_catalog.oid)
		 ORDER BY k.id
	LOOP
		EXECUTE pg_catalog.format('LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE', v_rel);
	END LOOP;
END $$;

-------------------------------------------------------------------------------
-- Security.  What runs as whom:
--   * the public configuration functions (track, alter_track, untrack,
--     map_stage, add_rule, add_score, drop_rule, sla, team_calendar,
--     add_team, bind_team, add_reason, disable_reason, purge, forget) are C
--     wrappers (la_configure) that note
--     the current user, refuse to run inside a security-restricted operation
--     and call lead_align._<name>(), their SECURITY DEFINER implementation,
--     which PUBLIC may not execute; the implementation checks the noted
--     caller (_caller_may_configure, _caller_is_admin);
--   * move() and reclassify() are C and run as the caller; the reason of a
--     move and the re-derive flag of reclassify are backend-local state set
--     by C around their UPDATE, no longer user-settable settings;
--   * the DDL event triggers run as the extension's owner (they read the
--     configuration, which ordinary roles may not).
-- Every switch to another user id pins search_path = pg_catalog, pg_temp.
-------------------------------------------------------------------------------

-- The vocabularies of tracking (modes, rule kinds, SLA kinds, reason kinds,
-- event kinds) are defined once, in C (src/core/la_vocab.h); SQL asks for them.
CREATE FUNCTION lead_align.vocabulary(name text) RETURNS text[]
	AS 'MODULE_PATHNAME', 'la_vocabulary' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION lead_align.vocabulary(text) IS 'the words of a vocabulary of tracking: mode, rule_kind, sla_kind, reason_kind, event_kind, stage_event_kind';

ALTER TABLE lead_align.track DROP CONSTRAINT track_mode_check,
	ADD CONSTRAINT track_mode_check CHECK (mode OPERATOR(pg_catalog.=) ANY (lead_align.vocabulary('mode')));
ALTER TABLE lead_align.rule DROP CONSTRAINT rule_kind_check,
	ADD CONSTRAINT rule_kind_check CHECK (kind OPERATOR(pg_catalog.=) ANY (lead_align.vocabulary('rule_kind')));
ALTER TABLE lead_align.reason DROP CONSTRAINT reason_kind_check,
	ADD CONSTRAINT reason_kind_check CHECK (kind OPERATOR(pg_catalog.=) ANY (lead_align.vocabulary('reason_kind')));
ALTER TABLE lead_align.sla DROP CONSTRAINT sla_kind_check,
	ADD CONSTRAINT sla_kind_check CHECK (kind OPERATOR(pg_catalog.=) ANY (lead_align.vocabulary('sla_kind')));
CREATE OR REPLACE FUNCTION lead_align._check_reason_kind(kind text) RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF kind IS NULL OR NOT kind OPERATOR(pg_catalog.=) ANY (lead_align.vocabulary('reason_kind')) THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = pg_catalog.format('invalid reason kind "%s"', kind),
			HINT = pg_catalog.format('The kinds are %s.', pg_catalog.array_to_string(lead_align.vocabulary('reason_kind'), ', '));
	END IF;
END $$;
CREATE OR REPLACE VIEW lead_align.lead_state AS
SELECT l.track_id,
	   l.track,
	   l.lead_key,
	   s.to_stage AS stage,
	   s.to_stage::text AS stage_text,
	   s.event_time AS since,
	   l.cycle,
	   l.owner,
	   l.temperature,
	   s.due_at,
	   coalesce(s.due_at OPERATOR(pg_catalog.<) pg_catalog.now(), false) AS overdue
  FROM (SELECT DISTINCT ON (h.track_id, h.lead_key)
			   h.id, h.track_id, h.track, h.lead_key, h.kind, h.cycle, h.owner, h.temperature
		  FROM lead_align.handoff h
		 ORDER BY h.track_id, h.lead_key, h.id DESC) l
  LEFT JOIN LATERAL (
		SELECT e.to_stage, e.event_time, e.due_at
		  FROM lead_align.handoff e
		 WHERE e.track_id OPERATOR(pg_catalog.=) l.track_id
		   AND e.lead_key OPERATOR(pg_catalog.=) l.lead_key
		   AND e.kind OPERATOR(pg_catalog.=) ANY (lead_align.vocabulary('stage_event_kind'))
		 ORDER BY e.id DESC
		 LIMIT 1) s ON true
 WHERE l.kind OPERATOR(pg_catalog.<>) 'delete';

-- A dropped table's track forgets the table's OID (which a restore or a new
-- table could give to another table); its last name stays in table_name.
ALTER TABLE lead_align.track ALTER COLUMN relid DROP NOT NULL;
UPDATE lead_align.track k SET relid = NULL, active = false
 WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_class c WHERE c.oid OPERATOR(pg_catalog.=) k.relid::pg_catalog.oid);

-- The default handoff agreement (0.3 kept it as a VALUES list inside track()), copied into lead_align.transition for each
-- new track (which may then change its own): who may move a lead from where
-- to where, the kind of the move, and whether it needs a reason.  A
-- reference table: the extension writes it, nobody else.
CREATE TABLE lead_align.default_transition (
	from_stage		lead_align.lead_stage,	-- NULL: insert
	to_stage		lead_align.lead_stage NOT NULL,
	team			text NOT NULL,
	kind			text NOT NULL,
	reason_required	boolean NOT NULL,
	UNIQUE NULLS NOT DISTINCT (from_stage, to_stage)
);
INSERT INTO lead_align.default_transition (from_stage, to_stage, team, kind, reason_required) VALUES
	(NULL, 'new', 'marketing', 'create', false),
	(NULL, 'nurture', 'marketing', 'create', false),
	(NULL, 'mql', 'marketing', 'create', false),
	(NULL, 'sal', 'sales', 'create', false),
	(NULL, 'sql', 'sales', 'create', false),
	('new', 'nurture', 'marketing', 'advance', false),
	('new', 'mql', 'marketing', 'handoff', false),
	('nurture', 'mql', 'marketing', 'handoff', false),
	('new', 'disqualified', 'marketing', 'disqualify', true),
	('nurture', 'disqualified', 'marketing', 'disqualify', true),
	('mql', 'sal', 'sales', 'accept', false),
	('mql', 'sql', 'sales', 'accept', false),
	('mql', 'nurture', 'sales', 'reject_or_recycle', true),
	('mql', 'disqualified', 'sales', 'disqualify', true),
	('sal', 'disqualified', 'sales', 'disqualify', true),
	('sql', 'disqualified', 'sales', 'disqualify', true),
	('sal', 'sql', 'sales', 'advance', false),
	('sql', 'opportunity', 'sales', 'advance', false),
	('sal', 'nurture', 'sales', 'recycle', true),
	('sql', 'nurture', 'sales', 'recycle', true),
	('sql', 'lost', 'sales', 'lose', true),
	('opportunity', 'lost', 'sales', 'lose', true),
	('opportunity', 'won', 'sales', 'win', false),
	('lost', 'nurture', 'marketing', 'reopen', true),
	('disqualified', 'nurture', 'marketing', 'reopen', true);
COMMENT ON TABLE lead_align.default_transition IS 'the default handoff agreement, copied to lead_align.transition when a table is tracked';
REVOKE ALL ON lead_align.default_transition FROM PUBLIC;
GRANT SELECT ON lead_align.default_transition TO lead_align_reader, lead_align_admin;

-- Internal C helpers.
CREATE FUNCTION lead_align._check_citus(tbl regclass) RETURNS void
	AS 'MODULE_PATHNAME', 'la_check_citus' LANGUAGE C STRICT;
REVOKE ALL ON FUNCTION lead_align._check_citus(regclass) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._check_citus(regclass) IS 'internal: 0A000 when Citus distributes the table (lead_align fails closed on Citus)';
CREATE FUNCTION lead_align._predicate_uses_scores(tbl regclass, predicate text) RETURNS boolean
	AS 'MODULE_PATHNAME', 'la_predicate_uses_scores' LANGUAGE C STABLE STRICT;
REVOKE ALL ON FUNCTION lead_align._predicate_uses_scores(regclass, text) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._predicate_uses_scores(regclass, text) IS 'internal: does a stored predicate read the pseudo-column fit or interest?';

-- Internal: a TRUNCATE guard on every partition of a tracked table (statement
-- triggers are not cloned to partitions).
CREATE FUNCTION lead_align._truncate_guards(tbl regclass, track_id integer) RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	p record;
BEGIN
	FOR p IN
		SELECT d.relid FROM pg_catalog.pg_partition_tree(tbl) d
		 WHERE d.relid OPERATOR(pg_catalog.<>) tbl
		   AND NOT EXISTS (SELECT FROM pg_catalog.pg_trigger g
							WHERE g.tgrelid OPERATOR(pg_catalog.=) d.relid
							  AND g.tgname OPERATOR(pg_catalog.=) 'zz_lead_align_truncate')
		 ORDER BY d.level, d.relid
	LOOP
		EXECUTE pg_catalog.format('CREATE TRIGGER zz_lead_align_truncate BEFORE TRUNCATE ON %s '
			'FOR EACH STATEMENT EXECUTE FUNCTION lead_align.truncate_trigger(%L)', p.relid, track_id::pg_catalog.text);
	END LOOP;
END $$;
REVOKE ALL ON FUNCTION lead_align._truncate_guards(regclass, integer) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._truncate_guards(regclass, integer) IS 'internal: give every partition of a tracked table its own TRUNCATE guard';

-- Internal: the key of a track is still NOT NULL and unique on its own.
CREATE FUNCTION lead_align._check_key(tbl regclass, key name) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	a record;
BEGIN
	SELECT x.attnum, x.attnotnull INTO a FROM pg_catalog.pg_attribute x
	 WHERE x.attrelid OPERATOR(pg_catalog.=) tbl AND x.attname OPERATOR(pg_catalog.=) key AND NOT x.attisdropped;
	IF NOT FOUND THEN
		RETURN;		-- a dropped or renamed column is reported by the caller
	END IF;
	IF NOT a.attnotnull THEN
		RAISE EXCEPTION USING ERRCODE = 'dependent_objects_still_exist',
			MESSAGE = pg_catalog.format('key column %I of table %s must stay NOT NULL: it is the key of its lead_align track', key, tbl),
			HINT = pg_catalog.format('Untrack the table first: SELECT lead_align.untrack(%L);', tbl::pg_catalog.text);
	END IF;
	IF NOT EXISTS (
		SELECT FROM pg_catalog.pg_index x
		 WHERE x.indrelid OPERATOR(pg_catalog.=) tbl AND x.indisunique AND x.indimmediate
		   AND x.indnkeyatts OPERATOR(pg_catalog.=) 1 AND x.indkey[0] OPERATOR(pg_catalog.=) a.attnum
		   AND x.indpred IS NULL AND x.indexprs IS NULL) THEN
		RAISE EXCEPTION USING ERRCODE = 'dependent_objects_still_exist',
			MESSAGE = pg_catalog.format('key column %I of table %s must keep a unique index of its own: it is the key of its lead_align track', key, tbl),
			HINT = pg_catalog.format('Keep the primary key or unique constraint, or untrack the table first: SELECT lead_align.untrack(%L);', tbl::pg_catalog.text);
	END IF;
END $$;
REVOKE ALL ON FUNCTION lead_align._check_key(regclass, name) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._check_key(regclass, name) IS 'internal: raise 2BP01 unless a track''s key column is still NOT NULL with a unique index of its own';

-------------------------------------------------------------------------------
-- The comparison operators of the four types, @> of business_calendar and
-- min/max of the two ordinal types move to pg_catalog, so that BI tools and
-- drivers with the default search_path can write stage = 'mql' or
-- max(stage).  ALTER ... SET SCHEMA keeps their OIDs: operator classes,
-- indexes and users' views keep working, and no second operator appears
-- beside an old one.  Function bodies and stored rule predicates that name
-- them are rewritten.
-------------------------------------------------------------------------------
ALTER OPERATOR lead_align.< (lead_align.sla_window, lead_align.sla_window) SET SCHEMA pg_catalog;
ALTER OPERATOR lead_align.<= (lead_align.sla_window, lead_align.sla_window) SET SCHEMA pg_catalog;
ALTER OPERATOR lead_align.= (lead_align.sla_window, lead_align.sla_window) SET SCHEMA pg_catalog;
ALTER OPERATOR lead_align.<> (lead_align.sla_window, lead_align.sla_window) SET SCHEMA pg_catalog;
ALTER OPERATOR lead_align.>= (lead_align.sla_window, lead_align.sla_window) SET SCHEMA pg_catalog;
ALTER OPERATOR lead_align.> (lead_align.sla_window, lead_align.sla_window) SET SCHEMA pg_catalog;
ALTER OPERATOR lead_align.< (lead_align.business_calendar, lead_align.business_calendar) SET SCHEMA pg_catalog;
ALTER OPERATOR lead_align.<= (lead_align.business_calendar, lead_align.business_calendar) SET SCHEMA pg_catalog;
ALTER OPERATOR lead_align.= (lead_align.business_calendar, lead_align.business_calendar) SET SCHEMA pg_catalog;
ALTER OPERATOR lead_align.<> (lead_align.business_calendar, lead_align.business_calendar) SET SCHEMA pg_catalog;
ALTER OPERATOR lead_align.>= (lead_align.business_calendar, lead_align.business_calendar) SET SCHEMA pg_catalog;
ALTER OPERATOR lead_align.> (lead_align.business_calendar, lead_align.business_calendar) SET SCHEMA pg_catalog;
ALTER OPERATOR lead_align.< (lead_align.lead_temperature, lead_align.lead_temperature) SET SCHEMA pg_catalog;
ALTER OPERATOR lead_align.<= (lead_align.lead_temperature, lead_align.lead_temperature) SET SCHEMA pg_catalog;
ALTER OPERATOR lead_align.= (lead_align.lead_temperature, lead_align.lead_temperature) SET SCHEMA pg_catalog;
ALTER OPERATOR lead_align.<> (lead_align.lead_temperature, lead_align.lead_temperature) SET SCHEMA pg_catalog;
ALTER OPERATOR lead_align.>= (lead_align.lead_temperature, lead_align.lead_temperature) SET SCHEMA pg_catalog;
ALTER OPERATOR lead_align.> (lead_align.lead_temperature, lead_align.lead_temperature) SET SCHEMA pg_catalog;
ALTER OPERATOR lead_align.< (lead_align.lead_stage, lead_align.lead_stage) SET SCHEMA pg_catalog;
ALTER OPERATOR lead_align.<= (lead_align.lead_stage, lead_align.lead_stage) SET SCHEMA pg_catalog;
ALTER OPERATOR lead_align.= (lead_align.lead_stage, lead_align.lead_stage) SET SCHEMA pg_catalog;
ALTER OPERATOR lead_align.<> (lead_align.lead_stage, lead_align.lead_stage) SET SCHEMA pg_catalog;
ALTER OPERATOR lead_align.>= (lead_align.lead_stage, lead_align.lead_stage) SET SCHEMA pg_catalog;
ALTER OPERATOR lead_align.> (lead_align.lead_stage, lead_align.lead_stage) SET SCHEMA pg_catalog;
ALTER OPERATOR lead_align.@> (lead_align.business_calendar, timestamptz) SET SCHEMA pg_catalog;
ALTER AGGREGATE lead_align.min(lead_align.lead_temperature) SET SCHEMA pg_catalog;
ALTER AGGREGATE lead_align.max(lead_align.lead_temperature) SET SCHEMA pg_catalog;
ALTER AGGREGATE lead_align.min(lead_align.lead_stage) SET SCHEMA pg_catalog;
ALTER AGGREGATE lead_align.max(lead_align.lead_stage) SET SCHEMA pg_catalog;
UPDATE lead_align.rule r SET predicate = pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(r.predicate, 'OPERATOR(lead_align.<)', 'OPERATOR(pg_catalog.<)'), 'OPERATOR(lead_align.<=)', 'OPERATOR(pg_catalog.<=)'), 'OPERATOR(lead_align.=)', 'OPERATOR(pg_catalog.=)'), 'OPERATOR(lead_align.<>)', 'OPERATOR(pg_catalog.<>)'), 'OPERATOR(lead_align.>=)', 'OPERATOR(pg_catalog.>=)'), 'OPERATOR(lead_align.>)', 'OPERATOR(pg_catalog.>)'), 'OPERATOR(lead_align.@>)', 'OPERATOR(pg_catalog.@>)')
 WHERE r.predicate OPERATOR(pg_catalog.~~) '%OPERATOR(lead\_align.%';


-------------------------------------------------------------------------------
-- (type, text) = and <> for drivers that send typed text parameters (JDBC's
-- setString, psycopg2's lists as = ANY(text[])): the text is read as the
-- type's input reads it.  An untyped literal still picks the same-type
-- operator (the one indexes use): for stage = 'mql' the (lead_stage,
-- lead_stage) operator is an exact match once the literal takes the other
-- side's type.  In pg_catalog, like the types' other comparison operators.
-------------------------------------------------------------------------------
CREATE FUNCTION lead_align.lead_stage_eq_text(lead_align.lead_stage, text) RETURNS boolean
	AS 'MODULE_PATHNAME', 'lead_stage_eq_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_stage_ne_text(lead_align.lead_stage, text) RETURNS boolean
	AS 'MODULE_PATHNAME', 'lead_stage_ne_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_temperature_eq_text(lead_align.lead_temperature, text) RETURNS boolean
	AS 'MODULE_PATHNAME', 'lead_temperature_eq_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_temperature_ne_text(lead_align.lead_temperature, text) RETURNS boolean
	AS 'MODULE_PATHNAME', 'lead_temperature_ne_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION lead_align.lead_stage_eq_text(lead_align.lead_stage, text) IS 'implementation of lead_stage = text (the text read as a lead_stage)';
COMMENT ON FUNCTION lead_align.lead_stage_ne_text(lead_align.lead_stage, text) IS 'implementation of lead_stage <> text (the text read as a lead_stage)';
COMMENT ON FUNCTION lead_align.lead_temperature_eq_text(lead_align.lead_temperature, text) IS 'implementation of lead_temperature = text (the text read as a lead_temperature)';
COMMENT ON FUNCTION lead_align.lead_temperature_ne_text(lead_align.lead_temperature, text) IS 'implementation of lead_temperature <> text (the text read as a lead_temperature)';
CREATE OPERATOR pg_catalog.= (LEFTARG = lead_align.lead_stage, RIGHTARG = text,
	FUNCTION = lead_align.lead_stage_eq_text, NEGATOR = OPERATOR(pg_catalog.<>),
	RESTRICT = eqsel, JOIN = eqjoinsel);
CREATE OPERATOR pg_catalog.<> (LEFTARG = lead_align.lead_stage, RIGHTARG = text,
	FUNCTION = lead_align.lead_stage_ne_text, NEGATOR = OPERATOR(pg_catalog.=),
	RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR pg_catalog.= (LEFTARG = lead_align.lead_temperature, RIGHTARG = text,
	FUNCTION = lead_align.lead_temperature_eq_text, NEGATOR = OPERATOR(pg_catalog.<>),
	RESTRICT = eqsel, JOIN = eqjoinsel);
CREATE OPERATOR pg_catalog.<> (LEFTARG = lead_align.lead_temperature, RIGHTARG = text,
	FUNCTION = lead_align.lead_temperature_ne_text, NEGATOR = OPERATOR(pg_catalog.=),
	RESTRICT = neqsel, JOIN = neqjoinsel);
COMMENT ON OPERATOR pg_catalog.= (lead_align.lead_stage, text) IS 'lead_stage equals the stage a text names (for typed text parameters)';
COMMENT ON OPERATOR pg_catalog.<> (lead_align.lead_stage, text) IS 'lead_stage differs from the stage a text names (for typed text parameters)';
COMMENT ON OPERATOR pg_catalog.= (lead_align.lead_temperature, text) IS 'lead_temperature equals the temperature a text names (for typed text parameters)';
COMMENT ON OPERATOR pg_catalog.<> (lead_align.lead_temperature, text) IS 'lead_temperature differs from the temperature a text names (for typed text parameters)';

-------------------------------------------------------------------------------
-- DDL event triggers: run as the extension's owner (ordinary roles may not
-- read the configuration, and must still be able to ALTER and DROP their
-- own tables).
-------------------------------------------------------------------------------
DROP EVENT TRIGGER lead_align_ddl_check;
DROP EVENT TRIGGER lead_align_ddl_drop;

CREATE OR REPLACE FUNCTION lead_align._ddl_check() RETURNS event_trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	cmd record;
	t lead_align.track;
	col name;
	r lead_align.rule;
	v_base oid;
BEGIN
	FOR cmd IN SELECT * FROM pg_catalog.pg_event_trigger_ddl_commands()
			   WHERE object_type OPERATOR(pg_catalog.=) ANY (ARRAY['table', 'table column']) LOOP
		-- inheritance children would change stage with no trigger
		IF EXISTS (SELECT FROM pg_catalog.pg_inherits i
					 JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) i.inhrelid
					 JOIN lead_align.track k ON k.active
						  AND (k.relid OPERATOR(pg_catalog.=) i.inhparent OR k.relid OPERATOR(pg_catalog.=) i.inhrelid)
					WHERE (i.inhrelid OPERATOR(pg_catalog.=) cmd.objid OR i.inhparent OPERATOR(pg_catalog.=) cmd.objid)
					  AND NOT c.relispartition) THEN
			RAISE EXCEPTION USING ERRCODE = 'feature_not_supported',
				MESSAGE = pg_catalog.format('table %s cannot join an inheritance hierarchy with a table tracked by lead_align',
					cmd.objid::pg_catalog.regclass),
				HINT = 'Use declarative partitioning (PARTITION OF) for a tracked table.';
		END IF;
		-- a new partition of a tracked table (CREATE TABLE ... PARTITION OF, or
		-- ALTER TABLE ... ATTACH PARTITION on the tracked table or one of its
		-- partitions) gets its TRUNCATE guard
		FOR t IN SELECT k.* FROM lead_align.track k
				 WHERE k.active
				   AND k.relid OPERATOR(pg_catalog.=) ANY (ARRAY(SELECT a.relid FROM pg_catalog.pg_partition_ancestors(cmd.objid) a)) LOOP
			PERFORM lead_align._truncate_guards(t.relid, t.id);
		END LOOP;
		FOR t IN SELECT * FROM lead_align.track k
				 WHERE k.relid OPERATOR(pg_catalog.=) cmd.objid::pg_catalog.regclass AND k.active LOOP
			FOREACH col IN ARRAY ARRAY[t.key_column, t.stage_column, t.temperature_column, t.fit_column,
									   t.interest_column, t.owner_column, t.touch_column,
									   t.event_time_column, t.reason_column, t.note_column,
									   t.calendar_column]::name[] OPERATOR(pg_catalog.||) t.dimensions LOOP
				CONTINUE WHEN col IS NULL;
				IF NOT EXISTS (SELECT FROM pg_catalog.pg_attribute a
							   WHERE a.attrelid OPERATOR(pg_catalog.=) t.relid AND a.attname OPERATOR(pg_catalog.=) col
								 AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped) THEN
					RAISE EXCEPTION USING ERRCODE = 'dependent_objects_still_exist',
						MESSAGE = pg_catalog.format('column %I of table %s is used by its lead_align track', col, t.relid),
						HINT = pg_catalog.format('Untrack the table first: SELECT lead_align.untrack(%L);', t.relid::pg_catalog.text);
				END IF;
			END LOOP;
			-- a retyped column must still have a type its role allows, and the
			-- stage column stay a lead_stage (or stay text-like) as when tracked
			v_base := lead_align._typed_columns(t.relid, t.stage_column, t.temperature_column, t.fit_column,
				t.interest_column, t.touch_column, t.event_time_column, t.reason_column, t.note_column,
				t.calendar_column, t.handoff_temperature IS NOT NULL);
			IF (v_base OPERATOR(pg_catalog.=) 'lead_align.lead_stage'::pg_catalog.regtype) OPERATOR(pg_catalog.=) t.stage_mapped THEN
				RAISE EXCEPTION USING ERRCODE = 'dependent_objects_still_exist',
					MESSAGE = pg_catalog.format('stage column %I of table %s cannot change between lead_align.lead_stage and a labelled type while tracked',
						t.stage_column, t.relid),
					HINT = pg_catalog.format('Untrack the table first, then track it again: SELECT lead_align.untrack(%L);', t.relid::pg_catalog.text);
			END IF;
			PERFORM lead_align._check_key(t.relid, t.key_column);
			FOR r IN SELECT * FROM lead_align.rule u
					 WHERE u.track_id OPERATOR(pg_catalog.=) t.id AND u.valid_to IS NULL LOOP
				BEGIN
					PERFORM lead_align._check_predicate(t.relid, r.predicate);
				EXCEPTION WHEN OTHERS THEN
					RAISE EXCEPTION USING ERRCODE = 'dependent_objects_still_exist',
						MESSAGE = pg_catalog.format('rule %s of table %s no longer compiles: %s', r.name, t.relid, SQLERRM),
						HINT = pg_catalog.format('Drop or change the rule first: SELECT lead_align.drop_rule(%L, %L);', t.relid::pg_catalog.text, r.name);
				END;
			END LOOP;
		END LOOP;
	END LOOP;
END $$;
COMMENT ON FUNCTION lead_align._ddl_check() IS 'event trigger: refuse DDL that breaks a track''s mapped columns, key or rules; guard new partitions against TRUNCATE';

CREATE OR REPLACE FUNCTION lead_align._ddl_drop() RETURNS event_trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	t lead_align.track;
BEGIN
	-- a dropped tracked table deactivates its track, which forgets the OID
	UPDATE lead_align.track k SET active = false, relid = NULL
	  FROM pg_catalog.pg_event_trigger_dropped_objects() o
	 WHERE o.object_type OPERATOR(pg_catalog.=) 'table' AND o.objid OPERATOR(pg_catalog.=) k.relid::pg_catalog.oid;
	-- a dropped index or constraint must leave each key unique
	IF EXISTS (SELECT FROM pg_catalog.pg_event_trigger_dropped_objects() o
				WHERE o.object_type OPERATOR(pg_catalog.=) ANY (ARRAY['index', 'table constraint'])) THEN
		FOR t IN SELECT * FROM lead_align.track k
				 WHERE k.active AND EXISTS (SELECT FROM pg_catalog.pg_class c WHERE c.oid OPERATOR(pg_catalog.=) k.relid::pg_catalog.oid) LOOP
			PERFORM lead_align._check_key(t.relid, t.key_column);
		END LOOP;
	END IF;
END $$;
COMMENT ON FUNCTION lead_align._ddl_drop() IS 'event trigger: a dropped tracked table deactivates its track; a dropped key index is refused';
REVOKE ALL ON FUNCTION lead_align._ddl_check(), lead_align._ddl_drop() FROM PUBLIC;

CREATE EVENT TRIGGER lead_align_ddl_check ON ddl_command_end
	WHEN TAG IN ('ALTER TABLE', 'CREATE TABLE') EXECUTE FUNCTION lead_align._ddl_check();
CREATE EVENT TRIGGER lead_align_ddl_drop ON sql_drop
	WHEN TAG IN ('DROP TABLE', 'DROP SCHEMA', 'DROP OWNED', 'DROP INDEX', 'ALTER TABLE')
	EXECUTE FUNCTION lead_align._ddl_drop();

-------------------------------------------------------------------------------
-- move() and reclassify() in C; the helpers that 0.3's SQL versions needed
-- (and that PUBLIC could call) go.
-------------------------------------------------------------------------------
DROP FUNCTION lead_align.move(regclass, text, lead_align.lead_stage, text, text);
CREATE FUNCTION lead_align.move(track regclass, key text, stage lead_align.lead_stage,
	reason text DEFAULT NULL, note text DEFAULT NULL) RETURNS void
	AS 'MODULE_PATHNAME', 'la_move' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION lead_align.move(regclass, text, lead_align.lead_stage, text, text) IS 'move a lead to a stage with a reason and a note: the UPDATE a CRM would make, as the caller, checked by the agreement';

DROP PROCEDURE lead_align.reclassify(regclass, integer, bigint, bigint, bigint);
CREATE PROCEDURE lead_align.reclassify(track regclass, batch_size integer DEFAULT 10000,
	INOUT rows_updated bigint DEFAULT 0, INOUT stage_changes bigint DEFAULT 0, INOUT rows_skipped bigint DEFAULT 0)
	AS 'MODULE_PATHNAME', 'la_reclassify' LANGUAGE C;
COMMENT ON PROCEDURE lead_align.reclassify(regclass, integer, bigint, bigint, bigint) IS 're-evaluate every lead''s rules in batches (committing per batch, skipping locked rows); for rules that depend on the date';

DROP FUNCTION lead_align._stale(regclass, integer, record);
DROP FUNCTION lead_align._move_target(regclass, lead_align.lead_stage);
DROP FUNCTION lead_align._track_id(regclass);

-------------------------------------------------------------------------------
-- The configuration API: public C wrappers over SECURITY DEFINER
-- implementations that PUBLIC may not execute (see the top of this file).
-- Every function that takes a table names that parameter track.
-------------------------------------------------------------------------------
-- track: 0.3's first_touch is touch (every new value is a touch) and note
-- and calendar_column are new, so the signature changes; the checks and
-- the storing are one function, shared with alter_track()
DROP FUNCTION lead_align.track(regclass, name, name, name, name, name, name, name, name, name, name[], lead_align.business_calendar, lead_align.lead_temperature, numeric, numeric, text);
DROP FUNCTION lead_align._typed_columns(regclass, name, name, name, name, name, name, name, boolean);
-- Internal: check the columns of the roles that have a type (stage,
-- temperature, fit, interest, touch, event_time, reason, note,
-- calendar_column); the one list of allowed types, used by track(),
-- alter_track() and by the DDL event trigger.  Returns the stage column's
-- base type.
CREATE FUNCTION lead_align._typed_columns(tbl regclass, stage name, temperature name, fit name,
	interest name, touch name, event_time name, reason name, note name, calendar_column name,
	stage_written boolean) RETURNS oid
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	c_score_types CONSTANT regtype[] := ARRAY['pg_catalog.int2', 'pg_catalog.int4', 'pg_catalog.int8', 'pg_catalog.numeric']::regtype[];
	c_time_types CONSTANT regtype[] := ARRAY['pg_catalog.timestamptz']::regtype[];
	v_stage record;
BEGIN
	v_stage := lead_align._track_column(tbl, 'stage', stage,
		ARRAY['lead_align.lead_stage', 'pg_catalog.text', 'pg_catalog.varchar']::regtype[], true, stage_written,
		'lead_align.lead_stage, or text, varchar or an enum whose labels are mapped with lead_align.map_stage()');
	PERFORM lead_align._track_column(tbl, 'temperature', temperature,
		ARRAY['lead_align.lead_temperature', 'pg_catalog.text', 'pg_catalog.varchar']::regtype[], false, true,
		'lead_align.lead_temperature, text or varchar');
	PERFORM lead_align._track_column(tbl, 'fit', fit, c_score_types, false, true,
		'smallint, integer, bigint or numeric');
	PERFORM lead_align._track_column(tbl, 'interest', interest, c_score_types, false, true,
		'smallint, integer, bigint or numeric');
	PERFORM lead_align._track_column(tbl, 'touch', touch, c_time_types, false, false,
		'timestamptz (timestamp with time zone)');
	PERFORM lead_align._track_column(tbl, 'event_time', event_time, c_time_types, false, false,
		'timestamptz (timestamp with time zone)');
	PERFORM lead_align._track_column(tbl, 'reason', reason,
		ARRAY['pg_catalog.text', 'pg_catalog.varchar']::regtype[], false, false, 'text or varchar');
	PERFORM lead_align._track_column(tbl, 'note', note,
		ARRAY['pg_catalog.text', 'pg_catalog.varchar']::regtype[], false, false, 'text or varchar');
	PERFORM lead_align._track_column(tbl, 'calendar_column', calendar_column,
		ARRAY['lead_align.business_calendar']::regtype[], false, false, 'lead_align.business_calendar (or a domain over it)');
	RETURN v_stage.col_basetype;
END $$;
REVOKE ALL ON FUNCTION lead_align._typed_columns(regclass, name, name, name, name, name, name, name, name, name, boolean) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._typed_columns(regclass, name, name, name, name, name, name, name, name, name, boolean) IS 'internal: check the typed columns of a track (the one list of allowed types)';


-- Internal: validate a track's configuration against its table and store
-- it; returns the track id.  The one body behind track() (alter_id NULL: a
-- new track, or a table tracked before gets its id back) and alter_track()
-- (alter_id: the active track to change, given every setting it will have).
-- Called by their SECURITY DEFINER implementations after the caller check.
CREATE FUNCTION lead_align._store_track(
	alter_id integer,
	tbl regclass,
	key name,
	stage name,
	temperature name,
	fit name,
	interest name,
	owner name,
	touch name,
	event_time name,
	reason name,
	note name,
	calendar_column name,
	dimensions name[],
	calendar lead_align.business_calendar,
	handoff_temperature lead_align.lead_temperature,
	fit_threshold numeric,
	interest_threshold numeric,
	mode text)
RETURNS integer
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_rel record;
	v_id integer;
	v_other record;
	v_key record;
	v_stage_base oid;
	v_index record;
	v_roles text[];
	v_cols name[];
	v_written boolean[];
	v_part record;
	v_rule record;
	v_state text;
	v_msg text;
	i integer;
	j integer;
BEGIN
	-- 3. plain arguments
	IF calendar IS NULL OR fit_threshold IS NULL OR interest_threshold IS NULL OR mode IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
			MESSAGE = 'calendar, fit_threshold, interest_threshold and mode must not be null',
			HINT = 'Leave them out to get the defaults: ''24/7; tz UTC'', 50, 50 and ''enforce''.';
	END IF;
	IF NOT mode OPERATOR(pg_catalog.=) ANY (lead_align.vocabulary('mode')) THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = pg_catalog.format('invalid tracking mode "%s"', mode),
			HINT = 'The mode is enforce (a move the agreement does not allow is an error), record (it is recorded as a violation) or backfill (loading history).';
	END IF;
	dimensions := coalesce(dimensions, '{}');

	-- 4. the table: an ordinary or partitioned, permanent, user table
	SELECT c.relkind, c.relpersistence, c.relname, n.nspname INTO v_rel
	  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
	 WHERE c.oid OPERATOR(pg_catalog.=) tbl;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING ERRCODE = 'undefined_table',
			MESSAGE = pg_catalog.format('relation with OID %s does not exist', tbl::oid);
	END IF;
	IF NOT v_rel.relkind OPERATOR(pg_catalog.=) ANY (ARRAY['r', 'p']::"char"[]) THEN
		RAISE EXCEPTION USING ERRCODE = 'wrong_object_type',
			MESSAGE = pg_catalog.format('cannot track %s: it is %s', tbl,
				CASE
					WHEN v_rel.relkind OPERATOR(pg_catalog.=) 'v' THEN 'a view'
					WHEN v_rel.relkind OPERATOR(pg_catalog.=) 'm' THEN 'a materialized view'
					WHEN v_rel.relkind OPERATOR(pg_catalog.=) 'f' THEN 'a foreign table'
					WHEN v_rel.relkind OPERATOR(pg_catalog.=) 'S' THEN 'a sequence'
					WHEN v_rel.relkind OPERATOR(pg_catalog.=) 'i' THEN 'an index'
					WHEN v_rel.relkind OPERATOR(pg_catalog.=) 'I' THEN 'a partitioned index'
					WHEN v_rel.relkind OPERATOR(pg_catalog.=) 'c' THEN 'a composite type'
					WHEN v_rel.relkind OPERATOR(pg_catalog.=) 't' THEN 'a TOAST table'
					ELSE 'not a table' END),
			HINT = 'Only ordinary and partitioned tables can be tracked; for a view, track the table behind it.';
	END IF;
	IF v_rel.relpersistence OPERATOR(pg_catalog.=) 't' THEN
		RAISE EXCEPTION USING ERRCODE = 'feature_not_supported',
			MESSAGE = pg_catalog.format('cannot track temporary table %s', tbl),
			HINT = 'A track outlives the session; track a permanent table.';
	END IF;
	IF v_rel.nspname OPERATOR(pg_catalog.=) ANY (ARRAY['pg_catalog', 'information_schema', 'pg_toast', 'lead_align']::name[]) THEN
		RAISE EXCEPTION USING ERRCODE = 'wrong_object_type',
			MESSAGE = pg_catalog.format('cannot track %s: it is a system or lead_align table', tbl),
			HINT = 'Track a table of your CRM schema.';
	END IF;

	-- Inheritance children would change stage unchecked (only partitions
	-- get the triggers), and Citus would run the triggers on its shards.
	IF EXISTS (SELECT FROM pg_catalog.pg_inherits i
				 JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) i.inhrelid
				WHERE (i.inhparent OPERATOR(pg_catalog.=) tbl OR i.inhrelid OPERATOR(pg_catalog.=) tbl)
				  AND NOT c.relispartition) THEN
		RAISE EXCEPTION USING ERRCODE = 'feature_not_supported',
			MESSAGE = pg_catalog.format('cannot track %s: it is part of an inheritance hierarchy', tbl),
			DETAIL = 'Rows of inheritance children would change stage without the triggers, which only partitions get.',
			HINT = 'Use declarative partitioning (PARTITION OF), or track each table of the hierarchy on its own after removing the inheritance.';
	END IF;
	PERFORM lead_align._check_citus(tbl);

	-- Hold off concurrent DDL, writes and track() calls on the table until
	-- commit (the mode CREATE TRIGGER takes), then look again.
	EXECUTE pg_catalog.format('LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE', tbl);

	-- 5. not tracked already (for track(); alter_track() changes the active
	-- track), nor a partition or partitioned parent of another tracked table
	IF alter_id IS NULL
	   AND EXISTS (SELECT FROM lead_align.track k WHERE k.relid OPERATOR(pg_catalog.=) tbl AND k.active) THEN
		RAISE EXCEPTION USING ERRCODE = 'duplicate_object',
			MESSAGE = pg_catalog.format('table %s is already tracked', tbl),
			HINT = pg_catalog.format('Change how it is tracked with alter_track, e.g. SELECT lead_align.alter_track(%L, mode => ''enforce'');', tbl::text);
	END IF;
	SELECT k.id, k.relid INTO v_other FROM lead_align.track k
	 WHERE k.active AND (alter_id IS NULL OR k.id OPERATOR(pg_catalog.<>) alter_id)
	   AND (k.relid OPERATOR(pg_catalog.=) ANY (ARRAY(SELECT a.relid FROM pg_catalog.pg_partition_ancestors(tbl) a))
	        OR k.relid OPERATOR(pg_catalog.=) ANY (ARRAY(SELECT d.relid FROM pg_catalog.pg_partition_tree(tbl) d)))
	 LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION USING ERRCODE = 'duplicate_object',
			MESSAGE = pg_catalog.format('cannot track %s: it is in the same partition tree as tracked table %s',
				tbl, v_other.relid),
			HINT = 'Track a partitioned table as a whole, or its partitions one by one, not both.';
	END IF;

	-- 6. every named column, by role
	v_key := lead_align._track_column(tbl, 'key', key, NULL, false, false, NULL);
	v_stage_base := lead_align._typed_columns(tbl, stage, temperature, fit, interest, touch,
		event_time, reason, note, calendar_column, handoff_temperature IS NOT NULL);
	PERFORM lead_align._track_column(tbl, 'owner', owner, NULL, false, false, NULL);
	FOR i IN 1 .. coalesce(pg_catalog.array_length(dimensions, 1), 0) LOOP
		IF dimensions[i] IS NULL THEN
			RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
				MESSAGE = 'dimensions must not contain null',
				HINT = 'List column names, e.g. ARRAY[''source'', ''campaign''].';
		END IF;
		PERFORM lead_align._track_column(tbl, 'dimension', dimensions[i], NULL, false, false, NULL);
		FOR j IN 1 .. i OPERATOR(pg_catalog.-) 1 LOOP
			IF dimensions[j] OPERATOR(pg_catalog.=) dimensions[i] THEN
				RAISE EXCEPTION USING ERRCODE = 'duplicate_column',
					MESSAGE = pg_catalog.format('column "%s" is listed twice in dimensions', dimensions[i]),
					HINT = 'List each dimension column once.';
			END IF;
		END LOOP;
	END LOOP;

	-- a note is recorded only together with a reason, from the same source
	IF note IS NOT NULL AND reason IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = pg_catalog.format('note column "%s" of table %s needs a reason column', note, tbl),
			DETAIL = 'A note is recorded only together with the reason of a move.',
			HINT = 'Map the column that carries the reason code too: reason => ''<text column>''.';
	END IF;

	-- 7. each of these roles needs a column of its own (the trigger writes
	-- temperature, fit, interest, and the stage when handoff_temperature is
	-- set; it checks the key never changes); owner and dimensions may repeat
	-- any column.
	v_roles := ARRAY['key', 'stage', 'temperature', 'fit', 'interest', 'touch', 'event_time', 'reason',
					 'note', 'calendar_column'];
	v_cols := ARRAY[key, stage, temperature, fit, interest, touch, event_time, reason, note, calendar_column];
	v_written := ARRAY[false, handoff_temperature IS NOT NULL, true, true, true, false, false, false, false, false];
	FOR i IN 2 .. pg_catalog.array_length(v_cols, 1) LOOP
		FOR j IN 1 .. i OPERATOR(pg_catalog.-) 1 LOOP
			IF v_cols[i] OPERATOR(pg_catalog.=) v_cols[j] THEN
				RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
					MESSAGE = pg_catalog.format('column "%s" of table %s cannot be both the %s column and the %s column',
						v_cols[i], tbl, v_roles[j], v_roles[i]),
					DETAIL = CASE WHEN v_written[i] OR v_written[j]
						THEN pg_catalog.format('The trigger writes the %s column.', CASE WHEN v_written[i] THEN v_roles[i] ELSE v_roles[j] END)
						ELSE 'The track reads the two roles for different purposes.' END,
					HINT = 'key, stage, temperature, fit, interest, touch, event_time, reason, note and calendar_column each need a column of their own; owner and dimensions may repeat any column.';
			END IF;
		END LOOP;
	END LOOP;

	-- 8. no column the trigger writes is part of a partition key of this
	-- table, its partitions or its ancestors: a BEFORE ROW trigger cannot move
	-- a row to another partition.  Partition key columns, plain or inside an
	-- expression, depend internally on their table.  (Checked before the key,
	-- whose unique index must include the partition key: the partition key is
	-- the real problem.)
	FOR i IN 1 .. pg_catalog.array_length(v_cols, 1) LOOP
		CONTINUE WHEN NOT v_written[i] OR v_cols[i] IS NULL;
		SELECT p.partrelid::regclass AS rel INTO v_part
		  FROM pg_catalog.pg_partitioned_table p
		  JOIN pg_catalog.pg_attribute x ON x.attrelid OPERATOR(pg_catalog.=) p.partrelid
									   AND x.attname OPERATOR(pg_catalog.=) v_cols[i] AND NOT x.attisdropped
		 WHERE (p.partrelid OPERATOR(pg_catalog.=) ANY (ARRAY(SELECT d.relid FROM pg_catalog.pg_partition_tree(tbl) d))
				OR p.partrelid OPERATOR(pg_catalog.=) ANY (ARRAY(SELECT a.relid FROM pg_catalog.pg_partition_ancestors(tbl) a)))
		   AND (x.attnum OPERATOR(pg_catalog.=) ANY (p.partattrs::int2[])
				OR EXISTS (SELECT FROM pg_catalog.pg_depend d
							WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::regclass
							  AND d.objid OPERATOR(pg_catalog.=) p.partrelid
							  AND d.objsubid OPERATOR(pg_catalog.=) x.attnum
							  AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::regclass
							  AND d.refobjid OPERATOR(pg_catalog.=) p.partrelid
							  AND d.refobjsubid OPERATOR(pg_catalog.=) 0
							  AND d.deptype OPERATOR(pg_catalog.=) 'i'))
		 ORDER BY p.partrelid
		 LIMIT 1;
		IF FOUND THEN
			RAISE EXCEPTION USING ERRCODE = 'feature_not_supported',
				MESSAGE = pg_catalog.format('column "%s" is part of the partition key of table %s', v_cols[i], v_part.rel),
				DETAIL = pg_catalog.format('The trigger writes the %s column, and a BEFORE ROW trigger cannot move a row to another partition.', v_roles[i]),
				HINT = CASE WHEN v_roles[i] OPERATOR(pg_catalog.=) 'stage'
					THEN 'Partition by columns the trigger does not write, or track without handoff_temperature.'
					ELSE pg_catalog.format('Partition by columns the trigger does not write, or do not map the %s column.', v_roles[i]) END;
		END IF;
	END LOOP;

	-- 9. the key: NOT NULL, with a non-partial unique index on exactly that column
	IF NOT (SELECT x.attnotnull FROM pg_catalog.pg_attribute x
			 WHERE x.attrelid OPERATOR(pg_catalog.=) tbl AND x.attnum OPERATOR(pg_catalog.=) v_key.col_attnum) THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_column_reference',
			MESSAGE = pg_catalog.format('key column "%s" of table %s is nullable', key, tbl),
			DETAIL = 'Every lead needs a key: the ledger records each lead''s events under it.',
			HINT = pg_catalog.format('Declare it NOT NULL (ALTER TABLE %s ALTER COLUMN %I SET NOT NULL), or make it the primary key.', tbl, key);
	END IF;
	IF NOT EXISTS (
		SELECT FROM pg_catalog.pg_index x
		 WHERE x.indrelid OPERATOR(pg_catalog.=) tbl AND x.indisunique AND x.indisvalid AND x.indimmediate
		   AND x.indnkeyatts OPERATOR(pg_catalog.=) 1 AND x.indkey[0] OPERATOR(pg_catalog.=) v_key.col_attnum
		   AND x.indpred IS NULL AND x.indexprs IS NULL) THEN
		-- say why: find a unique index that involves the column
		SELECT x.indexrelid::regclass AS idx,
			   pg_catalog.array_to_string(ARRAY[
				   CASE WHEN x.indpred IS NOT NULL THEN 'is partial' END,
				   CASE WHEN x.indnkeyatts OPERATOR(pg_catalog.>) 1 THEN 'has more than one key column' END,
				   CASE WHEN x.indexprs IS NOT NULL THEN 'is on an expression' END,
				   CASE WHEN NOT EXISTS (SELECT FROM pg_catalog.generate_series(0, x.indnkeyatts OPERATOR(pg_catalog.-) 1) g
										  WHERE x.indkey[g] OPERATOR(pg_catalog.=) v_key.col_attnum)
						 AND v_key.col_attnum OPERATOR(pg_catalog.=) ANY (x.indkey::int2[])
						THEN 'has it only as an INCLUDE column' END,
				   CASE WHEN NOT x.indimmediate THEN 'is deferrable' END,
				   CASE WHEN NOT x.indisvalid THEN 'is not valid' END], ' and ') AS why
		  INTO v_index
		  FROM pg_catalog.pg_index x
		 WHERE x.indrelid OPERATOR(pg_catalog.=) tbl AND x.indisunique
		   AND (v_key.col_attnum OPERATOR(pg_catalog.=) ANY (x.indkey::int2[])
				OR EXISTS (SELECT FROM pg_catalog.pg_depend d
							WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::regclass
							  AND d.objid OPERATOR(pg_catalog.=) x.indexrelid
							  AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::regclass
							  AND d.refobjid OPERATOR(pg_catalog.=) tbl
							  AND d.refobjsubid OPERATOR(pg_catalog.=) v_key.col_attnum))
		 ORDER BY x.indexrelid
		 LIMIT 1;
		IF NOT FOUND THEN
			RAISE EXCEPTION USING ERRCODE = 'invalid_column_reference',
				MESSAGE = pg_catalog.format('key column "%s" of table %s is not unique', key, tbl),
				DETAIL = 'No unique index or constraint covers the column.',
				HINT = pg_catalog.format('Make it the primary key, or add a unique constraint on exactly that column (ALTER TABLE %s ADD UNIQUE (%I)).', tbl, key);
		END IF;
		RAISE EXCEPTION USING ERRCODE = 'invalid_column_reference',
			MESSAGE = pg_catalog.format('key column "%s" of table %s is covered only by unique index %s, which %s',
				key, tbl, v_index.idx, v_index.why),
			DETAIL = 'Uniqueness must hold for the column alone, for every row, at all times.',
			HINT = pg_catalog.format('Add a non-partial unique constraint on exactly that column (ALTER TABLE %s ADD UNIQUE (%I)), or make it the primary key.', tbl, key);
	END IF;

	-- 10. store the track: alter_track() updates the active one; track()
	-- gives a table that was tracked before its id back
	IF alter_id IS NULL THEN
		SELECT k.id INTO v_id FROM lead_align.track k
		 WHERE k.relid OPERATOR(pg_catalog.=) tbl AND NOT k.active
		 ORDER BY k.id DESC LIMIT 1
		   FOR UPDATE;
	ELSE
		v_id := alter_id;
	END IF;
	IF v_id IS NOT NULL THEN
		UPDATE lead_align.track k SET
			table_name = pg_catalog.format('%I.%I', v_rel.nspname, v_rel.relname),
			key_column = _store_track.key, stage_column = _store_track.stage,
			stage_mapped = v_stage_base OPERATOR(pg_catalog.<>) 'lead_align.lead_stage'::regtype,
			temperature_column = _store_track.temperature, fit_column = _store_track.fit,
			interest_column = _store_track.interest, owner_column = _store_track.owner,
			touch_column = _store_track.touch, event_time_column = _store_track.event_time,
			reason_column = _store_track.reason, note_column = _store_track.note,
			calendar_column = _store_track.calendar_column,
			dimensions = _store_track.dimensions, calendar = _store_track.calendar,
			handoff_temperature = _store_track.handoff_temperature,
			fit_threshold = _store_track.fit_threshold, interest_threshold = _store_track.interest_threshold,
			mode = _store_track.mode, active = true,
			-- sweep() alerts only SLAs due after the track is tracked (again)
			-- or leaves backfill, so neither floods the alerts with history
			alerts_since = CASE WHEN alter_id IS NULL
									 OR (k.mode OPERATOR(pg_catalog.=) 'backfill' AND _store_track.mode OPERATOR(pg_catalog.<>) 'backfill')
								THEN pg_catalog.now() ELSE k.alerts_since END
		 WHERE k.id OPERATOR(pg_catalog.=) v_id;
		-- the rules kept from before must still fit the table
		FOR v_rule IN
			SELECT r.name, r.predicate FROM lead_align.rule r
			 WHERE r.track_id OPERATOR(pg_catalog.=) v_id AND r.valid_to IS NULL
			 ORDER BY r.priority, r.id
		LOOP
			BEGIN
				PERFORM lead_align._check_predicate(tbl, v_rule.predicate);
			EXCEPTION WHEN OTHERS THEN
				GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_msg = MESSAGE_TEXT;
				RAISE EXCEPTION USING ERRCODE = v_state,
					MESSAGE = pg_catalog.format('rule "%s" of table %s no longer applies: %s', v_rule.name, tbl, v_msg),
					HINT = pg_catalog.format('Drop it (SELECT lead_align.drop_rule(%L, %L);) and %s again.', tbl::text, v_rule.name,
						CASE WHEN alter_id IS NULL THEN 'track the table' ELSE 'alter the track' END);
			END;
		END LOOP;
	ELSE
		INSERT INTO lead_align.track (relid, table_name, key_column, stage_column, stage_mapped,
				temperature_column, fit_column, interest_column, owner_column, touch_column,
				event_time_column, reason_column, note_column, calendar_column, dimensions, calendar,
				handoff_temperature, fit_threshold, interest_threshold, mode, alerts_since)
		VALUES (tbl, pg_catalog.format('%I.%I', v_rel.nspname, v_rel.relname), key, stage,
				v_stage_base OPERATOR(pg_catalog.<>) 'lead_align.lead_stage'::regtype,
				temperature, fit, interest, owner, touch, event_time, reason, note, calendar_column,
				dimensions, calendar, handoff_temperature, fit_threshold, interest_threshold, mode, pg_catalog.now())
		RETURNING id INTO v_id;
	END IF;
	RETURN v_id;
END $$;
REVOKE ALL ON FUNCTION lead_align._store_track(integer, regclass, name, name, name, name, name, name, name, name, name, name, name, name[], lead_align.business_calendar, lead_align.lead_temperature, numeric, numeric, text) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._store_track(integer, regclass, name, name, name, name, name, name, name, name, name, name, name, name[], lead_align.business_calendar, lead_align.lead_temperature, numeric, numeric, text) IS 'internal: validate and store a track''s configuration, for track() and alter_track()';

CREATE FUNCTION lead_align._track(
	tbl regclass,
	key name,
	stage name,
	temperature name DEFAULT NULL,
	fit name DEFAULT NULL,
	interest name DEFAULT NULL,
	owner name DEFAULT NULL,
	touch name DEFAULT NULL,
	event_time name DEFAULT NULL,
	reason name DEFAULT NULL,
	note name DEFAULT NULL,
	calendar_column name DEFAULT NULL,
	dimensions name[] DEFAULT '{}',
	calendar lead_align.business_calendar DEFAULT '24/7; tz UTC',
	handoff_temperature lead_align.lead_temperature DEFAULT NULL,
	fit_threshold numeric DEFAULT 50,
	interest_threshold numeric DEFAULT 50,
	mode text DEFAULT 'enforce')
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_id integer;
BEGIN
	-- 1. arguments that are not optional
	IF tbl IS NULL OR key IS NULL OR stage IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
			MESSAGE = 'tbl, key and stage must not be null',
			HINT = 'SELECT lead_align.track(''crm.leads'', key => ''id'', stage => ''stage'');';
	END IF;

	-- 2. the caller may configure this table
	PERFORM lead_align._require_configure(tbl);

	-- 3. to 10. the arguments, the table and its columns; the track stored
	v_id := lead_align._store_track(NULL, tbl, key, stage, temperature, fit, interest, owner, touch,
		event_time, reason, note, calendar_column, dimensions, calendar, handoff_temperature,
		fit_threshold, interest_threshold, mode);

	-- 11. the default handoff agreement, unless the track kept its own
	IF NOT EXISTS (SELECT FROM lead_align.transition x WHERE x.track_id OPERATOR(pg_catalog.=) v_id) THEN
		INSERT INTO lead_align.transition (track_id, from_stage, to_stage, team, kind, reason_required)
		SELECT v_id, d.from_stage, d.to_stage, d.team, d.kind, d.reason_required
		  FROM lead_align.default_transition d;
	END IF;

	-- 12. the triggers; their only argument is the track id
	EXECUTE pg_catalog.format('CREATE TRIGGER zz_lead_align_derive BEFORE INSERT OR UPDATE ON %s '
		'FOR EACH ROW EXECUTE FUNCTION lead_align.derive_trigger(%L)', tbl, v_id::text);
	EXECUTE pg_catalog.format('CREATE TRIGGER zz_lead_align_record AFTER INSERT OR UPDATE OR DELETE ON %s '
		'FOR EACH ROW EXECUTE FUNCTION lead_align.record_trigger(%L)', tbl, v_id::text);
	EXECUTE pg_catalog.format('CREATE TRIGGER zz_lead_align_flush AFTER INSERT OR UPDATE OR DELETE ON %s '
		'FOR EACH STATEMENT EXECUTE FUNCTION lead_align.flush_trigger(%L)', tbl, v_id::text);
	EXECUTE pg_catalog.format('CREATE TRIGGER zz_lead_align_truncate BEFORE TRUNCATE ON %s '
		'FOR EACH STATEMENT EXECUTE FUNCTION lead_align.truncate_trigger(%L)', tbl, v_id::text);
	-- statement triggers are not cloned to partitions: TRUNCATE of one
	-- partition is refused by a trigger of its own (new partitions get one
	-- from the DDL event trigger)
	PERFORM lead_align._truncate_guards(tbl, v_id);

	RETURN v_id;
END $$;
REVOKE ALL ON FUNCTION lead_align._track(regclass, name, name, name, name, name, name, name, name, name, name, name, name[], lead_align.business_calendar, lead_align.lead_temperature, numeric, numeric, text) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._track(regclass, name, name, name, name, name, name, name, name, name, name, name, name[], lead_align.business_calendar, lead_align.lead_temperature, numeric, numeric, text) IS 'internal: the implementation of lead_align.track(), run by it as the extension''s owner';
CREATE FUNCTION lead_align.track(
	track regclass,
	key name,
	stage name,
	temperature name DEFAULT NULL,
	fit name DEFAULT NULL,
	interest name DEFAULT NULL,
	owner name DEFAULT NULL,
	touch name DEFAULT NULL,
	event_time name DEFAULT NULL,
	reason name DEFAULT NULL,
	note name DEFAULT NULL,
	calendar_column name DEFAULT NULL,
	dimensions name[] DEFAULT '{}',
	calendar lead_align.business_calendar DEFAULT '24/7; tz UTC',
	handoff_temperature lead_align.lead_temperature DEFAULT NULL,
	fit_threshold numeric DEFAULT 50,
	interest_threshold numeric DEFAULT 50,
	mode text DEFAULT 'enforce')
RETURNS integer
AS 'MODULE_PATHNAME', 'la_configure' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION lead_align.track(regclass, name, name, name, name, name, name, name, name, name, name, name, name[], lead_align.business_calendar, lead_align.lead_temperature, numeric, numeric, text) IS 'track a CRM table: validate the mapped columns, store the configuration, seed the handoff agreement and install the triggers; returns the track id (reused when the table was tracked before)';

-- alter_track: change a track in place
CREATE FUNCTION lead_align._alter_track(
	tbl regclass,
	temperature name DEFAULT NULL,
	fit name DEFAULT NULL,
	interest name DEFAULT NULL,
	owner name DEFAULT NULL,
	touch name DEFAULT NULL,
	event_time name DEFAULT NULL,
	reason name DEFAULT NULL,
	note name DEFAULT NULL,
	calendar_column name DEFAULT NULL,
	dimensions name[] DEFAULT NULL,
	calendar lead_align.business_calendar DEFAULT NULL,
	handoff_temperature lead_align.lead_temperature DEFAULT NULL,
	fit_threshold numeric DEFAULT NULL,
	interest_threshold numeric DEFAULT NULL,
	mode text DEFAULT NULL,
	key name DEFAULT NULL,
	stage name DEFAULT NULL,
	unset text[] DEFAULT '{}')
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	-- the optional settings of a track, in the order of track()'s arguments
	c_optional CONSTANT text[] := ARRAY['temperature', 'fit', 'interest', 'owner', 'touch', 'event_time',
		'reason', 'note', 'calendar_column', 'dimensions', 'calendar', 'handoff_temperature',
		'fit_threshold', 'interest_threshold'];
	t lead_align.track;
	v_given boolean[];
	v_name text;
	v_slas text;
	i integer;
BEGIN
	PERFORM lead_align._require_configure(tbl);

	-- key and stage stay: the ledger records each lead under its key, and the
	-- agreement, the automatic handoff and the stage labels are the stage column's
	IF key IS NOT NULL OR stage IS NOT NULL
	   OR 'key' OPERATOR(pg_catalog.=) ANY (unset) OR 'stage' OPERATOR(pg_catalog.=) ANY (unset) THEN
		RAISE EXCEPTION USING ERRCODE = 'feature_not_supported',
			MESSAGE = pg_catalog.format('the %s column of table %s cannot be altered',
				CASE WHEN key IS NOT NULL OR 'key' OPERATOR(pg_catalog.=) ANY (unset) THEN 'key' ELSE 'stage' END, tbl),
			DETAIL = 'The ledger records each lead under its key, and the agreement, the automatic handoff and the stage labels belong to the stage column.',
			HINT = pg_catalog.format('Untrack the table and track it again with the new columns: SELECT lead_align.untrack(%L); SELECT lead_align.track(%L, key => ..., stage => ...);',
				tbl::text, tbl::text);
	END IF;

	-- unset names optional settings, none of them also given a value
	unset := coalesce(unset, '{}');
	FOREACH v_name IN ARRAY unset LOOP
		IF v_name IS NULL THEN
			RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
				MESSAGE = 'unset must not contain null',
				HINT = 'List the settings to remove, e.g. unset => ARRAY[''owner'', ''touch''].';
		END IF;
		IF NOT v_name OPERATOR(pg_catalog.=) ANY (c_optional) THEN
			RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
				MESSAGE = pg_catalog.format('"%s" is not a setting that can be unset', v_name),
				HINT = pg_catalog.format('The optional settings are %s.', pg_catalog.array_to_string(c_optional, ', '));
		END IF;
	END LOOP;
	v_given := ARRAY[temperature IS NOT NULL, fit IS NOT NULL, interest IS NOT NULL, owner IS NOT NULL,
		touch IS NOT NULL, event_time IS NOT NULL, reason IS NOT NULL, note IS NOT NULL,
		calendar_column IS NOT NULL, dimensions IS NOT NULL, calendar IS NOT NULL,
		handoff_temperature IS NOT NULL, fit_threshold IS NOT NULL, interest_threshold IS NOT NULL];
	FOR i IN 1 .. pg_catalog.array_length(c_optional, 1) LOOP
		IF v_given[i] AND c_optional[i] OPERATOR(pg_catalog.=) ANY (unset) THEN
			RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
				MESSAGE = pg_catalog.format('setting "%s" is both given and unset', c_optional[i]),
				HINT = 'Give it a new value, or unset it, not both.';
		END IF;
	END LOOP;

	t := lead_align._config_track(tbl);
	IF NOT t.active THEN
		RAISE EXCEPTION USING ERRCODE = 'undefined_object',
			MESSAGE = pg_catalog.format('table %s is not tracked', tbl),
			HINT = pg_catalog.format('alter_track changes a track in force; track the table again: SELECT lead_align.track(%L, key => ..., stage => ...);', tbl::text);
	END IF;

	-- a touch SLA needs a touch column (as lead_align.sla() says)
	IF 'touch' OPERATOR(pg_catalog.=) ANY (unset) THEN
		SELECT pg_catalog.string_agg(pg_catalog.format('SELECT lead_align.sla(%L, %L, %s, NULL, kind => ''touch'');',
					tbl::text, s.stage::text, coalesce(pg_catalog.quote_literal(s.temperature::text), 'NULL')),
				' ' ORDER BY s.stage, s.temperature NULLS FIRST)
		  INTO v_slas
		  FROM lead_align.sla s
		 WHERE s.track_id OPERATOR(pg_catalog.=) t.id AND s.kind OPERATOR(pg_catalog.=) 'touch';
		IF v_slas IS NOT NULL THEN
			RAISE EXCEPTION USING ERRCODE = 'dependent_objects_still_exist',
				MESSAGE = pg_catalog.format('cannot unset the touch column of table %s: its touch SLAs need it', tbl),
				HINT = pg_catalog.format('Remove the touch SLAs first: %s', v_slas);
		END IF;
	END IF;

	-- every setting it will have: the given value, the default when unset,
	-- else the one in force; validated and stored as track() does, in place
	-- (the triggers stay, so no write goes untracked)
	RETURN lead_align._store_track(t.id, tbl, t.key_column, t.stage_column,
		CASE WHEN 'temperature' OPERATOR(pg_catalog.=) ANY (unset) THEN NULL
			 ELSE coalesce(temperature, t.temperature_column) END,
		CASE WHEN 'fit' OPERATOR(pg_catalog.=) ANY (unset) THEN NULL ELSE coalesce(fit, t.fit_column) END,
		CASE WHEN 'interest' OPERATOR(pg_catalog.=) ANY (unset) THEN NULL ELSE coalesce(interest, t.interest_column) END,
		CASE WHEN 'owner' OPERATOR(pg_catalog.=) ANY (unset) THEN NULL ELSE coalesce(owner, t.owner_column) END,
		CASE WHEN 'touch' OPERATOR(pg_catalog.=) ANY (unset) THEN NULL ELSE coalesce(touch, t.touch_column) END,
		CASE WHEN 'event_time' OPERATOR(pg_catalog.=) ANY (unset) THEN NULL
			 ELSE coalesce(event_time, t.event_time_column) END,
		CASE WHEN 'reason' OPERATOR(pg_catalog.=) ANY (unset) THEN NULL ELSE coalesce(reason, t.reason_column) END,
		CASE WHEN 'note' OPERATOR(pg_catalog.=) ANY (unset) THEN NULL ELSE coalesce(note, t.note_column) END,
		CASE WHEN 'calendar_column' OPERATOR(pg_catalog.=) ANY (unset) THEN NULL
			 ELSE coalesce(calendar_column, t.calendar_column) END,
		CASE WHEN 'dimensions' OPERATOR(pg_catalog.=) ANY (unset) THEN '{}'::name[]
			 ELSE coalesce(dimensions, t.dimensions) END,
		CASE WHEN 'calendar' OPERATOR(pg_catalog.=) ANY (unset) THEN '24/7; tz UTC'::lead_align.business_calendar
			 ELSE coalesce(calendar, t.calendar) END,
		CASE WHEN 'handoff_temperature' OPERATOR(pg_catalog.=) ANY (unset) THEN NULL
			 ELSE coalesce(handoff_temperature, t.handoff_temperature) END,
		CASE WHEN 'fit_threshold' OPERATOR(pg_catalog.=) ANY (unset) THEN 50
			 ELSE coalesce(fit_threshold, t.fit_threshold) END,
		CASE WHEN 'interest_threshold' OPERATOR(pg_catalog.=) ANY (unset) THEN 50
			 ELSE coalesce(interest_threshold, t.interest_threshold) END,
		coalesce(mode, t.mode));
END $$;
REVOKE ALL ON FUNCTION lead_align._alter_track(regclass, name, name, name, name, name, name, name, name, name, name[], lead_align.business_calendar, lead_align.lead_temperature, numeric, numeric, text, name, name, text[]) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._alter_track(regclass, name, name, name, name, name, name, name, name, name, name[], lead_align.business_calendar, lead_align.lead_temperature, numeric, numeric, text, name, name, text[]) IS 'internal: the implementation of lead_align.alter_track(), run by it as the extension''s owner';
CREATE FUNCTION lead_align.alter_track(
	track regclass,
	temperature name DEFAULT NULL,
	fit name DEFAULT NULL,
	interest name DEFAULT NULL,
	owner name DEFAULT NULL,
	touch name DEFAULT NULL,
	event_time name DEFAULT NULL,
	reason name DEFAULT NULL,
	note name DEFAULT NULL,
	calendar_column name DEFAULT NULL,
	dimensions name[] DEFAULT NULL,
	calendar lead_align.business_calendar DEFAULT NULL,
	handoff_temperature lead_align.lead_temperature DEFAULT NULL,
	fit_threshold numeric DEFAULT NULL,
	interest_threshold numeric DEFAULT NULL,
	mode text DEFAULT NULL,
	key name DEFAULT NULL,
	stage name DEFAULT NULL,
	unset text[] DEFAULT '{}')
RETURNS integer
AS 'MODULE_PATHNAME', 'la_configure' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION lead_align.alter_track(regclass, name, name, name, name, name, name, name, name, name, name[], lead_align.business_calendar, lead_align.lead_temperature, numeric, numeric, text, name, name, text[]) IS 'change how a tracked table is tracked: the arguments given (not NULL) change, unset names optional settings to remove (calendar returns to 24/7; tz UTC, thresholds to 50); validated like track(), in place, with no untracked moment; key and stage cannot change; returns the track id';

-- untrack
ALTER FUNCTION lead_align.untrack(regclass, boolean) RENAME TO _untrack;
CREATE OR REPLACE FUNCTION lead_align._untrack(tbl regclass, purge boolean DEFAULT false) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	t lead_align.track;
	v_trigger name;
	v_part record;
BEGIN
	PERFORM lead_align._require_configure(tbl);
	t := lead_align._config_track(tbl);

	-- Drop our four triggers (found by name and function, so a trigger of the
	-- user's is never touched); clones on partitions go with them.  The table
	-- may be gone already (an orphaned track, named by OID).
	IF EXISTS (SELECT FROM pg_catalog.pg_class c WHERE c.oid OPERATOR(pg_catalog.=) tbl) THEN
		EXECUTE pg_catalog.format('LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE', tbl);
		FOR v_trigger IN
			SELECT g.tgname FROM pg_catalog.pg_trigger g
			  JOIN pg_catalog.pg_proc p ON p.oid OPERATOR(pg_catalog.=) g.tgfoid
			  JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) p.pronamespace
			 WHERE g.tgrelid OPERATOR(pg_catalog.=) tbl
			   AND g.tgparentid OPERATOR(pg_catalog.=) 0
			   AND n.nspname OPERATOR(pg_catalog.=) 'lead_align'
			   AND g.tgname OPERATOR(pg_catalog.=) ANY (ARRAY['zz_lead_align_derive', 'zz_lead_align_record',
														  'zz_lead_align_flush', 'zz_lead_align_truncate']::name[])
			 ORDER BY g.tgname
		LOOP
			EXECUTE pg_catalog.format('DROP TRIGGER %I ON %s', v_trigger, tbl);
		END LOOP;
		-- the TRUNCATE guards of its partitions
		FOR v_part IN
			SELECT g.tgrelid::pg_catalog.regclass AS rel FROM pg_catalog.pg_trigger g
			 WHERE g.tgrelid OPERATOR(pg_catalog.=) ANY (ARRAY(SELECT d.relid FROM pg_catalog.pg_partition_tree(tbl) d
															  WHERE d.relid OPERATOR(pg_catalog.<>) tbl))
			   AND g.tgname OPERATOR(pg_catalog.=) 'zz_lead_align_truncate' AND g.tgparentid OPERATOR(pg_catalog.=) 0
			 ORDER BY 1
		LOOP
			EXECUTE pg_catalog.format('DROP TRIGGER zz_lead_align_truncate ON %s', v_part.rel);
		END LOOP;
	END IF;

	IF purge THEN
		DELETE FROM lead_align.handoff h WHERE h.track_id OPERATOR(pg_catalog.=) t.id;
		DELETE FROM lead_align.lead_current c WHERE c.track_id OPERATOR(pg_catalog.=) t.id;
		DELETE FROM lead_align.lead_cycle y WHERE y.track_id OPERATOR(pg_catalog.=) t.id;
		DELETE FROM lead_align.stage_map x WHERE x.track_id OPERATOR(pg_catalog.=) t.id;
		DELETE FROM lead_align.rule x WHERE x.track_id OPERATOR(pg_catalog.=) t.id;
		DELETE FROM lead_align.reason x WHERE x.track_id OPERATOR(pg_catalog.=) t.id;
		DELETE FROM lead_align.reason_disabled x WHERE x.track_id OPERATOR(pg_catalog.=) t.id;
		DELETE FROM lead_align.transition x WHERE x.track_id OPERATOR(pg_catalog.=) t.id;
		DELETE FROM lead_align.sla x WHERE x.track_id OPERATOR(pg_catalog.=) t.id;
		DELETE FROM lead_align.volume_sla x WHERE x.track_id OPERATOR(pg_catalog.=) t.id;
		DELETE FROM lead_align.team_calendar x WHERE x.track_id OPERATOR(pg_catalog.=) t.id;
		DELETE FROM lead_align.sla_alert x WHERE x.track_id OPERATOR(pg_catalog.=) t.id;
		DELETE FROM lead_align.sweep_state x WHERE x.track_id OPERATOR(pg_catalog.=) t.id;
		-- and the track itself (no foreign keys: each table was cleared above)
		DELETE FROM lead_align.track k WHERE k.id OPERATOR(pg_catalog.=) t.id;
	ELSIF NOT t.active THEN
		RAISE NOTICE 'table % is not tracked', tbl;
	ELSE
		UPDATE lead_align.track k SET active = false WHERE k.id OPERATOR(pg_catalog.=) t.id;
	END IF;
END $$;
REVOKE ALL ON FUNCTION lead_align._untrack(regclass, boolean) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._untrack(regclass, boolean) IS 'internal: the implementation of lead_align.untrack(), run by it as the extension''s owner';
CREATE FUNCTION lead_align.untrack(track regclass, purge boolean DEFAULT false)
RETURNS void
AS 'MODULE_PATHNAME', 'la_configure' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION lead_align.untrack(regclass, boolean) IS 'stop tracking a table: drop its triggers and mark the track inactive; purge => true also deletes its configuration and ledger';

-- map_stage: canonical => true names the label written for a stage, so the
-- signature changes
DROP FUNCTION lead_align.map_stage(regclass, text, lead_align.lead_stage);
CREATE FUNCTION lead_align._map_stage(tbl regclass, label text, stage lead_align.lead_stage,
	canonical boolean DEFAULT false) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	t lead_align.track;
	v_type oid;
	v_base oid;
	v_typtype "char";
	v_labels text;
	v_used boolean;
BEGIN
	PERFORM lead_align._require_configure(tbl);
	IF label IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
			MESSAGE = 'the stage label must not be null',
			HINT = 'A lead whose stage column is NULL has no stage; map the labels your CRM uses, e.g. ''Open - Not Contacted''.';
	END IF;
	IF canonical IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
			MESSAGE = 'canonical must not be null',
			HINT = 'Pass true to make the label the one written for its stage, or leave it out.';
	END IF;
	IF canonical AND stage IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = pg_catalog.format('stage label "%s" cannot be canonical and unmapped', label),
			HINT = 'Map the label to a stage to make it the one written for that stage.';
	END IF;
	t := lead_align._config_track(tbl);
	IF NOT t.stage_mapped THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = pg_catalog.format('stage column "%s" of table %s is a lead_align.lead_stage, which needs no mapping',
				t.stage_column, tbl),
			HINT = 'Map labels only for a text, varchar or enum stage column.';
	END IF;

	-- an enum stage column admits only its own labels
	SELECT x.atttypid INTO v_type FROM pg_catalog.pg_attribute x
	 WHERE x.attrelid OPERATOR(pg_catalog.=) tbl AND x.attname OPERATOR(pg_catalog.=) t.stage_column AND NOT x.attisdropped;
	v_base := v_type;
	LOOP
		SELECT y.typtype, y.typbasetype INTO v_typtype, v_type FROM pg_catalog.pg_type y WHERE y.oid OPERATOR(pg_catalog.=) v_base;
		EXIT WHEN NOT FOUND OR v_typtype OPERATOR(pg_catalog.<>) 'd';
		v_base := v_type;
	END LOOP;
	IF v_typtype OPERATOR(pg_catalog.=) 'e'
	   AND NOT EXISTS (SELECT FROM pg_catalog.pg_enum e
					    WHERE e.enumtypid OPERATOR(pg_catalog.=) v_base AND e.enumlabel::text OPERATOR(pg_catalog.=) label) THEN
		SELECT pg_catalog.string_agg(pg_catalog.quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) INTO v_labels
		  FROM pg_catalog.pg_enum e WHERE e.enumtypid OPERATOR(pg_catalog.=) v_base;
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = pg_catalog.format('"%s" is not a label of enum type %s of stage column "%s" of table %s',
				label, v_base::regtype, t.stage_column, tbl),
			HINT = pg_catalog.format('The labels are %s.', coalesce(v_labels, '(none)'));
	END IF;

	IF stage IS NULL THEN
		-- rows that still carry the label could never be updated again
		EXECUTE pg_catalog.format('SELECT EXISTS (SELECT FROM %s t WHERE t.%I::pg_catalog.text OPERATOR(pg_catalog.=) $1)',
								  tbl, t.stage_column)
		   INTO v_used USING label;
		IF v_used AND t.active THEN
			RAISE EXCEPTION USING ERRCODE = 'dependent_objects_still_exist',
				MESSAGE = pg_catalog.format('stage label "%s" is still used by rows of table %s', label, tbl),
				DETAIL = 'Those rows could not be updated again without a mapping for their stage.',
				HINT = 'Move those rows to another label first, or map the label to another stage instead of unmapping it.';
		END IF;
		DELETE FROM lead_align.stage_map m
		 WHERE m.track_id OPERATOR(pg_catalog.=) t.id AND m.label OPERATOR(pg_catalog.=) _map_stage.label;
		RETURN;
	END IF;
	-- one canonical label per stage: marking this one unmarks any other
	IF canonical THEN
		UPDATE lead_align.stage_map m SET canonical = false
		 WHERE m.track_id OPERATOR(pg_catalog.=) t.id AND m.stage OPERATOR(pg_catalog.=) _map_stage.stage
		   AND m.canonical AND m.label OPERATOR(pg_catalog.<>) _map_stage.label;
	END IF;
	UPDATE lead_align.stage_map m SET stage = _map_stage.stage, canonical = _map_stage.canonical
	 WHERE m.track_id OPERATOR(pg_catalog.=) t.id AND m.label OPERATOR(pg_catalog.=) _map_stage.label;
	IF NOT FOUND THEN
		INSERT INTO lead_align.stage_map (track_id, label, stage, canonical)
		VALUES (t.id, _map_stage.label, _map_stage.stage, _map_stage.canonical);
	END IF;
END $$;
REVOKE ALL ON FUNCTION lead_align._map_stage(regclass, text, lead_align.lead_stage, boolean) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._map_stage(regclass, text, lead_align.lead_stage, boolean) IS 'internal: the implementation of lead_align.map_stage(), run by it as the extension''s owner';
CREATE FUNCTION lead_align.map_stage(track regclass, label text, stage lead_align.lead_stage,
	canonical boolean DEFAULT false)
RETURNS void
AS 'MODULE_PATHNAME', 'la_configure' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION lead_align.map_stage(regclass, text, lead_align.lead_stage, boolean) IS 'map a label of a text, varchar or enum stage column to a lead_stage (NULL stage removes the mapping); canonical => true makes it the label move() and the automatic handoff write for that stage (none marked: the label spelled as the stage, e.g. ''mql'', else the first label in sort order); each call sets whether the label is canonical';

-- add_rule
ALTER FUNCTION lead_align.add_rule(regclass, lead_align.lead_temperature, text, text, text, integer) RENAME TO _add_rule;
CREATE OR REPLACE FUNCTION lead_align._add_rule(tbl regclass, temperature lead_align.lead_temperature, predicate text,
	description text DEFAULT '', name text DEFAULT NULL, priority integer DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	t lead_align.track;
	v_stored text;
	v_name text := _add_rule.name;
	v_n integer;
	v_seq integer;
	v_ordinal integer;
	v_version integer;
BEGIN
	PERFORM lead_align._require_configure(tbl);
	IF temperature IS NULL OR predicate IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
			MESSAGE = 'the temperature and the predicate of a rule must not be null',
			HINT = 'SELECT lead_align.add_rule(''crm.leads'', ''hot'', $p$decision_date <= current_date + 183$p$, ''decision within 6 months'');';
	END IF;
	t := lead_align._config_track(tbl);

	-- parse, type-check and deparse (C: raises the errors of a bad predicate)
	v_stored := lead_align._check_predicate(tbl, predicate);

	-- rules of this temperature, and classification rules, ever added
	SELECT pg_catalog.count(*) FILTER (WHERE r.temperature OPERATOR(pg_catalog.=) _add_rule.temperature),
		   pg_catalog.count(*)
	  INTO v_n, v_seq
	  FROM lead_align.rule r
	 WHERE r.track_id OPERATOR(pg_catalog.=) t.id AND r.kind OPERATOR(pg_catalog.=) 'temperature';

	IF v_name IS NULL THEN
		LOOP
			v_n := v_n OPERATOR(pg_catalog.+) 1;
			v_name := pg_catalog.format('%s_%s', temperature, v_n);
			EXIT WHEN NOT EXISTS (SELECT FROM lead_align.rule r
								   WHERE r.track_id OPERATOR(pg_catalog.=) t.id
									 AND r.name OPERATOR(pg_catalog.=) v_name AND r.valid_to IS NULL);
		END LOOP;
	ELSE
		PERFORM lead_align._check_rule_name(t.id, tbl, v_name);
	END IF;

	-- default priority: hotter rules first, then in the order added
	v_ordinal := CASE
		WHEN temperature OPERATOR(pg_catalog.=) 'hot'::lead_align.lead_temperature THEN 2
		WHEN temperature OPERATOR(pg_catalog.=) 'warm'::lead_align.lead_temperature THEN 1
		ELSE 0 END;

	UPDATE lead_align.track k SET rules_version = k.rules_version OPERATOR(pg_catalog.+) 1
	 WHERE k.id OPERATOR(pg_catalog.=) t.id
	RETURNING k.rules_version INTO v_version;

	INSERT INTO lead_align.rule (track_id, name, kind, temperature, points, predicate, description, priority, valid_from)
	VALUES (t.id, v_name, 'temperature', _add_rule.temperature, NULL, v_stored, coalesce(_add_rule.description, ''),
			coalesce(_add_rule.priority,
					 (2 OPERATOR(pg_catalog.-) v_ordinal) OPERATOR(pg_catalog.*) 1000000
					 OPERATOR(pg_catalog.+) v_seq OPERATOR(pg_catalog.+) 1),
			v_version);
	RETURN v_name;
END $$;
REVOKE ALL ON FUNCTION lead_align._add_rule(regclass, lead_align.lead_temperature, text, text, text, integer) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._add_rule(regclass, lead_align.lead_temperature, text, text, text, integer) IS 'internal: the implementation of lead_align.add_rule(), run by it as the extension''s owner';
CREATE FUNCTION lead_align.add_rule(track regclass, temperature lead_align.lead_temperature, predicate text,
	description text DEFAULT '', name text DEFAULT NULL, priority integer DEFAULT NULL)
RETURNS text
AS 'MODULE_PATHNAME', 'la_configure' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION lead_align.add_rule(regclass, lead_align.lead_temperature, text, text, text, integer) IS 'add a classification rule: the first matching rule by priority sets the temperature; returns the rule name';

-- add_score
ALTER FUNCTION lead_align.add_score(regclass, text, text, integer, text, text) RENAME TO _add_score;
CREATE OR REPLACE FUNCTION lead_align._add_score(tbl regclass, kind text, predicate text, points integer,
	description text DEFAULT '', name text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	t lead_align.track;
	v_stored text;
	v_name text := _add_score.name;
	v_n integer;
	v_seq integer;
	v_version integer;
BEGIN
	PERFORM lead_align._require_configure(tbl);
	IF kind IS NULL OR predicate IS NULL OR points IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
			MESSAGE = 'the kind, the predicate and the points of a score rule must not be null',
			HINT = 'SELECT lead_align.add_score(''crm.leads'', ''interest'', $p$demo_requested$p$, 40, ''asked for a demo'');';
	END IF;
	IF NOT kind OPERATOR(pg_catalog.=) ANY (ARRAY['fit', 'interest']) THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = pg_catalog.format('invalid score kind "%s"', kind),
			HINT = 'A score is fit (who the lead is: industry, size, role) or interest (what it does: visits, demo requests).';
	END IF;
	t := lead_align._config_track(tbl);

	v_stored := lead_align._check_predicate(tbl, predicate);
	IF lead_align._predicate_uses_scores(tbl, v_stored) THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_object_definition',
			MESSAGE = pg_catalog.format('score rule predicate "%s" uses the pseudo-column fit or interest', predicate),
			DETAIL = 'Score rules compute fit and interest; they cannot read them.',
			HINT = 'Use fit and interest in classification rules (lead_align.add_rule), or name the table''s own columns.';
	END IF;

	SELECT pg_catalog.count(*) FILTER (WHERE r.kind OPERATOR(pg_catalog.=) _add_score.kind),
		   pg_catalog.count(*)
	  INTO v_n, v_seq
	  FROM lead_align.rule r
	 WHERE r.track_id OPERATOR(pg_catalog.=) t.id AND r.kind OPERATOR(pg_catalog.<>) 'temperature';

	IF v_name IS NULL THEN
		LOOP
			v_n := v_n OPERATOR(pg_catalog.+) 1;
			v_name := pg_catalog.format('%s_%s', kind, v_n);
			EXIT WHEN NOT EXISTS (SELECT FROM lead_align.rule r
								   WHERE r.track_id OPERATOR(pg_catalog.=) t.id
									 AND r.name OPERATOR(pg_catalog.=) v_name AND r.valid_to IS NULL);
		END LOOP;
	ELSE
		PERFORM lead_align._check_rule_name(t.id, tbl, v_name);
	END IF;

	UPDATE lead_align.track k SET rules_version = k.rules_version OPERATOR(pg_catalog.+) 1
	 WHERE k.id OPERATOR(pg_catalog.=) t.id
	RETURNING k.rules_version INTO v_version;

	-- score rules all add up; the priority only orders explain()'s output
	INSERT INTO lead_align.rule (track_id, name, kind, temperature, points, predicate, description, priority, valid_from)
	VALUES (t.id, v_name, _add_score.kind, NULL, _add_score.points, v_stored, coalesce(_add_score.description, ''),
			v_seq OPERATOR(pg_catalog.+) 1, v_version);
	RETURN v_name;
END $$;
REVOKE ALL ON FUNCTION lead_align._add_score(regclass, text, text, integer, text, text) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._add_score(regclass, text, text, integer, text, text) IS 'internal: the implementation of lead_align.add_score(), run by it as the extension''s owner';
CREATE FUNCTION lead_align.add_score(track regclass, kind text, predicate text, points integer,
	description text DEFAULT '', name text DEFAULT NULL)
RETURNS text
AS 'MODULE_PATHNAME', 'la_configure' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION lead_align.add_score(regclass, text, text, integer, text, text) IS 'add a fit or interest score rule: the points of every matching rule add up; returns the rule name';

-- drop_rule
ALTER FUNCTION lead_align.drop_rule(regclass, text) RENAME TO _drop_rule;
CREATE OR REPLACE FUNCTION lead_align._drop_rule(tbl regclass, name text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	t lead_align.track;
	v_rule integer;
	v_names text;
	v_version integer;
BEGIN
	PERFORM lead_align._require_configure(tbl);
	t := lead_align._config_track(tbl);
	SELECT r.id INTO v_rule FROM lead_align.rule r
	 WHERE r.track_id OPERATOR(pg_catalog.=) t.id AND r.name OPERATOR(pg_catalog.=) _drop_rule.name AND r.valid_to IS NULL;
	IF NOT FOUND THEN
		SELECT pg_catalog.string_agg(pg_catalog.quote_literal(r.name), ', ' ORDER BY r.kind DESC, r.priority, r.id) INTO v_names
		  FROM lead_align.rule r WHERE r.track_id OPERATOR(pg_catalog.=) t.id AND r.valid_to IS NULL;
		RAISE EXCEPTION USING ERRCODE = 'undefined_object',
			MESSAGE = pg_catalog.format('rule "%s" of table %s does not exist', name, tbl),
			HINT = CASE WHEN v_names IS NULL THEN 'The table has no rules.'
				   ELSE pg_catalog.format('Its rules are %s.', v_names) END;
	END IF;
	UPDATE lead_align.track k SET rules_version = k.rules_version OPERATOR(pg_catalog.+) 1
	 WHERE k.id OPERATOR(pg_catalog.=) t.id
	RETURNING k.rules_version INTO v_version;
	UPDATE lead_align.rule r SET valid_to = v_version WHERE r.id OPERATOR(pg_catalog.=) v_rule;
END $$;
REVOKE ALL ON FUNCTION lead_align._drop_rule(regclass, text) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._drop_rule(regclass, text) IS 'internal: the implementation of lead_align.drop_rule(), run by it as the extension''s owner';
CREATE FUNCTION lead_align.drop_rule(track regclass, name text)
RETURNS void
AS 'MODULE_PATHNAME', 'la_configure' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION lead_align.drop_rule(regclass, text) IS 'end a rule''s validity (rules are versioned, never deleted)';

-- sla
ALTER FUNCTION lead_align.sla(regclass, lead_align.lead_stage, lead_align.lead_temperature, lead_align.sla_window, text) RENAME TO _sla;
CREATE OR REPLACE FUNCTION lead_align._sla(tbl regclass, stage lead_align.lead_stage,
	temperature lead_align.lead_temperature DEFAULT NULL, "window" lead_align.sla_window DEFAULT NULL,
	kind text DEFAULT 'exit')
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	t lead_align.track;
BEGIN
	PERFORM lead_align._require_configure(tbl);
	IF stage IS NULL OR kind IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
			MESSAGE = 'the stage and the kind of an SLA must not be null',
			HINT = 'SELECT lead_align.sla(''crm.leads'', ''mql'', ''hot'', ''1 business hour'');';
	END IF;
	IF NOT kind OPERATOR(pg_catalog.=) ANY (lead_align.vocabulary('sla_kind')) THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = pg_catalog.format('invalid SLA kind "%s"', kind),
			HINT = 'The kind is exit (time to move the lead out of the stage) or touch (time to touch it first).';
	END IF;
	IF lead_align.owner_team(stage) IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = pg_catalog.format('stage %s has no SLA', stage),
			HINT = 'won, lost and disqualified are end stages: no team owns a lead there, so nothing is due.';
	END IF;
	IF "window" IS NOT NULL AND "window" OPERATOR(pg_catalog.<) ("window" OPERATOR(lead_align.*) -1) THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = pg_catalog.format('SLA window "%s" is negative', "window"),
			HINT = 'An SLA window is the time the team has, e.g. ''4 business hours'' or ''2 business days''.';
	END IF;
	t := lead_align._config_track(tbl);
	IF kind OPERATOR(pg_catalog.=) 'touch' AND t.touch_column IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = pg_catalog.format('table %s has no touch column, so a touch SLA can never be met', tbl),
			HINT = pg_catalog.format('Map one first: SELECT lead_align.alter_track(%L, touch => ''<timestamptz column>'');', tbl::text);
	END IF;

	IF "window" IS NULL THEN
		DELETE FROM lead_align.sla s
		 WHERE s.track_id OPERATOR(pg_catalog.=) t.id
		   AND s.stage OPERATOR(pg_catalog.=) _sla.stage
		   AND s.kind OPERATOR(pg_catalog.=) _sla.kind
		   AND (s.temperature OPERATOR(pg_catalog.=) _sla.temperature
				OR (s.temperature IS NULL AND _sla.temperature IS NULL));
		RETURN;
	END IF;
	UPDATE lead_align.sla s SET "window" = _sla."window"
	 WHERE s.track_id OPERATOR(pg_catalog.=) t.id
	   AND s.stage OPERATOR(pg_catalog.=) _sla.stage
	   AND s.kind OPERATOR(pg_catalog.=) _sla.kind
	   AND (s.temperature OPERATOR(pg_catalog.=) _sla.temperature
			OR (s.temperature IS NULL AND _sla.temperature IS NULL));
	IF NOT FOUND THEN
		INSERT INTO lead_align.sla (track_id, stage, temperature, kind, "window")
		VALUES (t.id, _sla.stage, _sla.temperature, _sla.kind, _sla."window");
	END IF;
END $$;
REVOKE ALL ON FUNCTION lead_align._sla(regclass, lead_align.lead_stage, lead_align.lead_temperature, lead_align.sla_window, text) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._sla(regclass, lead_align.lead_stage, lead_align.lead_temperature, lead_align.sla_window, text) IS 'internal: the implementation of lead_align.sla(), run by it as the extension''s owner';
CREATE FUNCTION lead_align.sla(track regclass, stage lead_align.lead_stage,
	temperature lead_align.lead_temperature DEFAULT NULL, "window" lead_align.sla_window DEFAULT NULL,
	kind text DEFAULT 'exit')
RETURNS void
AS 'MODULE_PATHNAME', 'la_configure' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION lead_align.sla(regclass, lead_align.lead_stage, lead_align.lead_temperature, lead_align.sla_window, text) IS 'set the SLA window of a stage (and temperature, NULL = any) for a track; kind exit or touch; a NULL window removes it';

-- add_team
ALTER FUNCTION lead_align.add_team(text, text) RENAME TO _add_team;
CREATE OR REPLACE FUNCTION lead_align._add_team(name text, description text DEFAULT '') RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM lead_align._require_admin('add teams');
	IF name IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
			MESSAGE = 'the team name must not be null',
			HINT = 'SELECT lead_align.add_team(''sdr'', ''sales development reps'');';
	END IF;
	IF name OPERATOR(pg_catalog.!~) '^[a-z][a-z0-9_]*$' THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = pg_catalog.format('invalid team name "%s"', name),
			HINT = 'A team name is lower-case letters, digits and _, starting with a letter, e.g. sdr.';
	END IF;
	IF EXISTS (SELECT FROM lead_align.team m WHERE m.name OPERATOR(pg_catalog.=) _add_team.name) THEN
		RAISE EXCEPTION USING ERRCODE = 'duplicate_object',
			MESSAGE = pg_catalog.format('team "%s" already exists', name),
			HINT = 'Choose another name.';
	END IF;
	INSERT INTO lead_align.team (name, description) VALUES (_add_team.name, coalesce(_add_team.description, ''));
END $$;
REVOKE ALL ON FUNCTION lead_align._add_team(text, text) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._add_team(text, text) IS 'internal: the implementation of lead_align.add_team(), run by it as the extension''s owner';
CREATE FUNCTION lead_align.add_team(name text, description text DEFAULT '')
RETURNS void
AS 'MODULE_PATHNAME', 'la_configure' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION lead_align.add_team(text, text) IS 'add a team to the handoff agreement (admin only)';

-- bind_team
ALTER FUNCTION lead_align.bind_team(text, name) RENAME TO _bind_team;
CREATE OR REPLACE FUNCTION lead_align._bind_team(team text, role name) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_teams text;
BEGIN
	PERFORM lead_align._require_admin('bind teams to roles');
	IF NOT EXISTS (SELECT FROM lead_align.team m WHERE m.name OPERATOR(pg_catalog.=) _bind_team.team) THEN
		SELECT pg_catalog.string_agg(m.name, ', ' ORDER BY m.name) INTO v_teams FROM lead_align.team m;
		RAISE EXCEPTION USING ERRCODE = 'undefined_object',
			MESSAGE = pg_catalog.format('team "%s" does not exist', team),
			HINT = pg_catalog.format('The teams are %s; add one with lead_align.add_team().', v_teams);
	END IF;
	IF role IS NULL THEN
		DELETE FROM lead_align.team_role r WHERE r.team OPERATOR(pg_catalog.=) _bind_team.team;
		RETURN;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles a WHERE a.rolname OPERATOR(pg_catalog.=) _bind_team.role) THEN
		RAISE EXCEPTION USING ERRCODE = 'undefined_object',
			MESSAGE = pg_catalog.format('role "%s" does not exist', role),
			HINT = 'Create the role first, or pass NULL to unbind the team.';
	END IF;
	UPDATE lead_align.team_role r SET role = _bind_team.role WHERE r.team OPERATOR(pg_catalog.=) _bind_team.team;
	IF NOT FOUND THEN
		INSERT INTO lead_align.team_role (team, role) VALUES (_bind_team.team, _bind_team.role);
	END IF;
END $$;
REVOKE ALL ON FUNCTION lead_align._bind_team(text, name) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._bind_team(text, name) IS 'internal: the implementation of lead_align.bind_team(), run by it as the extension''s owner';
CREATE FUNCTION lead_align.bind_team(team text, role name)
RETURNS void
AS 'MODULE_PATHNAME', 'la_configure' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION lead_align.bind_team(text, name) IS 'bind a team to a role, so only its members make the team''s moves; NULL role unbinds (admin only)';

-- add_reason
ALTER FUNCTION lead_align.add_reason(regclass, text, text, text, boolean) RENAME TO _add_reason;
CREATE OR REPLACE FUNCTION lead_align._add_reason(tbl regclass, code text, kind text, description text,
	needs_note boolean DEFAULT false)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	t lead_align.track;
	v_seeded boolean;
BEGIN
	PERFORM lead_align._require_configure(tbl);
	PERFORM lead_align._check_reason_kind(kind);
	IF code IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
			MESSAGE = 'the reason code must not be null',
			HINT = 'SELECT lead_align.add_reason(''crm.leads'', ''no_show'', ''recycle'', ''missed two meetings'');';
	END IF;
	IF code OPERATOR(pg_catalog.!~) '^[a-z][a-z0-9_]*$' THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = pg_catalog.format('invalid reason code "%s"', code),
			HINT = 'A reason code is lower-case letters, digits and _, starting with a letter, e.g. no_show.';
	END IF;
	t := lead_align._config_track(tbl);
	SELECT r.track_id IS NULL INTO v_seeded FROM lead_align.reason r
	 WHERE r.code OPERATOR(pg_catalog.=) _add_reason.code AND r.kind OPERATOR(pg_catalog.=) _add_reason.kind
	   AND (r.track_id IS NULL OR r.track_id OPERATOR(pg_catalog.=) t.id);
	IF FOUND THEN
		RAISE EXCEPTION USING ERRCODE = 'duplicate_object',
			MESSAGE = CASE WHEN v_seeded
				THEN pg_catalog.format('reason code "%s" of kind %s is built in', code, kind)
				ELSE pg_catalog.format('reason code "%s" of kind %s already exists for table %s', code, kind, tbl) END,
			HINT = 'Choose another code; a code can be disabled for a table with lead_align.disable_reason().';
	END IF;
	INSERT INTO lead_align.reason (track_id, code, kind, description, needs_note)
	VALUES (t.id, _add_reason.code, _add_reason.kind, coalesce(_add_reason.description, ''), coalesce(_add_reason.needs_note, false));
END $$;
REVOKE ALL ON FUNCTION lead_align._add_reason(regclass, text, text, text, boolean) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._add_reason(regclass, text, text, text, boolean) IS 'internal: the implementation of lead_align.add_reason(), run by it as the extension''s owner';
CREATE FUNCTION lead_align.add_reason(track regclass, code text, kind text, description text,
	needs_note boolean DEFAULT false)
RETURNS void
AS 'MODULE_PATHNAME', 'la_configure' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION lead_align.add_reason(regclass, text, text, text, boolean) IS 'add a reason code of a kind (reject, recycle, disqualify, lose, reopen) for a track';

-- disable_reason
ALTER FUNCTION lead_align.disable_reason(regclass, text, text, boolean) RENAME TO _disable_reason;
CREATE OR REPLACE FUNCTION lead_align._disable_reason(tbl regclass, code text, kind text, disabled boolean DEFAULT true)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	t lead_align.track;
	v_codes text;
BEGIN
	PERFORM lead_align._require_configure(tbl);
	PERFORM lead_align._check_reason_kind(kind);
	IF disabled IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
			MESSAGE = 'disabled must not be null',
			HINT = 'Pass true to disable the code for this table, false to enable it again.';
	END IF;
	t := lead_align._config_track(tbl);
	IF NOT EXISTS (SELECT FROM lead_align.reason r
					WHERE r.code OPERATOR(pg_catalog.=) _disable_reason.code AND r.kind OPERATOR(pg_catalog.=) _disable_reason.kind
					  AND (r.track_id IS NULL OR r.track_id OPERATOR(pg_catalog.=) t.id)) THEN
		SELECT pg_catalog.string_agg(r.code, ', ' ORDER BY r.code) INTO v_codes FROM lead_align.reason r
		 WHERE r.kind OPERATOR(pg_catalog.=) _disable_reason.kind
		   AND (r.track_id IS NULL OR r.track_id OPERATOR(pg_catalog.=) t.id);
		RAISE EXCEPTION USING ERRCODE = 'undefined_object',
			MESSAGE = pg_catalog.format('reason code "%s" of kind %s does not exist', code, kind),
			HINT = pg_catalog.format('The %s codes of table %s are %s.', kind, tbl, v_codes);
	END IF;
	IF disabled THEN
		INSERT INTO lead_align.reason_disabled (track_id, code, kind)
		SELECT t.id, _disable_reason.code, _disable_reason.kind
		 WHERE NOT EXISTS (SELECT FROM lead_align.reason_disabled d
							WHERE d.track_id OPERATOR(pg_catalog.=) t.id AND d.code OPERATOR(pg_catalog.=) _disable_reason.code
							  AND d.kind OPERATOR(pg_catalog.=) _disable_reason.kind);
	ELSE
		DELETE FROM lead_align.reason_disabled d
		 WHERE d.track_id OPERATOR(pg_catalog.=) t.id AND d.code OPERATOR(pg_catalog.=) _disable_reason.code
		   AND d.kind OPERATOR(pg_catalog.=) _disable_reason.kind;
	END IF;
END $$;
REVOKE ALL ON FUNCTION lead_align._disable_reason(regclass, text, text, boolean) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._disable_reason(regclass, text, text, boolean) IS 'internal: the implementation of lead_align.disable_reason(), run by it as the extension''s owner';
CREATE FUNCTION lead_align.disable_reason(track regclass, code text, kind text, disabled boolean DEFAULT true)
RETURNS void
AS 'MODULE_PATHNAME', 'la_configure' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION lead_align.disable_reason(regclass, text, text, boolean) IS 'disable (or, with false, enable again) a reason code for a track';

-- purge
ALTER FUNCTION lead_align.purge(interval) RENAME TO _purge;
CREATE OR REPLACE FUNCTION lead_align._purge(older_than interval) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	n bigint;
BEGIN
	IF NOT lead_align._caller_is_admin() THEN
		RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
			MESSAGE = 'permission denied to purge the ledger',
			HINT = 'Only superusers and members of lead_align_admin may purge.';
	END IF;
	IF older_than IS NULL OR older_than OPERATOR(pg_catalog.<) '0'::interval THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = pg_catalog.format('purge needs a positive age, not %s', coalesce(older_than::text, 'NULL')),
			HINT = 'Write for example SELECT lead_align.purge(interval ''2 years'');';
	END IF;
	DELETE FROM lead_align.handoff h
	 WHERE h.event_time OPERATOR(pg_catalog.<) (pg_catalog.now() OPERATOR(pg_catalog.-) older_than)
	   AND h.id OPERATOR(pg_catalog.<>) (SELECT pg_catalog.max(x.id) FROM lead_align.handoff x
										  WHERE x.track_id OPERATOR(pg_catalog.=) h.track_id
											AND x.lead_key OPERATOR(pg_catalog.=) h.lead_key)
	   -- and the row that entered the lead's current stage (lead_state reads it)
	   AND h.id OPERATOR(pg_catalog.<>) (SELECT pg_catalog.max(x.id) FROM lead_align.handoff x
										  WHERE x.track_id OPERATOR(pg_catalog.=) h.track_id
											AND x.lead_key OPERATOR(pg_catalog.=) h.lead_key
											AND x.kind OPERATOR(pg_catalog.=) ANY (lead_align.vocabulary('stage_event_kind')));
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n;
END $$;
REVOKE ALL ON FUNCTION lead_align._purge(interval) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._purge(interval) IS 'internal: the implementation of lead_align.purge(), run by it as the extension''s owner';
CREATE FUNCTION lead_align.purge(older_than interval)
RETURNS bigint
AS 'MODULE_PATHNAME', 'la_configure' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION lead_align.purge(interval) IS 'delete ledger rows older than an age, keeping each lead''s latest row (admin only)';

-- forget
ALTER FUNCTION lead_align.forget(regclass, text) RENAME TO _forget;
CREATE OR REPLACE FUNCTION lead_align._forget(track regclass, key text) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	n bigint;
BEGIN
	IF track IS NULL OR key IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
			MESSAGE = 'table and key must not be null',
			HINT = 'Write for example SELECT lead_align.forget(''crm.leads'', ''42'');';
	END IF;
	PERFORM lead_align._caller_may_configure(track);
	DELETE FROM lead_align.handoff h
	 USING lead_align.track k
	 WHERE k.relid OPERATOR(pg_catalog.=) _forget.track AND h.track_id OPERATOR(pg_catalog.=) k.id
	   AND h.lead_key OPERATOR(pg_catalog.=) _forget.key;
	GET DIAGNOSTICS n = ROW_COUNT;
	-- and its current state (a later change of the lead starts afresh)
	DELETE FROM lead_align.lead_current c
	 USING lead_align.track k
	 WHERE k.relid OPERATOR(pg_catalog.=) _forget.track AND c.track_id OPERATOR(pg_catalog.=) k.id
	   AND c.lead_key OPERATOR(pg_catalog.=) _forget.key;
	-- and its ended lead-cycles (the shared numbers count it no more)
	DELETE FROM lead_align.lead_cycle y
	 USING lead_align.track k
	 WHERE k.relid OPERATOR(pg_catalog.=) _forget.track AND y.track_id OPERATOR(pg_catalog.=) k.id
	   AND y.lead_key OPERATOR(pg_catalog.=) _forget.key;
	-- and its SLA alerts, which name the lead and its owner
	DELETE FROM lead_align.sla_alert a
	 USING lead_align.track k
	 WHERE k.relid OPERATOR(pg_catalog.=) _forget.track AND a.track_id OPERATOR(pg_catalog.=) k.id
	   AND a.lead_key OPERATOR(pg_catalog.=) _forget.key;
	RETURN n;
END $$;
REVOKE ALL ON FUNCTION lead_align._forget(regclass, text) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._forget(regclass, text) IS 'internal: the implementation of lead_align.forget(), run by it as the extension''s owner';
CREATE FUNCTION lead_align.forget(track regclass, key text)
RETURNS bigint
AS 'MODULE_PATHNAME', 'la_configure' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION lead_align.forget(regclass, text) IS 'erase every ledger row of one lead (privacy requests); owner of the table or lead_align_admin';


-------------------------------------------------------------------------------
-- Tracking that fits real CRMs: the touch column (every new value is a
-- touch, not only the first), a note column, a per-lead calendar column,
-- calendars per team, the label to write for a stage, and in the ledger the
-- cycle a recycle ended, a touch's own time and a stay's calendar.
-------------------------------------------------------------------------------
ALTER TABLE lead_align.track RENAME COLUMN first_touch_column TO touch_column;
ALTER TABLE lead_align.track
	ADD COLUMN note_column name,
	ADD COLUMN calendar_column name;
ALTER TABLE lead_align.stage_map ADD COLUMN canonical boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX stage_map_canonical ON lead_align.stage_map (track_id, stage) WHERE canonical;
ALTER TABLE lead_align.handoff
	ADD COLUMN from_cycle integer,
	ADD COLUMN touched_at timestamptz,
	ADD COLUMN calendar_id integer;
-- 0.3's rows that started a cycle (a move into nurture from mql, sal, sql,
-- opportunity, lost or disqualified) get the cycle they ended.
UPDATE lead_align.handoff SET from_cycle = cycle OPERATOR(pg_catalog.-) 1
 WHERE to_stage OPERATOR(pg_catalog.=) 'nurture'::lead_align.lead_stage
   AND from_stage OPERATOR(pg_catalog.=) ANY (ARRAY['mql', 'sal', 'sql', 'opportunity', 'lost', 'disqualified']::lead_align.lead_stage[])
   AND cycle OPERATOR(pg_catalog.>) 1;

-- The working hours of a team on a track, for the stays of the stages it
-- owns (when the lead has no calendar of its own in the calendar column).
CREATE TABLE lead_align.team_calendar (
	track_id	integer NOT NULL,
	team		text NOT NULL,
	calendar	lead_align.business_calendar NOT NULL,
	PRIMARY KEY (track_id, team)
);
COMMENT ON TABLE lead_align.team_calendar IS 'per-track working hours of a team; write through lead_align.team_calendar()';
SELECT pg_catalog.pg_extension_config_dump('lead_align.team_calendar', '');
REVOKE ALL ON lead_align.team_calendar FROM PUBLIC;
GRANT SELECT ON lead_align.team_calendar TO lead_align_reader, lead_align_admin;
CREATE TRIGGER lead_align_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON lead_align.team_calendar
	FOR EACH STATEMENT EXECUTE FUNCTION lead_align.config_changed();

-- team_calendar: a team's working hours on a track
CREATE FUNCTION lead_align._team_calendar(tbl regclass, team text, calendar lead_align.business_calendar)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	t lead_align.track;
	v_teams text;
	v_owners text;
BEGIN
	PERFORM lead_align._require_configure(tbl);
	IF team IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
			MESSAGE = 'the team must not be null',
			HINT = 'SELECT lead_align.team_calendar(''crm.leads'', ''marketing'', ''Mo-Fr 09:00-17:00; tz America/New_York'');';
	END IF;
	IF NOT EXISTS (SELECT FROM lead_align.team m WHERE m.name OPERATOR(pg_catalog.=) _team_calendar.team) THEN
		SELECT pg_catalog.string_agg(m.name, ', ' ORDER BY m.name) INTO v_teams FROM lead_align.team m;
		RAISE EXCEPTION USING ERRCODE = 'undefined_object',
			MESSAGE = pg_catalog.format('team "%s" does not exist', team),
			HINT = pg_catalog.format('The teams are %s; add one with lead_align.add_team().', v_teams);
	END IF;
	-- a stay takes the calendar of the team that owns the stage it enters;
	-- a team that owns no stage (one added with add_team) has no stays
	IF calendar IS NOT NULL
	   AND NOT EXISTS (SELECT FROM lead_align.default_transition d
					    WHERE lead_align.owner_team(d.to_stage) OPERATOR(pg_catalog.=) _team_calendar.team) THEN
		SELECT pg_catalog.string_agg(pg_catalog.format('%s owns %s', o.team, o.stages), '; ' ORDER BY o.team) INTO v_owners
		  FROM (SELECT lead_align.owner_team(s.stage) AS team,
					   pg_catalog.string_agg(s.stage::pg_catalog.text, ', ' ORDER BY s.stage) AS stages
				  FROM (SELECT DISTINCT d.to_stage AS stage FROM lead_align.default_transition d) s
				 WHERE lead_align.owner_team(s.stage) IS NOT NULL
				 GROUP BY 1) o;
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = pg_catalog.format('team "%s" owns no stage, so a calendar of its own would apply to no stay', team),
			HINT = pg_catalog.format('A stay takes the calendar of the team that owns the stage it enters: %s.', v_owners);
	END IF;
	t := lead_align._config_track(tbl);

	IF calendar IS NULL THEN
		DELETE FROM lead_align.team_calendar c
		 WHERE c.track_id OPERATOR(pg_catalog.=) t.id AND c.team OPERATOR(pg_catalog.=) _team_calendar.team;
		RETURN;
	END IF;
	UPDATE lead_align.team_calendar c SET calendar = _team_calendar.calendar
	 WHERE c.track_id OPERATOR(pg_catalog.=) t.id AND c.team OPERATOR(pg_catalog.=) _team_calendar.team;
	IF NOT FOUND THEN
		INSERT INTO lead_align.team_calendar (track_id, team, calendar)
		VALUES (t.id, _team_calendar.team, _team_calendar.calendar);
	END IF;
END $$;
REVOKE ALL ON FUNCTION lead_align._team_calendar(regclass, text, lead_align.business_calendar) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._team_calendar(regclass, text, lead_align.business_calendar) IS 'internal: the implementation of lead_align.team_calendar(), run by it as the extension''s owner';
CREATE FUNCTION lead_align.team_calendar(track regclass, team text, calendar lead_align.business_calendar)
RETURNS void
AS 'MODULE_PATHNAME', 'la_configure' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION lead_align.team_calendar(regclass, text, lead_align.business_calendar) IS 'set the working hours of a team on a track, for the stays of the stages it owns when the lead has no calendar of its own (calendar_column); a NULL calendar removes it; later stays only';

-------------------------------------------------------------------------------
-- Stays and the current state of every lead (DESIGN 5.1): local dates on
-- every ledger row, the ended stay on the row that ends it, and
-- lead_align.lead_current, which the triggers write for every event.
-------------------------------------------------------------------------------
ALTER TABLE lead_align.handoff
	ADD COLUMN event_on date,
	ADD COLUMN cycle_started_on date,
	ADD COLUMN entered_at timestamptz,
	ADD COLUMN entered_on date,
	ADD COLUMN entered_id bigint,
	ADD COLUMN stay_cycle integer,
	ADD COLUMN stay_temperature lead_align.lead_temperature,
	ADD COLUMN stay_rule text,
	ADD COLUMN stay_rules_version integer,
	ADD COLUMN stay_dimensions jsonb,
	ADD COLUMN stay_due_at timestamptz,
	ADD COLUMN stay_touch_due_at timestamptz,
	ADD COLUMN first_touch_at timestamptz,
	ADD COLUMN stay_calendar_id integer,
	ADD COLUMN exit_seconds bigint,
	ADD COLUMN touch_seconds bigint;

-- The actor is stored as text (name is 64 bytes a row).
ALTER TABLE lead_align.handoff ALTER COLUMN actor TYPE text;

-- The calendars of stays, each stored once: ledger rows name them by id
-- (a calendar with its holidays is some hundred bytes, and most stays share
-- a few).  Rows are only ever added.
CREATE TABLE lead_align.stay_calendar (
	id			integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	calendar	lead_align.business_calendar NOT NULL UNIQUE
);
COMMENT ON TABLE lead_align.stay_calendar IS 'the calendars stays used, stored once; lead_align.handoff.calendar_id and stay_calendar_id name them';
SELECT pg_catalog.pg_extension_config_dump('lead_align.stay_calendar', '');
SELECT pg_catalog.pg_extension_config_dump('lead_align.stay_calendar_id_seq', '');
REVOKE ALL ON lead_align.stay_calendar FROM PUBLIC;
GRANT SELECT ON lead_align.stay_calendar TO lead_align_reader, lead_align_admin;

-- The current stay of every lead (DESIGN 5.1): written by the AFTER ROW
-- trigger for every event, at once and in the same subtransaction as the
-- change; the trigger reads the lead's previous event from it.  Only that
-- trigger, which holds the CRM row's lock, changes a lead's row.  A deleted
-- lead keeps its row (deleted), so that a key inserted again continues its
-- cycles.  lead_align.rebuild_current(track) recomputes it from the ledger.
CREATE TABLE lead_align.lead_current (
	track_id		integer NOT NULL,
	lead_key		text NOT NULL,
	stage			lead_align.lead_stage NOT NULL,	-- the stage of the current stay
	deleted			boolean NOT NULL DEFAULT false,
	cycle			integer NOT NULL,
	cycle_started_on date,
	entered_at		timestamptz NOT NULL,		-- the current stay: when it began
	entered_on		date,
	entered_id		bigint,						-- the ledger row that began it
	stay_temperature lead_align.lead_temperature,
	stay_rule		text,
	stay_rules_version integer,
	stay_dimensions jsonb,
	due_at			timestamptz,				-- its exit and touch due times
	touch_due_at	timestamptz,
	touched_at		timestamptz,				-- its first touch
	calendar		lead_align.business_calendar,	-- its calendar
	owner			text,						-- the lead now
	temperature		lead_align.lead_temperature,
	rule			text,
	last_event_at	timestamptz NOT NULL,		-- its latest event
	last_id			bigint NOT NULL,
	-- its lead-cycle (cycle, cycle_started_on), as the shared numbers count
	-- it (DESIGN 5.2; 80_shared_numbers.sql, lead_cycles): kept row by row by
	-- the trigger, and written to lead_align.lead_cycle when the next begins
	cycle_first_id	bigint,						-- its first ledger row
	cycle_stage		lead_align.lead_stage,		-- its latest row's stage
	cycle_furthest_stage lead_align.lead_stage,	-- the furthest of mql..won it entered
	cycle_sales_sourced boolean,
	cycle_mql_id	bigint,						-- the row that began its first mql stay
	cycle_mql_at	timestamptz,
	cycle_accepted	boolean,					-- an mql stay left by accept
	cycle_disqualified boolean,					-- an mql stay left by disqualify
	cycle_disqualify_reason text,				-- the first such row's reason
	cycle_rule		text,						-- the mql row's, else the latest row's
	cycle_rules_version integer,
	cycle_temperature lead_align.lead_temperature,
	cycle_dimensions jsonb,						-- the mql row's, else the first row's
	PRIMARY KEY (track_id, lead_key)
);
-- The due-time indexes hold only open stays that have an SLA of their kind
-- (a settled lead, in nurture or an end stage, has no due time): "who is
-- overdue" without a track reads a whole index, which then grows with the
-- open SLAs, not with every lead ever tracked (test/bench/RESULTS.md, the
-- shared numbers), and each write of a settled lead skips them.
CREATE INDEX lead_current_due ON lead_align.lead_current (track_id, due_at) WHERE NOT deleted AND due_at IS NOT NULL;
CREATE INDEX lead_current_touch_due ON lead_align.lead_current (track_id, touch_due_at) WHERE NOT deleted AND touched_at IS NULL AND touch_due_at IS NOT NULL;
COMMENT ON TABLE lead_align.lead_current IS 'the current stay and lead-cycle of every tracked lead; written by the triggers, rebuilt by lead_align.rebuild_current()';

-- The lead-cycles that have ended (DESIGN 5.2): a lead's cycle ends when a
-- move into nurture begins its next one, or when its key is inserted again
-- (after a delete).  The trigger inserts the row then, from the cycle_*
-- columns of the lead's lead_current row, with how it ended: ended_by is the
-- kind of the move (reject, recycle, reopen), or delete when the cycle's
-- latest row was a delete; rejected and reject_reason count a reject from
-- mql by that move as well as a disqualify from mql in the cycle.  Never
-- updated by the trigger; rebuild_current() rewrites a track's rows from
-- its ledger, forget() deletes a lead's, and purge() leaves them: a cohort's
-- numbers outlive the ledger rows purge() deletes.  The funnel, lead_quality and
-- rule_performance views read it with lead_current (the open cycles)
-- through the cohort-month indexes, one row per lead-cycle, instead of
-- grouping the month's ledger rows by lead and cycle.
CREATE TABLE lead_align.lead_cycle (
	track_id		integer NOT NULL,
	lead_key		text NOT NULL,
	cycle			integer NOT NULL,
	started_on		date,						-- the local date it began (its cohort)
	first_id		bigint NOT NULL,			-- its first and latest ledger rows
	last_id			bigint NOT NULL,
	stage			lead_align.lead_stage,		-- its latest row's stage
	furthest_stage	lead_align.lead_stage,
	sales_sourced	boolean NOT NULL,
	mql_id			bigint,
	mql_at			timestamptz,
	accepted		boolean NOT NULL,
	rejected		boolean NOT NULL,
	reject_reason	text,
	ended_by		text,
	rule			text,
	rules_version	integer,
	temperature		lead_align.lead_temperature,
	dimensions		jsonb,
	PRIMARY KEY (track_id, lead_key, cycle)
);
COMMENT ON TABLE lead_align.lead_cycle IS 'the lead-cycles that have ended, one row each, with what the shared numbers count of them; written by the triggers, rebuilt by lead_align.rebuild_current()';
SELECT pg_catalog.pg_extension_config_dump('lead_align.lead_cycle', '');
REVOKE ALL ON lead_align.lead_cycle FROM PUBLIC;
GRANT SELECT ON lead_align.lead_cycle TO lead_align_reader, lead_align_admin;

SELECT pg_catalog.pg_extension_config_dump('lead_align.lead_current', '');
REVOKE ALL ON lead_align.lead_current FROM PUBLIC;
GRANT SELECT ON lead_align.lead_current TO lead_align_reader, lead_align_admin;

-------------------------------------------------------------------------------
-- SLA alerts (DESIGN 5.3): the track's alerts_since, when sweep() last looked
-- at each track (status() reports it), lead_align.sla_alert and sweep().
-------------------------------------------------------------------------------
-- Tracks made before 0.4 alert only SLAs that fall due after the update
-- (the column's default fills them with the time of the update), not the
-- overdue history they already have.
ALTER TABLE lead_align.track ADD COLUMN alerts_since timestamptz NOT NULL DEFAULT pg_catalog.now();

-- When lead_align.sweep() last looked at each track (status() reports it).
-- Run-time state, not configuration: kept apart from lead_align.track so that
-- a sweep every minute does not invalidate every backend's cached tracks, and
-- not dumped (the next sweep writes it again).
CREATE TABLE lead_align.sweep_state (
	track_id	integer PRIMARY KEY,
	last_sweep	timestamptz NOT NULL
);
COMMENT ON TABLE lead_align.sweep_state IS 'when lead_align.sweep() last looked at each track; written by sweep()';
REVOKE ALL ON lead_align.sweep_state FROM PUBLIC;
GRANT SELECT ON lead_align.sweep_state TO lead_align_reader, lead_align_admin;

-- status() gains last_sweep (a new result column: drop and create)
DROP FUNCTION lead_align.status();
CREATE FUNCTION lead_align.status()
RETURNS TABLE (track_id integer, table_name text, active boolean, mode text, rules_version integer,
			   live_rules bigint, triggers_present integer, triggers_enabled integer, ledger_rows bigint,
			   last_event timestamptz, last_sweep timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT k.id, k.table_name, k.active, k.mode, k.rules_version,
		   (SELECT pg_catalog.count(*) FROM lead_align.rule r
			 WHERE r.track_id OPERATOR(pg_catalog.=) k.id AND r.valid_to IS NULL),
		   (SELECT pg_catalog.count(*)::integer FROM pg_catalog.pg_trigger g
			 WHERE g.tgrelid OPERATOR(pg_catalog.=) k.relid::pg_catalog.oid
			   AND g.tgname OPERATOR(pg_catalog.~~) 'zz\_lead\_align\_%'),
		   (SELECT pg_catalog.count(*)::integer FROM pg_catalog.pg_trigger g
			 WHERE g.tgrelid OPERATOR(pg_catalog.=) k.relid::pg_catalog.oid
			   AND g.tgname OPERATOR(pg_catalog.~~) 'zz\_lead\_align\_%' AND g.tgenabled OPERATOR(pg_catalog.<>) 'D'),
		   (SELECT pg_catalog.count(*) FROM lead_align.handoff h WHERE h.track_id OPERATOR(pg_catalog.=) k.id),
		   (SELECT pg_catalog.max(h.event_time) FROM lead_align.handoff h WHERE h.track_id OPERATOR(pg_catalog.=) k.id),
		   (SELECT w.last_sweep FROM lead_align.sweep_state w WHERE w.track_id OPERATOR(pg_catalog.=) k.id)
	  FROM lead_align.track k
	 ORDER BY k.id
$$;
COMMENT ON FUNCTION lead_align.status() IS 'each track''s health: active, mode, rules version, triggers present and enabled, ledger size, last sweep';
REVOKE ALL ON FUNCTION lead_align.status() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lead_align.status() TO lead_align_reader, lead_align_admin;

-------------------------------------------------------------------------------
-- SLA alerts (DESIGN 5.3): lead_align.sweep() records each SLA that fell
-- overdue once in lead_align.sla_alert and sends NOTIFY lead_align_sla.
--
-- What is overdue is read from lead_align.lead_current.  A stay is
-- identified by the ledger row that began it (entered_id), so an SLA is
-- alerted once per stay and kind, however often the sweep runs; a stay whose
-- beginning is not known (entered_id NULL) is not alerted.  Only SLAs due
-- after the track's alerts_since are alerted (set when the track is created
-- and when it leaves backfill, so loading history floods nothing), on active
-- tracks that are not in backfill mode.
--
-- Its cost grows with what happened since the last sweep, not with the
-- ledger nor with the stays that are overdue and were alerted before.  A
-- sweep looks at:
--   1. the stays whose due time fell in [the track's last sweep, now), read
--      through the due-time indexes (lead_current_due, lead_current_touch_due);
--   2. the current stays of the leads with ledger rows written since the
--      last sweeps (a range of the ledger's primary key): a stay written
--      already overdue (an event time in the past) or by a transaction that
--      committed after the last sweep had looked.
-- Part 2 is exact because ledger ids are drawn from a sequence (CACHE 1) by
-- the writing transaction after it has its transaction id.  Each sweep
-- notes, in lead_align.sweep_mark, the sequence's last value, then takes its
-- own transaction id (so every id assigned later is larger) and notes it,
-- and the xmin of its snapshot.  A row the last sweep could not see was
-- written by a transaction whose id is >= that sweep's snapshot xmin, so
-- later than the id of the newest sweep whose id is below that xmin: every
-- ledger id that transaction drew is above the last value that sweep noted.
-- When no such mark exists (the first sweeps, a transaction open since the
-- marks began), when the sequence caches values, or when more than 100,000
-- ledger rows were written since the mark (looking at every overdue stay is
-- then cheaper), part 1 starts at alerts_since instead: every overdue stay
-- is looked at.  A sweep called in a transaction that already has an id
-- leaves no mark.
-- A track with no last sweep (new, or rebuild_current() rewrote its stays)
-- starts at alerts_since too.
-------------------------------------------------------------------------------

-- One row per alerted SLA of a stay.  Nobody but sweep() writes it.
CREATE TABLE lead_align.sla_alert (
	track_id	integer NOT NULL,
	lead_key	text NOT NULL,
	entered_id	bigint NOT NULL,	-- the ledger row that began the stay
	stage		lead_align.lead_stage NOT NULL,
	sla_kind	text NOT NULL CHECK (sla_kind OPERATOR(pg_catalog.=) ANY (lead_align.vocabulary('sla_kind'))),
	due_at		timestamptz NOT NULL,
	owner		text,				-- the lead's owner when alerted
	alerted_at	timestamptz NOT NULL DEFAULT pg_catalog.now(),
	UNIQUE (track_id, lead_key, entered_id, sla_kind)
);
COMMENT ON TABLE lead_align.sla_alert IS 'SLAs that fell overdue, one row per stay and SLA kind (exit, touch); written by lead_align.sweep() only';
SELECT pg_catalog.pg_extension_config_dump('lead_align.sla_alert', '');
REVOKE ALL ON lead_align.sla_alert FROM PUBLIC;
GRANT SELECT ON lead_align.sla_alert TO lead_align_reader, lead_align_admin;

-- What each sweep saw: the ledger id sequence's last value, the sweep's own
-- transaction id, taken after it, and the xmin of its snapshot (see above).
-- Run-time state written and trimmed by sweep() only; not dumped (after a
-- restore the first sweeps look at every overdue stay).
CREATE TABLE lead_align.sweep_mark (
	id			bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	swept_at	timestamptz NOT NULL,
	last_id		bigint NOT NULL,	-- the ledger sequence's last value, read first
	sweep_xid	pg_catalog.xid8 NOT NULL,	-- the sweep's transaction id, taken next
	snap_xmin	pg_catalog.xid8 NOT NULL	-- the xmin of its snapshot, taken last
);
COMMENT ON TABLE lead_align.sweep_mark IS 'internal: what each lead_align.sweep() saw (the ledger''s last id, its snapshot), so the next one looks only at what is new';
REVOKE ALL ON lead_align.sweep_mark FROM PUBLIC;

-- The implementation of sweep().  SECURITY DEFINER: it writes sla_alert and
-- sweep_state, which nobody else may write; the caller must be a superuser
-- or a member of lead_align_admin.  TimeZone is UTC while it runs, so the
-- payload's due_at reads the same whatever the caller's zone.
--
-- One sweep at a time: the lock on sla_alert (which conflicts with itself
-- and with every writer, never with readers) makes a second sweep wait until
-- the first commits; its statements then see what the first recorded.  Each
-- alert is inserted with ON CONFLICT DO NOTHING and notified only from the
-- RETURNING rows, that is by the session whose INSERT inserted it (under
-- REPEATABLE READ, whose snapshot predates the lock, a conflict with a sweep
-- that committed meanwhile is a serialization failure, not a second alert).
-- Notifications are sent at commit, none if the sweep rolls back, in the
-- order track, due time, lead, kind.
CREATE FUNCTION lead_align._sweep() RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET TimeZone = 'UTC'
AS $$
DECLARE
	a record;
	v_payload text;
	n integer := 0;
	v_seq regclass := pg_catalog.pg_get_serial_sequence('lead_align.handoff', 'id')::pg_catalog.regclass;
	v_had_xid boolean := pg_catalog.pg_current_xact_id_if_assigned() IS NOT NULL;
	v_prev_xmin pg_catalog.xid8;
	v_mark bigint;
	v_from bigint;
	v_last bigint;
	v_xid pg_catalog.xid8;
	v_snap pg_catalog.pg_snapshot;
BEGIN
	IF NOT lead_align._caller_is_admin() THEN
		RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
			MESSAGE = 'permission denied to sweep SLA alerts',
			HINT = 'Only superusers and members of lead_align_admin may run lead_align.sweep(); schedule it with pg_cron as one of them.';
	END IF;
	LOCK TABLE lead_align.sla_alert IN SHARE ROW EXCLUSIVE MODE;

	-- the ledger rows the last sweep may not have seen: above the last id
	-- noted by the newest sweep whose transaction id is below the last
	-- sweep's snapshot xmin
	SELECT m.snap_xmin INTO v_prev_xmin FROM lead_align.sweep_mark m ORDER BY m.id DESC LIMIT 1;
	SELECT m.id, m.last_id INTO v_mark, v_from FROM lead_align.sweep_mark m
	 WHERE m.sweep_xid OPERATOR(pg_catalog.<) v_prev_xmin ORDER BY m.id DESC LIMIT 1;
	-- this sweep's mark, in this order: the sequence's last value, this
	-- transaction's id, a snapshot no newer than the one the sweep reads with
	v_last := COALESCE(pg_catalog.pg_sequence_last_value(v_seq), 0);
	v_xid := pg_catalog.pg_current_xact_id();
	v_snap := pg_catalog.pg_current_snapshot();
	IF (SELECT q.seqcache FROM pg_catalog.pg_sequence q WHERE q.seqrelid OPERATOR(pg_catalog.=) v_seq) OPERATOR(pg_catalog.>) 1
	   OR v_last OPERATOR(pg_catalog.-) v_from OPERATOR(pg_catalog.>) 100000 THEN
		v_from := NULL;
	END IF;

	FOR a IN
		WITH k AS MATERIALIZED (
			-- the tracks swept, and where each one's due times start: its
			-- last sweep, or alerts_since (a fence, so that the bound is an
			-- index condition of the due-time scans below)
			SELECT k.id, k.alerts_since,
				   CASE WHEN v_from IS NULL THEN k.alerts_since ELSE COALESCE(w.last_sweep, k.alerts_since) END AS since
			  FROM lead_align.track k
			  LEFT JOIN lead_align.sweep_state w ON w.track_id OPERATOR(pg_catalog.=) k.id
			 WHERE k.active AND k.mode OPERATOR(pg_catalog.<>) 'backfill'
		), due AS (
			-- exit SLAs that fell due since then: the stay is still open
			SELECT c.track_id, c.lead_key, c.entered_id, c.stage, 'exit'::pg_catalog.text AS sla_kind, c.due_at, c.owner
			  FROM k JOIN lead_align.lead_current c ON c.track_id OPERATOR(pg_catalog.=) k.id
			 WHERE NOT c.deleted
			   AND c.due_at OPERATOR(pg_catalog.>) k.alerts_since
			   AND c.due_at OPERATOR(pg_catalog.>=) k.since
			   AND c.due_at OPERATOR(pg_catalog.<) pg_catalog.now()
			UNION
			-- touch SLAs likewise: the stay is still open and untouched
			SELECT c.track_id, c.lead_key, c.entered_id, c.stage, 'touch'::pg_catalog.text, c.touch_due_at, c.owner
			  FROM k JOIN lead_align.lead_current c ON c.track_id OPERATOR(pg_catalog.=) k.id
			 WHERE NOT c.deleted AND c.touched_at IS NULL
			   AND c.touch_due_at OPERATOR(pg_catalog.>) k.alerts_since
			   AND c.touch_due_at OPERATOR(pg_catalog.>=) k.since
			   AND c.touch_due_at OPERATOR(pg_catalog.<) pg_catalog.now()
			UNION
			-- both kinds, of the leads with ledger rows the last sweep may not
			-- have seen
			SELECT c.track_id, c.lead_key, c.entered_id, c.stage, s.sla_kind, s.due_at, c.owner
			  FROM (SELECT DISTINCT h.track_id, h.lead_key FROM lead_align.handoff h
					 WHERE v_from IS NOT NULL AND h.id OPERATOR(pg_catalog.>) v_from) l
			  JOIN k ON k.id OPERATOR(pg_catalog.=) l.track_id
			  JOIN lead_align.lead_current c ON c.track_id OPERATOR(pg_catalog.=) l.track_id AND c.lead_key OPERATOR(pg_catalog.=) l.lead_key
			 CROSS JOIN LATERAL (VALUES ('exit'::pg_catalog.text, c.due_at),
				('touch'::pg_catalog.text, CASE WHEN c.touched_at IS NULL THEN c.touch_due_at END)) s (sla_kind, due_at)
			 WHERE NOT c.deleted
			   AND s.due_at OPERATOR(pg_catalog.>) k.alerts_since
			   AND s.due_at OPERATOR(pg_catalog.<) pg_catalog.now()
		), ins AS (
			INSERT INTO lead_align.sla_alert AS s (track_id, lead_key, entered_id, stage, sla_kind, due_at, owner, alerted_at)
			SELECT d.track_id, d.lead_key, d.entered_id, d.stage, d.sla_kind, d.due_at, d.owner, pg_catalog.now()
			  FROM due d
			 WHERE d.entered_id IS NOT NULL
			   AND NOT EXISTS (SELECT FROM lead_align.sla_alert x
								WHERE x.track_id OPERATOR(pg_catalog.=) d.track_id
								  AND x.lead_key OPERATOR(pg_catalog.=) d.lead_key
								  AND x.entered_id OPERATOR(pg_catalog.=) d.entered_id
								  AND x.sla_kind OPERATOR(pg_catalog.=) d.sla_kind)
			ON CONFLICT (track_id, lead_key, entered_id, sla_kind) DO NOTHING
			RETURNING s.track_id, s.lead_key, s.stage, s.sla_kind, s.due_at, s.owner
		)
		SELECT i.track_id, k.table_name, i.lead_key, i.stage, i.sla_kind, i.due_at, i.owner
		  FROM ins i JOIN lead_align.track k ON k.id OPERATOR(pg_catalog.=) i.track_id
		 ORDER BY i.track_id, i.due_at, i.lead_key, i.sla_kind
	LOOP
		v_payload := pg_catalog.json_build_object('track', a.table_name, 'track_id', a.track_id,
			'lead_key', a.lead_key, 'stage', a.stage::pg_catalog.text, 'sla_kind', a.sla_kind,
			'due_at', a.due_at, 'owner', a.owner)::pg_catalog.text;
		-- a NOTIFY payload must stay under 8000 bytes: a long key or owner is
		-- cut (the full values are in sla_alert) rather than fail every sweep
		IF pg_catalog.octet_length(v_payload) OPERATOR(pg_catalog.>=) 8000 THEN
			v_payload := pg_catalog.json_build_object('track', a.table_name, 'track_id', a.track_id,
				'lead_key', pg_catalog.left(a.lead_key, 200), 'stage', a.stage::pg_catalog.text, 'sla_kind', a.sla_kind,
				'due_at', a.due_at, 'owner', pg_catalog.left(a.owner, 200), 'truncated', true)::pg_catalog.text;
		END IF;
		PERFORM pg_catalog.pg_notify('lead_align_sla', v_payload);
		n := n OPERATOR(pg_catalog.+) 1;
	END LOOP;

	-- status() reports when each track was last swept; the next sweep starts
	-- its due times there
	INSERT INTO lead_align.sweep_state AS w (track_id, last_sweep)
	SELECT k.id, pg_catalog.now() FROM lead_align.track k
	 WHERE k.active AND k.mode OPERATOR(pg_catalog.<>) 'backfill'
	ON CONFLICT (track_id) DO UPDATE SET last_sweep = excluded.last_sweep;
	IF NOT v_had_xid THEN
		INSERT INTO lead_align.sweep_mark (swept_at, last_id, sweep_xid, snap_xmin)
		VALUES (pg_catalog.now(), v_last, v_xid, pg_catalog.pg_snapshot_xmin(v_snap));
	END IF;
	-- marks older than the one used are never needed again: the next
	-- sweep's bound, this sweep's snapshot xmin, is no older
	DELETE FROM lead_align.sweep_mark m WHERE m.id OPERATOR(pg_catalog.<) v_mark;
	RETURN n;
END $$;
REVOKE ALL ON FUNCTION lead_align._sweep() FROM PUBLIC;
COMMENT ON FUNCTION lead_align._sweep() IS 'internal: the implementation of lead_align.sweep(), run by it as the extension''s owner';
CREATE FUNCTION lead_align.sweep()
RETURNS integer
AS 'MODULE_PATHNAME', 'la_configure' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION lead_align.sweep() IS 'record each SLA that fell overdue since the last sweep in lead_align.sla_alert and NOTIFY lead_align_sla with a JSON payload; returns the alerts recorded (admin only; meant for pg_cron)';

-------------------------------------------------------------------------------
-- The shared numbers (DESIGN 5.1, 5.2): lead_state, stage_spans and
-- sla_compliance.
--
-- No view looks back in the ledger: a closed stay is the ledger row that
-- ended it (entered_at IS NOT NULL: it carries the stay, its due times, its
-- first touch and its business seconds), an open stay is the lead's row in
-- lead_align.lead_current.  Only an open stay's time is measured here (to
-- now(), in the stay's calendar).  A stay counts in the month it began:
-- date_trunc('month', entered_on::timestamp)::date, the same expression as
-- the month indexes below, so that a one-track, one-month filter reaches
-- them.  (date_trunc on a date would take the timestamptz variant, which
-- depends on the session's TimeZone and cannot be indexed; through timestamp
-- it is immutable.)
-------------------------------------------------------------------------------

-- Where the stays of a month are: closed stays in the ledger, open ones in
-- the state table.  After the month come the stage and the stay's
-- temperature, so that sla_compliance reads a month's stays already in the
-- order it counts them in and sorts nothing.
CREATE INDEX handoff_stay_month ON lead_align.handoff
	(track_id, (pg_catalog.date_trunc('month'::pg_catalog.text, entered_on::pg_catalog.timestamp)::pg_catalog.date),
	 from_stage, stay_temperature)
	WHERE entered_at IS NOT NULL;
COMMENT ON INDEX lead_align.handoff_stay_month IS 'closed stays by track, the month they began, stage and temperature (stage_spans, sla_compliance)';
CREATE INDEX lead_current_stay_month ON lead_align.lead_current
	(track_id, (pg_catalog.date_trunc('month'::pg_catalog.text, entered_on::pg_catalog.timestamp)::pg_catalog.date),
	 stage, stay_temperature)
	WHERE NOT deleted;
COMMENT ON INDEX lead_align.lead_current_stay_month IS 'open stays by track, the month they began, stage and temperature (stage_spans, sla_compliance)';

-------------------------------------------------------------------------------
-- lead_state: one row per current lead, read from the state table alone, so
-- "who is overdue" goes through lead_current_due / lead_current_touch_due
-- (overdue and touch_overdue are written so that WHERE overdue becomes
-- an indexable due_at < now()).  The track's name is a LEFT JOIN on its
-- primary key, which the planner drops when the name is not read.
-------------------------------------------------------------------------------
-- 0.3's lead_state sorted the whole ledger; its columns change, so it is
-- dropped and made again (with its comment and grants).
DROP VIEW lead_align.lead_state;
CREATE VIEW lead_align.lead_state AS
SELECT c.track_id,
	   k.table_name AS track,
	   c.lead_key,
	   c.stage,
	   c.stage::pg_catalog.text AS stage_text,
	   c.cycle,
	   c.entered_at AS since,
	   c.entered_on AS since_on,
	   c.owner,
	   c.temperature,
	   c.temperature::pg_catalog.text AS temperature_text,
	   c.due_at,
	   c.touch_due_at,
	   c.touched_at,
	   (c.due_at IS NOT NULL AND c.due_at OPERATOR(pg_catalog.<) pg_catalog.now()) AS overdue,
	   (c.touched_at IS NULL AND c.touch_due_at IS NOT NULL
		AND c.touch_due_at OPERATOR(pg_catalog.<) pg_catalog.now()) AS touch_overdue,
	   c.last_event_at
  FROM lead_align.lead_current c
  LEFT JOIN lead_align.track k ON k.id OPERATOR(pg_catalog.=) c.track_id
 WHERE NOT c.deleted;
COMMENT ON VIEW lead_align.lead_state IS 'each current (not deleted) lead: its stage and cycle, since when, owner, temperature, its stay''s exit and touch due times and first touch, and whether either SLA is overdue now; read from lead_align.lead_current';
REVOKE ALL ON lead_align.lead_state FROM PUBLIC;
GRANT SELECT ON lead_align.lead_state TO lead_align_reader, lead_align_admin;

-------------------------------------------------------------------------------
-- stage_spans: one row per stay.  The SLA states of DESIGN 5.1, per kind
-- (NULL when the stay has no SLA of that kind):
--   exit:  open stay: overdue (due time passed) or open; closed by a delete:
--          breached if the due time had passed, else void; otherwise met
--          (left at or before the due time) or breached.
--   touch: handled by the first touch, or by leaving the stage when never
--          touched (a rejection is a response); touched: met or breached by
--          the touch time; untouched and open: overdue or open; untouched
--          and deleted: breached if the due time had passed, else void.
-- Times are business time in the stay's calendar: a closed stay's from the
-- seconds its ending row stores, an open stay's measured to now().  Hours
-- have 6 decimals, as business_hours() gives them; seconds are whole
-- (business_elapsed() truncated, as the triggers store them).
--
-- The two branches have no WHERE of their own: each says which of its rows
-- are stays in a column (is_stay), and the view's WHERE on it becomes, in
-- each branch, entered_at IS NOT NULL on the ledger (the rows that end a
-- stay) and NOT deleted on lead_current, the predicates of the partial
-- month indexes.  Each branch joins the track's name itself (a LEFT JOIN on
-- its primary key, which the planner drops when the name is not read): a
-- query that names the track then finds it in each branch and scans that
-- track's stays with the right row estimates (a join above the UNION ALL
-- would be estimated without statistics, at a few hundred rows where a
-- month has hundreds of thousands, and a BI tool's GROUP BY over the month
-- would be planned as a sort that spills to disk).  The calendar of a
-- closed stay (stored once, in lead_align.stay_calendar) is a LEFT JOIN on
-- its primary key, dropped when not read.  sla_compliance does not read
-- this view (see there).
-------------------------------------------------------------------------------
CREATE VIEW lead_align.stage_spans AS
SELECT s.track_id,
	   s.track,
	   s.lead_key,
	   s.cycle,
	   s.stage,
	   s.stage::pg_catalog.text AS stage_text,
	   lead_align.owner_team(s.stage) AS team,
	   s.temperature,
	   s.temperature::pg_catalog.text AS temperature_text,
	   s.entered_at,
	   s.entered_on,
	   pg_catalog.date_trunc('month'::pg_catalog.text, s.entered_on::pg_catalog.timestamp)::pg_catalog.date AS month,
	   s.left_at,
	   s.left_on,
	   s.next_stage,
	   s.next_stage::pg_catalog.text AS next_stage_text,
	   s.exit_kind,
	   s.reason,
	   CASE WHEN s.left_at IS NULL
			THEN lead_align.business_hours(s.entered_at, pg_catalog.now(), s.calendar)
			ELSE pg_catalog.round(s.exit_seconds::pg_catalog.numeric OPERATOR(pg_catalog./) 3600::pg_catalog.numeric, 6)
	   END AS business_hours,
	   CASE WHEN s.left_at IS NULL
			THEN pg_catalog.floor(pg_catalog.date_part('epoch'::pg_catalog.text,
				lead_align.business_elapsed(s.entered_at, pg_catalog.now(), s.calendar)))::pg_catalog.int8
			ELSE s.exit_seconds
	   END AS business_seconds,
	   s.touched_at,
	   CASE WHEN s.left_at IS NULL
			THEN lead_align.business_hours(s.entered_at, s.touched_at, s.calendar)
			ELSE pg_catalog.round(s.touch_seconds::pg_catalog.numeric OPERATOR(pg_catalog./) 3600::pg_catalog.numeric, 6)
	   END AS hours_to_touch,
	   CASE WHEN s.left_at IS NULL
			THEN pg_catalog.floor(pg_catalog.date_part('epoch'::pg_catalog.text,
				lead_align.business_elapsed(s.entered_at, s.touched_at, s.calendar)))::pg_catalog.int8
			ELSE s.touch_seconds
	   END AS seconds_to_touch,
	   s.due_at,
	   s.touch_due_at,
	   CASE WHEN s.due_at IS NULL THEN NULL::pg_catalog.text
			WHEN s.left_at IS NULL THEN
				CASE WHEN s.due_at OPERATOR(pg_catalog.<) pg_catalog.now() THEN 'overdue' ELSE 'open' END
			WHEN s.exit_kind OPERATOR(pg_catalog.=) 'delete' THEN
				CASE WHEN s.due_at OPERATOR(pg_catalog.<) s.left_at THEN 'breached' ELSE 'void' END
			WHEN s.left_at OPERATOR(pg_catalog.<=) s.due_at THEN 'met'
			ELSE 'breached'
	   END AS exit_sla,
	   CASE WHEN s.touch_due_at IS NULL THEN NULL::pg_catalog.text
			WHEN s.touched_at IS NOT NULL THEN
				CASE WHEN s.touched_at OPERATOR(pg_catalog.<=) s.touch_due_at THEN 'met' ELSE 'breached' END
			WHEN s.left_at IS NULL THEN
				CASE WHEN s.touch_due_at OPERATOR(pg_catalog.<) pg_catalog.now() THEN 'overdue' ELSE 'open' END
			WHEN s.exit_kind OPERATOR(pg_catalog.=) 'delete' THEN
				CASE WHEN s.touch_due_at OPERATOR(pg_catalog.<) s.left_at THEN 'breached' ELSE 'void' END
			WHEN s.left_at OPERATOR(pg_catalog.<=) s.touch_due_at THEN 'met'
			ELSE 'breached'
	   END AS touch_sla,
	   s.dimensions,
	   s.rule,
	   s.rules_version,
	   COALESCE(s.calendar, sc.calendar) AS calendar,
	   s.entered_id,
	   s.left_id
  FROM (SELECT h.track_id, k.table_name AS track, h.lead_key, h.stay_cycle AS cycle, h.from_stage AS stage,
			   h.stay_temperature AS temperature, h.entered_at, h.entered_on,
			   h.event_time AS left_at, h.event_on AS left_on, h.to_stage AS next_stage,
			   h.kind AS exit_kind, h.reason, h.exit_seconds, h.touch_seconds,
			   h.first_touch_at AS touched_at, h.stay_due_at AS due_at, h.stay_touch_due_at AS touch_due_at,
			   h.stay_dimensions AS dimensions, h.stay_rule AS rule, h.stay_rules_version AS rules_version,
			   NULL::lead_align.business_calendar AS calendar, h.stay_calendar_id AS calendar_id,
			   h.entered_id, h.id AS left_id, h.entered_at IS NOT NULL AS is_stay
		  FROM lead_align.handoff h
		  LEFT JOIN lead_align.track k ON k.id OPERATOR(pg_catalog.=) h.track_id
		UNION ALL
		SELECT c.track_id, k.table_name, c.lead_key, c.cycle, c.stage,
			   c.stay_temperature, c.entered_at, c.entered_on,
			   NULL::pg_catalog.timestamptz, NULL::pg_catalog.date, NULL::lead_align.lead_stage,
			   NULL::pg_catalog.text, NULL::pg_catalog.text, NULL::pg_catalog.int8, NULL::pg_catalog.int8,
			   c.touched_at, c.due_at, c.touch_due_at,
			   c.stay_dimensions, c.stay_rule, c.stay_rules_version,
			   c.calendar, NULL::pg_catalog.int4,
			   c.entered_id, NULL::pg_catalog.int8, NOT c.deleted
		  FROM lead_align.lead_current c
		  LEFT JOIN lead_align.track k ON k.id OPERATOR(pg_catalog.=) c.track_id) s
  LEFT JOIN lead_align.stay_calendar sc ON sc.id OPERATOR(pg_catalog.=) s.calendar_id
 WHERE s.is_stay;
COMMENT ON VIEW lead_align.stage_spans IS 'one row per stay (a lead''s time in one stage, closed or still open): when it began and ended, how it was left, its business hours, first touch, due times and exit and touch SLA states (met, breached, overdue, open, void)';
REVOKE ALL ON lead_align.stage_spans FROM PUBLIC;
GRANT SELECT ON lead_align.stage_spans TO lead_align_reader, lead_align_admin;

-------------------------------------------------------------------------------
-- sla_compliance: the stays counted per track, month the stay began, stage
-- (and its team), the stay's temperature and SLA kind.  A stay counts once
-- per kind it has a state of; void stays count in no column, and a group
-- with none to count is no row.  The business time of a handled stay runs
-- from its entry to its handling: for exit, to its end; for touch, to its
-- first touch, or to its end when it was never touched (a stay deleted
-- after its due time is breached: to the delete).
--
-- The states are those of stage_spans (exit_sla, touch_sla), tested here
-- on the stay's columns instead of built as text and compared, ten times a
-- stay (stage_spans's CASE expressions would be inlined into every FILTER).
-- With h = when the stay was handled for touch, coalesce(first touch, end):
--   exit  met:      due_at set, ended, not by a delete, left_at <= due_at
--         breached: due_at set, ended, left_at > due_at (a delete too)
--         open / overdue: due_at set, not ended, due_at >= / < now()
--   touch met:      touch_due_at set, h <= touch_due_at, and touched or not
--                   ended by a delete
--         breached: touch_due_at set, h > touch_due_at
--         open / overdue: touch_due_at set, no h, touch_due_at >= / < now()
-- (sql/sla_views checks both views against the same hand-worked answers.)
--
-- Built for a one-track, one-month query: per track (a lateral subquery, so
-- a filter on the track's id or name picks the tracks first), the month's
-- stays come from the month indexes in (stage, temperature) order, the two
-- tables' scans merged, and are counted in one pass, with no sort, each
-- stay once for both kinds (the kinds are split into rows after counting).
-- The stays are read straight from the two tables, as stage_spans's
-- branches read them, but with no join: the branches stay plain scans that
-- the planner can merge in index order.  The percentiles are taken over
-- whole seconds (float8) and turned into hours at the end, and only closed
-- stays' seconds and open stays' touches are read, so no open stay is
-- measured to now() here.
-------------------------------------------------------------------------------
CREATE VIEW lead_align.sla_compliance AS
SELECT k.id AS track_id,
	   k.table_name AS track,
	   a.month,
	   a.stage,
	   a.stage::pg_catalog.text AS stage_text,
	   lead_align.owner_team(a.stage) AS team,
	   a.temperature,
	   a.temperature::pg_catalog.text AS temperature_text,
	   x.sla_kind,
	   x.met OPERATOR(pg_catalog.+) x.breached AS handled,
	   x.met,
	   x.breached,
	   x.open,
	   x.overdue,
	   pg_catalog.round((100::pg_catalog.numeric OPERATOR(pg_catalog.*) x.met)
						OPERATOR(pg_catalog./)
						NULLIF(x.met OPERATOR(pg_catalog.+) x.breached OPERATOR(pg_catalog.+) x.overdue, 0),
						2) AS pct_met,
	   pg_catalog.round((x.seconds[1] OPERATOR(pg_catalog./) 3600::pg_catalog.float8)::pg_catalog.numeric, 6) AS p50_hours,
	   pg_catalog.round((x.seconds[2] OPERATOR(pg_catalog./) 3600::pg_catalog.float8)::pg_catalog.numeric, 6) AS p90_hours
  FROM lead_align.track k
 CROSS JOIN LATERAL (
		SELECT pg_catalog.date_trunc('month'::pg_catalog.text, s.entered_on::pg_catalog.timestamp)::pg_catalog.date AS month,
			   s.stage, s.temperature,
			   pg_catalog.count(*) FILTER (WHERE s.due_at IS NOT NULL AND s.left_at IS NOT NULL
											 AND s.exit_kind OPERATOR(pg_catalog.<>) 'delete'
											 AND s.left_at OPERATOR(pg_catalog.<=) s.due_at) AS exit_met,
			   pg_catalog.count(*) FILTER (WHERE s.due_at IS NOT NULL AND s.left_at IS NOT NULL
											 AND s.left_at OPERATOR(pg_catalog.>) s.due_at) AS exit_breached,
			   pg_catalog.count(*) FILTER (WHERE s.due_at IS NOT NULL AND s.left_at IS NULL
											 AND s.due_at OPERATOR(pg_catalog.>=) pg_catalog.now()) AS exit_open,
			   pg_catalog.count(*) FILTER (WHERE s.due_at IS NOT NULL AND s.left_at IS NULL
											 AND s.due_at OPERATOR(pg_catalog.<) pg_catalog.now()) AS exit_overdue,
			   pg_catalog.percentile_cont(ARRAY[0.5, 0.9]::pg_catalog.float8[])
				   WITHIN GROUP (ORDER BY s.exit_seconds::pg_catalog.float8)
				   FILTER (WHERE s.due_at IS NOT NULL AND s.left_at IS NOT NULL
							 AND (s.exit_kind OPERATOR(pg_catalog.<>) 'delete'
								  OR s.left_at OPERATOR(pg_catalog.>) s.due_at)) AS exit_seconds,
			   pg_catalog.count(*) FILTER (WHERE s.touch_due_at IS NOT NULL
											 AND COALESCE(s.touched_at, s.left_at) OPERATOR(pg_catalog.<=) s.touch_due_at
											 AND (s.touched_at IS NOT NULL OR s.exit_kind OPERATOR(pg_catalog.<>) 'delete')) AS touch_met,
			   pg_catalog.count(*) FILTER (WHERE s.touch_due_at IS NOT NULL
											 AND COALESCE(s.touched_at, s.left_at) OPERATOR(pg_catalog.>) s.touch_due_at) AS touch_breached,
			   pg_catalog.count(*) FILTER (WHERE s.touch_due_at IS NOT NULL AND s.touched_at IS NULL AND s.left_at IS NULL
											 AND s.touch_due_at OPERATOR(pg_catalog.>=) pg_catalog.now()) AS touch_open,
			   pg_catalog.count(*) FILTER (WHERE s.touch_due_at IS NOT NULL AND s.touched_at IS NULL AND s.left_at IS NULL
											 AND s.touch_due_at OPERATOR(pg_catalog.<) pg_catalog.now()) AS touch_overdue,
			   pg_catalog.percentile_cont(ARRAY[0.5, 0.9]::pg_catalog.float8[])
				   WITHIN GROUP (ORDER BY (CASE WHEN s.left_at IS NULL
												THEN pg_catalog.floor(pg_catalog.date_part('epoch'::pg_catalog.text,
													lead_align.business_elapsed(s.entered_at, s.touched_at, s.calendar)))::pg_catalog.int8
												ELSE COALESCE(s.touch_seconds, s.exit_seconds)
										   END)::pg_catalog.float8)
				   FILTER (WHERE s.touch_due_at IS NOT NULL AND COALESCE(s.touched_at, s.left_at) IS NOT NULL
							 AND (s.touched_at IS NOT NULL OR s.exit_kind OPERATOR(pg_catalog.<>) 'delete'
								  OR s.left_at OPERATOR(pg_catalog.>) s.touch_due_at)) AS touch_seconds
		  FROM (SELECT h.track_id, h.from_stage AS stage, h.stay_temperature AS temperature,
					   h.entered_at, h.entered_on, h.event_time AS left_at, h.kind AS exit_kind,
					   h.stay_due_at AS due_at, h.stay_touch_due_at AS touch_due_at, h.first_touch_at AS touched_at,
					   h.exit_seconds, h.touch_seconds, NULL::lead_align.business_calendar AS calendar,
					   h.entered_at IS NOT NULL AS is_stay
				  FROM lead_align.handoff h
				UNION ALL
				SELECT c.track_id, c.stage, c.stay_temperature,
					   c.entered_at, c.entered_on, NULL::pg_catalog.timestamptz, NULL::pg_catalog.text,
					   c.due_at, c.touch_due_at, c.touched_at,
					   NULL::pg_catalog.int8, NULL::pg_catalog.int8, c.calendar,
					   NOT c.deleted
				  FROM lead_align.lead_current c) s
		 WHERE s.is_stay AND s.track_id OPERATOR(pg_catalog.=) k.id
		 GROUP BY 1, s.stage, s.temperature) a
 CROSS JOIN LATERAL (
		SELECT 'exit'::pg_catalog.text, a.exit_met, a.exit_breached, a.exit_open, a.exit_overdue, a.exit_seconds
		 WHERE a.exit_met OPERATOR(pg_catalog.+) a.exit_breached OPERATOR(pg_catalog.+) a.exit_open
			   OPERATOR(pg_catalog.+) a.exit_overdue OPERATOR(pg_catalog.>) 0
		UNION ALL
		SELECT 'touch'::pg_catalog.text, a.touch_met, a.touch_breached, a.touch_open, a.touch_overdue, a.touch_seconds
		 WHERE a.touch_met OPERATOR(pg_catalog.+) a.touch_breached OPERATOR(pg_catalog.+) a.touch_open
			   OPERATOR(pg_catalog.+) a.touch_overdue OPERATOR(pg_catalog.>) 0
	   ) x(sla_kind, met, breached, open, overdue, seconds);
COMMENT ON VIEW lead_align.sla_compliance IS 'exit and touch SLA compliance per track, month the stay began, stage, team and temperature: handled, met, breached, open, overdue, pct_met, and the median and 90th percentile business hours to handling';
REVOKE ALL ON lead_align.sla_compliance FROM PUBLIC;
GRANT SELECT ON lead_align.sla_compliance TO lead_align_reader, lead_align_admin;

-------------------------------------------------------------------------------
-- The shared numbers (DESIGN 5.2, 5.3): lead_cycles, funnel, lead_quality,
-- rule_performance, volume SLAs and volume_sla_status, and decayed_sum().
--
-- The unit of funnel, lead_quality and rule_performance is the lead-cycle: a
-- lead's pass through the funnel, from its create (or the move into nurture
-- that began the cycle) to the next such move.  The trigger keeps what these
-- views count of a cycle while it records the cycle's rows (the cycle_*
-- columns of the lead's lead_align.lead_current row) and writes an ended
-- cycle to lead_align.lead_cycle when the next one begins, with how it
-- ended.  So lead_cycles is one row per lead-cycle read from those two
-- tables through their cohort-month indexes: a one-track, one-month query
-- reads the month's cycles, not the month's ledger rows (DESIGN 6; before,
-- it grouped the ledger rows by lead and cycle and probed each cycle's
-- end).  lead_align._cycles() computes the same facts from the ledger, for
-- rebuild_current(), the update from 0.3, migrate_03() and the tests.
--
-- A cohort month is date_trunc('month', started_on::timestamp)::date, the
-- expression of the indexes lead_cycle_month and lead_current_cycle_month,
-- so a one-track, one-month filter reaches them.  (date_trunc on a date
-- would take the timestamptz variant, which depends on the session's
-- TimeZone and cannot be indexed; through timestamp it is immutable.)
-------------------------------------------------------------------------------

-- A calendar's zone, for the local periods of volume SLAs.
CREATE FUNCTION lead_align.calendar_zone(cal lead_align.business_calendar) RETURNS text
	AS 'MODULE_PATHNAME', 'business_calendar_zone' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION lead_align.calendar_zone(lead_align.business_calendar) IS 'the time zone of a business_calendar, e.g. Europe/Berlin';

-- The value of the row with the smallest (largest) key of a group: the
-- views' "first row" and "latest row" of a lead-cycle (src/shared_numbers.c).
CREATE FUNCTION lead_align._arg_min_trans(internal, anyelement, bigint) RETURNS internal
	AS 'MODULE_PATHNAME', 'la_arg_min_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
REVOKE ALL ON FUNCTION lead_align._arg_min_trans(internal, anyelement, bigint) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._arg_min_trans(internal, anyelement, bigint) IS 'internal: transition function of lead_align._arg_min';
CREATE FUNCTION lead_align._arg_max_trans(internal, anyelement, bigint) RETURNS internal
	AS 'MODULE_PATHNAME', 'la_arg_max_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
REVOKE ALL ON FUNCTION lead_align._arg_max_trans(internal, anyelement, bigint) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._arg_max_trans(internal, anyelement, bigint) IS 'internal: transition function of lead_align._arg_max';
CREATE FUNCTION lead_align._arg_final(internal, anyelement, bigint) RETURNS anyelement
	AS 'MODULE_PATHNAME', 'la_arg_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
REVOKE ALL ON FUNCTION lead_align._arg_final(internal, anyelement, bigint) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._arg_final(internal, anyelement, bigint) IS 'internal: final function of lead_align._arg_min and _arg_max';
CREATE AGGREGATE lead_align._arg_min(anyelement, bigint) (
	SFUNC = lead_align._arg_min_trans, STYPE = internal,
	FINALFUNC = lead_align._arg_final, FINALFUNC_EXTRA, PARALLEL = SAFE
);
REVOKE ALL ON FUNCTION lead_align._arg_min(anyelement, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lead_align._arg_min(anyelement, bigint) TO lead_align_reader, lead_align_admin;
COMMENT ON AGGREGATE lead_align._arg_min(anyelement, bigint) IS 'internal: the value of the row with the smallest key of a group (rows with a NULL key are skipped)';
CREATE AGGREGATE lead_align._arg_max(anyelement, bigint) (
	SFUNC = lead_align._arg_max_trans, STYPE = internal,
	FINALFUNC = lead_align._arg_final, FINALFUNC_EXTRA, PARALLEL = SAFE
);
REVOKE ALL ON FUNCTION lead_align._arg_max(anyelement, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lead_align._arg_max(anyelement, bigint) TO lead_align_reader, lead_align_admin;
COMMENT ON AGGREGATE lead_align._arg_max(anyelement, bigint) IS 'internal: the value of the row with the largest key of a group (rows with a NULL key are skipped)';

-- The n most frequent codes of a list, most frequent first, ties by code.
CREATE FUNCTION lead_align._top_codes(codes text[], n integer) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT COALESCE(pg_catalog.array_agg(t.code ORDER BY t.uses DESC, t.code COLLATE pg_catalog."C"),
					'{}'::pg_catalog.text[])
	  FROM (SELECT u.code, pg_catalog.count(*) AS uses
			  FROM pg_catalog.unnest(codes) AS u (code)
			 WHERE u.code IS NOT NULL
			 GROUP BY u.code
			 ORDER BY uses DESC, u.code COLLATE pg_catalog."C"
			 LIMIT n) t
$$;
REVOKE ALL ON FUNCTION lead_align._top_codes(text[], integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lead_align._top_codes(text[], integer) TO lead_align_reader, lead_align_admin;
COMMENT ON FUNCTION lead_align._top_codes(text[], integer) IS 'internal: the n most frequent codes of a list (NULLs left out), most frequent first, ties broken by code; {} when none';

-- Where the lead-cycles of a month are: the ended ones and the open ones.
CREATE INDEX lead_cycle_month ON lead_align.lead_cycle
	(track_id, (pg_catalog.date_trunc('month'::pg_catalog.text, started_on::pg_catalog.timestamp)::pg_catalog.date));
COMMENT ON INDEX lead_align.lead_cycle_month IS 'ended lead-cycles by track and the month they began (lead_cycles, funnel, lead_quality, rule_performance)';
CREATE INDEX lead_current_cycle_month ON lead_align.lead_current
	(track_id, (pg_catalog.date_trunc('month'::pg_catalog.text, cycle_started_on::pg_catalog.timestamp)::pg_catalog.date));
COMMENT ON INDEX lead_align.lead_current_cycle_month IS 'each lead''s current lead-cycle by track and the month it began (lead_cycles, funnel, lead_quality, rule_performance)';

-------------------------------------------------------------------------------
-- lead_cycles: one row per lead-cycle, the unit the three cohort views count.
--
--   started_on       the local date its create, or the move into nurture that
--                    began it, was written (cohort_month: its month);
--   furthest_stage   the furthest of mql < sal < sql < opportunity < won that
--                    a stage event of the cycle entered (NULL: none);
--   stage            the stage of its latest row (the stage it is in, or was
--                    in when it ended);
--   sales_sourced    its create entered a stage after mql (sal, sql; up to
--                    won in backfill);
--   entered_mql      a stage event entered mql (a handoff, an automatic
--                    handoff, or a create in mql); mql_at is the first;
--   accepted         an mql stay of it was left by accept;
--   rejected         an mql stay of it was left by reject (the move into
--                    nurture that ended the cycle) or disqualify (a row of its
--                    own); reject_reason is that row's reason (the reject's,
--                    else the first disqualify's);
--   ended_by         reject, recycle or reopen: the move into nurture that
--                    began the lead's next cycle; delete: its latest row is a
--                    delete; NULL otherwise;
--   still_open       the lead's current cycle (no next cycle began: not ended
--                    by a move into nurture, nor by an insert of its key that
--                    the trigger saw no delete before), not deleted, not in
--                    won, lost or disqualified;
--   dimensions       those of the row that began its (first) mql stay, else
--                    of its first row;
--   rule, rules_version, temperature
--                    those of the row that began its (first) mql stay, else
--                    of its latest row;
--   first_id, mql_id, last_id
--                    its first ledger row, the one that began its first mql
--                    stay, its latest: every number traces to the ledger.
-------------------------------------------------------------------------------
CREATE VIEW lead_align.lead_cycles AS
SELECT k.id AS track_id,
	   k.table_name AS track,
	   g.lead_key,
	   g.cycle,
	   g.started_on,
	   pg_catalog.date_trunc('month'::pg_catalog.text, g.started_on::pg_catalog.timestamp)::pg_catalog.date AS cohort_month,
	   g.sales_sourced,
	   g.furthest_stage,
	   g.furthest_stage::pg_catalog.text AS furthest_stage_text,
	   g.stage,
	   g.stage::pg_catalog.text AS stage_text,
	   g.ended_by,
	   (g.current AND g.ended_by IS NULL
		AND g.stage OPERATOR(pg_catalog.<>) ALL (ARRAY['won', 'lost', 'disqualified']::lead_align.lead_stage[])) AS still_open,
	   g.mql_id IS NOT NULL AS entered_mql,
	   g.mql_at,
	   g.accepted,
	   g.rejected,
	   g.reject_reason,
	   g.dimensions,
	   g.rule,
	   g.rules_version,
	   g.temperature,
	   g.temperature::pg_catalog.text AS temperature_text,
	   g.first_id,
	   g.mql_id,
	   g.last_id
  FROM lead_align.track k
 CROSS JOIN LATERAL (
		-- the cycles that have ended
		SELECT y.lead_key, y.cycle, y.started_on, y.sales_sourced, y.furthest_stage, y.stage, y.ended_by,
			   y.mql_at, y.accepted, y.rejected, y.reject_reason, y.dimensions, y.rule, y.rules_version,
			   y.temperature, y.first_id, y.mql_id, y.last_id, false AS current
		  FROM lead_align.lead_cycle y
		 WHERE y.track_id OPERATOR(pg_catalog.=) k.id
		UNION ALL
		-- each lead's current cycle
		SELECT c.lead_key, c.cycle, c.cycle_started_on, c.cycle_sales_sourced, c.cycle_furthest_stage, c.cycle_stage,
			   CASE WHEN c.deleted THEN 'delete' END,
			   c.cycle_mql_at, c.cycle_accepted, c.cycle_disqualified, c.cycle_disqualify_reason, c.cycle_dimensions,
			   c.cycle_rule, c.cycle_rules_version, c.cycle_temperature, c.cycle_first_id, c.cycle_mql_id, c.last_id, true
		  FROM lead_align.lead_current c
		 WHERE c.track_id OPERATOR(pg_catalog.=) k.id) g;
COMMENT ON VIEW lead_align.lead_cycles IS 'one row per lead-cycle (a lead''s pass through the funnel, from its create or the move into nurture that began it): cohort month, furthest stage reached, how it ended, whether it entered mql and how sales judged it, and the dimensions, rule and temperature it is counted under';
REVOKE ALL ON lead_align.lead_cycles FROM PUBLIC;
GRANT SELECT ON lead_align.lead_cycles TO lead_align_reader, lead_align_admin;

-------------------------------------------------------------------------------
-- funnel: lead-cycles per track and cohort month.  reached_X counts the
-- cycles whose furthest stage is X or later in mql < sal < sql < opportunity
-- < won (lost and disqualified are not later stages; a sales-sourced cycle
-- entered sal or sql, so it reached mql); each rate is reached_next /
-- reached_this, a fraction rounded to 4 places, NULL when reached_this is 0.
-------------------------------------------------------------------------------
CREATE VIEW lead_align.funnel AS
SELECT f.track_id,
	   f.track,
	   f.cohort_month,
	   f.leads,
	   f.reached_mql,
	   f.reached_sal,
	   f.reached_sql,
	   f.reached_opportunity,
	   f.reached_won,
	   f.recycled,
	   f.still_open,
	   CASE WHEN f.leads OPERATOR(pg_catalog.>) 0 THEN
			pg_catalog.round(f.reached_mql::pg_catalog.numeric OPERATOR(pg_catalog./) f.leads::pg_catalog.numeric, 4) END AS mql_rate,
	   CASE WHEN f.reached_mql OPERATOR(pg_catalog.>) 0 THEN
			pg_catalog.round(f.reached_sal::pg_catalog.numeric OPERATOR(pg_catalog./) f.reached_mql::pg_catalog.numeric, 4) END AS sal_rate,
	   CASE WHEN f.reached_sal OPERATOR(pg_catalog.>) 0 THEN
			pg_catalog.round(f.reached_sql::pg_catalog.numeric OPERATOR(pg_catalog./) f.reached_sal::pg_catalog.numeric, 4) END AS sql_rate,
	   CASE WHEN f.reached_sql OPERATOR(pg_catalog.>) 0 THEN
			pg_catalog.round(f.reached_opportunity::pg_catalog.numeric OPERATOR(pg_catalog./) f.reached_sql::pg_catalog.numeric, 4) END AS opportunity_rate,
	   CASE WHEN f.reached_opportunity OPERATOR(pg_catalog.>) 0 THEN
			pg_catalog.round(f.reached_won::pg_catalog.numeric OPERATOR(pg_catalog./) f.reached_opportunity::pg_catalog.numeric, 4) END AS won_rate
  FROM (SELECT c.track_id,
			   c.track,
			   c.cohort_month,
			   pg_catalog.count(*) AS leads,
			   pg_catalog.count(*) FILTER (WHERE c.furthest_stage OPERATOR(pg_catalog.>=) 'mql'::lead_align.lead_stage) AS reached_mql,
			   pg_catalog.count(*) FILTER (WHERE c.furthest_stage OPERATOR(pg_catalog.>=) 'sal'::lead_align.lead_stage) AS reached_sal,
			   pg_catalog.count(*) FILTER (WHERE c.furthest_stage OPERATOR(pg_catalog.>=) 'sql'::lead_align.lead_stage) AS reached_sql,
			   pg_catalog.count(*) FILTER (WHERE c.furthest_stage OPERATOR(pg_catalog.>=) 'opportunity'::lead_align.lead_stage) AS reached_opportunity,
			   pg_catalog.count(*) FILTER (WHERE c.furthest_stage OPERATOR(pg_catalog.=) 'won'::lead_align.lead_stage) AS reached_won,
			   pg_catalog.count(*) FILTER (WHERE c.ended_by OPERATOR(pg_catalog.=) 'recycle') AS recycled,
			   pg_catalog.count(*) FILTER (WHERE c.still_open) AS still_open
		  FROM lead_align.lead_cycles c
		 GROUP BY c.track_id, c.track, c.cohort_month) f;
COMMENT ON VIEW lead_align.funnel IS 'lead-cycles per track and cohort month (the month each began): how many reached mql, sal, sql, opportunity and won, how many were recycled or are still open, and the stage-to-stage conversion rates';
REVOKE ALL ON lead_align.funnel FROM PUBLIC;
GRANT SELECT ON lead_align.funnel TO lead_align_reader, lead_align_admin;

-------------------------------------------------------------------------------
-- lead_quality: marketing's leads as sales judged them, per track, dimension
-- value and cohort month.  A cycle counts under each key of the dimensions
-- of the row that began its mql stay (a cycle that never entered mql counts
-- only in leads, under its first row's).  The outcomes count cycles that
-- entered mql (the hand-overs sales judged): accepted and rejected (reject
-- or disqualify) by their mql stay's exit, recycled and won by the cycle's.
-------------------------------------------------------------------------------
-- One lead_quality row of a track and month: a (dimension, value) pair and
-- its counts, as lead_align._quality() gives them (src/lead_quality.c).
CREATE TYPE lead_align._quality_row AS (
	dimension text,
	value text,
	leads bigint,
	mqls bigint,
	accepted bigint,
	rejected bigint,
	recycled bigint,
	won bigint,
	top_reject_reasons text[]
);
COMMENT ON TYPE lead_align._quality_row IS 'internal: one (dimension, value) pair of lead_align.lead_quality and its counts';
CREATE FUNCTION lead_align._quality_trans(internal, jsonb, boolean, boolean, boolean, boolean, boolean, text) RETURNS internal
	AS 'MODULE_PATHNAME', 'la_quality_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
REVOKE ALL ON FUNCTION lead_align._quality_trans(internal, jsonb, boolean, boolean, boolean, boolean, boolean, text) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._quality_trans(internal, jsonb, boolean, boolean, boolean, boolean, boolean, text) IS 'internal: transition function of lead_align._quality';
CREATE FUNCTION lead_align._quality_final(internal) RETURNS lead_align._quality_row[]
	AS 'MODULE_PATHNAME', 'la_quality_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
REVOKE ALL ON FUNCTION lead_align._quality_final(internal) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._quality_final(internal) IS 'internal: final function of lead_align._quality';
-- _quality(dimensions, entered_mql, accepted, rejected, recycled, won, reject_reason)
CREATE AGGREGATE lead_align._quality(jsonb, boolean, boolean, boolean, boolean, boolean, text) (
	SFUNC = lead_align._quality_trans, STYPE = internal,
	FINALFUNC = lead_align._quality_final, FINALFUNC_MODIFY = SHAREABLE, PARALLEL = SAFE
);
REVOKE ALL ON FUNCTION lead_align._quality(jsonb, boolean, boolean, boolean, boolean, boolean, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lead_align._quality(jsonb, boolean, boolean, boolean, boolean, boolean, text) TO lead_align_reader, lead_align_admin;
COMMENT ON AGGREGATE lead_align._quality(jsonb, boolean, boolean, boolean, boolean, boolean, text) IS 'internal: the lead_quality counts of a group of lead-cycles per key and value of their dimensions (entered_mql, accepted, rejected, recycled, won, reject_reason of each)';

CREATE VIEW lead_align.lead_quality AS
SELECT q.track_id,
	   q.track,
	   r.dimension,
	   r.value,
	   q.month,
	   r.leads,
	   r.mqls,
	   r.accepted,
	   r.rejected,
	   r.recycled,
	   r.won,
	   CASE WHEN (r.accepted OPERATOR(pg_catalog.+) r.rejected) OPERATOR(pg_catalog.>) 0 THEN
			pg_catalog.round(r.accepted::pg_catalog.numeric
							 OPERATOR(pg_catalog./) (r.accepted OPERATOR(pg_catalog.+) r.rejected)::pg_catalog.numeric, 4) END AS acceptance_rate,
	   CASE WHEN r.mqls OPERATOR(pg_catalog.>) 0 THEN
			pg_catalog.round(r.won::pg_catalog.numeric OPERATOR(pg_catalog./) r.mqls::pg_catalog.numeric, 4) END AS win_rate,
	   r.top_reject_reasons
	   -- the cycles of each track and month in one pass, counted per key and
	   -- value of their dimensions by lead_align._quality() (src/lead_quality.c):
	   -- a lateral jsonb_each_text() and a GROUP BY on its text made three rows
	   -- per cycle and, at a million leads, sorted them on disk
  FROM (SELECT c.track_id,
			   c.track,
			   c.cohort_month AS month,
			   lead_align._quality(c.dimensions, c.entered_mql, c.accepted, c.rejected,
								   c.ended_by OPERATOR(pg_catalog.=) 'recycle',
								   c.furthest_stage OPERATOR(pg_catalog.=) 'won'::lead_align.lead_stage,
								   c.reject_reason) AS pairs
		  FROM lead_align.lead_cycles c
		 GROUP BY c.track_id, c.track, c.cohort_month) q
 CROSS JOIN LATERAL pg_catalog.unnest(q.pairs) AS r;
COMMENT ON VIEW lead_align.lead_quality IS 'marketing''s lead quality as sales judged it, per track, dimension value (at the hand-over) and cohort month: lead-cycles, MQLs, accepted, rejected, recycled, won, acceptance and win rates, and the three most frequent reject reasons';
REVOKE ALL ON lead_align.lead_quality FROM PUBLIC;
GRANT SELECT ON lead_align.lead_quality TO lead_align_reader, lead_align_admin;

-------------------------------------------------------------------------------
-- rule_performance: the objective criteria checked against outcomes.  A
-- cycle is attributed to the rule, rules version and temperature of the row
-- that began its mql stay (a cycle that never entered mql: of its latest
-- row).  handed_off counts the cycles that entered mql; the outcomes count
-- those, as in lead_quality.
-------------------------------------------------------------------------------
CREATE VIEW lead_align.rule_performance AS
SELECT r.track_id,
	   r.track,
	   r.cohort_month,
	   r.rule,
	   r.rules_version,
	   r.temperature,
	   r.temperature::pg_catalog.text AS temperature_text,
	   r.leads,
	   r.handed_off,
	   r.accepted,
	   r.rejected,
	   r.won,
	   CASE WHEN (r.accepted OPERATOR(pg_catalog.+) r.rejected) OPERATOR(pg_catalog.>) 0 THEN
			pg_catalog.round(r.accepted::pg_catalog.numeric
							 OPERATOR(pg_catalog./) (r.accepted OPERATOR(pg_catalog.+) r.rejected)::pg_catalog.numeric, 4) END AS acceptance_rate,
	   CASE WHEN r.handed_off OPERATOR(pg_catalog.>) 0 THEN
			pg_catalog.round(r.won::pg_catalog.numeric OPERATOR(pg_catalog./) r.handed_off::pg_catalog.numeric, 4) END AS win_rate
  FROM (SELECT c.track_id,
			   c.track,
			   c.cohort_month,
			   c.rule,
			   c.rules_version,
			   c.temperature,
			   pg_catalog.count(*) AS leads,
			   pg_catalog.count(*) FILTER (WHERE c.entered_mql) AS handed_off,
			   pg_catalog.count(*) FILTER (WHERE c.entered_mql AND c.accepted) AS accepted,
			   pg_catalog.count(*) FILTER (WHERE c.entered_mql AND c.rejected) AS rejected,
			   pg_catalog.count(*) FILTER (WHERE c.entered_mql AND c.furthest_stage OPERATOR(pg_catalog.=) 'won'::lead_align.lead_stage) AS won
		  FROM lead_align.lead_cycles c
		 GROUP BY c.track_id, c.track, c.cohort_month, c.rule, c.rules_version, c.temperature) r;
COMMENT ON VIEW lead_align.rule_performance IS 'lead-cycles per track, cohort month and the classification rule, rules version and temperature at the hand-over: handed off, accepted, rejected, won, acceptance and win rates (does hot really close more than warm?)';
REVOKE ALL ON lead_align.rule_performance FROM PUBLIC;
GRANT SELECT ON lead_align.rule_performance TO lead_align_reader, lead_align_admin;

-------------------------------------------------------------------------------
-- Volume SLAs: "marketing delivers 400 MQLs a month".  A commitment of a
-- team on a track: the stays of a stage that begin in each week (ISO, from
-- Monday), month or quarter, local to the team's calendar on the track
-- (lead_align.team_calendar), else the track's.
-------------------------------------------------------------------------------

-- The periods of volume SLAs and their lengths: the one list of them (the
-- words are also date_trunc's).  A SQL-standard body, bound when created (no
-- search_path to pin), that the planner inlines into volume_sla_status_at.
CREATE FUNCTION lead_align._volume_period_step(period text) RETURNS interval
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE period
	WHEN 'week' THEN '7 days'::pg_catalog.interval
	WHEN 'month' THEN '1 month'::pg_catalog.interval
	WHEN 'quarter' THEN '3 months'::pg_catalog.interval
END;
REVOKE ALL ON FUNCTION lead_align._volume_period_step(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lead_align._volume_period_step(text) TO lead_align_reader, lead_align_admin;
COMMENT ON FUNCTION lead_align._volume_period_step(text) IS 'internal: the length of a volume SLA period (week, month, quarter); NULL for any other word';

CREATE TABLE lead_align.volume_sla (
	track_id	integer NOT NULL,
	team		text NOT NULL,
	stage		lead_align.lead_stage NOT NULL,
	period		text NOT NULL CHECK (lead_align._volume_period_step(period) IS NOT NULL),
	target		integer NOT NULL CHECK (target OPERATOR(pg_catalog.>) 0),
	created_at	timestamptz NOT NULL DEFAULT pg_catalog.now(),	-- its periods start with the one containing this
	PRIMARY KEY (track_id, team, stage, period)
);
COMMENT ON TABLE lead_align.volume_sla IS 'volume commitments: a team delivers target stays of a stage per week, month or quarter on a track; write through lead_align.volume_sla()';
SELECT pg_catalog.pg_extension_config_dump('lead_align.volume_sla', '');
REVOKE ALL ON lead_align.volume_sla FROM PUBLIC;
GRANT SELECT ON lead_align.volume_sla TO lead_align_reader, lead_align_admin;

CREATE FUNCTION lead_align._volume_sla(tbl regclass, team text, stage lead_align.lead_stage, period text, target integer)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	t lead_align.track;
	v_teams text;
BEGIN
	PERFORM lead_align._require_configure(tbl);
	IF team IS NULL OR stage IS NULL OR period IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
			MESSAGE = 'the team, stage and period of a volume SLA must not be null',
			HINT = 'SELECT lead_align.volume_sla(''crm.leads'', ''marketing'', ''mql'', ''month'', 400);';
	END IF;
	IF NOT EXISTS (SELECT FROM lead_align.team m WHERE m.name OPERATOR(pg_catalog.=) _volume_sla.team) THEN
		SELECT pg_catalog.string_agg(m.name, ', ' ORDER BY m.name) INTO v_teams FROM lead_align.team m;
		RAISE EXCEPTION USING ERRCODE = 'undefined_object',
			MESSAGE = pg_catalog.format('team "%s" does not exist', team),
			HINT = pg_catalog.format('The teams are %s; add one with lead_align.add_team().', v_teams);
	END IF;
	IF lead_align._volume_period_step(period) IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = pg_catalog.format('invalid volume SLA period "%s"', period),
			HINT = 'A period is week (ISO weeks, from Monday), month or quarter, in the team''s calendar on the table, else the table''s.';
	END IF;
	IF target OPERATOR(pg_catalog.<=) 0 THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = pg_catalog.format('the target of a volume SLA must be positive, not %s', target),
			HINT = 'The target is the number of stays of the stage the team commits to per period; NULL removes the commitment.';
	END IF;
	t := lead_align._config_track(tbl);

	IF target IS NULL THEN
		DELETE FROM lead_align.volume_sla v
		 WHERE v.track_id OPERATOR(pg_catalog.=) t.id AND v.team OPERATOR(pg_catalog.=) _volume_sla.team
		   AND v.stage OPERATOR(pg_catalog.=) _volume_sla.stage AND v.period OPERATOR(pg_catalog.=) _volume_sla.period;
		RETURN;
	END IF;
	-- a new target applies to every period shown (created_at stays)
	UPDATE lead_align.volume_sla v SET target = _volume_sla.target
	 WHERE v.track_id OPERATOR(pg_catalog.=) t.id AND v.team OPERATOR(pg_catalog.=) _volume_sla.team
	   AND v.stage OPERATOR(pg_catalog.=) _volume_sla.stage AND v.period OPERATOR(pg_catalog.=) _volume_sla.period;
	IF NOT FOUND THEN
		INSERT INTO lead_align.volume_sla (track_id, team, stage, period, target)
		VALUES (t.id, _volume_sla.team, _volume_sla.stage, _volume_sla.period, _volume_sla.target);
	END IF;
END $$;
REVOKE ALL ON FUNCTION lead_align._volume_sla(regclass, text, lead_align.lead_stage, text, integer) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._volume_sla(regclass, text, lead_align.lead_stage, text, integer) IS 'internal: the implementation of lead_align.volume_sla(), run by it as the extension''s owner';
CREATE FUNCTION lead_align.volume_sla(track regclass, team text, stage lead_align.lead_stage, period text, target integer)
RETURNS void
AS 'MODULE_PATHNAME', 'la_configure' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION lead_align.volume_sla(regclass, text, lead_align.lead_stage, text, integer) IS 'declare that a team delivers target stays of a stage per week, month or quarter on a track (e.g. marketing, mql, month, 400); a NULL target removes the commitment';

-------------------------------------------------------------------------------
-- volume_sla_status: one row per volume SLA and period, from the period
-- containing the SLA's creation to the one containing as_of.  delivered
-- counts the stays of the stage that began in the period (stage events
-- entering it, by any route: insert, handoff, automatic handoff, re-entry),
-- including leads deleted later, and by as_of: the current period's status
-- as it stood then, its hand-overs up to as_of against its target pro rata
-- to as_of (a stay that begins after as_of, even in the same period, had
-- not happened yet; at now(), the reading transaction's start, that leaves
-- out only rows stamped later: a CRM's time still to come, or a move made
-- earlier in the same transaction).  The period's bounds are its local
-- midnights in the zone of the team's calendar (else the track's) as it is
-- now; a stay counts by its event_time (through handoff_time).
-- expected_by_now is the target for a past period, and for the current one
-- the target pro rata in the calendar's business time: target * business
-- time from the period's start to as_of / business time of the whole period
-- (0 when the period has no business time); rounded to 2 places, and
-- on_track = delivered >= expected_by_now.
--
-- The view calls volume_sla_status_at(now()); the function takes any as_of
-- (a report as it stood on a day; a test that does not depend on the clock;
-- an infinite or NULL as_of gives no rows).
-- It is a SQL-standard body (bound when created, so no search_path captures
-- it) without SET, so the planner inlines it: a filter on track_id and
-- period_start reaches the ledger for that period only.
-------------------------------------------------------------------------------
CREATE FUNCTION lead_align.volume_sla_status_at(as_of timestamptz)
RETURNS TABLE (track_id integer, track text, team text, stage lead_align.lead_stage, stage_text text,
			   period text, period_start date, period_end date, target integer, delivered bigint,
			   pct_delivered numeric, expected_by_now numeric, on_track boolean)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
	SELECT v.track_id,
		   k.table_name,
		   v.team,
		   v.stage,
		   v.stage::pg_catalog.text,
		   v.period,
		   p.period_start,
		   p.period_end,
		   v.target,
		   d.delivered,
		   pg_catalog.round((100::pg_catalog.numeric OPERATOR(pg_catalog.*) d.delivered::pg_catalog.numeric)
							OPERATOR(pg_catalog./) v.target::pg_catalog.numeric, 2),
		   e.expected,
		   d.delivered::pg_catalog.numeric OPERATOR(pg_catalog.>=) e.expected
	  FROM lead_align.volume_sla v
	  JOIN lead_align.track k ON k.id OPERATOR(pg_catalog.=) v.track_id
	  LEFT JOIN lead_align.team_calendar m ON m.track_id OPERATOR(pg_catalog.=) v.track_id
										  AND m.team OPERATOR(pg_catalog.=) v.team
	 CROSS JOIN LATERAL (
			SELECT COALESCE(m.calendar, k.calendar) AS calendar,
				   lead_align.calendar_zone(COALESCE(m.calendar, k.calendar)) AS zone,
				   lead_align._volume_period_step(v.period) AS step) z
	 CROSS JOIN LATERAL pg_catalog.generate_series(
			pg_catalog.date_trunc(v.period, pg_catalog.timezone(z.zone, v.created_at)),
			-- an infinite as_of has no period (and would never end the series)
			pg_catalog.date_trunc(v.period, pg_catalog.timezone(z.zone,
				CASE WHEN pg_catalog.isfinite(volume_sla_status_at.as_of) THEN volume_sla_status_at.as_of END)),
			z.step) AS g (local_start)
	 CROSS JOIN LATERAL (
			SELECT g.local_start::pg_catalog.date AS period_start,
				   (g.local_start OPERATOR(pg_catalog.+) z.step)::pg_catalog.date AS period_end,
				   pg_catalog.timezone(z.zone, g.local_start) AS starts_at,
				   pg_catalog.timezone(z.zone, g.local_start OPERATOR(pg_catalog.+) z.step) AS ends_at) p
	 CROSS JOIN LATERAL (
			SELECT pg_catalog.count(*) AS delivered
			  FROM lead_align.handoff h
			 WHERE h.track_id OPERATOR(pg_catalog.=) v.track_id
			   AND h.event_time OPERATOR(pg_catalog.>=) p.starts_at
			   AND h.event_time OPERATOR(pg_catalog.<) p.ends_at
			   AND h.event_time OPERATOR(pg_catalog.<=) volume_sla_status_at.as_of
			   AND h.to_stage OPERATOR(pg_catalog.=) v.stage
			   AND h.kind OPERATOR(pg_catalog.=) ANY (lead_align.vocabulary('stage_event_kind'))) d
	 CROSS JOIN LATERAL (
			SELECT CASE
					WHEN p.ends_at OPERATOR(pg_catalog.<=) volume_sla_status_at.as_of THEN pg_catalog.round(v.target::pg_catalog.numeric, 2)
					WHEN b.total OPERATOR(pg_catalog.=) 0 THEN pg_catalog.round(0::pg_catalog.numeric, 2)
					ELSE pg_catalog.round((v.target::pg_catalog.numeric OPERATOR(pg_catalog.*) b.elapsed)
										  OPERATOR(pg_catalog./) b.total, 2)
				   END AS expected
			  FROM (SELECT EXTRACT(EPOCH FROM lead_align.business_elapsed(p.starts_at, volume_sla_status_at.as_of, z.calendar)) AS elapsed,
						   EXTRACT(EPOCH FROM lead_align.business_elapsed(p.starts_at, p.ends_at, z.calendar)) AS total) b) e;
END;
REVOKE ALL ON FUNCTION lead_align.volume_sla_status_at(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lead_align.volume_sla_status_at(timestamptz) TO lead_align_reader, lead_align_admin;
COMMENT ON FUNCTION lead_align.volume_sla_status_at(timestamptz) IS 'each volume SLA''s periods up to the one containing as_of, as they stood at as_of: target, delivered (by as_of), pct_delivered, expected_by_now (pro rata in business time for the period containing as_of) and on_track; lead_align.volume_sla_status is this at now()';

CREATE VIEW lead_align.volume_sla_status AS
SELECT s.track_id, s.track, s.team, s.stage, s.stage_text, s.period, s.period_start, s.period_end,
	   s.target, s.delivered, s.pct_delivered, s.expected_by_now, s.on_track
  FROM lead_align.volume_sla_status_at(pg_catalog.now()) s;
COMMENT ON VIEW lead_align.volume_sla_status IS 'each volume SLA per period, from the one containing its creation to the current one: target, delivered (stays of the stage that began in the period), pct_delivered, expected_by_now (pro rata in business time of the current period) and on_track';
REVOKE ALL ON lead_align.volume_sla_status FROM PUBLIC;
GRANT SELECT ON lead_align.volume_sla_status TO lead_align_reader, lead_align_admin;

-------------------------------------------------------------------------------
-- decayed_sum(points, at, half_life, as_of): interest that fades (DESIGN
-- 5.3, src/decay.c).  The state is the running sum (float8); partial sums
-- combine by addition, so it runs in parallel plans.
-------------------------------------------------------------------------------
CREATE FUNCTION lead_align._decayed_sum_trans(float8, float8, timestamptz, interval, timestamptz) RETURNS float8
	AS 'MODULE_PATHNAME', 'la_decayed_sum_float8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
REVOKE ALL ON FUNCTION lead_align._decayed_sum_trans(float8, float8, timestamptz, interval, timestamptz) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._decayed_sum_trans(float8, float8, timestamptz, interval, timestamptz) IS 'internal: transition function of lead_align.decayed_sum(float8, ...)';
CREATE FUNCTION lead_align._decayed_sum_trans(float8, numeric, timestamptz, interval, timestamptz) RETURNS float8
	AS 'MODULE_PATHNAME', 'la_decayed_sum_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
REVOKE ALL ON FUNCTION lead_align._decayed_sum_trans(float8, numeric, timestamptz, interval, timestamptz) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._decayed_sum_trans(float8, numeric, timestamptz, interval, timestamptz) IS 'internal: transition function of lead_align.decayed_sum(numeric, ...)';
CREATE AGGREGATE lead_align.decayed_sum(points float8, at timestamptz, half_life interval, as_of timestamptz) (
	SFUNC = lead_align._decayed_sum_trans, STYPE = float8,
	COMBINEFUNC = pg_catalog.float8pl, PARALLEL = SAFE
);
COMMENT ON AGGREGATE lead_align.decayed_sum(float8, timestamptz, interval, timestamptz) IS 'sum of points that halve every half_life before as_of (points earned after as_of count 0); NULL rows skipped, NULL over no rows';
CREATE AGGREGATE lead_align.decayed_sum(points numeric, at timestamptz, half_life interval, as_of timestamptz) (
	SFUNC = lead_align._decayed_sum_trans, STYPE = float8,
	COMBINEFUNC = pg_catalog.float8pl, PARALLEL = SAFE
);
COMMENT ON AGGREGATE lead_align.decayed_sum(numeric, timestamptz, interval, timestamptz) IS 'sum of points that halve every half_life before as_of (points earned after as_of count 0); NULL rows skipped, NULL over no rows';

-------------------------------------------------------------------------------
-- Stays computed from the ledger (DESIGN 5.1), in SQL: the same rules as the
-- AFTER ROW trigger (src/track_agreement.c, LaRecordEvent), applied to a
-- lead's ledger rows in id order.  One definition serves three callers:
--   * lead_align.rebuild_current(track): the lead_current rows of a track;
--   * the update from 0.3 (src/lead_align--0.3--0.4.sql): lead_current of
--     every track, and the 0.4 columns of 0.3's ledger rows in place when
--     the ledger is small enough;
--   * CALL lead_align.migrate_03(): those columns of larger ledgers, after
--     the update, in batches.
--
-- The rules, for one lead, row by row in id order:
--   * a row of a stage event kind (create ... reopen) enters a stage: a new
--     stay begins with it (its time, local date, temperature, rule, rules
--     version, dimensions, due times and calendar);
--   * every stage event except create, and delete, ends the stay the lead
--     was in (a create after a delete finds none) and carries it: the row
--     that began it, its due times, its first touch, its calendar and the
--     business seconds from its start to this row and to its first touch;
--   * a row that finds the lead in no stay (the lead's first row is not a
--     create: it predates track(), or its earlier rows were purged; or the
--     row after a delete) and does not enter one begins a stay in the stage
--     the lead is in, with no SLA (its real start is unknown); so does a
--     delete that finds the lead in no stay, which then ends none;
--   * the first touch row of a stay is its first touch;
--   * a create, and a move that starts a cycle (from_cycle), begin a
--     lead-cycle: cycle_started_on is its local date; a lead with neither
--     takes the date of its first stay begun without an entering row, from
--     the row after it on (the trigger sets it after recording that row).
--
-- Calendars are values here; the ledger names them by id
-- (lead_align.stay_calendar).  Rows written by 0.3 lack what 0.4 records: a
-- stay entered by a 0.3 row used the track's calendar (0.3 had no other),
-- and a 0.3 touch row's own time is its event time (0.3 wrote the touched
-- value there), not before its stay began.  A stay begun without an
-- entering row records no calendar: it takes the calendar of the team that
-- owns the stage on the track, else the track's (the trigger would also
-- have looked at the lead's calendar column, which a rebuild does not read).
-- The zone of local dates is lead_align.calendar_zone() of the track's
-- calendar (80_shared_numbers.sql, which is why this file comes after it).
-------------------------------------------------------------------------------

-- Whole business seconds from a to b, truncated toward zero as the trigger
-- truncates (microseconds / 1e6).  No SET clause, so that it is inlined.
CREATE FUNCTION lead_align._business_seconds(a timestamptz, b timestamptz, cal lead_align.business_calendar)
RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
	SELECT pg_catalog.trunc(pg_catalog.extract('epoch', lead_align.business_elapsed(a, b, cal)))::pg_catalog.int8
$$;
REVOKE ALL ON FUNCTION lead_align._business_seconds(timestamptz, timestamptz, lead_align.business_calendar) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._business_seconds(timestamptz, timestamptz, lead_align.business_calendar) IS 'internal: whole business seconds from a to b in a calendar, truncated toward zero like the trigger''s exit_seconds and touch_seconds';

-- Every ledger row of a track (of the leads in keys, NULL: all; up to id
-- max_id, NULL: all) with what the trigger computes for it: the 0.4 columns
-- it carries, and the lead's current stay after it (on the lead's latest
-- row: its lead_current row).  No SET clause, so that it is inlined into its
-- caller and the keys reach the index on (track_id, lead_key, id): a batch
-- reads only its leads' rows.
--
-- Stays are numbered per lead without looking back a row: a row that
-- enters a stage begins one, and so does the row after a delete (or the
-- lead's first row), so the number of the stay of a row is the number of
-- entering rows up to it plus the number of deletes before it; rows with
-- the same number form one stay, begun by the first of them.
CREATE FUNCTION lead_align._stays(track_id integer, keys text[], max_id bigint)
RETURNS TABLE (
	id bigint,
	lead_key text,
	is_last boolean,			-- the lead's latest row (up to max_id)
	kind text,
	cycle integer,
	owner text,
	temperature lead_align.lead_temperature,
	rule text,
	event_time timestamptz,
	-- what the row carries
	event_on date,
	cycle_started_on date,
	calendar lead_align.business_calendar,	-- on a row that enters a stage
	touched_at timestamptz,					-- on a touch row
	entered_at timestamptz,					-- on a row that ends a stay: the stay
	entered_on date,
	entered_id bigint,
	stay_cycle integer,
	stay_temperature lead_align.lead_temperature,
	stay_rule text,
	stay_rules_version integer,
	stay_dimensions jsonb,
	stay_due_at timestamptz,
	stay_touch_due_at timestamptz,
	first_touch_at timestamptz,
	stay_calendar lead_align.business_calendar,
	exit_seconds bigint,
	touch_seconds bigint,
	-- the lead after the row
	cur_stage lead_align.lead_stage,
	cur_deleted boolean,
	cur_cycle_started_on date,
	cur_entered_at timestamptz,
	cur_entered_on date,
	cur_entered_id bigint,
	cur_stay_temperature lead_align.lead_temperature,
	cur_stay_rule text,
	cur_stay_rules_version integer,
	cur_stay_dimensions jsonb,
	cur_due_at timestamptz,
	cur_touch_due_at timestamptz,
	cur_touched_at timestamptz,
	cur_calendar lead_align.business_calendar)
LANGUAGE sql STABLE
AS $$
WITH
-- the track's calendar and zone, once
k AS MATERIALIZED (
	SELECT t.calendar, lead_align.calendar_zone(t.calendar) AS zone
	  FROM lead_align.track t
	 WHERE t.id OPERATOR(pg_catalog.=) _stays.track_id
),
-- each row: its local date, whether it enters a stage or begins a cycle,
-- whether the lead was in a stay before it (not after a delete), and the
-- numbers of its stay and its lead-cycle
a AS (
	SELECT h.id, h.lead_key, h.kind, h.cycle, h.owner, h.temperature, h.rule, h.rules_version,
		   h.dimensions, h.event_time, h.from_stage, h.to_stage, h.due_at, h.touch_due_at,
		   h.touched_at AS stored_touched_at, h.cycle_started_on AS stored_cycle_started_on,
		   e.enters,
		   coalesce(h.event_on, pg_catalog.timezone(k.zone, h.event_time)::pg_catalog.date) AS on_date,
		   CASE WHEN e.enters THEN coalesce(sc.calendar, k.calendar) END AS enter_calendar,
		   k.calendar AS track_calendar,
		   (e.enters AND h.kind OPERATOR(pg_catalog.<>) 'create') OR h.kind OPERATOR(pg_catalog.=) 'delete' AS ends,
		   coalesce(pg_catalog.lag(h.kind) OVER w OPERATOR(pg_catalog.<>) 'delete', false) AS had_stay,
		   pg_catalog.lead(h.id) OVER w IS NULL AS is_last,
		   pg_catalog.count(*) FILTER (WHERE e.enters) OVER w
			 OPERATOR(pg_catalog.+) pg_catalog.count(*) FILTER (WHERE h.kind OPERATOR(pg_catalog.=) 'delete') OVER w
			 OPERATOR(pg_catalog.-) CASE WHEN h.kind OPERATOR(pg_catalog.=) 'delete' THEN 1 ELSE 0 END AS stay_no,
		   pg_catalog.count(*) FILTER (WHERE h.kind OPERATOR(pg_catalog.=) 'create' OR h.from_cycle IS NOT NULL) OVER w AS cycle_no
	  FROM lead_align.handoff h
	 CROSS JOIN k
	  LEFT JOIN lead_align.stay_calendar sc ON sc.id OPERATOR(pg_catalog.=) h.calendar_id
	 CROSS JOIN LATERAL (SELECT h.kind OPERATOR(pg_catalog.=) ANY (lead_align.vocabulary('stage_event_kind')) AS enters) e
	 WHERE h.track_id OPERATOR(pg_catalog.=) _stays.track_id
	   AND (_stays.keys IS NULL OR h.lead_key OPERATOR(pg_catalog.=) ANY (_stays.keys))
	   AND (_stays.max_id IS NULL OR h.id OPERATOR(pg_catalog.<=) _stays.max_id)
	WINDOW w AS (PARTITION BY h.lead_key ORDER BY h.id)
),
-- the row that began the row's stay, the stay's first touch so far (a 0.3
-- touch row's time is its event time), the date the lead-cycle began
b AS (
	SELECT a.*,
		   pg_catalog.first_value(a.id) OVER s AS s_id,
		   pg_catalog.first_value(a.event_time) OVER s AS s_at,
		   pg_catalog.first_value(a.on_date) OVER s AS s_on,
		   pg_catalog.first_value(a.enters) OVER s AS s_enters,
		   pg_catalog.first_value(CASE WHEN a.enters THEN a.to_stage ELSE coalesce(a.from_stage, a.to_stage) END) OVER s AS s_stage,
		   pg_catalog.first_value(a.temperature) OVER s AS s_temperature,
		   pg_catalog.first_value(a.rule) OVER s AS s_rule,
		   pg_catalog.first_value(a.rules_version) OVER s AS s_rules_version,
		   pg_catalog.first_value(a.dimensions) OVER s AS s_dimensions,
		   pg_catalog.first_value(a.due_at) OVER s AS s_due_at,
		   pg_catalog.first_value(a.touch_due_at) OVER s AS s_touch_due_at,
		   pg_catalog.first_value(a.enter_calendar) OVER s AS s_enter_calendar,
		   (pg_catalog.array_agg(coalesce(a.stored_touched_at, a.event_time))
			  FILTER (WHERE a.kind OPERATOR(pg_catalog.=) 'touch') OVER s)[1] AS s_first_touch,
		   CASE WHEN a.cycle_no OPERATOR(pg_catalog.>) 0 THEN pg_catalog.first_value(a.on_date) OVER c END AS c_on
	  FROM a
	WINDOW s AS (PARTITION BY a.lead_key, a.stay_no ORDER BY a.id),
		   c AS (PARTITION BY a.lead_key, a.cycle_no ORDER BY a.id)
),
-- a touch is not before its stay began; a stay begun without an entering
-- row has the calendar of the stage's team, else the track's; the local
-- date of such a stay's start
b2 AS (
	SELECT b.*,
		   CASE WHEN b.s_first_touch IS NOT NULL THEN GREATEST(b.s_first_touch, b.s_at) END AS s_touched_at,
		   coalesce(b.s_enter_calendar,
					(SELECT tc.calendar FROM lead_align.team_calendar tc
					  WHERE tc.track_id OPERATOR(pg_catalog.=) _stays.track_id
						AND tc.team OPERATOR(pg_catalog.=) lead_align.owner_team(b.s_stage)),
					b.track_calendar) AS s_calendar,
		   CASE WHEN NOT b.s_enters THEN b.s_on END AS unentered_on
	  FROM b
),
-- the stay the lead was in before the row (for a row that ends it), and
-- the date of the lead's first stay begun without an entering row, up to
-- the row and before it
c AS (
	SELECT b2.*,
		   (pg_catalog.array_agg(b2.unentered_on) FILTER (WHERE b2.unentered_on IS NOT NULL) OVER w)[1] AS first_unentered_on,
		   (pg_catalog.array_agg(b2.unentered_on) FILTER (WHERE b2.unentered_on IS NOT NULL) OVER wp)[1] AS first_unentered_before,
		   b2.ends AND b2.had_stay AS ends_stay,
		   pg_catalog.lag(b2.s_id) OVER w AS p_id,
		   pg_catalog.lag(b2.s_at) OVER w AS p_at,
		   pg_catalog.lag(b2.s_on) OVER w AS p_on,
		   pg_catalog.lag(b2.cycle) OVER w AS p_cycle,
		   pg_catalog.lag(b2.s_temperature) OVER w AS p_temperature,
		   pg_catalog.lag(b2.s_rule) OVER w AS p_rule,
		   pg_catalog.lag(b2.s_rules_version) OVER w AS p_rules_version,
		   pg_catalog.lag(b2.s_dimensions) OVER w AS p_dimensions,
		   pg_catalog.lag(b2.s_due_at) OVER w AS p_due_at,
		   pg_catalog.lag(b2.s_touch_due_at) OVER w AS p_touch_due_at,
		   pg_catalog.lag(b2.s_touched_at) OVER w AS p_touched_at,
		   pg_catalog.lag(b2.s_calendar) OVER w AS p_calendar
	  FROM b2
	WINDOW w AS (PARTITION BY b2.lead_key ORDER BY b2.id),
		   wp AS (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
)
SELECT r.id, r.lead_key, r.is_last, r.kind, r.cycle, r.owner, r.temperature, r.rule, r.event_time,
	   r.on_date,
	   -- the trigger dates a stay begun without an entering row after recording its row
	   coalesce(r.c_on, r.first_unentered_before),
	   r.enter_calendar,
	   CASE WHEN r.kind OPERATOR(pg_catalog.=) 'touch'
			THEN coalesce(r.stored_touched_at, GREATEST(r.event_time, r.s_at)) END,
	   CASE WHEN r.ends_stay THEN r.p_at END,
	   CASE WHEN r.ends_stay THEN r.p_on END,
	   CASE WHEN r.ends_stay THEN r.p_id END,
	   CASE WHEN r.ends_stay THEN r.p_cycle END,
	   CASE WHEN r.ends_stay THEN r.p_temperature END,
	   CASE WHEN r.ends_stay THEN r.p_rule END,
	   CASE WHEN r.ends_stay THEN r.p_rules_version END,
	   CASE WHEN r.ends_stay THEN r.p_dimensions END,
	   CASE WHEN r.ends_stay THEN r.p_due_at END,
	   CASE WHEN r.ends_stay THEN r.p_touch_due_at END,
	   CASE WHEN r.ends_stay THEN r.p_touched_at END,
	   CASE WHEN r.ends_stay THEN r.p_calendar END,
	   CASE WHEN r.ends_stay THEN lead_align._business_seconds(r.p_at, r.event_time, r.p_calendar) END,
	   CASE WHEN r.ends_stay THEN lead_align._business_seconds(r.p_at, r.p_touched_at, r.p_calendar) END,
	   r.s_stage,
	   r.kind OPERATOR(pg_catalog.=) 'delete',
	   -- a lead whose cycle began in rows purge() deleted keeps the date its latest row carries
	   CASE WHEN r.cycle_no OPERATOR(pg_catalog.>) 0 THEN r.c_on
			ELSE coalesce(r.stored_cycle_started_on, r.first_unentered_on) END,
	   r.s_at, r.s_on, r.s_id, r.s_temperature, r.s_rule, r.s_rules_version, r.s_dimensions,
	   r.s_due_at, r.s_touch_due_at, r.s_touched_at, r.s_calendar
  FROM c r
$$;
REVOKE ALL ON FUNCTION lead_align._stays(integer, text[], bigint) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._stays(integer, text[], bigint) IS 'internal: a track''s ledger rows (of some leads, up to an id) with the local dates and stays the trigger computes for them, and each lead''s state after each row';

-- Replace the lead_current rows of a track by the ones its ledger gives:
-- each lead's latest row, with the stay it is in after it.  Returns the
-- rows written.  The caller keeps the triggers out (a lock on the tracked
-- table, or the update from 0.3).
CREATE FUNCTION lead_align._fill_current(track_id integer) RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	n bigint;
BEGIN
	DELETE FROM lead_align.lead_current c WHERE c.track_id OPERATOR(pg_catalog.=) _fill_current.track_id;
	INSERT INTO lead_align.lead_current (track_id, lead_key, stage, deleted, cycle, cycle_started_on,
		entered_at, entered_on, entered_id, stay_temperature, stay_rule, stay_rules_version, stay_dimensions,
		due_at, touch_due_at, touched_at, calendar, owner, temperature, rule, last_event_at, last_id)
	SELECT _fill_current.track_id, s.lead_key, s.cur_stage, s.cur_deleted, s.cycle, s.cur_cycle_started_on,
		   s.cur_entered_at, s.cur_entered_on, s.cur_entered_id, s.cur_stay_temperature, s.cur_stay_rule,
		   s.cur_stay_rules_version, s.cur_stay_dimensions, s.cur_due_at, s.cur_touch_due_at, s.cur_touched_at,
		   s.cur_calendar, s.owner, s.temperature, s.rule, s.event_time, s.id
	  FROM lead_align._stays(_fill_current.track_id, NULL, NULL) s
	 WHERE s.is_last;
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n;
END $$;
REVOKE ALL ON FUNCTION lead_align._fill_current(integer) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._fill_current(integer) IS 'internal: replace a track''s lead_current rows by the ones its ledger gives; returns the rows written';

-- Fill the 0.4 columns of a track's ledger rows written by 0.3 (event_on
-- NULL; rows already filled are left alone): local dates, the stay a row
-- ends, a stay's calendar on the row that enters it, a touch's own time.
-- The calendars such a stay can have (the track's, a team's) are stored in
-- lead_align.stay_calendar first, as the trigger stores a new one.
-- keys NULL and lo, hi NULL: every row of the track; else the rows with ids
-- in [lo, hi] of the leads in keys (their earlier rows are read, not
-- written).  Returns the rows filled.
CREATE FUNCTION lead_align._migrate_rows(track_id integer, keys text[], lo bigint, hi bigint) RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
-- planned for the values at hand: all of a track's leads, or the few of a batch through the index;
-- a batch is too short to repay compiling its plan, and sorts its rows in memory
SET plan_cache_mode = force_custom_plan
SET jit = off
SET work_mem = '64MB'
AS $$
DECLARE
	n bigint;
BEGIN
	INSERT INTO lead_align.stay_calendar (calendar)
	SELECT k.calendar FROM lead_align.track k WHERE k.id OPERATOR(pg_catalog.=) _migrate_rows.track_id
	UNION
	SELECT tc.calendar FROM lead_align.team_calendar tc WHERE tc.track_id OPERATOR(pg_catalog.=) _migrate_rows.track_id
	ON CONFLICT (calendar) DO NOTHING;
	UPDATE lead_align.handoff h
	   SET event_on = s.event_on,
		   cycle_started_on = s.cycle_started_on,
		   calendar_id = coalesce(h.calendar_id, c.id),
		   touched_at = coalesce(h.touched_at, s.touched_at),
		   entered_at = s.entered_at,
		   entered_on = s.entered_on,
		   entered_id = s.entered_id,
		   stay_cycle = s.stay_cycle,
		   stay_temperature = s.stay_temperature,
		   stay_rule = s.stay_rule,
		   stay_rules_version = s.stay_rules_version,
		   stay_dimensions = s.stay_dimensions,
		   stay_due_at = s.stay_due_at,
		   stay_touch_due_at = s.stay_touch_due_at,
		   first_touch_at = s.first_touch_at,
		   stay_calendar_id = sc.id,
		   exit_seconds = s.exit_seconds,
		   touch_seconds = s.touch_seconds
	  FROM lead_align._stays(_migrate_rows.track_id, _migrate_rows.keys, _migrate_rows.hi) s
	  LEFT JOIN lead_align.stay_calendar c ON c.calendar OPERATOR(pg_catalog.=) s.calendar
	  LEFT JOIN lead_align.stay_calendar sc ON sc.calendar OPERATOR(pg_catalog.=) s.stay_calendar
	 WHERE h.id OPERATOR(pg_catalog.=) s.id
	   AND h.event_on IS NULL
	   AND (_migrate_rows.lo IS NULL OR h.id OPERATOR(pg_catalog.>=) _migrate_rows.lo)
	   AND (_migrate_rows.hi IS NULL OR h.id OPERATOR(pg_catalog.<=) _migrate_rows.hi);
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n;
END $$;
REVOKE ALL ON FUNCTION lead_align._migrate_rows(integer, text[], bigint, bigint) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._migrate_rows(integer, text[], bigint, bigint) IS 'internal: fill the 0.4 columns (local dates, ended stays) of a track''s ledger rows written by 0.3; returns the rows filled';

-------------------------------------------------------------------------------
-- Lead-cycles computed from the ledger (DESIGN 5.2): the same facts the
-- trigger keeps row by row (src/core/la_policy.c, la_cycle_step; the
-- trigger's EndCycle, src/track_agreement.c), from a lead's rows grouped by
-- cycle.  For rebuild_current() and the update from 0.3, and for the tests,
-- which compare lead_cycles with it.
--
-- A cycle's local start date is the one its rows carry (cycle_started_on);
-- a cycle whose first row neither entered a stage nor carries the date (a
-- lead first seen by such an event: the trigger dates the cycle after
-- recording that row) takes that row's local date.  How a cycle ended is
-- written on the first row of the next cycle when a move into nurture began
-- it (its from_cycle is the cycle's number).
-------------------------------------------------------------------------------
CREATE FUNCTION lead_align._cycles(track_id integer, keys text[])
RETURNS TABLE (
	lead_key text,
	cycle integer,
	started_on date,
	first_id bigint,
	last_id bigint,
	stage lead_align.lead_stage,
	furthest_stage lead_align.lead_stage,
	sales_sourced boolean,
	mql_id bigint,
	mql_at timestamptz,
	accepted boolean,
	disqualified boolean,
	disqualify_reason text,
	rejected boolean,
	reject_reason text,
	ended_by text,
	rule text,
	rules_version integer,
	temperature lead_align.lead_temperature,
	dimensions jsonb)
LANGUAGE sql STABLE
AS $$
WITH g AS (
	SELECT h.lead_key,
		   h.cycle,
		   coalesce(pg_catalog.max(h.cycle_started_on),
					CASE WHEN lead_align._arg_min(h.kind, h.id) OPERATOR(pg_catalog.<>) ALL (lead_align.vocabulary('stage_event_kind'))
						 THEN lead_align._arg_min(h.event_on, h.id) END) AS started_on,
		   pg_catalog.min(h.id) AS first_id,
		   pg_catalog.max(h.id) AS last_id,
		   lead_align._arg_max(COALESCE(h.to_stage, h.from_stage), h.id) AS stage,
		   lead_align._arg_max(h.kind, h.id) AS last_kind,
		   COALESCE(pg_catalog.bool_or(h.kind OPERATOR(pg_catalog.=) 'create'
					AND h.to_stage OPERATOR(pg_catalog.>) 'mql'::lead_align.lead_stage
					AND h.to_stage OPERATOR(pg_catalog.<=) 'won'::lead_align.lead_stage), false) AS sales_sourced,
		   pg_catalog.max(h.to_stage) FILTER (
				WHERE e.stage_event
				  AND h.to_stage OPERATOR(pg_catalog.>=) 'mql'::lead_align.lead_stage
				  AND h.to_stage OPERATOR(pg_catalog.<=) 'won'::lead_align.lead_stage) AS furthest_stage,
		   pg_catalog.min(h.id) FILTER (WHERE e.mql_entry) AS mql_id,
		   lead_align._arg_min(h.event_time, h.id) FILTER (WHERE e.mql_entry) AS mql_at,
		   lead_align._arg_min(h.dimensions, h.id) FILTER (WHERE e.mql_entry) AS mql_dimensions,
		   lead_align._arg_min(h.rule, h.id) FILTER (WHERE e.mql_entry) AS mql_rule,
		   lead_align._arg_min(h.rules_version, h.id) FILTER (WHERE e.mql_entry) AS mql_rules_version,
		   lead_align._arg_min(h.temperature, h.id) FILTER (WHERE e.mql_entry) AS mql_temperature,
		   lead_align._arg_min(h.dimensions, h.id) AS first_dimensions,
		   lead_align._arg_max(h.rule, h.id) AS last_rule,
		   lead_align._arg_max(h.rules_version, h.id) AS last_rules_version,
		   lead_align._arg_max(h.temperature, h.id) AS last_temperature,
		   COALESCE(pg_catalog.bool_or(h.kind OPERATOR(pg_catalog.=) 'accept'
					AND h.from_stage OPERATOR(pg_catalog.=) 'mql'::lead_align.lead_stage), false) AS accepted,
		   COALESCE(pg_catalog.bool_or(h.kind OPERATOR(pg_catalog.=) 'disqualify'
					AND h.from_stage OPERATOR(pg_catalog.=) 'mql'::lead_align.lead_stage), false) AS disqualified,
		   lead_align._arg_min(h.reason, h.id) FILTER (
				WHERE h.kind OPERATOR(pg_catalog.=) 'disqualify'
				  AND h.from_stage OPERATOR(pg_catalog.=) 'mql'::lead_align.lead_stage) AS disqualify_reason
	  FROM lead_align.handoff h
	 -- a stage event (it enters a stage); one that entered mql
	 CROSS JOIN LATERAL (SELECT h.kind OPERATOR(pg_catalog.=) ANY (lead_align.vocabulary('stage_event_kind')) AS stage_event) v
	 CROSS JOIN LATERAL (SELECT v.stage_event, v.stage_event AND h.to_stage OPERATOR(pg_catalog.=) 'mql'::lead_align.lead_stage AS mql_entry) e
	 WHERE h.track_id OPERATOR(pg_catalog.=) _cycles.track_id
	   AND (_cycles.keys IS NULL OR h.lead_key OPERATOR(pg_catalog.=) ANY (_cycles.keys))
	 GROUP BY h.lead_key, h.cycle
),
-- the first row of each cycle a move into nurture began, by the cycle it ended
n AS (
	SELECT DISTINCT ON (h.lead_key, h.from_cycle) h.lead_key, h.from_cycle, h.kind, h.from_stage, h.reason
	  FROM lead_align.handoff h
	 WHERE h.track_id OPERATOR(pg_catalog.=) _cycles.track_id
	   AND (_cycles.keys IS NULL OR h.lead_key OPERATOR(pg_catalog.=) ANY (_cycles.keys))
	   AND h.from_cycle IS NOT NULL
	 ORDER BY h.lead_key, h.from_cycle, h.id
)
SELECT g.lead_key, g.cycle, g.started_on, g.first_id, g.last_id, g.stage, g.furthest_stage, g.sales_sourced,
	   g.mql_id, g.mql_at, g.accepted, g.disqualified, g.disqualify_reason,
	   g.disqualified OR COALESCE(n.kind OPERATOR(pg_catalog.=) 'reject'
								  AND n.from_stage OPERATOR(pg_catalog.=) 'mql'::lead_align.lead_stage, false),
	   CASE WHEN n.kind OPERATOR(pg_catalog.=) 'reject' AND n.from_stage OPERATOR(pg_catalog.=) 'mql'::lead_align.lead_stage
			THEN n.reason ELSE g.disqualify_reason END,
	   CASE WHEN n.kind IS NOT NULL THEN n.kind
			WHEN g.last_kind OPERATOR(pg_catalog.=) 'delete' THEN g.last_kind END,
	   CASE WHEN g.mql_id IS NOT NULL THEN g.mql_rule ELSE g.last_rule END,
	   CASE WHEN g.mql_id IS NOT NULL THEN g.mql_rules_version ELSE g.last_rules_version END,
	   CASE WHEN g.mql_id IS NOT NULL THEN g.mql_temperature ELSE g.last_temperature END,
	   COALESCE(g.mql_dimensions, g.first_dimensions)
  FROM g
  LEFT JOIN n ON n.lead_key OPERATOR(pg_catalog.=) g.lead_key AND n.from_cycle OPERATOR(pg_catalog.=) g.cycle
$$;
REVOKE ALL ON FUNCTION lead_align._cycles(integer, text[]) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._cycles(integer, text[]) IS 'internal: a track''s lead-cycles (of the leads in keys; NULL: all) computed from its ledger, with what lead_cycles counts of each';

-- Replace a track's lead-cycles (of the leads in keys; NULL: all) by the
-- ones its ledger gives: the cycle each lead's lead_current row is in goes
-- to that row's cycle_* columns, the others to lead_align.lead_cycle.
-- Returns the ended cycles written.  The caller keeps the triggers out.
CREATE FUNCTION lead_align._fill_cycles(track_id integer, keys text[]) RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	n bigint;
BEGIN
	DELETE FROM lead_align.lead_cycle y
	 WHERE y.track_id OPERATOR(pg_catalog.=) _fill_cycles.track_id
	   AND (_fill_cycles.keys IS NULL OR y.lead_key OPERATOR(pg_catalog.=) ANY (_fill_cycles.keys));
	WITH c AS MATERIALIZED (
		SELECT * FROM lead_align._cycles(_fill_cycles.track_id, _fill_cycles.keys)
	), u AS (
		UPDATE lead_align.lead_current l
		   SET cycle_first_id = c.first_id, cycle_stage = c.stage, cycle_furthest_stage = c.furthest_stage,
			   cycle_sales_sourced = c.sales_sourced, cycle_mql_id = c.mql_id, cycle_mql_at = c.mql_at,
			   cycle_accepted = c.accepted, cycle_disqualified = c.disqualified,
			   cycle_disqualify_reason = c.disqualify_reason, cycle_rule = c.rule,
			   cycle_rules_version = c.rules_version, cycle_temperature = c.temperature,
			   cycle_dimensions = c.dimensions
		  FROM c
		 WHERE l.track_id OPERATOR(pg_catalog.=) _fill_cycles.track_id
		   AND l.lead_key OPERATOR(pg_catalog.=) c.lead_key AND l.cycle OPERATOR(pg_catalog.=) c.cycle
	)
	INSERT INTO lead_align.lead_cycle (track_id, lead_key, cycle, started_on, first_id, last_id, stage, furthest_stage,
		sales_sourced, mql_id, mql_at, accepted, rejected, reject_reason, ended_by, rule, rules_version,
		temperature, dimensions)
	SELECT _fill_cycles.track_id, c.lead_key, c.cycle, c.started_on, c.first_id, c.last_id, c.stage, c.furthest_stage,
		   c.sales_sourced, c.mql_id, c.mql_at, c.accepted, c.rejected, c.reject_reason, c.ended_by, c.rule,
		   c.rules_version, c.temperature, c.dimensions
	  FROM c
	 WHERE NOT EXISTS (SELECT FROM lead_align.lead_current l
						WHERE l.track_id OPERATOR(pg_catalog.=) _fill_cycles.track_id
						  AND l.lead_key OPERATOR(pg_catalog.=) c.lead_key AND l.cycle OPERATOR(pg_catalog.=) c.cycle);
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n;
END $$;
REVOKE ALL ON FUNCTION lead_align._fill_cycles(integer, text[]) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._fill_cycles(integer, text[]) IS 'internal: replace a track''s lead-cycles (lead_cycle, and the cycle_* columns of lead_current) by the ones its ledger gives; returns the ended cycles written';

-------------------------------------------------------------------------------
-- rebuild_current(): a track's lead_current rows and lead-cycles from its
-- ledger
--
-- The tracked table is locked against writes (as track() and untrack() lock
-- it), so that no trigger changes a lead meanwhile.  What the ledger no
-- longer holds is lost to the rebuild: a lead whose earlier rows purge()
-- deleted keeps what its remaining rows tell (its latest row: cycle, owner,
-- temperature, last event, the date its cycle began; the row that entered
-- its stage, which purge() keeps: the stay and its due times), but a first
-- touch whose row was purged is not known (touched_at NULL), and a stay whose
-- entering row is gone begins at the lead's oldest remaining row, with no
-- SLA.  The lead-cycles are those the remaining rows give: a cycle whose
-- rows purge() deleted is counted no more (purge() itself leaves them).
-------------------------------------------------------------------------------
CREATE FUNCTION lead_align._rebuild_current(track regclass) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	t lead_align.track;
	v_rows bigint;
BEGIN
	PERFORM lead_align._require_configure(track);
	-- under a transaction snapshot, changes committed before the lock below
	-- but after the snapshot would be missed
	IF pg_catalog.current_setting('transaction_isolation') OPERATOR(pg_catalog.<>) 'read committed' THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_transaction_state',
			MESSAGE = pg_catalog.format('rebuild_current(%s) must run in a READ COMMITTED transaction', track),
			DETAIL = 'The rebuild reads the ledger after it has locked the table; an older snapshot would miss changes committed in between.',
			HINT = 'Call it outside an explicit transaction, or in one at the default isolation level.';
	END IF;
	t := lead_align._config_track(track);
	EXECUTE pg_catalog.format('LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE', t.relid);
	v_rows := lead_align._fill_current(t.id);
	PERFORM lead_align._fill_cycles(t.id, NULL);
	-- the rewritten stays were written by no trigger: the next sweep looks
	-- at every overdue stay of the track, as for a new track
	DELETE FROM lead_align.sweep_state w WHERE w.track_id OPERATOR(pg_catalog.=) t.id;
	RETURN v_rows;
END $$;
REVOKE ALL ON FUNCTION lead_align._rebuild_current(regclass) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._rebuild_current(regclass) IS 'internal: the implementation of lead_align.rebuild_current(), run by it as the extension''s owner';
CREATE FUNCTION lead_align.rebuild_current(track regclass)
RETURNS bigint
AS 'MODULE_PATHNAME', 'la_configure' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION lead_align.rebuild_current(regclass) IS 'recompute a track''s lead_current rows (the current stay and lead-cycle of every lead) and its ended lead-cycles (lead_cycle) from its ledger, with the table locked against writes; returns the lead_current rows written; owner of the table or lead_align_admin';

-------------------------------------------------------------------------------
-- migrate_03(): the 0.4 columns of a large 0.3 ledger, after the update
--
-- The update from 0.3 fills them in place when the ledger is small (see the
-- README, Upgrading); a larger ledger is filled by CALL
-- lead_align.migrate_03(), in batches of ledger rows in id order, each
-- committed: no tracked table is locked, and the triggers go on writing
-- (their rows have the columns already).  Rows already filled are skipped,
-- so it may be stopped and called again.
-------------------------------------------------------------------------------
-- The ended lead-cycles of some leads of a track that the update from 0.3
-- could not date (their rows had no cycle_started_on yet): their start date,
-- once their first rows are filled (rows are filled in id order), and only
-- when a cycle's first row is still there (after a purge() the first row left
-- would give a later date).  Only the date, only where it is missing; the
-- trigger only inserts lead_cycle rows, so it never waits on this.
CREATE FUNCTION lead_align._date_cycles(track_id integer, keys text[]) RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
-- planned for the keys at hand, through the index on (track_id, lead_key)
SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
	n bigint;
BEGIN
	UPDATE lead_align.lead_cycle y
	   SET started_on = c.started_on
	  FROM lead_align._cycles(_date_cycles.track_id, _date_cycles.keys) c
	 WHERE y.track_id OPERATOR(pg_catalog.=) _date_cycles.track_id
	   AND y.lead_key OPERATOR(pg_catalog.=) c.lead_key AND y.cycle OPERATOR(pg_catalog.=) c.cycle
	   AND y.first_id OPERATOR(pg_catalog.=) c.first_id
	   AND y.started_on IS NULL AND c.started_on IS NOT NULL;
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n;
END $$;
REVOKE ALL ON FUNCTION lead_align._date_cycles(integer, text[]) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._date_cycles(integer, text[]) IS 'internal: date the ended lead-cycles of some leads of a track that have no start date yet, from their filled ledger rows; returns the cycles dated';

CREATE FUNCTION lead_align._migrate_03_batch(after_id bigint, batch_size integer,
	OUT next_after bigint, OUT migrated bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_after bigint := coalesce(after_id, 0);
	v_hi bigint;
	v_track integer;
	v_keys text[];
BEGIN
	IF NOT lead_align._caller_is_admin() THEN
		RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
			MESSAGE = 'permission denied to migrate the ledger',
			HINT = 'Only superusers and members of lead_align_admin may migrate the ledger.';
	END IF;
	IF batch_size IS NULL OR batch_size OPERATOR(pg_catalog.<) 1 THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = pg_catalog.format('the batch size must be positive, not %s', coalesce(batch_size::pg_catalog.text, 'NULL')),
			HINT = 'Write for example CALL lead_align.migrate_03(50000);';
	END IF;
	migrated := 0;
	-- the next batch_size ledger rows in id order (a walk of the primary key:
	-- each batch reads only its own rows); those of them written by 0.3 are
	-- filled
	SELECT pg_catalog.max(b.id) INTO v_hi
	  FROM (SELECT h.id FROM lead_align.handoff h
			 WHERE h.id OPERATOR(pg_catalog.>) v_after
			 ORDER BY h.id LIMIT batch_size) b;
	IF v_hi IS NULL THEN
		next_after := NULL;
		-- ended cycles still undated whose first rows are filled by now (a
		-- rebuild_current() that ran beside a batch rewrote them undated)
		FOR v_track IN SELECT DISTINCT y.track_id FROM lead_align.lead_cycle y WHERE y.started_on IS NULL ORDER BY 1 LOOP
			PERFORM lead_align._date_cycles(v_track,
				ARRAY(SELECT DISTINCT y.lead_key FROM lead_align.lead_cycle y
					   WHERE y.track_id OPERATOR(pg_catalog.=) v_track AND y.started_on IS NULL));
		END LOOP;
		RETURN;
	END IF;
	FOR v_track IN
		SELECT DISTINCT h.track_id FROM lead_align.handoff h
		 WHERE h.id OPERATOR(pg_catalog.>) v_after AND h.id OPERATOR(pg_catalog.<=) v_hi AND h.event_on IS NULL
		 ORDER BY 1
	LOOP
		v_keys := ARRAY(SELECT DISTINCT h.lead_key FROM lead_align.handoff h
						 WHERE h.track_id OPERATOR(pg_catalog.=) v_track
						   AND h.id OPERATOR(pg_catalog.>) v_after AND h.id OPERATOR(pg_catalog.<=) v_hi
						   AND h.event_on IS NULL);
		migrated := migrated OPERATOR(pg_catalog.+) lead_align._migrate_rows(v_track, v_keys,
			v_after OPERATOR(pg_catalog.+) 1, v_hi);
		PERFORM lead_align._date_cycles(v_track, v_keys);
	END LOOP;
	next_after := v_hi;
END $$;
REVOKE ALL ON FUNCTION lead_align._migrate_03_batch(bigint, integer) FROM PUBLIC;
COMMENT ON FUNCTION lead_align._migrate_03_batch(bigint, integer) IS 'internal: the implementation of lead_align.migrate_03_batch(), run by it as the extension''s owner';
CREATE FUNCTION lead_align.migrate_03_batch(after_id bigint, batch_size integer,
	OUT next_after bigint, OUT migrated bigint)
AS 'MODULE_PATHNAME', 'la_configure' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION lead_align.migrate_03_batch(bigint, integer) IS 'fill the 0.4 columns of those of the next batch_size ledger rows after id after_id that 0.3 wrote; returns the last id of the batch (NULL when none is left) and the rows filled (admin only)';

-- A procedure, so that it can commit per batch; it cannot pin its
-- search_path (a SET clause forbids transaction control), so every name in
-- it is qualified.  Each batch runs as the extension's owner through
-- migrate_03_batch(), which checks the caller.
CREATE PROCEDURE lead_align.migrate_03(batch_size integer DEFAULT 50000, INOUT rows_migrated bigint DEFAULT 0)
LANGUAGE plpgsql
AS $$
DECLARE
	v_after bigint := 0;
	v_next bigint;
	v_rows bigint;
BEGIN
	rows_migrated := 0;
	LOOP
		SELECT b.next_after, b.migrated INTO v_next, v_rows
		  FROM lead_align.migrate_03_batch(v_after, batch_size) b;
		EXIT WHEN v_next IS NULL;
		rows_migrated := rows_migrated OPERATOR(pg_catalog.+) v_rows;
		v_after := v_next;
		COMMIT;
	END LOOP;
END $$;
COMMENT ON PROCEDURE lead_align.migrate_03(integer, bigint) IS 'fill the 0.4 columns (local dates, ended stays) of ledger rows written by 0.3, in batches of ledger rows in id order, committing each; skips rows already filled; reports the rows filled (admin only)';

-- The ledger as 0.3 left it: lead_align.lead_current of every track, at
-- once (the triggers read it from now on), and the 0.4 columns of the
-- ledger's rows in place when there are at most 1,000,000 of them (SET
-- lead_align_update.in_place_rows = n before the update changes the
-- limit); a larger ledger is filled after the update by CALL
-- lead_align.migrate_03().  See the README, Upgrading.
DO $$
DECLARE
	v_limit bigint := coalesce(NULLIF(pg_catalog.current_setting('lead_align_update.in_place_rows', true), '')::pg_catalog.int8,
							   1000000);
	v_rows bigint;
	v_track integer;
BEGIN
	FOR v_track IN SELECT k.id FROM lead_align.track k ORDER BY k.id LOOP
		PERFORM lead_align._fill_current(v_track);
	END LOOP;
	ANALYZE lead_align.lead_current;
	SELECT pg_catalog.count(*) INTO v_rows FROM lead_align.handoff h WHERE h.event_on IS NULL;
	IF v_rows OPERATOR(pg_catalog.<=) v_limit THEN
		FOR v_track IN SELECT k.id FROM lead_align.track k ORDER BY k.id LOOP
			PERFORM lead_align._migrate_rows(v_track, NULL, NULL, NULL);
		END LOOP;
		-- the new columns' statistics, for the plans of the views
		ANALYZE lead_align.handoff;
	ELSE
		RAISE WARNING 'lead_align: % ledger rows written by 0.3 (more than %) keep their 0.4 columns (local dates, ended stays) empty for now', v_rows, v_limit
			USING HINT = 'Fill them after the update with CALL lead_align.migrate_03(); tracking works meanwhile.';
	END IF;
	-- the lead-cycles of every track (lead_cycle, and the cycle columns of
	-- lead_current); a larger ledger's ended cycles have no cohort month
	-- until migrate_03() has dated their rows and computes them again
	FOR v_track IN SELECT k.id FROM lead_align.track k ORDER BY k.id LOOP
		PERFORM lead_align._fill_cycles(v_track, NULL);
	END LOOP;
	ANALYZE lead_align.lead_cycle;
	ANALYZE lead_align.lead_current;
END $$;
