/*
 * test_window.c -- unit tests of la_window.c: the sla_window parser, printer
 * and order.
 *
 * Every expectation is derived by hand from the contract (the README); the
 * comment next to a case says which rule decides it.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "la_core.h"
#include "la_test.h"
#include "la_tap.h"

static const char *
KindName(int k)
{
	return k == LA_W_ELAPSED ? "elapsed" : k == LA_W_BUSINESS ? "business" :
		k == LA_W_DAYS ? "days" : "?";
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

/* The tests of la_window.c, in order. */
void
TestWindow(void)
{
	TestWindows();
	TestWindowOrder();
}
