/*
 * shared_numbers.c -- helpers of the views of the shared numbers (DESIGN
 * 5.2, src/sql/80_shared_numbers.sql).
 *
 * lead_align._arg_min(value, key) and _arg_max(value, key): the value of the
 * row with the smallest (largest) key, in one pass over a group.
 * lead_align._cycles() (src/sql/85_migrate.sql) computes lead-cycles from a
 * track's ledger rows grouped by cycle, for rebuild_current() and the update
 * from 0.3, and needs values of one row of each group (the row that began the
 * mql stay, the first row, the latest row): without these, that takes a
 * window function, a self-join or an ordered aggregate that sorts every group
 * once per column.  Rows with a NULL key are skipped; a NULL value is a value
 * (the row with the smallest key may have none).  Ties keep the row seen
 * first; _cycles() passes the ledger id, which is unique.
 *
 * The state is internal (a value of any type), so these do not combine in
 * parallel plans.
 */
#include "la_pg.h"

#include "fmgr.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"

typedef struct ArgState
{
	bool		have;			/* a row with a key was seen */
	int64		key;
	bool		isnull;			/* its value is NULL */
	Datum		value;			/* in the aggregate's context */
	int16		typlen;
	bool		typbyval;
} ArgState;

/* One row: keep it when its key beats the state's (smaller: sign = -1). */
static Datum
ArgAccum(FunctionCallInfo fcinfo, int sign)
{
	MemoryContext aggcontext;
	ArgState   *s;
	int64		key;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "lead_align._arg_min/_arg_max called in non-aggregate context");
	if (PG_ARGISNULL(0))
	{
		Oid			type = get_fn_expr_argtype(fcinfo->flinfo, 1);

		if (!OidIsValid(type))
			elog(ERROR, "could not determine the value type of lead_align._arg_min/_arg_max");
		s = MemoryContextAllocZero(aggcontext, sizeof(ArgState));
		get_typlenbyval(type, &s->typlen, &s->typbyval);
	}
	else
		s = (ArgState *) PG_GETARG_POINTER(0);
	if (PG_ARGISNULL(2))
		PG_RETURN_POINTER(s);
	key = PG_GETARG_INT64(2);
	if (s->have && (sign < 0 ? key >= s->key : key <= s->key))
		PG_RETURN_POINTER(s);
	if (s->have && !s->isnull && !s->typbyval)
		pfree(DatumGetPointer(s->value));
	s->have = true;
	s->key = key;
	s->isnull = PG_ARGISNULL(1);
	s->value = (Datum) 0;
	if (!s->isnull)
	{
		/* a copy in the group's context; a varlena detoasted */
		MemoryContext old = MemoryContextSwitchTo(aggcontext);

		if (s->typlen == -1)
			s->value = PointerGetDatum(PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(1)));
		else
			s->value = datumCopy(PG_GETARG_DATUM(1), s->typbyval, s->typlen);
		MemoryContextSwitchTo(old);
	}
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(la_arg_min_trans);
/* Transition of _arg_min(anyelement, int8). */
Datum
la_arg_min_trans(PG_FUNCTION_ARGS)
{
	return ArgAccum(fcinfo, -1);
}

PG_FUNCTION_INFO_V1(la_arg_max_trans);
/* Transition of _arg_max(anyelement, int8). */
Datum
la_arg_max_trans(PG_FUNCTION_ARGS)
{
	return ArgAccum(fcinfo, 1);
}

PG_FUNCTION_INFO_V1(la_arg_final);
/* Final function of both: the kept value, copied out of the state. */
Datum
la_arg_final(PG_FUNCTION_ARGS)
{
	ArgState   *s;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "lead_align._arg_min/_arg_max called in non-aggregate context");
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = (ArgState *) PG_GETARG_POINTER(0);
	if (!s->have || s->isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(datumCopy(s->value, s->typbyval, s->typlen));
}
