CREATE SCHEMA lead_align;
COMMENT ON SCHEMA lead_align IS 'lead_align: shared vocabulary, SLAs in business time and handoff records for marketing and sales';
GRANT USAGE ON SCHEMA lead_align TO PUBLIC;

-------------------------------------------------------------------------------
-- sla_window
-------------------------------------------------------------------------------

CREATE TYPE lead_align.sla_window;

CREATE FUNCTION lead_align.sla_window_in(cstring) RETURNS lead_align.sla_window
	AS 'MODULE_PATHNAME', 'sla_window_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.sla_window_out(lead_align.sla_window) RETURNS cstring
	AS 'MODULE_PATHNAME', 'sla_window_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.sla_window_recv(internal) RETURNS lead_align.sla_window
	AS 'MODULE_PATHNAME', 'sla_window_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.sla_window_send(lead_align.sla_window) RETURNS bytea
	AS 'MODULE_PATHNAME', 'sla_window_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE lead_align.sla_window (
	INPUT = lead_align.sla_window_in,
	OUTPUT = lead_align.sla_window_out,
	RECEIVE = lead_align.sla_window_recv,
	SEND = lead_align.sla_window_send,
	LIKE = pg_catalog.int8
);
COMMENT ON TYPE lead_align.sla_window IS 'SLA window: elapsed (''30 minutes''), business duration (''4 business hours'') or business days (''2 business days'')';

CREATE FUNCTION lead_align.sla_window_cmp(lead_align.sla_window, lead_align.sla_window) RETURNS int4
	AS 'MODULE_PATHNAME', 'sla_window_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.sla_window_lt(lead_align.sla_window, lead_align.sla_window) RETURNS bool
	AS 'MODULE_PATHNAME', 'sla_window_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.sla_window_le(lead_align.sla_window, lead_align.sla_window) RETURNS bool
	AS 'MODULE_PATHNAME', 'sla_window_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.sla_window_eq(lead_align.sla_window, lead_align.sla_window) RETURNS bool
	AS 'MODULE_PATHNAME', 'sla_window_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.sla_window_ne(lead_align.sla_window, lead_align.sla_window) RETURNS bool
	AS 'MODULE_PATHNAME', 'sla_window_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.sla_window_ge(lead_align.sla_window, lead_align.sla_window) RETURNS bool
	AS 'MODULE_PATHNAME', 'sla_window_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.sla_window_gt(lead_align.sla_window, lead_align.sla_window) RETURNS bool
	AS 'MODULE_PATHNAME', 'sla_window_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.sla_window_hash(lead_align.sla_window) RETURNS int4
	AS 'MODULE_PATHNAME', 'sla_window_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.sla_window_hash_extended(lead_align.sla_window, int8) RETURNS int8
	AS 'MODULE_PATHNAME', 'sla_window_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR pg_catalog.< (LEFTARG = lead_align.sla_window, RIGHTARG = lead_align.sla_window,
	FUNCTION = lead_align.sla_window_lt, COMMUTATOR = OPERATOR(pg_catalog.>), NEGATOR = OPERATOR(pg_catalog.>=),
	RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel);
CREATE OPERATOR pg_catalog.<= (LEFTARG = lead_align.sla_window, RIGHTARG = lead_align.sla_window,
	FUNCTION = lead_align.sla_window_le, COMMUTATOR = OPERATOR(pg_catalog.>=), NEGATOR = OPERATOR(pg_catalog.>),
	RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel);
CREATE OPERATOR pg_catalog.= (LEFTARG = lead_align.sla_window, RIGHTARG = lead_align.sla_window,
	FUNCTION = lead_align.sla_window_eq, COMMUTATOR = OPERATOR(pg_catalog.=), NEGATOR = OPERATOR(pg_catalog.<>),
	RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel, HASHES, MERGES);
CREATE OPERATOR pg_catalog.<> (LEFTARG = lead_align.sla_window, RIGHTARG = lead_align.sla_window,
	FUNCTION = lead_align.sla_window_ne, COMMUTATOR = OPERATOR(pg_catalog.<>), NEGATOR = OPERATOR(pg_catalog.=),
	RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel);
