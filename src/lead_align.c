/*
 * lead_align.c -- module entry: PG_MODULE_MAGIC, the core's memory hooks and
 * error reporting.
 */
#include "la_pg.h"

#include "mb/pg_wchar.h"
#include "utils/memutils.h"

PG_MODULE_MAGIC;

/*
 * Everything the core allocates (parse buffers, cached calendar contexts)
 * lives in one long-lived context; the core frees what it allocates, and
 * cached contexts are freed when evicted.
 */
static MemoryContext LaCoreContext = NULL;

void	   *
la_malloc(size_t size)
{
	if (LaCoreContext == NULL)
		LaCoreContext = AllocSetContextCreate(TopMemoryContext, "lead_align core",
											  ALLOCSET_DEFAULT_SIZES);
	return MemoryContextAlloc(LaCoreContext, size);
}

void
la_mfree(void *ptr)
{
	if (ptr != NULL)
		pfree(ptr);
}

/* SQLSTATE of a core error code. */
static int
LaSqlstate(la_errcode code)
{
	switch (code)
	{
		case LA_ERR_SYNTAX:
			return ERRCODE_INVALID_TEXT_REPRESENTATION;
		case LA_ERR_RANGE:
			return ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;
		case LA_ERR_DATETIME:
			return ERRCODE_DATETIME_FIELD_OVERFLOW;
		case LA_ERR_PARAM:
			return ERRCODE_INVALID_PARAMETER_VALUE;
		case LA_ERR_LIMIT:
			return ERRCODE_PROGRAM_LIMIT_EXCEEDED;
		case LA_OK:
			break;
	}
	return ERRCODE_INTERNAL_ERROR;
}

/* Raise a core error with its SQLSTATE, message, detail and hint. */
/*
 * The core formats messages into fixed buffers and quotes bounded pieces of
 * the input, bytewise: a cut may fall inside a multibyte character.  Keep
 * only whole, valid characters of the database encoding, so an error never
 * sends a client invalid text.
 */
static char *
WholeCharacters(const char *s)
{
	int			enc = GetDatabaseEncoding();
	int			len = (int) strlen(s);
	char	   *out = palloc(len + 1);
	int			i = 0,
				o = 0;

	while (i < len)
	{
		int			l = pg_encoding_verifymbchar(enc, s + i, len - i);

		if (l <= 0)
		{
			i++;				/* a piece of a character: leave it out */
			continue;
		}
		memcpy(out + o, s + i, l);
		o += l;
		i += l;
	}
	out[o] = '\0';
	return out;
}

void
la_report(const la_error *err)
{
	ereport(ERROR,
			(errcode(LaSqlstate(err->code)),
			 errmsg_internal("%s", WholeCharacters(err->msg)),
			 err->detail[0] ? errdetail_internal("%s", WholeCharacters(err->detail)) : 0,
			 err->hint[0] ? errhint("%s", WholeCharacters(err->hint)) : 0));
	pg_unreachable();
}

void		_PG_init(void);
extern void la_track_init(void);

/* Point the core at the server's time-zone library; define the GUCs of tracking. */
void
_PG_init(void)
{
	LaTzInit();
	la_track_init();
}
