/*
 * la_core.h -- the pure C core of lead_align: no server calls.
 *
 * The parsers of sla_window and business_calendar and the business-time
 * arithmetic live here so that a plain C unit test and a libFuzzer harness can
 * link them without a PostgreSQL server.  Everything that needs the server
 * (time-zone rules, memory, interrupts) is reached through la_tzops and the
 * la_malloc/la_mfree hooks, which the server glue (src/tz.c and
 * src/lead_align.c) and the test glue (test/unit/la_tz_test.c) each implement.
 *
 * The hooks may not return.  In the server la_malloc raises an ERROR when
 * memory runs out, la_tz->probe when a zone's rules cannot be read, and
 * la_tz->interrupts on a query cancel: each is a longjmp straight through
 * the core.  So the core calls a hook only while its own structures are
 * consistent: a cache entry (a chunk of business periods, an offset segment)
 * is linked in only after it is complete, and a half-built scratch value is
 * never reachable from the cache.  Memory the core got from la_malloc before
 * such an exit is not freed by the core; the server glue allocates it in a
 * memory context of its own, the test glue exits on out-of-memory.
 *
 * Conventions: instants are int64 microseconds since 2000-01-01 00:00 UTC
 * (PostgreSQL's TimestampTz); local dates are int32 days since 2000-01-01;
 * times of day in calendars are minutes.  Errors are returned in an la_error,
 * never thrown, so the core can be used from any caller.
 */
#ifndef LA_CORE_H
#define LA_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---------- errors ---------- */

typedef enum la_errcode
{
	LA_OK = 0,
	LA_ERR_SYNTAX,				/* 22P02 invalid_text_representation */
	LA_ERR_RANGE,				/* 22003 numeric_value_out_of_range */
	LA_ERR_DATETIME,			/* 22008 datetime_field_overflow */
	LA_ERR_PARAM,				/* 22023 invalid_parameter_value */
	LA_ERR_LIMIT				/* 54000 program_limit_exceeded */
} la_errcode;

typedef struct la_error
{
	la_errcode	code;
	char		msg[256];
	char		detail[256];
	char		hint[256];
} la_error;

/* Fill *err (if not NULL); returns false so callers can "return la_fail(...)". */
extern bool la_fail(la_error *err, la_errcode code, const char *hint,
					const char *fmt,...) __attribute__((format(printf, 4, 5)));

/* ---------- memory (implemented by the glue) ---------- */

extern void *la_malloc(size_t size);	/* never returns NULL */
extern void la_mfree(void *ptr);

/* ---------- time and calendar dates ---------- */

#define LA_USECS_PER_SEC	INT64_C(1000000)
#define LA_USECS_PER_MIN	INT64_C(60000000)
#define LA_USECS_PER_HOUR	INT64_C(3600000000)
#define LA_USECS_PER_DAY	INT64_C(86400000000)
#define LA_UNIX_TO_PG_SECS	INT64_C(946684800)	/* 2000-01-01 in Unix seconds */

/* PostgreSQL's timestamp range and infinities */
#define LA_TS_NOBEGIN		INT64_MIN
#define LA_TS_NOEND			INT64_MAX
#define LA_TS_MIN			INT64_C(-211813488000000000)	/* 4714-11-24 BC */
#define LA_TS_END			INT64_C(9223371331200000000)	/* 294277-01-01 */
#define LA_DATE_MIN			(-2451545)	/* first date of the timestamp range */
#define LA_DATE_END			106751983	/* 294277-01-01, first date past it */

extern int32_t la_days_from_civil(int y, int m, int d);
extern void la_civil_from_days(int32_t days, int *y, int *m, int *d);
extern bool la_valid_ymd(int y, int m, int d);
extern int	la_weekday(int32_t days);	/* 0 = Monday .. 6 = Sunday */
extern int64_t la_floordiv(int64_t a, int64_t b);

/* ---------- time zones: the interface the core needs ---------- */

typedef struct la_tzops
{
	/*
	 * Look up a zone by name, case-insensitively.  Only real zone names (as
	 * in pg_timezone_names) are accepted.  On success, writes the canonical
	 * spelling to canon and returns an opaque handle; else returns NULL.
	 */
	const void *(*lookup) (const char *name, char *canon, size_t canonlen);

	/*
	 * Offset (seconds east of UTC) in force at Unix time t, and the next
	 * transition strictly after t (*next = INT64_MAX when there is none) with
	 * the offset after it.
	 */
	void		(*probe) (const void *zone, int64_t t, int32_t *off,
						  int64_t *next, int32_t *next_off);

	/* Called in long loops so the server can honour query cancel; may be NULL. */
	void		(*interrupts) (void);
} la_tzops;

extern const la_tzops *la_tz;	/* set by the glue before any call */

/* ---------- sla_window ---------- */

typedef enum la_wkind
{
	LA_W_ELAPSED = 0,			/* exact duration, microseconds */
	LA_W_BUSINESS = 1,			/* business duration, microseconds */
	LA_W_DAYS = 2				/* business days, whole number */
} la_wkind;

/* |value| must stay below this so that a window packs into one int64 */
#define LA_W_MAXVAL		(INT64_C(1) << 60)

typedef struct la_window
{
	la_wkind	kind;
	int64_t		value;
} la_window;

extern bool la_window_parse(const char *s, la_window *out, la_error *err);
/* buf must hold LA_WINDOW_BUFLEN bytes */
#define LA_WINDOW_BUFLEN 160
extern void la_window_format(const la_window *w, char *buf);
extern int64_t la_window_pack(const la_window *w);
extern void la_window_unpack(int64_t packed, la_window *w);
extern int	la_window_cmp(const la_window *a, const la_window *b);
extern bool la_window_mul(const la_window *w, int64_t factor, la_window *out, la_error *err);
/* check kind and value range (for recv) */
extern bool la_window_check(const la_window *w, la_error *err);

