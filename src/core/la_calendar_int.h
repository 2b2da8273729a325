/*
 * la_calendar_int.h -- what the two halves of the business_calendar code
 * share (internal to the core; la_core.h stays its public header):
 * la_calparse.c (the text parser) fills a la_calbuild, la_calendar.c (the
 * builder state, the compiled form and the canonical printer) owns it.
 */
#ifndef LA_CALENDAR_INT_H
#define LA_CALENDAR_INT_H

#include "la_core.h"

/* The hours of one dated or yearly entry. */
typedef struct Entry
{
	int32_t		key;
	uint8_t		n;
	la_span		s[LA_CAL_MAX_SPANS];
} Entry;

/* Entries sorted by key (a day number, or month * 100 + day). */
typedef struct EntryMap
{
	Entry	   *e;
	int			n;
	int			cap;
} EntryMap;

/* The rules resolved so far: a later rule replaces a weekday's or a date's. */
struct la_calbuild
{
	la_span		week[7][LA_CAL_MAX_SPANS];
	int			nweek[7];
	EntryMap	dated;
	EntryMap	yearly;
	bool		have_tz;
	char		zone[64];
	int			rule_no;		/* for error details */
	const char *rule;			/* current rule text, for error details */
	size_t		rule_len;
};

/* Mo .. Su, as they are parsed and printed. */
extern const char *const la_cal_day_names[7];

/* la_fail, adding the current rule of b (if any) to the detail. */
extern bool la_cal_fail(la_calbuild *b, la_error *err, la_errcode code, const char *hint,
						const char *fmt,...) __attribute__((format(printf, 5, 6)));

/* Set the hours of key in m (a later rule wins); refuses too many entries. */
extern bool la_cal_map_set(la_calbuild *b, EntryMap *m, int32_t key, const la_span *s, int n,
						   la_error *err);

/* Yearly key (month * 100 + day) of month-day index i (0..365) in the
 * leap-year template, and the index of a month-day. */
extern int32_t la_cal_yearly_key(int i);
extern int	la_cal_yearly_index(int m, int d);

#endif							/* LA_CALENDAR_INT_H */
