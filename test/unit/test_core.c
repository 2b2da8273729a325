/*
 * test_core.c -- unit tests of the lead_align pure C core (TAP output).
 *
 * Covers the sla_window parser and printer, the business_calendar parser and
 * printer, the date helpers and the business-time arithmetic
 * (including every worked example of its table), using the synthetic zones of
 * la_tz_test.c.  Every expectation below is derived by hand from the contract
 * (the README: sla_window, business_calendar and Semantics); the comment next
 * to a case says which rule decides it.
 *
 * Instants are int64 microseconds since 2000-01-01 00:00 UTC; T() builds one
 * from a UTC wall-clock reading, TL() from a local reading and its offset.
 *
 * Usage: ./test_core [-v]   (exit status 1 when any test fails)
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "la_core.h"
#include "la_test.h"
#include "la_tap.h"

#define SEC		LA_USECS_PER_SEC
#define MIN		LA_USECS_PER_MIN
#define HR		LA_USECS_PER_HOUR
#define DAY		LA_USECS_PER_DAY

static const char *
CodeName(la_errcode c)
{
	switch (c)
	{
		case LA_OK:
			return "OK";
		case LA_ERR_SYNTAX:
			return "22P02";
		case LA_ERR_RANGE:
			return "22003";
		case LA_ERR_DATETIME:
			return "22008";
		case LA_ERR_PARAM:
			return "22023";
		case LA_ERR_LIMIT:
			return "54000";
	}
	return "?";
}

/* ---------- instants ---------- */

#define PG_EPOCH_UNIX_DAYS INT64_C(10957)

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

