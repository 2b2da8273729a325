-------------------------------------------------------------------------------
-- lead_temperature and lead_stage: the shared vocabulary of lead status
--
-- Both store their ordinal in an int4 (pass-by-value), so comparison is
-- cold < warm < hot and funnel order.  text -> lead_stage and text ->
-- lead_temperature use the automatic I/O conversion casts; no other casts.
-------------------------------------------------------------------------------

CREATE TYPE lead_align.lead_temperature;

CREATE FUNCTION lead_align.lead_temperature_in(cstring) RETURNS lead_align.lead_temperature
	AS 'MODULE_PATHNAME', 'lead_temperature_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_temperature_out(lead_align.lead_temperature) RETURNS cstring
	AS 'MODULE_PATHNAME', 'lead_temperature_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_temperature_recv(internal) RETURNS lead_align.lead_temperature
	AS 'MODULE_PATHNAME', 'lead_temperature_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_temperature_send(lead_align.lead_temperature) RETURNS bytea
	AS 'MODULE_PATHNAME', 'lead_temperature_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE lead_align.lead_temperature (
	INPUT = lead_align.lead_temperature_in,
	OUTPUT = lead_align.lead_temperature_out,
	RECEIVE = lead_align.lead_temperature_recv,
	SEND = lead_align.lead_temperature_send,
	LIKE = pg_catalog.int4
);
COMMENT ON TYPE lead_align.lead_temperature IS 'lead temperature: cold < warm < hot (input case-insensitive)';

CREATE FUNCTION lead_align.lead_temperature_cmp(lead_align.lead_temperature, lead_align.lead_temperature) RETURNS int4
	AS 'MODULE_PATHNAME', 'lead_temperature_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_temperature_lt(lead_align.lead_temperature, lead_align.lead_temperature) RETURNS bool
	AS 'MODULE_PATHNAME', 'lead_temperature_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_temperature_le(lead_align.lead_temperature, lead_align.lead_temperature) RETURNS bool
	AS 'MODULE_PATHNAME', 'lead_temperature_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_temperature_eq(lead_align.lead_temperature, lead_align.lead_temperature) RETURNS bool
	AS 'MODULE_PATHNAME', 'lead_temperature_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_temperature_ne(lead_align.lead_temperature, lead_align.lead_temperature) RETURNS bool
	AS 'MODULE_PATHNAME', 'lead_temperature_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_temperature_ge(lead_align.lead_temperature, lead_align.lead_temperature) RETURNS bool
	AS 'MODULE_PATHNAME', 'lead_temperature_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_temperature_gt(lead_align.lead_temperature, lead_align.lead_temperature) RETURNS bool
	AS 'MODULE_PATHNAME', 'lead_temperature_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_temperature_sortsupport(internal) RETURNS void
	AS 'MODULE_PATHNAME', 'lead_temperature_sortsupport' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_temperature_hash(lead_align.lead_temperature) RETURNS int4
	AS 'MODULE_PATHNAME', 'lead_temperature_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_temperature_hash_extended(lead_align.lead_temperature, int8) RETURNS int8
	AS 'MODULE_PATHNAME', 'lead_temperature_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR pg_catalog.< (LEFTARG = lead_align.lead_temperature, RIGHTARG = lead_align.lead_temperature,
	FUNCTION = lead_align.lead_temperature_lt, COMMUTATOR = OPERATOR(pg_catalog.>), NEGATOR = OPERATOR(pg_catalog.>=),
	RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel);
CREATE OPERATOR pg_catalog.<= (LEFTARG = lead_align.lead_temperature, RIGHTARG = lead_align.lead_temperature,
	FUNCTION = lead_align.lead_temperature_le, COMMUTATOR = OPERATOR(pg_catalog.>=), NEGATOR = OPERATOR(pg_catalog.>),
	RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel);
CREATE OPERATOR pg_catalog.= (LEFTARG = lead_align.lead_temperature, RIGHTARG = lead_align.lead_temperature,
	FUNCTION = lead_align.lead_temperature_eq, COMMUTATOR = OPERATOR(pg_catalog.=), NEGATOR = OPERATOR(pg_catalog.<>),
	RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel, HASHES, MERGES);
