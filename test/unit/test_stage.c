/*
 * test_stage.c -- unit tests of la_stage.c: the lead_temperature and
 * lead_stage vocabularies and the owner team of each stage.
 */
#include <stdio.h>
#include <string.h>

#include "la_stage.h"
#include "la_tap.h"

static void
StageIs(const char *in, int want)
{
	la_stage	s;
	la_error	err;
	bool		ok;

	memset(&err, 0, sizeof(err));
	ok = la_stage_parse(in, &s, &err);
	if (want < 0)
		Report(!ok && err.code == LA_ERR_SYNTAX && err.msg[0] && err.hint[0],
			   in, "accepted, or refused without 22P02, a message and a hint");
	else
		Report(ok && (int) s == want, in, "got %s", ok ? la_stage_name(s) : err.msg);
}

static void
TempIs(const char *in, int want)
{
	la_temperature t;
	la_error	err;
	bool		ok;

	memset(&err, 0, sizeof(err));
	ok = la_temperature_parse(in, &t, &err);
	if (want < 0)
		Report(!ok && err.code == LA_ERR_SYNTAX && err.msg[0], in, "accepted, or refused without 22P02");
	else
		Report(ok && (int) t == want, in, "got %s", ok ? la_temperature_name(t) : err.msg);
}

void
TestStage(void)
{
	int			i;
	char		longin[300];

	printf("# la_stage: temperatures\n");
	TempIs("cold", LA_TEMP_COLD);
	TempIs(" WARM\t", LA_TEMP_WARM);
	TempIs("Hot", LA_TEMP_HOT);
	TempIs("tepid", -1);
	TempIs("", -1);
	Report(la_temperature_name(3) == NULL && la_temperature_name(-1) == NULL,
		   "temperature name of an invalid ordinal is NULL", NULL);
	Report(la_temperature_valid(2) && !la_temperature_valid(3), "temperature_valid", NULL);

	printf("# la_stage: stages, canonical words round-trip\n");
	for (i = 0; i < LA_STAGE_COUNT; i++)
		StageIs(la_stage_name(i), i);
	StageIs("Closed Won", LA_STAGE_WON);
	StageIs("closed_won", LA_STAGE_WON);
	StageIs("SALES-ACCEPTED lead", LA_STAGE_SAL);
	StageIs("Marketing Qualified Lead", LA_STAGE_MQL);
	StageIs("dq", LA_STAGE_DISQUALIFIED);
	StageIs("recycled", LA_STAGE_NURTURE);
	StageIs("won!", -1);
	StageIs("", -1);
	StageIs("\xc3\xa9t\xc3\xa9", -1);
	memset(longin, 'x', sizeof(longin) - 1);
	longin[sizeof(longin) - 1] = '\0';
	StageIs(longin, -1);
	Report(la_stage_name(LA_STAGE_COUNT) == NULL && !la_stage_valid(LA_STAGE_COUNT) && la_stage_valid(0),
		   "stage name and validity of ordinals", NULL);

	printf("# la_stage: owner teams\n");
	Report(la_stage_owner(LA_STAGE_NEW) == LA_TEAM_MARKETING && la_stage_owner(LA_STAGE_NURTURE) == LA_TEAM_MARKETING,
		   "marketing owns new and nurture", NULL);
	Report(la_stage_owner(LA_STAGE_MQL) == LA_TEAM_SALES && la_stage_owner(LA_STAGE_OPPORTUNITY) == LA_TEAM_SALES,
		   "sales owns mql .. opportunity", NULL);
	Report(la_stage_owner(LA_STAGE_WON) == LA_TEAM_NONE && la_stage_owner(99) == LA_TEAM_NONE,
		   "end stages and invalid ordinals have no team", NULL);
	Report(strcmp(la_team_name(LA_TEAM_SALES), "sales") == 0 && la_team_name(LA_TEAM_NONE) == NULL,
		   "team names", NULL);
}
