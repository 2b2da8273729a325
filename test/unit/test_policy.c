/*
 * test_policy.c -- unit tests of la_policy.c: the agreement's pure policy.
 */
#include <stdio.h>
#include <string.h>

#include "la_policy.h"
#include "la_tap.h"

static void
Verdict(const char *name, la_reason_facts f, la_reason_verdict want)
{
	la_reason_verdict got = la_reason_check(&f);

	Report(got == want, name, "got verdict %d, want %d", (int) got, (int) want);
}

void
TestPolicy(void)
{
	int			from,
				to,
				n;
	la_reason_facts f;

	printf("# la_policy: quadrant\n");
	Report(la_quadrant_of(50, 50, 50, 50) == LA_Q_GOOD_FIT_HIGH_INTEREST, "at both thresholds: good fit, high interest", NULL);
	Report(la_quadrant_of(50, 49, 50, 50) == LA_Q_GOOD_FIT_LOW_INTEREST, "interest just below", NULL);
	Report(la_quadrant_of(49, 50, 50, 50) == LA_Q_BAD_FIT_HIGH_INTEREST, "fit just below", NULL);
	Report(la_quadrant_of(-5, 0, 0.5, 0.5) == LA_Q_BAD_FIT_LOW_INTEREST, "fractional thresholds", NULL);
	Report(strcmp(la_quadrant_name(LA_Q_BAD_FIT_LOW_INTEREST), "bad_fit_low_interest") == 0 &&
		   strcmp(la_quadrant_name(LA_Q_GOOD_FIT_HIGH_INTEREST), "good_fit_high_interest") == 0 &&
		   la_quadrant_name((la_quadrant) 4) == NULL, "quadrant names", NULL);

	printf("# la_policy: cycles\n");
	n = 0;
	for (from = 0; from < LA_STAGE_COUNT; from++)
		for (to = 0; to < LA_STAGE_COUNT; to++)
			if (la_enters_nurture_cycle(from, to))
				n++;
	Report(n == 6, "six moves start a new cycle", "got %d", n);
	Report(la_enters_nurture_cycle(LA_STAGE_MQL, LA_STAGE_NURTURE) &&
		   la_enters_nurture_cycle(LA_STAGE_LOST, LA_STAGE_NURTURE) &&
		   la_enters_nurture_cycle(LA_STAGE_DISQUALIFIED, LA_STAGE_NURTURE),
		   "mql, lost, disqualified -> nurture start a cycle", NULL);
	Report(!la_enters_nurture_cycle(LA_STAGE_NEW, LA_STAGE_NURTURE) &&
		   !la_enters_nurture_cycle(LA_STAGE_NURTURE, LA_STAGE_NURTURE) &&
		   !la_enters_nurture_cycle(LA_STAGE_WON, LA_STAGE_NURTURE) &&
		   !la_enters_nurture_cycle(LA_STAGE_MQL, LA_STAGE_SAL),
		   "new/nurture/won -> nurture and other targets do not", NULL);

	printf("# la_policy: the facts of a lead-cycle\n");
	{
		la_cycle_facts c;
		int			take;

		/* create in new, a touch, handoff to mql, accept to sal, a temperature row, win */
		la_cycle_begin(&c);
		Report(c.furthest == -1 && c.stage == -1 && !c.entered_mql && !c.sales_sourced, "a cycle begins empty", NULL);
		take = la_cycle_step(&c, LA_EVENT_CREATE, -1, LA_STAGE_NEW);
		Report(take == LA_CYCLE_TAKE_LATEST && c.stage == LA_STAGE_NEW && c.furthest == -1 && !c.sales_sourced,
			   "create in new: the latest row's values, no stage reached", "take %d stage %d", take, c.stage);
		take = la_cycle_step(&c, LA_EVENT_TOUCH, LA_STAGE_NEW, LA_STAGE_NEW);
		Report(take == LA_CYCLE_TAKE_LATEST && c.furthest == -1, "a touch in new reaches nothing", NULL);
		take = la_cycle_step(&c, LA_EVENT_HANDOFF, LA_STAGE_NEW, LA_STAGE_MQL);
		Report(take == LA_CYCLE_TAKE_MQL && c.entered_mql && c.furthest == LA_STAGE_MQL,
			   "the first entry into mql: the mql row's values", "take %d", take);
		take = la_cycle_step(&c, LA_EVENT_ACCEPT, LA_STAGE_MQL, LA_STAGE_SAL);
		Report(take == 0 && c.accepted && c.furthest == LA_STAGE_SAL, "accept from mql: accepted, sal reached", "take %d", take);
		take = la_cycle_step(&c, LA_EVENT_TEMPERATURE, LA_STAGE_SAL, LA_STAGE_SAL);
		Report(take == 0 && c.furthest == LA_STAGE_SAL, "after mql a temperature row changes nothing", "take %d", take);
		take = la_cycle_step(&c, LA_EVENT_WIN, LA_STAGE_OPPORTUNITY, LA_STAGE_WON);
		Report(c.furthest == LA_STAGE_WON && c.stage == LA_STAGE_WON, "win: won reached", NULL);
		take = la_cycle_step(&c, LA_EVENT_DELETE, LA_STAGE_WON, -1);
		Report(take == 0 && c.stage == LA_STAGE_WON && c.furthest == LA_STAGE_WON,
			   "a delete keeps the stage it was in", "stage %d", c.stage);

		/* a second entry into mql and a disqualify from it */
		la_cycle_begin(&c);
		(void) la_cycle_step(&c, LA_EVENT_CREATE, -1, LA_STAGE_MQL);
		take = la_cycle_step(&c, LA_EVENT_DISQUALIFY, LA_STAGE_MQL, LA_STAGE_DISQUALIFIED);
		Report(take == LA_CYCLE_TAKE_REASON && c.disqualified && !c.accepted && c.furthest == LA_STAGE_MQL,
			   "disqualify from mql: its reason, lost and disqualified are not reached", "take %d", take);
		take = la_cycle_step(&c, LA_EVENT_REOPEN, LA_STAGE_DISQUALIFIED, LA_STAGE_MQL);
		Report(take == 0, "a second entry into mql takes nothing", "take %d", take);
		take = la_cycle_step(&c, LA_EVENT_DISQUALIFY, LA_STAGE_MQL, LA_STAGE_DISQUALIFIED);
		Report(take == 0, "a second disqualify keeps the first reason", "take %d", take);

		/* sales-sourced: a create past mql */
		la_cycle_begin(&c);
		take = la_cycle_step(&c, LA_EVENT_CREATE, -1, LA_STAGE_SQL);
		Report(c.sales_sourced && c.furthest == LA_STAGE_SQL && !c.entered_mql && take == LA_CYCLE_TAKE_LATEST,
			   "create in sql: sales-sourced, sql reached, no mql entry", NULL);
		la_cycle_begin(&c);
		(void) la_cycle_step(&c, LA_EVENT_CREATE, -1, LA_STAGE_LOST);
		Report(!c.sales_sourced && c.furthest == -1, "create in lost: neither sales-sourced nor reached", NULL);
		la_cycle_begin(&c);
		(void) la_cycle_step(&c, LA_EVENT_CREATE, -1, LA_STAGE_MQL);
		Report(!c.sales_sourced && c.entered_mql, "create in mql: an mql entry, not sales-sourced", NULL);
		Report(la_cycle_rejected_by(LA_EVENT_REJECT, LA_STAGE_MQL) &&
			   !la_cycle_rejected_by(LA_EVENT_RECYCLE, LA_STAGE_MQL) &&
			   !la_cycle_rejected_by(LA_EVENT_REJECT, LA_STAGE_SAL) &&
			   !la_cycle_rejected_by(LA_EVENT_REOPEN, LA_STAGE_LOST),
			   "only a reject from mql rejects the cycle it ends", NULL);
	}

	printf("# la_policy: reject or recycle\n");
	Report(strcmp(la_reject_or_recycle(false, false, false), "reject") == 0, "no reason: reject", NULL);
	Report(strcmp(la_reject_or_recycle(true, false, true), "recycle") == 0, "a recycle code: recycle", NULL);
	Report(strcmp(la_reject_or_recycle(true, true, true), "reject") == 0, "a code of both kinds ('other'): reject", NULL);
	Report(strcmp(la_reject_or_recycle(true, true, false), "reject") == 0, "a reject code: reject", NULL);
	Report(strcmp(la_reject_or_recycle(true, false, false), "reject") == 0, "an unknown code: reject (then refused)", NULL);

	printf("# la_policy: automatic handoff\n");
	Report(la_handoff_source(LA_STAGE_NEW) && la_handoff_source(LA_STAGE_NURTURE) &&
		   !la_handoff_source(LA_STAGE_MQL) && !la_handoff_source(LA_STAGE_LOST), "sources: new and nurture", NULL);
	Report(la_handoff_holds(true, LA_STAGE_NEW, -1, LA_STAGE_MQL), "insert new -> mql holds", NULL);
	Report(!la_handoff_holds(true, LA_STAGE_NEW, -1, LA_STAGE_SAL), "ending elsewhere than mql does not", NULL);
	Report(la_handoff_holds(false, LA_STAGE_NURTURE, LA_STAGE_NURTURE, LA_STAGE_MQL), "update nurture -> mql holds", NULL);
	Report(!la_handoff_holds(false, LA_STAGE_NURTURE, LA_STAGE_NEW, LA_STAGE_MQL), "old stage not the remembered one", NULL);
	Report(!la_handoff_holds(false, LA_STAGE_SAL, LA_STAGE_SAL, LA_STAGE_MQL), "from a non-source stage", NULL);

	printf("# la_policy: reasons\n");
	memset(&f, 0, sizeof(f));
	Verdict("optional, none", f, LA_REASON_OK);
	f.required = true;
	Verdict("required, none", f, LA_REASON_MISSING);
	f.has_reason = true;
	f.given = true;
	Verdict("required, unknown code", f, LA_REASON_UNKNOWN);
	f.known = true;
	f.kind_has_codes = true;
	Verdict("required, known", f, LA_REASON_OK);
	f.needs_note = true;
	Verdict("required, needs a note, none", f, LA_REASON_NEEDS_NOTE);
	f.has_note = true;
	Verdict("required, needs a note, given", f, LA_REASON_OK);
	memset(&f, 0, sizeof(f));
	f.has_reason = true;
	Verdict("optional, SET LOCAL reason of another kind: dropped", f, LA_REASON_DROP);
	f.given = true;
	Verdict("optional, given, kind without codes: not taken", f, LA_REASON_NOT_TAKEN);
	f.kind_has_codes = true;
	Verdict("optional, given, unknown code", f, LA_REASON_UNKNOWN);
	f.known = true;
	f.needs_note = true;
	Verdict("optional, known, needs a note", f, LA_REASON_NEEDS_NOTE);
	f.given = false;
	f.has_note = true;
	Verdict("optional, SET LOCAL known code with note", f, LA_REASON_OK);
}
