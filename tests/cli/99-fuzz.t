#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# A short run of every libFuzzer target (make fuzz runs them longer): the
# seed corpus, then FUZZ_SECONDS (default 5) of new inputs each. A crash,
# a leak or undefined behaviour fails the test and leaves the input in
# the test's output.
. "$(dirname "$0")/../lib/tap.sh"

SEEDS="$(dirname "$0")/../fuzz/corpus"
seconds=${FUZZ_SECONDS:-5}
targets=$(cd "$(dirname "$0")/../fuzz" && ls fuzz_*.c | sed 's/\.c$//')
for t in $targets; do
	bin="$BIN/fuzz/$t"
	if [ ! -x "$bin" ]; then
		ok 1 "$t is built"
		continue
	fi
	mkdir -p "$TEST_DIR/$t"
	"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$TEST_DIR/$t-" "$TEST_DIR/$t" "$SEEDS/$t" >"$TEST_DIR/$t.log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$TEST_DIR/$t.log")
	ok $rc "$t: ${runs:-no} inputs in ${seconds} s, no crash"
	if [ $rc -ne 0 ]; then
		grep -E 'ERROR|runtime error|SUMMARY|^[a-z].*:' "$TEST_DIR/$t.log" | head -20 | sed 's/^/#   /'
		for a in "$TEST_DIR/$t-"*; do
			[ -f "$a" ] && echo "#   input: $(base64 -w0 "$a")"
		done
	fi
done
done_testing
