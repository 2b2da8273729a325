/*
 * la_tap.c -- the TAP helpers shared by the unit tests of the core modules.
 */
#include <stdarg.h>
#include <stdio.h>

#include "la_tap.h"

int			n_test = 0;
int			n_fail = 0;


/* report one test; diag (may be NULL) is printed on failure */
bool
Report(bool cond, const char *name, const char *fmt,...)
{
	const char *c;

	n_test++;
	printf("%s %d - ", cond ? "ok" : "not ok", n_test);
	for (c = name; *c; c++)
	{
		if (*c == '\n')
			fputs("\\n", stdout);
		else if (*c == '\t')
			fputs("\\t", stdout);
		else if (*c == '#')
			fputs("\\#", stdout);
		else
			putchar(*c);
	}
	putchar('\n');
	if (!cond)
	{
		n_fail++;
		if (fmt != NULL)
		{
			va_list		ap;

			printf("# ");
			va_start(ap, fmt);
			vprintf(fmt, ap);
			va_end(ap);
			printf("\n");
		}
	}
	fflush(stdout);
	return cond;
}


int
TapDone(void)
{
	printf("1..%d\n", n_test);
	printf("# %d passed, %d failed\n", n_test - n_fail, n_fail);
	return n_fail ? 1 : 0;
}