/* print an instant as UTC, for diagnostics; returns a rotating buffer */
static const char *
Ts(int64_t t)
{
	static char bufs[8][64];
	static int	k = 0;
	char	   *buf = bufs[k++ % 8];
	int64_t		days,
				us,
				y;
	int			m,
				d;

	if (t == LA_TS_NOBEGIN)
		return "-infinity";
	if (t == LA_TS_NOEND)
		return "infinity";
	days = t / DAY;
	us = t % DAY;
	if (us < 0)
	{
		us += DAY;
		days--;
	}
	la_test_civil_from_days(days + PG_EPOCH_UNIX_DAYS, &y, &m, &d);
	snprintf(buf, 64, "%04" PRId64 "-%02d-%02d %02d:%02d:%02d.%06dZ", y, m, d,
			 (int) (us / HR), (int) (us / MIN % 60), (int) (us / SEC % 60),
			 (int) (us % SEC));
	return buf;
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

/* ---------- sla_window ---------- */

static const char *
KindName(int k)
{
	return k == LA_W_ELAPSED ? "elapsed" : k == LA_W_BUSINESS ? "business" :
		k == LA_W_DAYS ? "days" : "?";
}

/* parse a window that the test knows to be valid */
static la_window
W(const char *s)
{
	la_window	w;
	la_error	err;

	memset(&err, 0, sizeof(err));
	if (!la_window_parse(s, &w, &err))
	{
		printf("# test setup: window '%s' refused: %s\n", s, err.msg);
		w.kind = LA_W_ELAPSED;
		w.value = 0;
	}
	return w;
}

/*
 * true if msg quotes tok: a "..." or '...' segment of msg contains tok (the
 * implementation may quote a larger token, e.g. "sunrise-sunset" for sunrise)
 */
static bool
Quotes(const char *msg, const char *tok)
{
	const char *p = msg;

	while (*p)
	{
		const char *q;

		if (*p != '"' && *p != '\'')
		{
			p++;
			continue;
		}
		q = strchr(p + 1, *p);
		if (q == NULL)
			break;
		{
			char		seg[300];
			size_t		n = (size_t) (q - p - 1);

			if (n >= sizeof(seg))
				n = sizeof(seg) - 1;
			memcpy(seg, p + 1, n);
			seg[n] = '\0';
			if (strstr(seg, tok) != NULL)
				return true;
		}
		p = q + 1;
	}
	return false;
}

/* input s is accepted as (kind, value) and prints as canon; in(out(x)) = x */
static void
WinOk(const char *s, const char *canon, la_wkind kind, int64_t value)
{
	la_window	w,
				w2;
	la_error	err;
	char		buf[LA_WINDOW_BUFLEN];
	char		buf2[LA_WINDOW_BUFLEN];
	char		name[256];

	memset(&err, 0, sizeof(err));
	snprintf(name, sizeof(name), "window '%s' -> '%s'", s, canon);
	if (!la_window_parse(s, &w, &err))
	{
		Report(false, name, "got error %s \"%s\" expected '%s'",
			   CodeName(err.code), err.msg, canon);
		return;
	}
	la_window_format(&w, buf);
	if (!Report(w.kind == kind && w.value == value && strcmp(buf, canon) == 0, name,
				"got %s %" PRId64 " '%s' expected %s %" PRId64 " '%s'",
				KindName(w.kind), w.value, buf, KindName(kind), value, canon))
		return;
	snprintf(name, sizeof(name), "window '%s' in(out(x)) = x", s);
	if (!la_window_parse(buf, &w2, &err))
	{
		Report(false, name, "got error %s \"%s\" reparsing '%s'",
			   CodeName(err.code), err.msg, buf);
		return;
	}
	la_window_format(&w2, buf2);
	Report(w2.kind == w.kind && w2.value == w.value && strcmp(buf, buf2) == 0, name,
		   "got %s %" PRId64 " '%s' expected %s %" PRId64 " '%s'",
		   KindName(w2.kind), w2.value, buf2, KindName(w.kind), w.value, buf);
}

/* input s is refused with code; the message quotes tok when tok != NULL */
static void
WinErr(const char *s, la_errcode code, const char *tok)
{
	la_window	w;
	la_error	err;
	char		name[256];
	bool		ok;

	memset(&err, 0, sizeof(err));
	snprintf(name, sizeof(name), "window '%s' refused with %s", s, CodeName(code));
	ok = la_window_parse(s, &w, &err);
	if (ok)
	{
		char		buf[LA_WINDOW_BUFLEN];

		la_window_format(&w, buf);
		Report(false, name, "got accepted as '%s' expected %s", buf, CodeName(code));
		return;
	}
	if (!Report(err.code == code, name, "got %s \"%s\" expected %s",
				CodeName(err.code), err.msg, CodeName(code)))
		return;
	if (tok != NULL)
	{
		snprintf(name, sizeof(name), "window '%s' message quotes \"%s\"", s, tok);
		Report(Quotes(err.msg, tok), name, "got \"%s\" expected it to quote \"%s\"",
			   err.msg, tok);
	}
	snprintf(name, sizeof(name), "window '%s' error has a hint", s);
	Report(err.hint[0] != '\0', name, "got empty hint (message \"%s\")", err.msg);
}

static void
TestWindows(void)
{
	static const char *sec[] = {"second", "seconds", "sec", "secs", "s"};
	static const char *min[] = {"minute", "minutes", "min", "mins"};
	static const char *hr[] = {"hour", "hours", "hr", "hrs", "h"};
	static const char *day[] = {"day", "days", "d"};
	char		in[128];
	size_t		i;

	printf("# sla_window: every unit spelling\n");
	for (i = 0; i < sizeof(sec) / sizeof(sec[0]); i++)
	{
		snprintf(in, sizeof(in), "2 %s", sec[i]);
		WinOk(in, "2 seconds", LA_W_ELAPSED, 2 * SEC);
		snprintf(in, sizeof(in), "2 business %s", sec[i]);
		WinOk(in, "2 business seconds", LA_W_BUSINESS, 2 * SEC);
	}
	for (i = 0; i < sizeof(min) / sizeof(min[0]); i++)
	{
		snprintf(in, sizeof(in), "2 %s", min[i]);
		WinOk(in, "2 minutes", LA_W_ELAPSED, 2 * MIN);
		snprintf(in, sizeof(in), "2 business %s", min[i]);
		WinOk(in, "2 business minutes", LA_W_BUSINESS, 2 * MIN);
	}
	for (i = 0; i < sizeof(hr) / sizeof(hr[0]); i++)
	{
		snprintf(in, sizeof(in), "2 %s", hr[i]);
		WinOk(in, "2 hours", LA_W_ELAPSED, 2 * HR);
		snprintf(in, sizeof(in), "2 business %s", hr[i]);
		WinOk(in, "2 business hours", LA_W_BUSINESS, 2 * HR);
	}
	for (i = 0; i < sizeof(day) / sizeof(day[0]); i++)
	{
		snprintf(in, sizeof(in), "2 %s", day[i]);
		WinOk(in, "2 days", LA_W_ELAPSED, 2 * DAY);
		snprintf(in, sizeof(in), "2 business %s", day[i]);
		WinOk(in, "2 business days", LA_W_DAYS, 2);
	}

	printf("# sla_window: singular, compound, canonical order\n");
	WinOk("1 second", "1 second", LA_W_ELAPSED, SEC);
	WinOk("1 min", "1 minute", LA_W_ELAPSED, MIN);
	WinOk("1 h", "1 hour", LA_W_ELAPSED, HR);
	WinOk("1 d", "1 day", LA_W_ELAPSED, DAY);
	WinOk("1 business hour", "1 business hour", LA_W_BUSINESS, HR);
	WinOk("1 business day", "1 business day", LA_W_DAYS, 1);
	WinOk("30 seconds", "30 seconds", LA_W_ELAPSED, 30 * SEC);
	WinOk("1 hour 30 minutes", "1 hour 30 minutes", LA_W_ELAPSED, 90 * MIN);
	WinOk("90 minutes", "1 hour 30 minutes", LA_W_ELAPSED, 90 * MIN);
	WinOk("30 minutes 1 hour", "1 hour 30 minutes", LA_W_ELAPSED, 90 * MIN);
	WinOk("1 hour 1 hour", "2 hours", LA_W_ELAPSED, 2 * HR);
	WinOk("3 days", "3 days", LA_W_ELAPSED, 3 * DAY);
	WinOk("25 hours", "1 day 1 hour", LA_W_ELAPSED, 25 * HR);
	WinOk("86400 seconds", "1 day", LA_W_ELAPSED, DAY);
	WinOk("86401 s", "1 day 1 second", LA_W_ELAPSED, DAY + SEC);
	WinOk("1 day 1 hour 1 minute 1 second", "1 day 1 hour 1 minute 1 second",
		  LA_W_ELAPSED, DAY + HR + MIN + SEC);
	WinOk("2 d 3 h 4 min 5 s", "2 days 3 hours 4 minutes 5 seconds",
		  LA_W_ELAPSED, 2 * DAY + 3 * HR + 4 * MIN + 5 * SEC);
	WinOk("1 day 30 seconds", "1 day 30 seconds", LA_W_ELAPSED, DAY + 30 * SEC);
	WinOk("4 business hours", "4 business hours", LA_W_BUSINESS, 4 * HR);
	WinOk("90 business minutes", "1 business hour 30 business minutes",
		  LA_W_BUSINESS, 90 * MIN);
	WinOk("10800.5 business seconds", "3 business hours 0.5 business seconds",
		  LA_W_BUSINESS, 3 * HR + SEC / 2);
	/* business durations never print days */
	WinOk("48 business hours", "48 business hours", LA_W_BUSINESS, 48 * HR);
	WinOk("100000 business minutes", "1666 business hours 40 business minutes",
		  LA_W_BUSINESS, 100000 * MIN);
	WinOk("1 business hour 1 business minute 1 business second",
		  "1 business hour 1 business minute 1 business second",
		  LA_W_BUSINESS, HR + MIN + SEC);
	WinOk("1 business day 2 business days", "3 business days", LA_W_DAYS, 3);

	printf("# sla_window: zero of each kind prints distinctly (equality = equal text)\n");
	WinOk("0 seconds", "0 seconds", LA_W_ELAPSED, 0);
	WinOk("0 days", "0 seconds", LA_W_ELAPSED, 0);
	WinOk("-0 hours", "0 seconds", LA_W_ELAPSED, 0);
	WinOk("0.0000004 s", "0 seconds", LA_W_ELAPSED, 0);
	WinOk("0 business hours", "0 business seconds", LA_W_BUSINESS, 0);
	WinOk("0 business days", "0 business days", LA_W_DAYS, 0);
	WinOk("-0 business days", "0 business days", LA_W_DAYS, 0);

	printf("# sla_window: signs and white space\n");
	WinOk("-1 hour 30 minutes", "-1 hour 30 minutes", LA_W_ELAPSED, -90 * MIN);
	WinOk("+2 hours", "2 hours", LA_W_ELAPSED, 2 * HR);
	WinOk("-2 business days", "-2 business days", LA_W_DAYS, -2);
	WinOk("-1 business days", "-1 business day", LA_W_DAYS, -1);
	WinOk("-90 business minutes", "-1 business hour 30 business minutes",
		  LA_W_BUSINESS, -90 * MIN);
	WinOk("-0.5 s", "-0.5 seconds", LA_W_ELAPSED, -SEC / 2);
	WinOk("  1 hour  ", "1 hour", LA_W_ELAPSED, HR);
	WinOk("1   hour    30   minutes", "1 hour 30 minutes", LA_W_ELAPSED, 90 * MIN);
	WinOk("\t1 hour\n", "1 hour", LA_W_ELAPSED, HR);
	WinOk("4   business   hours", "4 business hours", LA_W_BUSINESS, 4 * HR);

	printf("# sla_window: decimals, microsecond resolution, round half to even\n");
	WinOk("0.5 seconds", "0.5 seconds", LA_W_ELAPSED, SEC / 2);
	WinOk("0.1 s", "0.1 seconds", LA_W_ELAPSED, SEC / 10);
	WinOk("1.000001 s", "1.000001 seconds", LA_W_ELAPSED, SEC + 1);
	WinOk("0.000001 s", "0.000001 seconds", LA_W_ELAPSED, 1);
	WinOk("1.5 hours", "1 hour 30 minutes", LA_W_ELAPSED, 90 * MIN);
	WinOk("1.5 business hours", "1 business hour 30 business minutes",
		  LA_W_BUSINESS, 90 * MIN);
	WinOk("0.25 days", "6 hours", LA_W_ELAPSED, 6 * HR);
	WinOk("0.0000005 s", "0 seconds", LA_W_ELAPSED, 0);	/* 0.5 us -> 0 */
	WinOk("0.0000015 s", "0.000002 seconds", LA_W_ELAPSED, 2);	/* 1.5 -> 2 */
	WinOk("0.0000025 s", "0.000002 seconds", LA_W_ELAPSED, 2);	/* 2.5 -> 2 */
	WinOk("0.0000035 s", "0.000004 seconds", LA_W_ELAPSED, 4);	/* 3.5 -> 4 */
	WinOk("0.00000250001 s", "0.000003 seconds", LA_W_ELAPSED, 3);
	WinOk("0.0000024999999 s", "0.000002 seconds", LA_W_ELAPSED, 2);
	WinOk("-0.0000025 s", "-0.000002 seconds", LA_W_ELAPSED, -2);
	WinOk("-0.0000035 s", "-0.000004 seconds", LA_W_ELAPSED, -4);
	WinOk("1.49999999999999999999999999 s", "1.5 seconds", LA_W_ELAPSED, 3 * SEC / 2);
	WinOk("0.000000125 minutes", "0.000008 seconds", LA_W_ELAPSED, 8);	/* 7.5 us */
	WinOk("0.000000375 minutes", "0.000022 seconds", LA_W_ELAPSED, 22);	/* 22.5 us */
	WinOk("0.00000000125 hours", "0.000004 seconds", LA_W_ELAPSED, 4);	/* 4.5 us */
	WinOk("0.00000000375 hours", "0.000014 seconds", LA_W_ELAPSED, 14);	/* 13.5 us */
	WinOk("0.00000000015625 days", "0.000014 seconds", LA_W_ELAPSED, 14);	/* 13.5 us */
	WinOk("0.00000000046875 days", "0.00004 seconds", LA_W_ELAPSED, 40);	/* 40.5 us */
	WinOk("0.0000025 business seconds", "0.000002 business seconds", LA_W_BUSINESS, 2);
	/* the rounding applies to the whole window, after summing? each part is exact here */
	WinOk("1 hour 0.5 seconds", "1 hour 0.5 seconds", LA_W_ELAPSED, HR + SEC / 2);
	WinOk("007 minutes", "7 minutes", LA_W_ELAPSED, 7 * MIN);

	printf("# sla_window: range\n");
	WinOk("13000000 days", "13000000 days", LA_W_ELAPSED, 13000000 * DAY);
	WinOk("1152921504606.846975 seconds",
		  "13343998 days 21 hours 30 minutes 6.846975 seconds",
		  LA_W_ELAPSED, LA_W_MAXVAL - 1);
	WinOk("-1152921504606.846975 seconds",
		  "-13343998 days 21 hours 30 minutes 6.846975 seconds",
		  LA_W_ELAPSED, -(LA_W_MAXVAL - 1));
	WinOk("1152921504606.846975 business seconds",
		  "320255973 business hours 30 business minutes 6.846975 business seconds",
		  LA_W_BUSINESS, LA_W_MAXVAL - 1);
	WinOk("1000000 business days", "1000000 business days", LA_W_DAYS, 1000000);
	WinErr("13400000 days", LA_ERR_RANGE, NULL);
	WinErr("99999999999999999999999999 seconds", LA_ERR_RANGE, NULL);
	WinErr("1152921504606.846976 seconds", LA_ERR_RANGE, NULL);
	WinErr("-1152921504606.846976 seconds", LA_ERR_RANGE, NULL);
	WinErr("1152921504606.8469755 seconds", LA_ERR_RANGE, NULL);	/* rounds to 2^60 */
	WinErr("1152921504606846976 business days", LA_ERR_RANGE, NULL);
	WinErr("13000000 days 13000000 days", LA_ERR_RANGE, NULL);
	WinErr("99999999999999999999999999999999999999 business days", LA_ERR_RANGE, NULL);

	printf("# sla_window: refusals\n");
	WinErr("5 m", LA_ERR_SYNTAX, "m");
	WinErr("5 business m", LA_ERR_SYNTAX, "m");
	WinErr("1 week", LA_ERR_SYNTAX, "week");
	WinErr("1 month", LA_ERR_SYNTAX, "month");
	WinErr("1 ms", LA_ERR_SYNTAX, "ms");
	WinErr("1.5 business days", LA_ERR_SYNTAX, NULL);
	WinErr("1 business day 2 business hours", LA_ERR_SYNTAX, NULL);
	WinErr("2 business hours 1 business day", LA_ERR_SYNTAX, NULL);
	WinErr("1 hour 2 business hours", LA_ERR_SYNTAX, NULL);
	WinErr("2 business hours 1 hour", LA_ERR_SYNTAX, NULL);
	WinErr("1 day 1 business day", LA_ERR_SYNTAX, NULL);
	WinErr("", LA_ERR_SYNTAX, NULL);
	WinErr("   ", LA_ERR_SYNTAX, NULL);
	WinErr("1", LA_ERR_SYNTAX, NULL);
	WinErr("hour", LA_ERR_SYNTAX, NULL);
	WinErr("1 business", LA_ERR_SYNTAX, NULL);
	WinErr("business 1 hour", LA_ERR_SYNTAX, NULL);
	WinErr(".5 hours", LA_ERR_SYNTAX, NULL);
	WinErr("5. hours", LA_ERR_SYNTAX, NULL);
	WinErr("1,5 hours", LA_ERR_SYNTAX, NULL);
	WinErr("1e3 seconds", LA_ERR_SYNTAX, NULL);
	WinErr("1 hour,", LA_ERR_SYNTAX, NULL);
	WinErr("--1 hour", LA_ERR_SYNTAX, NULL);
	WinErr("+-1 hour", LA_ERR_SYNTAX, NULL);
	WinErr("1 hour -30 minutes", LA_ERR_SYNTAX, NULL);
	WinErr("1 hourx", LA_ERR_SYNTAX, NULL);
	WinErr("1 hours business", LA_ERR_SYNTAX, NULL);
	WinErr("-", LA_ERR_SYNTAX, NULL);
	WinErr("1 hour 30", LA_ERR_SYNTAX, NULL);
}

/* windows in ascending order of la_window_cmp */
static void
TestWindowOrder(void)
{
	la_window	ws[] = {
		{LA_W_ELAPSED, -(LA_W_MAXVAL - 1)}, {LA_W_ELAPSED, -1}, {LA_W_ELAPSED, 0},
		{LA_W_ELAPSED, 1}, {LA_W_ELAPSED, HR}, {LA_W_ELAPSED, LA_W_MAXVAL - 1},
		{LA_W_BUSINESS, -(LA_W_MAXVAL - 1)}, {LA_W_BUSINESS, -HR}, {LA_W_BUSINESS, 0},
		{LA_W_BUSINESS, 1}, {LA_W_BUSINESS, LA_W_MAXVAL - 1},
		{LA_W_DAYS, -(LA_W_MAXVAL - 1)}, {LA_W_DAYS, -1}, {LA_W_DAYS, 0},
		{LA_W_DAYS, 1}, {LA_W_DAYS, 5}, {LA_W_DAYS, LA_W_MAXVAL - 1},
	};
	size_t		n = sizeof(ws) / sizeof(ws[0]);
	size_t		i,
				j;
	int			bad = 0;
	int			packbad = 0;
	int			packorder = 0;
	char		diag[256] = "";
	la_error	err;
	la_window	w;
	char		buf[LA_WINDOW_BUFLEN];

	printf("# sla_window: packing and ordering\n");
	for (i = 0; i < n; i++)
	{
		la_window	u;

		la_window_unpack(la_window_pack(&ws[i]), &u);
		if (u.kind != ws[i].kind || u.value != ws[i].value)
		{
			if (!packbad++)
				snprintf(diag, sizeof(diag), "got %s %" PRId64 " expected %s %" PRId64,
						 KindName(u.kind), u.value, KindName(ws[i].kind), ws[i].value);
		}
	}
	Report(packbad == 0, "window unpack(pack(x)) = x", "%s", diag);
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
		{
			int			c = la_window_cmp(&ws[i], &ws[j]);
			int			e = i < j ? -1 : i > j ? 1 : 0;
			int64_t		pi = la_window_pack(&ws[i]);
			int64_t		pj = la_window_pack(&ws[j]);

			if ((c < 0 ? -1 : c > 0 ? 1 : 0) != e)
			{
				if (!bad++)
					snprintf(diag, sizeof(diag),
							 "got cmp(%s %" PRId64 ", %s %" PRId64 ") = %d expected sign %d",
							 KindName(ws[i].kind), ws[i].value,
							 KindName(ws[j].kind), ws[j].value, c, e);
			}
			if ((pi < pj ? -1 : pi > pj ? 1 : 0) != e)
				packorder++;
		}
	Report(bad == 0, "window cmp: elapsed < business < days, then by value", "%s", diag);
	if (packorder)
		printf("# note: packed int64 order differs from la_window_cmp in %d pairs "
			   "(fine as long as the btree opclass compares with la_window_cmp)\n",
			   packorder);

	memset(&err, 0, sizeof(err));
	w.kind = (la_wkind) 3;
	w.value = 0;
	Report(!la_window_check(&w, &err), "window check refuses kind 3", "got accepted");
	w.kind = LA_W_ELAPSED;
	w.value = LA_W_MAXVAL;
	Report(!la_window_check(&w, &err), "window check refuses 2^60", "got accepted");
	w.value = -LA_W_MAXVAL;
	Report(!la_window_check(&w, &err), "window check refuses -2^60", "got accepted");
	w.kind = LA_W_DAYS;
	w.value = 5;
	Report(la_window_check(&w, &err), "window check accepts 5 business days",
		   "got %s \"%s\"", CodeName(err.code), err.msg);

	printf("# sla_window: multiplication\n");
	{
		struct
		{
			const char *w;
			int64_t		f;
			const char *expect;	/* NULL: 22003 */
		}			cases[] = {
			{"2 hours", 3, "6 hours"},
			{"-1 business day", -3, "3 business days"},
			{"90 business minutes", 2, "3 business hours"},
			{"1 day", 0, "0 seconds"},
			{"1 business hour", 0, "0 business seconds"},
			{"13000000 days", 2, NULL},
			{"1 second", INT64_MAX, NULL},
			{"1 second", INT64_MIN, NULL},
			{"-1 second", INT64_MIN, NULL},
			{"1 business day", INT64_C(1152921504606846975), "1152921504606846975 business days"},
			{"2 business days", INT64_C(576460752303423488), NULL},
		};

		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		{
			la_window	in = W(cases[i].w),
						out;
			char		name[256];
			bool		r;

			memset(&err, 0, sizeof(err));
			snprintf(name, sizeof(name), "window '%s' * %" PRId64 " = %s", cases[i].w,
					 cases[i].f, cases[i].expect ? cases[i].expect : "22003");
			r = la_window_mul(&in, cases[i].f, &out, &err);
			if (cases[i].expect == NULL)
				Report(!r && err.code == LA_ERR_RANGE, name, "got %s",
					   r ? "a result" : CodeName(err.code));
			else if (!r)
				Report(false, name, "got %s \"%s\"", CodeName(err.code), err.msg);
			else
			{
				la_window_format(&out, buf);
				Report(strcmp(buf, cases[i].expect) == 0, name, "got '%s' expected '%s'",
					   buf, cases[i].expect);
			}
		}
	}
}

/* ---------- date helpers ---------- */

static void
TestDates(void)
{
	int32_t		d;
	int			y,
				m,
				dd;
	int			bad = 0;
	char		diag[256] = "";
	la_error	err;
	bool		r;

	printf("# date helpers\n");
	Report(la_days_from_civil(2000, 1, 1) == 0, "days_from_civil 2000-01-01 = 0",
		   "got %d", la_days_from_civil(2000, 1, 1));
	Report(la_days_from_civil(1970, 1, 1) == -10957, "days_from_civil 1970-01-01 = -10957",
		   "got %d", la_days_from_civil(1970, 1, 1));
	Report(la_days_from_civil(2026, 12, 31) == 9861, "days_from_civil 2026-12-31 = 9861",
		   "got %d", la_days_from_civil(2026, 12, 31));
	Report(la_days_from_civil(-4713, 11, 24) == LA_DATE_MIN,
		   "days_from_civil -4713-11-24 = LA_DATE_MIN", "got %d",
		   la_days_from_civil(-4713, 11, 24));
	Report(la_days_from_civil(294277, 1, 1) == LA_DATE_END,
		   "days_from_civil 294277-01-01 = LA_DATE_END", "got %d",
		   la_days_from_civil(294277, 1, 1));
	Report((int64_t) LA_DATE_MIN * DAY == LA_TS_MIN, "LA_DATE_MIN matches LA_TS_MIN",
		   "got %" PRId64, (int64_t) LA_DATE_MIN * DAY);
	Report((int64_t) LA_DATE_END * DAY == LA_TS_END, "LA_DATE_END matches LA_TS_END",
		   "got %" PRId64, (int64_t) LA_DATE_END * DAY);

	for (d = LA_DATE_MIN; d < LA_DATE_END; d += (d > -800000 && d < 800000) ? 1 : 997)
	{
		int64_t		yy;
		int			mm2,
					dd2;

		la_civil_from_days(d, &y, &m, &dd);
		la_test_civil_from_days((int64_t) d + PG_EPOCH_UNIX_DAYS, &yy, &mm2, &dd2);
		if (yy != y || mm2 != m || dd2 != dd || la_days_from_civil(y, m, dd) != d ||
			!la_valid_ymd(y, m, dd) ||
			la_weekday(d) != (int) (((int64_t) d + 5) % 7 + 7) % 7)
		{
			if (!bad++)
				snprintf(diag, sizeof(diag),
						 "got %d-%02d-%02d weekday %d for day %d expected %" PRId64 "-%02d-%02d",
						 y, m, dd, la_weekday(d), d, yy, mm2, dd2);
		}
	}
	la_civil_from_days(LA_DATE_END - 1, &y, &m, &dd);
	if (y != 294276 || m != 12 || dd != 31)
		bad++;
	Report(bad == 0, "civil_from_days/days_from_civil/weekday agree over the whole range",
		   "%s", diag);

	Report(la_weekday(0) == 5, "2000-01-01 is a Saturday (5)", "got %d", la_weekday(0));
	Report(la_weekday(-1) == 4, "1999-12-31 is a Friday (4)", "got %d", la_weekday(-1));
	Report(la_weekday(la_days_from_civil(2026, 1, 12)) == 0, "2026-01-12 is a Monday",
		   "got %d", la_weekday(la_days_from_civil(2026, 1, 12)));
	Report(la_weekday(LA_DATE_MIN) == 0, "-4713-11-24 is a Monday",
		   "got %d", la_weekday(LA_DATE_MIN));

	Report(la_valid_ymd(2024, 2, 29), "2024-02-29 valid", NULL);
	Report(la_valid_ymd(2000, 2, 29), "2000-02-29 valid", NULL);
	Report(!la_valid_ymd(1900, 2, 29), "1900-02-29 invalid", NULL);
	Report(!la_valid_ymd(2023, 2, 29), "2023-02-29 invalid", NULL);
	Report(!la_valid_ymd(2026, 2, 30), "2026-02-30 invalid", NULL);
	Report(!la_valid_ymd(2026, 4, 31), "2026-04-31 invalid", NULL);
	Report(la_valid_ymd(2026, 12, 31), "2026-12-31 valid", NULL);
	Report(!la_valid_ymd(2026, 13, 1), "2026-13-01 invalid", NULL);
	Report(!la_valid_ymd(2026, 0, 1), "2026-00-01 invalid", NULL);
	Report(!la_valid_ymd(2026, 1, 0), "2026-01-00 invalid", NULL);

	Report(la_floordiv(-1, 86400) == -1, "floordiv(-1, 86400) = -1", "got %" PRId64,
		   la_floordiv(-1, 86400));
	Report(la_floordiv(-86400, 86400) == -1, "floordiv(-86400, 86400) = -1",
		   "got %" PRId64, la_floordiv(-86400, 86400));
	Report(la_floordiv(-86401, 86400) == -2, "floordiv(-86401, 86400) = -2",
		   "got %" PRId64, la_floordiv(-86401, 86400));
	Report(la_floordiv(86399, 86400) == 0, "floordiv(86399, 86400) = 0",
		   "got %" PRId64, la_floordiv(86399, 86400));
	Report(la_floordiv(INT64_MIN, DAY) == -106751992, "floordiv(INT64_MIN, usecs/day)",
		   "got %" PRId64, la_floordiv(INT64_MIN, DAY));

	memset(&err, 0, sizeof(err));
	r = la_fail(&err, LA_ERR_PARAM, "write \"x\"", "bad token \"%s\"", "tok");
	Report(!r && err.code == LA_ERR_PARAM && strcmp(err.msg, "bad token \"tok\"") == 0 &&
		   strcmp(err.hint, "write \"x\"") == 0, "la_fail fills the error",
		   "got %d %s \"%s\" hint \"%s\"", r, CodeName(err.code), err.msg, err.hint);
	Report(!la_fail(NULL, LA_ERR_SYNTAX, NULL, "x"), "la_fail(NULL) returns false", NULL);
}

/* ---------- the test zones themselves ---------- */

static void
TestZones(void)
{
	char		canon[64];
	const void *z;
	int32_t		off,
				noff;
	int64_t		next;
	struct
	{
		const char *zone;
		int64_t		t;			/* Unix seconds */
		int32_t		off;
		int64_t		next;
		int32_t		noff;
	}			cases[] = {
		/* Berlin 2026: 03-29 01:00Z, 10-25 01:00Z */
		{"Europe/Berlin", 1767225600, 3600, 1774746000, 7200},	/* 2026-01-01 */
		{"Europe/Berlin", 1774746000, 7200, 1792890000, 3600},	/* at the change */
		{"Europe/Berlin", 1792889999, 7200, 1792890000, 3600},
		{"Europe/Berlin", 1792890000, 3600, 1806195600, 7200},	/* -> 2027-03-28 */
		/* Los Angeles: 2006-04-02 10:00Z (1987-2006 rule); 2026-03-08 10:00Z */
		{"America/Los_Angeles", 1143900000, -28800, 1143972000, -25200},
		{"America/Los_Angeles", 1767225600, -28800, 1772964000, -25200},
		{"America/Los_Angeles", 1772964000, -25200, 1793523600, -28800},	/* -> 11-01 09:00Z */
		/* Test/Midnight: 2026-11-01 03:00Z, 2027-02-21 02:00Z */
		{"Test/Midnight", 1790000000, -10800, 1793502000, -7200},
		{"Test/Midnight", 1793502000, -7200, 1803175200, -10800},
		{"Test/Midnight", 1767225600, -7200, 1771120800, -10800},	/* 2026-02-15 02:00Z */
		{"Asia/Kolkata", 0, 19800, INT64_MAX, 19800},
		{"asia/tokyo", 1767225600, 32400, INT64_MAX, 32400},
		{"utc", -999999999999, 0, INT64_MAX, 0},
	};
	size_t		i;

	printf("# test zones\n");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char		name[128];

		z = la_tz->lookup(cases[i].zone, canon, sizeof(canon));
		snprintf(name, sizeof(name), "zone %s at %" PRId64, cases[i].zone, cases[i].t);
		if (z == NULL)
		{
			Report(false, name, "got lookup failure");
			continue;
		}
		la_tz->probe(z, cases[i].t, &off, &next, &noff);
		Report(off == cases[i].off && next == cases[i].next && noff == cases[i].noff, name,
			   "got %d %" PRId64 " %d expected %d %" PRId64 " %d", off, next, noff,
			   cases[i].off, cases[i].next, cases[i].noff);
	}
	z = la_tz->lookup("europe/BERLIN", canon, sizeof(canon));
	Report(z != NULL && strcmp(canon, "Europe/Berlin") == 0, "zone lookup canonical spelling",
		   "got %s", z ? canon : "NULL");
	Report(la_tz->lookup("UTC+3", canon, sizeof(canon)) == NULL, "zone UTC+3 refused", NULL);
	Report(la_tz->lookup("localtime", canon, sizeof(canon)) == NULL, "zone localtime refused", NULL);
	Report(la_tz->lookup("Mars/Base", canon, sizeof(canon)) == NULL, "zone Mars/Base refused", NULL);
	/* extremes do not crash and stay consistent */
	z = la_tz->lookup("Test/Midnight", canon, sizeof(canon));
	la_tz->probe(z, INT64_MIN, &off, &next, &noff);
	la_tz->probe(z, INT64_MAX, &off, &next, &noff);
	Report(next == INT64_MAX, "zone probe at INT64_MAX has no next transition", NULL);
}

