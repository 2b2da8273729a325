/*
 * la_stage.c -- lead_temperature and lead_stage: parse and format (pure C).
 *
 * The shared vocabulary of lead status.  Each value is an ordinal in
 * funnel order; text input maps a word (and, for stages, its aliases) to the
 * ordinal, output always prints the canonical word.  Matching is ASCII
 * case-insensitive and does not depend on the locale, so an index built under
 * one LC_CTYPE stays valid under another.
 */
#include "la_stage.h"

#include <string.h>

#define TEMP_HINT	"Write one of cold, warm, hot."
#define STAGE_HINT	"Write one of new, nurture, mql, sal, sql, opportunity, won, lost, " \
					"disqualified, or an alias such as 'Closed Won' or 'Sales Accepted Lead'."

/* longest word or alias ("marketingqualifiedlead" has 22 letters) plus room */
#define WORD_MAX	32
/* inputs longer than this are shortened in error messages */
#define QUOTE_MAX	64

static const char *const temp_names[LA_TEMP_COUNT] = {"cold", "warm", "hot"};

static const char *const stage_names[LA_STAGE_COUNT] = {
	"new", "nurture", "mql", "sal", "sql", "opportunity", "won", "lost", "disqualified"
};

typedef struct StageAlias
{
	const char *word;			/* lower case, without spaces, '_' or '-' */
	la_stage	stage;
} StageAlias;

/* Every spelling input accepts, canonical words first. */
static const StageAlias stage_aliases[] = {
	{"new", LA_STAGE_NEW}, {"nurture", LA_STAGE_NURTURE}, {"mql", LA_STAGE_MQL},
	{"sal", LA_STAGE_SAL}, {"sql", LA_STAGE_SQL}, {"opportunity", LA_STAGE_OPPORTUNITY},
	{"won", LA_STAGE_WON}, {"lost", LA_STAGE_LOST}, {"disqualified", LA_STAGE_DISQUALIFIED},

	{"lead", LA_STAGE_NEW}, {"inquiry", LA_STAGE_NEW}, {"subscriber", LA_STAGE_NEW},
	{"nurturing", LA_STAGE_NURTURE}, {"recycled", LA_STAGE_NURTURE},
	{"marketingqualifiedlead", LA_STAGE_MQL},
	{"salesaccepted", LA_STAGE_SAL}, {"salesacceptedlead", LA_STAGE_SAL}, {"accepted", LA_STAGE_SAL},
	{"salesqualifiedlead", LA_STAGE_SQL},
	{"opp", LA_STAGE_OPPORTUNITY}, {"sqo", LA_STAGE_OPPORTUNITY},
	{"closedwon", LA_STAGE_WON}, {"customer", LA_STAGE_WON},
	{"closedlost", LA_STAGE_LOST},
	{"unqualified", LA_STAGE_DISQUALIFIED}, {"dq", LA_STAGE_DISQUALIFIED},
};

static bool
IsWs(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* ASCII-only lower case, independent of the locale. */
static char
AsciiLower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char) (c - 'A' + 'a') : c;
}

/*
 * Copy the input for an error message, shortened to QUOTE_MAX bytes plus
 * "..." when long, never cutting a UTF-8 character in two.
 */
static void
QuoteInput(char *dst, const char *src)
{
	size_t		len = strlen(src);

	if (len <= QUOTE_MAX)
	{
		memcpy(dst, src, len + 1);
		return;
	}
	len = QUOTE_MAX - 3;
	while (len > 0 && ((unsigned char) src[len] & 0xC0) == 0x80)
		len--;
	memcpy(dst, src, len);
	strcpy(dst + len, "...");
}

/* Parse a lead_temperature. */
bool
la_temperature_parse(const char *s, la_temperature *out, la_error *err)
{
	const char *b = s;
	const char *e;
	char		word[WORD_MAX];
	char		quoted[QUOTE_MAX + 1];
	size_t		len,
				i;
	int			t;

	while (IsWs(*b))
		b++;
	e = b + strlen(b);
	while (e > b && IsWs(e[-1]))
		e--;
	len = e - b;
	QuoteInput(quoted, s);
	if (len == 0)
		return la_fail(err, LA_ERR_SYNTAX, TEMP_HINT,
					   "invalid lead_temperature \"%s\": no temperature given", quoted);
	if (len < sizeof(word))
	{
		for (i = 0; i < len; i++)
			word[i] = AsciiLower(b[i]);
		word[len] = '\0';
		for (t = 0; t < LA_TEMP_COUNT; t++)
		{
			if (strcmp(word, temp_names[t]) == 0)
			{
				*out = (la_temperature) t;
				return true;
			}
		}
	}
	return la_fail(err, LA_ERR_SYNTAX, TEMP_HINT,
				   "invalid lead_temperature \"%s\": unknown temperature", quoted);
}

/* Canonical word of a temperature. */
const char *
la_temperature_name(int t)
{
	return la_temperature_valid(t) ? temp_names[t] : NULL;
}

bool
la_temperature_valid(int t)
{
	return t >= 0 && t < LA_TEMP_COUNT;
}

/* Parse a lead_stage: drop whitespace, '_' and '-', fold case, look up. */
bool
la_stage_parse(const char *s, la_stage *out, la_error *err)
{
	char		word[WORD_MAX];
	char		quoted[QUOTE_MAX + 1];
	size_t		len = 0;
	bool		toolong = false;
	const char *p;
	size_t		i;

	for (p = s; *p != '\0'; p++)
	{
		if (IsWs(*p) || *p == '_' || *p == '-')
			continue;
		if (len + 1 >= sizeof(word))
		{
			toolong = true;
			break;
		}
		word[len++] = AsciiLower(*p);
	}
	word[len] = '\0';

	QuoteInput(quoted, s);
	if (len == 0)
		return la_fail(err, LA_ERR_SYNTAX, STAGE_HINT,
					   "invalid lead_stage \"%s\": no stage given", quoted);
	if (!toolong)
	{
		for (i = 0; i < sizeof(stage_aliases) / sizeof(stage_aliases[0]); i++)
		{
			if (strcmp(word, stage_aliases[i].word) == 0)
			{
				*out = stage_aliases[i].stage;
				return true;
			}
		}
	}
	return la_fail(err, LA_ERR_SYNTAX, STAGE_HINT,
				   "invalid lead_stage \"%s\": unknown stage", quoted);
}

/* Canonical word of a stage. */
const char *
la_stage_name(int s)
{
	return la_stage_valid(s) ? stage_names[s] : NULL;
}

bool
la_stage_valid(int s)
{
	return s >= 0 && s < LA_STAGE_COUNT;
}

/* Default owner of a stage; the end stages have none. */
la_team
la_stage_owner(int s)
{
	switch (s)
	{
		case LA_STAGE_NEW:
		case LA_STAGE_NURTURE:
			return LA_TEAM_MARKETING;
		case LA_STAGE_MQL:
		case LA_STAGE_SAL:
		case LA_STAGE_SQL:
		case LA_STAGE_OPPORTUNITY:
			return LA_TEAM_SALES;
		default:
			return LA_TEAM_NONE;
	}
}

/* Name of a team, as stored in lead_align.team; NULL for none. */
const char *
la_team_name(la_team t)
{
	switch (t)
	{
		case LA_TEAM_MARKETING:
			return "marketing";
		case LA_TEAM_SALES:
			return "sales";
		default:
			return NULL;
	}
}
