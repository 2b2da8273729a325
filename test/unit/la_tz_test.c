/*
 * la_tz_test.c -- test glue of the lead_align core: memory hooks and a small
 * time-zone implementation with fixed and synthetic DST zones; and the
 * oracles the unit test and the fuzzer share (civil dates, the UTC printer,
 * the blob hash), written independently of the core.
 *
 * Zones (looked up case-insensitively; the canonical spelling is written back):
 *   UTC                   +0, no transitions
 *   Asia/Tokyo            +9, no transitions
 *   Asia/Kolkata          +5:30, no transitions
 *   Europe/Berlin         +1 standard, +2 from the last Sunday of March 01:00 UTC
 *                         to the last Sunday of October 01:00 UTC, every year
 *   America/Los_Angeles   -8 standard, -7 in summer.  From 2007 on: the second
 *                         Sunday of March 10:00 UTC to the first Sunday of
 *                         November 09:00 UTC.  Before 2007 the 1987-2006 US rule
 *                         (first Sunday of April 10:00 UTC to the last Sunday of
 *                         October 09:00 UTC) is applied to every earlier year,
 *                         so that the README's worked example on 2006-04-02 holds
 *                         as it does with the real tz database.
 *   Test/Midnight         -3 standard, -2 from the first Sunday of November
 *                         03:00 UTC (local 00:00 -> 01:00: the first hour of
 *                         that Sunday does not exist) to the third Sunday of
 *                         February 02:00 UTC (local 00:00 -> Saturday 23:00: the
 *                         last hour of that Saturday happens twice), like old
 *                         Brazil.  Summer spans the turn of the year.
 * Anything else (POSIX strings such as "UTC+3", "localtime", "Mars/Base")
 * returns NULL.
 *
 * Rules apply to the years RULE_YMIN..RULE_YMAX (well beyond the timestamp
 * range -4713..294276); all arithmetic is 64-bit, so probe() is safe for any
 * int64 argument.  Before the first transition the zone keeps the offset the
 * yearly cycle ends with; after the last one there are no more transitions.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "la_core.h"
#include "la_test.h"

#define RULE_YMIN	(-5000)
#define RULE_YMAX	300000

typedef enum
{
	TZ_FIXED,
	TZ_EU,
	TZ_US,
	TZ_MIDNIGHT
} tzkind;

typedef struct testzone
{
	const char *name;
	tzkind		kind;
	int32_t		std;			/* standard offset, seconds east */
} testzone;

static const testzone zones[] = {
	{"UTC", TZ_FIXED, 0},
	{"Asia/Tokyo", TZ_FIXED, 9 * 3600},
	{"Asia/Kolkata", TZ_FIXED, 5 * 3600 + 1800},
	{"Europe/Berlin", TZ_EU, 3600},
	{"America/Los_Angeles", TZ_US, -8 * 3600},
	{"Test/Midnight", TZ_MIDNIGHT, -3 * 3600},
};

typedef struct trans
{
	int64_t		at;				/* Unix seconds */
	int32_t		off;			/* offset from then on */
} trans;

uint64_t	la_test_interrupt_calls = 0;

/*
 * The core only declares la_tz; each glue defines it.  Weak, so that this file
 * still links should the core ever define it too.
 */
__attribute__((weak)) const la_tzops *la_tz = NULL;

/* floor division, safe for any a and b > 0 */
static int64_t
FloorDiv(int64_t a, int64_t b)
{
	int64_t		q = a / b;

	if (a % b != 0 && a < 0)
		q--;
	return q;
}

