/*
 * la_util.c -- errors and calendar-date helpers of the pure C core.
 */
#include "la_core.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Record an error; returns false so callers can write "return la_fail(...)". */
bool
la_fail(la_error *err, la_errcode code, const char *hint, const char *fmt,...)
{
	va_list		ap;

	if (err == NULL)
		return false;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	err->detail[0] = '\0';
	if (hint)
		snprintf(err->hint, sizeof(err->hint), "%s", hint);
	else
		err->hint[0] = '\0';
	return false;
}

/* Floor division for a negative dividend. */
int64_t
la_floordiv(int64_t a, int64_t b)
{
	int64_t		q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* Days since 2000-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
int32_t
la_days_from_civil(int y, int m, int d)
{
	int64_t		yy = (int64_t) y - (m <= 2);
	int64_t		era = la_floordiv(yy, 400);
	int64_t		yoe = yy - era * 400;
	int64_t		doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t		doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (int32_t) (era * 146097 + doe - 719468 - 10957);
}

/* Inverse of la_days_from_civil. */
void
la_civil_from_days(int32_t days, int *y, int *m, int *d)
{
	int64_t		z = (int64_t) days + 719468 + 10957;
	int64_t		era = la_floordiv(z, 146097);
	int64_t		doe = z - era * 146097;
	int64_t		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t		mp = (5 * doy + 2) / 153;
	int			dd = (int) (doy - (153 * mp + 2) / 5 + 1);
	int			mm = (int) (mp < 10 ? mp + 3 : mp - 9);

	*y = (int) (yoe + era * 400 + (mm <= 2));
	*m = mm;
	*d = dd;
}

static bool
IsLeap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Is y-m-d a real date? */
bool
la_valid_ymd(int y, int m, int d)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m < 1 || m > 12 || d < 1)
		return false;
	if (m == 2 && IsLeap(y))
		return d <= 29;
	return d <= mdays[m - 1];
}

/* Weekday of a date, 0 = Monday (2000-01-01 was a Saturday). */
int
la_weekday(int32_t days)
{
	return (int) la_floordiv((int64_t) days + 5, 7) * -7 + days + 5;
}
