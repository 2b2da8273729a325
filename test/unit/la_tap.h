/*
 * la_tap.h -- TAP output and the helpers shared by the unit tests of the core
 * modules (one test file per module: test_util.c, test_window.c,
 * test_calendar.c, test_btime.c, test_stage.c, test_policy.c; test_core.c runs
 * them in order).
 */
#ifndef LA_TAP_H
#define LA_TAP_H

#include <stdbool.h>
#include <stddef.h>

#include "la_core.h"

#define SEC		LA_USECS_PER_SEC
#define MIN		LA_USECS_PER_MIN
#define HR		LA_USECS_PER_HOUR
#define DAY		LA_USECS_PER_DAY

extern int	n_test;
extern int	n_fail;

/* Report one test; fmt (may be NULL) explains a failure. */
extern bool Report(bool cond, const char *name, const char *fmt,...)
			__attribute__((format(printf, 3, 4)));
/* Print the plan and the totals; the exit status. */
extern int	TapDone(void);

/* The SQLSTATE of a core error code, for diagnostics. */
extern const char *CodeName(la_errcode c);
/* Parse a window that the test knows to be valid (zero elapsed if refused). */
extern la_window W(const char *s);
/* True if msg quotes tok in a "..." or '...' segment. */
extern bool Quotes(const char *msg, const char *tok);
/* Parse a calendar; the blob (la_mfree it) or NULL with *err filled. */
extern void *CalParse(const char *s, size_t *size, la_error *err);

/* The tests of each module file. */
extern void TestUtil(void);
extern void TestWindow(void);
extern void TestCalendar(void);
extern void TestBtime(void);
extern void TestStage(void);
extern void TestPolicy(void);

#endif							/* LA_TAP_H */