/* ---------- business_calendar text ---------- */

/* parse a calendar; returns the blob or NULL */
static void *
CalParse(const char *s, size_t *size, la_error *err)
{
	void	   *blob = NULL;

	memset(err, 0, sizeof(*err));
	if (!la_cal_parse(s, &blob, size, err))
		return NULL;
	return blob;
}

/* text s parses, prints canon, and in(out(x)) = x (same bytes, same text) */
static void
CalOk(const char *s, const char *canon)
{
	la_error	err;
	size_t		size,
				size2;
	void	   *blob,
			   *blob2;
	la_calview	v,
				v2;
	char	   *text,
			   *text2;
	char		name[512];

	snprintf(name, sizeof(name), "calendar '%.150s' -> '%.150s'", s, canon ? canon : "(any)");
	blob = CalParse(s, &size, &err);
	if (blob == NULL)
	{
		Report(false, name, "got error %s \"%s\" expected '%s'", CodeName(err.code),
			   err.msg, canon ? canon : "(any)");
		return;
	}
	if (!la_cal_view(blob, size, &v, &err))
	{
		Report(false, name, "got view error %s \"%s\"", CodeName(err.code), err.msg);
		la_mfree(blob);
		return;
	}
	text = la_cal_format(&v);
	if (canon != NULL)
		Report(strcmp(text, canon) == 0, name, "got '%s' expected '%s'", text, canon);
	snprintf(name, sizeof(name), "calendar '%.150s' in(out(x)) = x", s);
	blob2 = CalParse(text, &size2, &err);
	if (blob2 == NULL)
		Report(false, name, "got error %s \"%s\" reparsing '%s'", CodeName(err.code),
			   err.msg, text);
	else
	{
		if (!la_cal_view(blob2, size2, &v2, &err))
			Report(false, name, "got view error %s reparsing", CodeName(err.code));
		else
		{
			text2 = la_cal_format(&v2);
			Report(size2 == size && memcmp(blob, blob2, size) == 0 &&
				   strcmp(text, text2) == 0, name,
				   "got '%s' (%zu bytes) expected '%s' (%zu bytes)%s", text2, size2,
				   text, size, size2 == size ? ", blobs differ" : "");
			la_mfree(text2);
		}
		la_mfree(blob2);
	}
	la_mfree(text);
	la_mfree(blob);
}

