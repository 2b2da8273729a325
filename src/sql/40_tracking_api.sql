-------------------------------------------------------------------------------
-- C functions of tracking (src/track_*.c, src/rules.c, src/security.c)
-------------------------------------------------------------------------------
CREATE FUNCTION lead_align.fit() RETURNS integer
	AS 'MODULE_PATHNAME', 'la_fit' LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION lead_align.fit() IS 'inside a rule predicate: the fit score of the row being classified';
CREATE FUNCTION lead_align.interest() RETURNS integer
	AS 'MODULE_PATHNAME', 'la_interest' LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION lead_align.interest() IS 'inside a rule predicate: the interest score of the row being classified';

CREATE FUNCTION lead_align._check_predicate(tbl regclass, predicate text) RETURNS text
	AS 'MODULE_PATHNAME', 'la_check_predicate' LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION lead_align._check_predicate(regclass, text) IS 'internal: check a rule predicate and return its stored, schema-qualified form';
CREATE FUNCTION lead_align._caller_may_configure(tbl regclass) RETURNS boolean
	AS 'MODULE_PATHNAME', 'la_caller_may_configure' LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION lead_align._caller_may_configure(regclass) IS 'internal: raise 42501 unless the calling role owns the table or is in lead_align_admin';
CREATE FUNCTION lead_align._caller_is_admin() RETURNS boolean
	AS 'MODULE_PATHNAME', 'la_caller_is_admin' LANGUAGE C STABLE;
COMMENT ON FUNCTION lead_align._caller_is_admin() IS 'internal: is the calling role a superuser or in lead_align_admin?';

CREATE FUNCTION lead_align.derive_trigger() RETURNS trigger
	AS 'MODULE_PATHNAME', 'la_derive_trigger' LANGUAGE C;
COMMENT ON FUNCTION lead_align.derive_trigger() IS 'BEFORE ROW trigger of a tracked table: scores, temperature, automatic handoff';
CREATE FUNCTION lead_align.record_trigger() RETURNS trigger
	AS 'MODULE_PATHNAME', 'la_record_trigger' LANGUAGE C;
COMMENT ON FUNCTION lead_align.record_trigger() IS 'AFTER ROW trigger of a tracked table: checks the agreement, buffers ledger rows';
CREATE FUNCTION lead_align.flush_trigger() RETURNS trigger
	AS 'MODULE_PATHNAME', 'la_flush_trigger' LANGUAGE C;
COMMENT ON FUNCTION lead_align.flush_trigger() IS 'AFTER STATEMENT trigger of a tracked table: writes the buffered ledger rows';
CREATE FUNCTION lead_align.truncate_trigger() RETURNS trigger
	AS 'MODULE_PATHNAME', 'la_truncate_trigger' LANGUAGE C;
COMMENT ON FUNCTION lead_align.truncate_trigger() IS 'BEFORE TRUNCATE trigger of a tracked table: refuses';
CREATE FUNCTION lead_align.config_changed() RETURNS trigger
	AS 'MODULE_PATHNAME', 'la_config_changed' LANGUAGE C;
COMMENT ON FUNCTION lead_align.config_changed() IS 'AFTER STATEMENT trigger of a configuration table: invalidates every backend''s cache';

REVOKE ALL ON FUNCTION lead_align._check_predicate(regclass, text), lead_align._caller_may_configure(regclass),
	lead_align._caller_is_admin() FROM PUBLIC;

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
-- The configuration API.
--
-- Each public function (track, untrack, map_stage, add_rule, ...) is a C entry
-- point, la_configure (src/security.c): it notes the current user, refuses to
-- run inside a security-restricted operation, and calls lead_align._<name>(),
-- the implementation below.  The implementations write extension-owned tables
-- that the owner of a CRM table may not write directly, so they are SECURITY
-- DEFINER with a pinned search_path, and nobody but the extension's owner may
-- execute them; each first checks that the noted caller may configure the
-- table: lead_align._caller_may_configure() (owner of the table or member of
-- lead_align_admin) or, for teams, lead_align._caller_is_admin().  Tables are
-- named by regclass and resolved to the stable track id; dynamic SQL is built
-- with format() (%s on regclass prints the qualified, quoted name under the
-- pinned search_path).  Every configuration function locks the track row, so
-- changes to one track are serialized.
-------------------------------------------------------------------------------

