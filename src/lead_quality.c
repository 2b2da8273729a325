/*
 * lead_quality.c -- lead_align._quality(), the aggregate behind the view
 * lead_align.lead_quality (DESIGN 5.2, src/sql/80_shared_numbers.sql).
 *
 * lead_quality counts a cohort month's lead-cycles under each key and value
 * of their dimensions.  In SQL that is a join of every cycle with
 * jsonb_each_text() (a tuplestore per cycle) and an aggregate over three
 * rows per cycle, grouped by text keys the planner cannot estimate: at a
 * million leads it sorted 675,000 rows on disk for one month.  This
 * aggregate takes the cycles of one track and month as they come, walks
 * each cycle's dimensions once and counts into a hash table of (key, value)
 * pairs, and gives one _quality_row per pair: the view groups by track and
 * month only and unnests the result.
 *
 * The counts are those of the view (80_shared_numbers.sql): leads counts
 * every cycle; mqls, accepted, rejected, recycled and won count cycles that
 * entered mql (the caller passes the outcomes as booleans, NULL as false);
 * top_reject_reasons are the three most frequent reasons of the rejected
 * ones (NULL reasons left out), most frequent first, ties by code in byte
 * order, {} when none.  A pair's value is the text jsonb_each_text() gives:
 * a string's contents, NULL for a JSON null, the JSON text of anything
 * else.  Values compare as bytes, as text does under a deterministic
 * collation.
 */
#include "la_pg.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "common/hashfn.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"

/* A reject reason and how often it was given under a pair. */
typedef struct QReason
{
	char	   *code;
	int64		n;
} QReason;

/* One (key, value) pair of dimensions and its counts. */
typedef struct QPair
{
	uint32		hash;
	char	   *key;
	char	   *value;			/* NULL: a JSON null */
	int			keylen;
	int			valuelen;
	int64		leads,
				mqls,
				accepted,
				rejected,
				recycled,
				won;
	QReason    *reasons;
	int			nreasons,
				maxreasons;
	struct QPair *next;			/* the bucket's chain */
} QPair;

typedef struct QState
{
	MemoryContext cxt;
	QPair	  **buckets;
	int			nbuckets;		/* a power of 2 */
	int			npairs;
} QState;

#define Q_OUT_NCOLS 9

static uint32
PairHash(const char *key, int keylen, const char *value, int valuelen)
{
	uint32		h = hash_bytes((const unsigned char *) key, keylen);

	if (value == NULL)
		return hash_combine(h, 0x9e3779b9);
	return hash_combine(h, hash_bytes((const unsigned char *) value, valuelen));
}

static void
Grow(QState *s)
{
	int			n = s->nbuckets * 2;
	QPair	  **b = MemoryContextAllocZero(s->cxt, sizeof(QPair *) * n);
	int			i;

	for (i = 0; i < s->nbuckets; i++)
	{
		QPair	   *p = s->buckets[i];

		while (p != NULL)
		{
			QPair	   *next = p->next;

			p->next = b[p->hash & (n - 1)];
			b[p->hash & (n - 1)] = p;
			p = next;
		}
	}
	pfree(s->buckets);
	s->buckets = b;
	s->nbuckets = n;
}

/* The pair's entry, made when new. */
static QPair *
Pair(QState *s, const char *key, int keylen, const char *value, int valuelen)
{
	uint32		h = PairHash(key, keylen, value, valuelen);
	QPair	   *p;

	for (p = s->buckets[h & (s->nbuckets - 1)]; p != NULL; p = p->next)
		if (p->hash == h && p->keylen == keylen && memcmp(p->key, key, keylen) == 0 &&
			(p->value == NULL) == (value == NULL) &&
			(value == NULL || (p->valuelen == valuelen && memcmp(p->value, value, valuelen) == 0)))
			return p;
	p = MemoryContextAllocZero(s->cxt, sizeof(QPair));
	p->hash = h;
	p->key = MemoryContextAlloc(s->cxt, keylen + 1);
	memcpy(p->key, key, keylen);
	p->key[keylen] = '\0';
	p->keylen = keylen;
	if (value != NULL)
	{
		p->value = MemoryContextAlloc(s->cxt, valuelen + 1);
		memcpy(p->value, value, valuelen);
		p->value[valuelen] = '\0';
		p->valuelen = valuelen;
	}
	p->next = s->buckets[h & (s->nbuckets - 1)];
	s->buckets[h & (s->nbuckets - 1)] = p;
	if (++s->npairs > s->nbuckets)
		Grow(s);
	return p;
}

