/*
 * la_window.c -- sla_window: parse, format, pack (pure C).
 *
 *   window := [ws] ['-'|'+'] part { ws part } [ws]
 *   part   := number [ws] ['business' ws] unit
 *   number := digits ['.' digits]
 *
 * Three kinds that never mix: elapsed (exact microseconds), business duration
 * (microseconds of business time, units seconds to hours) and business days
 * (a whole count).  Whitespace between a number and its unit is optional
 * ('30s' is accepted); between parts it is required.
 */
#include "la_core.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define WINDOW_HINT "Write for example '30 minutes', '4 business hours' or '2 business days'."
#define UNIT_HINT "Units are second(s), sec(s), s, minute(s), min(s), hour(s), hr(s), h, day(s), d."

typedef struct UnitName
{
	const char *name;
	int64_t		usecs;
} UnitName;

static const UnitName units[] = {
	{"second", LA_USECS_PER_SEC}, {"seconds", LA_USECS_PER_SEC},
	{"sec", LA_USECS_PER_SEC}, {"secs", LA_USECS_PER_SEC}, {"s", LA_USECS_PER_SEC},
	{"minute", LA_USECS_PER_MIN}, {"minutes", LA_USECS_PER_MIN},
	{"min", LA_USECS_PER_MIN}, {"mins", LA_USECS_PER_MIN},
	{"hour", LA_USECS_PER_HOUR}, {"hours", LA_USECS_PER_HOUR},
	{"hr", LA_USECS_PER_HOUR}, {"hrs", LA_USECS_PER_HOUR}, {"h", LA_USECS_PER_HOUR},
	{"day", LA_USECS_PER_DAY}, {"days", LA_USECS_PER_DAY}, {"d", LA_USECS_PER_DAY},
};

