/*
 * la_btime.c -- business-time arithmetic over a compiled calendar (pure C).
 *
 * The contract (rules S1-S7, repeated in the README's Semantics section) is
 * what the SQL functions promise.  How it is computed:
 *
 * Zone: the core sees time-zone rules only through la_tz->probe (offset at
 * an instant, next transition).  A small memo of offset segments makes the
 * common case (no transition nearby) one comparison.  A local wall-clock time
 * L becomes absolute time by S1: a span opens at the earliest instant whose
 * wall-clock reading is >= L, and closes at the supremum of the instants
 * whose reading is <= L; both are found by scanning the offset segments
 * within 26 hours of L, which handles gaps and overlaps alike.
 *
 * Index: business time is indexed in chunks of 32 local dates.  Chunk c
 * covers absolute time [A(c), A(c+1)), A(c) being the opening instant of the
 * local midnight of date 32c.  It holds the union of all spans (S2: spans of
 * the dates 32c-2 .. 32c+32, each converted by S1) clipped to its bounds, as
 * sorted, merged periods with prefix sums of their lengths, the chunk's total
 * and a bit per date saying whether that date owns a non-empty span (a
 * business day, S3).  With it, B(a, b) is two binary searches plus a sum of
 * chunk totals, business_add is a walk over chunk totals and one search, and
 * counting business days is a popcount per chunk: nothing walks minute by
 * minute (S7), and a year costs about as much as a day once the chunks are
 * built.  Chunks are built day by day on first use and cached with the
 * calendar; at most MAX_CACHED_CHUNKS are kept, after which a walk reuses a
 * scratch chunk so that a very long walk needs no memory.
 */
#include "la_core.h"

#include <stdio.h>
#include <string.h>

#define CHUNK_DAYS			32
#define MAXOFF_US			(26 * LA_USECS_PER_HOUR)
#define MAX_CACHED_CHUNKS	2048
#define MAX_EMPTY_CHUNKS	160		/* ~14 years without business time from weekly/yearly rules */
#define HASH_BUCKETS		256
#define MAX_DAY_SPANS		(LA_CAL_MAX_SPANS * 2)
#define CHUNK_CAP			((CHUNK_DAYS + 3) * LA_CAL_MAX_SPANS)
#define NMEMO				4

typedef struct Seg
{
	int64_t		lo;				/* the offset is known to hold on [lo, hi) */
	int64_t		hi;
	int64_t		off;			/* microseconds east of UTC */
} Seg;

typedef struct Chunk
{
	struct Chunk *next;			/* hash chain */
	int32_t		no;
	int			n;
	uint32_t	bizdays;
	int64_t		a;
	int64_t		b;
	int64_t		total;
	int64_t    *open;
	int64_t    *close;
	int64_t    *cum;
} Chunk;

struct la_calctx
{
	void	   *blob;
	la_calview	v;
	const void *zone;
	Seg			memo[NMEMO];
	int			memo_next;
	Chunk	   *buckets[HASH_BUCKETS];
	int			nchunks;
	Chunk	   *last;
	Chunk	   *scratch;
	bool		weekly_any;
	bool		yearly_any;
};

/* ---------- errors ---------- */

static void
FormatTs(int64_t t, char *buf, size_t len)
{
	int64_t		days = la_floordiv(t, LA_USECS_PER_DAY);
	int64_t		us = t - days * LA_USECS_PER_DAY;
	int			y,
				m,
				d;

	la_civil_from_days((int32_t) days, &y, &m, &d);
	snprintf(buf, len, "%04d-%02d-%02d %02d:%02d:%02d+00", y, m, d,
			 (int) (us / LA_USECS_PER_HOUR), (int) (us / LA_USECS_PER_MIN % 60),
			 (int) (us / LA_USECS_PER_SEC % 60));
}

static bool
FailNone(la_error *err, int64_t t, int dir)
{
	char		ts[48];

	FormatTs(t, ts, sizeof(ts));
	return la_fail(err, LA_ERR_PARAM,
				   "Add weekly hours to the calendar, or dated rules that reach further, e.g. 'Mo-Fr 09:00-17:00'.",
				   "calendar has no business time %s %s", dir > 0 ? "after" : "before", ts);
}

