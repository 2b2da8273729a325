# test/lib.sh -- shared helpers of test/run.sh, test/matrix.sh, test/demo/run.sh and
# test/soak/with_cluster.sh.
# shellcheck shell=bash

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
STRICT_CFLAGS="-Wall -Wextra -Werror -Wno-unused-parameter -Wno-sign-compare -Wno-missing-field-initializers"
export PATH="$PG_BIN:$PATH"

section() { printf '\n== %s ==\n' "$*"; }

# Install what the build and the tests need, if it is missing.
ensure_packages() {
	local need=()
	[ -x "$PG_BIN/postgres" ] || need+=(postgresql-15)
	[ -f /usr/include/postgresql/15/server/postgres.h ] || need+=(postgresql-server-dev-15)
	command -v make >/dev/null || need+=(make)
	command -v gcc >/dev/null || need+=(gcc)
	command -v clang >/dev/null || need+=(clang)
	dpkg -s libclang-rt-14-dev >/dev/null 2>&1 || need+=(libclang-rt-14-dev)
	# a real client driver for test/clients (Debian's Python 3, not another one on PATH)
	dpkg -s python3-psycopg2 >/dev/null 2>&1 || need+=(python3-psycopg2)
	command -v npm >/dev/null || need+=(nodejs npm)
	[ ${#need[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "missing packages: ${need[*]} (run as root, or install them)"; return 1
	fi
	section "installing ${need[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null && apt-get install -y -q "${need[@]}" >/dev/null
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

# Start a throwaway cluster on a private port and socket directory.
start_cluster() {
	CLUSTER_DIR=$(mktemp -d /tmp/lead_align_pg.XXXXXX)
	chmod 755 "$CLUSTER_DIR"
	chown "$(cluster_user)" "$CLUSTER_DIR"
	PGPORT=${LA_PGPORT:-$((54000 + RANDOM % 1000))}
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
		rm -rf "$CLUSTER_DIR"
	fi
	CLUSTER_DIR=
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