/* Unix days of y-m-d (Howard Hinnant's algorithm, 64-bit) */
int64_t
la_test_days_from_civil(int64_t y, int m, int d)
{
	int64_t		era;
	int64_t		yoe;
	int64_t		doy;
	int64_t		doe;

	y -= m <= 2;
	era = FloorDiv(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* inverse of la_test_days_from_civil */
void
la_test_civil_from_days(int64_t days, int64_t *py, int *pm, int *pd)
{
	int64_t		z = days + 719468;
	int64_t		era = FloorDiv(z, 146097);
	int64_t		doe = z - era * 146097;
	int64_t		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t		mp = (5 * doy + 2) / 153;
	int			d = (int) (doy - (153 * mp + 2) / 5 + 1);
	int			m = (int) (mp < 10 ? mp + 3 : mp - 9);

	*py = yoe + era * 400 + (m <= 2);
	*pm = m;
	*pd = d;
}

/* print an instant as UTC, for diagnostics; returns a rotating buffer */
const char *
la_test_ts(int64_t t)
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
	days = t / LA_USECS_PER_DAY;
	us = t % LA_USECS_PER_DAY;
	if (us < 0)
	{
		us += LA_USECS_PER_DAY;
		days--;
	}
	la_test_civil_from_days(days + PG_EPOCH_UNIX_DAYS, &y, &m, &d);
	snprintf(buf, 64, "%04" PRId64 "-%02d-%02d %02d:%02d:%02d.%06dZ", y, m, d,
			 (int) (us / LA_USECS_PER_HOUR), (int) (us / LA_USECS_PER_MIN % 60),
			 (int) (us / LA_USECS_PER_SEC % 60), (int) (us % LA_USECS_PER_SEC));
	return buf;
}

/* FNV-1a over bytes, as la_calhdr.hash documents */
uint32_t
la_test_fnv1a(const unsigned char *p, size_t n)
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

/* weekday of a Unix day, 0 = Sunday */
static int
WeekdaySun0(int64_t days)
{
	return (int) (days + 4 - FloorDiv(days + 4, 7) * 7);
}

/* Unix day of the n-th (1-based) Sunday of y-m */
static int64_t
NthSunday(int64_t y, int m, int n)
{
	int64_t		first = la_test_days_from_civil(y, m, 1);

	return first + (7 - WeekdaySun0(first)) % 7 + 7 * (n - 1);
}

/* Unix day of the last Sunday of y-m */
static int64_t
LastSunday(int64_t y, int m)
{
	int64_t		last = (m == 12 ? la_test_days_from_civil(y + 1, 1, 1)
						: la_test_days_from_civil(y, m + 1, 1)) - 1;

	return last - WeekdaySun0(last);
}

/* the two transitions of zone z in year y, in order */
static void
YearTransitions(const testzone *z, int64_t y, trans *t)
{
	switch (z->kind)
	{
		case TZ_EU:
			t[0].at = LastSunday(y, 3) * 86400 + 3600;
			t[0].off = z->std + 3600;
			t[1].at = LastSunday(y, 10) * 86400 + 3600;
			t[1].off = z->std;
			break;
		case TZ_US:
			if (y >= 2007)
			{
				t[0].at = NthSunday(y, 3, 2) * 86400 + 10 * 3600;
				t[1].at = NthSunday(y, 11, 1) * 86400 + 9 * 3600;
			}
			else
			{
				t[0].at = NthSunday(y, 4, 1) * 86400 + 10 * 3600;
				t[1].at = LastSunday(y, 10) * 86400 + 9 * 3600;
			}
			t[0].off = z->std + 3600;
			t[1].off = z->std;
			break;
		case TZ_MIDNIGHT:
			t[0].at = NthSunday(y, 2, 3) * 86400 + 2 * 3600;
			t[0].off = z->std;
			t[1].at = NthSunday(y, 11, 1) * 86400 + 3 * 3600;
			t[1].off = z->std + 3600;
			break;
		case TZ_FIXED:
			abort();
	}
}

/* la_tzops.lookup */
static const void *
TestLookup(const char *name, char *canon, size_t canonlen)
{
	size_t		i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
	{
		if (strcasecmp(name, zones[i].name) == 0)
		{
			size_t		len = strlen(zones[i].name);

			if (canon != NULL)
			{
				if (canonlen <= len)
					return NULL;
				memcpy(canon, zones[i].name, len + 1);
			}
			return &zones[i];
		}
	}
	return NULL;
}

/* la_tzops.probe */
static void
TestProbe(const void *zone, int64_t t, int32_t *off, int64_t *next, int32_t *next_off)
{
	const testzone *z = zone;
	trans		list[8];
	int			n = 0;
	int64_t		y;
	int64_t		yy;
	int			m,
				d,
				i;
	int32_t		cur;

	if (z == NULL)
		abort();
	if (z->kind == TZ_FIXED)
	{
		*off = z->std;
		*next = INT64_MAX;
		*next_off = z->std;
		return;
	}

	la_test_civil_from_days(FloorDiv(t, 86400), &y, &m, &d);
	if (y < RULE_YMIN)
	{
		YearTransitions(z, RULE_YMIN, list);
		*off = list[1].off;
		*next = list[0].at;
		*next_off = list[0].off;
		return;
	}
	if (y > RULE_YMAX)
	{
		YearTransitions(z, RULE_YMAX, list);
		*off = list[1].off;
		*next = INT64_MAX;
		*next_off = list[1].off;
		return;
	}
	for (yy = y - 1; yy <= y + 1; yy++)
	{
		if (yy < RULE_YMIN || yy > RULE_YMAX)
			continue;
		YearTransitions(z, yy, &list[n]);
		n += 2;
	}
	YearTransitions(z, RULE_YMIN, &list[n]);	/* only for the cycle's end offset */
	cur = list[n + 1].off;
	for (i = 0; i < n; i++)
	{
		if (list[i].at > t)
		{
			*off = cur;
			*next = list[i].at;
			*next_off = list[i].off;
			return;
		}
		cur = list[i].off;
	}
	*off = cur;
	*next = INT64_MAX;
	*next_off = cur;
}

/* la_tzops.interrupts */
static void
TestInterrupts(void)
{
	la_test_interrupt_calls++;
}

static const la_tzops test_tzops = {TestLookup, TestProbe, TestInterrupts};

void
la_test_init(void)
{
	la_tz = &test_tzops;
}

void *
la_malloc(size_t size)
{
	void	   *p = malloc(size ? size : 1);

	if (p == NULL)
	{
		fprintf(stderr, "la_malloc: out of memory (%zu bytes)\n", size);
		abort();
	}
	return p;
}

void
la_mfree(void *ptr)
{
	free(ptr);
}
