/*
 * business_calendar.c -- the business_calendar type: working hours as a
 * value (the grammar is in the README), and the per-backend cache of what the arithmetic
 * derives from a calendar.
 *
 * Storage: a varlena holding the core's compiled, versioned blob (la_calhdr
 * and what follows), STORAGE = extended.  The blob is the same bytes for the
 * same resolved rules, so equality and hashing work on the bytes, and equal
 * values have equal canonical text.  The btree order is the byte order of the
 * blobs: consistent, but not alphabetical.  Binary form: a version byte (1)
 * followed by the canonical text, which recv parses exactly as in does.
 */
#include "la_pg.h"

#include "access/hash.h"
#include "catalog/pg_type.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

#define CalBlob(v)		((const void *) VARDATA(v))
#define CalSize(v)		(VARSIZE(v) - VARHDRSZ)

/* Wrap a core blob into a varlena and free the blob. */
static bytea *
BlobToVarlena(void *blob, size_t size)
{
	bytea	   *v = palloc(VARHDRSZ + size);

	SET_VARSIZE(v, VARHDRSZ + size);
	memcpy(VARDATA(v), blob, size);
	la_mfree(blob);
	return v;
}

/* Check a stored value and set up a view of it. */
static void
ViewOf(const bytea *v, la_calview *view)
{
	la_error	err;

	if (!la_cal_view(CalBlob(v), CalSize(v), view, &err))
		la_report(&err);
}

static bytea *
ParseCalendar(const char *text)
{
	void	   *blob;
	size_t		size;
	la_error	err;

	if (!la_cal_parse(text, &blob, &size, &err))
		la_report(&err);
	return BlobToVarlena(blob, size);
}

PG_FUNCTION_INFO_V1(business_calendar_in);
/* Text input. */
Datum
business_calendar_in(PG_FUNCTION_ARGS)
{
	PG_RETURN_BYTEA_P(ParseCalendar(PG_GETARG_CSTRING(0)));
}

static char *
CalendarText(const bytea *v)
{
	la_calview	view;
	char	   *s,
			   *r;

	ViewOf(v, &view);
	s = la_cal_format(&view);
	r = pstrdup(s);
	la_mfree(s);
	return r;
}

PG_FUNCTION_INFO_V1(business_calendar_out);
/* Canonical text output. */
Datum
business_calendar_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(CalendarText((bytea *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0))));
}

PG_FUNCTION_INFO_V1(business_calendar_recv);
/* Binary input: version byte 1, then the text form, parsed as by input. */
Datum
business_calendar_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version = pq_getmsgbyte(buf);
	char	   *text;
	int			nbytes;

	if (version != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported business_calendar binary format version %d", version),
				 errhint("This server reads version 1.")));
	text = pq_getmsgtext(buf, buf->len - buf->cursor, &nbytes);
	PG_RETURN_BYTEA_P(ParseCalendar(text));
}

PG_FUNCTION_INFO_V1(business_calendar_send);
/* Binary output. */
Datum
business_calendar_send(PG_FUNCTION_ARGS)
{
	bytea	   *v = (bytea *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	char	   *text = CalendarText(v);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, 1);
	pq_sendtext(&buf, text, strlen(text));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Byte order of the blobs. */
static int
CalCmp(FunctionCallInfo fcinfo)
{
	bytea	   *a = PG_GETARG_BYTEA_PP(0);
	bytea	   *b = PG_GETARG_BYTEA_PP(1);
	size_t		la = VARSIZE_ANY_EXHDR(a),
				lb = VARSIZE_ANY_EXHDR(b);
	int			c = memcmp(VARDATA_ANY(a), VARDATA_ANY(b), Min(la, lb));

	if (c == 0 && la != lb)
		c = la < lb ? -1 : 1;
	return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

PG_FUNCTION_INFO_V1(business_calendar_cmp);
Datum
business_calendar_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(CalCmp(fcinfo));
}

PG_FUNCTION_INFO_V1(business_calendar_eq);
Datum
business_calendar_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(CalCmp(fcinfo) == 0);
}

