#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench, activation part: time to compile and activate tables of
# 1,000 and 10,000 rules (acl-style, gen_rules), to replace an active
# 10,000-rule table, and the kernel memory of each table's maps. One
# namespace with a veth pair and a private bpffs, removed on exit.
set -u
. "$(dirname "$0")/sandbox.sh"
BIN=${1:?usage: bench-activation.sh BUILD-DIR [quick]}
RUNS=$([ "${2:-}" = quick ] && echo 3 || echo 7)

# Median wall time in ms of a command run $RUNS times; "before" runs first each time.
median_ms() { # median_ms BEFORE-CMD CMD...
	local before=$1 t0 t1 i
	shift
	for i in $(seq 1 "$RUNS"); do
		eval "$before" >/dev/null 2>&1
		t0=$(date +%s%N)
		"$@" >/dev/null || return 1
		t1=$(date +%s%N)
		echo $(( (t1 - t0) / 1000000 ))
	done | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}

# Kernel memory (memlock) of the maps of the active IPv4 table (the
# generation current/ points at), in KiB.
table_kib() {
	local total=0 m
	for m in "$EBFILT_PINDIR"/current/v4/*; do
		total=$(( total + $(bpftool map show pinned "$m" | sed -n 's/.*memlock \([0-9]*\)B.*/\1/p') ))
	done
	echo $(( total / 1024 ))
}

sandbox_init bench "$BIN" && sandbox_single || exit 1

TSV="$BIN/bench/activation.tsv"
mkdir -p "$BIN/bench"
printf 'rules\tactivate_ms\treplace_ms\tmaps_kib\n' > "$TSV"
printf 'Activation (median of %d; mkfilt -v 4 -u, acl-style tables)\n\n' "$RUNS"
printf '%-10s %14s %14s %12s\n' rules "activate ms" "replace ms" "maps KiB"
for n in 1 1000 10000; do
	gen_rules acl "$n" 1 4 > "$EBFILT_CONFDIR/filter4.rules"
	first=$(median_ms 'in_ns mkfilt -d' in_ns mkfilt -v 4 -u) || exit 1
	replace=$(median_ms : in_ns mkfilt -v 4 -u) || exit 1
	kib=$(table_kib)
	printf '%-10s %14s %14s %12s\n' "$n" "$first" "$replace" "$kib"
	printf '%s\t%s\t%s\t%s\n' "$n" "$first" "$replace" "$kib" >> "$TSV"
done
