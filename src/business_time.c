/*
 * business_time.c -- SQL functions of business-time arithmetic (the contract,
 * rules S1-S7, is in src/core/la_btime.c and the README):
 * business_add, business_elapsed, business_hours, is_business_time (and the
 * @> operator), next_business_time, business_periods.
 *
 * All are IMMUTABLE: a calendar carries its own zone, so no answer depends on
 * the session.  The work is done by the core (la_btime.c) over the cached,
 * derived state of the calendar (la_calendar_ctx).
 */
#include "la_pg.h"

#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/rangetypes.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

PG_FUNCTION_INFO_V1(la_business_add_sql);
/* business_add(t, w, cal) */
Datum
la_business_add_sql(PG_FUNCTION_ARGS)
{
	TimestampTz t = PG_GETARG_TIMESTAMPTZ(0);
	la_window	w;
	la_calctx  *ctx = NULL;
	int64_t		r;
	la_error	err;

	la_window_unpack(PG_GETARG_INT64(1), &w);
	if (w.kind != LA_W_ELAPSED && w.value != 0 && !TIMESTAMP_NOT_FINITE(t))
		ctx = la_calendar_ctx(PG_GETARG_DATUM(2));
	if (!la_business_add(ctx, t, &w, &r, &err))
		la_report(&err);
	PG_RETURN_TIMESTAMPTZ(r);
}

static int64
Elapsed(FunctionCallInfo fcinfo)
{
	TimestampTz a = PG_GETARG_TIMESTAMPTZ(0);
	TimestampTz b = PG_GETARG_TIMESTAMPTZ(1);
	la_calctx  *ctx = la_calendar_ctx(PG_GETARG_DATUM(2));
	int64_t		r;
	la_error	err;

	if (!la_business_elapsed(ctx, a, b, &r, &err))
		la_report(&err);
	return r;
}

PG_FUNCTION_INFO_V1(la_business_elapsed_sql);
/* business_elapsed(a, b, cal): an interval of microseconds only. */
Datum
la_business_elapsed_sql(PG_FUNCTION_ARGS)
{
	Interval   *iv = palloc(sizeof(Interval));

	iv->time = Elapsed(fcinfo);
	iv->day = 0;
	iv->month = 0;
	PG_RETURN_INTERVAL_P(iv);
}

PG_FUNCTION_INFO_V1(la_business_hours_sql);
/* business_hours(a, b, cal): hours as numeric, rounded to 6 decimal places. */
Datum
la_business_hours_sql(PG_FUNCTION_ARGS)
{
	int64		us = Elapsed(fcinfo);
	int64		q = us / 3600;	/* micro-hours */
	int64		r = us % 3600;

	if (r >= 1800)
		q++;
	else if (r <= -1800)
		q--;
	PG_RETURN_NUMERIC(int64_div_fast_to_numeric(q, 6));
}

PG_FUNCTION_INFO_V1(la_is_business_time_sql);
/* is_business_time(t, cal) */
Datum
la_is_business_time_sql(PG_FUNCTION_ARGS)
{
	TimestampTz t = PG_GETARG_TIMESTAMPTZ(0);
	bool		r = false;
	la_error	err;

	if (!TIMESTAMP_NOT_FINITE(t) &&
		!la_is_business_time(la_calendar_ctx(PG_GETARG_DATUM(1)), t, &r, &err))
		la_report(&err);
	PG_RETURN_BOOL(r);
}

PG_FUNCTION_INFO_V1(la_calendar_contains_sql);
/* cal @> t */
Datum
la_calendar_contains_sql(PG_FUNCTION_ARGS)
{
	TimestampTz t = PG_GETARG_TIMESTAMPTZ(1);
	bool		r = false;
	la_error	err;

	if (!TIMESTAMP_NOT_FINITE(t) &&
		!la_is_business_time(la_calendar_ctx(PG_GETARG_DATUM(0)), t, &r, &err))
		la_report(&err);
	PG_RETURN_BOOL(r);
}

PG_FUNCTION_INFO_V1(la_next_business_time_sql);
/* next_business_time(t, cal): t if open, else the next opening. */
Datum
la_next_business_time_sql(PG_FUNCTION_ARGS)
{
	TimestampTz t = PG_GETARG_TIMESTAMPTZ(0);
	int64_t		r = t;
	la_error	err;

	if (!TIMESTAMP_NOT_FINITE(t) &&
		!la_next_business_time(la_calendar_ctx(PG_GETARG_DATUM(1)), t, &r, &err))
		la_report(&err);
	PG_RETURN_TIMESTAMPTZ(r);
}

typedef struct PeriodsState
{
	la_calctx  *ctx;			/* private to this call: freed with its context */
	la_periter	it;
	TypeCacheEntry *rangetype;
} PeriodsState;

static void
FreeCtx(void *arg)
{
	la_calctx_free((la_calctx *) arg);
}

PG_FUNCTION_INFO_V1(la_business_periods_sql);
/* business_periods(cal, from, to): merged business periods within [from, to). */
Datum
la_business_periods_sql(PG_FUNCTION_ARGS)
{
	FuncCallContext *fctx;
	PeriodsState *st;
	int64_t		o,
				c;
	la_error	err;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;
		bytea	   *v;
		MemoryContextCallback *cb;
		Oid			rettype;

		fctx = SRF_FIRSTCALL_INIT();
		old = MemoryContextSwitchTo(fctx->multi_call_memory_ctx);
		st = palloc0(sizeof(PeriodsState));
		v = (bytea *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
		st->ctx = la_calctx_new(VARDATA(v), VARSIZE(v) - VARHDRSZ, &err);
		if (st->ctx == NULL)
			la_report(&err);
		cb = palloc(sizeof(MemoryContextCallback));
		cb->func = FreeCtx;
		cb->arg = st->ctx;
		MemoryContextRegisterResetCallback(fctx->multi_call_memory_ctx, cb);
		if (!la_periods_begin(&st->it, st->ctx, PG_GETARG_TIMESTAMPTZ(1),
							  PG_GETARG_TIMESTAMPTZ(2), &err))
			la_report(&err);
		if (get_call_result_type(fcinfo, &rettype, NULL) != TYPEFUNC_SCALAR)
			elog(ERROR, "business_periods must return a range");
		st->rangetype = lookup_type_cache(rettype, TYPECACHE_RANGE_INFO);
		fctx->user_fctx = st;
		MemoryContextSwitchTo(old);
	}
	fctx = SRF_PERCALL_SETUP();
	st = fctx->user_fctx;
	if (la_periods_next(&st->it, &o, &c, &err))
	{
		RangeBound lo,
					hi;

		lo.val = TimestampTzGetDatum(o);
		lo.infinite = false;
		lo.inclusive = true;
		lo.lower = true;
		hi.val = TimestampTzGetDatum(c);
		hi.infinite = false;
		hi.inclusive = false;
		hi.lower = false;
		SRF_RETURN_NEXT(fctx, RangeTypePGetDatum(LaMakeRange(st->rangetype, &lo, &hi)));
	}
	if (err.code != LA_OK)
		la_report(&err);
	SRF_RETURN_DONE(fctx);
}