static bool
IsWs(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Case-insensitive compare of a counted word with a C string. */
static bool
WordIs(const char *w, size_t len, const char *s)
{
	return strlen(s) == len && strncasecmp(w, s, len) == 0;
}

/* Copy a token for an error message, shortened if long. */
static void
TokenCopy(char *dst, size_t dstlen, const char *src, size_t len)
{
	if (len >= dstlen - 4 && dstlen > 8)
	{
		memcpy(dst, src, dstlen - 8);
		strcpy(dst + dstlen - 8, "...");
	}
	else
	{
		if (len >= dstlen)
			len = dstlen - 1;
		memcpy(dst, src, len);
		dst[len] = '\0';
	}
}

/* Copy the text from start to the end of the word at p (white space or the end). */
static void
TokenToWordEnd(char *dst, size_t dstlen, const char *start, const char *p)
{
	while (*p && !IsWs(*p))
		p++;
	TokenCopy(dst, dstlen, start, p - start);
}

/*
 * Convert digits.frac of a unit to microseconds, rounding half to even.
 * Returns false on overflow.
 */
static bool
ScaleNumber(const char *ip, size_t ilen, const char *fp, size_t flen,
			int64_t unit, __int128 *out)
{
	__int128	whole = 0;
	__int128	frac = 0;
	__int128	pow10 = 1;
	bool		sticky = false;
	size_t		i;

	for (i = 0; i < ilen; i++)
	{
		whole = whole * 10 + (ip[i] - '0');
		if (whole > (__int128) LA_W_MAXVAL)
			return false;
	}
	for (i = 0; i < flen; i++)
	{
		if (i < 18)
		{
			frac = frac * 10 + (fp[i] - '0');
			pow10 *= 10;
		}
		else if (fp[i] != '0')
			sticky = true;
	}
	whole *= unit;
	if (whole > (__int128) LA_W_MAXVAL)
		return false;
	if (flen > 0)
	{
		__int128	x = frac * unit;
		__int128	q = x / pow10;
		__int128	r = x % pow10;

		if (2 * r > pow10 || (2 * r == pow10 && (sticky || (q & 1))))
			q++;
		whole += q;
	}
	*out = whole;
	return true;
}

/* Parse an sla_window literal. */
bool
la_window_parse(const char *s, la_window *out, la_error *err)
{
	const char *p = s;
	bool		neg = false;
	bool		have_kind = false;
	la_wkind	kind = LA_W_ELAPSED;
	__int128	total = 0;
	char		tok[64];

	while (IsWs(*p))
		p++;
	if (*p == '-' || *p == '+')
	{
		neg = (*p == '-');
		p++;
		while (IsWs(*p))
			p++;
	}
	if (*p == '\0')
		return la_fail(err, LA_ERR_SYNTAX, WINDOW_HINT,
					   "invalid sla_window \"%s\": no duration given", s);

	while (*p != '\0')
	{
		const char *ip = p,
				   *fp = NULL,
				   *w;
		size_t		ilen,
					flen = 0,
					wlen;
		bool		business = false;
		la_wkind	pkind;
		int64_t		unit = 0;
		__int128	val;
		size_t		i;

		/* number */
		while (isdigit((unsigned char) *p))
			p++;
		ilen = p - ip;
		if (ilen == 0)
		{
			TokenToWordEnd(tok, sizeof(tok), p, p);
			return la_fail(err, LA_ERR_SYNTAX, WINDOW_HINT,
						   "invalid sla_window \"%s\": expected a number at \"%s\"", s, tok);
		}
		if (*p == '.')
		{
			p++;
			fp = p;
			while (isdigit((unsigned char) *p))
				p++;
			flen = p - fp;
			if (flen == 0)
			{
				TokenCopy(tok, sizeof(tok), ip, p - ip);
				return la_fail(err, LA_ERR_SYNTAX, "Write digits after the decimal point, e.g. '1.5 hours'.",
							   "invalid sla_window \"%s\": bad number \"%s\"", s, tok);
			}
		}
		while (IsWs(*p))
			p++;

		/* optional 'business', then the unit */
		w = p;
		while (isalpha((unsigned char) *p))
			p++;
		wlen = p - w;
		if (WordIs(w, wlen, "business"))
		{
			business = true;
			if (!IsWs(*p))
				return la_fail(err, LA_ERR_SYNTAX, WINDOW_HINT,
							   "invalid sla_window \"%s\": expected a unit after \"business\"", s);
			while (IsWs(*p))
				p++;
			w = p;
			while (isalpha((unsigned char) *p))
				p++;
			wlen = p - w;
		}
		if (wlen == 0)
		{
			TokenToWordEnd(tok, sizeof(tok), ip, p);
			return la_fail(err, LA_ERR_SYNTAX, UNIT_HINT,
						   "invalid sla_window \"%s\": missing unit after \"%s\"", s, tok);
		}
		TokenCopy(tok, sizeof(tok), w, wlen);
		if (WordIs(w, wlen, "m"))
			return la_fail(err, LA_ERR_SYNTAX, "Write \"min\" or \"minutes\"; months are not supported.",
						   "invalid sla_window \"%s\": ambiguous unit \"m\"", s);
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (WordIs(w, wlen, units[i].name))
				unit = units[i].usecs;
		if (unit == 0)
			return la_fail(err, LA_ERR_SYNTAX, UNIT_HINT,
						   "invalid sla_window \"%s\": unknown unit \"%s\"", s, tok);
		if (*p != '\0' && !IsWs(*p))
		{
			TokenToWordEnd(tok, sizeof(tok), w, p);
			return la_fail(err, LA_ERR_SYNTAX, "Separate parts with spaces, e.g. '1 hour 30 minutes'.",
						   "invalid sla_window \"%s\": unexpected \"%s\"", s, tok);
		}

		pkind = !business ? LA_W_ELAPSED :
			(unit == LA_USECS_PER_DAY ? LA_W_DAYS : LA_W_BUSINESS);
		if (have_kind && pkind != kind)
		{
			if (pkind != LA_W_ELAPSED && kind != LA_W_ELAPSED)
				return la_fail(err, LA_ERR_SYNTAX,
							   "A business day is not a fixed amount of business time: write either '2 business days' or '10 business hours'.",
							   "invalid sla_window \"%s\": \"%s\" mixes business days with business hours", s, tok);
			return la_fail(err, LA_ERR_SYNTAX,
						   "Write \"business\" on every part, e.g. '1 business hour 30 business minutes', or on none.",
						   "invalid sla_window \"%s\": \"%s\" mixes business and elapsed time", s, tok);
		}
		have_kind = true;
		kind = pkind;

		if (kind == LA_W_DAYS)
		{
			if (fp != NULL)
				return la_fail(err, LA_ERR_SYNTAX, "Write a whole number, e.g. '2 business days', or use business hours.",
							   "invalid sla_window \"%s\": business days must be a whole number", s);
			unit = 1;
		}
		if (!ScaleNumber(ip, ilen, fp, flen, unit, &val))
			return la_fail(err, LA_ERR_RANGE, "The largest window is about 36,000 years.",
						   "sla_window \"%s\" is out of range", s);
		total += val;
		if (total >= (__int128) LA_W_MAXVAL)
			return la_fail(err, LA_ERR_RANGE, "The largest window is about 36,000 years.",
						   "sla_window \"%s\" is out of range", s);

		while (IsWs(*p))
			p++;
	}

	out->kind = kind;
	out->value = (int64_t) (neg ? -total : total);
	return true;
}


/* Canonical text of a window: largest unit first, zero parts left out. */
void
la_window_format(const la_window *w, char *buf)
{
	const char *biz = (w->kind == LA_W_ELAPSED) ? "" : "business ";
	uint64_t	v = w->value < 0 ? -(uint64_t) w->value : (uint64_t) w->value;
	char	   *p = buf;

	*p = '\0';
	if (w->value < 0)
		*p++ = '-';
	*p = '\0';

	if (w->kind == LA_W_DAYS)
	{
		sprintf(p, "%llu business day%s", (unsigned long long) v, v == 1 ? "" : "s");
		return;
	}
	if (v == 0)
	{
		sprintf(p, "0 %sseconds", biz);
		return;
	}
	{
		uint64_t	days = 0,
					hours,
					mins,
					secs,
					usecs;
		char	   *start = p;

		if (w->kind == LA_W_ELAPSED)
		{
			days = v / LA_USECS_PER_DAY;
			v %= LA_USECS_PER_DAY;
		}
		hours = v / LA_USECS_PER_HOUR;
		v %= LA_USECS_PER_HOUR;
		mins = v / LA_USECS_PER_MIN;
		v %= LA_USECS_PER_MIN;
		secs = v / LA_USECS_PER_SEC;
		usecs = v % LA_USECS_PER_SEC;

		if (days)
			p += sprintf(p, "%llu day%s", (unsigned long long) days, days == 1 ? "" : "s");
		if (hours)
			p += sprintf(p, "%s%llu %shour%s", p == start ? "" : " ",
						 (unsigned long long) hours, biz, hours == 1 ? "" : "s");
		if (mins)
			p += sprintf(p, "%s%llu %sminute%s", p == start ? "" : " ",
						 (unsigned long long) mins, biz, mins == 1 ? "" : "s");
		if (secs || usecs)
		{
			p += sprintf(p, "%s%llu", p == start ? "" : " ", (unsigned long long) secs);
			if (usecs)
			{
				char		frac[8];
				int			n;

				sprintf(frac, "%06llu", (unsigned long long) usecs);
				for (n = 6; frac[n - 1] == '0'; n--)
					frac[n - 1] = '\0';
				p += sprintf(p, ".%s", frac);
			}
			sprintf(p, " %ssecond%s", biz, (secs == 1 && usecs == 0) ? "" : "s");
		}
	}
}

/* Pack into one int64: value * 4 + kind. */
int64_t
la_window_pack(const la_window *w)
{
	return (int64_t) ((uint64_t) w->value << 2) | (int64_t) w->kind;
}

void
la_window_unpack(int64_t packed, la_window *w)
{
	w->kind = (la_wkind) (packed & 3);
	w->value = packed >> 2;
}

/* Order: by kind, then by value. */
int
la_window_cmp(const la_window *a, const la_window *b)
{
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->value != b->value)
		return a->value < b->value ? -1 : 1;
	return 0;
}

/* w * factor, with overflow checked. */
bool
la_window_mul(const la_window *w, int64_t factor, la_window *out, la_error *err)
{
	int64_t		r;

	if (__builtin_mul_overflow(w->value, factor, &r) ||
		r >= LA_W_MAXVAL || r <= -LA_W_MAXVAL)
		return la_fail(err, LA_ERR_RANGE, "The largest window is about 36,000 years.",
					   "sla_window out of range");
	out->kind = w->kind;
	out->value = r;
	return true;
}

/* Validate a window from outside (binary input). */
bool
la_window_check(const la_window *w, la_error *err)
{
	if ((int) w->kind < LA_W_ELAPSED || (int) w->kind > LA_W_DAYS)
		return la_fail(err, LA_ERR_PARAM, NULL, "invalid sla_window kind %d", (int) w->kind);
	if (w->value >= LA_W_MAXVAL || w->value <= -LA_W_MAXVAL)
		return la_fail(err, LA_ERR_RANGE, "The largest window is about 36,000 years.",
					   "sla_window out of range");
	return true;
}
