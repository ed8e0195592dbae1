#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Parallel updates are serialised; a killed update leaves the old or new table.
. "$(dirname "$0")/../lib/tap.sh"

genfilt -v 4 -s 0 -m 0 -D seed >/dev/null
pids=()
for i in $(seq 1 100); do
	genfilt -v 4 -a P -s 192.0.2.$i -m 255.255.255.255 -D "p$i" >/dev/null 2>&1 &
	pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=$((failed + 1)); done
is "$failed" "0" "100 parallel genfilt all succeed"
is "$(lsfilt -v 4 -O | grep -c '|p[0-9]*$')" "100" "exactly 100 new rules"
is "$(lsfilt -v 4 -O | cut -d'|' -f22 | grep '^p' | sort | uniq -d | wc -l)" "0" "no duplicates"
is "$(lsfilt -v 4 -O | cut -d'|' -f22 | grep '^p' | sort -u | wc -l)" "100" "no lost update"
is "$(lsfilt -v 4 -O | cut -d'|' -f1 | head -101 | tr '\n' ' ')" "$(seq 1 101 | tr '\n' ' ')" "IDs are dense"

# A large table makes each save take long enough to be killed mid-write.
{
	sed -n '/^[a-z]/p' "$V4_TABLE" | grep -v '^default'
	for i in $(seq 1 20000); do echo "deny proto=udp dport=eq:$((i % 65536)) desc=\"bulk $i\""; done
	echo "default permit log=no"
} > "$TEST_DIR/big"
mv "$TEST_DIR/big" "$V4_TABLE"
base=$(lsfilt -v 4 -O | wc -l)
bad=0
for i in $(seq 1 30); do
	before=$(lsfilt -v 4 -O | wc -l)
	genfilt -v 4 -s 0 -m 0 -D "killed $i" >/dev/null 2>&1 &
	pid=$!
	sleep "0.0$((RANDOM % 10))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	after=$(lsfilt -v 4 -O 2>/dev/null | wc -l)
	# The table must parse and hold either the old or the new rule count.
	if [ "$after" -ne "$before" ] && [ "$after" -ne $((before + 1)) ]; then bad=$((bad + 1)); fi
done
is "$bad" "0" "30 updates killed at random points: every table is the old or the new one"
lsfilt -v 4 >/dev/null
ok $? "the table still parses"
ok $([ "$(lsfilt -v 4 -O | wc -l)" -ge "$base" ]; echo $?) "no rule was lost"
run_ok "a later update after the kills works" genfilt -v 4 -s 0 -m 0 -D after
done_testing
