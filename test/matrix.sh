#!/usr/bin/env bash
# test/matrix.sh -- `make test-matrix`: the regression, isolation and upgrade
# suites on the PostgreSQL versions Debian 12 does not ship (DESIGN 6,
# Portability).  `make test` covers 15 on the host.
#
# For each version (17 from trixie, 18 from sid; LA_MATRIX_VERSIONS="17 18"
# picks, and "15" adds a bookworm chroot), on a Debian 12 host, as root:
#   1. makes sure a debootstrap chroot of that Debian release with
#      postgresql-V and postgresql-server-dev-V exists under
#      $LA_MATRIX_CACHE (default /var/cache/lead_align-matrix/<codename>);
#      it is (re)built when missing, broken, made for another package list, or
#      older than $LA_MATRIX_MAX_AGE_DAYS (default 7, so point releases come
#      in); chroots are built in parallel, from the mirror the host's apt uses;
#   2. copies this source tree into it (/build/lead_align), mounts /proc and
#      a tmpfs on /dev/shm, and runs this same script there (--inside V):
#      build with -Wall -Wextra -Werror (STRICT_CFLAGS of test/lib.sh), make
#      install (into the chroot), a throwaway cluster as the chroot's postgres
#      user on a private port (56000-56999) and socket directory, make
#      installcheck (pg_regress: REGRESS, which includes the upgrade test
#      sql/upgrade.sql) and the isolation specs (ISOLATION, `make installcheck REGRESS=`) with that version's
#      pg_config;
#   3. prints "N passed, N failed" per version and a total line last, exits
#      non-zero on any failure, and always stops the servers, unmounts and
#      removes the copied tree (trap), even on failure or Ctrl-C.
# One run at a time per cache (flock).
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)

# ---------------------------------------------------------------- inside ----
# Runs in the chroot, from the copied tree: build, install, cluster, suites.
inside() {
	local v=$1
	export PG_CONFIG=/usr/lib/postgresql/$v/bin/pg_config
	PG_BIN=/usr/lib/postgresql/$v/bin
	. test/lib.sh
	PASSED=0 FAILED=0 FAILURES=()
	count() { if [ "$2" = ok ]; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); FAILURES+=("$1"); fi; }
	finish() {
		stop_cluster
		[ ${#FAILURES[@]} -gt 0 ] && echo "failed: ${FAILURES[*]}"
		echo "$PASSED passed, $FAILED failed"
		[ "$FAILED" -eq 0 ]
	}
	# leave the cached chroot as it was: no server, no lead_align files
	trap 'stop_cluster; make PG_CONFIG="$PG_CONFIG" uninstall >/dev/null 2>&1' EXIT
	"$PG_CONFIG" --version

	section "build (-Wall -Wextra -Werror)"
	make clean >/dev/null 2>&1
	if make PG_CONFIG="$PG_CONFIG" PG_CFLAGS="$STRICT_CFLAGS" >build.log 2>&1; then
		count build ok
	else
		cat build.log; count build failed; finish; return
	fi

	section "install (into the chroot)"
	if make PG_CONFIG="$PG_CONFIG" install >install.log 2>&1; then count install ok
	else cat install.log; count install failed; finish; return; fi

	section "throwaway cluster"
	LA_PGPORT=${LA_PGPORT:-$((56000 + RANDOM % 1000))}
	if start_cluster; then count cluster ok; else count cluster failed; finish; return; fi

	section "pg_regress (REGRESS, upgrade included)"
	run_regress PG_CONFIG="$PG_CONFIG"
	local i_ok i_fail

	section "isolation (concurrent sessions)"
	make PG_CONFIG="$PG_CONFIG" installcheck REGRESS= PGHOST="$PGHOST" PGPORT="$PGPORT" PGUSER="$PGUSER" >isolation.log 2>&1
	grep -E '^(test|ok|not ok) ' isolation.log | sed 's/^/  /'
	i_ok=$(grep -cE '^test .* \.\.\. ok|^ok ' isolation.log || true)
	i_fail=$(grep -cE '^test .* \.\.\. FAILED|^not ok ' isolation.log || true)
	PASSED=$((PASSED + i_ok)); FAILED=$((FAILED + i_fail))
	if [ "$i_fail" -gt 0 ]; then FAILURES+=("isolation($i_fail)"); tail -n 80 isolation.log; fi
	if [ "$i_ok" -eq 0 ] && [ "$i_fail" -eq 0 ]; then tail -n 30 isolation.log; count isolation-run failed; fi

	finish
}

if [ "${1:-}" = --inside ]; then
	inside "$2"
	exit $?
fi

# --------------------------------------------------------------- outside ----
VERSIONS=${LA_MATRIX_VERSIONS:-"17 18"}
CACHE=${LA_MATRIX_CACHE:-/var/cache/lead_align-matrix}
mkdir -p "$CACHE" 2>/dev/null && CACHE=$(realpath "$CACHE")
MAX_AGE_DAYS=${LA_MATRIX_MAX_AGE_DAYS:-7}
export DEBIAN_FRONTEND=noninteractive
T0=$(date +%s)

section() { printf '\n== %s ==\n' "$*"; }
codename_of() {
	case $1 in
		15) echo bookworm ;;  # what `make test` covers on the host; here for comparison
		17) echo trixie ;;
		18) echo sid ;;
		*) return 1 ;;
	esac
}
packages_of() { echo "postgresql-$1 postgresql-server-dev-$1 make gcc libc6-dev util-linux"; }

