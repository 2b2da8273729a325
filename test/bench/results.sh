# test/bench/results.sh -- sourced by the benchmarks: write one section of
# RESULTS.md.
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