CREATE OPERATOR pg_catalog.<> (LEFTARG = lead_align.lead_temperature, RIGHTARG = lead_align.lead_temperature,
	FUNCTION = lead_align.lead_temperature_ne, COMMUTATOR = OPERATOR(pg_catalog.<>), NEGATOR = OPERATOR(pg_catalog.=),
	RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel);
CREATE OPERATOR pg_catalog.>= (LEFTARG = lead_align.lead_temperature, RIGHTARG = lead_align.lead_temperature,
	FUNCTION = lead_align.lead_temperature_ge, COMMUTATOR = OPERATOR(pg_catalog.<=), NEGATOR = OPERATOR(pg_catalog.<),
	RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel);
CREATE OPERATOR pg_catalog.> (LEFTARG = lead_align.lead_temperature, RIGHTARG = lead_align.lead_temperature,
	FUNCTION = lead_align.lead_temperature_gt, COMMUTATOR = OPERATOR(pg_catalog.<), NEGATOR = OPERATOR(pg_catalog.<=),
	RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel);

CREATE OPERATOR CLASS lead_align.lead_temperature_ops DEFAULT FOR TYPE lead_align.lead_temperature USING btree AS
	OPERATOR 1 pg_catalog.<,
	OPERATOR 2 pg_catalog.<=,
	OPERATOR 3 pg_catalog.=,
	OPERATOR 4 pg_catalog.>=,
	OPERATOR 5 pg_catalog.>,
	FUNCTION 1 lead_align.lead_temperature_cmp(lead_align.lead_temperature, lead_align.lead_temperature),
	FUNCTION 2 lead_align.lead_temperature_sortsupport(internal);

CREATE OPERATOR CLASS lead_align.lead_temperature_hash_ops DEFAULT FOR TYPE lead_align.lead_temperature USING hash AS
	OPERATOR 1 pg_catalog.=,
	FUNCTION 1 lead_align.lead_temperature_hash(lead_align.lead_temperature),
	FUNCTION 2 lead_align.lead_temperature_hash_extended(lead_align.lead_temperature, int8);

COMMENT ON FUNCTION lead_align.lead_temperature_in(cstring) IS 'text input of lead_temperature (cold, warm or hot; case-insensitive)';
COMMENT ON FUNCTION lead_align.lead_temperature_out(lead_align.lead_temperature) IS 'canonical text output of lead_temperature';
COMMENT ON FUNCTION lead_align.lead_temperature_recv(internal) IS 'binary input of lead_temperature: one byte, the ordinal in cold < warm < hot order';
COMMENT ON FUNCTION lead_align.lead_temperature_send(lead_align.lead_temperature) IS 'binary output of lead_temperature: one byte, the ordinal in cold < warm < hot order';
COMMENT ON FUNCTION lead_align.lead_temperature_cmp(lead_align.lead_temperature, lead_align.lead_temperature) IS 'btree support: compare two lead_temperature values in cold < warm < hot order';
COMMENT ON FUNCTION lead_align.lead_temperature_sortsupport(internal) IS 'btree sort support of lead_temperature';
COMMENT ON FUNCTION lead_align.lead_temperature_lt(lead_align.lead_temperature, lead_align.lead_temperature) IS 'implementation of lead_temperature < lead_temperature';
COMMENT ON FUNCTION lead_align.lead_temperature_le(lead_align.lead_temperature, lead_align.lead_temperature) IS 'implementation of lead_temperature <= lead_temperature';
COMMENT ON FUNCTION lead_align.lead_temperature_eq(lead_align.lead_temperature, lead_align.lead_temperature) IS 'implementation of lead_temperature = lead_temperature';
COMMENT ON FUNCTION lead_align.lead_temperature_ne(lead_align.lead_temperature, lead_align.lead_temperature) IS 'implementation of lead_temperature <> lead_temperature';
COMMENT ON FUNCTION lead_align.lead_temperature_ge(lead_align.lead_temperature, lead_align.lead_temperature) IS 'implementation of lead_temperature >= lead_temperature';
COMMENT ON FUNCTION lead_align.lead_temperature_gt(lead_align.lead_temperature, lead_align.lead_temperature) IS 'implementation of lead_temperature > lead_temperature';
COMMENT ON FUNCTION lead_align.lead_temperature_hash(lead_align.lead_temperature) IS 'hash support 1 of lead_temperature';
COMMENT ON FUNCTION lead_align.lead_temperature_hash_extended(lead_align.lead_temperature, int8) IS 'hash support 2 of lead_temperature (seeded 64-bit hash)';

