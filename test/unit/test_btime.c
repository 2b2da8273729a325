/*
 * test_btime.c -- unit tests of la_btime.c: business-time arithmetic over a
 * compiled calendar (including every worked example of the contract's table),
 * using the synthetic zones of la_tz_test.c.
 *
 * Every expectation is derived by hand from the contract (the README); the
 * comment next to a case says which rule decides it.
 *
 * Instants are int64 microseconds since 2000-01-01 00:00 UTC; T() builds one
 * from a UTC wall-clock reading, TL() from a local reading and its offset.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "la_core.h"
#include "la_test.h"
#include "la_tap.h"
#include <time.h>

/* instant of a UTC wall-clock reading */
static int64_t
T(int y, int m, int d, int h, int mi)
{
	return (la_test_days_from_civil(y, m, d) - PG_EPOCH_UNIX_DAYS) * DAY
		+ h * HR + mi * MIN;
}

/* instant of a local wall-clock reading at offset offmin minutes east of UTC */
static int64_t
TL(int y, int m, int d, int h, int mi, int offmin)
{
	return T(y, m, d, h, mi) - offmin * MIN;
}

/* print a duration in microseconds as h:mm:ss.ffffff */
static const char *
Dur(int64_t v)
{
	static char bufs[8][64];
	static int	k = 0;
	char	   *buf = bufs[k++ % 8];
	uint64_t	a = v < 0 ? (uint64_t) 0 - (uint64_t) v : (uint64_t) v;

	snprintf(buf, 64, "%s%" PRIu64 ":%02d:%02d.%06d", v < 0 ? "-" : "",
			 a / 3600000000u, (int) (a / 60000000u % 60),
			 (int) (a / 1000000u % 60), (int) (a % 1000000u));
	return buf;
}

/* ---------- business-time arithmetic ---------- */

#define MAXCTX 128
static la_calctx *ctxs[MAXCTX];
static void *blobs[MAXCTX];
static int	nctx = 0;
static const char *curcal = "";

/* a context for a calendar the test knows to be valid (freed at the end) */
static la_calctx *
Cal(const char *text)
{
	la_error	err;
	size_t		size;
	void	   *blob = CalParse(text, &size, &err);
	la_calctx  *ctx;

	curcal = text;
	if (blob == NULL)
	{
		Report(false, text, "got error %s \"%s\" in test setup", CodeName(err.code), err.msg);
		return NULL;
	}
	ctx = la_calctx_new(blob, size, &err);
	if (ctx == NULL)
	{
		Report(false, text, "got calctx error %s \"%s\"", CodeName(err.code), err.msg);
		la_mfree(blob);
		return NULL;
	}
	if (nctx < MAXCTX)
	{
		ctxs[nctx] = ctx;
		blobs[nctx++] = blob;
	}
	return ctx;
}

static void
FreeCals(void)
{
	int			i;

	for (i = 0; i < nctx; i++)
	{
		la_calctx_free(ctxs[i]);
		la_mfree(blobs[i]);
	}
	nctx = 0;
}

/* business_add(t, w) = expect */
static void
Add(la_calctx *ctx, int64_t t, const char *w, int64_t expect, const char *label)
{
	la_window	win = W(w);
	la_error	err;
	int64_t		r = 0;
	char		name[512];

	if (ctx == NULL)
		return;
	memset(&err, 0, sizeof(err));
	snprintf(name, sizeof(name), "[%s] business_add(%s, '%s') = %s%s%s", curcal, Ts(t), w,
			 Ts(expect), label ? " -- " : "", label ? label : "");
	if (!la_business_add(ctx, t, &win, &r, &err))
		Report(false, name, "got %s \"%s\" expected %s", CodeName(err.code), err.msg,
			   Ts(expect));
	else
		Report(r == expect, name, "got %s expected %s", Ts(r), Ts(expect));
}

/* business_add(t, w) fails with code */
static void
AddErr(la_calctx *ctx, int64_t t, const char *w, la_errcode code, const char *label)
{
	la_window	win = W(w);
	la_error	err;
	int64_t		r = 0;
	char		name[512];
	bool		ok;

	if (ctx == NULL)
		return;
	memset(&err, 0, sizeof(err));
	snprintf(name, sizeof(name), "[%s] business_add(%s, '%s') fails with %s%s%s", curcal,
			 Ts(t), w, CodeName(code), label ? " -- " : "", label ? label : "");
	ok = la_business_add(ctx, t, &win, &r, &err);
	if (ok)
		Report(false, name, "got %s expected %s", Ts(r), CodeName(code));
	else if (Report(err.code == code, name, "got %s \"%s\" expected %s", CodeName(err.code),
					err.msg, CodeName(code)) && code == LA_ERR_PARAM)
	{
		snprintf(name, sizeof(name), "[%s] business_add(%s, '%s') error has a hint", curcal,
				 Ts(t), w);
		Report(err.hint[0] != '\0', name, "got empty hint (message \"%s\")", err.msg);
	}
}

/* business_elapsed(a, b) = expect */
static void
Elapsed(la_calctx *ctx, int64_t a, int64_t b, int64_t expect, const char *label)
{
	la_error	err;
	int64_t		r = 0;
	char		name[512];

	if (ctx == NULL)
		return;
	memset(&err, 0, sizeof(err));
	snprintf(name, sizeof(name), "[%s] business_elapsed(%s, %s) = %s%s%s", curcal, Ts(a),
			 Ts(b), Dur(expect), label ? " -- " : "", label ? label : "");
	if (!la_business_elapsed(ctx, a, b, &r, &err))
		Report(false, name, "got %s \"%s\" expected %s", CodeName(err.code), err.msg,
			   Dur(expect));
	else
		Report(r == expect, name, "got %s expected %s", Dur(r), Dur(expect));
}

static void
ElapsedErr(la_calctx *ctx, int64_t a, int64_t b, la_errcode code)
{
	la_error	err;
	int64_t		r = 0;
	char		name[512];
	bool		ok;

	if (ctx == NULL)
		return;
	memset(&err, 0, sizeof(err));
	snprintf(name, sizeof(name), "[%s] business_elapsed(%s, %s) fails with %s", curcal,
			 Ts(a), Ts(b), CodeName(code));
	ok = la_business_elapsed(ctx, a, b, &r, &err);
	Report(!ok && err.code == code, name, "got %s", ok ? Dur(r) : CodeName(err.code));
}

static void
IsBT(la_calctx *ctx, int64_t t, bool expect, const char *label)
{
	la_error	err;
	bool		r = false;
	char		name[512];

	if (ctx == NULL)
		return;
	memset(&err, 0, sizeof(err));
	snprintf(name, sizeof(name), "[%s] is_business_time(%s) = %s%s%s", curcal, Ts(t),
			 expect ? "true" : "false", label ? " -- " : "", label ? label : "");
	if (!la_is_business_time(ctx, t, &r, &err))
		Report(false, name, "got %s \"%s\"", CodeName(err.code), err.msg);
	else
		Report(r == expect, name, "got %s expected %s", r ? "true" : "false",
			   expect ? "true" : "false");
}

static void
Next(la_calctx *ctx, int64_t t, int64_t expect, const char *label)
{
	la_error	err;
	int64_t		r = 0;
	char		name[512];

	if (ctx == NULL)
		return;
	memset(&err, 0, sizeof(err));
	snprintf(name, sizeof(name), "[%s] next_business_time(%s) = %s%s%s", curcal, Ts(t),
			 Ts(expect), label ? " -- " : "", label ? label : "");
	if (!la_next_business_time(ctx, t, &r, &err))
		Report(false, name, "got %s \"%s\" expected %s", CodeName(err.code), err.msg,
			   Ts(expect));
	else
		Report(r == expect, name, "got %s expected %s", Ts(r), Ts(expect));
}

