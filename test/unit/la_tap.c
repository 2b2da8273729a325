/*
 * la_tap.c -- the TAP output and the helpers shared by the unit tests of the
 * core modules.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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

/* the SQLSTATE of a core error code, for diagnostics */
const char *
CodeName(la_errcode c)
{
	switch (c)
	{
		case LA_OK:
			return "OK";
		case LA_ERR_SYNTAX:
			return "22P02";
		case LA_ERR_RANGE:
			return "22003";
		case LA_ERR_DATETIME:
			return "22008";
		case LA_ERR_PARAM:
			return "22023";
		case LA_ERR_LIMIT:
			return "54000";
	}
	return "?";
}

/* parse a window that the test knows to be valid */
la_window
W(const char *s)
{
	la_window	w;
	la_error	err;

	memset(&err, 0, sizeof(err));
	if (!la_window_parse(s, &w, &err))
	{
		printf("# test setup: window '%s' refused: %s\n", s, err.msg);
		w.kind = LA_W_ELAPSED;
		w.value = 0;
	}
	return w;
}

/*
 * true if msg quotes tok: a "..." or '...' segment of msg contains tok (the
 * implementation may quote a larger token, e.g. "sunrise-sunset" for sunrise)
 */
bool
Quotes(const char *msg, const char *tok)
{
	const char *p = msg;

	while (*p)
	{
		const char *q;

		if (*p != '"' && *p != '\'')
		{
			p++;
			continue;
		}
		q = strchr(p + 1, *p);
		if (q == NULL)
			break;
		{
			char		seg[300];
			size_t		n = (size_t) (q - p - 1);

			if (n >= sizeof(seg))
				n = sizeof(seg) - 1;
			memcpy(seg, p + 1, n);
			seg[n] = '\0';
			if (strstr(seg, tok) != NULL)
				return true;
		}
		p = q + 1;
	}
	return false;
}

/* parse a calendar; returns the blob or NULL */
void *
CalParse(const char *s, size_t *size, la_error *err)
{
	void	   *blob = NULL;

	memset(err, 0, sizeof(*err));
	if (!la_cal_parse(s, &blob, size, err))
		return NULL;
	return blob;
}
