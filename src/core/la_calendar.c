/*
 * la_calendar.c -- business_calendar: the builder state, the compiled form
 * and the canonical printer (pure C); the text parser is la_calparse.c.
 *
 * The resolved rules (one span list per weekday, dated and yearly entries in
 * sorted maps, the zone) are compiled into a flat, versioned blob (see
 * la_calhdr) that is the same bytes for the same resolved rules, so blob
 * equality is canonical text equality.  Spans are in minutes from their owner
 * date's midnight (la_calparse.c's header says how they are merged).
 */
#include "la_calendar_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const la_cal_day_names[7] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};

/* la_fail, adding the current rule to the detail. */
bool
la_cal_fail(la_calbuild *b, la_error *err, la_errcode code, const char *hint, const char *fmt,...)
{
	va_list		ap;
	char		msg[sizeof(err->msg)];

	if (err == NULL)
		return false;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	la_fail(err, code, hint, "%s", msg);
	if (b != NULL && b->rule != NULL)
	{
		int			len = (int) (b->rule_len > 160 ? 160 : b->rule_len);

		snprintf(err->detail, sizeof(err->detail), "In rule %d: \"%.*s%s\".",
				 b->rule_no, len, b->rule, b->rule_len > 160 ? "..." : "");
	}
	return false;
}

/* ---------- entry maps (dated and yearly rules; a later rule wins) ---------- */