if [ "$(id -u)" -ne 0 ]; then
	echo "test-matrix needs root (debootstrap, chroot, mount)"
	echo "0 passed, 1 failed"
	exit 1
fi

# The Debian mirror the host's apt uses for bookworm (deb822 .sources or
# one-line .list), else deb.debian.org.  LA_MATRIX_MIRROR overrides.
host_mirror() {
	local f m=""
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		m=$(awk 'BEGIN { RS = ""; FS = "\n" }
			{ uris = ""; ok = 0
			  for (i = 1; i <= NF; i++) {
				if ($i ~ /^URIs:/) { sub(/^URIs:[ \t]*/, "", $i); split($i, u, /[ \t]+/); uris = u[1] }
				if ($i ~ /^Suites:/ && $i ~ /[ \t]bookworm([ \t]|$)/) ok = 1
			  }
			  if (ok && uris != "") { print uris; exit } }' "$f")
		[ -n "$m" ] && { echo "$m"; return; }
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		m=$(sed -E 's/\[[^]]*\]//' "$f" | awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }')
		[ -n "$m" ] && { echo "$m"; return; }
	done
	echo http://deb.debian.org/debian
}
MIRROR=${LA_MATRIX_MIRROR:-$(host_mirror)}

declare -A BUILD_PID BUILD_OK
MOUNTS=()        # mount points to undo, innermost last
WORKDIRS=()      # copied trees to remove
LOCKED=0
cleanup() {
	local i d m pid
	[ "$LOCKED" = 1 ] || return 0   # another run owns the cache
	for pid in "${BUILD_PID[@]}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null; done
	# processes still running in a chroot of ours (a server the inner trap
	# could not stop): those are ours, end them by pid
	for d in "${WORKDIRS[@]}"; do
		d=${d%/build/lead_align}
		for pid in $(ls /proc | grep -E '^[0-9]+$'); do
			[ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$d" ] && kill -9 "$pid" 2>/dev/null
		done
	done
	for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
		umount "${MOUNTS[i]}" 2>/dev/null || umount -l "${MOUNTS[i]}" 2>/dev/null
	done
	MOUNTS=()
	# mounts of a chroot build that was interrupted
	for d in "$CACHE"/*.new; do unmount_all "$d"; done
	for d in "${WORKDIRS[@]}"; do rm -rf "$d"; done
	WORKDIRS=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mount_in() {  # mount_in DIR FSTYPE TARGET (one left over by a killed run is reused)
	mountpoint -q "$1/$3" || mount -t "$2" "$2" "$1/$3" || return 1
	MOUNTS+=("$1/$3")
}
unmount_all() {  # unmount_all DIR: what this script mounts in a chroot
	local m
	for m in dev/shm proc; do
		mountpoint -q "$1/$m" 2>/dev/null && { umount "$1/$m" 2>/dev/null || umount -l "$1/$m"; }
	done
}
remove_chroot() {  # remove_chroot DIR: never rm -rf through a mount
	[ -e "$1" ] || return 0
	unmount_all "$1"
	if findmnt -rn -o TARGET | grep -q "^$1/"; then
		echo "$1 still has mounts: not removing it"; return 1
	fi
	rm -rf "$1"
}
umount_in() {  # umount_in DIR TARGET
	local i
	umount "$1/$2" 2>/dev/null || umount -l "$1/$2"
	for i in "${!MOUNTS[@]}"; do [ "${MOUNTS[i]}" = "$1/$2" ] && unset 'MOUNTS[i]'; done
	MOUNTS=("${MOUNTS[@]}")
}

# A cached chroot is usable when its stamp names the same package list, it is
# young enough, and that version's server and PGXS are really there.
chroot_ok() {  # chroot_ok DIR VERSION
	local d=$1 v=$2
	[ -f "$d/.lead_align-matrix" ] || return 1
	[ "$(head -n 1 "$d/.lead_align-matrix")" = "packages: $(packages_of "$v")" ] || return 1
	[ -z "$(find "$d/.lead_align-matrix" -mtime "+$MAX_AGE_DAYS")" ] || return 1
	[ -x "$d/usr/lib/postgresql/$v/bin/postgres" ] || return 1
	[ -x "$d/usr/lib/postgresql/$v/lib/pgxs/src/test/isolation/pg_isolation_regress" ] || return 1
	[ -f "$d/usr/include/postgresql/$v/server/postgres.h" ] || return 1
	chroot "$d" "/usr/lib/postgresql/$v/bin/pg_config" --version >/dev/null 2>&1 || return 1
	chroot "$d" /usr/bin/make --version >/dev/null 2>&1 || return 1
}

# Build the chroot of VERSION afresh in DIR.new, then move it into place.
build_chroot() {  # build_chroot VERSION  (output goes to a log)
	local v=$1 c d new
	c=$(codename_of "$v"); d=$CACHE/$c; new=$d.new
	remove_chroot "$new" || return 1
	echo "debootstrap --variant=minbase $c from $MIRROR"
	debootstrap --variant=minbase "$c" "$new" "$MIRROR" || return 1
	# sid's Release can be past its Valid-Until on a snapshot mirror
	echo 'Acquire::Check-Valid-Until "false";' >"$new/etc/apt/apt.conf.d/99lead-align-matrix"
	# no service starts while installing, and no "main" cluster: the tests make their own
	printf '#!/bin/sh\nexit 101\n' >"$new/usr/sbin/policy-rc.d"
	chmod 755 "$new/usr/sbin/policy-rc.d"
	mkdir -p "$new/etc/postgresql-common"
	echo 'create_main_cluster = false' >"$new/etc/postgresql-common/createcluster.conf"
	mount -t proc proc "$new/proc" || return 1
	# shellcheck disable=SC2046
	chroot "$new" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
		sh -c "apt-get update -q && apt-get install -y -q --no-install-recommends \
			-o Dpkg::Options::=--force-confold -o Dpkg::Options::=--force-confdef $(packages_of "$v") && apt-get clean"
	local rc=$?
	umount "$new/proc" 2>/dev/null || umount -l "$new/proc"
	[ $rc -eq 0 ] || return 1
	{ echo "packages: $(packages_of "$v")"; chroot "$new" "/usr/lib/postgresql/$v/bin/pg_config" --version; } >"$new/.lead_align-matrix"
	chroot_ok "$new" "$v" || return 1
	remove_chroot "$d" || return 1
	mv "$new" "$d"
}

mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
if ! flock -n 9; then
	echo "waiting for another test-matrix run on $CACHE ..."
	flock 9
fi
LOCKED=1

section "chroots ($CACHE, mirror $MIRROR)"
if ! command -v debootstrap >/dev/null; then
	echo "installing debootstrap"
	apt-get update -q >/dev/null && apt-get install -y -q debootstrap >/dev/null
fi
for v in $VERSIONS; do
	c=$(codename_of "$v") || { echo "no Debian release known for PostgreSQL $v"; echo "0 passed, 1 failed"; exit 1; }
	if chroot_ok "$CACHE/$c" "$v"; then
		echo "PostgreSQL $v: cached chroot $CACHE/$c ($(tail -n 1 "$CACHE/$c/.lead_align-matrix"))"
		BUILD_OK[$v]=1
	else
		echo "PostgreSQL $v: building chroot $CACHE/$c (log: $CACHE/$c.log)"
		command -v debootstrap >/dev/null || { BUILD_OK[$v]=0; continue; }
		build_chroot "$v" >"$CACHE/$c.log" 2>&1 &
		BUILD_PID[$v]=$!
	fi
done
for v in "${!BUILD_PID[@]}"; do
	c=$(codename_of "$v")
	wait "${BUILD_PID[$v]}"; rc=$?
	BUILD_PID[$v]=""
	if [ $rc -eq 0 ]; then
		BUILD_OK[$v]=1
		echo "PostgreSQL $v: chroot ready ($(tail -n 1 "$CACHE/$c/.lead_align-matrix")) after $(($(date +%s) - T0)) s"
	else
		BUILD_OK[$v]=0
		echo "PostgreSQL $v: could not build the chroot; last lines of $CACHE/$c.log:"
		tail -n 30 "$CACHE/$c.log"
	fi
done

TOTAL_PASSED=0
TOTAL_FAILED=0
SUMMARY=()
for v in $VERSIONS; do
	c=$(codename_of "$v"); d=$CACHE/$c
	section "PostgreSQL $v ($c chroot)"
	if [ "${BUILD_OK[$v]}" != 1 ]; then
		TOTAL_FAILED=$((TOTAL_FAILED + 1)); SUMMARY+=("PostgreSQL $v: 0 passed, 1 failed (no chroot)")
		continue
	fi
	t=$(date +%s)
	w=$d/build/lead_align
	rm -rf "$w"; mkdir -p "$w"; WORKDIRS+=("$w")
	# files an interrupted run may have left installed
	rm -rf "$d/usr/share/postgresql/$v/extension/lead_align"* "$d/usr/lib/postgresql/$v/lib/lead_align.so" \
		"$d/usr/lib/postgresql/$v/lib/bitcode/lead_align"*
	# the working tree as it is (tracked and new files, minus build output)
	if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
		(cd "$ROOT" && git ls-files -co --exclude-standard -z | xargs -0 tar cf - 2>/dev/null) | tar xf - -C "$w"
	else
		tar cf - --exclude-vcs --exclude='*.o' --exclude='*.so' --exclude='*.bc' --exclude=results -C "$ROOT" . | tar xf - -C "$w"
	fi
	out=$(mktemp)
	if mount_in "$d" proc proc && mount_in "$d" tmpfs dev/shm; then
		chroot "$d" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
			bash -c 'cd /build/lead_align && exec bash test/matrix.sh --inside "$1"' matrix "$v" 2>&1 | tee "$out"
	else
		echo "could not mount /proc or /dev/shm in $d" | tee "$out"
	fi
	umount_in "$d" dev/shm; umount_in "$d" proc
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
	rm -f "$out"
	if [ -z "$line" ]; then line="0 passed, 1 failed"; fi
	p=${line%% passed*}; f=${line#*, }; f=${f%% failed}
	TOTAL_PASSED=$((TOTAL_PASSED + p)); TOTAL_FAILED=$((TOTAL_FAILED + f))
	SUMMARY+=("$(tail -n 1 "$d/.lead_align-matrix"), $c chroot: $p passed, $f failed ($(($(date +%s) - t)) s)")
	rm -rf "$w"
done

section "summary ($(($(date +%s) - T0)) s)"
for s in "${SUMMARY[@]}"; do echo "$s"; done
echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed"
[ "$TOTAL_FAILED" -eq 0 ]
