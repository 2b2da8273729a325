/*
 * lead_stage.c -- the SQL types lead_temperature (cold < warm < hot) and
 * lead_stage (the lifecycle in funnel order).
 *
 * Both are stored pass-by-value as an int4 holding the ordinal (see
 * la_stage.h), so ordinal order is the type's order and integer equality is
 * equality of canonical text.  Binary form: one byte, the ordinal; recv
 * refuses any byte that is not a valid ordinal, as strictly as text input
 * refuses an unknown word.
 */
#include "la_pg.h"
#include "la_stage.h"
#include "la_vocab.h"
#include "catalog/pg_type.h"
#include "utils/array.h"

#include "access/hash.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/sortsupport.h"

/* Compare two ordinals (also the sort support comparator of both types). */
static int
OrdinalCmp(Datum a, Datum b, SortSupport ssup)
{
	int32		x = DatumGetInt32(a);
	int32		y = DatumGetInt32(b);

	return (x > y) - (x < y);
}

/* Install the comparator for sorts. */
static void
OrdinalSortSupport(SortSupport ssup)
{
	ssup->comparator = OrdinalCmp;
}

/*
 * The support functions both ordinal types share, generated for each (their
 * C names are referenced by the SQL of every released version): btree
 * comparison and sort support, the six operators, the state functions of
 * min and max, and the two hash support functions.  The ordinal is
 * canonical, so int4 comparison and hashing are the types' own.
 */
#define ORDINAL_OP(prefix, name, op) \
PG_FUNCTION_INFO_V1(prefix##_##name); \
Datum \
prefix##_##name(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_BOOL(PG_GETARG_INT32(0) op PG_GETARG_INT32(1)); \
}

#define ORDINAL_TYPE_SUPPORT(prefix) \
PG_FUNCTION_INFO_V1(prefix##_cmp); \
Datum \
prefix##_cmp(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_INT32(OrdinalCmp(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1), NULL)); \
} \
PG_FUNCTION_INFO_V1(prefix##_sortsupport); \
Datum \
prefix##_sortsupport(PG_FUNCTION_ARGS) \
{ \
	OrdinalSortSupport((SortSupport) PG_GETARG_POINTER(0)); \
	PG_RETURN_VOID(); \
} \
ORDINAL_OP(prefix, lt, <) \
ORDINAL_OP(prefix, le, <=) \
ORDINAL_OP(prefix, eq, ==) \
ORDINAL_OP(prefix, ne, !=) \
ORDINAL_OP(prefix, ge, >=) \
ORDINAL_OP(prefix, gt, >) \
PG_FUNCTION_INFO_V1(prefix##_smaller); \
Datum \
prefix##_smaller(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_INT32(Min(PG_GETARG_INT32(0), PG_GETARG_INT32(1))); \
} \
PG_FUNCTION_INFO_V1(prefix##_larger); \
Datum \
prefix##_larger(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_INT32(Max(PG_GETARG_INT32(0), PG_GETARG_INT32(1))); \
} \
PG_FUNCTION_INFO_V1(prefix##_hash); \
Datum \
prefix##_hash(PG_FUNCTION_ARGS) \
{ \
	return DirectFunctionCall1(hashint4, PG_GETARG_DATUM(0)); \
} \
PG_FUNCTION_INFO_V1(prefix##_hash_extended); \
Datum \
prefix##_hash_extended(PG_FUNCTION_ARGS) \
{ \
	return DirectFunctionCall2(hashint4extended, PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)); \
}

/* The canonical word of a stored stage; a bad datum cannot happen. */
static const char *
StageName(int32 s)
{
	const char *name = la_stage_name(s);

	if (name == NULL)
		elog(ERROR, "invalid lead_stage ordinal %d", s);
	return name;
}

static const char *
TemperatureName(int32 t)
{
	const char *name = la_temperature_name(t);

	if (name == NULL)
		elog(ERROR, "invalid lead_temperature ordinal %d", t);
	return name;
}

/* ---------------------------------------------------------------------------
 * lead_temperature
 * ---------------------------------------------------------------------------
 */

PG_FUNCTION_INFO_V1(lead_temperature_in);
/* Text input: cold, warm or hot, case-insensitive. */
Datum
lead_temperature_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	la_temperature t;
	la_error	err;

	if (!la_temperature_parse(s, &t, &err))
		la_report(&err);
	PG_RETURN_INT32((int32) t);
}

PG_FUNCTION_INFO_V1(lead_temperature_out);
/* Canonical text output. */
Datum
lead_temperature_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(pstrdup(TemperatureName(PG_GETARG_INT32(0))));
}