PG_FUNCTION_INFO_V1(business_calendar_ne);
Datum
business_calendar_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(CalCmp(fcinfo) != 0);
}

PG_FUNCTION_INFO_V1(business_calendar_lt);
Datum
business_calendar_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(CalCmp(fcinfo) < 0);
}

PG_FUNCTION_INFO_V1(business_calendar_le);
Datum
business_calendar_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(CalCmp(fcinfo) <= 0);
}

PG_FUNCTION_INFO_V1(business_calendar_gt);
Datum
business_calendar_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(CalCmp(fcinfo) > 0);
}

PG_FUNCTION_INFO_V1(business_calendar_ge);
Datum
business_calendar_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(CalCmp(fcinfo) >= 0);
}

PG_FUNCTION_INFO_V1(business_calendar_hash);
/* hash support 1 */
Datum
business_calendar_hash(PG_FUNCTION_ARGS)
{
	bytea	   *v = PG_GETARG_BYTEA_PP(0);

	return hash_any((const unsigned char *) VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));
}

PG_FUNCTION_INFO_V1(business_calendar_hash_extended);
/* hash support 2 */
Datum
business_calendar_hash_extended(PG_FUNCTION_ARGS)
{
	bytea	   *v = PG_GETARG_BYTEA_PP(0);

	return hash_any_extended((const unsigned char *) VARDATA_ANY(v),
							 VARSIZE_ANY_EXHDR(v), PG_GETARG_INT64(1));
}

PG_FUNCTION_INFO_V1(business_calendar_zone);
/* lead_align.calendar_zone(cal): its time zone's name, for AT TIME ZONE. */
Datum
business_calendar_zone(PG_FUNCTION_ARGS)
{
	la_calview	view;

	ViewOf((bytea *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0)), &view);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(view.zone, view.hdr->zlen));
}

/* ---------- lead_align.calendar(weekly, tz, closed, special) ---------- */

static void
BuildCheck(la_calbuild *b, bool ok, la_error *err)
{
	if (!ok)
	{
		la_calbuild_free(b);
		la_report(err);
	}
}

PG_FUNCTION_INFO_V1(business_calendar_build);
/*
 * Build a calendar from parts: weekly rules as text, a zone name, an array of
 * closed dates and a jsonb object of special days {"YYYY-MM-DD"|"MM-DD":
 * hours}.  NULL parts mean none.  Not strict.
 */
