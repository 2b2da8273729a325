/*
 * la_calparse.c -- business_calendar: the text parser (pure C).
 *
 * The literal borrows the OpenStreetMap opening_hours style; the README has
 * the grammar.  Parsing resolves the rules at once into a la_calbuild (see
 * la_calendar.c): weekly rules into one span list per weekday (a later rule
 * replaces a weekday's spans), dated and yearly rules into sorted maps keyed
 * by date (a later rule replaces a date's spans).  Common mistakes and OSM
 * features the type does not have are refused with a hint.
 *
 * Spans are kept in minutes from their owner date's midnight with
 * start < end <= start + 1440; an overnight span such as 22:00-02:00 is
 * stored as 1320-1560.  Spans of one day are merged when they overlap or
 * touch, unless the merged span would reach 24 hours or more (it could not be
 * written back as HH:MM-HH:MM): then they stay separate and the arithmetic
 * unions them.  A whole day 00:00-24:00 is the one exception.
 */
#include "la_calendar_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CAL_HINT "Write for example 'Mo-Fr 09:00-12:00,13:00-17:00; Sa 10:00-14:00; 12-25 off; 2026-12-24 09:00-12:00; tz Europe/Berlin'."
#define DAY_HINT "Days are Mo Tu We Th Fr Sa Su, as in 'Mo-Fr 09:00-17:00' or 'Sa,Su off'."
#define TIME_HINT "Write times as HH:MM from 00:00 to 23:59, and 24:00 only as an end, e.g. '09:00-17:00' or '22:00-06:00'."
#define ZONE_HINT "Use a zone name from pg_timezone_names, e.g. 'tz Europe/Berlin' or 'tz America/New_York'."

/* ---------- small helpers ---------- */