/* ---------- business_calendar: the compiled form ---------- */

#define LA_CAL_VERSION		1
#define LA_CAL_MAX_SPANS	16		/* spans per day */
#define LA_CAL_MAX_ENTRIES	1000	/* dated plus yearly dates */
#define LA_CAL_MAX_TEXT		65536	/* bytes of input text */
#define LA_CAL_MIN_YEAR		1900
#define LA_CAL_MAX_YEAR		9999

/* A span in minutes from its owner date's midnight: start < end <= start + 1440. */
typedef struct la_span
{
	uint16_t	start;
	uint16_t	end;
} la_span;

/* A dated (key = days since 2000-01-01) or yearly (key = month * 100 + day) rule. */
typedef struct la_dayrule
{
	int32_t		key;
	uint16_t	first;			/* index of its first span in the span pool */
	uint16_t	n;				/* number of spans; 0 = off */
} la_dayrule;

/*
 * The compiled calendar ("blob").  Versioned and position-independent; the
 * server stores it after a varlena header.  Layout:
 *   la_calhdr, la_dayrule dated[ndated] (sorted), la_dayrule yearly[nyearly]
 *   (sorted), la_span spans[nspans], char zone[zlen + 1].
 * Identical resolved rules always give identical bytes, so equality of blobs
 * is equality of canonical text.
 */
typedef struct la_calhdr
{
	uint8_t		version;
	uint8_t		zlen;
	uint16_t	nspans;
	uint16_t	ndated;
	uint16_t	nyearly;
	uint32_t	hash;			/* FNV-1a of everything after the header */
	uint16_t	week[8];		/* weekday i (Mo=0) owns spans [week[i], week[i+1]) */
} la_calhdr;

typedef struct la_calview
{
	const la_calhdr *hdr;
	const la_dayrule *dated;
	const la_dayrule *yearly;
	const la_span *spans;
	const char *zone;
	size_t		size;
} la_calview;

/* Kinds of rule a parse accepts (for lead_align.calendar()'s parts) */
#define LA_RULE_WEEKLY	0x01
#define LA_RULE_YEARLY	0x02
#define LA_RULE_DATED	0x04
#define LA_RULE_TZ		0x08
#define LA_RULE_ALL		0x0F

typedef struct la_calbuild la_calbuild;

extern la_calbuild *la_calbuild_new(void);
extern void la_calbuild_free(la_calbuild *b);
/* parse a rule list; kinds limits which rules are allowed */
extern bool la_calbuild_parse(la_calbuild *b, const char *text, int kinds, la_error *err);
/* parse an hours list ('off' or spans) and apply it to one date or month-day */
extern bool la_calbuild_special(la_calbuild *b, const char *key, const char *hours, la_error *err);
extern bool la_calbuild_date_off(la_calbuild *b, int y, int m, int d, la_error *err);
extern bool la_calbuild_tz(la_calbuild *b, const char *name, la_error *err);
/* true if a dated or yearly rule for this key ('YYYY-MM-DD' / 'MM-DD') was set */
extern bool la_calbuild_has_date(la_calbuild *b, int y, int m, int d);
/* compile to a blob allocated with la_malloc */
extern bool la_calbuild_finish(la_calbuild *b, void **blob, size_t *size, la_error *err);

/* parse text into a blob (la_malloc'd) */
extern bool la_cal_parse(const char *text, void **blob, size_t *size, la_error *err);
/* validate a blob's structure (for blobs read from outside) */
extern bool la_cal_view(const void *blob, size_t size, la_calview *v, la_error *err);
/* canonical text, la_malloc'd */
extern char *la_cal_format(const la_calview *v);

/* ---------- business-time arithmetic ---------- */

/*
 * Derived, cached state of one calendar: the zone handle, a small memo of
 * offset segments, and an index of business periods in chunks of 32 local
 * dates.  Create once per calendar and reuse across rows.
 */
typedef struct la_calctx la_calctx;

extern la_calctx *la_calctx_new(const void *blob, size_t size, la_error *err);
extern void la_calctx_free(la_calctx *ctx);
extern const la_calview *la_calctx_view(const la_calctx *ctx);

/* business_add: t + w; elapsed windows ignore the calendar */
extern bool la_business_add(la_calctx *ctx, int64_t t, const la_window *w,
							int64_t *result, la_error *err);
/* business_elapsed: B(a, b), negative when b < a */
extern bool la_business_elapsed(la_calctx *ctx, int64_t a, int64_t b,
								int64_t *result, la_error *err);
extern bool la_is_business_time(la_calctx *ctx, int64_t t, bool *result, la_error *err);
extern bool la_next_business_time(la_calctx *ctx, int64_t t, int64_t *result, la_error *err);

/* business_periods: iterate merged periods intersected with [from, to) */
typedef struct la_periter
{
	la_calctx  *ctx;
	int64_t		from;
	int64_t		to;
	int64_t		pos;			/* everything before pos has been returned */
	bool		done;
} la_periter;

extern bool la_periods_begin(la_periter *it, la_calctx *ctx, int64_t from, int64_t to, la_error *err);
/* returns false with err->code == LA_OK when exhausted */
extern bool la_periods_next(la_periter *it, int64_t *open, int64_t *close, la_error *err);

#endif							/* LA_CORE_H */