PG_FUNCTION_INFO_V1(lead_temperature_recv);
/* Binary input: one byte, the ordinal (0 cold, 1 warm, 2 hot). */
Datum
lead_temperature_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			t = pq_getmsgbyte(buf);

	if (!la_temperature_valid(t))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary lead_temperature value %d", t),
				 errhint("The binary form is one byte: 0 (cold), 1 (warm) or 2 (hot).")));
	PG_RETURN_INT32((int32) t);
}

PG_FUNCTION_INFO_V1(lead_temperature_send);
/* Binary output. */
Datum
lead_temperature_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, PG_GETARG_INT32(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

ORDINAL_TYPE_SUPPORT(lead_temperature)

/* ---------------------------------------------------------------------------
 * lead_stage
 * ---------------------------------------------------------------------------
 */

PG_FUNCTION_INFO_V1(lead_stage_in);
/* Text input: a canonical stage or an alias. */
Datum
lead_stage_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	la_stage	st;
	la_error	err;

	if (!la_stage_parse(s, &st, &err))
		la_report(&err);
	PG_RETURN_INT32((int32) st);
}

PG_FUNCTION_INFO_V1(lead_stage_out);
/* Canonical text output. */
Datum
lead_stage_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(pstrdup(StageName(PG_GETARG_INT32(0))));
}

PG_FUNCTION_INFO_V1(lead_stage_recv);
/* Binary input: one byte, the ordinal in funnel order (0 new .. 8 disqualified). */
Datum
lead_stage_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			s = pq_getmsgbyte(buf);

	if (!la_stage_valid(s))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary lead_stage value %d", s),
				 errhint("The binary form is one byte: 0 (new) to 8 (disqualified), in funnel order.")));
	PG_RETURN_INT32((int32) s);
}

PG_FUNCTION_INFO_V1(lead_stage_send);
/* Binary output. */
Datum
lead_stage_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, PG_GETARG_INT32(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

ORDINAL_TYPE_SUPPORT(lead_stage)

PG_FUNCTION_INFO_V1(lead_stage_owner_team);
/* lead_align.owner_team(lead_stage): marketing, sales, or NULL for the end stages. */
Datum
lead_stage_owner_team(PG_FUNCTION_ARGS)
{
	int32		s = PG_GETARG_INT32(0);
	const char *team;

	(void) StageName(s);		/* refuse a corrupt datum */
	team = la_team_name(la_stage_owner(s));
	if (team == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(team));
}

PG_FUNCTION_INFO_V1(la_vocabulary);
/* lead_align.vocabulary(name): the words of one of tracking's vocabularies (core/la_vocab.h). */
Datum
la_vocabulary(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	int			n,
				i;
	const char *const *words = la_vocab_words(name, &n);
	Datum	   *elems;

	if (words == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown vocabulary \"%s\"", name),
				 errhint("The vocabularies are mode, rule_kind, sla_kind, reason_kind, event_kind and stage_event_kind.")));
	elems = palloc(sizeof(Datum) * (n + 1));
	for (i = 0; i < n; i++)
		elems[i] = CStringGetTextDatum(words[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT));
}

/*
 * (type, text) equality for drivers that send typed text parameters (JDBC's
 * setString, psycopg2's lists as = ANY(text[])): the text is read exactly as
 * the type's input reads it (an unknown word is 22P02), then compared.  An
 * untyped literal still picks the same-type operator, which indexes use.
 */
#define ORDINAL_TEXT_OPS(prefix, parse, ctype) \
static int32 \
prefix##_from_text(text *t) \
{ \
	ctype		v; \
	la_error	err; \
\
	if (!parse(text_to_cstring(t), &v, &err)) \
		la_report(&err); \
	return (int32) v; \
} \
PG_FUNCTION_INFO_V1(prefix##_eq_text); \
Datum \
prefix##_eq_text(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_BOOL(PG_GETARG_INT32(0) == prefix##_from_text(PG_GETARG_TEXT_PP(1))); \
} \
PG_FUNCTION_INFO_V1(prefix##_ne_text); \
Datum \
prefix##_ne_text(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_BOOL(PG_GETARG_INT32(0) != prefix##_from_text(PG_GETARG_TEXT_PP(1))); \
}

ORDINAL_TEXT_OPS(lead_stage, la_stage_parse, la_stage)
ORDINAL_TEXT_OPS(lead_temperature, la_temperature_parse, la_temperature)