-- Internal: raise 42501 unless the calling role may configure tbl.
CREATE FUNCTION lead_align._require_configure(tbl regclass) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF tbl IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
			MESSAGE = 'the table must not be null',
			HINT = 'Name the tracked table, e.g. ''crm.leads''.';
	END IF;
	IF NOT coalesce(lead_align._caller_may_configure(tbl), false) THEN
		RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
			MESSAGE = pg_catalog.format('permission denied to configure lead tracking of table %s', tbl),
			HINT = 'Only the owner of the table or a member of lead_align_admin may track it or change its configuration, rules, agreement or SLAs.';
	END IF;
END $$;

-- Internal: raise 42501 unless the calling role is a superuser or a member of lead_align_admin.
CREATE FUNCTION lead_align._require_admin(action text) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF NOT coalesce(lead_align._caller_is_admin(), false) THEN
		RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
			MESSAGE = pg_catalog.format('permission denied to %s', action),
			HINT = 'Only superusers and members of lead_align_admin may manage teams.';
	END IF;
END $$;

-- Internal: the track of tbl (the active one, else the latest inactive one),
-- locked FOR UPDATE; 42704 if the table was never tracked.
CREATE FUNCTION lead_align._config_track(tbl regclass) RETURNS lead_align.track
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	t lead_align.track;
BEGIN
	SELECT k.* INTO t
	  FROM lead_align.track k
	 WHERE k.relid OPERATOR(pg_catalog.=) tbl
	 ORDER BY k.active DESC, k.id DESC
	 LIMIT 1
	   FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING ERRCODE = 'undefined_object',
			MESSAGE = pg_catalog.format('table %s is not tracked', tbl),
			HINT = pg_catalog.format('Track it first: SELECT lead_align.track(%L, key => ..., stage => ...);', tbl::text);
	END IF;
	RETURN t;
END $$;

-- Internal: resolve a column given to track() for a role, and check its type.
-- allowed NULL means any type; enums_ok also admits enum types.  Domains are
-- resolved to their base type, but refused for a column the trigger writes
-- (written), whose domain constraints would not be checked.  Returns NULLs
-- when col is NULL (the role is not mapped).
CREATE FUNCTION lead_align._track_column(tbl regclass, role text, col name, allowed regtype[],
	enums_ok boolean, written boolean, allowed_text text,
	OUT col_attnum smallint, OUT col_type oid, OUT col_basetype oid)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	a record;
	v_typtype "char";
	v_next oid;
	v_cols text;
	v_hint text;