/*
 * text s is refused with code (LA_OK: any error code); the message quotes tok
 * when tok != NULL; the error has a hint.
 */
static void
CalErr(const char *s, la_errcode code, const char *tok)
{
	la_error	err;
	size_t		size;
	void	   *blob;
	char		name[512];

	snprintf(name, sizeof(name), "calendar '%.120s%s' refused with %s", s,
			 strlen(s) > 120 ? "..." : "", code == LA_OK ? "an error" : CodeName(code));
	blob = CalParse(s, &size, &err);
	if (blob != NULL)
	{
		la_calview	v;
		char	   *text = NULL;

		if (la_cal_view(blob, size, &v, &err))
			text = la_cal_format(&v);
		Report(false, name, "got accepted as '%.200s' expected %s", text ? text : "?",
			   CodeName(code));
		if (text)
			la_mfree(text);
		la_mfree(blob);
		return;
	}
	if (!Report(err.code != LA_OK && (code == LA_OK || err.code == code), name,
				"got %s \"%s\" expected %s", CodeName(err.code), err.msg,
				code == LA_OK ? "an error" : CodeName(code)))
		return;
	if (tok != NULL)
	{
		snprintf(name, sizeof(name), "calendar '%.120s' message quotes \"%s\"", s, tok);
		Report(Quotes(err.msg, tok), name, "got \"%s\" expected it to quote \"%s\"",
			   err.msg, tok);
	}
	snprintf(name, sizeof(name), "calendar '%.120s%s' error has a hint", s,
			 strlen(s) > 120 ? "..." : "");
	Report(err.hint[0] != '\0', name, "got empty hint (message \"%s\")", err.msg);
}

