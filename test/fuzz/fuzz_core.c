/*
 * fuzz_core.c -- libFuzzer harness of the lead_align pure C core.
 *
 * Input layout: byte 0 selects the mode, the text runs from byte 1 to the
 * first NUL byte (or the end), and the bytes after that NUL (if any) are
 * parameters for the checks (when there are none, parameters come from a hash
 * of the text, so plain-text corpus files work).
 *
 *   'W', 'C' (or any byte not below)  text mode: the text is fed to both the
 *            sla_window and the business_calendar parser.  Every accepted value
 *            must satisfy in(out(x)) = x; every accepted calendar is put through
 *            the business-time invariants (CheckArithmetic); and to the stage
 *            and temperature parsers and the agreement's policy (CheckVocabulary).
 *   'B'      blob mode: the text is parsed as a calendar, its compiled blob is
 *            damaged (XOR at offsets taken from the parameters, hash fixed up),
 *            and la_cal_view/la_cal_format/la_calctx_new must not crash on it.
 *   'P'      packed mode: 8 parameter bytes are unpacked as a stored sla_window
 *            datum; la_window_check must refuse it or it must round-trip.
 *
 * Invariants for an accepted calendar, with t within 1990..2040 and windows up
 * to 200 business hours or 12 business days (the contract's limits):
 *   - business durations w >= 0: business_elapsed(t, business_add(t, w)) == w,
 *     business_add(t, w) >= t, it is the earliest such instant, and it is
 *     monotone in w; w < 0: the latest T <= t with business_elapsed(T, t) == -w;
 *   - business_elapsed is additive and antisymmetric;
 *   - business_periods over [t, t + 10 days) are ascending, non-empty, maximal
 *     (never touching), open exactly where is_business_time says so, and their
 *     lengths sum to business_elapsed; next_business_time agrees with them;
 *   - business days N != 0: the result is business time or a closing instant
 *     (is_business_time(r) or is_business_time(r - 1us)); N = 0 returns t;
 *     the clock starts when the team is at work (S3): the result from t equals
 *     the result from where t moves (next_business_time(t) for N > 0; for
 *     N < 0 the previous closing, business_add(t, -1 business us) + 1us),
 *     there is no result when t cannot move, and no business time lies
 *     between t and the moved t; no answer only when there is no business
 *     time three days beyond the moved t; for N < 0 the result is <= t.
 *     When no span crosses midnight, also: for N > 0 the result is >= t, and
 *     it is strictly monotone in N (each more business day lands on a later
 *     day).  With overnight spans these can legitimately fail: S3 clamps into
 *     the target date's own spans (e.g. 'Su,Mo 23:00-22:00; Tu 00:00-01:00'
 *     from Monday 06:00: +1 day is Tuesday 06:00, inside Monday's span, while
 *     +2 days clamps to Tuesday's 01:00 closing).
 *   - the only error the arithmetic may return in that range is 22023 (no
 *     business time ahead or behind), and only when there is none: no business
 *     time up to 120 years away (one run in 16: up to the years 1899..10000).
 * An invariant failure prints an explanation and calls abort().
 *
 * Build and run: see Makefile (fuzz-smoke, fuzz).  Built without
 * -DLA_LIBFUZZER, this file has its own main() that runs every file or
 * directory given on the command line once, for machines without libFuzzer.
 */
#include <dirent.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "la_core.h"
#include "la_policy.h"
#include "la_test.h"

#define SEC		LA_USECS_PER_SEC
#define MIN		LA_USECS_PER_MIN
#define HR		LA_USECS_PER_HOUR
#define DAY		LA_USECS_PER_DAY

/* 1990-01-01 and 2040-01-01 00:00 UTC */
#define T1990	INT64_C(-315532800000000)
#define T2040	INT64_C(1262304000000000)
/* 1899-12-30 and 10000-01-02 00:00 UTC: every calendar rule lies between */
#define TFIRST	INT64_C(-3155846400000000)
#define TLAST	INT64_C(252455702400000000)

static const char *cur_text = "";
static int64_t horizon_end = TLAST;		/* how far the "no answer" checks look */
static int64_t horizon_start = TFIRST;
static bool verbose = false;	/* LA_FUZZ_VERBOSE=1: trace the checks on stderr */

/* print an explanation and abort */
static void
Fail(const char *fmt,...) __attribute__((format(printf, 1, 2), noreturn));