CREATE FUNCTION lead_align.lead_temperature_smaller(lead_align.lead_temperature, lead_align.lead_temperature) RETURNS lead_align.lead_temperature
	AS 'MODULE_PATHNAME', 'lead_temperature_smaller' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_temperature_larger(lead_align.lead_temperature, lead_align.lead_temperature) RETURNS lead_align.lead_temperature
	AS 'MODULE_PATHNAME', 'lead_temperature_larger' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION lead_align.lead_temperature_smaller(lead_align.lead_temperature, lead_align.lead_temperature) IS 'the colder of two lead_temperature values';
COMMENT ON FUNCTION lead_align.lead_temperature_larger(lead_align.lead_temperature, lead_align.lead_temperature) IS 'the hotter of two lead_temperature values';
CREATE AGGREGATE pg_catalog.min(lead_align.lead_temperature) (
	SFUNC = lead_align.lead_temperature_smaller, STYPE = lead_align.lead_temperature, COMBINEFUNC = lead_align.lead_temperature_smaller,
	SORTOP = OPERATOR(pg_catalog.<), PARALLEL = SAFE
);
CREATE AGGREGATE pg_catalog.max(lead_align.lead_temperature) (
	SFUNC = lead_align.lead_temperature_larger, STYPE = lead_align.lead_temperature, COMBINEFUNC = lead_align.lead_temperature_larger,
	SORTOP = OPERATOR(pg_catalog.>), PARALLEL = SAFE
);
COMMENT ON AGGREGATE pg_catalog.min(lead_align.lead_temperature) IS 'the coldest lead_temperature of a group';
COMMENT ON AGGREGATE pg_catalog.max(lead_align.lead_temperature) IS 'the hottest lead_temperature of a group';

-------------------------------------------------------------------------------
-- lead_stage
-------------------------------------------------------------------------------

CREATE TYPE lead_align.lead_stage;

CREATE FUNCTION lead_align.lead_stage_in(cstring) RETURNS lead_align.lead_stage
	AS 'MODULE_PATHNAME', 'lead_stage_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_stage_out(lead_align.lead_stage) RETURNS cstring
	AS 'MODULE_PATHNAME', 'lead_stage_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_stage_recv(internal) RETURNS lead_align.lead_stage
	AS 'MODULE_PATHNAME', 'lead_stage_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_stage_send(lead_align.lead_stage) RETURNS bytea
	AS 'MODULE_PATHNAME', 'lead_stage_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE lead_align.lead_stage (
	INPUT = lead_align.lead_stage_in,
	OUTPUT = lead_align.lead_stage_out,
	RECEIVE = lead_align.lead_stage_recv,
	SEND = lead_align.lead_stage_send,
	LIKE = pg_catalog.int4
);
COMMENT ON TYPE lead_align.lead_stage IS 'lead lifecycle stage in funnel order: new < nurture < mql < sal < sql < opportunity < won < lost < disqualified (input accepts aliases such as ''Closed Won'')';

