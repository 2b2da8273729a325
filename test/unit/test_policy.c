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