static void
NextErr(la_calctx *ctx, int64_t t, la_errcode code)
{
	la_error	err;
	int64_t		r = 0;
	char		name[512];
	bool		ok;

	if (ctx == NULL)
		return;
	memset(&err, 0, sizeof(err));
	snprintf(name, sizeof(name), "[%s] next_business_time(%s) fails with %s", curcal,
			 Ts(t), CodeName(code));
	ok = la_next_business_time(ctx, t, &r, &err);
	Report(!ok && err.code == code, name, "got %s", ok ? Ts(r) : CodeName(err.code));
}

/* business_periods(from, to) = the n pairs in expect (open, close, open, close, ...) */
static void
Periods(la_calctx *ctx, int64_t from, int64_t to, int n, const int64_t *expect)
{
	la_periter	it;
	la_error	err;
	int64_t		o,
				c;
	int			k = 0;
	char		name[512];
	char		diag[512] = "";
	bool		good = true;

	if (ctx == NULL)
		return;
	memset(&err, 0, sizeof(err));
	snprintf(name, sizeof(name), "[%s] business_periods(%s, %s) = %d periods", curcal,
			 Ts(from), Ts(to), n);
	if (!la_periods_begin(&it, ctx, from, to, &err))
	{
		Report(false, name, "got %s \"%s\" from periods_begin", CodeName(err.code), err.msg);
		return;
	}
	while (k < 10000 && la_periods_next(&it, &o, &c, &err))
	{
		if (good && (k >= n || o != expect[2 * k] || c != expect[2 * k + 1]))
		{
			good = false;
			if (k < n)
				snprintf(diag, sizeof(diag), "got period %d [%s, %s) expected [%s, %s)", k,
						 Ts(o), Ts(c), Ts(expect[2 * k]), Ts(expect[2 * k + 1]));
			else
				snprintf(diag, sizeof(diag), "got extra period %d [%s, %s)", k, Ts(o), Ts(c));
		}
		k++;
	}
	if (err.code != LA_OK)
	{
		Report(false, name, "got %s \"%s\" from periods_next", CodeName(err.code), err.msg);
		return;
	}
	if (good && k != n)
	{
		good = false;
		snprintf(diag, sizeof(diag), "got %d periods expected %d", k, n);
	}
	Report(good, name, "%s", diag);
}

/* The contract's table of worked examples, one by one */
static void
TestWorkedExamples(void)
{
	la_calctx  *c;

	printf("# worked examples of the contract\n");
	c = Cal("Su 02:30-03:15; tz America/Los_Angeles");
	Next(c, TL(2006, 4, 2, 0, 0, -480), TL(2006, 4, 2, 3, 0, -420),
		 "S1: 02:30 does not exist");

	c = Cal("Su 02:30-03:30; tz Europe/Berlin");
	Elapsed(c, TL(2026, 10, 25, 0, 0, 120), TL(2026, 10, 26, 0, 0, 60), 2 * HR,
			"opens at the first 02:30 (00:30Z), closes at 03:30 CET (02:30Z)");

	c = Cal("Su 00:00-24:00; tz Europe/Berlin");
	Elapsed(c, TL(2026, 10, 25, 0, 0, 120), TL(2026, 10, 26, 0, 0, 60), 25 * HR,
			"a day that falls back lasts 25 hours");

	c = Cal("Mo-Fr 22:00-06:00; tz UTC");
	Add(c, T(2026, 1, 10, 1, 0), "1 business day", T(2026, 1, 13, 1, 0),
		"S3: anchor Friday, offset 25:00, target Monday");

	c = Cal("24/7; tz Europe/Berlin");
	Add(c, TL(2026, 3, 28, 2, 30, 60), "1 business day", TL(2026, 3, 29, 3, 0, 120),
		"candidate in the gap becomes the transition instant");

	/*
	 * S3: the clock starts when the team is at work.  2026-01-09 is a
	 * Friday, 01-10 Saturday, 01-11 Sunday, 01-12 Monday.
	 */
	c = Cal("Mo-Fr 09:00-17:00; tz UTC");
	Add(c, T(2026, 1, 10, 10, 0), "0 business days", T(2026, 1, 10, 10, 0), "N = 0: unchanged");
	Add(c, T(2026, 1, 12, 8, 0), "-1 business days", T(2026, 1, 8, 17, 0),
		"back to Friday 17:00 (anchor Friday, offset 17:00): the Thursday before, 17:00");
	Add(c, T(2026, 1, 11, 2, 34), "1 business day", T(2026, 1, 13, 9, 0),
		"Sunday 02:34 moves to Monday 09:00: Tuesday 09:00");
	Add(c, T(2026, 1, 9, 17, 0), "1 business day", T(2026, 1, 13, 9, 0),
		"a closing instant is outside: Friday 17:00 moves to Monday 09:00");
	Add(c, T(2026, 1, 9, 18, 0), "1 business day", T(2026, 1, 13, 9, 0),
		"Friday 18:00 moves to Monday 09:00: Tuesday 09:00");
	Add(c, T(2026, 1, 12, 9, 0), "-1 business days", T(2026, 1, 8, 17, 0),
		"an opening instant is outside for N < 0: back to Friday 17:00, then Thursday 17:00");
	Add(c, T(2026, 1, 10, 11, 0), "2 business days", T(2026, 1, 14, 9, 0),
		"Saturday 11:00 moves to Monday 09:00: Wednesday 09:00");

	c = Cal("Fr 22:00-06:00; Sa 05:00-12:00; tz UTC");
	Elapsed(c, T(2026, 1, 10, 4, 0), T(2026, 1, 10, 7, 0), 3 * HR, "union");

	c = Cal("2026-12-31 20:00-02:00; 01-01 off; tz UTC");
	IsBT(c, T(2027, 1, 1, 1, 0), true, "the span belongs to Dec 31");

	c = Cal("2026-12-24 09:00-12:00; tz UTC");
	AddErr(c, T(2027, 1, 1, 0, 0), "1 business hour", LA_ERR_PARAM, "no business time ahead");

	c = Cal("24/7; tz UTC");
	{
		int64_t		p[] = {T(2026, 1, 1, 0, 0), T(2026, 2, 1, 0, 0)};

		Periods(c, T(2026, 1, 1, 0, 0), T(2026, 2, 1, 0, 0), 1, p);
	}

	c = Cal("Mo 22:00-02:00; Tu 09:00-17:00; tz UTC");
	Add(c, T(2026, 1, 12, 1, 0), "1 business day", T(2026, 1, 13, 17, 0),
		"moves to Monday 22:00; anchor Monday, offset 22:00, clamped to Tuesday's closing");
}

