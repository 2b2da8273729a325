/*
 * test_core.c -- the unit test of the lead_align pure C core (TAP output):
 * runs the tests of each core module, one file each (test_util.c,
 * test_window.c, test_calendar.c, test_btime.c, test_stage.c,
 * test_policy.c), in this order, with the synthetic zones of la_tz_test.c.
 *
 * Usage: ./test_core [-v]   (exit status 1 when any test fails)
 */
#include "la_test.h"
#include "la_tap.h"

int
main(int argc, char **argv)
{
	(void) argc;
	(void) argv;
	la_test_init();
	TestUtil();
	TestWindow();
	TestCalendar();
	TestBtime();
	TestStage();
	TestPolicy();
	return TapDone();
}