Datum
business_calendar_build(PG_FUNCTION_ARGS)
{
	la_calbuild *b = la_calbuild_new();
	la_error	err;
	void	   *blob;
	size_t		size;

	if (!PG_ARGISNULL(0))
	{
		char	   *weekly = text_to_cstring(PG_GETARG_TEXT_PP(0));

		BuildCheck(b, la_calbuild_parse(b, weekly, LA_RULE_WEEKLY, &err), &err);
	}
	if (!PG_ARGISNULL(1))
	{
		char	   *tz = text_to_cstring(PG_GETARG_TEXT_PP(1));

		BuildCheck(b, la_calbuild_tz(b, tz, &err), &err);
	}
	if (!PG_ARGISNULL(3))
	{
		Jsonb	   *jb = PG_GETARG_JSONB_P(3);
		JsonbIterator *it;
		JsonbValue	v;
		JsonbIteratorToken tok;
		char	   *key = NULL;

		if (!JB_ROOT_IS_OBJECT(jb))
		{
			la_calbuild_free(b);
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("special days must be a jsonb object"),
					 errhint("Write for example '{\"2026-12-24\": \"09:00-12:00\", \"12-31\": \"off\"}'.")));
		}
		it = JsonbIteratorInit(&jb->root);
		while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
		{
			if (tok == WJB_KEY)
				key = pnstrdup(v.val.string.val, v.val.string.len);
			else if (tok == WJB_VALUE)
			{
				char	   *hours;

				if (v.type != jbvString)
				{
					la_calbuild_free(b);
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							 errmsg("hours of special day \"%s\" must be a string", key),
							 errhint("Write for example '{\"%s\": \"09:00-12:00\"}' or '{\"%s\": \"off\"}'.", key, key)));
				}
				hours = pnstrdup(v.val.string.val, v.val.string.len);
				if (!la_calbuild_special(b, key, hours, &err))
				{
					snprintf(err.detail, sizeof(err.detail), "In special day \"%s\": \"%s\".", key, hours);
					BuildCheck(b, false, &err);
				}
			}
		}
	}
	if (!PG_ARGISNULL(2))
	{
		ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(2);
		Datum	   *elems;
		bool	   *nulls;
		int			n,
					i;

		deconstruct_array(arr, DATEOID, sizeof(DateADT), true, TYPALIGN_INT, &elems, &nulls, &n);
		for (i = 0; i < n; i++)
		{
			DateADT		d;
			int			y,
						m,
						dd;

			if (nulls[i])
				continue;		/* a NULL element closes nothing */
			d = DatumGetDateADT(elems[i]);
			if (DATE_NOT_FINITE(d))
			{
				la_calbuild_free(b);
				ereport(ERROR,
						(errcode(ERRCODE_DATETIME_FIELD_OVERFLOW),
						 errmsg("closed date %s is not finite",
								DatumGetCString(DirectFunctionCall1(date_out, elems[i]))),
						 errhint("List real dates, e.g. ARRAY['2026-12-25'::date].")));
			}
			la_civil_from_days(d, &y, &m, &dd);
			if (la_calbuild_has_date(b, y, m, dd) || la_calbuild_has_date(b, 0, m, dd))
			{
				bool		dated = la_calbuild_has_date(b, y, m, dd);

				la_calbuild_free(b);
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("date %04d-%02d-%02d is both closed and a special day", y, m, dd),
						 errdetail("The special days have \"%s\".",
								   dated ? psprintf("%04d-%02d-%02d", y, m, dd) : psprintf("%02d-%02d", m, dd)),
						 errhint("Remove it from one of the two.")));
			}
			BuildCheck(b, la_calbuild_date_off(b, y, m, dd, &err), &err);
		}
	}
	BuildCheck(b, la_calbuild_finish(b, &blob, &size, &err), &err);
	la_calbuild_free(b);
	PG_RETURN_BYTEA_P(BlobToVarlena(blob, size));
}

/* ---------- the per-backend cache of derived calendar state ---------- */

/*
 * A few calendars are kept, most recently used first.  A lookup compares the
 * length and the stored hash, then the bytes (a few hundred at most), so a
 * calendar used over many rows is compiled once.  The core's contexts live in
 * the core's long-lived memory context.
 */
#define CAL_CACHE_SIZE 16

static la_calctx *CalCache[CAL_CACHE_SIZE];
static int	NCalCache = 0;

la_calctx *
la_calendar_ctx(Datum d)
{
	bytea	   *v = (bytea *) PG_DETOAST_DATUM(d);
	const la_calhdr *hdr = (const la_calhdr *) VARDATA(v);
	size_t		size = CalSize(v);
	la_calctx  *ctx;
	la_error	err;
	int			i;

	if (size < sizeof(la_calhdr))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid business_calendar value")));
	for (i = 0; i < NCalCache; i++)
	{
		const la_calview *cv = la_calctx_view(CalCache[i]);

		if (cv->size == size && cv->hdr->hash == hdr->hash &&
			memcmp(cv->hdr, hdr, size) == 0)
		{
			ctx = CalCache[i];
			if (i > 0)
			{
				memmove(&CalCache[1], &CalCache[0], sizeof(la_calctx *) * i);
				CalCache[0] = ctx;
			}
			return ctx;
		}
	}
	ctx = la_calctx_new(hdr, size, &err);
	if (ctx == NULL)
		la_report(&err);
	if (NCalCache == CAL_CACHE_SIZE)
		la_calctx_free(CalCache[--NCalCache]);
	memmove(&CalCache[1], &CalCache[0], sizeof(la_calctx *) * NCalCache);
	CalCache[0] = ctx;
	NCalCache++;
	return ctx;
}
