#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench, dispatcher part: what the dispatcher on the XDP hook adds to
# each packet. With a one-rule table active, the pinned dispatcher
# (prog_xdp_in, which tail-calls the filter in force) and the filter
# program alone each judge the same UDP frame under BPF_PROG_TEST_RUN
# (bpftool prog run, many repetitions); median of the runs, alternated.
set -u
. "$(dirname "$0")/sandbox.sh"
BIN=${1:?usage: bench-dispatch.sh BUILD-DIR [quick]}
RUNS=$([ "${2:-}" = quick ] && echo 3 || echo 7)
REPEAT=$([ "${2:-}" = quick ] && echo 2000000 || echo 10000000)

sandbox_init dispatch "$BIN" && sandbox_single || exit 1
in_ns() { ip netns exec "$NS" "$@"; }
echo "default permit" > "$EBFILT_CONFDIR/filter4.rules"
in_ns mkfilt -v 4 -u >/dev/null || exit 1
# A UDP datagram 198.51.100.7 -> 192.0.2.1:53, 60 bytes.
FRAME="$DIR/frame"
printf '\002\000\000\000\000\002\002\000\000\000\000\001\010\000\105\000\000\056\000\001\000\000\100\021\000\000\306\063\144\007\300\000\002\001\324\061\000\065\000\032\000\000xxxxxxxxxxxxxxxxxx' > "$FRAME"
# The filter program the dispatcher's slot holds (the newest of that name).
filter_id=$(bpftool prog show name filter_xdp_in | sed -n 's/^\([0-9]*\): .*/\1/p' | tail -1)
[ -n "$filter_id" ] || { echo "bench-dispatch: no filter_xdp_in program" >&2; exit 1; }

ns_per_run() { # ns_per_run bpftool-prog-spec...
	bpftool prog run "$@" data_in "$FRAME" repeat "$REPEAT" 2>&1 |
		sed -n 's/.*duration (average): \([0-9]*\)ns.*/\1/p'
}
median() { sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"; }

for i in $(seq 1 "$RUNS"); do
	echo "d $(ns_per_run pinned "$EBFILT_PINDIR/prog_xdp_in")"
	echo "f $(ns_per_run id "$filter_id")"
done > "$DIR/runs"
both=$(awk '$1 == "d" { print $2 }' "$DIR/runs" | median)
alone=$(awk '$1 == "f" { print $2 }' "$DIR/runs" | median)
[ -n "$both" ] && [ -n "$alone" ] || { echo "bench-dispatch: no timing from bpftool" >&2; exit 1; }

TSV="$BIN/bench/dispatch.tsv"
mkdir -p "$BIN/bench"
printf 'program\tns\n' > "$TSV"
printf 'dispatcher + filter\t%s\nfilter alone\t%s\n' "$both" "$alone" >> "$TSV"
printf 'Dispatcher (median of %d; %d packets each; 1-rule table, 60-byte UDP)\n\n' "$RUNS" "$REPEAT"
printf '%-22s %8s\n' "dispatcher + filter" "$both ns" "filter alone" "$alone ns" \
	"dispatcher adds" "$((both - alone)) ns"