static bool
IsWs(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static const char *
SkipWs(const char *p, const char *end)
{
	while (p < end && IsWs(*p))
		p++;
	return p;
}

/* A token for messages: the run of characters up to whitespace, ';' or ','. */
static void
Token(char *dst, size_t dstlen, const char *p, const char *end)
{
	size_t		n = 0;

	while (p + n < end && !IsWs(p[n]) && p[n] != ';' && p[n] != ',' && n < dstlen - 4)
		n++;
	if (n == 0 && p < end)
		n = 1;
	memcpy(dst, p, n);
	dst[n] = '\0';
	if (p + n < end && !IsWs(p[n]) && p[n] != ';' && p[n] != ',')
		strcpy(dst + n, "...");
}

/* Fail, adding the current rule to the detail. */
static int
SpanCmp(const void *a, const void *b)
{
	const la_span *x = a,
			   *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return 0;
}

/* Sort and merge a day's spans in place (see the file header); returns the new count. */
static int
MergeSpans(la_span *s, int n)
{
	int			out = 0,
				i;

	if (n == 0)
		return 0;
	qsort(s, n, sizeof(la_span), SpanCmp);
	for (i = 1; i < n; i++)
	{
		la_span    *cur = &s[out];

		if (s[i].end <= cur->end)
			continue;			/* contained */
		if (s[i].start <= cur->end)
		{
			int			len = s[i].end - cur->start;

			if (len < 1440 || (cur->start == 0 && s[i].end == 1440))
			{
				cur->end = s[i].end;
				continue;
			}
		}
		s[++out] = s[i];
	}
	return out + 1;
}

/* Parse "HH:MM" at *pp; is_end allows 24:00.  Result in minutes. */
static bool
ParseTime(la_calbuild *b, const char **pp, const char *end, bool is_end, int *minutes, la_error *err)
{
	const char *p = *pp;
	char		tok[40];
	int			h,
				m;

	Token(tok, sizeof(tok), p, end);
	if (end - p < 5 || !isdigit((unsigned char) p[0]) || !isdigit((unsigned char) p[1]) ||
		p[2] != ':' || !isdigit((unsigned char) p[3]) || !isdigit((unsigned char) p[4]))
	{
		if (p < end && isdigit((unsigned char) p[0]) && p + 1 < end && p[1] == ':')
			return la_cal_fail(b, err, LA_ERR_SYNTAX, "Pad hours to two digits, e.g. '09:00-17:00'.",
						"invalid time \"%s\" in business calendar", tok);
		if (p < end && (strncasecmp(p, "sunrise", 7) == 0 || strncasecmp(p, "sunset", 6) == 0 ||
						strncasecmp(p, "dawn", 4) == 0 || strncasecmp(p, "dusk", 4) == 0 || *p == '('))
			return la_cal_fail(b, err, LA_ERR_SYNTAX, "Sun-based times are not supported: use fixed times such as '08:00-18:00'.",
						"unsupported time \"%s\" in business calendar", tok);
		return la_cal_fail(b, err, LA_ERR_SYNTAX, TIME_HINT,
					"invalid time \"%s\" in business calendar", tok);
	}
	h = (p[0] - '0') * 10 + (p[1] - '0');
	m = (p[3] - '0') * 10 + (p[4] - '0');
	p += 5;
	if (p < end && p[0] == ':' && p + 1 < end && isdigit((unsigned char) p[1]))
		return la_cal_fail(b, err, LA_ERR_SYNTAX, "Seconds are not supported: write HH:MM, e.g. '09:00-17:00'.",
					"invalid time \"%s\" in business calendar", tok);
	if (p < end && (isdigit((unsigned char) *p) || isalpha((unsigned char) *p)))
		return la_cal_fail(b, err, LA_ERR_SYNTAX, TIME_HINT,
					"invalid time \"%s\" in business calendar", tok);
	if (m > 59 || h > 24 || (h == 24 && (m != 0 || !is_end)))
		return la_cal_fail(b, err, LA_ERR_DATETIME, TIME_HINT,
					"time \"%.5s\" is out of range in business calendar", *pp);
	*minutes = h * 60 + m;
	*pp = p;
	return true;
}

/* Refuse an OSM open end such as '17:00+'; always returns false. */
static bool
RefuseOpenEnd(la_calbuild *b, la_error *err)
{
	return la_cal_fail(b, err, LA_ERR_SYNTAX, "Open-ended times are not supported: give a closing time, e.g. '17:00-22:00'.",
					   "unsupported open end \"+\" in business calendar");
}

/* Parse 'off' or span {',' span} at *pp into s[]; *n gets the merged count. */
static bool
ParseHours(la_calbuild *b, const char **pp, const char *end, la_span *s, int *n, la_error *err)
{
	const char *p = SkipWs(*pp, end);
	char		tok[40];
	int			count = 0;

	if (p >= end)
		return la_cal_fail(b, err, LA_ERR_SYNTAX, CAL_HINT,
					"missing hours in business calendar rule");
	if (end - p >= 3 && strncasecmp(p, "off", 3) == 0 &&
		(end - p == 3 || !isalnum((unsigned char) p[3])))
	{
		*pp = p + 3;
		*n = 0;
		return true;
	}
	Token(tok, sizeof(tok), p, end);
	if (strncasecmp(tok, "closed", 6) == 0 || strncasecmp(tok, "open", 4) == 0 ||
		strncasecmp(tok, "unknown", 7) == 0)
		return la_cal_fail(b, err, LA_ERR_SYNTAX, "Write 'off' for a closed day, or the hours, e.g. 'Su off' or 'Sa 10:00-14:00'.",
					"unsupported word \"%s\" in business calendar", tok);
	for (;;)
	{
		int			st,
					en;

		if (count == LA_CAL_MAX_SPANS)
			return la_cal_fail(b, err, LA_ERR_LIMIT, "Merge spans or split the day differently.",
						"business calendar rule has more than %d spans in a day", LA_CAL_MAX_SPANS);
		if (!ParseTime(b, &p, end, false, &st, err))
			return false;
		p = SkipWs(p, end);
		if (p < end && *p == '+')
			return RefuseOpenEnd(b, err);
		if (p >= end)
			return la_cal_fail(b, err, LA_ERR_SYNTAX, TIME_HINT,
						"missing closing time after \"%02d:%02d\" in business calendar",
						st / 60, st % 60);
		if (*p != '-')
		{
			Token(tok, sizeof(tok), p, end);
			return la_cal_fail(b, err, LA_ERR_SYNTAX, TIME_HINT,
						"expected \"-\" and a closing time after \"%02d:%02d\" in business calendar, found \"%s\"",
						st / 60, st % 60, tok);
		}
		p = SkipWs(p + 1, end);
		if (!ParseTime(b, &p, end, true, &en, err))
			return false;
		if (en == st)
			return la_cal_fail(b, err, LA_ERR_PARAM, "Write a whole day as '00:00-24:00'.",
						"span \"%02d:%02d-%02d:%02d\" in business calendar is empty",
						st / 60, st % 60, en / 60, en % 60);
		if (en < st)
			en += 1440;			/* overnight: belongs to the day it starts on */
		s[count].start = (uint16_t) st;
		s[count].end = (uint16_t) en;
		count++;
		p = SkipWs(p, end);
		if (p < end && *p == '+')
			return RefuseOpenEnd(b, err);
		if (p < end && *p == ',')
		{
			p = SkipWs(p + 1, end);
			continue;
		}
		break;
	}
	*n = MergeSpans(s, count);
	*pp = p;
	return true;
}

/* Try to read a two-letter day name at p. */
static int
DayAt(const char *p, const char *end)
{
	int			i;

	if (end - p < 2 || (end - p > 2 && isalpha((unsigned char) p[2])))
		return -1;
	for (i = 0; i < 7; i++)
		if (strncasecmp(p, la_cal_day_names[i], 2) == 0)
			return i;
	return -1;
}

static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul",
"aug", "sep", "oct", "nov", "dec"};
static const char *const month_names[] = {"january", "february", "march", "april", "may",
"june", "july", "august", "september", "october", "november", "december"};

