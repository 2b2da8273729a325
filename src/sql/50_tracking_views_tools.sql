-------------------------------------------------------------------------------
-- Any change to a configuration table tells every backend to drop its cached
-- copy of the configuration before its next statement.
-------------------------------------------------------------------------------
CREATE TRIGGER lead_align_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON lead_align.track
	FOR EACH STATEMENT EXECUTE FUNCTION lead_align.config_changed();
CREATE TRIGGER lead_align_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON lead_align.stage_map
	FOR EACH STATEMENT EXECUTE FUNCTION lead_align.config_changed();
CREATE TRIGGER lead_align_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON lead_align.rule
	FOR EACH STATEMENT EXECUTE FUNCTION lead_align.config_changed();
CREATE TRIGGER lead_align_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON lead_align.team
	FOR EACH STATEMENT EXECUTE FUNCTION lead_align.config_changed();
CREATE TRIGGER lead_align_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON lead_align.team_role
	FOR EACH STATEMENT EXECUTE FUNCTION lead_align.config_changed();
CREATE TRIGGER lead_align_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON lead_align.team_calendar
	FOR EACH STATEMENT EXECUTE FUNCTION lead_align.config_changed();
CREATE TRIGGER lead_align_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON lead_align.reason
	FOR EACH STATEMENT EXECUTE FUNCTION lead_align.config_changed();
CREATE TRIGGER lead_align_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON lead_align.reason_disabled
	FOR EACH STATEMENT EXECUTE FUNCTION lead_align.config_changed();
CREATE TRIGGER lead_align_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON lead_align.transition
	FOR EACH STATEMENT EXECUTE FUNCTION lead_align.config_changed();
CREATE TRIGGER lead_align_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON lead_align.sla
	FOR EACH STATEMENT EXECUTE FUNCTION lead_align.config_changed();

-------------------------------------------------------------------------------
-- lead_align.move(): a manual move with its reason.
--
-- The UPDATE runs as the caller (who needs UPDATE on the table, and whose
-- team the agreement checks); only the lookup of the track's columns and of
-- the label to write runs as the extension's owner.  The reason and note go
-- to the trigger through transaction-local settings that outrank the reason
-- column and SET LOCAL lead_align.reason, and are cleared after the update.
-------------------------------------------------------------------------------
CREATE FUNCTION lead_align.move(track regclass, key text, stage lead_align.lead_stage,
	reason text DEFAULT NULL, note text DEFAULT NULL) RETURNS void
	AS 'MODULE_PATHNAME', 'la_move' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION lead_align.move(regclass, text, lead_align.lead_stage, text, text) IS 'move a lead to a stage with a reason and a note: the UPDATE a CRM would make, as the caller, checked by the agreement';





-------------------------------------------------------------------------------
-- DDL on tracked tables (event triggers).
--
-- After ALTER TABLE on a tracked table, every mapped column must still exist
-- under its name and every live rule must still compile; otherwise the
-- ALTER is refused (hint: untrack or change the rule first).  Dropping a
-- tracked table deactivates its track (configuration and ledger stay).
-------------------------------------------------------------------------------
CREATE FUNCTION lead_align._ddl_check() RETURNS event_trigger
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

CREATE FUNCTION lead_align._ddl_drop() RETURNS event_trigger
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
-- lead_align.status(): the health of each track
-------------------------------------------------------------------------------
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
-- Looking at rules: explain() and preview_rule()
-------------------------------------------------------------------------------
CREATE FUNCTION lead_align.explain(track regclass, key text)
RETURNS TABLE (kind text, name text, priority integer, temperature lead_align.lead_temperature,
			   points integer, matched boolean, predicate text, rules_version integer)
AS 'MODULE_PATHNAME', 'la_explain' LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION lead_align.explain(regclass, text) IS 'every live rule on one lead, evaluated as the trigger does, and the verdict (kind ''result'')';

CREATE FUNCTION lead_align.preview_rule(track regclass, temperature lead_align.lead_temperature, predicate text)
RETURNS TABLE (from_temperature lead_align.lead_temperature, to_temperature lead_align.lead_temperature, leads bigint)
AS 'MODULE_PATHNAME', 'la_preview_rule' LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION lead_align.preview_rule(regclass, lead_align.lead_temperature, text) IS 'how many leads would change temperature if this classification rule were added';

-------------------------------------------------------------------------------
-- reclassify(): re-evaluate every row (rules that depend on the date)
--
-- A procedure, so it can commit per batch; it cannot pin its search_path
-- (a SET clause forbids transaction control), so every name in it is
-- qualified.  It runs as the caller, who needs UPDATE on the table.  Rows
-- locked by others are skipped (and counted); only rows whose derived values
-- differ are updated, which may make the automatic handoff.
-------------------------------------------------------------------------------
CREATE PROCEDURE lead_align.reclassify(track regclass, batch_size integer DEFAULT 10000,
	INOUT rows_updated bigint DEFAULT 0, INOUT stage_changes bigint DEFAULT 0, INOUT rows_skipped bigint DEFAULT 0)
	AS 'MODULE_PATHNAME', 'la_reclassify' LANGUAGE C;
COMMENT ON PROCEDURE lead_align.reclassify(regclass, integer, bigint, bigint, bigint) IS 're-evaluate every lead''s rules in batches (committing per batch, skipping locked rows); for rules that depend on the date';






-------------------------------------------------------------------------------
-- The ledger's housekeeping: purge() (admin) and forget() (privacy requests)
-------------------------------------------------------------------------------
CREATE FUNCTION lead_align._purge(older_than interval) RETURNS bigint
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


CREATE FUNCTION lead_align._forget(track regclass, key text) RETURNS bigint
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