BEGIN
	IF col IS NULL THEN
		RETURN;
	END IF;
	SELECT x.attnum, x.atttypid, x.atttypmod, x.attisdropped, x.attgenerated INTO a
	  FROM pg_catalog.pg_attribute x
	 WHERE x.attrelid OPERATOR(pg_catalog.=) tbl AND x.attname OPERATOR(pg_catalog.=) col;
	IF NOT FOUND OR a.attisdropped THEN
		SELECT pg_catalog.string_agg(pg_catalog.quote_ident(x.attname), ', ' ORDER BY x.attnum) INTO v_cols
		  FROM pg_catalog.pg_attribute x
		 WHERE x.attrelid OPERATOR(pg_catalog.=) tbl AND x.attnum OPERATOR(pg_catalog.>) 0 AND NOT x.attisdropped;
		RAISE EXCEPTION USING ERRCODE = 'undefined_column',
			MESSAGE = pg_catalog.format('column "%s" of table %s does not exist', col, tbl),
			DETAIL = pg_catalog.format('It was given as the %s column.', role),
			HINT = pg_catalog.format('Name one of the columns of %s: %s.', tbl, coalesce(v_cols, '(none)'));
	END IF;
	IF a.attnum OPERATOR(pg_catalog.<) 0 THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_column_reference',
			MESSAGE = pg_catalog.format('column "%s" of table %s is a system column', col, tbl),
			DETAIL = pg_catalog.format('It was given as the %s column.', role),
			HINT = 'Map a user column; system columns cannot be tracked.';
	END IF;

	col_attnum := a.attnum;
	col_type := a.atttypid;
	col_basetype := a.atttypid;
	LOOP
		SELECT y.typtype, y.typbasetype INTO v_typtype, v_next
		  FROM pg_catalog.pg_type y WHERE y.oid OPERATOR(pg_catalog.=) col_basetype;
		EXIT WHEN v_typtype OPERATOR(pg_catalog.<>) 'd';
		col_basetype := v_next;
	END LOOP;

	IF allowed IS NOT NULL
	   AND NOT col_basetype OPERATOR(pg_catalog.=) ANY (allowed::oid[])
	   AND NOT (enums_ok AND v_typtype OPERATOR(pg_catalog.=) 'e') THEN
		v_hint := pg_catalog.format('The %s column must be %s.', role, allowed_text);
		IF col_basetype OPERATOR(pg_catalog.=) 'pg_catalog.timestamp'::regtype
		   AND 'pg_catalog.timestamptz'::regtype OPERATOR(pg_catalog.=) ANY (allowed) THEN
			v_hint := pg_catalog.format('timestamp without time zone does not say which instant it is; convert the column: '
				'ALTER TABLE %s ALTER COLUMN %I TYPE timestamptz USING %I AT TIME ZONE ''UTC'' (with the zone its values are in).',
				tbl, col, col);
		END IF;
		RAISE EXCEPTION USING ERRCODE = 'datatype_mismatch',
			MESSAGE = pg_catalog.format('column "%s" of table %s has type %s, which cannot be the %s column',
				col, tbl, pg_catalog.format_type(a.atttypid, a.atttypmod), role),
			HINT = v_hint;
	END IF;

	IF written THEN
		IF a.attgenerated OPERATOR(pg_catalog.<>) '' THEN
			RAISE EXCEPTION USING ERRCODE = 'generated_always',
				MESSAGE = pg_catalog.format('column "%s" of table %s is a generated column, which the trigger cannot write', col, tbl),
				DETAIL = pg_catalog.format('The trigger writes the %s column.', role),
				HINT = 'Map a plain column.';
		END IF;
		IF col_type OPERATOR(pg_catalog.<>) col_basetype THEN
			RAISE EXCEPTION USING ERRCODE = 'datatype_mismatch',
				MESSAGE = pg_catalog.format('column "%s" of table %s has domain type %s, which the trigger cannot write',
					col, tbl, pg_catalog.format_type(a.atttypid, a.atttypmod)),
				DETAIL = pg_catalog.format('The trigger writes the %s column, and a value written by a trigger is not checked against a domain''s constraints.', role),
				HINT = pg_catalog.format('Give the column its base type %s.', pg_catalog.format_type(col_basetype, NULL));
		END IF;
		IF role OPERATOR(pg_catalog.=) 'temperature'
		   AND col_basetype OPERATOR(pg_catalog.=) 'pg_catalog.varchar'::regtype
		   AND a.atttypmod OPERATOR(pg_catalog.>=) 0
		   AND a.atttypmod OPERATOR(pg_catalog.<) 8 THEN
			RAISE EXCEPTION USING ERRCODE = 'datatype_mismatch',
				MESSAGE = pg_catalog.format('column "%s" of table %s has type %s, too short for a temperature',
					col, tbl, pg_catalog.format_type(a.atttypid, a.atttypmod)),
				HINT = 'A temperature needs up to 4 characters (cold, warm, hot): use varchar(4) or longer, text, or lead_align.lead_temperature.';
		END IF;
	END IF;