/* business durations, business days and the rest in UTC */
static void
TestArithmeticUTC(void)
{
	la_calctx  *c;

	/* 2026-01-05 and 2026-01-12 are Mondays */
	printf("# arithmetic: Mo-Fr 09:00-17:00, UTC\n");
	c = Cal("Mo-Fr 09:00-17:00; tz UTC");
	Add(c, T(2026, 1, 9, 9, 0), "8 business hours", T(2026, 1, 9, 17, 0),
		"uses up the day: lands on its closing");
	Add(c, T(2026, 1, 9, 16, 0), "2 business hours", T(2026, 1, 12, 10, 0), NULL);
	Add(c, T(2026, 1, 10, 10, 0), "1 business hour", T(2026, 1, 12, 10, 0), "from closed time");
	Add(c, T(2026, 1, 10, 10, 0), "8 business hours", T(2026, 1, 12, 17, 0), NULL);
	Add(c, T(2026, 1, 10, 10, 0), "0 business hours", T(2026, 1, 10, 10, 0),
		"w = 0 returns t even when closed");
	Add(c, T(2026, 1, 12, 9, 0), "40 business hours", T(2026, 1, 16, 17, 0), NULL);
	Add(c, T(2026, 1, 12, 9, 0), "40.000001 business hours", T(2026, 1, 19, 9, 0) + 3600,
		NULL);
	Add(c, T(2026, 1, 12, 9, 0), "1 business second", T(2026, 1, 12, 9, 0) + SEC, NULL);
	/* before 2000-01-01 instants are negative */
	Add(c, T(1999, 12, 31, 16, 0), "2 business hours", T(2000, 1, 3, 10, 0),
		"t before 2000 (negative instant)");
	Add(c, T(1990, 1, 1, 0, 0), "1 business hour", T(1990, 1, 1, 10, 0), "a Monday in 1990");
	Add(c, T(2000, 1, 3, 10, 0), "-2 business hours", T(1999, 12, 31, 16, 0), NULL);
	Add(c, T(1999, 12, 31, 16, 0), "1 business day", T(2000, 1, 3, 16, 0), NULL);
	Elapsed(c, T(1999, 12, 31, 16, 0), T(2000, 1, 3, 10, 0), 2 * HR, NULL);
	Next(c, T(1990, 1, 6, 0, 0), T(1990, 1, 8, 9, 0), NULL);
	Add(c, T(2026, 1, 12, 9, 0), "400 business hours", T(2026, 3, 20, 17, 0), "ten weeks");
	Add(c, T(2026, 1, 12, 10, 0), "-1 business hour", T(2026, 1, 12, 9, 0),
		"w < 0: the latest T");
	Add(c, T(2026, 1, 12, 9, 0), "-1 business hour", T(2026, 1, 9, 16, 0), NULL);
	Add(c, T(2026, 1, 12, 9, 30), "-1 business hour", T(2026, 1, 9, 16, 30), NULL);
	Add(c, T(2026, 1, 10, 10, 0), "-8 business hours", T(2026, 1, 9, 9, 0), NULL);
	Add(c, T(2026, 1, 12, 10, 0), "1 day", T(2026, 1, 13, 10, 0), "elapsed window");
	Add(c, T(2026, 1, 12, 10, 0), "-1 hour 30 minutes", T(2026, 1, 12, 8, 30),
		"elapsed window");
	Elapsed(c, T(2026, 1, 9, 16, 0), T(2026, 1, 12, 10, 0), 2 * HR, NULL);
	Elapsed(c, T(2026, 1, 12, 10, 0), T(2026, 1, 9, 16, 0), -2 * HR, "negative when b < a");
	Elapsed(c, T(2026, 1, 12, 10, 0), T(2026, 1, 12, 10, 0), 0, NULL);
	Elapsed(c, T(2026, 1, 10, 0, 0), T(2026, 1, 11, 0, 0), 0, "weekend");
	Elapsed(c, T(2026, 1, 1, 0, 0), T(2027, 1, 1, 0, 0), 261 * 8 * HR, "all of 2026");
	Elapsed(c, T(2026, 1, 12, 9, 0) + 1, T(2026, 1, 12, 9, 0) + 2, 1, NULL);
	IsBT(c, T(2026, 1, 12, 9, 0), true, "open is inclusive");
	IsBT(c, T(2026, 1, 12, 17, 0), false, "close is exclusive");
	IsBT(c, T(2026, 1, 12, 17, 0) - 1, true, NULL);
	IsBT(c, T(2026, 1, 12, 9, 0) - 1, false, NULL);
	IsBT(c, T(2026, 1, 10, 12, 0), false, "Saturday");
	Next(c, T(2026, 1, 10, 12, 0), T(2026, 1, 12, 9, 0), NULL);
	Next(c, T(2026, 1, 12, 10, 0), T(2026, 1, 12, 10, 0), "t if open");
	Next(c, T(2026, 1, 12, 17, 0), T(2026, 1, 13, 9, 0), NULL);
	/* business days */
	Add(c, T(2026, 1, 12, 10, 0), "1 business day", T(2026, 1, 13, 10, 0), NULL);
	Add(c, T(2026, 1, 9, 10, 0), "1 business day", T(2026, 1, 12, 10, 0), NULL);
	Add(c, T(2026, 1, 9, 16, 0), "1 business day", T(2026, 1, 12, 16, 0), NULL);
	Add(c, T(2026, 1, 10, 10, 0), "1 business day", T(2026, 1, 13, 9, 0),
		"Saturday moves to Monday 09:00 (anchor Monday)");
	Add(c, T(2026, 1, 12, 18, 0), "1 business day", T(2026, 1, 14, 9, 0),
		"Monday 18:00 moves to Tuesday 09:00");
	Add(c, T(2026, 1, 9, 18, 0), "2 business days", T(2026, 1, 14, 9, 0),
		"Friday 18:00 moves to Monday 09:00");
	Add(c, T(2026, 1, 12, 7, 0), "1 business day", T(2026, 1, 13, 9, 0),
		"Monday 07:00 moves to Monday 09:00");
	Add(c, T(2026, 1, 12, 9, 0), "1 business day", T(2026, 1, 13, 9, 0),
		"an opening instant is inside for N > 0");
	Add(c, T(2026, 1, 12, 17, 0), "-1 business day", T(2026, 1, 9, 17, 0),
		"a closing instant is inside for N < 0: anchor Monday, offset 17:00");
	Add(c, T(2026, 1, 12, 9, 0) + 1, "-1 business day", T(2026, 1, 9, 9, 0) + 1,
		"one microsecond after the opening is inside for N < 0");
	Add(c, T(2026, 1, 12, 17, 0) - 1, "1 business day", T(2026, 1, 13, 17, 0) - 1,
		"the last microsecond before the closing is inside for N > 0");
	Add(c, T(2026, 1, 12, 10, 0), "5 business days", T(2026, 1, 19, 10, 0), NULL);
	Add(c, T(2026, 1, 12, 10, 0), "-5 business days", T(2026, 1, 5, 10, 0), NULL);
	Add(c, T(2026, 1, 11, 10, 0), "-1 business day", T(2026, 1, 8, 17, 0),
		"Sunday moves back to Friday 17:00: the Thursday before, 17:00");
	Add(c, T(2026, 1, 12, 18, 0), "-1 business day", T(2026, 1, 9, 17, 0),
		"Monday 18:00 moves back to Monday 17:00: Friday 17:00");
	Add(c, T(2026, 1, 10, 11, 0), "-2 business days", T(2026, 1, 7, 17, 0),
		"Saturday moves back to Friday 17:00: Wednesday 17:00");
	Add(c, T(2026, 1, 12, 10, 0), "50 business days", T(2026, 3, 23, 10, 0), NULL);
	Add(c, T(2026, 1, 12, 10, 0), "-0 business days", T(2026, 1, 12, 10, 0), NULL);
	{
		int64_t		p[] = {T(2026, 1, 12, 10, 0), T(2026, 1, 12, 17, 0),
			T(2026, 1, 13, 9, 0), T(2026, 1, 13, 17, 0),
		T(2026, 1, 14, 9, 0), T(2026, 1, 14, 12, 0)};

		Periods(c, T(2026, 1, 12, 10, 0), T(2026, 1, 14, 12, 0), 3, p);
		Periods(c, T(2026, 1, 10, 0, 0), T(2026, 1, 11, 0, 0), 0, p);
		Periods(c, T(2026, 1, 14, 12, 0), T(2026, 1, 12, 10, 0), 0, p);
		Periods(c, T(2026, 1, 12, 10, 0), T(2026, 1, 12, 10, 0), 0, p);
	}

	printf("# arithmetic: lunch break\n");
	c = Cal("Mo-Fr 09:00-12:00,13:00-17:00; tz UTC");
	Add(c, T(2026, 1, 12, 9, 0), "3 business hours", T(2026, 1, 12, 12, 0),
		"lands on 12:00, not 13:00");
	Add(c, T(2026, 1, 12, 9, 0), "3.5 business hours", T(2026, 1, 12, 13, 30), NULL);
	Add(c, T(2026, 1, 12, 13, 30), "-30 business minutes", T(2026, 1, 12, 13, 0),
		"Monday 13:30 minus 30 minutes is 13:00");
	Add(c, T(2026, 1, 12, 13, 30), "-31 business minutes", T(2026, 1, 12, 11, 59), NULL);
	Add(c, T(2026, 1, 12, 12, 30), "1 business day", T(2026, 1, 13, 13, 0),
		"in the break: moves to 13:00 (offset 13:00)");
	Add(c, T(2026, 1, 12, 12, 0), "1 business day", T(2026, 1, 13, 13, 0),
		"12:00 is a closing instant: outside for N > 0");
	Add(c, T(2026, 1, 12, 12, 30), "-1 business day", T(2026, 1, 9, 13, 0),
		"in the break: back to 12:00; Friday 12:00 is in Friday's break: 13:00");
	Add(c, T(2026, 1, 12, 13, 0), "-1 business day", T(2026, 1, 9, 13, 0),
		"13:00 is an opening instant: back to 12:00, clamped as above");
	/* the clamp, on days with different spans */
	c = Cal("Mo 09:00-17:00; Tu 09:00-12:00,13:00-17:00; tz UTC");
	Add(c, T(2026, 1, 12, 12, 30), "1 business day", T(2026, 1, 13, 13, 0),
		"candidate Tuesday 12:30 is in a gap: the next opening that day");
	c = Cal("Mo 09:00-12:00,13:00-17:00; Tu 09:00-17:00; tz UTC");
	Add(c, T(2026, 1, 13, 12, 0), "-1 business day", T(2026, 1, 12, 13, 0),
		"candidate Monday 12:00 (a closing) is in Monday's gap: the next opening");
	Add(c, T(2026, 1, 13, 12, 30), "-1 business day", T(2026, 1, 12, 13, 0), NULL);
	Add(c, T(2026, 1, 13, 8, 0), "-1 business day", T(2026, 1, 6, 17, 0),
		"back to Monday 17:00 (anchor Monday): the Tuesday before, 17:00");
	Elapsed(c, T(2026, 1, 12, 0, 0), T(2026, 1, 13, 0, 0), 7 * HR, NULL);
	Next(c, T(2026, 1, 12, 12, 0), T(2026, 1, 12, 13, 0), NULL);
	{
		int64_t		p[] = {T(2026, 1, 12, 9, 0), T(2026, 1, 12, 12, 0),
		T(2026, 1, 12, 13, 0), T(2026, 1, 12, 17, 0)};

		Periods(c, T(2026, 1, 12, 0, 0), T(2026, 1, 13, 0, 0), 2, p);
	}

	printf("# arithmetic: overnight shifts\n");
	c = Cal("Mo-Fr 22:00-06:00; tz UTC");
	IsBT(c, T(2026, 1, 10, 5, 59), true, "Friday's shift on Saturday");
	IsBT(c, T(2026, 1, 10, 6, 0), false, NULL);
	IsBT(c, T(2026, 1, 12, 1, 0), false, "no Sunday shift");
	IsBT(c, T(2026, 1, 12, 22, 0), true, NULL);
	Add(c, T(2026, 1, 9, 23, 0), "8 business hours", T(2026, 1, 12, 23, 0), NULL);
	Add(c, T(2026, 1, 10, 1, 0), "-1 business day", T(2026, 1, 9, 1, 0),
		"anchor Friday, offset 25:00, target Thursday");
	Add(c, T(2026, 1, 12, 22, 0), "1 business day", T(2026, 1, 13, 22, 0), NULL);
	Add(c, T(2026, 1, 13, 3, 0), "1 business day", T(2026, 1, 14, 3, 0),
		"anchor Monday, offset 27:00");
	Add(c, T(2026, 1, 13, 12, 0), "1 business day", T(2026, 1, 14, 22, 0),
		"Tuesday noon moves to Tuesday 22:00 (anchor Tuesday)");
	Add(c, T(2026, 1, 13, 12, 0), "-1 business day", T(2026, 1, 10, 6, 0),
		"back to Tuesday 06:00, the closing of Monday's shift (anchor Monday, offset "
		"30:00): Friday's shift closes Saturday 06:00");
	Add(c, T(2026, 1, 10, 6, 0), "-1 business day", T(2026, 1, 9, 6, 0),
		"Friday's closing is inside for N < 0: anchor Friday, offset 30:00, Thursday's "
		"shift closes Friday 06:00");
	Add(c, T(2026, 1, 10, 6, 0), "1 business day", T(2026, 1, 13, 22, 0),
		"Friday's closing moves to Monday 22:00");
	Elapsed(c, T(2026, 1, 12, 0, 0), T(2026, 1, 19, 0, 0), 40 * HR,
			"five shifts; Friday's ends Saturday 06:00");
	{
		int64_t		p[] = {T(2026, 1, 9, 22, 0), T(2026, 1, 10, 6, 0),
		T(2026, 1, 12, 22, 0), T(2026, 1, 13, 6, 0)};

		Periods(c, T(2026, 1, 9, 12, 0), T(2026, 1, 13, 12, 0), 2, p);
	}
	c = Cal("Mo 22:00-02:00; Tu 09:00-17:00; tz UTC");
	Add(c, T(2026, 1, 12, 1, 0), "-1 business day", T(2026, 1, 5, 22, 0),
		"back to Tuesday 01-06 17:00 (anchor Tuesday); Monday 01-05 17:00 is before its "
		"own 22:00 opening");
	Add(c, T(2026, 1, 13, 1, 0), "1 business day", T(2026, 1, 13, 17, 0),
		"in Monday's shift (anchor Monday, offset 25:00): after Tuesday's closing");
	/*
	 * S3 taken literally is not monotone in N with long overnight spans:
	 * Monday 06:00 lies in Sunday's span (offset 30:00); +1 lands inside
	 * Monday's span, +2 is clamped back to Tuesday's own 01:00 closing.
	 */
	c = Cal("Su,Mo 23:00-22:00; Tu 00:00-01:00; tz UTC");
	Add(c, T(2026, 1, 12, 6, 0), "1 business day", T(2026, 1, 13, 6, 0),
		"anchor Sunday, offset 30:00, inside Monday's span");
	Add(c, T(2026, 1, 12, 6, 0), "2 business days", T(2026, 1, 13, 1, 0),
		"Tuesday + 30:00 is after Tuesday's last closing");
	c = Cal("Mo 20:00-02:00; Tu 01:00-03:00; tz UTC");
	Elapsed(c, T(2026, 1, 12, 0, 0), T(2026, 1, 14, 0, 0), 7 * HR,
			"Monday's tail and Tuesday's span are unioned");
	{
		int64_t		p[] = {T(2026, 1, 12, 20, 0), T(2026, 1, 13, 3, 0)};

		Periods(c, T(2026, 1, 12, 0, 0), T(2026, 1, 14, 0, 0), 1, p);
	}
	c = Cal("Mo-Fr 00:00-24:00; tz UTC");
	{
		int64_t		p[] = {T(2026, 1, 12, 0, 0), T(2026, 1, 17, 0, 0)};

		Periods(c, T(2026, 1, 10, 0, 0), T(2026, 1, 18, 0, 0), 1, p);
	}
	c = Cal("Mo 00:00-24:00,22:00-02:00; tz UTC");
	Elapsed(c, T(2026, 1, 11, 0, 0), T(2026, 1, 14, 0, 0), 26 * HR,
			"merged span longer than a day");
	c = Cal("Mo 08:00-24:00,23:00-07:00; tz UTC");
	Elapsed(c, T(2026, 1, 11, 0, 0), T(2026, 1, 14, 0, 0), 23 * HR, NULL);

	printf("# arithmetic: yearly and dated rules\n");
	c = Cal("Mo-Fr 09:00-17:00; 2026-01-13 off; tz UTC");
	Add(c, T(2026, 1, 12, 10, 0), "1 business day", T(2026, 1, 14, 10, 0), "skips the holiday");
	Add(c, T(2026, 1, 12, 16, 0), "2 business hours", T(2026, 1, 14, 10, 0), NULL);
	Elapsed(c, T(2026, 1, 12, 9, 0), T(2026, 1, 15, 9, 0), 16 * HR, NULL);
	Add(c, T(2026, 1, 13, 10, 0), "1 business day", T(2026, 1, 15, 9, 0),
		"the holiday moves to Wednesday 09:00 (anchor Wednesday)");
	Add(c, T(2026, 1, 13, 10, 0), "-1 business day", T(2026, 1, 9, 17, 0),
		"the holiday moves back to Monday 17:00 (anchor Monday)");

	c = Cal("Mo-Fr 09:00-17:00; 12-25 off; tz UTC");
	Add(c, T(2026, 12, 24, 16, 0), "2 business hours", T(2026, 12, 28, 10, 0),
		"Friday 12-25 is off every year");
	IsBT(c, T(2025, 12, 25, 10, 0), false, "Thursday 2025-12-25");
	IsBT(c, T(2025, 12, 26, 10, 0), true, NULL);

	c = Cal("12-25 off; 2026-12-25 09:00-12:00; Mo-Fr 09:00-17:00; tz UTC");
	IsBT(c, T(2026, 12, 25, 10, 0), true, "dated beats yearly");
	IsBT(c, T(2026, 12, 25, 13, 0), false, NULL);
	IsBT(c, T(2025, 12, 25, 10, 0), false, "yearly beats weekly");

	c = Cal("Mo-Fr 09:00-17:00; 2026-12-24..2026-12-31 off; 2026-12-28 09:00-12:00; tz UTC");
	IsBT(c, T(2026, 12, 28, 10, 0), true, "the later dated rule opens the 28th");
	IsBT(c, T(2026, 12, 28, 13, 0), false, NULL);
	IsBT(c, T(2026, 12, 29, 10, 0), false, NULL);
	IsBT(c, T(2026, 12, 23, 10, 0), true, NULL);
	IsBT(c, T(2027, 1, 4, 10, 0), true, NULL);
	Add(c, T(2026, 12, 23, 16, 0), "2 business hours", T(2026, 12, 28, 10, 0), NULL);
	Add(c, T(2026, 12, 23, 14, 0), "1 business day", T(2026, 12, 28, 12, 0),
		"target 12-28, 14:00 after its last closing");
	Add(c, T(2026, 12, 28, 11, 0), "1 business day", T(2027, 1, 1, 11, 0),
		"2027-01-01 is a Friday with no rule");
	Add(c, T(2027, 1, 1, 11, 0), "-1 business day", T(2026, 12, 28, 11, 0), NULL);

	c = Cal("Fr 22:00-02:00; 2026-01-09 off; tz UTC");
	IsBT(c, T(2026, 1, 10, 1, 0), false, "a holiday on Friday removes Friday's shift");
	IsBT(c, T(2026, 1, 17, 1, 0), true, NULL);
	c = Cal("Fr 22:00-02:00; 2026-01-10 off; tz UTC");
	IsBT(c, T(2026, 1, 10, 1, 0), true, "a rule for Saturday does not cut Friday's tail");
	c = Cal("Fr 22:00-02:00; Sa 09:00-10:00; 2026-01-10 01:00-03:00; tz UTC");
	Elapsed(c, T(2026, 1, 9, 0, 0), T(2026, 1, 11, 0, 0), 5 * HR,
			"Friday's 4h shift unioned with Saturday's dated 01:00-03:00");

	c = Cal("02-29 10:00-12:00; tz UTC");
	IsBT(c, T(2024, 2, 29, 11, 0), true, NULL);
	IsBT(c, T(2025, 3, 1, 11, 0), false, "02-29 only in leap years");
	Next(c, T(2024, 3, 1, 0, 0), T(2028, 2, 29, 10, 0), NULL);

	printf("# arithmetic: no answer, range, infinities\n");
	c = Cal("tz UTC");
	NextErr(c, T(2026, 1, 1, 0, 0), LA_ERR_PARAM);
	AddErr(c, T(2026, 1, 1, 0, 0), "1 business hour", LA_ERR_PARAM, "calendar with no hours");
	AddErr(c, T(2026, 1, 1, 0, 0), "1 business day", LA_ERR_PARAM, NULL);
	AddErr(c, T(2026, 1, 1, 0, 0), "-1 business hour", LA_ERR_PARAM, NULL);
	Add(c, T(2026, 1, 1, 0, 0), "0 business hours", T(2026, 1, 1, 0, 0), NULL);
	Add(c, T(2026, 1, 1, 0, 0), "0 business days", T(2026, 1, 1, 0, 0), NULL);
	Add(c, T(2026, 1, 1, 0, 0), "2 hours", T(2026, 1, 1, 2, 0), "elapsed window");
	Elapsed(c, T(2026, 1, 1, 0, 0), T(2027, 1, 1, 0, 0), 0, NULL);
	IsBT(c, T(2026, 1, 1, 0, 0), false, NULL);
	Periods(c, T(2026, 1, 1, 0, 0), T(2027, 1, 1, 0, 0), 0, NULL);

	c = Cal("2026-12-24 09:00-12:00; tz UTC");
	Add(c, T(2027, 1, 1, 0, 0), "-1 business hour", T(2026, 12, 24, 11, 0), NULL);
	AddErr(c, T(2027, 1, 1, 0, 0), "-1 business day", LA_ERR_PARAM,
		   "moves back to 12-24 12:00: no business day before it");
	AddErr(c, T(2026, 12, 1, 0, 0), "1 business day", LA_ERR_PARAM,
		   "moves to 12-24 09:00: no business day after it");
	AddErr(c, T(2027, 1, 1, 0, 0), "1 business day", LA_ERR_PARAM, NULL);
	AddErr(c, T(2026, 1, 1, 0, 0), "4 business hours", LA_ERR_PARAM, NULL);
	Add(c, T(2026, 1, 1, 0, 0), "3 business hours", T(2026, 12, 24, 12, 0), NULL);
	Elapsed(c, T(1990, 1, 1, 0, 0), T(2040, 1, 1, 0, 0), 3 * HR, NULL);

	/* business time far away still exists: S4's 22023 only when there is none */
	c = Cal("2100-01-01 10:00-11:00; tz UTC");
	Elapsed(c, T(2026, 1, 12, 0, 0), T(2200, 1, 1, 0, 0), HR, NULL);
	Next(c, T(2026, 1, 12, 0, 0), T(2100, 1, 1, 10, 0), "74 years ahead");
	Add(c, T(2026, 1, 12, 0, 0), "1 business hour", T(2100, 1, 1, 11, 0), NULL);
	AddErr(c, T(2026, 1, 12, 0, 0), "1 business day", LA_ERR_PARAM,
		   "moves to 2100-01-01 10:00, the only business day");
	Add(c, T(2200, 1, 1, 0, 0), "-1 business hour", T(2100, 1, 1, 10, 0), NULL);
	c = Cal("2100-01-01,2100-01-04 10:00-11:00; tz UTC");
	Add(c, T(2026, 1, 12, 0, 0), "1 business day", T(2100, 1, 4, 10, 0),
		"moves 74 years ahead to 2100-01-01 10:00, then one business day");
	Add(c, T(2200, 1, 1, 0, 0), "-1 business day", T(2100, 1, 1, 11, 0),
		"moves 100 years back to 2100-01-04 11:00, then one business day");
	c = Cal("9999-12-31 10:00-11:00; tz UTC");
	Add(c, T(2026, 1, 12, 0, 0), "1 business hour", T(9999, 12, 31, 11, 0), "the last year");
	c = Cal("1900-01-01 10:00-11:00; tz UTC");
	Add(c, T(2026, 1, 12, 0, 0), "-1 business hour", T(1900, 1, 1, 10, 0), "the first year");
	AddErr(c, T(2026, 1, 12, 0, 0), "-1 business day", LA_ERR_PARAM,
		   "moves back to 1900-01-01 11:00, the only business day");
	c = Cal("1900-01-01,1900-01-02 10:00-11:00; tz UTC");
	Add(c, T(2026, 1, 12, 0, 0), "-1 business day", T(1900, 1, 1, 11, 0),
		"moves back to 1900-01-02 11:00 (anchor 01-02, offset 11:00)");
	c = Cal("Mo-Fr 09:00-17:00; 2026-01-01..2028-09-26 off; tz UTC");
	Add(c, T(2025, 12, 31, 16, 0), "2 business hours", T(2028, 9, 27, 10, 0),
		"1000 days of holidays");
	Add(c, T(2025, 12, 31, 16, 0), "1 business day", T(2028, 9, 27, 16, 0), NULL);
	Add(c, T(2026, 1, 5, 10, 0), "1 business day", T(2028, 9, 28, 9, 0),
		"moves to Wednesday 2028-09-27 09:00, then Thursday");
	Add(c, T(2028, 9, 27, 8, 0), "-1 business day", T(2025, 12, 30, 17, 0),
		"moves back 1000 days to Wednesday 2025-12-31 17:00, then Tuesday 17:00");

	c = Cal("24/7; tz UTC");
	AddErr(c, LA_TS_END - HR, "2 business hours", LA_ERR_DATETIME, "past the timestamp range");
	AddErr(c, LA_TS_END - HR, "2 hours", LA_ERR_DATETIME, "elapsed window past the range");
	AddErr(c, LA_TS_MIN + HR, "-2 hours", LA_ERR_DATETIME, NULL);
	AddErr(c, LA_TS_MIN + HR, "-2 business hours", LA_ERR_DATETIME, NULL);
	Add(c, LA_TS_END - 2 * HR, "1 business hour", LA_TS_END - HR, NULL);
	/* the ends of the timestamp range (no signed overflow: see asan-check) */
	Elapsed(c, T(294276, 12, 1, 0, 0), LA_TS_END - 1, LA_TS_END - 1 - T(294276, 12, 1, 0, 0),
			"up to the last instant");
	Elapsed(c, LA_TS_MIN, LA_TS_MIN + DAY, DAY, "from the first instant");
	/* more than INT64_MAX microseconds of business time: no interval holds it */
	ElapsedErr(c, LA_TS_MIN, LA_TS_END - 1, LA_ERR_DATETIME);
	ElapsedErr(c, LA_TS_END - 1, LA_TS_MIN, LA_ERR_DATETIME);
	IsBT(c, LA_TS_END - 1, true, NULL);
	IsBT(c, LA_TS_MIN, true, NULL);
	Next(c, LA_TS_END - 1, LA_TS_END - 1, NULL);
	{
		int64_t		p[] = {T(294276, 12, 30, 0, 0), LA_TS_END};

		Periods(c, T(294276, 12, 30, 0, 0), LA_TS_END, 1, p);
	}
	c = Cal("Mo-Fr 09:00-17:00; tz Europe/Berlin");
	IsBT(c, LA_TS_END - 1, false, "294276-12-31 is a Sunday");
	IsBT(c, LA_TS_MIN + 10 * HR, true, "-4713-11-24 is a Monday");
	NextErr(c, LA_TS_END - 1, LA_ERR_DATETIME);
	AddErr(c, LA_TS_END - DAY, "1 business hour", LA_ERR_DATETIME, NULL);
	AddErr(c, LA_TS_END - DAY, "1 business day", LA_ERR_DATETIME, NULL);
	AddErr(c, LA_TS_MIN, "-1 business day", LA_ERR_DATETIME, NULL);
	Add(c, LA_TS_MIN, "1 business hour", LA_TS_MIN + 9 * HR, "09:00 CET is 08:00Z");
	c = Cal("24/7; tz UTC");
	Add(c, LA_TS_NOEND, "1 business hour", LA_TS_NOEND, "infinite t returns t");
	Add(c, LA_TS_NOBEGIN, "-1 business day", LA_TS_NOBEGIN, NULL);
	Add(c, LA_TS_NOEND, "1 hour", LA_TS_NOEND, NULL);
	ElapsedErr(c, LA_TS_NOBEGIN, T(2026, 1, 1, 0, 0), LA_ERR_DATETIME);
	ElapsedErr(c, T(2026, 1, 1, 0, 0), LA_TS_NOEND, LA_ERR_DATETIME);
	Elapsed(c, T(2026, 1, 1, 0, 0), T(2026, 1, 2, 0, 0), DAY, NULL);

	c = Cal("Mo-Fr 09:00-17:00; tz Asia/Kolkata");
	IsBT(c, TL(2026, 1, 12, 9, 0, 330), true, "09:00 IST is 03:30Z");
	IsBT(c, TL(2026, 1, 12, 9, 0, 330) - 1, false, NULL);
	Add(c, TL(2026, 1, 9, 16, 0, 330), "2 business hours", TL(2026, 1, 12, 10, 0, 330), NULL);
	c = Cal("Mo-Fr 09:00-17:00; tz Asia/Tokyo");
	Next(c, T(2026, 1, 11, 12, 0), TL(2026, 1, 12, 9, 0, 540), NULL);
}