CREATE OPERATOR pg_catalog.>= (LEFTARG = lead_align.sla_window, RIGHTARG = lead_align.sla_window,
	FUNCTION = lead_align.sla_window_ge, COMMUTATOR = OPERATOR(pg_catalog.<=), NEGATOR = OPERATOR(pg_catalog.<),
	RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel);
CREATE OPERATOR pg_catalog.> (LEFTARG = lead_align.sla_window, RIGHTARG = lead_align.sla_window,
	FUNCTION = lead_align.sla_window_gt, COMMUTATOR = OPERATOR(pg_catalog.<), NEGATOR = OPERATOR(pg_catalog.<=),
	RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel);

CREATE OPERATOR CLASS lead_align.sla_window_ops DEFAULT FOR TYPE lead_align.sla_window USING btree AS
	OPERATOR 1 pg_catalog.<,
	OPERATOR 2 pg_catalog.<=,
	OPERATOR 3 pg_catalog.=,
	OPERATOR 4 pg_catalog.>=,
	OPERATOR 5 pg_catalog.>,
	FUNCTION 1 lead_align.sla_window_cmp(lead_align.sla_window, lead_align.sla_window);

CREATE OPERATOR CLASS lead_align.sla_window_hash_ops DEFAULT FOR TYPE lead_align.sla_window USING hash AS
	OPERATOR 1 pg_catalog.=,
	FUNCTION 1 lead_align.sla_window_hash(lead_align.sla_window),
	FUNCTION 2 lead_align.sla_window_hash_extended(lead_align.sla_window, int8);

CREATE FUNCTION lead_align.sla_window(interval) RETURNS lead_align.sla_window
	AS 'MODULE_PATHNAME', 'sla_window_from_interval' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION lead_align.sla_window(interval) IS 'elapsed sla_window of an interval without months';
CREATE CAST (interval AS lead_align.sla_window) WITH FUNCTION lead_align.sla_window(interval) AS ASSIGNMENT;

CREATE FUNCTION lead_align.sla_window_mul(lead_align.sla_window, int4) RETURNS lead_align.sla_window
	AS 'MODULE_PATHNAME', 'sla_window_mul' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.sla_window_mul(int4, lead_align.sla_window) RETURNS lead_align.sla_window
	AS 'MODULE_PATHNAME', 'sla_window_mul_int' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OPERATOR lead_align.* (LEFTARG = lead_align.sla_window, RIGHTARG = int4,
	FUNCTION = lead_align.sla_window_mul, COMMUTATOR = OPERATOR(lead_align.*));
CREATE OPERATOR lead_align.* (LEFTARG = int4, RIGHTARG = lead_align.sla_window,
	FUNCTION = lead_align.sla_window_mul, COMMUTATOR = OPERATOR(lead_align.*));
COMMENT ON FUNCTION lead_align.sla_window_mul(lead_align.sla_window, int4) IS 'a window times a whole number, of the same kind';
COMMENT ON FUNCTION lead_align.sla_window_mul(int4, lead_align.sla_window) IS 'a whole number times a window, of the same kind';

-------------------------------------------------------------------------------
-- business_calendar
-------------------------------------------------------------------------------

CREATE TYPE lead_align.business_calendar;

CREATE FUNCTION lead_align.business_calendar_in(cstring) RETURNS lead_align.business_calendar
	AS 'MODULE_PATHNAME', 'business_calendar_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.business_calendar_out(lead_align.business_calendar) RETURNS cstring
	AS 'MODULE_PATHNAME', 'business_calendar_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.business_calendar_recv(internal) RETURNS lead_align.business_calendar
	AS 'MODULE_PATHNAME', 'business_calendar_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.business_calendar_send(lead_align.business_calendar) RETURNS bytea
	AS 'MODULE_PATHNAME', 'business_calendar_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE lead_align.business_calendar (
	INPUT = lead_align.business_calendar_in,
	OUTPUT = lead_align.business_calendar_out,
	RECEIVE = lead_align.business_calendar_recv,
	SEND = lead_align.business_calendar_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = int4,
	STORAGE = extended
);
COMMENT ON TYPE lead_align.business_calendar IS 'working hours, holidays and time zone, e.g. ''Mo-Fr 09:00-17:00; 12-25 off; tz Europe/Berlin''';