/* Refuse OSM features and other common mistakes with a hint; always returns false. */
static bool
RefuseWord(la_calbuild *b, const char *p, const char *end, bool selector, la_error *err)
{
	char		tok[40];
	int			i;

	Token(tok, sizeof(tok), p, end);
	if (strcasecmp(tok, "PH") == 0 || strcasecmp(tok, "SH") == 0)
		return la_cal_fail(b, err, LA_ERR_SYNTAX, "Holidays are not built in: list them as dates, e.g. '12-25 off' or '2026-12-24 off', or build the calendar with lead_align.calendar() from a holidays table.",
					"unsupported holiday selector \"%s\" in business calendar", tok);
	if (strncasecmp(tok, "week", 4) == 0)
		return la_cal_fail(b, err, LA_ERR_SYNTAX, "Week numbers are not supported: list the dates, e.g. '2026-12-28..2027-01-01 off'.",
					"unsupported selector \"%s\" in business calendar", tok);
	for (i = 0; i < 12; i++)
		if (strcasecmp(tok, months[i]) == 0 || strcasecmp(tok, month_names[i]) == 0)
			return la_cal_fail(b, err, LA_ERR_SYNTAX, "Write month-days as MM-DD, e.g. '12-25 off', or dates as YYYY-MM-DD.",
						"unsupported month name \"%s\" in business calendar", tok);
	if (strncasecmp(tok, "sunrise", 7) == 0 || strncasecmp(tok, "sunset", 6) == 0 ||
		strncasecmp(tok, "dawn", 4) == 0 || strncasecmp(tok, "dusk", 4) == 0)
		return la_cal_fail(b, err, LA_ERR_SYNTAX, "Sun-based times are not supported: use fixed times such as '08:00-18:00'.",
					"unsupported time \"%s\" in business calendar", tok);
	if (tok[0] == '"')
	{
		const char *q = memchr(p + 1, '"', end - p - 1);
		int			len = q ? (int) (q - p + 1) : (int) (end - p);

		return la_cal_fail(b, err, LA_ERR_SYNTAX, "Comments are not supported: remove the quoted text.",
					"unsupported comment %.*s in business calendar", len > 60 ? 60 : len, p);
	}
	if (strncmp(tok, "||", 2) == 0)
		return la_cal_fail(b, err, LA_ERR_SYNTAX, "Fallback rules are not supported: separate rules with ';'.",
					"unsupported \"||\" in business calendar");
	if (tok[0] == '+' || strncmp(tok, "-", 1) == 0)
		return la_cal_fail(b, err, LA_ERR_SYNTAX, CAL_HINT,
					"unexpected \"%s\" in business calendar", tok);
	if (isdigit((unsigned char) tok[0]) && strchr(tok, ':'))
		return la_cal_fail(b, err, LA_ERR_SYNTAX, "Start each rule with the days it applies to, e.g. 'Mo-Su 09:00-17:00'.",
					"hours \"%s\" without days in business calendar", tok);
	if (isalpha((unsigned char) tok[0]) && selector)
		return la_cal_fail(b, err, LA_ERR_SYNTAX, DAY_HINT,
					"unknown day \"%s\" in business calendar", tok);
	if (!selector)
		return la_cal_fail(b, err, LA_ERR_SYNTAX, "End each rule with its hours and separate rules with ';', e.g. 'Mo-Fr 09:00-17:00; Sa off'.",
					"unexpected \"%s\" after the hours in business calendar", tok);
	return la_cal_fail(b, err, LA_ERR_SYNTAX, CAL_HINT,
				"unexpected \"%s\" in business calendar", tok);
}