static void
CountReason(QState *s, QPair *p, const char *code, int len)
{
	int			i;

	for (i = 0; i < p->nreasons; i++)
		if (strlen(p->reasons[i].code) == (size_t) len && memcmp(p->reasons[i].code, code, len) == 0)
		{
			p->reasons[i].n++;
			return;
		}
	if (p->nreasons == p->maxreasons)
	{
		p->maxreasons = p->maxreasons ? p->maxreasons * 2 : 4;
		p->reasons = p->reasons
			? repalloc(p->reasons, sizeof(QReason) * p->maxreasons)
			: MemoryContextAlloc(s->cxt, sizeof(QReason) * p->maxreasons);
	}
	p->reasons[p->nreasons].code = MemoryContextAlloc(s->cxt, len + 1);
	memcpy(p->reasons[p->nreasons].code, code, len);
	p->reasons[p->nreasons].code[len] = '\0';
	p->reasons[p->nreasons].n = 1;
	p->nreasons++;
}

static bool
ArgTrue(FunctionCallInfo fcinfo, int i)
{
	return !PG_ARGISNULL(i) && PG_GETARG_BOOL(i);
}

PG_FUNCTION_INFO_V1(la_quality_trans);
/*
 * _quality(dimensions jsonb, entered_mql, accepted, rejected, recycled, won
 * boolean, reject_reason text): one lead-cycle.
 */
Datum
la_quality_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	QState	   *s;
	Jsonb	   *jb;
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken r;
	bool		mql = ArgTrue(fcinfo, 2);
	bool		rejected = mql && ArgTrue(fcinfo, 4);
	text	   *reason = (rejected && !PG_ARGISNULL(7)) ? PG_GETARG_TEXT_PP(7) : NULL;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "lead_align._quality called in non-aggregate context");
	if (PG_ARGISNULL(0))
	{
		s = MemoryContextAllocZero(aggcontext, sizeof(QState));
		s->cxt = aggcontext;
		s->nbuckets = 64;
		s->buckets = MemoryContextAllocZero(aggcontext, sizeof(QPair *) * s->nbuckets);
	}
	else
		s = (QState *) PG_GETARG_POINTER(0);
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(s);	/* no dimensions: no pair (as jsonb_each_text(NULL)) */
	jb = PG_GETARG_JSONB_P(1);
	if (!JB_ROOT_IS_OBJECT(jb))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the dimensions of a lead-cycle must be a JSON object, not %s",
						JB_ROOT_IS_SCALAR(jb) ? "a scalar" : "an array"),
				 errhint("lead_align.lead_cycles.dimensions holds the track's dimension columns by name.")));
	it = JsonbIteratorInit(&jb->root);
	while ((r = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		char	   *key;
		int			keylen;
		const char *val = NULL;
		int			vallen = 0;
		QPair	   *p;

		if (r != WJB_KEY)
			continue;
		key = v.val.string.val;
		keylen = v.val.string.len;
		r = JsonbIteratorNext(&it, &v, true);
		Assert(r == WJB_VALUE);
		if (v.type == jbvString)
		{
			val = v.val.string.val;
			vallen = v.val.string.len;
		}
		else if (v.type != jbvNull)
		{
			/* anything else as its JSON text, as jsonb_each_text() gives it */
			StringInfoData buf;
			Jsonb	   *sub = JsonbValueToJsonb(&v);

			initStringInfo(&buf);
			(void) JsonbToCString(&buf, &sub->root, 0);
			val = buf.data;
			vallen = buf.len;
		}
		p = Pair(s, key, keylen, val, vallen);
		p->leads++;
		if (mql)
		{
			p->mqls++;
			if (ArgTrue(fcinfo, 3))
				p->accepted++;
			if (rejected)
			{
				p->rejected++;
				if (reason != NULL)
					CountReason(s, p, VARDATA_ANY(reason), VARSIZE_ANY_EXHDR(reason));
			}
			if (ArgTrue(fcinfo, 5))
				p->recycled++;
			if (ArgTrue(fcinfo, 6))
				p->won++;
		}
	}
	PG_RETURN_POINTER(s);
}

