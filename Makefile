# lead_align -- PGXS build.  `make demo` and `make test` are the README's two commands.

EXTENSION = lead_align
MODULE_big = lead_align
EXTVERSION = 0.4
# The full script of the current version is built from the SQL sources of each
# subsystem, in this order; older versions ship as their full 0.1 script and the
# update scripts, so every upgrade path stays installable and tested.
SQL_SOURCES = src/sql/00_header.sql src/sql/10_business_time.sql src/sql/20_vocabulary.sql \
	src/sql/30_tracking_tables.sql src/sql/40_tracking_api.sql src/sql/50_tracking_views_tools.sql \
	src/sql/60_sla_views.sql src/sql/70_sweep.sql src/sql/80_shared_numbers.sql \
	src/sql/85_migrate.sql
DATA_built = lead_align--$(EXTVERSION).sql
DATA = src/lead_align--0.1.sql src/lead_align--0.1--0.2.sql src/lead_align--0.2--0.3.sql \
	src/lead_align--0.3--0.4.sql
# The pure core's sources: one list, shared with test/unit and test/fuzz.
LA_CORE_DIR = src/core
include src/core/core.mk
OBJS = $(LA_CORE_SRCS:.c=.o) src/tz.o src/lead_align.o src/sla_window.o \
	src/business_calendar.o src/business_time.o src/lead_stage.o src/rules.o src/track_config.o src/track_eval.o src/track_trigger.o src/track_agreement.o src/track_tools.o src/ledger.o src/lead_current.o src/security.o \
	src/decay.o src/shared_numbers.o src/lead_quality.o
REGRESS = install sla_window calendar_input calendar_canonical calendar_build \
	business_add business_elapsed business_days business_dst business_periods business_edges \
	roundtrip lead_types track_config track_ddl track_pipeline track_modes track_tools track_alter track_crm_shapes track_rule_edges lead_current sla_views sla_known_answers sla_property sweep shared_numbers shared_property ledger_write citus any_client upgrade upgrade_ledger security security_attack uninstall
# Concurrency specs (pg_isolation_regress): test/isolation/specs, expected output in
# test/isolation/expected; `make installcheck` runs them after REGRESS.
ISOLATION = same_lead rule_change concurrent_inserts failed_statement savepoints event_time concurrent_sweep sweep_inflight
ISOLATION_OPTS = --inputdir=test/isolation
# The server's headers are searched as system headers (-isystem; GCC and clang
# then ignore PGXS's own -I for the same directories), so that warnings inside
# PostgreSQL's headers, which differ between major versions and compilers
# (17's are not all -Wextra clean), stay out of our -Werror builds
# (test/lib.sh STRICT_CFLAGS) while our own code keeps every warning.  This is
# one flag for every version, rather than a list of -Wno-... that would also
# silence those warnings in our code.
PG_CPPFLAGS = -Isrc -Isrc/core -isystem $(includedir_server) -isystem $(includedir_internal)
EXTRA_CLEAN = results regression.diffs regression.out output_iso test/unit/test_core \
	test/fuzz/fuzz_core test/fuzz/fuzz_core_plain

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

lead_align--$(EXTVERSION).sql: $(SQL_SOURCES)
	cat $^ > $@

.PHONY: test demo screenshot unit bench soak crash test-matrix

# Everything CI runs: see test/run.sh.
test:
	bash test/run.sh

# Build, install, start a throwaway cluster, generate six months of a CRM,
# print the report and write the report page (report/demo.html).  KEEP=1,
# PGPORT, LA_PGDATA, PG_CONFIG: see test/demo/run.sh.
demo:
	bash test/demo/run.sh

# The same, and the README's screenshot of the page (docs/report.png), taken
# in headless Chromium.
screenshot:
	LA_SCREENSHOT=docs/report.png bash test/demo/run.sh

unit:
	$(MAKE) -C test/unit check

bench:
	bash test/bench/run.sh

# The concurrency soak (test/soak) on a throwaway cluster, SOAK_SECONDS
# (default 300) long; test/run.sh runs a 20 s one.
soak: install
	PG_CONFIG="$(PG_CONFIG)" bash test/soak/with_cluster.sh soak

# The crash suite (test/crash) on a throwaway cluster; CRASH_FUZZ_CALLS=500
# for a longer fuzz.
crash: install
	PG_CONFIG="$(PG_CONFIG)" bash test/soak/with_cluster.sh crash

# The regression, isolation and upgrade suites on PostgreSQL 17 (trixie) and
# 18 (sid), each in a cached debootstrap chroot: see test/matrix.sh.  Root only.
test-matrix:
	bash test/matrix.sh

# Every object is rebuilt when a header changes (the internal headers define
# structs that several files share).
$(OBJS): $(wildcard src/*.h src/core/*.h)