static void
Fail(const char *fmt,...)
{
	va_list		ap;

	fprintf(stderr, "\nINVARIANT FAILED for input \"%.500s\":\n  ", cur_text);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
}

/* ---------- parameters ---------- */

typedef struct Params
{
	const uint8_t *p;
	size_t		n;
	size_t		i;
	uint64_t	state;
} Params;

static uint64_t
SplitMix(uint64_t *s)
{
	uint64_t	z = (*s += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* next 64 parameter bits: from the bytes while they last, then pseudo-random */
static uint64_t
Next64(Params *pr)
{
	uint64_t	v = 0;
	int			k;

	if (pr->i >= pr->n)
		return SplitMix(&pr->state);
	for (k = 0; k < 8; k++)
	{
		v = (v << 8) | (pr->i < pr->n ? pr->p[pr->i] : 0);
		pr->i++;
	}
	return v ^ SplitMix(&pr->state);
}

static uint64_t
Below(Params *pr, uint64_t n)
{
	return n ? Next64(pr) % n : 0;
}

/* an instant within 1990..2040; often on a whole minute, to hit boundaries */
static int64_t
PickT(Params *pr)
{
	int64_t		t = T1990 + (int64_t) Below(pr, (uint64_t) (T2040 - T1990));

	switch (Below(pr, 4))
	{
		case 0:
			t -= t % MIN;
			break;
		case 1:
			t -= t % (15 * MIN);
			break;
		case 2:
			t -= t % HR;
			break;
		default:
			break;
	}
	return t;
}

/* a business duration within 0..200 hours, often whole minutes */
static int64_t
PickW(Params *pr)
{
	int64_t		w;

	switch (Below(pr, 4))
	{
		case 0:
			w = (int64_t) Below(pr, 200 * HR + 1);
			break;
		case 1:
			w = (int64_t) Below(pr, 200 * 60 + 1) * MIN;
			break;
		case 2:
			w = (int64_t) Below(pr, 12 * 60 + 1) * MIN;
			break;
		default:
			w = (int64_t) Below(pr, 3);	/* 0, 1 or 2 microseconds */
			break;
	}
	return w;
}

/* ---------- sla_window ---------- */

static void
CheckWindow(const la_window *w, Params *pr)
{
	char		buf[LA_WINDOW_BUFLEN + 16];
	char		buf2[LA_WINDOW_BUFLEN + 16];
	la_window	w2,
				u,
				m;
	la_error	err;
	int64_t		k;

	memset(&err, 0, sizeof(err));
	if (!la_window_check(w, &err))
		Fail("window_check refuses a parsed window (kind %d value %" PRId64 "): %s",
			 (int) w->kind, w->value, err.msg);
	memset(buf, 0x55, sizeof(buf));
	la_window_format(w, buf);
	if (memchr(buf, '\0', LA_WINDOW_BUFLEN) == NULL)
		Fail("window_format wrote more than LA_WINDOW_BUFLEN bytes");
	if (!la_window_parse(buf, &w2, &err))
		Fail("in(out(x)) fails: '%s' refused: %s", buf, err.msg);
	if (w2.kind != w->kind || w2.value != w->value)
		Fail("in(out(x)) != x: kind %d value %" PRId64 " prints '%s', which parses as "
			 "kind %d value %" PRId64, (int) w->kind, w->value, buf, (int) w2.kind,
			 w2.value);
	la_window_format(&w2, buf2);
	if (strcmp(buf, buf2) != 0)
		Fail("output not canonical: '%s' then '%s'", buf, buf2);
	la_window_unpack(la_window_pack(w), &u);
	if (u.kind != w->kind || u.value != w->value)
		Fail("unpack(pack(x)) != x for '%s'", buf);
	if (la_window_cmp(w, &w2) != 0)
		Fail("cmp(x, in(out(x))) != 0 for '%s'", buf);

	k = (int64_t) Below(pr, 2001) - 1000;
	if (Below(pr, 8) == 0)
		k = (int64_t) Next64(pr);
	if (la_window_mul(w, k, &m, &err))
	{
		__int128	e = (__int128) w->value * k;

		if (m.kind != w->kind || (__int128) m.value != e)
			Fail("'%s' * %" PRId64 " gave kind %d value %" PRId64, buf, k, (int) m.kind,
				 m.value);
		if (!la_window_check(&m, &err))
			Fail("'%s' * %" PRId64 " gave a window that check refuses", buf, k);
	}
	else
	{
		__int128	e = (__int128) w->value * k;

		if (err.code != LA_ERR_RANGE)
			Fail("'%s' * %" PRId64 " failed with code %d", buf, k, (int) err.code);
		if (e < (__int128) LA_W_MAXVAL && e > -(__int128) LA_W_MAXVAL)
			Fail("'%s' * %" PRId64 " refused although the product is in range", buf, k);
	}
}

/* ---------- business-time invariants ---------- */

static int64_t
MustElapsed(la_calctx *ctx, int64_t a, int64_t b)
{
	la_error	err;
	int64_t		r;

	memset(&err, 0, sizeof(err));
	if (!la_business_elapsed(ctx, a, b, &r, &err))
		Fail("business_elapsed(%s, %s) failed: code %d \"%s\"", Ts(a), Ts(b),
			 (int) err.code, err.msg);
	if ((b >= a && (r < 0 || r > b - a)) || (b < a && (r > 0 || r < b - a)))
		Fail("business_elapsed(%s, %s) = %" PRId64 " exceeds the elapsed time", Ts(a),
			 Ts(b), r);
	return r;
}

static bool
MustIsBT(la_calctx *ctx, int64_t t)
{
	la_error	err;
	bool		r;

	memset(&err, 0, sizeof(err));
	if (!la_is_business_time(ctx, t, &r, &err))
		Fail("is_business_time(%s) failed: %s", Ts(t), err.msg);
	return r;
}

/*
 * business_add(t, w); returns false when there is no answer (22023), aborts
 * on any other error
 */
static bool
TryAdd(la_calctx *ctx, int64_t t, la_wkind kind, int64_t v, int64_t *r)
{
	la_error	err;
	la_window	w = {kind, v};

	memset(&err, 0, sizeof(err));
	if (la_business_add(ctx, t, &w, r, &err))
		return true;
	if (err.code != LA_ERR_PARAM)
		Fail("business_add(%s, %s %" PRId64 ") failed with code %d \"%s\" (only 22023 "
			 "is possible in 1990..2040)", Ts(t), kind == LA_W_DAYS ? "days" : "business",
			 v, (int) err.code, err.msg);
	return false;
}

/* true if some span of the calendar crosses midnight */
static bool
HasOvernight(const la_calview *v)
{
	int			i;

	for (i = 0; i < v->hdr->nspans; i++)
		if (v->spans[i].end > 1440)
			return true;
	return false;
}

static void
CheckDurations(la_calctx *ctx, int64_t t, Params *pr)
{
	int64_t		w1 = PickW(pr),
				w2 = PickW(pr),
				r1 = 0,
				r2 = 0,
				e;
	bool		ok1,
				ok2;

	if (w1 > w2)
	{
		int64_t		x = w1;

		w1 = w2;
		w2 = x;
	}
	ok1 = TryAdd(ctx, t, LA_W_BUSINESS, w1, &r1);
	ok2 = TryAdd(ctx, t, LA_W_BUSINESS, w2, &r2);
	if (verbose)
		fprintf(stderr, "    w %" PRId64 "us -> %s, %" PRId64 "us -> %s\n", w1,
				ok1 ? Ts(r1) : "none", w2, ok2 ? Ts(r2) : "none");
	if (w1 == 0 && (!ok1 || r1 != t))
		Fail("business_add(%s, 0) != t", Ts(t));
	if (!ok1 && ok2)
		Fail("business_add(%s, %" PRId64 "us) has no answer but %" PRId64 "us has one (%s)",
			 Ts(t), w1, w2, Ts(r2));
	/* S4: no answer only when there is not enough business time ahead */
	if (!ok2 && (e = MustElapsed(ctx, t, horizon_end)) >= w2)
		Fail("business_add(%s, %" PRId64 "us) has no answer, but business_elapsed up to "
			 "%s is %" PRId64 "us", Ts(t), w2, Ts(horizon_end), e);
	if (ok1)
	{
		if (r1 < t)
			Fail("business_add(%s, %" PRId64 "us) = %s is before t", Ts(t), w1, Ts(r1));
		e = MustElapsed(ctx, t, r1);
		if (e != w1)
			Fail("business_elapsed(t, business_add(t, w)) != w: t=%s w=%" PRId64
				 "us add=%s elapsed=%" PRId64 "us", Ts(t), w1, Ts(r1), e);
		if (w1 > 0 && MustElapsed(ctx, t, r1 - 1) >= w1)
			Fail("business_add(%s, %" PRId64 "us) = %s is not the earliest such instant",
				 Ts(t), w1, Ts(r1));
	}
	if (ok2)
	{
		e = MustElapsed(ctx, t, r2);
		if (e != w2)
			Fail("business_elapsed(t, business_add(t, w)) != w: t=%s w=%" PRId64
				 "us add=%s elapsed=%" PRId64 "us", Ts(t), w2, Ts(r2), e);
		if (ok1 && r1 > r2)
			Fail("business_add not monotone: t=%s w=%" PRId64 "us -> %s, w=%" PRId64
				 "us -> %s", Ts(t), w1, Ts(r1), w2, Ts(r2));
	}

	/* negative windows: the latest T <= t with B(T, t) = -w */
	if (w2 > 0 && !TryAdd(ctx, t, LA_W_BUSINESS, -w2, &r2))
	{
		if ((e = MustElapsed(ctx, horizon_start, t)) >= w2)
			Fail("business_add(%s, -%" PRId64 "us) has no answer, but business_elapsed "
				 "from %s is %" PRId64 "us", Ts(t), w2, Ts(horizon_start), e);
	}
	else if (w2 > 0)
	{
		if (r2 > t)
			Fail("business_add(%s, -%" PRId64 "us) = %s is after t", Ts(t), w2, Ts(r2));
		e = MustElapsed(ctx, r2, t);
		if (e != w2)
			Fail("business_elapsed(business_add(t, -w), t) != w: t=%s w=%" PRId64
				 "us add=%s elapsed=%" PRId64 "us", Ts(t), w2, Ts(r2), e);
		if (MustElapsed(ctx, r2 + 1, t) >= w2)
			Fail("business_add(%s, -%" PRId64 "us) = %s is not the latest such instant",
				 Ts(t), w2, Ts(r2));
	}
}

static void
CheckElapsedAndPeriods(la_calctx *ctx, int64_t t, Params *pr)
{
	int64_t		t2 = t + (int64_t) Below(pr, 30 * DAY);
	int64_t		t3 = t2 + (int64_t) Below(pr, 30 * DAY);
	int64_t		e12 = MustElapsed(ctx, t, t2),
				e23 = MustElapsed(ctx, t2, t3),
				e13 = MustElapsed(ctx, t, t3);
	int64_t		to = t + 10 * DAY;
	int64_t		sum = 0,
				prev_close = INT64_MIN,
				first_open = INT64_MIN,
				o,
				c,
				nb;
	la_periter	it;
	la_error	err;
	int			n = 0;
	bool		open_t;

	if (e12 + e23 != e13)
		Fail("business_elapsed not additive: (%s, %s) %" PRId64 " + (%s, %s) %" PRId64
			 " != %" PRId64, Ts(t), Ts(t2), e12, Ts(t2), Ts(t3), e23, e13);
	if (MustElapsed(ctx, t2, t) != -e12)
		Fail("business_elapsed(b, a) != -business_elapsed(a, b) for %s, %s", Ts(t), Ts(t2));

	memset(&err, 0, sizeof(err));
	if (!la_periods_begin(&it, ctx, t, to, &err))
		Fail("periods_begin(%s, %s) failed: %s", Ts(t), Ts(to), err.msg);
	while (la_periods_next(&it, &o, &c, &err))
	{
		if (++n > 16 * 12 + 10)
			Fail("business_periods over 10 days returned more than %d periods", n - 1);
		if (o < t || c > to || o >= c)
			Fail("period [%s, %s) is empty or outside [%s, %s)", Ts(o), Ts(c), Ts(t), Ts(to));
		if (prev_close != INT64_MIN && o <= prev_close)
			Fail("periods not ascending and maximal: [..., %s) then [%s, ...)",
				 Ts(prev_close), Ts(o));
		if (!MustIsBT(ctx, o) || !MustIsBT(ctx, c - 1))
			Fail("period [%s, %s) is not business time at its ends", Ts(o), Ts(c));
		if (o > t && MustIsBT(ctx, o - 1))
			Fail("period [%s, %s) is not maximal: business time just before", Ts(o), Ts(c));
		if (c < to && MustIsBT(ctx, c))
			Fail("period [%s, %s) is not maximal: business time at its close", Ts(o), Ts(c));
		if (MustElapsed(ctx, o, c) != c - o)
			Fail("business_elapsed over period [%s, %s) != its length", Ts(o), Ts(c));
		if (first_open == INT64_MIN)
			first_open = o;
		sum += c - o;
		prev_close = c;
	}
	if (err.code != LA_OK)
		Fail("periods_next failed: %s", err.msg);
	if (sum != MustElapsed(ctx, t, to))
		Fail("periods over [%s, %s) sum to %" PRId64 " but business_elapsed is %" PRId64,
			 Ts(t), Ts(to), sum, MustElapsed(ctx, t, to));

	open_t = MustIsBT(ctx, t);
	if (open_t != (first_open == t))
		Fail("is_business_time(%s) = %d disagrees with business_periods", Ts(t), open_t);
	memset(&err, 0, sizeof(err));
	if (la_next_business_time(ctx, t, &nb, &err))
	{
		if (first_open != INT64_MIN && nb != first_open)
			Fail("next_business_time(%s) = %s but the first period opens at %s", Ts(t),
				 Ts(nb), Ts(first_open));
		if (first_open == INT64_MIN && nb < to)
			Fail("next_business_time(%s) = %s but no period before %s", Ts(t), Ts(nb),
				 Ts(to));
		if (!MustIsBT(ctx, nb))
			Fail("next_business_time(%s) = %s is not business time", Ts(t), Ts(nb));
	}
	else
	{
		if (err.code != LA_ERR_PARAM)
			Fail("next_business_time(%s) failed with code %d", Ts(t), (int) err.code);
		if (first_open != INT64_MIN)
			Fail("next_business_time(%s) has no answer but a period opens at %s", Ts(t),
				 Ts(first_open));
		if (MustElapsed(ctx, t, horizon_end) > 0)
			Fail("next_business_time(%s) has no answer, but there is business time "
				 "before %s", Ts(t), Ts(horizon_end));
	}
}

/*
 * Where S3 moves t before counting business days: for N > 0 to the next
 * opening (t itself when it is in some [open, close)), found with
 * next_business_time; for N < 0 back to the previous closing (t itself when
 * it is in some (open, close]), which is one microsecond after the latest T
 * with one business microsecond in [T, t].  False when there is none.
 */
static bool
MovedT(la_calctx *ctx, int64_t t, int dir, int64_t *mv)
{
	la_error	err;

	memset(&err, 0, sizeof(err));
	if (dir > 0)
	{
		if (la_next_business_time(ctx, t, mv, &err))
			return true;
		if (err.code != LA_ERR_PARAM)
			Fail("next_business_time(%s) failed with code %d", Ts(t), (int) err.code);
		return false;
	}
	if (!TryAdd(ctx, t, LA_W_BUSINESS, -1, mv))
		return false;
	(*mv)++;
	return true;
}

static void
CheckDays(la_calctx *ctx, int64_t t, bool monotone, Params *pr)
{
	int64_t		n = (int64_t) Below(pr, 25) - 12;
	int64_t		r0,
				rn,
				rn1,
				mv,
				rmv;
	int			dir;
	bool		okn,
				okn1,
				okmv;

	if (!TryAdd(ctx, t, LA_W_DAYS, 0, &r0) || r0 != t)
		Fail("business_add(%s, 0 business days) != t", Ts(t));
	if (n == 0 || n == -1)
		n = 1;
	dir = n > 0 ? 1 : -1;
	/* n and n + 1 have the same sign */
	okn = TryAdd(ctx, t, LA_W_DAYS, n, &rn);
	okn1 = TryAdd(ctx, t, LA_W_DAYS, n + 1, &rn1);
	if (okn && !MustIsBT(ctx, rn) && !MustIsBT(ctx, rn - 1))
		Fail("business_add(%s, %" PRId64 " business days) = %s is neither business time "
			 "nor a closing instant", Ts(t), n, Ts(rn));
	if (okn1 && !MustIsBT(ctx, rn1) && !MustIsBT(ctx, rn1 - 1))
		Fail("business_add(%s, %" PRId64 " business days) = %s is neither business time "
			 "nor a closing instant", Ts(t), n + 1, Ts(rn1));

	/*
	 * S3 counts from where t moves (the clock starts when the team is at
	 * work): the answer from t and from the moved t are the same, and there
	 * is none when t cannot move.
	 */
	okmv = MovedT(ctx, t, dir, &mv);
	if (!okmv && okn)
		Fail("business_add(%s, %" PRId64 " business days) = %s, but there is no business "
			 "time %s t", Ts(t), n, Ts(rn), dir > 0 ? "after" : "before");
	if (okmv)
	{
		if (dir > 0 ? mv < t : mv > t)
			Fail("the moved t %s is on the wrong side of t = %s", Ts(mv), Ts(t));
		if (MustElapsed(ctx, dir > 0 ? t : mv, dir > 0 ? mv : t) != 0)
			Fail("business time between t = %s and the moved t %s", Ts(t), Ts(mv));
		if (TryAdd(ctx, mv, LA_W_DAYS, n, &rmv) != okn || (okn && rmv != rn))
			Fail("business_add(%s, %" PRId64 " business days) = %s but from the moved t "
				 "%s it is %s", Ts(t), n, okn ? Ts(rn) : "no answer", Ts(mv),
				 okn ? Ts(rmv) : "an answer");
	}

	/*
	 * S4: no answer only when there is no business day beyond the anchor.
	 * The anchor's spans end less than three days after the moved t (a
	 * merged span is shorter than 48 hours), so business time further than
	 * that belongs to a later (earlier) date, a business day.
	 */
	if (n > 0 && !okn && okmv && !TryAdd(ctx, t, LA_W_DAYS, 1, &r0) &&
		MustElapsed(ctx, mv + 3 * DAY, horizon_end) > 0)
		Fail("business_add(%s, 1 business day) has no answer, but there is business "
			 "time after %s", Ts(t), Ts(mv + 3 * DAY));
	if (n + 1 < 0 && !okn1 && okmv && !TryAdd(ctx, t, LA_W_DAYS, -1, &r0) &&
		MustElapsed(ctx, horizon_start, mv - 3 * DAY) > 0)
		Fail("business_add(%s, -1 business day) has no answer, but there is business "
			 "time before %s", Ts(t), Ts(mv - 3 * DAY));
	if (n > 0 && okn1 && !okn)
		Fail("business_add(%s, %" PRId64 " business days) has no answer but %" PRId64
			 " has one", Ts(t), n, n + 1);
	if (n < 0 && okn && !okn1)
		Fail("business_add(%s, %" PRId64 " business days) has no answer but %" PRId64
			 " has one", Ts(t), n + 1, n);

	/*
	 * Direction: the anchor is the earliest owner of a span holding the
	 * moved t, so no earlier business day has business time after it: back
	 * (N < 0) never passes t.  Forward it cannot fall before t unless an
	 * overnight span of the anchor covers the target day's spans.
	 */
	if (n + 1 < 0 && okn1 && rn1 > t)
		Fail("business_add(%s, %" PRId64 " business days) = %s is after t", Ts(t), n + 1,
			 Ts(rn1));
	if (monotone && n > 0 && okn && rn < t)
		Fail("business_add(%s, %" PRId64 " business days) = %s is before t", Ts(t), n,
			 Ts(rn));

	/*
	 * Without overnight spans each business day's spans lie within its own
	 * local day, so one business day more lands on a later day: strictly
	 * later.
	 */
	if (monotone && okn && okn1 && rn >= rn1)
		Fail("business days not strictly monotone: t=%s, %" PRId64 " -> %s, %" PRId64
			 " -> %s", Ts(t), n, Ts(rn), n + 1, Ts(rn1));
}

static void
CheckArithmetic(const void *blob, size_t size, const la_calview *v, Params *pr)
{
	la_error	err;
	la_calctx  *ctx;
	int			round;
	bool		monotone = !HasOvernight(v);

	memset(&err, 0, sizeof(err));
	ctx = la_calctx_new(blob, size, &err);
	if (ctx == NULL)
		Fail("calctx_new refuses a parsed calendar: %s", err.msg);
	for (round = 0; round < 3; round++)
	{
		int64_t		t = PickT(pr);

		/*
		 * Walking to year 10000 costs a lot on sparse calendars: look that
		 * far one time in 16, else 120 years either way.
		 */
		if (Below(pr, 16) == 0)
		{
			horizon_start = TFIRST;
			horizon_end = TLAST;
		}
		else
		{
			horizon_start = t - 120 * 366 * DAY;
			horizon_end = t + 120 * 366 * DAY;
		}
		if (verbose)
			fprintf(stderr, "  t = %s\n", Ts(t));
		CheckDurations(ctx, t, pr);
		CheckDays(ctx, t, monotone, pr);
		if (round == 0)
			CheckElapsedAndPeriods(ctx, t, pr);
	}
	la_calctx_free(ctx);
}

/* ---------- business_calendar ---------- */

static void
CheckCalendar(const char *text, Params *pr)
{
	la_error	err;
	void	   *blob = NULL,
			   *blob2 = NULL;
	size_t		size,
				size2;
	la_calview	v,
				v2;
	char	   *out,
			   *out2;

	memset(&err, 0, sizeof(err));
	if (!la_cal_parse(text, &blob, &size, &err))
	{
		if (err.code == LA_OK)
			Fail("calendar refused without an error code");
		if (strlen(err.msg) == 0)
			Fail("calendar refused with an empty message");
		return;
	}
	if (!la_cal_view(blob, size, &v, &err))
		Fail("view refuses a freshly parsed calendar: %s", err.msg);
	out = la_cal_format(&v);
	if (!la_cal_parse(out, &blob2, &size2, &err))
		Fail("in(out(x)) fails: '%s' refused: %s", out, err.msg);
	if (size2 != size || memcmp(blob, blob2, size) != 0)
		Fail("in(out(x)) != x: '%s' reparses to a different blob", out);
	if (!la_cal_view(blob2, size2, &v2, &err))
		Fail("view refuses the reparsed calendar: %s", err.msg);
	out2 = la_cal_format(&v2);
	if (strcmp(out, out2) != 0)
		Fail("output not canonical: '%s' then '%s'", out, out2);
	CheckArithmetic(blob, size, &v, pr);
	la_mfree(out2);
	la_mfree(out);
	la_mfree(blob2);
	la_mfree(blob);
}

/* damaged blobs: no crash, no hang */
static void
CheckBlob(const char *text, Params *pr)
{
	la_error	err;
	void	   *blob = NULL;
	size_t		size;
	unsigned char *copy;
	int			k,
				nmut;
	la_calview	v;

	memset(&err, 0, sizeof(err));
	if (!la_cal_parse(text, &blob, &size, &err))
		return;
	/* an exact-size heap copy so that ASan sees any overread */
	copy = malloc(size);
	memcpy(copy, blob, size);
	nmut = 1 + (int) Below(pr, 4);
	for (k = 0; k < nmut; k++)
		copy[Below(pr, size)] ^= (unsigned char) (1 + Below(pr, 255));
	if (Below(pr, 4) != 0 && size > sizeof(la_calhdr))
		((la_calhdr *) copy)->hash = la_test_fnv1a(copy + sizeof(la_calhdr), size - sizeof(la_calhdr));
	if (la_cal_view(copy, size, &v, &err))
	{
		char	   *out = la_cal_format(&v);
		la_calctx  *ctx = la_calctx_new(copy, size, &err);

		if (ctx != NULL)
		{
			int64_t		t = PickT(pr),
						r;
			bool		b;

			(void) la_is_business_time(ctx, t, &b, &err);
			(void) la_business_elapsed(ctx, t, t + 7 * DAY, &r, &err);
			la_calctx_free(ctx);
		}
		la_mfree(out);
	}
	/* shorter sizes must be refused or handled without reading past the end */
	{
		size_t		cut = (size_t) Below(pr, size);
		unsigned char *shorter = malloc(cut ? cut : 1);

		memcpy(shorter, blob, cut);
		if (la_cal_view(shorter, cut, &v, &err))
		{
			char	   *out = la_cal_format(&v);

			la_mfree(out);
		}
		free(shorter);
	}
	free(copy);
	la_mfree(blob);
}

/* stored sla_window datums read from disk */
static void
CheckPacked(Params *pr)
{
	int64_t		packed = (int64_t) Next64(pr);
	la_window	w;
	la_error	err;

	memset(&err, 0, sizeof(err));
	la_window_unpack(packed, &w);
	if (!la_window_check(&w, &err))
		return;
	if (la_window_pack(&w) != packed)
		Fail("pack(unpack(%" PRId64 ")) != x for a window that check accepts", packed);
	CheckWindow(&w, pr);
}

/*
 * The stage and temperature vocabularies: an accepted word prints as a
 * canonical word that parses back to the same ordinal; a refused one has
 * 22P02 and a message.  The agreement's policy agrees with itself for the
 * stage parsed (a handoff source never starts a cycle into nurture twice).
 */
static void
CheckVocabulary(const char *text)
{
	la_stage	s,
				s2;
	la_temperature t,
				t2;
	la_error	err;

	memset(&err, 0, sizeof(err));
	if (la_stage_parse(text, &s, &err))
	{
		if (!la_stage_parse(la_stage_name(s), &s2, &err) || s2 != s)
			Fail("stage \"%s\" does not round-trip", text);
		if (la_handoff_holds(false, s, s, LA_STAGE_MQL) != la_handoff_source(s))
			Fail("handoff policy disagrees for stage %d", (int) s);
		if (la_enters_nurture_cycle(s, LA_STAGE_NURTURE) && la_handoff_source(s))
			Fail("a handoff source %d starts a nurture cycle", (int) s);
	}
	else if (err.code != LA_ERR_SYNTAX || err.msg[0] == '\0')
		Fail("stage refused without 22P02 or a message");
	memset(&err, 0, sizeof(err));
	if (la_temperature_parse(text, &t, &err))
	{
		if (!la_temperature_parse(la_temperature_name(t), &t2, &err) || t2 != t)
			Fail("temperature \"%s\" does not round-trip", text);
	}
	else if (err.code != LA_ERR_SYNTAX || err.msg[0] == '\0')
		Fail("temperature refused without 22P02 or a message");
}

/* ---------- entry point ---------- */

static bool initialized = false;

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul;
	size_t		textlen;
	char	   *text;
	Params		pr;
	int			mode;
	la_window	w;
	la_error	err;

	if (!initialized)
	{
		la_test_init();
		verbose = getenv("LA_FUZZ_VERBOSE") != NULL;
		initialized = true;
	}
	if (size == 0 || size > 200000)
		return 0;
	mode = data[0];
	nul = memchr(data + 1, 0, size - 1);
	textlen = nul ? (size_t) (nul - (data + 1)) : size - 1;
	text = malloc(textlen + 1);
	memcpy(text, data + 1, textlen);
	text[textlen] = '\0';
	cur_text = text;
	if (verbose)
		fprintf(stderr, "input mode %c: \"%.200s\"\n", mode, text);

	memset(&pr, 0, sizeof(pr));
	pr.p = nul ? nul + 1 : NULL;
	pr.n = nul ? size - (size_t) (nul + 1 - data) : 0;
	pr.state = la_test_fnv1a(data, size) * UINT64_C(0x100000001B3);

	switch (mode)
	{
		case 'B':
		case 'b':
			CheckBlob(text, &pr);
			break;
		case 'P':
		case 'p':
			pr.p = data + 1;
			pr.n = size - 1;
			CheckPacked(&pr);
			break;
		default:
			memset(&err, 0, sizeof(err));
			if (la_window_parse(text, &w, &err))
				CheckWindow(&w, &pr);
			else if (err.code == LA_OK || err.msg[0] == '\0')
				Fail("window refused without an error code or message");
			CheckCalendar(text, &pr);
			CheckVocabulary(text);
			break;
	}
	cur_text = "";
	free(text);
	return 0;
}

#ifndef LA_LIBFUZZER

/* plain driver: run each file (or each file of each directory) once */
static int
RunFile(const char *path)
{
	FILE	   *f = fopen(path, "rb");
	uint8_t    *buf;
	long		len;

	if (f == NULL)
	{
		perror(path);
		return 1;
	}
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(len > 0 ? (size_t) len : 1);
	if (len > 0 && fread(buf, 1, (size_t) len, f) != (size_t) len)
	{
		perror(path);
		fclose(f);
		free(buf);
		return 1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t) len);
	free(buf);
	return 0;
}

int
main(int argc, char **argv)
{
	int			i,
				nfiles = 0,
				errors = 0;

	for (i = 1; i < argc; i++)
	{
		struct stat st;

		if (stat(argv[i], &st) != 0)
		{
			perror(argv[i]);
			errors++;
			continue;
		}
		if (S_ISDIR(st.st_mode))
		{
			DIR		   *d = opendir(argv[i]);
			struct dirent *e;

			while (d && (e = readdir(d)) != NULL)
			{
				char		path[4096];

				if (e->d_name[0] == '.')
					continue;
				snprintf(path, sizeof(path), "%s/%s", argv[i], e->d_name);
				errors += RunFile(path);
				nfiles++;
			}
			if (d)
				closedir(d);
		}
		else
		{
			errors += RunFile(argv[i]);
			nfiles++;
		}
	}
	printf("fuzz_core (plain driver): %d inputs run, %d unreadable\n", nfiles, errors);
	return errors ? 1 : 0;
}

#endif							/* LA_LIBFUZZER */