/* Parse NN digits exactly. */
static bool
Digits(const char *p, const char *end, int n, int *val)
{
	int			v = 0,
				i;

	if (end - p < n)
		return false;
	for (i = 0; i < n; i++)
	{
		if (!isdigit((unsigned char) p[i]))
			return false;
		v = v * 10 + (p[i] - '0');
	}
	if (end - p > n && isdigit((unsigned char) p[n]))
		return false;
	*val = v;
	return true;
}

/*
 * Parse a date at *pp: 'YYYY-MM-DD' (sets *y) or 'MM-DD' (*y = 0).
 * Checks padding, range and existence.
 */
static bool
ParseDate(la_calbuild *b, const char **pp, const char *end, int *y, int *m, int *d, la_error *err)
{
	const char *p = *pp;
	char		tok[40];
	int			a,
				mm,
				dd;

	Token(tok, sizeof(tok), p, end);
	if (Digits(p, end, 4, &a) && end - p >= 10 && p[4] == '-' && Digits(p + 5, end, 2, &mm) &&
		p[7] == '-' && Digits(p + 8, end, 2, &dd))
	{
		p += 10;
		if (a < LA_CAL_MIN_YEAR || a > LA_CAL_MAX_YEAR)
			return la_cal_fail(b, err, LA_ERR_DATETIME, "Years run from 1900 to 9999.",
						"date \"%.10s\" is out of range in business calendar", *pp);
		if (!la_valid_ymd(a, mm, dd))
			return la_cal_fail(b, err, LA_ERR_DATETIME, "Use a date that exists, e.g. '2026-02-28'.",
						"date \"%.10s\" does not exist in business calendar", *pp);
		*y = a;
	}
	else if (Digits(p, end, 2, &mm) && end - p >= 5 && p[2] == '-' && Digits(p + 3, end, 2, &dd) &&
			 !(end - p > 5 && p[5] == '-'))
	{
		p += 5;
		if (!la_valid_ymd(2000, mm, dd))
			return la_cal_fail(b, err, LA_ERR_DATETIME, "Use a month-day that exists, e.g. '12-25' or '02-29' (leap years only).",
						"month-day \"%.5s\" does not exist in business calendar", *pp);
		*y = 0;
	}
	else
	{
		const char *q = p;

		while (q < end && isdigit((unsigned char) *q))
			q++;
		if (q - p > 4 && q < end && *q == '-')
			return la_cal_fail(b, err, LA_ERR_DATETIME, "Years run from 1900 to 9999.",
						"date \"%s\" is out of range in business calendar", tok);
		return la_cal_fail(b, err, LA_ERR_SYNTAX, "Write dates as YYYY-MM-DD and yearly dates as MM-DD, zero-padded, e.g. '2026-01-01 off' or '12-25 off'.",
					"invalid date \"%s\" in business calendar", tok);
	}
	if (p < end && !IsWs(*p) && *p != ',' && *p != '.' && *p != ';')
		return la_cal_fail(b, err, LA_ERR_SYNTAX, "Write dates as YYYY-MM-DD and yearly dates as MM-DD, zero-padded, e.g. '2026-01-01 off' or '12-25 off'.",
					"invalid date \"%s\" in business calendar", tok);
	*m = mm;
	*d = dd;
	*pp = p;
	return true;
}

/* Apply hours to the dates of a list: collected keys, dated or yearly. */
typedef struct KeyList
{
	int32_t    *keys;
	int			n;
	int			cap;
} KeyList;

static bool
KeyAdd(la_calbuild *b, KeyList *k, int32_t key, la_error *err)
{
	if (k->n >= LA_CAL_MAX_ENTRIES)
		return la_cal_fail(b, err, LA_ERR_LIMIT, "Keep only the dates you need, or split the calendar.",
					"business calendar has more than %d dated and yearly entries", LA_CAL_MAX_ENTRIES);
	if (k->n == k->cap)
	{
		int			cap = k->cap ? k->cap * 2 : 32;
		int32_t    *nk = la_malloc(sizeof(int32_t) * cap);

		if (k->n)
			memcpy(nk, k->keys, sizeof(int32_t) * k->n);
		la_mfree(k->keys);
		k->keys = nk;
		k->cap = cap;
	}
	k->keys[k->n++] = key;
	return true;
}