/* FNV-1a over bytes, as la_calhdr.hash documents */
static uint32_t
Fnv1a(const unsigned char *p, size_t n)
{
	uint32_t	h = 2166136261u;
	size_t		i;

	for (i = 0; i < n; i++)
	{
		h ^= p[i];
		h *= 16777619u;
	}
	return h;
}

/* a long string of dated 'off' entries: count consecutive days from 2000-01-01 */
static char *
DatedRange(int count, const char *prefix)
{
	char	   *s = malloc(256);
	int64_t		y;
	int			m,
				d;

	la_test_civil_from_days(la_test_days_from_civil(2000, 1, 1) + count - 1, &y, &m, &d);
	snprintf(s, 256, "%s2000-01-01..%04" PRId64 "-%02d-%02d off", prefix, y, m, d);
	return s;
}

static void
TestCalendarText(void)
{
	char	   *s;
	size_t		i;

	printf("# business_calendar: canonical forms\n");
	CalOk("Mo-Fr 09:00-12:00,13:00-17:00; Sa 10:00-14:00; 12-25,12-26 off; "
		  "2026-12-24 09:00-12:00; 2026-12-31 off; tz Europe/Berlin",
		  "Mo-Fr 09:00-12:00,13:00-17:00; Sa 10:00-14:00; 12-25,12-26 off; "
		  "2026-12-24 09:00-12:00; 2026-12-31 off; tz Europe/Berlin");
	CalOk("Mo-Fr 09:00-17:00", "Mo-Fr 09:00-17:00; tz UTC");
	CalOk("mo-fr 09:00-17:00; TZ europe/berlin", "Mo-Fr 09:00-17:00; tz Europe/Berlin");
	CalOk("  Mo - Fr   09:00 - 17:00 ;tz   UTC  ", "Mo-Fr 09:00-17:00; tz UTC");
	CalOk("SU 10:00-11:00", "Su 10:00-11:00; tz UTC");
	CalOk("mo-fr 09:00-17:00; 12-25 OFF; TZ utc", "Mo-Fr 09:00-17:00; 12-25 off; tz UTC");
	CalOk("tz Asia/Kolkata; Mo 09:00-10:00", "Mo 09:00-10:00; tz Asia/Kolkata");
	CalOk("tz Europe/Berlin", "tz Europe/Berlin");
	CalOk("Mo off", "tz UTC");
	CalOk("Mo-Su off; tz Asia/Tokyo", "tz Asia/Tokyo");

	/* weekday grouping: runs of three or more as Mo-We, else Sa,Su; by first day */
	CalOk("Mo,Tu,We 09:00-17:00", "Mo-We 09:00-17:00; tz UTC");
	CalOk("Mo,Tu 09:00-17:00", "Mo,Tu 09:00-17:00; tz UTC");
	CalOk("Mo-Tu 09:00-17:00", "Mo,Tu 09:00-17:00; tz UTC");
	CalOk("Mo,We,Fr 09:00-17:00", "Mo,We,Fr 09:00-17:00; tz UTC");
	CalOk("Mo-We,Fr 09:00-17:00", "Mo-We,Fr 09:00-17:00; tz UTC");
	CalOk("Fr,We,Tu,Mo 09:00-17:00", "Mo-We,Fr 09:00-17:00; tz UTC");
	CalOk("Sa-Mo 10:00-12:00", "Mo,Sa,Su 10:00-12:00; tz UTC");
	CalOk("Fr-Mo 10:00-12:00", "Mo,Fr-Su 10:00-12:00; tz UTC");
	CalOk("Sa 10:00-14:00; Mo-Fr 09:00-17:00", "Mo-Fr 09:00-17:00; Sa 10:00-14:00; tz UTC");
	CalOk("Mo,We,Fr 09:00-17:00; Tu,Th 10:00-16:00",
		  "Mo,We,Fr 09:00-17:00; Tu,Th 10:00-16:00; tz UTC");
	CalOk("Mo 13:00-17:00,09:00-12:00; Tu 09:00-12:00,13:00-17:00",
		  "Mo,Tu 09:00-12:00,13:00-17:00; tz UTC");
	CalOk("Mo-Su 09:00-17:00", "Mo-Su 09:00-17:00; tz UTC");

	/* later weekly rule wins per weekday (replaces, does not add) */
	CalOk("Mo-Fr 09:00-17:00; We 10:00-12:00",
		  "Mo,Tu,Th,Fr 09:00-17:00; We 10:00-12:00; tz UTC");
	CalOk("Mo-Fr 09:00-17:00; We off", "Mo,Tu,Th,Fr 09:00-17:00; tz UTC");
	CalOk("Mo 09:00-12:00; Mo 13:00-17:00", "Mo 13:00-17:00; tz UTC");
	CalOk("Mo-Fr 09:00-17:00; Mo-Fr 08:00-16:00", "Mo-Fr 08:00-16:00; tz UTC");

	/* 24/7 */
	CalOk("24/7", "24/7; tz UTC");
	CalOk("Mo-Su 00:00-24:00", "24/7; tz UTC");
	CalOk("Mo-Su 00:00-12:00,12:00-24:00", "24/7; tz UTC");
	CalOk("Mo-Fr 00:00-24:00; Sa,Su 00:00-24:00", "24/7; tz UTC");
	CalOk("24/7; Su off", "Mo-Sa 00:00-24:00; tz UTC");
	CalOk("24/7; Mo 09:00-17:00", "Mo 09:00-17:00; Tu-Su 00:00-24:00; tz UTC");
	CalOk("24/7; 12-25 off; tz Asia/Tokyo", "24/7; 12-25 off; tz Asia/Tokyo");
	CalOk("Mo-Sa 00:00-24:00; Su 00:00-23:59",
		  "Mo-Sa 00:00-24:00; Su 00:00-23:59; tz UTC");
	CalOk("Mo 00:00-24:00", "Mo 00:00-24:00; tz UTC");

	/* merging spans of a day; overnight spans */
	CalOk("Mo 09:00-12:00,11:00-14:00", "Mo 09:00-14:00; tz UTC");
	CalOk("Mo 09:00-12:00,12:00-14:00", "Mo 09:00-14:00; tz UTC");
	CalOk("Mo 13:00-17:00,09:00-12:00", "Mo 09:00-12:00,13:00-17:00; tz UTC");
	CalOk("Mo 09:00-17:00,10:00-11:00", "Mo 09:00-17:00; tz UTC");
	CalOk("Mo 09:00-10:00,10:00-11:00,11:00-12:00", "Mo 09:00-12:00; tz UTC");
	CalOk("Fr 22:00-02:00", "Fr 22:00-02:00; tz UTC");
	CalOk("Mo 22:00-00:00", "Mo 22:00-24:00; tz UTC");
	CalOk("Mo 20:00-02:00,23:00-03:00", "Mo 20:00-03:00; tz UTC");
	CalOk("Mo 01:00-05:00,22:00-02:00", "Mo 01:00-05:00,22:00-02:00; tz UTC");
	/* 02:00-04:00 is Monday's early morning, not the tail of 22:00-02:00 */
	CalOk("Mo 22:00-02:00,02:00-04:00", "Mo 02:00-04:00,22:00-02:00; tz UTC");
	CalOk("Mo 08:00-24:00,23:00-07:00", "Mo 08:00-07:00; tz UTC");
	CalOk("Mo 23:00-22:59", "Mo 23:00-22:59; tz UTC");
	CalOk("Mo 23:59-24:00", "Mo 23:59-24:00; tz UTC");
	CalOk("Mo 00:00-23:59", "Mo 00:00-23:59; tz UTC");
	/* a merge longer than a day cannot print as one span: only in(out(x)) = x */
	CalOk("Mo 00:00-24:00,22:00-02:00", NULL);
	CalOk("Mo 08:00-24:00,23:00-09:00", NULL);
	CalOk("Mo 12:00-11:00,11:30-12:30", NULL);

	/* yearly rules */
	CalOk("12-25 off", "12-25 off; tz UTC");
	CalOk("12-24..12-26 off", "12-24..12-26 off; tz UTC");
	CalOk("12-24,12-25,12-26 off", "12-24..12-26 off; tz UTC");
	CalOk("12-25,12-24 off", "12-24,12-25 off; tz UTC");
	CalOk("12-24..12-26 off; 12-25 09:00-12:00",
		  "12-24,12-26 off; 12-25 09:00-12:00; tz UTC");
	CalOk("12-26 10:00-12:00; 12-25 off", "12-25 off; 12-26 10:00-12:00; tz UTC");
	CalOk("12-25 09:00-12:00; 01-01 09:00-12:00", "01-01,12-25 09:00-12:00; tz UTC");
	CalOk("02-28..03-01 off", "02-28..03-01 off; tz UTC");	/* includes 02-29 */
	CalOk("02-27,02-28,03-01 off", "02-27,02-28,03-01 off; tz UTC");	/* not a run */
	CalOk("02-29 10:00-12:00", "02-29 10:00-12:00; tz UTC");
	CalOk("12-31 20:00-02:00", "12-31 20:00-02:00; tz UTC");

	/* dated rules */
	CalOk("2026-12-24..2026-12-31 off; 2026-12-28 09:00-12:00",
		  "2026-12-24..2026-12-27,2026-12-29..2026-12-31 off; 2026-12-28 09:00-12:00; tz UTC");
	CalOk("2026-01-01 off; 2026-05-01 off", "2026-01-01,2026-05-01 off; tz UTC");
	CalOk("2026-12-31 off; 2026-12-30 off; 2026-12-29 off", "2026-12-29..2026-12-31 off; tz UTC");
	CalOk("2026-12-31..2027-01-02 off", "2026-12-31..2027-01-02 off; tz UTC");
	CalOk("2024-02-28..2024-03-01 off", "2024-02-28..2024-03-01 off; tz UTC");
	CalOk("2025-02-28..2025-03-01 off", "2025-02-28,2025-03-01 off; tz UTC");
	CalOk("2026-12-24 09:00-12:00; 12-25 off; Mo-Fr 09:00-17:00; tz Europe/Berlin",
		  "Mo-Fr 09:00-17:00; 12-25 off; 2026-12-24 09:00-12:00; tz Europe/Berlin");
	CalOk("1900-01-01 off; 9999-12-31 off", "1900-01-01,9999-12-31 off; tz UTC");
	CalOk("2026-12-31 20:00-02:00; 01-01 off", "01-01 off; 2026-12-31 20:00-02:00; tz UTC");
	CalOk("2026-01-05,2026-01-07,2026-01-06 10:00-11:00; 2026-01-08 10:00-11:00",
		  "2026-01-05..2026-01-08 10:00-11:00; tz UTC");
	CalOk("2026-01-05 10:00-11:00; 2026-01-06 10:00-12:00; 2026-01-07 10:00-11:00",
		  "2026-01-05,2026-01-07 10:00-11:00; 2026-01-06 10:00-12:00; tz UTC");

	/* limits at their edge are accepted */
	CalOk("Mo 00:00-00:30,01:00-01:30,02:00-02:30,03:00-03:30,04:00-04:30,"
		  "05:00-05:30,06:00-06:30,07:00-07:30,08:00-08:30,09:00-09:30,10:00-10:30,"
		  "11:00-11:30,12:00-12:30,13:00-13:30,14:00-14:30,15:00-15:30", NULL);
	s = DatedRange(1000, "");
	CalOk(s, NULL);
	free(s);
	{
		char	   *big = malloc(LA_CAL_MAX_TEXT + 2);

		strcpy(big, "Mo 09:00-17:00");
		for (i = strlen(big); i < LA_CAL_MAX_TEXT; i++)
			big[i] = ' ';
		big[LA_CAL_MAX_TEXT] = '\0';
		CalOk(big, "Mo 09:00-17:00; tz UTC");	/* exactly 64 KiB */
		big[LA_CAL_MAX_TEXT] = ' ';
		big[LA_CAL_MAX_TEXT + 1] = '\0';
		CalErr(big, LA_ERR_LIMIT, NULL);		/* one byte more */
		free(big);
	}

	printf("# business_calendar: refusals\n");
	CalErr("", LA_ERR_SYNTAX, NULL);
	CalErr("   ", LA_ERR_SYNTAX, NULL);
	CalErr(";", LA_ERR_SYNTAX, NULL);
	CalErr("Mo-Fr 09:00-17:00;", LA_ERR_SYNTAX, NULL);
	CalErr("Mo-Fr 09:00-17:00; ", LA_ERR_SYNTAX, NULL);
	CalErr("Mo-Fr 09:00-17:00;; Sa 10:00-12:00", LA_ERR_SYNTAX, NULL);
	CalErr("Mo", LA_ERR_SYNTAX, NULL);
	CalErr("Mo 09:00", LA_ERR_SYNTAX, NULL);
	CalErr("Mo 09:00-", LA_ERR_SYNTAX, NULL);
	CalErr("Mo-Fr 09:00-17:00,", LA_ERR_SYNTAX, NULL);
	CalErr("Mo,,Tu 09:00-10:00", LA_ERR_SYNTAX, NULL);
	CalErr("Mx 09:00-10:00", LA_ERR_SYNTAX, "Mx");
	CalErr("Mo-Fr 09:00-17:00 Sa 10:00-12:00", LA_ERR_SYNTAX, NULL);
	CalErr("PH off", LA_ERR_SYNTAX, "PH");
	CalErr("Mo-Fr 09:00-17:00; SH off", LA_ERR_SYNTAX, "SH");
	CalErr("Dec 25 off", LA_ERR_SYNTAX, "Dec");
	CalErr("week 01-53 Mo 09:00-10:00", LA_ERR_SYNTAX, "week");
	CalErr("Mo sunrise-sunset", LA_ERR_SYNTAX, "sunrise");
	CalErr("Mo 09:00+", LA_ERR_SYNTAX, "+");
	CalErr("Mo 09:00-17:00 || Tu 10:00-12:00", LA_ERR_SYNTAX, "||");
	CalErr("Mo 09:00-17:00 \"by appointment\"", LA_ERR_SYNTAX, NULL);
	CalErr("/* office */ Mo 09:00-10:00", LA_ERR_SYNTAX, NULL);
	CalErr("Mo 9:00-17:00", LA_ERR_SYNTAX, "9:00");
	CalErr("Mo 09:00:00-17:00:00", LA_ERR_SYNTAX, NULL);
	CalErr("Mo 0900-1700", LA_ERR_SYNTAX, NULL);
	CalErr("2026-1-1 off", LA_ERR_SYNTAX, "2026-1-1");
	CalErr("1-1 off", LA_ERR_SYNTAX, NULL);
	CalErr("12-25", LA_ERR_SYNTAX, NULL);
	CalErr("2026-12-24.. off", LA_ERR_SYNTAX, NULL);
	CalErr("2026-12-24..12-26 off", LA_ERR_SYNTAX, NULL);
	CalErr("tz", LA_ERR_SYNTAX, NULL);
	CalErr("24/7 09:00-10:00", LA_ERR_SYNTAX, NULL);
	CalErr("Mo-Fr 09:00-17:00 # office", LA_ERR_SYNTAX, NULL);

	CalErr("2026-02-30 off", LA_ERR_DATETIME, "2026-02-30");
	CalErr("2025-02-29 off", LA_ERR_DATETIME, "2025-02-29");
	CalErr("1899-12-31 off", LA_ERR_DATETIME, "1899-12-31");
	CalErr("0000-01-01 off", LA_ERR_DATETIME, NULL);
	CalErr("2026-12-32 off", LA_ERR_DATETIME, NULL);
	CalErr("2026-00-10 off", LA_ERR_DATETIME, NULL);
	CalErr("02-30 off", LA_ERR_DATETIME, "02-30");
	CalErr("13-01 off", LA_ERR_DATETIME, NULL);
	CalErr("00-10 off", LA_ERR_DATETIME, NULL);
	CalErr("2026-12-20..2026-12-32 off", LA_ERR_DATETIME, NULL);

	CalErr("Mo 09:00-09:00", LA_ERR_PARAM, NULL);
	CalErr("Mo 00:00-00:00", LA_ERR_PARAM, NULL);
	CalErr("tz Mars/Base", LA_ERR_PARAM, "Mars/Base");
	CalErr("tz localtime", LA_ERR_PARAM, "localtime");
	CalErr("Mo 09:00-17:00; tz UTC+3", LA_OK, NULL);
	CalErr("tz UTC; tz UTC", LA_OK, NULL);
	CalErr("tz UTC; Mo 09:00-10:00; tz Europe/Berlin", LA_OK, NULL);

	/* hours past 24:00, 24:00 as a start, bad minutes: refused, code not fixed by the contract */
	CalErr("Mo 09:00-25:00", LA_OK, "25:00");
	CalErr("Mo 25:00-26:00", LA_OK, NULL);
	CalErr("Mo 24:00-02:00", LA_OK, NULL);
	CalErr("Mo 09:60-10:00", LA_OK, NULL);
	CalErr("Mo 09:00-24:01", LA_OK, NULL);
	CalErr("10000-01-01 off", LA_OK, NULL);
	CalErr("2026-12-31..2026-12-24 off", LA_OK, NULL);

	CalErr("Mo 00:00-00:30,01:00-01:30,02:00-02:30,03:00-03:30,04:00-04:30,"
		   "05:00-05:30,06:00-06:30,07:00-07:30,08:00-08:30,09:00-09:30,10:00-10:30,"
		   "11:00-11:30,12:00-12:30,13:00-13:30,14:00-14:30,15:00-15:30,16:00-16:30",
		   LA_ERR_LIMIT, NULL);
	s = DatedRange(1001, "");
	CalErr(s, LA_ERR_LIMIT, NULL);
	free(s);
	s = DatedRange(700, "01-01..12-31 off; ");	/* 366 yearly + 700 dated */
	CalErr(s, LA_ERR_LIMIT, NULL);
	free(s);
	CalErr("1900-01-01..9999-12-31 off", LA_ERR_LIMIT, NULL);
}