CREATE FUNCTION lead_align.business_calendar_cmp(lead_align.business_calendar, lead_align.business_calendar) RETURNS int4
	AS 'MODULE_PATHNAME', 'business_calendar_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.business_calendar_lt(lead_align.business_calendar, lead_align.business_calendar) RETURNS bool
	AS 'MODULE_PATHNAME', 'business_calendar_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.business_calendar_le(lead_align.business_calendar, lead_align.business_calendar) RETURNS bool
	AS 'MODULE_PATHNAME', 'business_calendar_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.business_calendar_eq(lead_align.business_calendar, lead_align.business_calendar) RETURNS bool
	AS 'MODULE_PATHNAME', 'business_calendar_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.business_calendar_ne(lead_align.business_calendar, lead_align.business_calendar) RETURNS bool
	AS 'MODULE_PATHNAME', 'business_calendar_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.business_calendar_ge(lead_align.business_calendar, lead_align.business_calendar) RETURNS bool
	AS 'MODULE_PATHNAME', 'business_calendar_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.business_calendar_gt(lead_align.business_calendar, lead_align.business_calendar) RETURNS bool
	AS 'MODULE_PATHNAME', 'business_calendar_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.business_calendar_hash(lead_align.business_calendar) RETURNS int4
	AS 'MODULE_PATHNAME', 'business_calendar_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION lead_align.business_calendar_hash_extended(lead_align.business_calendar, int8) RETURNS int8
	AS 'MODULE_PATHNAME', 'business_calendar_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR pg_catalog.< (LEFTARG = lead_align.business_calendar, RIGHTARG = lead_align.business_calendar,
	FUNCTION = lead_align.business_calendar_lt, COMMUTATOR = OPERATOR(pg_catalog.>), NEGATOR = OPERATOR(pg_catalog.>=),
	RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel);
CREATE OPERATOR pg_catalog.<= (LEFTARG = lead_align.business_calendar, RIGHTARG = lead_align.business_calendar,
	FUNCTION = lead_align.business_calendar_le, COMMUTATOR = OPERATOR(pg_catalog.>=), NEGATOR = OPERATOR(pg_catalog.>),
	RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel);
CREATE OPERATOR pg_catalog.= (LEFTARG = lead_align.business_calendar, RIGHTARG = lead_align.business_calendar,
	FUNCTION = lead_align.business_calendar_eq, COMMUTATOR = OPERATOR(pg_catalog.=), NEGATOR = OPERATOR(pg_catalog.<>),
	RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel, HASHES, MERGES);
CREATE OPERATOR pg_catalog.<> (LEFTARG = lead_align.business_calendar, RIGHTARG = lead_align.business_calendar,
	FUNCTION = lead_align.business_calendar_ne, COMMUTATOR = OPERATOR(pg_catalog.<>), NEGATOR = OPERATOR(pg_catalog.=),
	RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel);
CREATE OPERATOR pg_catalog.>= (LEFTARG = lead_align.business_calendar, RIGHTARG = lead_align.business_calendar,
	FUNCTION = lead_align.business_calendar_ge, COMMUTATOR = OPERATOR(pg_catalog.<=), NEGATOR = OPERATOR(pg_catalog.<),
	RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel);
CREATE OPERATOR pg_catalog.> (LEFTARG = lead_align.business_calendar, RIGHTARG = lead_align.business_calendar,
	FUNCTION = lead_align.business_calendar_gt, COMMUTATOR = OPERATOR(pg_catalog.<), NEGATOR = OPERATOR(pg_catalog.<=),
	RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel);