/* Parse a list of dates or month-days with '..' ranges. */
static bool
ParseDateList(la_calbuild *b, const char **pp, const char *end, bool *dated, KeyList *keys, la_error *err)
{
	const char *p = *pp;
	bool		first = true;

	for (;;)
	{
		int			y1,
					m1,
					d1,
					y2,
					m2,
					d2;
		const char *item = p;

		if (!ParseDate(b, &p, end, &y1, &m1, &d1, err))
			return false;
		if (first)
			*dated = (y1 != 0);
		else if (*dated != (y1 != 0))
			return la_cal_fail(b, err, LA_ERR_SYNTAX, "Put yearly dates (MM-DD) and dated rules (YYYY-MM-DD) in separate rules.",
						"date \"%.*s\" mixes yearly and dated forms in one rule in business calendar",
						(int) (p - item), item);
		first = false;
		p = SkipWs(p, end);
		if (end - p >= 2 && p[0] == '.' && p[1] == '.')
		{
			const char *second;

			p = SkipWs(p + 2, end);
			second = p;
			if (!ParseDate(b, &p, end, &y2, &m2, &d2, err))
				return false;
			if ((y2 != 0) != (y1 != 0))
				return la_cal_fail(b, err, LA_ERR_SYNTAX, "Write both ends of a range in the same form, e.g. '12-24..12-26' or '2026-12-24..2026-12-31'.",
							"range \"%.*s\" mixes yearly and dated forms in business calendar",
							(int) (p - item), item);
			if (y1 != 0)
			{
				int32_t		a = la_days_from_civil(y1, m1, d1);
				int32_t		z = la_days_from_civil(y2, m2, d2);
				int32_t		k;

				if (z < a)
					return la_cal_fail(b, err, LA_ERR_PARAM, "Write the earlier date first, e.g. '2026-12-24..2026-12-31'.",
								"date range \"%.*s\" runs backwards in business calendar",
								(int) (p - item), item);
				if (z - a + 1 > LA_CAL_MAX_ENTRIES)
					return la_cal_fail(b, err, LA_ERR_LIMIT, "Keep only the dates you need, or split the calendar.",
								"business calendar has more than %d dated and yearly entries", LA_CAL_MAX_ENTRIES);
				for (k = a; k <= z; k++)
					if (!KeyAdd(b, keys, k, err))
						return false;
			}
			else
			{
				int			i = la_cal_yearly_index(m1, d1);
				int			j = la_cal_yearly_index(m2, d2);

				(void) second;
				/* a yearly range may wrap through the new year */
				for (;;)
				{
					if (!KeyAdd(b, keys, la_cal_yearly_key(i), err))
						return false;
					if (i == j)
						break;
					i = (i + 1) % 366;
				}
			}
			p = SkipWs(p, end);
		}
		else if (y1 != 0)
		{
			if (!KeyAdd(b, keys, la_days_from_civil(y1, m1, d1), err))
				return false;
		}
		else if (!KeyAdd(b, keys, m1 * 100 + d1, err))
			return false;
		if (p < end && *p == ',')
		{
			p = SkipWs(p + 1, end);
			continue;
		}
		break;
	}
	*pp = p;
	return true;
}

/* Parse a day list such as 'Mo-Fr', 'Sa-Mo', 'Mo,We,Fr' into a bit set. */
static bool
ParseDayList(la_calbuild *b, const char **pp, const char *end, int *mask, la_error *err)
{
	const char *p = *pp;

	*mask = 0;
	for (;;)
	{
		int			d1 = DayAt(p, end),
					d2;

		if (d1 < 0)
			return RefuseWord(b, p, end, true, err);
		p = SkipWs(p + 2, end);
		d2 = d1;
		if (p < end && *p == '-')
		{
			p = SkipWs(p + 1, end);
			d2 = DayAt(p, end);
			if (d2 < 0)
				return RefuseWord(b, p, end, true, err);
			p = SkipWs(p + 2, end);
		}
		for (;;)
		{
			*mask |= 1 << d1;
			if (d1 == d2)
				break;
			d1 = (d1 + 1) % 7;
		}
		if (p < end && *p == ',')
		{
			p = SkipWs(p + 1, end);
			continue;
		}
		break;
	}
	*pp = p;
	return true;
}

