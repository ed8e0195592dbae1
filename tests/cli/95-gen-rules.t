#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The benchmark's rule-set generator: sizes, determinism for a seed, valid
# tables for every family and IP version, and families that differ.
. "$(dirname "$0")/../lib/tap.sh"
GEN="$BIN/tests/tools/gen_rules"
mkdir -p "$EBFILT_CONFDIR"

for family in acl fw ipc; do
	for v in 4 6; do
		"$GEN" $family 1000 42 $v > "$EBFILT_CONFDIR/filter$v.rules"
		is "$(lsfilt -v $v -O | wc -l)" "1001" "$family IPv$v: 1,000 rules and the default, all valid"
	done
	cmp -s <("$GEN" $family 500 7 4) <("$GEN" $family 500 7 4)
	ok $? "$family: the same seed gives the same table"
	cmp -s <("$GEN" $family 500 7 4) <("$GEN" $family 500 8 4)
	ok $([ $? -ne 0 ]; echo $?) "$family: another seed gives another table"
done
is "$("$GEN" fw 0 1 4 | grep -cv '^#')" "1" "0 rules: just the default rule"
share() { "$GEN" "$1" 2000 3 4 | grep -c "$2"; }
ok $([ "$(share acl 'src=0.0.0.0/0.0.0.0 dst=[0-9.]*/255.255.255.255')" -gt \
       "$(share ipc 'src=0.0.0.0/0.0.0.0 dst=[0-9.]*/255.255.255.255')" ]; echo $?) \
   "acl has more wide-source, single-host-destination rules than ipc"
ok $([ "$(share fw 'dst=0.0.0.0/0.0.0.0')" -gt "$(share acl 'dst=0.0.0.0/0.0.0.0')" ]; echo $?) \
   "fw has more wildcard destinations than acl"
"$GEN" nosuch 10 1 4 >/dev/null 2>&1
ok $([ $? -eq 2 ]; echo $?) "an unknown family is refused"
done_testing