/* spans across DST changes: S1 and S3 in the synthetic zones */
static void
TestArithmeticDST(void)
{
	la_calctx  *c;

	printf("# arithmetic: Europe/Berlin (2026-03-29 01:00Z, 2026-10-25 01:00Z)\n");
	c = Cal("Su 00:00-24:00; tz Europe/Berlin");
	Elapsed(c, TL(2026, 3, 29, 0, 0, 60), TL(2026, 3, 30, 0, 0, 120), 23 * HR,
			"spring forward: 23 hours");
	Elapsed(c, T(2026, 10, 20, 0, 0), T(2026, 10, 30, 0, 0), 25 * HR, NULL);
	c = Cal("Su 02:30-03:30; tz Europe/Berlin");
	Elapsed(c, T(2026, 3, 28, 0, 0), T(2026, 3, 30, 0, 0), 30 * MIN,
			"opens at the transition (01:00Z), closes 03:30 CEST (01:30Z)");
	Next(c, T(2026, 3, 28, 12, 0), T(2026, 3, 29, 1, 0), NULL);
	IsBT(c, T(2026, 10, 25, 0, 30), true, "first 02:30");
	IsBT(c, T(2026, 10, 25, 0, 30) - 1, false, NULL);
	IsBT(c, T(2026, 10, 25, 2, 29), true, "second 03:29");
	IsBT(c, T(2026, 10, 25, 2, 30), false, NULL);
	{
		int64_t		p[] = {T(2026, 10, 25, 0, 30), T(2026, 10, 25, 2, 30)};

		Periods(c, T(2026, 10, 24, 0, 0), T(2026, 10, 26, 0, 0), 1, p);
	}
	Add(c, TL(2026, 3, 28, 12, 0, 60), "1 business day", TL(2026, 4, 5, 3, 0, 120),
		"moves to the opening at the transition, wall clock 03:00 (offset 03:00)");
	Add(c, TL(2026, 10, 26, 12, 0, 60), "-1 business day", TL(2026, 10, 18, 3, 30, 120),
		"moves back to the closing 03:30 CET (offset 03:30), then 03:30 CEST");
	c = Cal("Su 02:00-03:00; tz Europe/Berlin");
	Elapsed(c, T(2026, 3, 28, 0, 0), T(2026, 3, 30, 0, 0), 0, "a span inside the gap is empty");
	Elapsed(c, T(2026, 10, 24, 0, 0), T(2026, 10, 26, 0, 0), 2 * HR,
			"first 02:00 (00:00Z) to the second 03:00 (02:00Z)");
	c = Cal("Su 01:00-02:30; tz Europe/Berlin");
	Elapsed(c, T(2026, 3, 28, 0, 0), T(2026, 3, 30, 0, 0), HR,
			"close in the gap: the transition instant");
	c = Cal("24/7; tz Europe/Berlin");
	Add(c, TL(2026, 3, 28, 12, 0, 60), "1 day", TL(2026, 3, 29, 13, 0, 120),
		"S5: elapsed windows are exact");
	Add(c, TL(2026, 10, 24, 2, 30, 120), "1 business day", TL(2026, 10, 25, 2, 30, 120),
		"ambiguous candidate: the first occurrence");
	Add(c, TL(2026, 10, 25, 2, 30, 60), "1 business day", TL(2026, 10, 26, 2, 30, 60),
		"from the second 02:30");
	Add(c, TL(2026, 10, 25, 2, 30, 60), "-1 business day", TL(2026, 10, 24, 2, 30, 120), NULL);
	Add(c, TL(2026, 3, 28, 12, 0, 60), "24 business hours", TL(2026, 3, 29, 13, 0, 120), NULL);
	Elapsed(c, T(2026, 3, 1, 0, 0), T(2026, 11, 1, 0, 0),
			T(2026, 11, 1, 0, 0) - T(2026, 3, 1, 0, 0), NULL);
	{
		int64_t		p[] = {T(2026, 3, 1, 0, 0), T(2026, 11, 1, 0, 0)};

		Periods(c, T(2026, 3, 1, 0, 0), T(2026, 11, 1, 0, 0), 1, p);
	}
	c = Cal("Mo-Fr 09:00-17:00; tz Europe/Berlin");
	Add(c, TL(2026, 3, 27, 16, 0, 60), "2 business hours", TL(2026, 3, 30, 10, 0, 120), NULL);
	Add(c, TL(2026, 3, 27, 10, 0, 60), "1 business day", TL(2026, 3, 30, 10, 0, 120), NULL);
	Add(c, TL(2026, 10, 26, 10, 0, 60), "-1 business day", TL(2026, 10, 23, 10, 0, 120), NULL);
	Elapsed(c, T(2026, 1, 1, 0, 0), T(2027, 1, 1, 0, 0), 261 * 8 * HR, NULL);

	c = Cal("Mo-Fr 09:00-12:00,13:00-17:00; Sa 10:00-14:00; 12-25,12-26 off; "
			"2026-12-24 09:00-12:00; 2026-12-31 off; tz Europe/Berlin");
	Elapsed(c, T(2026, 1, 1, 0, 0), T(2027, 1, 1, 0, 0),
			(261 * 7 + 52 * 4 - 4 - 7 - 4 - 7) * HR, "the README's example calendar over 2026");
	Add(c, T(2026, 1, 1, 0, 0), "2013 business hours", TL(2026, 12, 30, 17, 0, 60),
		"exactly all of 2026: the last closing");
	Add(c, TL(2026, 12, 24, 11, 0, 60), "2 business hours", TL(2026, 12, 28, 10, 0, 60), NULL);
	Add(c, TL(2026, 12, 23, 10, 0, 60), "1 business day", TL(2026, 12, 24, 10, 0, 60), NULL);
	Add(c, TL(2026, 12, 23, 10, 0, 60), "2 business days", TL(2026, 12, 28, 10, 0, 60), NULL);
	Add(c, TL(2026, 12, 23, 15, 0, 60), "1 business day", TL(2026, 12, 24, 12, 0, 60), NULL);
	Add(c, TL(2026, 12, 23, 12, 30, 60), "1 business day", TL(2026, 12, 24, 12, 0, 60),
		"in the break: moves to 13:00, after the 24th's last closing");

	printf("# arithmetic: America/Los_Angeles (2006-04-02 10:00Z; 2026-03-08 10:00Z, "
		   "2026-11-01 09:00Z)\n");
	c = Cal("Su 02:30-03:15; tz America/Los_Angeles");
	Elapsed(c, T(2006, 4, 1, 0, 0), T(2006, 4, 3, 0, 0), 15 * MIN, NULL);
	Next(c, TL(2026, 3, 8, 0, 0, -480), TL(2026, 3, 8, 3, 0, -420), NULL);
	c = Cal("Su 01:00-02:00; tz America/Los_Angeles");
	Elapsed(c, T(2026, 10, 31, 12, 0), T(2026, 11, 2, 0, 0), 2 * HR,
			"first 01:00 PDT (08:00Z) to 02:00 PST (10:00Z)");
	c = Cal("Mo-Su 02:00-03:00; tz America/Los_Angeles");
	Elapsed(c, T(2026, 3, 8, 8, 0), T(2026, 3, 9, 8, 0), 0, "the day's span is empty");
	Add(c, TL(2026, 3, 7, 2, 30, -480), "1 business day", TL(2026, 3, 9, 2, 30, -420),
		"a day whose only span is empty is not a business day");
	c = Cal("24/7; tz America/Los_Angeles");
	Add(c, TL(2026, 3, 7, 2, 30, -480), "1 business day", T(2026, 3, 8, 10, 0),
		"candidate in the gap");

	printf("# arithmetic: Test/Midnight (2026-11-01 03:00Z: 00:00->01:00; "
		   "2027-02-21 02:00Z: 00:00->Sat 23:00)\n");
	c = Cal("24/7; tz Test/Midnight");
	{
		int64_t		p[] = {T(2026, 10, 30, 0, 0), T(2026, 11, 3, 0, 0)};

		Periods(c, T(2026, 10, 30, 0, 0), T(2026, 11, 3, 0, 0), 1, p);
	}
	Add(c, TL(2026, 10, 31, 0, 30, -180), "1 business day", T(2026, 11, 1, 3, 0),
		"Nov 1 00:30 does not exist: the transition instant");
	Add(c, TL(2027, 2, 19, 23, 30, -120), "1 business day", TL(2027, 2, 20, 23, 30, -120),
		"ambiguous Feb 20 23:30: the first occurrence");
	Add(c, TL(2027, 2, 20, 23, 30, -180), "1 business day", TL(2027, 2, 21, 23, 30, -180),
		"from the second 23:30 (anchor Feb 20)");
	Add(c, TL(2027, 2, 20, 23, 30, -180), "-1 business day", TL(2027, 2, 19, 23, 30, -120),
		NULL);
	c = Cal("Su 00:00-24:00; tz Test/Midnight");
	Elapsed(c, T(2026, 10, 31, 0, 0), T(2026, 11, 3, 0, 0), 23 * HR, "Nov 1 lasts 23 hours");
	Next(c, T(2026, 10, 31, 12, 0), T(2026, 11, 1, 3, 0), "opens at the transition");
	c = Cal("Sa 00:00-24:00; tz Test/Midnight");
	Elapsed(c, T(2027, 2, 19, 0, 0), T(2027, 2, 22, 0, 0), 25 * HR, "Feb 20 lasts 25 hours");
	IsBT(c, T(2027, 2, 21, 2, 59), true, "the repeated 23:xx is Saturday's");
	IsBT(c, T(2027, 2, 21, 3, 0), false, NULL);
	c = Cal("Su 00:00-01:00; tz Test/Midnight");
	Elapsed(c, T(2026, 10, 31, 0, 0), T(2026, 11, 3, 0, 0), 0,
			"00:00-01:00 on Nov 1 is empty (opens and closes at 03:00Z)");
	Add(c, TL(2026, 10, 25, 0, 30, -180), "1 business day", TL(2026, 11, 8, 0, 30, -120),
		"Nov 1 is not a business day");
	Next(c, T(2026, 10, 31, 12, 0), TL(2026, 11, 8, 0, 0, -120), NULL);
	c = Cal("Su 00:00-03:00; tz Test/Midnight");
	Elapsed(c, T(2026, 10, 31, 0, 0), T(2026, 11, 3, 0, 0), 2 * HR, NULL);
	c = Cal("Sa 23:00-24:00; tz Test/Midnight");
	Elapsed(c, T(2027, 2, 15, 0, 0), T(2027, 2, 22, 0, 0), 2 * HR,
			"first 23:00 (01:00Z) to midnight (03:00Z)");
	IsBT(c, T(2027, 2, 21, 2, 30), true, NULL);
	c = Cal("Sa 23:30-24:00; tz Test/Midnight");
	Elapsed(c, T(2027, 2, 15, 0, 0), T(2027, 2, 22, 0, 0), 90 * MIN, NULL);
	c = Cal("Sa 22:00-23:30; tz Test/Midnight");
	Elapsed(c, T(2027, 2, 15, 0, 0), T(2027, 2, 22, 0, 0), 150 * MIN,
			"22:00 -02 (00:00Z) to the second 23:30 (02:30Z)");
	c = Cal("Sa 22:00-02:00; tz Test/Midnight");
	Elapsed(c, T(2027, 2, 15, 0, 0), T(2027, 2, 22, 0, 0), 5 * HR,
			"overnight across the fall-back: 00:00Z to 05:00Z");
	c = Cal("Sa 22:00-02:00; tz Test/Midnight");
	Elapsed(c, T(2026, 10, 26, 0, 0), T(2026, 11, 2, 0, 0), 3 * HR,
			"overnight across the gap: 01:00Z to 04:00Z");
}

