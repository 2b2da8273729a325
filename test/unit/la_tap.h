/*
 * la_tap.h -- TAP output shared by the unit tests of the core modules (one
 * test file per module: test_core.c for dates, windows, calendars and
 * business time; test_stage.c; test_policy.c).
 */
#ifndef LA_TAP_H
#define LA_TAP_H

#include <stdbool.h>

extern int	n_test;
extern int	n_fail;

/* Report one test; fmt (may be NULL) explains a failure. */
extern bool Report(bool cond, const char *name, const char *fmt,...)
			__attribute__((format(printf, 3, 4)));
/* Print the plan and the totals; the exit status. */
extern int	TapDone(void);

/* The tests of each module file. */
extern void TestStage(void);
extern void TestPolicy(void);

#endif							/* LA_TAP_H */
