/*
 * test_util.c -- unit tests of la_util.c (errors and proleptic Gregorian
 * dates) and of the synthetic zones of la_tz_test.c that the other tests
 * rely on.
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

/* The tests of la_util.c and of the test zones, in order. */
void
TestUtil(void)
{
	TestDates();
	TestZones();
}