CREATE FUNCTION lead_align.lead_stage_cmp(lead_align.lead_stage, lead_align.lead_stage) RETURNS int4
	AS 'MODULE_PATHNAME', 'lead_stage_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_stage_lt(lead_align.lead_stage, lead_align.lead_stage) RETURNS bool
	AS 'MODULE_PATHNAME', 'lead_stage_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_stage_le(lead_align.lead_stage, lead_align.lead_stage) RETURNS bool
	AS 'MODULE_PATHNAME', 'lead_stage_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_stage_eq(lead_align.lead_stage, lead_align.lead_stage) RETURNS bool
	AS 'MODULE_PATHNAME', 'lead_stage_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_stage_ne(lead_align.lead_stage, lead_align.lead_stage) RETURNS bool
	AS 'MODULE_PATHNAME', 'lead_stage_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_stage_ge(lead_align.lead_stage, lead_align.lead_stage) RETURNS bool
	AS 'MODULE_PATHNAME', 'lead_stage_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_stage_gt(lead_align.lead_stage, lead_align.lead_stage) RETURNS bool
	AS 'MODULE_PATHNAME', 'lead_stage_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_stage_sortsupport(internal) RETURNS void
	AS 'MODULE_PATHNAME', 'lead_stage_sortsupport' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_stage_hash(lead_align.lead_stage) RETURNS int4
	AS 'MODULE_PATHNAME', 'lead_stage_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_stage_hash_extended(lead_align.lead_stage, int8) RETURNS int8
	AS 'MODULE_PATHNAME', 'lead_stage_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR pg_catalog.< (LEFTARG = lead_align.lead_stage, RIGHTARG = lead_align.lead_stage,
	FUNCTION = lead_align.lead_stage_lt, COMMUTATOR = OPERATOR(pg_catalog.>), NEGATOR = OPERATOR(pg_catalog.>=),
	RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel);
CREATE OPERATOR pg_catalog.<= (LEFTARG = lead_align.lead_stage, RIGHTARG = lead_align.lead_stage,
	FUNCTION = lead_align.lead_stage_le, COMMUTATOR = OPERATOR(pg_catalog.>=), NEGATOR = OPERATOR(pg_catalog.>),
	RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel);
CREATE OPERATOR pg_catalog.= (LEFTARG = lead_align.lead_stage, RIGHTARG = lead_align.lead_stage,
	FUNCTION = lead_align.lead_stage_eq, COMMUTATOR = OPERATOR(pg_catalog.=), NEGATOR = OPERATOR(pg_catalog.<>),
	RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel, HASHES, MERGES);
CREATE OPERATOR pg_catalog.<> (LEFTARG = lead_align.lead_stage, RIGHTARG = lead_align.lead_stage,
	FUNCTION = lead_align.lead_stage_ne, COMMUTATOR = OPERATOR(pg_catalog.<>), NEGATOR = OPERATOR(pg_catalog.=),
	RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel);
CREATE OPERATOR pg_catalog.>= (LEFTARG = lead_align.lead_stage, RIGHTARG = lead_align.lead_stage,
	FUNCTION = lead_align.lead_stage_ge, COMMUTATOR = OPERATOR(pg_catalog.<=), NEGATOR = OPERATOR(pg_catalog.<),
	RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel);
CREATE OPERATOR pg_catalog.> (LEFTARG = lead_align.lead_stage, RIGHTARG = lead_align.lead_stage,
	FUNCTION = lead_align.lead_stage_gt, COMMUTATOR = OPERATOR(pg_catalog.<), NEGATOR = OPERATOR(pg_catalog.<=),
	RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel);

CREATE OPERATOR CLASS lead_align.lead_stage_ops DEFAULT FOR TYPE lead_align.lead_stage USING btree AS
	OPERATOR 1 pg_catalog.<,
	OPERATOR 2 pg_catalog.<=,
	OPERATOR 3 pg_catalog.=,
	OPERATOR 4 pg_catalog.>=,
	OPERATOR 5 pg_catalog.>,
	FUNCTION 1 lead_align.lead_stage_cmp(lead_align.lead_stage, lead_align.lead_stage),
	FUNCTION 2 lead_align.lead_stage_sortsupport(internal);

CREATE OPERATOR CLASS lead_align.lead_stage_hash_ops DEFAULT FOR TYPE lead_align.lead_stage USING hash AS
	OPERATOR 1 pg_catalog.=,
	FUNCTION 1 lead_align.lead_stage_hash(lead_align.lead_stage),
	FUNCTION 2 lead_align.lead_stage_hash_extended(lead_align.lead_stage, int8);