static Entry *
MapFind(EntryMap *m, int32_t key, int *pos)
{
	int			lo = 0,
				hi = m->n;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (m->e[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	*pos = lo;
	return (lo < m->n && m->e[lo].key == key) ? &m->e[lo] : NULL;
}

bool
la_cal_map_set(la_calbuild *b, EntryMap *m, int32_t key, const la_span *s, int n, la_error *err)
{
	int			pos;
	Entry	   *e = MapFind(m, key, &pos);

	if (e == NULL)
	{
		if (b->dated.n + b->yearly.n >= LA_CAL_MAX_ENTRIES)
			return la_cal_fail(b, err, LA_ERR_LIMIT, "Keep only the dates you need, or split the calendar.",
						"business calendar has more than %d dated and yearly entries", LA_CAL_MAX_ENTRIES);
		if (m->n == m->cap)
		{
			int			cap = m->cap ? m->cap * 2 : 16;
			Entry	   *ne = la_malloc(sizeof(Entry) * cap);

			if (m->n)
				memcpy(ne, m->e, sizeof(Entry) * m->n);
			la_mfree(m->e);
			m->e = ne;
			m->cap = cap;
		}
		memmove(&m->e[pos + 1], &m->e[pos], sizeof(Entry) * (m->n - pos));
		m->n++;
		e = &m->e[pos];
		e->key = key;
	}
	e->n = (uint8_t) n;
	if (n)
		memcpy(e->s, s, sizeof(la_span) * n);
	return true;
}

/* ---------- the builder ---------- */

la_calbuild *
la_calbuild_new(void)
{
	la_calbuild *b = la_malloc(sizeof(la_calbuild));

	memset(b, 0, sizeof(la_calbuild));
	strcpy(b->zone, "UTC");
	return b;
}

void
la_calbuild_free(la_calbuild *b)
{
	if (b == NULL)
		return;
	la_mfree(b->dated.e);
	la_mfree(b->yearly.e);
	la_mfree(b);
}

/* Yearly key of month-day index i (0..365) in the leap-year template. */
int32_t
la_cal_yearly_key(int i)
{
	int			y,
				m,
				d;

	la_civil_from_days(la_days_from_civil(2000, 1, 1) + i, &y, &m, &d);
	return m * 100 + d;
}

/* Index (0..365) of a month-day in the leap-year template. */
int
la_cal_yearly_index(int m, int d)
{
	return la_days_from_civil(2000, m, d) - la_days_from_civil(2000, 1, 1);
}

bool
la_calbuild_date_off(la_calbuild *b, int y, int m, int d, la_error *err)
{
	if (y < LA_CAL_MIN_YEAR || y > LA_CAL_MAX_YEAR)
		return la_cal_fail(b, err, LA_ERR_DATETIME, "Years run from 1900 to 9999.",
					"date %04d-%02d-%02d is out of range in business calendar", y, m, d);
	return la_cal_map_set(b, &b->dated, la_days_from_civil(y, m, d), NULL, 0, err);
}

bool
la_calbuild_has_date(la_calbuild *b, int y, int m, int d)
{
	int			pos;

	if (y != 0)
		return MapFind(&b->dated, la_days_from_civil(y, m, d), &pos) != NULL;
	return MapFind(&b->yearly, m * 100 + d, &pos) != NULL;
}

static uint32_t
Fnv1a(const unsigned char *p, size_t n)
{
	uint32_t	h = 2166136261u;

	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

bool
la_calbuild_finish(la_calbuild *b, void **blob, size_t *size, la_error *err)
{
	int			nspans = 0,
				d,
				i;
	size_t		zlen = strlen(b->zone);
	size_t		sz;
	unsigned char *buf;
	la_calhdr  *hdr;
	la_dayrule *rules;
	la_span    *spans;
	int			si = 0;

	(void) err;
	for (d = 0; d < 7; d++)
		nspans += b->nweek[d];
	for (i = 0; i < b->dated.n; i++)
		nspans += b->dated.e[i].n;
	for (i = 0; i < b->yearly.n; i++)
		nspans += b->yearly.e[i].n;

	sz = sizeof(la_calhdr) + sizeof(la_dayrule) * (b->dated.n + b->yearly.n) +
		sizeof(la_span) * nspans + zlen + 1;
	sz = (sz + 3) & ~(size_t) 3;
	buf = la_malloc(sz);
	memset(buf, 0, sz);
	hdr = (la_calhdr *) buf;
	hdr->version = LA_CAL_VERSION;
	hdr->zlen = (uint8_t) zlen;
	hdr->nspans = (uint16_t) nspans;
	hdr->ndated = (uint16_t) b->dated.n;
	hdr->nyearly = (uint16_t) b->yearly.n;
	rules = (la_dayrule *) (buf + sizeof(la_calhdr));
	spans = (la_span *) (rules + b->dated.n + b->yearly.n);

	for (d = 0; d < 7; d++)
	{
		hdr->week[d] = (uint16_t) si;
		memcpy(&spans[si], b->week[d], sizeof(la_span) * b->nweek[d]);
		si += b->nweek[d];
	}
	hdr->week[7] = (uint16_t) si;
	for (i = 0; i < b->dated.n + b->yearly.n; i++)
	{
		Entry	   *e = i < b->dated.n ? &b->dated.e[i] : &b->yearly.e[i - b->dated.n];

		rules[i].key = e->key;
		rules[i].first = (uint16_t) si;
		rules[i].n = e->n;
		memcpy(&spans[si], e->s, sizeof(la_span) * e->n);
		si += e->n;
	}
	memcpy((char *) (spans + si), b->zone, zlen + 1);
	hdr->hash = Fnv1a(buf + sizeof(la_calhdr), sz - sizeof(la_calhdr));
	*blob = buf;
	*size = sz;
	return true;
}

bool
la_cal_view(const void *blob, size_t size, la_calview *v, la_error *err)
{
	const unsigned char *buf = blob;
	const la_calhdr *hdr = blob;
	size_t		need;
	int			i,
				nr;

	if (size < sizeof(la_calhdr) || hdr->version != LA_CAL_VERSION)
		return la_fail(err, LA_ERR_PARAM, NULL, "invalid business_calendar value (unknown version)");
	nr = hdr->ndated + hdr->nyearly;
	need = sizeof(la_calhdr) + sizeof(la_dayrule) * nr + sizeof(la_span) * hdr->nspans + hdr->zlen + 1;
	if (need > size || size - need > 3)
		return la_fail(err, LA_ERR_PARAM, NULL, "invalid business_calendar value (bad size)");
	v->hdr = hdr;
	v->dated = (const la_dayrule *) (buf + sizeof(la_calhdr));
	v->yearly = v->dated + hdr->ndated;
	v->spans = (const la_span *) (v->yearly + hdr->nyearly);
	v->zone = (const char *) (v->spans + hdr->nspans);
	v->size = size;
	if (v->zone[hdr->zlen] != '\0' || strlen(v->zone) != hdr->zlen)
		return la_fail(err, LA_ERR_PARAM, NULL, "invalid business_calendar value (bad zone)");
	for (i = 0; i < 7; i++)
		if (hdr->week[i] > hdr->week[i + 1] || hdr->week[i + 1] - hdr->week[i] > LA_CAL_MAX_SPANS)
			return la_fail(err, LA_ERR_PARAM, NULL, "invalid business_calendar value (bad week)");
	if (hdr->week[0] != 0 || hdr->week[7] > hdr->nspans)
		return la_fail(err, LA_ERR_PARAM, NULL, "invalid business_calendar value (bad week)");
	for (i = 0; i < nr; i++)
	{
		const la_dayrule *r = &v->dated[i];

		if (r->n > LA_CAL_MAX_SPANS || r->first + r->n > hdr->nspans ||
			(i > 0 && i != hdr->ndated && r[-1].key >= r->key))
			return la_fail(err, LA_ERR_PARAM, NULL, "invalid business_calendar value (bad rules)");
	}
	for (i = 0; i < hdr->nspans; i++)
		if (v->spans[i].start >= 1440 || v->spans[i].end <= v->spans[i].start ||
			v->spans[i].end > v->spans[i].start + 1440)
			return la_fail(err, LA_ERR_PARAM, NULL, "invalid business_calendar value (bad span)");
	return true;
}

/* ---------- the canonical printer ---------- */

typedef struct Buf
{
	char	   *s;
	size_t		len;
	size_t		cap;
} Buf;

static void
BufAdd(Buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap)
	{
		size_t		cap = (b->cap ? b->cap * 2 : 256);
		char	   *ns;

		while (cap < b->len + n + 1)
			cap *= 2;
		ns = la_malloc(cap);
		if (b->len)
			memcpy(ns, b->s, b->len);
		la_mfree(b->s);
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
BufStr(Buf *b, const char *s)
{
	BufAdd(b, s, strlen(s));
}

static void
BufHours(Buf *b, const la_span *s, int n)
{
	int			i;
	char		t[32];

	if (n == 0)
	{
		BufStr(b, "off");
		return;
	}
	for (i = 0; i < n; i++)
	{
		int			e = s[i].end > 1440 ? s[i].end - 1440 : s[i].end;

		snprintf(t, sizeof(t), "%s%02d:%02d-%02d:%02d", i ? "," : "",
				 s[i].start / 60, s[i].start % 60, e / 60, e % 60);
		BufStr(b, t);
	}
}

static bool
SameSpans(const la_span *a, int na, const la_span *b, int nb)
{
	return na == nb && (na == 0 || memcmp(a, b, sizeof(la_span) * na) == 0);
}

static void
BufKey(Buf *b, int32_t key, bool dated)
{
	char		t[32];

	if (dated)
	{
		int			y,
					m,
					d;

		la_civil_from_days(key, &y, &m, &d);
		snprintf(t, sizeof(t), "%04d-%02d-%02d", y, m, d);
	}
	else
		snprintf(t, sizeof(t), "%02d-%02d", key / 100, key % 100);
	BufStr(b, t);
}

/* Next key after k: the next date, or the next month-day of a leap year. */
static int32_t
NextKey(int32_t k, bool dated)
{
	if (dated)
		return k + 1;
	return la_cal_yearly_key((la_cal_yearly_index(k / 100, k % 100) + 1) % 366);
}

/* Print groups of dated or yearly rules with identical hours. */
static void
BufRules(Buf *b, const la_calview *v, const la_dayrule *r, int n, bool dated)
{
	unsigned char *done = la_malloc(n + 1);
	int			i;

	memset(done, 0, n + 1);
	for (i = 0; i < n; i++)
	{
		int			j;
		bool		firstkey = true;

		if (done[i])
			continue;
		if (b->len)
			BufStr(b, "; ");
		for (j = i; j < n;)
		{
			int			k;

			if (done[j] || !SameSpans(v->spans + r[i].first, r[i].n, v->spans + r[j].first, r[j].n))
			{
				j++;
				continue;
			}
			/* a run of consecutive keys with the same hours */
			k = j;
			while (k + 1 < n && !done[k + 1] && r[k + 1].key == NextKey(r[k].key, dated) &&
				   r[k + 1].key > r[k].key &&
				   SameSpans(v->spans + r[i].first, r[i].n, v->spans + r[k + 1].first, r[k + 1].n))
				k++;
			if (!firstkey)
				BufStr(b, ",");
			firstkey = false;
			if (k - j >= 2)
			{
				BufKey(b, r[j].key, dated);
				BufStr(b, "..");
				BufKey(b, r[k].key, dated);
				for (; j <= k; j++)
					done[j] = 1;
			}
			else
			{
				BufKey(b, r[j].key, dated);
				done[j] = 1;
				j++;
			}
		}
		BufStr(b, " ");
		BufHours(b, v->spans + r[i].first, r[i].n);
	}
	la_mfree(done);
}

char *
la_cal_format(const la_calview *v)
{
	Buf			b = {NULL, 0, 0};
	const la_calhdr *h = v->hdr;
	int			d;
	bool		all_day = true;
	int			done = 0;

	BufAdd(&b, "", 0);
	for (d = 0; d < 7; d++)
	{
		const la_span *s = v->spans + h->week[d];

		if (h->week[d + 1] - h->week[d] != 1 || s->start != 0 || s->end != 1440)
			all_day = false;
	}
	if (all_day)
	{
		BufStr(&b, "24/7");
		done = 0x7f;
	}
	for (d = 0; d < 7; d++)
	{
		const la_span *s = v->spans + h->week[d];
		int			n = h->week[d + 1] - h->week[d];
		int			mask = 0,
					e;
		bool		first = true;

		if ((done & (1 << d)) || n == 0)
			continue;
		for (e = d; e < 7; e++)
			if (!(done & (1 << e)) &&
				SameSpans(s, n, v->spans + h->week[e], h->week[e + 1] - h->week[e]))
				mask |= 1 << e;
		done |= mask;
		if (b.len)
			BufStr(&b, "; ");
		for (e = 0; e < 7;)
		{
			int			f = e;

			if (!(mask & (1 << e)))
			{
				e++;
				continue;
			}
			while (f + 1 < 7 && (mask & (1 << (f + 1))))
				f++;
			if (!first)
				BufStr(&b, ",");
			first = false;
			if (f - e >= 2)
			{
				BufStr(&b, la_cal_day_names[e]);
				BufStr(&b, "-");
				BufStr(&b, la_cal_day_names[f]);
				e = f + 1;
			}
			else
			{
				BufStr(&b, la_cal_day_names[e]);
				e++;
			}
		}
		BufStr(&b, " ");
		BufHours(&b, s, n);
	}
	BufRules(&b, v, v->yearly, h->nyearly, false);
	BufRules(&b, v, v->dated, h->ndated, true);
	if (b.len)
		BufStr(&b, "; ");
	BufStr(&b, "tz ");
	BufStr(&b, v->zone);
	return b.s;
}
