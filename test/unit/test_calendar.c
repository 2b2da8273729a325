/*
 * test_calendar.c -- unit tests of la_calendar.c: the business_calendar
 * parser, canonical printer, compiled form and builder.
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
		Report(v.hdr->hash == la_test_fnv1a((const unsigned char *) blob + sizeof(la_calhdr),
									size - sizeof(la_calhdr)),
			   "blob hash is FNV-1a of everything after the header", "got %08x expected %08x",
			   v.hdr->hash, la_test_fnv1a((const unsigned char *) blob + sizeof(la_calhdr),
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

/* The tests of la_calendar.c, in order. */
void
TestCalendar(void)
{
	TestCalendarText();
	TestCalBuild();
}