/* property checks over grids of instants (cheap versions of the fuzz invariants) */
static void
TestProperties(void)
{
	static const char *cals[] = {
		("Mo-Fr 09:00-12:00,13:00-17:00; Sa 10:00-14:00; 12-25,12-26 off; "
		 "2026-12-24 09:00-12:00; 2026-12-31 off; tz Europe/Berlin"),
		"Mo-Fr 22:00-06:00; Sa 05:00-12:00; tz UTC",
		"24/7; Su off; tz Test/Midnight",
		"Mo-Su 00:00-01:00,23:00-23:30; tz Test/Midnight",
		"Mo-Su 01:30-02:30; tz America/Los_Angeles",
	};
	static const int64_t ws[] = {0, 1, 30 * MIN, 3 * HR, 7 * HR + 1, 50 * HR};
	size_t		i,
				j;

	printf("# properties over grids of instants\n");
	for (i = 0; i < sizeof(cals) / sizeof(cals[0]); i++)
	{
		la_calctx  *c = Cal(cals[i]);
		int64_t		t;
		int			bad = 0;
		char		diag[512] = "";
		char		name[512];
		int64_t		start = i == 4 ? T(2026, 3, 1, 0, 0) :
			i >= 2 ? T(2026, 10, 25, 0, 0) : T(2026, 12, 20, 0, 0);

		if (c == NULL)
			continue;
		for (t = start; t < start + 20 * DAY; t += 37 * MIN + 1)
		{
			int64_t		prev = t;

			for (j = 0; j < sizeof(ws) / sizeof(ws[0]) && !bad; j++)
			{
				la_window	w = {LA_W_BUSINESS, ws[j]};
				la_error	err;
				int64_t		r,
							e,
							r2,
							e2;

				memset(&err, 0, sizeof(err));
				if (!la_business_add(c, t, &w, &r, &err) ||
					!la_business_elapsed(c, t, r, &e, &err))
				{
					bad++;
					snprintf(diag, sizeof(diag), "t=%s w=%s: error %s \"%s\"", Ts(t),
							 Dur(ws[j]), CodeName(err.code), err.msg);
					break;
				}
				if (e != ws[j] || r < prev ||
					(ws[j] > 0 && la_business_elapsed(c, t, r - 1, &e2, &err) && e2 >= ws[j]))
				{
					bad++;
					snprintf(diag, sizeof(diag),
							 "t=%s w=%s: business_add=%s, elapsed(t, that)=%s",
							 Ts(t), Dur(ws[j]), Ts(r), Dur(e));
				}
				prev = r;
				/* the negative direction */
				w.value = -ws[j];
				if (la_business_add(c, t, &w, &r2, &err) &&
					(!la_business_elapsed(c, r2, t, &e2, &err) || e2 != ws[j] || r2 > t))
				{
					bad++;
					snprintf(diag, sizeof(diag),
							 "t=%s w=-%s: business_add=%s, elapsed(that, t)=%s",
							 Ts(t), Dur(ws[j]), Ts(r2), Dur(e2));
				}
			}
			/*
			 * business days: the result is business time or a closing
			 * instant; it does not move against N; and it is the result
			 * from where S3 moves t (the next opening for N > 0, the
			 * previous closing for N < 0, found here through
			 * next_business_time and a business microsecond back)
			 */
			for (j = 1; j <= 3 && !bad; j++)
			{
				int			sign;

				for (sign = 1; sign >= -1 && !bad; sign -= 2)
				{
					la_window	w = {LA_W_DAYS, sign * (int64_t) j};
					la_window	us = {LA_W_BUSINESS, -1};
					la_error	err;
					int64_t		r,
								mv,
								rmv;
					bool		b1 = false,
								b2 = false,
								okmv;

					memset(&err, 0, sizeof(err));
					if (!la_business_add(c, t, &w, &r, &err))
						continue;
					if (sign > 0)
						okmv = la_next_business_time(c, t, &mv, &err);
					else
					{
						okmv = la_business_add(c, t, &us, &mv, &err);
						mv++;
					}
					if (!la_is_business_time(c, r, &b1, &err) ||
						!la_is_business_time(c, r - 1, &b2, &err) || !(b1 || b2))
						snprintf(diag, sizeof(diag), "t=%s %+d business days = %s: not "
								 "business time nor a closing", Ts(t), sign * (int) j, Ts(r));
					else if (sign > 0 ? r < t : r > t)
						snprintf(diag, sizeof(diag), "t=%s %+d business days = %s: moves "
								 "against N", Ts(t), sign * (int) j, Ts(r));
					else if (!okmv || !la_business_add(c, mv, &w, &rmv, &err) || rmv != r)
						snprintf(diag, sizeof(diag), "t=%s %+d business days = %s, but from "
								 "%s (where S3 moves t) it is %s", Ts(t), sign * (int) j,
								 Ts(r), okmv ? Ts(mv) : "(none)", okmv ? Ts(rmv) : "-");
					else
						continue;
					bad++;
				}
			}
			if (bad)
				break;
		}
		snprintf(name, sizeof(name), "[%s] add/elapsed invariants over 20 days", cals[i]);
		Report(bad == 0, name, "%s", diag);
	}
}

