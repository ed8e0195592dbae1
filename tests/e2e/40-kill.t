#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# mkfilt -u killed at random points: the kernel's verdicts and lsfilt -a
# always name the same table, the old or the new one, on every hook; the
# next mkfilt recovers from whatever was left; mkfilt -d leaves nothing.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/lib.sh"

TRIALS=${EBFILT_KILL_TRIALS:-100}
e2e_setup
ok $? "three namespaces"
mkdir -p "$EBFILT_CONFDIR"
echo "interfaces b1 b2" > "$EBFILT_CONFDIR/ebfilt.conf"

# Two tables of 2,000 rules that differ in rule 1: deny or permit UDP to port 9.
make_table() { # make_table ACTION FILE
	{
		echo "$1 proto=udp dport=eq:9"
		seq 1000 2998 | sed 's/.*/permit proto=tcp dport=eq:&/'
		echo "default permit"
	} > "$2"
}
make_table deny "$TEST_DIR/t1"
make_table permit "$TEST_DIR/t2"

# A UDP datagram from A to B's port 9, as an Ethernet frame.
hex=02000000000202000000000108004500001c0001000040110000c0000202c00002013039000900080000
printf "$(printf '%s' "$hex" | sed 's/../\\x&/g')" > "$TEST_DIR/probe"

run_probe() { # run_probe bpftool-program-spec...
	bpftool prog run "$@" data_in "$TEST_DIR/probe" 2>&1 |
		sed -n 's/^Return value: *\([0-9]*\).*/\1/p'
}

# What the hooks in force do with the probe: the XDP program attached to b1
# and to b2, and the tc egress program: deny, permit, or something else.
kernel_says() {
	local xdp1 xdp2 tc
	xdp1=$(run_probe id "$(in_b bpftool net show dev b1 | sed -n 's/.*driver id \([0-9]*\).*/\1/p')")
	xdp2=$(run_probe id "$(in_b bpftool net show dev b2 | sed -n 's/.*driver id \([0-9]*\).*/\1/p')")
	tc=$(run_probe pinned "$EBFILT_PINDIR/prog_tc_out")
	case "$xdp1/$xdp2/$tc" in
	1/1/2) echo deny ;;		# XDP_DROP, TC_ACT_SHOT
	2/2/4294967295) echo permit ;;	# XDP_PASS, TC_ACT_UNSPEC
	*) echo "b1 xdp $xdp1, b2 xdp $xdp2, tc $tc" ;;
	esac
}
listing_says() {
	in_b lsfilt -v 4 -a -O 2>/dev/null | awk -F'|' '$1 == 1 { print $2 }'
}

in_b cp "$TEST_DIR/t1" "$EBFILT_CONFDIR/filter4.rules"
run_ok "the first table in force" in_b mkfilt -v 4 -u
is "$(kernel_says) $(listing_says)" "deny deny" "the kernel and lsfilt -a agree: deny"
start=$(date +%s%N)
in_b cp "$TEST_DIR/t2" "$EBFILT_CONFDIR/filter4.rules"
in_b mkfilt -v 4 -u >/dev/null
span=$(( ($(date +%s%N) - start) / 1000000 ))
is "$(kernel_says) $(listing_says)" "permit permit" "a full activation switches both (${span} ms)"

bad=0 old=0 new=0
for i in $(seq 1 "$TRIALS"); do
	if [ $((i % 2)) -eq 1 ]; then want=deny; else want=permit; fi
	before=$(listing_says)
	in_b cp "$TEST_DIR/t$([ $want = deny ] && echo 1 || echo 2)" "$EBFILT_CONFDIR/filter4.rules"
	ip netns exec "$NS_B" mkfilt -v 4 -u >/dev/null 2>&1 &	# $! is mkfilt itself
	pid=$!
	sleep "$(awk -v r="$RANDOM" -v s="$span" 'BEGIN { printf "%.3f", r / 32767 * s * 1.2 / 1000 }')"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	kernel=$(kernel_says)
	listing=$(listing_says)
	if [ "$kernel" != "$listing" ] || { [ "$kernel" != deny ] && [ "$kernel" != permit ]; }; then
		bad=$((bad + 1))
		echo "# trial $i: kernel says '$kernel', lsfilt -a says '$listing'"
	elif [ "$kernel" = "$want" ] && [ "$before" != "$want" ]; then
		new=$((new + 1))
	else
		old=$((old + 1))
	fi
done
is "$bad" "0" "$TRIALS activations killed at random points: kernel and listing always agree"
ok $([ $old -gt 0 ] && [ $new -gt 0 ]; echo $?) "the kills landed before and after the switch ($old old, $new new)"

in_b cp "$TEST_DIR/t1" "$EBFILT_CONFDIR/filter4.rules"
run_ok "a later mkfilt -u recovers from the debris" in_b mkfilt -v 4 -u
is "$(kernel_says) $(listing_says)" "deny deny" "and puts its table in force"
is "$(ls "$EBFILT_PINDIR" | grep -c '^gen')" "1" "one generation stays pinned"
run_ok "mkfilt -d" in_b mkfilt -d
is "$(ls "$EBFILT_PINDIR" 2>/dev/null | grep -cv debug)" "0" "nothing stays pinned"
is "$(links_new)" "0" "nothing stays attached"
done_testing
