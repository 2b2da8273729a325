# src/core/core.mk -- the one list of the pure C core's sources (no server
# headers).  Included by the top Makefile (server build), test/unit/Makefile
# and test/fuzz/Makefile, so that every core module is built, unit-tested and
# fuzzed alike.  Paths are relative to src/core; each includer sets
# LA_CORE_DIR to that directory as seen from its own directory.
LA_CORE_MODULES = la_util la_window la_calparse la_calendar la_btime la_stage la_policy la_vocab
LA_CORE_SRCS = $(addprefix $(LA_CORE_DIR)/,$(addsuffix .c,$(LA_CORE_MODULES)))
LA_CORE_HDRS = $(LA_CORE_DIR)/la_core.h $(LA_CORE_DIR)/la_calendar_int.h $(LA_CORE_DIR)/la_stage.h \
	$(LA_CORE_DIR)/la_policy.h $(LA_CORE_DIR)/la_vocab.h
