#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Interfaces that appear after mkfilt -u are filtered without a manual
# step (ebfilt_watchd), unless the configuration leaves them out; an
# interface that goes away leaves the record.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/lib.sh"

e2e_setup
ok $? "three namespaces"
in_b genfilt -v 4 -a D -s 0 -m 0 -c icmp -o eq -p 8 -w I >/dev/null	# no echo requests in
in_b genfilt -v 4 -a P -s 0 -m 0 >/dev/null
run_ok "mkfilt -u, every interface that is up" in_b mkfilt -v 4 -u
watchd=$(cat "$EBFILT_RUNDIR/ebfilt_watchd.pid" 2>/dev/null)
ok $([ -n "$watchd" ] && kill -0 "$watchd" 2>/dev/null; echo $?) "mkfilt started ebfilt_watchd"

# A new link between B and C, which did not exist at activation.
new_link() { # new_link B-NAME C-NAME B-ADDR C-ADDR
	ip link add "$1" netns "$NS_B" type veth peer name "$2" netns "$NS_C" &&
	in_b ip addr add "$3/24" dev "$1" && in_c ip addr add "$4/24" dev "$2" &&
	in_b ip link set "$1" up && in_c ip link set "$2" up
}
filtered() { # filtered NAME: lsfilt -a lists it, within 3 s
	local i
	for i in $(seq 1 30); do
		in_b lsfilt -v 4 -a 2>/dev/null | grep -q "^Interface $1 " && return 0
		sleep 0.1
	done
	return 1
}
new_link b3 c3 203.0.113.1 203.0.113.2
ok $? "a new interface b3 appears after activation"
filtered b3
ok $? "ebfilt_watchd puts the filter on it"
is "$(in_c ping -q -c 3 -i 0.1 -W 1 203.0.113.1 2>/dev/null | sed -n 's/.* \([0-9]*\) received.*/\1/p')" "0" \
   "echo requests through b3 are denied"
is "$(in_b lsfilt -v 4 -a 2>&1 | grep -c warning)" "0" "every hook of b3 holds the filter"

# Gone again: out of the record, links unpinned.
in_b ip link del b3
for i in $(seq 1 30); do grep -q ' b3 ' "$EBFILT_RUNDIR/attached" || break; sleep 0.1; done
ok $(grep -q ' b3 ' "$EBFILT_RUNDIR/attached"; [ $? -ne 0 ]; echo $?) "b3 leaves the record when it goes"

# Interfaces the configuration leaves out stay out.
mkdir -p "$EBFILT_CONFDIR"
echo "interfaces b1 b2" > "$EBFILT_CONFDIR/ebfilt.conf"
run_ok "mkfilt -u with interfaces b1 b2" in_b mkfilt -v 4 -u
new_link b4 c4 203.0.113.1 203.0.113.2
sleep 1
ok $(in_b lsfilt -v 4 -a | grep -q "^Interface b4 "; [ $? -ne 0 ]; echo $?) "a new b4, not listed, is left alone"
is "$(in_c ping -q -c 2 -i 0.1 -W 1 203.0.113.1 2>/dev/null | sed -n 's/.* \([0-9]*\) received.*/\1/p')" "2" \
   "echo requests through b4 pass"

run_ok "mkfilt -d" in_b mkfilt -d
# Gone, or a zombie its new parent has yet to reap: it has ended either way.
# It goes by itself, within a moment: mkfilt tells it to look again.
ended() { ! kill -0 "$1" 2>/dev/null || sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | grep -q '^Z'; }
for i in $(seq 1 30); do ended "$watchd" && break; sleep 0.1; done
ended "$watchd"
ok $? "and ebfilt_watchd has ended"
ok $([ ! -e "$EBFILT_RUNDIR/ebfilt_watchd.pid" ]; echo $?) "its pid file gone with it"
done_testing