COMMENT ON FUNCTION lead_align.lead_stage_in(cstring) IS 'text input of lead_stage (a canonical stage or an alias such as ''Closed Won''; case, spaces, _ and - ignored)';
COMMENT ON FUNCTION lead_align.lead_stage_out(lead_align.lead_stage) IS 'canonical text output of lead_stage';
COMMENT ON FUNCTION lead_align.lead_stage_recv(internal) IS 'binary input of lead_stage: one byte, the ordinal in funnel order';
COMMENT ON FUNCTION lead_align.lead_stage_send(lead_align.lead_stage) IS 'binary output of lead_stage: one byte, the ordinal in funnel order';
COMMENT ON FUNCTION lead_align.lead_stage_cmp(lead_align.lead_stage, lead_align.lead_stage) IS 'btree support: compare two lead_stage values in funnel order';
COMMENT ON FUNCTION lead_align.lead_stage_sortsupport(internal) IS 'btree sort support of lead_stage';
COMMENT ON FUNCTION lead_align.lead_stage_lt(lead_align.lead_stage, lead_align.lead_stage) IS 'implementation of lead_stage < lead_stage';
COMMENT ON FUNCTION lead_align.lead_stage_le(lead_align.lead_stage, lead_align.lead_stage) IS 'implementation of lead_stage <= lead_stage';
COMMENT ON FUNCTION lead_align.lead_stage_eq(lead_align.lead_stage, lead_align.lead_stage) IS 'implementation of lead_stage = lead_stage';
COMMENT ON FUNCTION lead_align.lead_stage_ne(lead_align.lead_stage, lead_align.lead_stage) IS 'implementation of lead_stage <> lead_stage';
COMMENT ON FUNCTION lead_align.lead_stage_ge(lead_align.lead_stage, lead_align.lead_stage) IS 'implementation of lead_stage >= lead_stage';
COMMENT ON FUNCTION lead_align.lead_stage_gt(lead_align.lead_stage, lead_align.lead_stage) IS 'implementation of lead_stage > lead_stage';
COMMENT ON FUNCTION lead_align.lead_stage_hash(lead_align.lead_stage) IS 'hash support 1 of lead_stage';
COMMENT ON FUNCTION lead_align.lead_stage_hash_extended(lead_align.lead_stage, int8) IS 'hash support 2 of lead_stage (seeded 64-bit hash)';

CREATE FUNCTION lead_align.lead_stage_smaller(lead_align.lead_stage, lead_align.lead_stage) RETURNS lead_align.lead_stage
	AS 'MODULE_PATHNAME', 'lead_stage_smaller' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.lead_stage_larger(lead_align.lead_stage, lead_align.lead_stage) RETURNS lead_align.lead_stage
	AS 'MODULE_PATHNAME', 'lead_stage_larger' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION lead_align.lead_stage_smaller(lead_align.lead_stage, lead_align.lead_stage) IS 'the earlier of two lead_stage values in funnel order';
COMMENT ON FUNCTION lead_align.lead_stage_larger(lead_align.lead_stage, lead_align.lead_stage) IS 'the later of two lead_stage values in funnel order';
CREATE AGGREGATE pg_catalog.min(lead_align.lead_stage) (
	SFUNC = lead_align.lead_stage_smaller, STYPE = lead_align.lead_stage, COMBINEFUNC = lead_align.lead_stage_smaller,
	SORTOP = OPERATOR(pg_catalog.<), PARALLEL = SAFE
);
CREATE AGGREGATE pg_catalog.max(lead_align.lead_stage) (
	SFUNC = lead_align.lead_stage_larger, STYPE = lead_align.lead_stage, COMBINEFUNC = lead_align.lead_stage_larger,
	SORTOP = OPERATOR(pg_catalog.>), PARALLEL = SAFE
);
COMMENT ON AGGREGATE pg_catalog.min(lead_align.lead_stage) IS 'the earliest lead_stage of a group (in funnel order)';
COMMENT ON AGGREGATE pg_catalog.max(lead_align.lead_stage) IS 'the latest lead_stage of a group (in funnel order)';

CREATE FUNCTION lead_align.owner_team(lead_align.lead_stage) RETURNS text
	AS 'MODULE_PATHNAME', 'lead_stage_owner_team' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION lead_align.owner_team(lead_align.lead_stage) IS 'default owner team of a stage: marketing (new, nurture), sales (mql, sal, sql, opportunity), NULL for won, lost and disqualified';

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