/* Most frequent first, ties by code in byte order. */
static int
ReasonCmp(const void *a, const void *b)
{
	const QReason *x = (const QReason *) a;
	const QReason *y = (const QReason *) b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->code, y->code);
}

PG_FUNCTION_INFO_V1(la_quality_final);
/* The pairs, one lead_align._quality_row each, in no particular order. */
Datum
la_quality_final(PG_FUNCTION_ARGS)
{
	QState	   *s;
	Oid			arraytype = get_func_rettype(fcinfo->flinfo->fn_oid);
	Oid			rowtype = get_element_type(arraytype);
	TupleDesc	desc;
	Datum	   *rows;
	int			n = 0,
				i;
	int16		typlen;
	bool		typbyval;
	char		typalign;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "lead_align._quality called in non-aggregate context");
	if (!OidIsValid(rowtype))
		elog(ERROR, "lead_align._quality must return an array of lead_align._quality_row");
	desc = lookup_rowtype_tupdesc_copy(rowtype, -1);
	if (desc->natts != Q_OUT_NCOLS)
		elog(ERROR, "lead_align._quality_row has %d columns, not %d", desc->natts, Q_OUT_NCOLS);
	s = PG_ARGISNULL(0) ? NULL : (QState *) PG_GETARG_POINTER(0);
	rows = palloc(sizeof(Datum) * Max(s ? s->npairs : 0, 1));
	for (i = 0; s != NULL && i < s->nbuckets; i++)
	{
		QPair	   *p;

		for (p = s->buckets[i]; p != NULL; p = p->next)
		{
			Datum		v[Q_OUT_NCOLS];
			bool		nl[Q_OUT_NCOLS] = {0};
			Datum		codes[3];
			int			k,
						ntop = Min(p->nreasons, 3);

			/*
			 * Sorting a pair's reasons in place changes no count and is
			 * idempotent, so two equal calls of the aggregate may share the
			 * state (FINALFUNC_MODIFY = SHAREABLE).
			 */
			if (p->nreasons > 1)
				qsort(p->reasons, p->nreasons, sizeof(QReason), ReasonCmp);
			for (k = 0; k < ntop; k++)
				codes[k] = CStringGetTextDatum(p->reasons[k].code);
			v[0] = PointerGetDatum(cstring_to_text_with_len(p->key, p->keylen));
			if (p->value != NULL)
				v[1] = PointerGetDatum(cstring_to_text_with_len(p->value, p->valuelen));
			else
				nl[1] = true;
			v[2] = Int64GetDatum(p->leads);
			v[3] = Int64GetDatum(p->mqls);
			v[4] = Int64GetDatum(p->accepted);
			v[5] = Int64GetDatum(p->rejected);
			v[6] = Int64GetDatum(p->recycled);
			v[7] = Int64GetDatum(p->won);
			v[8] = PointerGetDatum(construct_array(codes, ntop, TEXTOID, -1, false, TYPALIGN_INT));
			rows[n++] = HeapTupleGetDatum(heap_form_tuple(desc, v, nl));
		}
	}
	get_typlenbyvalalign(rowtype, &typlen, &typbyval, &typalign);
	PG_RETURN_ARRAYTYPE_P(construct_array(rows, n, rowtype, typlen, typbyval, typalign));
}