static bool
FailRange(la_error *err)
{
	return la_fail(err, LA_ERR_DATETIME, "Use a smaller window or an earlier start.",
				   "timestamp out of range");
}

/* ---------- zone ---------- */

/* The offset segment containing t. */
static const Seg *
SegAt(la_calctx *ctx, int64_t t)
{
	int			i;
	int32_t		off,
				next_off;
	int64_t		next,
				unix_t;
	Seg		   *s;

	for (i = 0; i < NMEMO; i++)
		if (ctx->memo[i].lo <= t && t < ctx->memo[i].hi)
			return &ctx->memo[i];
	unix_t = la_floordiv(t, LA_USECS_PER_SEC) + LA_UNIX_TO_PG_SECS;
	la_tz->probe(ctx->zone, unix_t, &off, &next, &next_off);
	s = &ctx->memo[ctx->memo_next];
	ctx->memo_next = (ctx->memo_next + 1) % NMEMO;
	s->lo = t;
	s->off = (int64_t) off * LA_USECS_PER_SEC;
	if (next == INT64_MAX || next - LA_UNIX_TO_PG_SECS > INT64_MAX / LA_USECS_PER_SEC - 1)
		s->hi = INT64_MAX;
	else
		s->hi = (next - LA_UNIX_TO_PG_SECS) * LA_USECS_PER_SEC;
	if (s->hi <= t)				/* a zone that misbehaves: never loop */
		s->hi = t + 1;
	return s;
}

/* Wall-clock reading at instant t. */
static int64_t
Wall(la_calctx *ctx, int64_t t)
{
	return t + SegAt(ctx, t)->off;
}

/* S1: the earliest instant whose wall-clock reading is >= L. */
static int64_t
LocalToOpen(la_calctx *ctx, int64_t L)
{
	int64_t		t = L - MAXOFF_US;

	for (;;)
	{
		const Seg  *s = SegAt(ctx, t);
		int64_t		cand = L - s->off;

		if (cand < t)
			cand = t;
		if (cand < s->hi)
			return cand;
		t = s->hi;
	}
}

/* S1: the last instant at which the wall clock reaches L (a supremum). */
static int64_t
LocalToClose(la_calctx *ctx, int64_t L)
{
	int64_t		t = L - MAXOFF_US;
	int64_t		best = t;

	for (;;)
	{
		const Seg  *s = SegAt(ctx, t);
		int64_t		lim = L - s->off;
		int64_t		hi = s->hi;

		if (lim >= t)
			best = lim < hi ? lim : hi;
		if (hi > L + MAXOFF_US)
			return best;
		t = hi;
	}
}

/* ---------- the calendar's days ---------- */

