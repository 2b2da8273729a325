# test/lib.sh -- shared helpers of test/run.sh, test/matrix.sh, test/demo/run.sh and
# test/soak/with_cluster.sh.
# shellcheck shell=bash

# The PostgreSQL to build for and run: PG_CONFIG's when it is given (make
# demo PG_CONFIG=/path/to/pg_config), else PG_BIN, else Debian's 15.
if [ -n "${PG_CONFIG:-}" ] && d=$("$PG_CONFIG" --bindir 2>/dev/null); then PG_BIN=$d; fi
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
STRICT_CFLAGS="-Wall -Wextra -Werror -Wno-unused-parameter -Wno-sign-compare -Wno-missing-field-initializers"
export PATH="$PG_BIN:$PATH"

section() { printf '\n== %s ==\n' "$*"; }

# Install what is missing of what one command uses, and say what first:
#   ensure_packages demo   build, the report page (python3-psycopg2; npm for ECharts)
#   ensure_packages test   all of the default, and chromium for the page's browser test
#   ensure_packages        build, client-driver tests, fuzzer (clang, libclang-rt-14-dev)
ensure_packages() {
	local what=${1:-tools} need=()
	[ -x "$PG_BIN/postgres" ] || need+=(postgresql-15)
	[ -f /usr/include/postgresql/15/server/postgres.h ] || need+=(postgresql-server-dev-15)
	command -v make >/dev/null || need+=(make)
	command -v gcc >/dev/null || need+=(gcc)
	# a real client driver (Debian's Python 3, not another one on PATH): the
	# report command and test/clients
	dpkg -s python3-psycopg2 >/dev/null 2>&1 || need+=(python3-psycopg2)
	# npm ci: ECharts for the report page; node-postgres and playwright-core for tests
	command -v npm >/dev/null || need+=(nodejs npm)
	if [ "$what" != demo ]; then
		# the fuzz smoke test (libFuzzer)
		command -v clang >/dev/null || need+=(clang)
		dpkg -s libclang-rt-14-dev >/dev/null 2>&1 || need+=(libclang-rt-14-dev)
	fi
	if [ "$what" = test ]; then
		# the report page in a real browser
		[ -x "${LA_CHROMIUM:-/usr/bin/chromium}" ] || need+=(chromium)
	fi
	[ ${#need[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "missing packages: ${need[*]} (run as root, or install them)"; return 1
	fi
	section "installing ${need[*]} (apt-get, for make $what)"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null && apt-get install -y -q "${need[@]}" >/dev/null
}

# Say where `make install` is about to write, before it does.
say_install() {
	local pgc=${PG_CONFIG:-$PG_BIN/pg_config}
	echo "make install: into the PostgreSQL of $pgc ($("$pgc" --version)):"
	echo "  $("$pgc" --pkglibdir)/lead_align.so and $("$pgc" --sharedir)/extension/lead_align*"
	[ -z "${PG_CONFIG:-}" ] && echo "  (to install elsewhere: PG_CONFIG=/path/to/pg_config; make uninstall removes it)"
	return 0
}

# The unprivileged user that runs the throwaway server.
cluster_user() {
	if [ "$(id -u)" -ne 0 ]; then id -un; return; fi
	id postgres >/dev/null 2>&1 || useradd --system --create-home postgres
	echo postgres
}

as_cluster_user() {
	local u; u=$(cluster_user)
	if [ "$(id -un)" = "$u" ]; then "$@"; else runuser -u "$u" -- "$@"; fi
}

# Start a throwaway cluster on a private port and socket directory: the
# port is LA_PGPORT, else PGPORT, else a random one (the server listens only
# on its own socket directory, so a port another server uses on TCP is no
# conflict); the cluster directory (data, socket, logs) is LA_PGDATA when
# given (it must be new or empty, and is kept when the cluster stops), else a
# new directory under /tmp that stop_cluster removes.
start_cluster() {
	if [ -n "${LA_PGDATA:-}" ]; then
		CLUSTER_DIR=$(realpath -m "$LA_PGDATA")
		CLUSTER_KEEP_DIR=1
		if [ -e "$CLUSTER_DIR" ] && [ -n "$(ls -A "$CLUSTER_DIR" 2>/dev/null)" ]; then
			echo "LA_PGDATA=$CLUSTER_DIR is not empty: give a new or empty directory"; return 1
		fi
		mkdir -p "$CLUSTER_DIR"
	else
		CLUSTER_DIR=$(mktemp -d /tmp/lead_align_pg.XXXXXX)
		CLUSTER_KEEP_DIR=
	fi
	chmod 755 "$CLUSTER_DIR"
	chown "$(cluster_user)" "$CLUSTER_DIR"
	if ! as_cluster_user test -w "$CLUSTER_DIR"; then
		echo "$CLUSTER_DIR: the cluster's user $(cluster_user) cannot write there (or reach it)"; return 1
	fi
	PGPORT=${LA_PGPORT:-${PGPORT:-$((54000 + RANDOM % 1000))}}
	PGHOST=$CLUSTER_DIR
	PGUSER=$(cluster_user)
	export PGPORT PGHOST PGUSER
	as_cluster_user initdb -D "$CLUSTER_DIR/data" -U "$PGUSER" --auth=trust --no-sync --encoding=UTF8 --locale=C.UTF-8 >"$CLUSTER_DIR/initdb.log" 2>&1 || { cat "$CLUSTER_DIR/initdb.log"; return 1; }
	as_cluster_user pg_ctl -D "$CLUSTER_DIR/data" -l "$CLUSTER_DIR/server.log" -w -t 60 \
		-o "-p $PGPORT -k $CLUSTER_DIR -c listen_addresses='' -c fsync=off -c max_prepared_transactions=4" start >/dev/null \
		|| { cat "$CLUSTER_DIR/server.log"; return 1; }
	echo "cluster at $CLUSTER_DIR, port $PGPORT"
}

stop_cluster() {
	if [ -n "${CLUSTER_DIR:-}" ] && [ -d "$CLUSTER_DIR/data" ]; then
		as_cluster_user pg_ctl -D "$CLUSTER_DIR/data" -m immediate stop >/dev/null 2>&1 || true
		if [ -z "${CLUSTER_KEEP_DIR:-}" ]; then rm -rf "$CLUSTER_DIR"; fi
	fi
	CLUSTER_DIR=
}

# KEEP=1: how to reach the cluster that keeps running.
print_connect() {  # print_connect DATABASE [READER]
	echo "The cluster keeps running (KEEP=1):"
	echo "  psql -h $PGHOST -p $PGPORT -U $PGUSER $1"
	[ -n "${2:-}" ] && echo "  psql -h $PGHOST -p $PGPORT -U $2 $1     # as the reader role"
	if [ "$(id -u)" -eq 0 ]; then
		echo "  stop it: runuser -u $PGUSER -- $PG_BIN/pg_ctl -D $CLUSTER_DIR/data stop"
	else
		echo "  stop it: $PG_BIN/pg_ctl -D $CLUSTER_DIR/data stop"
	fi
	if [ -z "${CLUSTER_KEEP_DIR:-}" ]; then echo "  then: rm -rf $CLUSTER_DIR"; fi
}

# The pg_regress suite (REGRESS without ISOLATION) of `make installcheck` on the
# throwaway cluster, with extra make arguments "$@", into regress.log; prints
# one line a test and adds the counts to the caller's PASSED, FAILED and
# FAILURES (a run that counted nothing is the failure regress-run, through
# the caller's count).
run_regress() {
	local r_ok r_fail
	make "$@" installcheck ISOLATION= PGHOST="$PGHOST" PGPORT="$PGPORT" PGUSER="$PGUSER" >regress.log 2>&1
	grep -E '^(test| ?[a-z_]+ +\.\.\.|ok|not ok)' regress.log | sed 's/^/  /' | head -n 60
	r_ok=$(grep -cE '\.\.\. ok|^ok ' regress.log || true)
	r_fail=$(grep -cE '\.\.\. FAILED|^not ok ' regress.log || true)
	PASSED=$((PASSED + r_ok)); FAILED=$((FAILED + r_fail))
	if [ "$r_fail" -gt 0 ]; then
		FAILURES+=("regress($r_fail)")
		[ -f regression.diffs ] && head -n 200 regression.diffs
	fi
	if [ "$r_ok" -eq 0 ] && [ "$r_fail" -eq 0 ]; then cat regress.log; count regress-run failed; fi
}