/* S7: long ranges are cheap (informational timing, loose bound) */
static void
TestCost(void)
{
	la_calctx  *c = Cal("Mo-Fr 09:00-12:00,13:00-17:00; 12-25 off; tz Europe/Berlin");
	la_error	err;
	int64_t		r;
	clock_t		t0 = clock();
	double		secs;
	la_window	w = {LA_W_BUSINESS, 100000 * HR};
	bool		ok;

	if (c == NULL)
		return;
	memset(&err, 0, sizeof(err));
	ok = la_business_elapsed(c, T(1950, 1, 1, 0, 0), T(2050, 1, 1, 0, 0), &r, &err) &&
		la_business_add(c, T(1950, 1, 1, 0, 0), &w, &r, &err);
	secs = (double) (clock() - t0) / CLOCKS_PER_SEC;
	printf("# cost: 100-year business_elapsed + 100000-hour business_add: %.3f s\n", secs);
	Report(ok && secs < 5.0, "[S7] 100 years of business time computed in under 5 s",
		   "got %s in %.3f s", ok ? "ok" : CodeName(err.code), secs);
}

/* The tests of la_btime.c, in order; frees the calendars they built. */
void
TestBtime(void)
{
	TestWorkedExamples();
	TestArithmeticUTC();
	TestArithmeticDST();
	TestProperties();
	TestCost();
	FreeCals();
}
