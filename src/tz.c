/*
 * tz.c -- the core's time-zone interface, implemented with
 * PostgreSQL's own tz library (pgtime.h).
 *
 * Only real zone names are accepted (as listed by pg_timezone_names).
 * pg_tzset() also accepts POSIX strings such as 'UTC+3' (which means three
 * hours WEST of UTC); it gives those an upper-cased canonical name, while a
 * zone read from a file gets the file's own spelling.  So a canonical name
 * with a lower-case letter is a real zone; an all-upper-case one (UTC, GMT,
 * EST5EDT, ...) is checked against the zone enumeration, built once per
 * backend and only when such a name is first seen.
 */
#include "la_pg.h"

#include <ctype.h>

#include "miscadmin.h"
#include "pgtime.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

static char **UpperZones = NULL;
static int	NUpperZones = 0;

static bool
HasLower(const char *s)
{
	for (; *s; s++)
		if (islower((unsigned char) *s))
			return true;
	return false;
}

/* Build the list of real zone names that are all upper case. */
static void
LoadUpperZones(void)
{
	pg_tzenum  *tzenum;
	pg_tz	   *tz;
	int			cap = 64;
	MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);
	char	  **list = palloc(sizeof(char *) * cap);
	int			n = 0;

	tzenum = pg_tzenumerate_start();
	while ((tz = pg_tzenumerate_next(tzenum)) != NULL)
	{
		const char *name = pg_get_timezone_name(tz);

		if (name == NULL || HasLower(name))
			continue;
		if (n == cap)
		{
			cap *= 2;
			list = repalloc(list, sizeof(char *) * cap);
		}
		list[n++] = pstrdup(name);
	}
	pg_tzenumerate_end(tzenum);
	MemoryContextSwitchTo(old);
	UpperZones = list;
	NUpperZones = n;
}

static bool
IsUpperZone(const char *canon)
{
	int			i;

	if (strcmp(canon, "UTC") == 0 || strcmp(canon, "GMT") == 0)
		return true;
	if (UpperZones == NULL)
		LoadUpperZones();
	for (i = 0; i < NUpperZones; i++)
		if (strcmp(UpperZones[i], canon) == 0)
			return true;
	return false;
}

static const void *
PgLookup(const char *name, char *canon, size_t canonlen)
{
	pg_tz	   *tz;
	const char *cname;

	if (strlen(name) > TZ_STRLEN_MAX)
		return NULL;
	tz = pg_tzset(name);
	if (tz == NULL || !pg_tz_acceptable(tz))
		return NULL;
	cname = pg_get_timezone_name(tz);
	if (cname == NULL || strlen(cname) >= canonlen)
		return NULL;
	if (!HasLower(cname) && !IsUpperZone(cname))
		return NULL;
	strlcpy(canon, cname, canonlen);
	return tz;
}

static void
PgProbe(const void *zone, int64_t t, int32_t *off, int64_t *next, int32_t *next_off)
{
	pg_time_t	tt = (pg_time_t) t;
	long		before_gmtoff = 0,
				after_gmtoff = 0;
	int			before_isdst,
				after_isdst;
	pg_time_t	boundary = 0;
	int			r;

	r = pg_next_dst_boundary(&tt, &before_gmtoff, &before_isdst, &boundary,
							 &after_gmtoff, &after_isdst, (const pg_tz *) zone);
	if (r < 0)
		elog(ERROR, "could not read time-zone rules");
	*off = (int32_t) before_gmtoff;
	if (r == 0 || boundary <= tt)
	{
		*next = INT64_MAX;
		*next_off = *off;
	}
	else
	{
		*next = boundary;
		*next_off = (int32_t) after_gmtoff;
	}
}

static void
PgInterrupts(void)
{
	CHECK_FOR_INTERRUPTS();
}

static const la_tzops PgTzOps = {PgLookup, PgProbe, PgInterrupts};

const la_tzops *la_tz = NULL;

void
LaTzInit(void)
{
	la_tz = &PgTzOps;
}

/*
 * The local date of instant t in zone (a name business_calendar accepted):
 * the track's local dates of the ledger (DESIGN 5.2).  The last zone looked
 * up is remembered.
 */
DateADT
LaLocalDate(const char *zone, TimestampTz t)
{
	static char last_name[TZ_STRLEN_MAX + 1] = "";
	static pg_tz *last_tz = NULL;
	struct pg_tm tm;
	fsec_t		fsec;
	int			tzoff;

	if (last_tz == NULL || strcmp(last_name, zone) != 0)
	{
		pg_tz	   *tz = strlen(zone) <= TZ_STRLEN_MAX ? pg_tzset(zone) : NULL;

		if (tz == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("time zone \"%s\" of a calendar is not known", zone),
					 errhint("The server's time-zone data may have changed; set the track's calendar again.")));
		last_tz = tz;
		strlcpy(last_name, zone, sizeof(last_name));
	}
	if (TIMESTAMP_NOT_FINITE(t) || timestamp2tm(t, &tzoff, &tm, &fsec, NULL, last_tz) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
	return date2j(tm.tm_year, tm.tm_mon, tm.tm_mday) - POSTGRES_EPOCH_JDATE;
}