static const la_dayrule *
FindRule(const la_dayrule *r, int n, int32_t key)
{
	int			lo = 0,
				hi = n;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (r[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo < n && r[lo].key == key) ? &r[lo] : NULL;
}

/* The spans a date owns, by precedence: dated, yearly, weekly. */
static int
DaySpans(const la_calctx *ctx, int32_t date, const la_span **spans)
{
	const la_calhdr *h = ctx->v.hdr;
	const la_dayrule *r;
	int			wd;

	if (h->ndated && (r = FindRule(ctx->v.dated, h->ndated, date)) != NULL)
	{
		*spans = ctx->v.spans + r->first;
		return r->n;
	}
	if (h->nyearly)
	{
		int			y,
					m,
					d;

		la_civil_from_days(date, &y, &m, &d);
		if ((r = FindRule(ctx->v.yearly, h->nyearly, m * 100 + d)) != NULL)
		{
			*spans = ctx->v.spans + r->first;
			return r->n;
		}
	}
	wd = la_weekday(date);
	*spans = ctx->v.spans + h->week[wd];
	return h->week[wd + 1] - h->week[wd];
}

/* The non-empty spans of a date in absolute time, in order of opening. */
static int
DayAbsSpans(la_calctx *ctx, int32_t date, int64_t *open, int64_t *close)
{
	const la_span *s;
	int			n = DaySpans(ctx, date, &s);
	int64_t		mid = (int64_t) date * LA_USECS_PER_DAY;
	int			i,
				k = 0;

	for (i = 0; i < n; i++)
	{
		int64_t		o = LocalToOpen(ctx, mid + s[i].start * LA_USECS_PER_MIN);
		int64_t		c = LocalToClose(ctx, mid + s[i].end * LA_USECS_PER_MIN);

		if (c > o)
		{
			open[k] = o;
			close[k] = c;
			k++;
		}
	}
	return k;
}

/* ---------- chunks ---------- */

static Chunk *
ChunkAlloc(int cap)
{
	Chunk	   *ch = la_malloc(sizeof(Chunk) + sizeof(int64_t) * 3 * (cap > 0 ? cap : 1));

	ch->open = (int64_t *) (ch + 1);
	ch->close = ch->open + (cap > 0 ? cap : 1);
	ch->cum = ch->close + (cap > 0 ? cap : 1);
	return ch;
}

/* Build chunk no into ch (which has room for CHUNK_CAP periods). */
static void
BuildInto(la_calctx *ctx, int32_t no, Chunk *ch)
{
	int32_t		d0 = no * CHUNK_DAYS;
	int32_t		d;
	int64_t		o[MAX_DAY_SPANS],
				c[MAX_DAY_SPANS];
	int			n = 0;

	/*
	 * Near the end of the timestamp range, local midnights more than about 8
	 * days past it overflow int64: the last chunk ends 3 days past the
	 * range, and dates past the range own no spans.
	 */
	int64_t		last = (int64_t) LA_DATE_END + 3;
	int64_t		da = d0 < last ? d0 : last;
	int64_t		db = d0 + CHUNK_DAYS < last ? d0 + CHUNK_DAYS : last;

	if (la_tz->interrupts)
		la_tz->interrupts();

	ch->no = no;
	ch->bizdays = 0;
	ch->a = LocalToOpen(ctx, da * LA_USECS_PER_DAY);
	ch->b = LocalToOpen(ctx, db * LA_USECS_PER_DAY);
	for (d = d0 - 2; d <= d0 + CHUNK_DAYS; d++)
	{
		int			k = d < LA_DATE_END ? DayAbsSpans(ctx, d, o, c) : 0,
					i;

		if (k > 0 && d >= d0 && d < d0 + CHUNK_DAYS)
			ch->bizdays |= (uint32_t) 1 << (d - d0);
		for (i = 0; i < k; i++)
		{
			int64_t		lo = o[i] > ch->a ? o[i] : ch->a;
			int64_t		hi = c[i] < ch->b ? c[i] : ch->b;

			if (hi <= lo)
				continue;
			if (n > 0 && lo <= ch->close[n - 1])
			{
				if (hi > ch->close[n - 1])
					ch->close[n - 1] = hi;
				continue;
			}
			ch->open[n] = lo;
			ch->close[n] = hi;
			n++;
		}
	}
	ch->n = n;
	ch->total = 0;
	for (d = 0; d < n; d++)
	{
		ch->cum[d] = ch->total;
		ch->total += ch->close[d] - ch->open[d];
	}
}

static void
FlushChunks(la_calctx *ctx)
{
	int			i;

	for (i = 0; i < HASH_BUCKETS; i++)
	{
		Chunk	   *ch = ctx->buckets[i];

		while (ch)
		{
			Chunk	   *next = ch->next;

			la_mfree(ch);
			ch = next;
		}
		ctx->buckets[i] = NULL;
	}
	ctx->nchunks = 0;
	ctx->last = NULL;
}

/*
 * Chunk number no, from the cache or built.  The result is valid only until
 * the next GetChunk call (it may be the scratch chunk).
 */
static Chunk *
GetChunk(la_calctx *ctx, int32_t no)
{
	unsigned	h = (unsigned) no % HASH_BUCKETS;
	Chunk	   *ch;

	if (ctx->last && ctx->last->no == no)
		return ctx->last;
	for (ch = ctx->buckets[h]; ch; ch = ch->next)
		if (ch->no == no)
			return ctx->last = ch;
	if (ctx->nchunks >= MAX_CACHED_CHUNKS)
	{
		BuildInto(ctx, no, ctx->scratch);
		ctx->last = NULL;
		return ctx->scratch;
	}
	BuildInto(ctx, no, ctx->scratch);
	ch = ChunkAlloc(ctx->scratch->n);
	ch->no = no;
	ch->n = ctx->scratch->n;
	ch->bizdays = ctx->scratch->bizdays;
	ch->a = ctx->scratch->a;
	ch->b = ctx->scratch->b;
	ch->total = ctx->scratch->total;
	memcpy(ch->open, ctx->scratch->open, sizeof(int64_t) * ch->n);
	memcpy(ch->close, ctx->scratch->close, sizeof(int64_t) * ch->n);
	memcpy(ch->cum, ctx->scratch->cum, sizeof(int64_t) * ch->n);
	ch->next = ctx->buckets[h];
	ctx->buckets[h] = ch;
	ctx->nchunks++;
	return ctx->last = ch;
}

/* Is chunk no inside the timestamp range? */
static bool
ChunkInRange(int32_t no)
{
	int64_t		d0 = (int64_t) no * CHUNK_DAYS;

	return d0 + CHUNK_DAYS > LA_DATE_MIN - 2 && d0 < LA_DATE_END + 2;
}

/*
 * The next dated rule with hours that can put business time into chunk
 * 'from' or beyond, in direction dir; returns the chunk to visit.
 */
static bool
NextDatedChunk(const la_calctx *ctx, int32_t from, int dir, int32_t *chunk)
{
	const la_dayrule *r = ctx->v.dated;
	int			n = ctx->v.hdr->ndated;
	int			lo = 0,
				hi = n;
	int64_t		bound = dir > 0 ? (int64_t) from * CHUNK_DAYS - 2 : (int64_t) from * CHUNK_DAYS + CHUNK_DAYS;
	int			i;

	/* first rule with key >= bound */
	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (r[mid].key < bound)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (dir > 0)
	{
		for (i = lo; i < n; i++)
			if (r[i].n > 0)
			{
				int64_t		c = la_floordiv(r[i].key, CHUNK_DAYS);

				*chunk = (int32_t) (c > from ? c : from);
				return true;
			}
	}
	else
	{
		if (lo < n && r[lo].key == bound)
			lo++;
		for (i = lo - 1; i >= 0; i--)
			if (r[i].n > 0)
			{
				/* an overnight span reaches the chunk of the next date */
				int64_t		c = la_floordiv((int64_t) r[i].key + 1, CHUNK_DAYS);

				*chunk = (int32_t) (c < from ? c : from);
				return true;
			}
	}
	return false;
}

/*
 * Step to the next chunk worth visiting in direction dir.  Weekly and yearly
 * rules recur, so the walk goes chunk by chunk while they can still give
 * business time; when there are none (or they have given none for about 14
 * years, which only spans lost in DST gaps can cause), it jumps to the next
 * dated rule with hours, and fails when there is none.
 */
static bool
StepChunk(la_calctx *ctx, int32_t *no, int dir, int *empties, int64_t t, la_error *err)
{
	int32_t		next = *no + dir;

	if ((!ctx->weekly_any && !ctx->yearly_any) || *empties > MAX_EMPTY_CHUNKS)
	{
		if (!NextDatedChunk(ctx, next, dir, &next))
			return FailNone(err, t, dir);
	}
	if (!ChunkInRange(next))
		return FailRange(err);
	*no = next;
	return true;
}

/* The furthest business time seen so far, for the message when it runs out. */
static int64_t
Reached(const Chunk *ch, int dir, int64_t reached)
{
	if (ch->n == 0)
		return reached;
	if (dir > 0)
		return ch->close[ch->n - 1] > reached ? ch->close[ch->n - 1] : reached;
	return ch->open[0] < reached ? ch->open[0] : reached;
}

/* The chunk whose absolute range holds t. */
static Chunk *
ChunkOf(la_calctx *ctx, int64_t t)
{
	int64_t		date = la_floordiv(Wall(ctx, t), LA_USECS_PER_DAY);
	int32_t		no = (int32_t) la_floordiv(date, CHUNK_DAYS);
	Chunk	   *ch = GetChunk(ctx, no);

	while (t < ch->a)
		ch = GetChunk(ctx, --no);
	while (t >= ch->b)
		ch = GetChunk(ctx, ++no);
	return ch;
}

/* Index of the last period opening at or before t, or -1. */
static int
LastOpenAtOrBefore(const Chunk *ch, int64_t t)
{
	int			lo = 0,
				hi = ch->n;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (ch->open[mid] <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1;
}

/* Business time in [ch->a, t), for t in [ch->a, ch->b]. */
static int64_t
CumAt(const Chunk *ch, int64_t t)
{
	int			i = LastOpenAtOrBefore(ch, t);

	if (i < 0)
		return 0;
	return ch->cum[i] + ((t < ch->close[i] ? t : ch->close[i]) - ch->open[i]);
}

/* ---------- context ---------- */

la_calctx *
la_calctx_new(const void *blob, size_t size, la_error *err)
{
	la_calctx  *ctx;
	la_calview	v;
	char		canon[64];
	const void *zone;
	int			i;

	if (!la_cal_view(blob, size, &v, err))
		return NULL;
	zone = la_tz->lookup(v.zone, canon, sizeof(canon));
	if (zone == NULL)
	{
		la_fail(err, LA_ERR_PARAM, "The server's time-zone data no longer has this zone.",
				"unknown time zone \"%s\" in business calendar", v.zone);
		return NULL;
	}
	ctx = la_malloc(sizeof(la_calctx));
	memset(ctx, 0, sizeof(la_calctx));
	ctx->blob = la_malloc(size);
	memcpy(ctx->blob, blob, size);
	la_cal_view(ctx->blob, size, &ctx->v, NULL);
	ctx->zone = zone;
	for (i = 0; i < NMEMO; i++)
		ctx->memo[i].lo = ctx->memo[i].hi = 0;
	ctx->scratch = ChunkAlloc(CHUNK_CAP);
	ctx->weekly_any = v.hdr->week[7] > 0;
	for (i = 0; i < v.hdr->nyearly; i++)
		if (v.yearly[i].n > 0)
			ctx->yearly_any = true;
	return ctx;
}

void
la_calctx_free(la_calctx *ctx)
{
	if (ctx == NULL)
		return;
	FlushChunks(ctx);
	la_mfree(ctx->scratch);
	la_mfree(ctx->blob);
	la_mfree(ctx);
}

const la_calview *
la_calctx_view(const la_calctx *ctx)
{
	return &ctx->v;
}

/* Keep the cache bounded between calls. */
static void
Enter(la_calctx *ctx)
{
	if (ctx->nchunks >= MAX_CACHED_CHUNKS)
		FlushChunks(ctx);
}

static bool
IsInfinite(int64_t t)
{
	return t == LA_TS_NOBEGIN || t == LA_TS_NOEND;
}

static bool
CheckResult(int64_t t, int64_t *result, la_error *err)
{
	if (t < LA_TS_MIN || t >= LA_TS_END)
		return FailRange(err);
	*result = t;
	return true;
}

/* ---------- business_elapsed ---------- */

bool
la_business_elapsed(la_calctx *ctx, int64_t a, int64_t b, int64_t *result, la_error *err)
{
	Chunk	   *ch;
	int64_t		sum;
	int32_t		no;
	bool		neg = false;

	if (IsInfinite(a) || IsInfinite(b))
		return la_fail(err, LA_ERR_DATETIME, "Use finite timestamps.",
					   "business time cannot be measured to an infinite timestamp");
	Enter(ctx);
	if (b < a)
	{
		int64_t		x = a;

		a = b;
		b = x;
		neg = true;
	}
	ch = ChunkOf(ctx, a);
	if (b < ch->b)
		sum = CumAt(ch, b) - CumAt(ch, a);
	else
	{
		sum = ch->total - CumAt(ch, a);
		no = ch->no;
		for (;;)
		{
			int64_t		part;

			ch = GetChunk(ctx, ++no);
			part = b < ch->b ? CumAt(ch, b) : ch->total;
			/* more than 2^63 microseconds (292,000 years) of business time */
			if (__builtin_add_overflow(sum, part, &sum))
				return la_fail(err, LA_ERR_DATETIME, "Measure a shorter range.",
							   "business time between the two timestamps is out of range");
			if (b < ch->b)
				break;
		}
	}
	*result = neg ? -sum : sum;
	return true;
}

/* ---------- business_add ---------- */

static bool
AddDuration(la_calctx *ctx, int64_t t, int64_t w, int64_t *result, la_error *err)
{
	Chunk	   *ch = ChunkOf(ctx, t);
	int64_t		target = CumAt(ch, t) + w;
	int32_t		no = ch->no;
	int			empties = 0;
	int64_t		reached = t;
	int			i;

	if (w > 0)
	{
		while (target > ch->total)
		{
			target -= ch->total;
			empties = ch->total ? 0 : empties + 1;
			reached = Reached(ch, 1, reached);
			if (!StepChunk(ctx, &no, 1, &empties, reached, err))
				return false;
			ch = GetChunk(ctx, no);
		}
		/* first period whose end reaches the target: the earliest instant */
		for (i = 0; i < ch->n; i++)
			if (ch->cum[i] + (ch->close[i] - ch->open[i]) >= target)
				break;
	}
	else
	{
		while (target < 0)
		{
			empties = ch->total ? 0 : empties + 1;
			reached = Reached(ch, -1, reached);
			if (!StepChunk(ctx, &no, -1, &empties, reached, err))
				return false;
			ch = GetChunk(ctx, no);
			target += ch->total;
		}
		/* last period starting at or before the target: the latest instant */
		for (i = ch->n - 1; i > 0; i--)
			if (ch->cum[i] <= target)
				break;
	}
	return CheckResult(ch->open[i] + (target - ch->cum[i]), result, err);
}

/* The n-th business day after (n > 0) or before (n < 0) date d. */
static bool
NthBusinessDay(la_calctx *ctx, int32_t d, int64_t n, int64_t t, int32_t *result, la_error *err)
{
	int			dir = n > 0 ? 1 : -1;
	int64_t		rem = n > 0 ? n : -n;
	int64_t		start = (int64_t) d + dir;
	int32_t		no = (int32_t) la_floordiv(start, CHUNK_DAYS);
	int			pos = (int) (start - (int64_t) no * CHUNK_DAYS);
	int			empties = 0;

	if (!ChunkInRange(no))
		return FailRange(err);
	for (;;)
	{
		Chunk	   *ch = GetChunk(ctx, no);
		uint32_t	bits;
		int			pc;

		if (dir > 0)
			bits = ch->bizdays & ~(((uint32_t) 1 << pos) - 1);
		else
			bits = pos == 31 ? ch->bizdays : ch->bizdays & (((uint32_t) 1 << (pos + 1)) - 1);
		pc = __builtin_popcount(bits);
		if (pc >= rem)
		{
			int			p;

			if (dir > 0)
			{
				for (p = 0; p < 32; p++)
					if ((bits >> p) & 1 && --rem == 0)
						break;
			}
			else
			{
				for (p = 31; p >= 0; p--)
					if ((bits >> p) & 1 && --rem == 0)
						break;
			}
			*result = no * CHUNK_DAYS + p;
			return true;
		}
		rem -= pc;
		empties = ch->bizdays ? 0 : empties + 1;
		t = Reached(ch, dir, t);
		if (!StepChunk(ctx, &no, dir, &empties, t, err))
			return false;
		pos = dir > 0 ? 0 : CHUNK_DAYS - 1;
	}
}

/* Index of the last period opening strictly before t, or -1. */
static int
LastOpenBefore(const Chunk *ch, int64_t t)
{
	int			lo = 0,
				hi = ch->n;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (ch->open[mid] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1;
}

/* t when it is business time (in some [open, close)), else the next opening. */
static bool
NextOpening(la_calctx *ctx, int64_t t, int64_t *result, la_error *err)
{
	Chunk	   *ch = ChunkOf(ctx, t);
	int32_t		no = ch->no;
	int			i = LastOpenAtOrBefore(ch, t),
				empties = 0;

	if (i >= 0 && t < ch->close[i])
	{
		*result = t;
		return true;
	}
	if (i + 1 < ch->n)
		return CheckResult(ch->open[i + 1], result, err);
	for (;;)
	{
		empties = ch->n ? 0 : empties + 1;
		if (!StepChunk(ctx, &no, 1, &empties, t, err))
			return false;
		ch = GetChunk(ctx, no);
		if (ch->n > 0)
			return CheckResult(ch->open[0], result, err);
	}
}

/*
 * t when it lies in some (open, close], else the previous closing.  A period
 * cut at a chunk's end continues at the next chunk's start, so a closing
 * found in an earlier chunk is a real one unless it is t itself.
 */
static bool
PrevClosing(la_calctx *ctx, int64_t t, int64_t *result, la_error *err)
{
	Chunk	   *ch = ChunkOf(ctx, t);
	int32_t		no = ch->no;
	int			i = LastOpenBefore(ch, t),
				empties = 0;

	if (i >= 0)
		return CheckResult(ch->close[i] < t ? ch->close[i] : t, result, err);
	for (;;)
	{
		empties = ch->n ? 0 : empties + 1;
		if (!StepChunk(ctx, &no, -1, &empties, t, err))
			return false;
		ch = GetChunk(ctx, no);
		if (ch->n > 0)
			return CheckResult(ch->close[ch->n - 1] < t ? ch->close[ch->n - 1] : t,
							   result, err);
	}
}

/*
 * S3: N business days from t.  The clock starts when the team is at work:
 * for N > 0 a t outside every [open, close) first moves to the next opening,
 * for N < 0 a t outside every (open, close] back to the previous closing.
 * The anchor is the (earliest) owner date of a span holding the moved t, in
 * the same sense; the offset is its wall-clock time from the anchor's
 * midnight; the result is the |N|-th business day from the anchor at that
 * offset, clamped into that day's own spans.
 */
static bool
AddDays(la_calctx *ctx, int64_t t, int64_t n, int64_t *result, la_error *err)
{
	int64_t		o[MAX_DAY_SPANS],
				c[MAX_DAY_SPANS];
	int64_t		wall,
				dl,
				anchor,
				offset,
				cand,
				next_open = INT64_MAX,
				last_close = INT64_MIN;
	int32_t		target = 0;
	int64_t		d;
	int			k,
				i;

	if (n > (int64_t) LA_DATE_END - LA_DATE_MIN || -n > (int64_t) LA_DATE_END - LA_DATE_MIN)
		return FailRange(err);
	if (!(n > 0 ? NextOpening(ctx, t, &t, err) : PrevClosing(ctx, t, &t, err)))
		return false;
	wall = Wall(ctx, t);
	dl = la_floordiv(wall, LA_USECS_PER_DAY);
	anchor = dl;

	/*
	 * A date's merged spans reach less than two days past its midnight, and a
	 * fall-back can put an instant of a later date's span before that date's
	 * wall-clock midnight: dl - 3 .. dl + 1 holds every owner.
	 */
	for (d = dl - 3; d <= dl + 1 && d < LA_DATE_END; d++)
	{
		k = DayAbsSpans(ctx, (int32_t) d, o, c);
		for (i = 0; i < k; i++)
			if (n > 0 ? (o[i] <= t && t < c[i]) : (o[i] < t && t <= c[i]))
				break;
		if (i < k)
		{
			anchor = d;
			break;
		}
	}
	offset = wall - anchor * LA_USECS_PER_DAY;
	if (!NthBusinessDay(ctx, (int32_t) anchor, n, t, &target, err))
		return false;
	cand = LocalToOpen(ctx, (int64_t) target * LA_USECS_PER_DAY + offset);
	/* clamp into the target date's own spans */
	k = DayAbsSpans(ctx, target, o, c);
	for (i = 0; i < k; i++)
	{
		if (o[i] <= cand && cand < c[i])
			return CheckResult(cand, result, err);
		if (o[i] > cand && o[i] < next_open)
			next_open = o[i];
		if (c[i] > last_close)
			last_close = c[i];
	}
	return CheckResult(next_open != INT64_MAX ? next_open : last_close, result, err);
}

bool
la_business_add(la_calctx *ctx, int64_t t, const la_window *w, int64_t *result, la_error *err)
{
	if (IsInfinite(t))
	{
		*result = t;
		return true;
	}
	if (w->kind == LA_W_ELAPSED)
	{
		int64_t		r;

		if (__builtin_add_overflow(t, w->value, &r))
			return FailRange(err);
		return CheckResult(r, result, err);
	}
	if (w->value == 0)
	{
		*result = t;
		return true;
	}
	if (ctx == NULL)
		return la_fail(err, LA_ERR_PARAM, NULL, "business windows need a calendar");
	Enter(ctx);
	if (w->kind == LA_W_BUSINESS)
	{
		/* business time never exceeds elapsed time */
		if ((w->value > 0 && t >= LA_TS_END - w->value) ||
			(w->value < 0 && t < LA_TS_MIN - w->value))
			return FailRange(err);
		return AddDuration(ctx, t, w->value, result, err);
	}
	return AddDays(ctx, t, w->value, result, err);
}

/* ---------- points in time ---------- */

bool
la_is_business_time(la_calctx *ctx, int64_t t, bool *result, la_error *err)
{
	Chunk	   *ch;
	int			i;

	(void) err;
	if (IsInfinite(t))
	{
		*result = false;
		return true;
	}
	Enter(ctx);
	ch = ChunkOf(ctx, t);
	i = LastOpenAtOrBefore(ch, t);
	*result = (i >= 0 && t < ch->close[i]);
	return true;
}

bool
la_next_business_time(la_calctx *ctx, int64_t t, int64_t *result, la_error *err)
{
	if (IsInfinite(t))
	{
		*result = t;
		return true;
	}
	Enter(ctx);
	return NextOpening(ctx, t, result, err);
}

/* ---------- business_periods ---------- */

bool
la_periods_begin(la_periter *it, la_calctx *ctx, int64_t from, int64_t to, la_error *err)
{
	if (IsInfinite(from) || IsInfinite(to))
		return la_fail(err, LA_ERR_DATETIME, "Use finite timestamps.",
					   "business_periods is not defined for infinite timestamps");
	Enter(ctx);
	it->ctx = ctx;
	it->from = from;
	it->to = to;
	it->pos = from;
	it->done = (from >= to);
	return true;
}

bool
la_periods_next(la_periter *it, int64_t *open, int64_t *close, la_error *err)
{
	la_calctx  *ctx = it->ctx;
	Chunk	   *ch;
	int32_t		no;
	int			i;
	int64_t		start,
				end;

	if (err)
		err->code = LA_OK;
	if (it->done || it->pos >= it->to)
	{
		it->done = true;
		return false;
	}
	ch = ChunkOf(ctx, it->pos);
	no = ch->no;
	i = LastOpenAtOrBefore(ch, it->pos);
	if (i >= 0 && it->pos < ch->close[i])
		start = it->pos;
	else
	{
		/* find the next opening before 'to' */
		i++;
		while (i >= ch->n)
		{
			if (ch->b >= it->to || !ChunkInRange(no + 1))
			{
				it->done = true;
				return false;
			}
			ch = GetChunk(ctx, ++no);
			i = 0;
		}
		start = ch->open[i];
		if (start >= it->to)
		{
			it->done = true;
			return false;
		}
	}
	end = ch->close[i];
	/* a period cut at a chunk boundary continues in the next chunk */
	while (end == ch->b && end < it->to && i == ch->n - 1 && ChunkInRange(no + 1))
	{
		ch = GetChunk(ctx, ++no);
		if (ch->n == 0 || ch->open[0] != end)
			break;
		i = 0;
		end = ch->close[0];
	}
	if (end > it->to)
		end = it->to;
	*open = start;
	*close = end;
	it->pos = end;
	return true;
}
