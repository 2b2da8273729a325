/*
 * sla_window.c -- the sla_window type: a signed duration of one of three
 * kinds (elapsed, business duration, business days).
 *
 * Stored pass-by-value in 8 bytes as value * 4 + kind (see la_window_pack),
 * so the packed form is canonical and equality is integer equality.  Order
 * is by kind, then by value.  Binary form: one byte kind, then the int64
 * value; recv checks both as strictly as the text input does.
 */
#include "la_pg.h"

#include "access/hash.h"
#include "common/int.h"
#include "datatype/timestamp.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#define DatumGetWindow(d, w)	la_window_unpack(DatumGetInt64(d), (w))
#define PG_RETURN_WINDOW(w)		PG_RETURN_INT64(la_window_pack(w))

static void
GetWindow(FunctionCallInfo fcinfo, int arg, la_window *w)
{
	DatumGetWindow(PG_GETARG_DATUM(arg), w);
}

PG_FUNCTION_INFO_V1(sla_window_in);
/* Text input. */
Datum
sla_window_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	la_window	w;
	la_error	err;

	if (!la_window_parse(s, &w, &err))
		la_report(&err);
	PG_RETURN_WINDOW(&w);
}

PG_FUNCTION_INFO_V1(sla_window_out);
/* Canonical text output. */
Datum
sla_window_out(PG_FUNCTION_ARGS)
{
	la_window	w;
	char	   *buf = palloc(LA_WINDOW_BUFLEN);

	GetWindow(fcinfo, 0, &w);
	la_window_format(&w, buf);
	PG_RETURN_CSTRING(buf);
}

PG_FUNCTION_INFO_V1(sla_window_recv);
/* Binary input: kind byte, int64 value. */
Datum
sla_window_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	la_window	w;
	la_error	err;

	w.kind = (la_wkind) pq_getmsgbyte(buf);
	w.value = pq_getmsgint64(buf);
	if (!la_window_check(&w, &err))
		la_report(&err);
	PG_RETURN_WINDOW(&w);
}

PG_FUNCTION_INFO_V1(sla_window_send);
/* Binary output. */
Datum
sla_window_send(PG_FUNCTION_ARGS)
{
	la_window	w;
	StringInfoData buf;

	GetWindow(fcinfo, 0, &w);
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, (int) w.kind);
	pq_sendint64(&buf, w.value);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

static int
WindowCmp(FunctionCallInfo fcinfo)
{
	la_window	a,
				b;

	GetWindow(fcinfo, 0, &a);
	GetWindow(fcinfo, 1, &b);
	return la_window_cmp(&a, &b);
}

PG_FUNCTION_INFO_V1(sla_window_cmp);
/* btree support: by kind, then value. */
Datum
sla_window_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(WindowCmp(fcinfo));
}

PG_FUNCTION_INFO_V1(sla_window_lt);
Datum
sla_window_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(WindowCmp(fcinfo) < 0);
}

PG_FUNCTION_INFO_V1(sla_window_le);
Datum
sla_window_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(WindowCmp(fcinfo) <= 0);
}

PG_FUNCTION_INFO_V1(sla_window_eq);
Datum
sla_window_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_INT64(0) == PG_GETARG_INT64(1));
}

PG_FUNCTION_INFO_V1(sla_window_ne);
Datum
sla_window_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_INT64(0) != PG_GETARG_INT64(1));
}

PG_FUNCTION_INFO_V1(sla_window_ge);
Datum
sla_window_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(WindowCmp(fcinfo) >= 0);
}

PG_FUNCTION_INFO_V1(sla_window_gt);
Datum
sla_window_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(WindowCmp(fcinfo) > 0);
}

PG_FUNCTION_INFO_V1(sla_window_hash);
/* hash support 1: the packed form is canonical. */
Datum
sla_window_hash(PG_FUNCTION_ARGS)
{
	return DirectFunctionCall1(hashint8, PG_GETARG_DATUM(0));
}

PG_FUNCTION_INFO_V1(sla_window_hash_extended);
/* hash support 2. */
Datum
sla_window_hash_extended(PG_FUNCTION_ARGS)
{
	return DirectFunctionCall2(hashint8extended, PG_GETARG_DATUM(0), PG_GETARG_DATUM(1));
}

PG_FUNCTION_INFO_V1(sla_window_from_interval);
/* Cast interval -> sla_window (elapsed); an interval with months has no fixed length. */
Datum
sla_window_from_interval(PG_FUNCTION_ARGS)
{
	Interval   *iv = PG_GETARG_INTERVAL_P(0);
	la_window	w;
	int64		us;

	if (iv->month != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("interval \"%s\" has months, which have no fixed length",
						DatumGetCString(DirectFunctionCall1(interval_out, PointerGetDatum(iv)))),
				 errhint("Write days instead, e.g. interval '30 days'.")));
	if (pg_mul_s64_overflow((int64) iv->day, USECS_PER_DAY, &us) ||
		pg_add_s64_overflow(us, iv->time, &us) ||
		us >= LA_W_MAXVAL || us <= -LA_W_MAXVAL)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("interval is out of range for sla_window"),
				 errhint("The largest window is about 36,000 years.")));
	w.kind = LA_W_ELAPSED;
	w.value = us;
	PG_RETURN_WINDOW(&w);
}

PG_FUNCTION_INFO_V1(sla_window_mul);
/* sla_window * integer */
Datum
sla_window_mul(PG_FUNCTION_ARGS)
{
	la_window	w,
				r;
	la_error	err;

	GetWindow(fcinfo, 0, &w);
	if (!la_window_mul(&w, PG_GETARG_INT32(1), &r, &err))
		la_report(&err);
	PG_RETURN_WINDOW(&r);
}

PG_FUNCTION_INFO_V1(sla_window_mul_int);
/* integer * sla_window */
Datum
sla_window_mul_int(PG_FUNCTION_ARGS)
{
	la_window	w,
				r;
	la_error	err;

	GetWindow(fcinfo, 1, &w);
	if (!la_window_mul(&w, PG_GETARG_INT32(0), &r, &err))
		la_report(&err);
	PG_RETURN_WINDOW(&r);
}