/* Everything after a rule's hours must be whitespace. */
static bool
ExpectEnd(la_calbuild *b, const char *p, const char *end, la_error *err)
{
	p = SkipWs(p, end);
	if (p < end)
		return RefuseWord(b, p, end, false, err);
	return true;
}

bool
la_calbuild_tz(la_calbuild *b, const char *name, la_error *err)
{
	char		canon[64];
	size_t		len = strlen(name);

	if (b->have_tz)
		return la_cal_fail(b, err, LA_ERR_SYNTAX, "Give the time zone once, e.g. 'tz Europe/Berlin'.",
					"time zone given twice in business calendar (\"%s\")", name);
	if (len == 0)
		return la_cal_fail(b, err, LA_ERR_SYNTAX, ZONE_HINT, "missing time zone name after \"tz\" in business calendar");
	if (strcasecmp(name, "localtime") == 0)
		return la_cal_fail(b, err, LA_ERR_PARAM, "A calendar must not depend on the server's settings: name the zone, e.g. 'tz Europe/Berlin'.",
					"time zone \"%s\" is not allowed in business calendar", name);
	if (len >= sizeof(canon) || la_tz->lookup(name, canon, sizeof(canon)) == NULL)
	{
		bool		posix = false;
		size_t		i;

		for (i = 0; i < len; i++)
			if ((name[i] == '+' || name[i] == '-' || isdigit((unsigned char) name[i])) && i >= 3 &&
				strchr(name, '/') == NULL)
				posix = true;
		if (posix)
			return la_cal_fail(b, err, LA_ERR_PARAM, "POSIX zone strings are not allowed (in them 'UTC+3' means three hours west of UTC): use a zone name such as 'Etc/GMT-3' or 'Europe/Moscow'.",
						"time zone \"%s\" is not a zone name in business calendar", name);
		return la_cal_fail(b, err, LA_ERR_PARAM, ZONE_HINT,
					"unknown time zone \"%s\" in business calendar", name);
	}
	strcpy(b->zone, canon);
	b->have_tz = true;
	return true;
}

/* Parse one rule (already trimmed, non-empty). */
static bool
ParseRule(la_calbuild *b, const char *p, const char *end, int kinds, la_error *err)
{
	la_span		s[LA_CAL_MAX_SPANS];
	int			n;

	if (end - p >= 2 && strncasecmp(p, "tz", 2) == 0 && (end - p == 2 || IsWs(p[2])))
	{
		char		name[80];
		const char *q = SkipWs(p + 2, end),
				   *e = q;
		size_t		len;

		if (!(kinds & LA_RULE_TZ))
			return la_cal_fail(b, err, LA_ERR_PARAM, "Pass the time zone separately.",
						"\"tz\" is not allowed here");
		while (e < end && !IsWs(*e))
			e++;
		len = e - q;
		if (len >= sizeof(name))
			len = sizeof(name) - 1;
		memcpy(name, q, len);
		name[len] = '\0';
		if (!ExpectEnd(b, e, end, err))
			return false;
		return la_calbuild_tz(b, name, err);
	}
	if (end - p >= 4 && strncmp(p, "24/7", 4) == 0)
	{
		int			d;

		if (!(kinds & LA_RULE_WEEKLY))
			return la_cal_fail(b, err, LA_ERR_PARAM, CAL_HINT, "weekly rule \"24/7\" is not allowed here");
		if (!ExpectEnd(b, p + 4, end, err))
			return false;
		for (d = 0; d < 7; d++)
		{
			b->week[d][0].start = 0;
			b->week[d][0].end = 1440;
			b->nweek[d] = 1;
		}
		return true;
	}
	if (isdigit((unsigned char) *p))
	{
		KeyList		keys = {NULL, 0, 0};
		bool		dated = false;
		bool		ok;
		int			i;

		if (end - p >= 5 && p[2] == ':')
			return RefuseWord(b, p, end, true, err);
		ok = ParseDateList(b, &p, end, &dated, &keys, err) &&
			ParseHours(b, &p, end, s, &n, err) &&
			ExpectEnd(b, p, end, err);
		if (ok && !(kinds & (dated ? LA_RULE_DATED : LA_RULE_YEARLY)))
			ok = la_cal_fail(b, err, LA_ERR_PARAM, CAL_HINT, "%s rules are not allowed here",
					  dated ? "dated" : "yearly");
		for (i = 0; ok && i < keys.n; i++)
			ok = la_cal_map_set(b, dated ? &b->dated : &b->yearly, keys.keys[i], s, n, err);
		la_mfree(keys.keys);
		return ok;
	}
	if (DayAt(p, end) >= 0)
	{
		int			mask,
					d;

		if (!(kinds & LA_RULE_WEEKLY))
			return la_cal_fail(b, err, LA_ERR_PARAM, CAL_HINT, "weekly rules are not allowed here");
		if (!ParseDayList(b, &p, end, &mask, err))
			return false;
		p = SkipWs(p, end);
		if (p >= end)
			return la_cal_fail(b, err, LA_ERR_SYNTAX, "Give hours or 'off' after the days, e.g. 'Mo-Fr 09:00-17:00'.",
						"missing hours after days in business calendar");
		if (!ParseHours(b, &p, end, s, &n, err) || !ExpectEnd(b, p, end, err))
			return false;
		for (d = 0; d < 7; d++)
			if (mask & (1 << d))
			{
				memcpy(b->week[d], s, sizeof(la_span) * n);
				b->nweek[d] = n;
			}
		return true;
	}
	return RefuseWord(b, p, end, true, err);
}

