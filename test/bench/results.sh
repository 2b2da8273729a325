# test/bench/results.sh -- sourced by the benchmarks: where their numbers come
# from, and writing one section of RESULTS.md.
# shellcheck shell=bash

# write_section NAME SECTION FILE: replace the lines from "<!-- BEGIN NAME" to
# "<!-- END NAME" of FILE with SECTION (which carries both markers), append it
# when FILE has no such section, or start FILE with the title when it does not
# exist; the rest of FILE is kept.
write_section() {
	local name=$1 section=$2 file=$3 tmp
	tmp=$(mktemp)
	if [[ -f "$file" ]] && grep -q "^<!-- BEGIN $name" "$file"; then
		awk -v sec_file=<(printf '%s\n' "$section") -v name="$name" '
			index($0, "<!-- BEGIN " name) == 1 { while ((getline line < sec_file) > 0) print line; skip = 1; next }
			index($0, "<!-- END " name) == 1 { skip = 0; next }
			!skip { print }' "$file" > "$tmp"
	elif [[ -f "$file" ]]; then
		{ cat "$file"; printf '\n%s\n' "$section"; } > "$tmp"
	else
		{ printf '# lead_align benchmark results\n\nWritten by the scripts in test/bench; each section says which command produced it.\n\n'
		  printf '%s\n' "$section"; } > "$tmp"
	fi
	mv "$tmp" "$file"
	chmod 644 "$file"
}

# bench_provenance SCRIPT ENV: where the numbers come from.  Sets rev (git
# describe of the source tree, or unknown) and cmd_md, the Markdown of the
# command that ran: the connection variables, ENV (the benchmark's own
# settings) and SCRIPT's path in the tree, inside BENCH_COMMAND when a
# wrapper (make bench) ran it.
bench_provenance() {
	local script=$1 env=$2 repo script_rel cmd
	repo=$(git -C "$here" rev-parse --show-toplevel 2>/dev/null || true)
	if [[ -n "$repo" ]]; then
		rev=$(git -C "$repo" describe --always --dirty 2>/dev/null || echo 'no commit yet')
		script_rel=${here#"$repo"/}/$script
	else
		rev=unknown
		script_rel=$here/$script
	fi
	cmd="PGHOST=${PGHOST:-} PGPORT=${PGPORT:-} PGUSER=${PGUSER:-} PGDATABASE=${PGDATABASE:-}"
	cmd+=" $env $script_rel"
	if [[ -n "${BENCH_COMMAND:-}" ]]; then
		cmd_md="\`$BENCH_COMMAND\`, which ran (on a throwaway cluster) \`$cmd\`"
	else
		cmd_md="\`$cmd\`"
	fi
}