CREATE OPERATOR CLASS lead_align.business_calendar_ops DEFAULT FOR TYPE lead_align.business_calendar USING btree AS
	OPERATOR 1 pg_catalog.<,
	OPERATOR 2 pg_catalog.<=,
	OPERATOR 3 pg_catalog.=,
	OPERATOR 4 pg_catalog.>=,
	OPERATOR 5 pg_catalog.>,
	FUNCTION 1 lead_align.business_calendar_cmp(lead_align.business_calendar, lead_align.business_calendar);

CREATE OPERATOR CLASS lead_align.business_calendar_hash_ops DEFAULT FOR TYPE lead_align.business_calendar USING hash AS
	OPERATOR 1 pg_catalog.=,
	FUNCTION 1 lead_align.business_calendar_hash(lead_align.business_calendar),
	FUNCTION 2 lead_align.business_calendar_hash_extended(lead_align.business_calendar, int8);

CREATE FUNCTION lead_align.calendar(weekly text, tz text, closed date[] DEFAULT NULL, special jsonb DEFAULT NULL)
	RETURNS lead_align.business_calendar
	AS 'MODULE_PATHNAME', 'business_calendar_build' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION lead_align.calendar(text, text, date[], jsonb) IS 'build a business_calendar from weekly rules, a zone, closed dates and special days {"YYYY-MM-DD"|"MM-DD": hours}';

-------------------------------------------------------------------------------
-- business-time arithmetic
-------------------------------------------------------------------------------

CREATE FUNCTION lead_align.business_add(t timestamptz, w lead_align.sla_window, cal lead_align.business_calendar)
	RETURNS timestamptz
	AS 'MODULE_PATHNAME', 'la_business_add_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION lead_align.business_add(timestamptz, lead_align.sla_window, lead_align.business_calendar) IS 'the deadline t + w: in business time for business windows, exact for elapsed ones';

CREATE FUNCTION lead_align.business_elapsed(a timestamptz, b timestamptz, cal lead_align.business_calendar)
	RETURNS interval
	AS 'MODULE_PATHNAME', 'la_business_elapsed_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION lead_align.business_elapsed(timestamptz, timestamptz, lead_align.business_calendar) IS 'business time between a and b (negative when b < a), as an interval of hours';

CREATE FUNCTION lead_align.business_hours(a timestamptz, b timestamptz, cal lead_align.business_calendar)
	RETURNS numeric
	AS 'MODULE_PATHNAME', 'la_business_hours_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION lead_align.business_hours(timestamptz, timestamptz, lead_align.business_calendar) IS 'business time between a and b in hours, rounded to 6 decimal places';

CREATE FUNCTION lead_align.is_business_time(t timestamptz, cal lead_align.business_calendar)
	RETURNS boolean
	AS 'MODULE_PATHNAME', 'la_is_business_time_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION lead_align.is_business_time(timestamptz, lead_align.business_calendar) IS 'is t within business hours?';

CREATE FUNCTION lead_align.calendar_contains(cal lead_align.business_calendar, t timestamptz)
	RETURNS boolean
	AS 'MODULE_PATHNAME', 'la_calendar_contains_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION lead_align.calendar_contains(lead_align.business_calendar, timestamptz) IS 'cal @> t: is t within business hours?';
CREATE OPERATOR pg_catalog.@> (LEFTARG = lead_align.business_calendar, RIGHTARG = timestamptz,
	FUNCTION = lead_align.calendar_contains);

CREATE FUNCTION lead_align.next_business_time(t timestamptz, cal lead_align.business_calendar)
	RETURNS timestamptz
	AS 'MODULE_PATHNAME', 'la_next_business_time_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION lead_align.next_business_time(timestamptz, lead_align.business_calendar) IS 't if it is business time, else the next opening';

CREATE FUNCTION lead_align.business_periods(cal lead_align.business_calendar, "from" timestamptz, "to" timestamptz)
	RETURNS SETOF tstzrange
	AS 'MODULE_PATHNAME', 'la_business_periods_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION lead_align.business_periods(lead_align.business_calendar, timestamptz, timestamptz) IS 'the merged business periods within [from, to), ascending';