bool
la_calbuild_parse(la_calbuild *b, const char *text, int kinds, la_error *err)
{
	const char *p = text;
	size_t		len = strlen(text);

	if (len > LA_CAL_MAX_TEXT)
		return la_cal_fail(NULL, err, LA_ERR_LIMIT, "Keep only the dates you need, or split the calendar.",
					"business calendar text is longer than %d bytes", LA_CAL_MAX_TEXT);
	if (*SkipWs(p, p + len) == '\0')
		return la_cal_fail(NULL, err, LA_ERR_SYNTAX, CAL_HINT, "business calendar is empty");
	b->rule_no = 0;
	for (;;)
	{
		const char *semi = strchr(p, ';');
		const char *end = semi ? semi : p + strlen(p);
		const char *s = SkipWs(p, end);
		const char *e = end;

		while (e > s && IsWs(e[-1]))
			e--;
		b->rule_no++;
		b->rule = s;
		b->rule_len = e - s;
		if (s == e)
		{
			b->rule = NULL;
			if (semi == NULL)
				return la_cal_fail(b, err, LA_ERR_SYNTAX, "Remove the trailing ';'.",
							"business calendar ends with \";\"");
			return la_cal_fail(b, err, LA_ERR_SYNTAX, CAL_HINT,
						"empty rule %d in business calendar", b->rule_no);
		}
		if (!ParseRule(b, s, e, kinds, err))
		{
			b->rule = NULL;
			return false;
		}
		if (semi == NULL)
			break;
		p = semi + 1;
	}
	b->rule = NULL;
	return true;
}

/* Parse a key 'YYYY-MM-DD' or 'MM-DD' and hours, and set that date's rule. */
bool
la_calbuild_special(la_calbuild *b, const char *key, const char *hours, la_error *err)
{
	const char *p = key,
			   *kend = key + strlen(key);
	const char *h = hours,
			   *hend = hours + strlen(hours);
	int			y,
				m,
				d,
				n;
	la_span		s[LA_CAL_MAX_SPANS];

	p = SkipWs(p, kend);
	if (!ParseDate(b, &p, kend, &y, &m, &d, err) || !ExpectEnd(b, p, kend, err))
		return false;
	if (!ParseHours(b, &h, hend, s, &n, err) || !ExpectEnd(b, h, hend, err))
		return false;
	if (y != 0)
		return la_cal_map_set(b, &b->dated, la_days_from_civil(y, m, d), s, n, err);
	return la_cal_map_set(b, &b->yearly, m * 100 + d, s, n, err);
}

bool
la_cal_parse(const char *text, void **blob, size_t *size, la_error *err)
{
	la_calbuild *b = la_calbuild_new();
	bool		ok = la_calbuild_parse(b, text, LA_RULE_ALL, err) &&
		la_calbuild_finish(b, blob, size, err);

	la_calbuild_free(b);
	return ok;
}

