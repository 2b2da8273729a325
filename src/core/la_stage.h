/*
 * la_stage.h -- the lead-status vocabulary of lead_align (pure C, no server
 * calls): lead_temperature and lead_stage.
 *
 * Both are small ordinals in funnel order; the SQL types store the ordinal,
 * so ordinal order is the type's order and ordinal equality is equality of
 * canonical text.  The parsers report errors in an la_error (LA_ERR_SYNTAX,
 * 22P02) with a message quoting the input and a hint listing the canonical
 * words.
 */
#ifndef LA_STAGE_H
#define LA_STAGE_H

#include "la_core.h"

/* ---------- lead_temperature: cold < warm < hot ---------- */

typedef enum la_temperature
{
	LA_TEMP_COLD = 0,
	LA_TEMP_WARM = 1,
	LA_TEMP_HOT = 2
} la_temperature;

#define LA_TEMP_COUNT		3

/*
 * Parse a temperature: one of the canonical words, case-insensitive (ASCII
 * only, whatever the locale), with leading and trailing whitespace ignored.
 */
extern bool la_temperature_parse(const char *s, la_temperature *out, la_error *err);
/* the canonical word of a valid temperature, else NULL */
extern const char *la_temperature_name(int t);
/* is t the ordinal of a temperature (for binary input)? */
extern bool la_temperature_valid(int t);

/* ---------- lead_stage: the lifecycle, in funnel order ---------- */

typedef enum la_stage
{
	LA_STAGE_NEW = 0,
	LA_STAGE_NURTURE = 1,
	LA_STAGE_MQL = 2,
	LA_STAGE_SAL = 3,
	LA_STAGE_SQL = 4,
	LA_STAGE_OPPORTUNITY = 5,
	LA_STAGE_WON = 6,
	LA_STAGE_LOST = 7,
	LA_STAGE_DISQUALIFIED = 8
} la_stage;

#define LA_STAGE_COUNT		9

/*
 * Parse a stage: a canonical word or an alias, case-insensitive
 * (ASCII only), with whitespace, '_' and '-' ignored anywhere ('Closed Won',
 * 'closed_won', 'SALES-ACCEPTED lead').
 */
extern bool la_stage_parse(const char *s, la_stage *out, la_error *err);
/* the canonical word of a valid stage, else NULL */
extern const char *la_stage_name(int s);
/* is s the ordinal of a stage (for binary input)? */
extern bool la_stage_valid(int s);

/* ---------- the team that owns a stage by default ---------- */

typedef enum la_team
{
	LA_TEAM_NONE = 0,			/* the end stages: won, lost, disqualified */
	LA_TEAM_MARKETING = 1,		/* new, nurture */
	LA_TEAM_SALES = 2			/* mql, sal, sql, opportunity */
} la_team;

/* owner team of a valid stage (LA_TEAM_NONE for end stages and invalid input) */
extern la_team la_stage_owner(int s);
/* "marketing", "sales", or NULL for LA_TEAM_NONE */
extern const char *la_team_name(la_team t);

#endif							/* LA_STAGE_H */