/* the builder API used by lead_align.calendar(weekly, tz, closed, special) */
static void
TestCalBuild(void)
{
	la_calbuild *b;
	la_error	err;
	void	   *blob = NULL;
	size_t		size = 0;
	la_calview	v;
	bool		r;

	printf("# business_calendar: builder\n");
	memset(&err, 0, sizeof(err));
	b = la_calbuild_new();
	r = la_calbuild_parse(b, "Mo-Fr 09:00-12:00,13:00-17:00; Sa 10:00-14:00",
						  LA_RULE_WEEKLY, &err) &&
		la_calbuild_special(b, "12-25", "off", &err) &&
		la_calbuild_special(b, "12-26", "off", &err) &&
		la_calbuild_special(b, "2026-12-24", "09:00-12:00", &err) &&
		la_calbuild_date_off(b, 2026, 12, 31, &err) &&
		la_calbuild_tz(b, "europe/berlin", &err);
	Report(r, "builder accepts parts", "got %s \"%s\"", CodeName(err.code), err.msg);
	Report(la_calbuild_has_date(b, 2026, 12, 31), "builder has_date 2026-12-31", NULL);
	Report(la_calbuild_has_date(b, 2026, 12, 24), "builder has_date 2026-12-24", NULL);
	Report(!la_calbuild_has_date(b, 2026, 12, 30), "builder !has_date 2026-12-30", NULL);
	if (r && la_calbuild_finish(b, &blob, &size, &err) && la_cal_view(blob, size, &v, &err))
	{
		char	   *text = la_cal_format(&v);
		const char *expect = "Mo-Fr 09:00-12:00,13:00-17:00; Sa 10:00-14:00; 12-25,12-26 off; "
			"2026-12-24 09:00-12:00; 2026-12-31 off; tz Europe/Berlin";
		void	   *blob2;
		size_t		size2;

		Report(strcmp(text, expect) == 0, "builder result prints canonically",
			   "got '%s' expected '%s'", text, expect);
		blob2 = CalParse(expect, &size2, &err);
		Report(blob2 != NULL && size2 == size && memcmp(blob, blob2, size) == 0,
			   "builder result has the same bytes as the parsed text", NULL);
		Report(v.hdr->version == LA_CAL_VERSION, "blob version is LA_CAL_VERSION", "got %d",
			   v.hdr->version);
		Report(v.hdr->hash == Fnv1a((const unsigned char *) blob + sizeof(la_calhdr),
									size - sizeof(la_calhdr)),
			   "blob hash is FNV-1a of everything after the header", "got %08x expected %08x",
			   v.hdr->hash, Fnv1a((const unsigned char *) blob + sizeof(la_calhdr),
								  size - sizeof(la_calhdr)));
		Report(strcmp(v.zone, "Europe/Berlin") == 0, "blob zone name", "got %s", v.zone);
		/* truncated or damaged blobs are refused */
		{
			size_t		need = sizeof(la_calhdr) +
				sizeof(la_dayrule) * (v.hdr->ndated + v.hdr->nyearly) +
				sizeof(la_span) * v.hdr->nspans + v.hdr->zlen + 1;

			Report(need <= size && size - need < 8, "blob size matches its layout",
				   "got %zu bytes for a layout of %zu", size, need);
			Report(!la_cal_view(blob, need - 1, &v, &err),
				   "view refuses a blob cut before the zone's terminator", NULL);
		}
		Report(!la_cal_view(blob, sizeof(la_calhdr) - 1, &v, &err),
			   "view refuses a blob shorter than its header", NULL);
		((la_calhdr *) blob)->version = LA_CAL_VERSION + 1;
		Report(!la_cal_view(blob, size, &v, &err), "view refuses an unknown version", NULL);
		((la_calhdr *) blob)->version = LA_CAL_VERSION;
		((la_calhdr *) blob)->week[7] = 60000;
		Report(!la_cal_view(blob, size, &v, &err), "view refuses a week index past the spans",
			   NULL);
		la_mfree(text);
		if (blob2)
			la_mfree(blob2);
	}
	else
		Report(false, "builder finish", "got %s \"%s\"", CodeName(err.code), err.msg);
	if (blob)
		la_mfree(blob);
	la_calbuild_free(b);

	/* kinds limits what a part may contain */
	b = la_calbuild_new();
	memset(&err, 0, sizeof(err));
	r = la_calbuild_parse(b, "Mo 09:00-10:00; tz UTC", LA_RULE_WEEKLY, &err);
	Report(!r && err.code != LA_OK, "builder weekly part refuses a tz rule", "got %s",
		   r ? "accepted" : CodeName(err.code));
	la_calbuild_free(b);
	b = la_calbuild_new();
	r = la_calbuild_parse(b, "2026-12-24 off", LA_RULE_WEEKLY, &err);
	Report(!r && err.code != LA_OK, "builder weekly part refuses a dated rule", "got %s",
		   r ? "accepted" : CodeName(err.code));
	la_calbuild_free(b);
	b = la_calbuild_new();
	r = la_calbuild_special(b, "2026-02-30", "off", &err);
	Report(!r && err.code == LA_ERR_DATETIME, "builder special refuses 2026-02-30 with 22008",
		   "got %s", r ? "accepted" : CodeName(err.code));
	la_calbuild_free(b);
	b = la_calbuild_new();
	r = la_calbuild_special(b, "2026-12-24", "09:00-09:00", &err);
	Report(!r && err.code == LA_ERR_PARAM, "builder special refuses an empty span with 22023",
		   "got %s", r ? "accepted" : CodeName(err.code));
	la_calbuild_free(b);
	b = la_calbuild_new();
	r = la_calbuild_tz(b, "UTC+3", &err);
	Report(!r && err.code == LA_ERR_PARAM, "builder tz refuses UTC+3 with 22023",
		   "got %s", r ? "accepted" : CodeName(err.code));
	la_calbuild_free(b);
	b = la_calbuild_new();
	r = la_calbuild_date_off(b, 1899, 12, 31, &err);
	Report(!r && err.code == LA_ERR_DATETIME, "builder date_off refuses 1899-12-31 with 22008",
		   "got %s", r ? "accepted" : CodeName(err.code));
	la_calbuild_free(b);
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

	c = Cal("Mo-Fr 09:00-17:00; tz UTC");
	Add(c, T(2026, 1, 10, 10, 0), "0 business days", T(2026, 1, 10, 10, 0), "N = 0: unchanged");
	Add(c, T(2026, 1, 12, 8, 0), "-1 business days", T(2026, 1, 9, 9, 0),
		"the Friday before, 09:00");

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
	Add(c, T(2026, 1, 12, 1, 0), "1 business day", T(2026, 1, 13, 9, 0),
		"anchor Monday, offset 01:00, clamped into Tuesday's own span");
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
	Add(c, T(2026, 1, 10, 10, 0), "1 business day", T(2026, 1, 12, 10, 0),
		"anchor Saturday (closed)");
	Add(c, T(2026, 1, 12, 18, 0), "1 business day", T(2026, 1, 13, 17, 0),
		"after the last closing: that closing");
	Add(c, T(2026, 1, 9, 18, 0), "2 business days", T(2026, 1, 13, 17, 0), NULL);
	Add(c, T(2026, 1, 12, 7, 0), "1 business day", T(2026, 1, 13, 9, 0),
		"before the first opening: that opening");
	Add(c, T(2026, 1, 12, 10, 0), "5 business days", T(2026, 1, 19, 10, 0), NULL);
	Add(c, T(2026, 1, 12, 10, 0), "-5 business days", T(2026, 1, 5, 10, 0), NULL);
	Add(c, T(2026, 1, 11, 10, 0), "-1 business day", T(2026, 1, 9, 10, 0), "from Sunday");
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
		"candidate in a gap: the next opening that day");
	Add(c, T(2026, 1, 12, 12, 30), "-1 business day", T(2026, 1, 9, 13, 0), NULL);
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
		"closed: anchor Tuesday, offset 12:00 clamped to 22:00");
	Elapsed(c, T(2026, 1, 12, 0, 0), T(2026, 1, 19, 0, 0), 40 * HR,
			"five shifts; Friday's ends Saturday 06:00");
	{
		int64_t		p[] = {T(2026, 1, 9, 22, 0), T(2026, 1, 10, 6, 0),
		T(2026, 1, 12, 22, 0), T(2026, 1, 13, 6, 0)};

		Periods(c, T(2026, 1, 9, 12, 0), T(2026, 1, 13, 12, 0), 2, p);
	}
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
	Add(c, T(2026, 1, 13, 10, 0), "1 business day", T(2026, 1, 14, 10, 0),
		"anchor is the (closed) holiday");
	Add(c, T(2026, 1, 13, 10, 0), "-1 business day", T(2026, 1, 12, 10, 0), NULL);

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
	Add(c, T(2027, 1, 1, 0, 0), "-1 business day", T(2026, 12, 24, 9, 0), NULL);
	AddErr(c, T(2027, 1, 1, 0, 0), "1 business day", LA_ERR_PARAM, NULL);
	AddErr(c, T(2026, 1, 1, 0, 0), "4 business hours", LA_ERR_PARAM, NULL);
	Add(c, T(2026, 1, 1, 0, 0), "3 business hours", T(2026, 12, 24, 12, 0), NULL);
	Elapsed(c, T(1990, 1, 1, 0, 0), T(2040, 1, 1, 0, 0), 3 * HR, NULL);

	/* business time far away still exists: S4's 22023 only when there is none */
	c = Cal("2100-01-01 10:00-11:00; tz UTC");
	Elapsed(c, T(2026, 1, 12, 0, 0), T(2200, 1, 1, 0, 0), HR, NULL);
	Next(c, T(2026, 1, 12, 0, 0), T(2100, 1, 1, 10, 0), "74 years ahead");
	Add(c, T(2026, 1, 12, 0, 0), "1 business hour", T(2100, 1, 1, 11, 0), NULL);
	Add(c, T(2026, 1, 12, 0, 0), "1 business day", T(2100, 1, 1, 10, 0), NULL);
	Add(c, T(2200, 1, 1, 0, 0), "-1 business hour", T(2100, 1, 1, 10, 0), NULL);
	c = Cal("9999-12-31 10:00-11:00; tz UTC");
	Add(c, T(2026, 1, 12, 0, 0), "1 business hour", T(9999, 12, 31, 11, 0), "the last year");
	c = Cal("1900-01-01 10:00-11:00; tz UTC");
	Add(c, T(2026, 1, 12, 0, 0), "-1 business hour", T(1900, 1, 1, 10, 0), "the first year");
	Add(c, T(2026, 1, 12, 0, 0), "-1 business day", T(1900, 1, 1, 10, 0), NULL);
	c = Cal("Mo-Fr 09:00-17:00; 2026-01-01..2028-09-26 off; tz UTC");
	Add(c, T(2025, 12, 31, 16, 0), "2 business hours", T(2028, 9, 27, 10, 0),
		"1000 days of holidays");
	Add(c, T(2025, 12, 31, 16, 0), "1 business day", T(2028, 9, 27, 16, 0), NULL);

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
		"in no span of the 24th, after its last closing");

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
			/* business days: result is business time or a closing instant */
			for (j = 1; j <= 3 && !bad; j++)
			{
				la_window	w = {LA_W_DAYS, (int64_t) j};
				la_error	err;
				int64_t		r;
				bool		b1 = false,
							b2 = false;

				memset(&err, 0, sizeof(err));
				if (la_business_add(c, t, &w, &r, &err) &&
					(!la_is_business_time(c, r, &b1, &err) ||
					 !la_is_business_time(c, r - 1, &b2, &err) || !(b1 || b2)))
				{
					bad++;
					snprintf(diag, sizeof(diag), "t=%s +%d business days = %s: not business "
							 "time nor a closing", Ts(t), (int) j, Ts(r));
				}
				w.value = -(int64_t) j;
				if (!bad && la_business_add(c, t, &w, &r, &err) &&
					(!la_is_business_time(c, r, &b1, &err) ||
					 !la_is_business_time(c, r - 1, &b2, &err) || !(b1 || b2)))
				{
					bad++;
					snprintf(diag, sizeof(diag), "t=%s -%d business days = %s: not business "
							 "time nor a closing", Ts(t), (int) j, Ts(r));
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

int
main(int argc, char **argv)
{
	(void) argc;
	(void) argv;
	la_test_init();
	TestDates();
	TestZones();
	TestWindows();
	TestWindowOrder();
	TestCalendarText();
	TestCalBuild();
	TestWorkedExamples();
	TestArithmeticUTC();
	TestArithmeticDST();
	TestProperties();
	TestCost();
	FreeCals();
	TestStage();
	TestPolicy();
	return TapDone();
}
