#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# End to end: a UDP datagram holding a denied pattern does not reach B,
# one without it does; the same with 1,000 patterns read from a file
# (-X) at activation; an outbound datagram is not looked into.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/lib.sh"

e2e_setup
ok $? "three namespaces"
probe() { in_a "$BIN/tests/tools/probe" "$@"; }

in_b genfilt -v 4 -a D -s 0 -m 0 -c udp -x EVIL -w I >/dev/null
in_b genfilt -v 4 -a P -s 0 -m 0 >/dev/null
run_ok "a table with a pattern" in_b mkfilt -v 4 -u
is "$(probe udp 192.0.2.1 7 40000 'hello EVIL world')" "dropped" "a datagram holding EVIL is denied"
is "$(probe udp 192.0.2.1 7 40000 'hello world')" "passed" "one without it passes"
is "$(probe udp 192.0.2.1 7 40000 'hello EVI')" "passed" "part of it is not the pattern"
is "$(rule_packets 4 1)" "1" "the pattern rule counted one datagram"

# 1,000 patterns, every other one in hex.
for i in $(seq 0 999); do
	if [ $((i % 2)) = 1 ]; then printf 'sig%04d\n' "$i"; else printf '0x%s\n' "$(printf 'sig%04d' "$i" | od -An -tx1 | tr -d ' \n')"; fi
done > "$TEST_DIR/signatures"
in_b rmfilt -v 4 -n all >/dev/null
in_b genfilt -v 4 -a D -s 0 -m 0 -c udp -X "$TEST_DIR/signatures" >/dev/null
in_b genfilt -v 4 -a P -s 0 -m 0 >/dev/null
run_ok "a table with 1,000 patterns from a file" in_b mkfilt -v 4 -u
is "$(probe udp 192.0.2.1 7 40000 'xx sig0998 xx')" "dropped" "a datagram holding a hex one is denied"
is "$(probe udp 192.0.2.1 7 40000 'xx sig0777 xx')" "dropped" "and one holding a text one"
is "$(probe udp 192.0.2.1 7 40000 'xx sig1000 xx')" "passed" "one holding none passes"
is "$(in_b "$BIN/tests/tools/probe" udp 192.0.2.2 7 0 'xx sig0998 xx')" "passed" \
	"B's own datagram holding one leaves: outbound is not looked into"

# The file is read at activation: a missing one refuses the table, changing nothing.
mv "$TEST_DIR/signatures" "$TEST_DIR/moved"
run_fails "^mkfilt: IPv4 rule 1: pattern file $TEST_DIR/signatures does not exist\$" in_b mkfilt -v 4 -u
is "$(probe udp 192.0.2.1 7 40000 'xx sig0998 xx')" "dropped" "the table in force stays"
run_ok "mkfilt -d" in_b mkfilt -d
done_testing
