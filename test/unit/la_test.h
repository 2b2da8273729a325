/*
 * la_test.h -- the test glue of the lead_align core (see la_tz_test.c).
 *
 * The unit test and the fuzz harness link la_tz_test.c instead of the server
 * glue: it provides la_malloc/la_mfree and a la_tzops with a few fixed and
 * synthetic zones.
 */
#ifndef LA_TEST_H
#define LA_TEST_H

#include <stddef.h>
#include <stdint.h>

/* Set la_tz to the test zones; call once before using the core. */
extern void la_test_init(void);

/* Number of times the core called la_tz->interrupts (for cost checks). */
extern uint64_t la_test_interrupt_calls;

/* Unix days of a proleptic Gregorian date, 64-bit (independent of the core). */
extern int64_t la_test_days_from_civil(int64_t y, int m, int d);
extern void la_test_civil_from_days(int64_t days, int64_t *y, int *m, int *d);

/* Unix days of 2000-01-01, the epoch of the core's instants. */
#define PG_EPOCH_UNIX_DAYS INT64_C(10957)

/* An instant as UTC text ("-infinity", "infinity" or
 * YYYY-MM-DD hh:mm:ss.ffffffZ), for diagnostics; one of 8 rotating buffers. */
extern const char *la_test_ts(int64_t t);
#define Ts(t) la_test_ts(t)		/* the short name the checks use */

/* FNV-1a over bytes, as la_calhdr.hash documents (independent of the core). */
extern uint32_t la_test_fnv1a(const unsigned char *p, size_t n);

#endif							/* LA_TEST_H */