END $$;

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


CREATE FUNCTION lead_align._untrack(tbl regclass, purge boolean DEFAULT false) RETURNS void
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


-- Internal: a rule name given by the caller is usable.
CREATE FUNCTION lead_align._check_rule_name(track_id integer, tbl regclass, name text) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF pg_catalog.btrim(name) OPERATOR(pg_catalog.=) '' OR name OPERATOR(pg_catalog.<>) pg_catalog.btrim(name) THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = pg_catalog.format('invalid rule name "%s"', name),
			HINT = 'A rule name is not empty and has no leading or trailing spaces, e.g. ''decision_6m''.';
	END IF;
	IF EXISTS (SELECT FROM lead_align.rule r
				WHERE r.track_id OPERATOR(pg_catalog.=) _check_rule_name.track_id
				  AND r.name OPERATOR(pg_catalog.=) _check_rule_name.name AND r.valid_to IS NULL) THEN
		RAISE EXCEPTION USING ERRCODE = 'duplicate_object',
			MESSAGE = pg_catalog.format('rule "%s" already exists for table %s', name, tbl),
			HINT = pg_catalog.format('Choose another name, or drop the rule first: SELECT lead_align.drop_rule(%L, %L);', tbl::text, name);
	END IF;
END $$;

CREATE FUNCTION lead_align._add_rule(tbl regclass, temperature lead_align.lead_temperature, predicate text,
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


CREATE FUNCTION lead_align._add_score(tbl regclass, kind text, predicate text, points integer,
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


CREATE FUNCTION lead_align._drop_rule(tbl regclass, name text) RETURNS void
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


CREATE FUNCTION lead_align._sla(tbl regclass, stage lead_align.lead_stage,
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


CREATE FUNCTION lead_align._add_team(name text, description text DEFAULT '') RETURNS void
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


CREATE FUNCTION lead_align._bind_team(team text, role name) RETURNS void
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


-- Internal: a reason kind is valid.
CREATE FUNCTION lead_align._check_reason_kind(kind text) RETURNS void
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

CREATE FUNCTION lead_align._add_reason(tbl regclass, code text, kind text, description text,
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


CREATE FUNCTION lead_align._disable_reason(tbl regclass, code text, kind text, disabled boolean DEFAULT true)
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


REVOKE ALL ON FUNCTION lead_align._require_configure(regclass), lead_align._require_admin(text),
	lead_align._config_track(regclass),
	lead_align._track_column(regclass, text, name, regtype[], boolean, boolean, text),
	lead_align._check_rule_name(integer, regclass, text), lead_align._check_reason_kind(text) FROM PUBLIC;


COMMENT ON FUNCTION lead_align._require_configure(regclass) IS 'internal: raise 42501 unless the calling role owns the table or is a member of lead_align_admin';
COMMENT ON FUNCTION lead_align._require_admin(text) IS 'internal: raise 42501 unless the calling role is a superuser or a member of lead_align_admin';
COMMENT ON FUNCTION lead_align._config_track(regclass) IS 'internal: the track of a table (active, else the latest inactive one), locked for update';
COMMENT ON FUNCTION lead_align._track_column(regclass, text, name, regtype[], boolean, boolean, text) IS 'internal: resolve and type-check a column given to track()';
COMMENT ON FUNCTION lead_align._check_rule_name(integer, regclass, text) IS 'internal: a rule name given by the caller is valid and not in use by a live rule';
COMMENT ON FUNCTION lead_align._check_reason_kind(text) IS 'internal: raise 22023 unless the reason kind is reject, recycle, disqualify, lose or reopen';

