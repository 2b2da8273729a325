# test/client.sh -- sourced by test/soak/run.sh and test/crash/run.sh, the
# suites that run against an already running cluster (PGHOST / PGPORT /
# PGUSER), with the suite's name as argument:
#   . ../client.sh soak
# It puts PG_CONFIG's bindir (else PG_BIN, else nothing: the PATH's psql) first
# on the PATH, makes every session UTC and quiet below warnings, creates the
# work directory WORK=/tmp/la_NAME.XXXXXX and sets up the TAP counters N,
# PASSED and FAILED with ok WHAT and not_ok WHAT [DIAGNOSTIC FILE [LINES]].
if [ -n "${PG_CONFIG:-}" ] && BINDIR=$("$PG_CONFIG" --bindir 2>/dev/null); then
	export PATH="$BINDIR:$PATH"
elif [ -n "${PG_BIN:-}" ] && [ -d "$PG_BIN" ]; then
	export PATH="$PG_BIN:$PATH"
fi
export PGTZ=UTC PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
WORK=$(mktemp -d "/tmp/la_$1.XXXXXX")
chmod 755 "$WORK"

N=0; PASSED=0; FAILED=0
ok() { N=$((N + 1)); PASSED=$((PASSED + 1)); echo "ok $N - $1"; }
not_ok() {  # not_ok WHAT [DIAGNOSTIC FILE [LINES]]
	N=$((N + 1)); FAILED=$((FAILED + 1)); echo "not ok $N - $1"
	if [ -n "${2:-}" ] && [ -s "$2" ]; then tail -n "${3:-6}" "$2" | cut -c1-400 | sed 's/^/#   /'; fi
}
