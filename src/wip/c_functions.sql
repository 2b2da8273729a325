-------------------------------------------------------------------------------
-- C functions of tracking (src/track.c, src/rules.c)
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
