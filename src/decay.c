/*
 * decay.c -- lead_align.decayed_sum(points, at, half_life, as_of): interest
 * that fades (DESIGN 5.3).
 *
 * Each row adds points * 2^(-(as_of - at) / half_life): its points halve
 * every half_life before as_of.  A row after as_of has not happened yet as
 * of as_of and adds nothing.  The terms are independent, so the state is
 * just the running sum, a float8: the aggregate combines partial sums with
 * pg_catalog.float8pl, runs in parallel plans and partial-aggregates on
 * distributed engines, with nothing to serialize.
 *
 * The transition function is not strict: like sum(), a row with a NULL
 * argument is skipped and the aggregate of no rows is NULL (a strict
 * transition function would need an initial value, 0, because the state
 * type is not the first argument's type).  The math is one line, so it lives
 * here rather than in the pure core.
 */
#include "la_pg.h"

#include <math.h>

#include "datatype/timestamp.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/timestamp.h"

/* A half-life in microseconds, as extract(epoch from ...) counts it; positive. */
static double
HalfLifeMicros(const Interval *h)
{
	double		us;

	us = (double) h->time +
		((double) DAYS_PER_YEAR * SECS_PER_DAY * USECS_PER_SEC) * (h->month / MONTHS_PER_YEAR) +
		((double) DAYS_PER_MONTH * SECS_PER_DAY * USECS_PER_SEC) * (h->month % MONTHS_PER_YEAR) +
		((double) SECS_PER_DAY * USECS_PER_SEC) * h->day;
	if (!(us > 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("half-life must be positive, not \"%s\"",
						DatumGetCString(DirectFunctionCall1(interval_out, IntervalPGetDatum(h)))),
				 errhint("Points halve every half-life before as_of, e.g. decayed_sum(points, at, '7 days', now()).")));
	return us;
}

/* Refuse an infinite time: its age is not a number. */
static void
CheckFinite(TimestampTz t, const char *what)
{
	if (TIMESTAMP_NOT_FINITE(t))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s of decayed_sum must be finite", what),
				 errhint("Pass the time the points were earned and the time to value them at.")));
}

/* The state after one more row: NULL arguments leave it as it is. */
static Datum
DecayAccum(FunctionCallInfo fcinfo, double points)
{
	double		sum = PG_ARGISNULL(0) ? 0.0 : PG_GETARG_FLOAT8(0);
	TimestampTz at = PG_GETARG_TIMESTAMPTZ(2);
	double		half = HalfLifeMicros(PG_GETARG_INTERVAL_P(3));
	TimestampTz as_of = PG_GETARG_TIMESTAMPTZ(4);

	CheckFinite(at, "at");
	CheckFinite(as_of, "as_of");
	if (at <= as_of)
		sum += points * exp2(-((double) as_of - (double) at) / half);
	PG_RETURN_FLOAT8(sum);
}

/* Are the row's arguments (1..4) all given? */
static bool
RowGiven(FunctionCallInfo fcinfo)
{
	int			i;

	for (i = 1; i <= 4; i++)
		if (PG_ARGISNULL(i))
			return false;
	return true;
}

PG_FUNCTION_INFO_V1(la_decayed_sum_float8);
/* Transition of decayed_sum(float8, timestamptz, interval, timestamptz). */
Datum
la_decayed_sum_float8(PG_FUNCTION_ARGS)
{
	if (!RowGiven(fcinfo))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	return DecayAccum(fcinfo, PG_GETARG_FLOAT8(1));
}

PG_FUNCTION_INFO_V1(la_decayed_sum_numeric);
/* Transition of decayed_sum(numeric, timestamptz, interval, timestamptz). */
Datum
la_decayed_sum_numeric(PG_FUNCTION_ARGS)
{
	if (!RowGiven(fcinfo))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	return DecayAccum(fcinfo, DatumGetFloat8(DirectFunctionCall1(numeric_float8, PG_GETARG_DATUM(1))));
}
