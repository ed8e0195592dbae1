#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ebfilt.conf: which interfaces the filter attaches to, tc instead of XDP
# inbound, tcx links or clsact filters, and configuration errors; a failed
# activation changes nothing. Runs in the namespaces it creates.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/lib.sh"

e2e_setup
ok $? "three namespaces, B routing between A and C"
in_b genfilt -v 4 -a D -s 192.0.2.2 -m 255.255.255.255 -c icmp -o eq -p 8 -w I >/dev/null
in_b genfilt -v 4 -a P -s 0 -m 0 >/dev/null
mkdir -p "$EBFILT_CONFDIR"

printf 'interfaces b1\ninbound b1 tc   # this driver: no XDP\ntc_hook clsact\n' > "$EBFILT_CONFDIR/ebfilt.conf"
run_ok "mkfilt -u with inbound tc on b1, clsact filters" in_b mkfilt -v 4 -u
net=$(in_b bpftool net show)
like "$net" "b1\\([0-9]+\\) clsact/ingress ebfilt_tc_in" "b1 filters inbound with tc"
ok $(printf '%s\n' "$net" | grep -q "driver id"; [ $? -ne 0 ]; echo $?) "and has no XDP program"
ok $(printf '%s\n' "$net" | grep -q "^b2"; [ $? -ne 0 ]; echo $?) "b2, not listed, is left alone"
is "$(ping_count 3 192.0.2.1)" "0" "the tc inbound program denies the requests"
is "$(rule_packets 4 1)" "3" "and counts them"
# The dispatcher's tc program array: the generation in force's inbound tc filter (key slot * 4).
tc_in_loaded() {
	local slot
	slot=$(readlink "$EBFILT_PINDIR/current" | tr -dc 0-9)
	bpftool map dump pinned "$EBFILT_PINDIR/tc_progs" |
		awk -v k="$((slot * 4))" '/"key"/ && $2 + 0 == k { n++ } END { print n + 0 }'
}
is "$(tc_in_loaded)" "1" "with an inbound tc line, the tc inbound filter is loaded"

printf 'interfaces b1 b2\n' > "$EBFILT_CONFDIR/ebfilt.conf"
run_ok "switch b1 back to XDP, tc to tcx links, and add b2" in_b mkfilt -v 4 -u
net=$(in_b bpftool net show)
ok $(printf '%s\n' "$net" | grep -q "clsact"; [ $? -ne 0 ]; echo $?) "the clsact filters are gone"
like "$net" "b1\\([0-9]+\\) driver id" "b1 has XDP again"
listing=$(in_b lsfilt -v 4 -a 2>&1)
like "$listing" "Interface b2 \\(index [0-9]+\\): inbound xdp, outbound tcx\\.\$" "b2 is filtered, by tcx outbound"
ok $(printf '%s\n' "$listing" | grep -q "warning"; [ $? -ne 0 ]; echo $?) "every hook holds the filter"
is "$(ping_count 3 192.0.2.1)" "0" "still denied, now at XDP"
is "$(tc_in_loaded)" "0" "without one, it is not loaded (nor verified)"

# A renamed interface keeps its filter: attachments go by index.
in_b ip link set b2 down && in_b ip link set b2 name uplink0 && in_b ip link set uplink0 up
printf 'interfaces b1 uplink0\n' > "$EBFILT_CONFDIR/ebfilt.conf"
run_ok "mkfilt -u after renaming b2 to uplink0" in_b mkfilt -v 4 -u
like "$(in_b lsfilt -v 4 -a 2>&1)" "Interface uplink0 \\(index [0-9]+\\): inbound xdp, outbound tcx\\.\$" \
     "uplink0 is filtered"
is "$(in_b lsfilt -v 4 -a 2>&1 | grep -c warning)" "0" "with every hook in force"
in_b ip link set uplink0 down && in_b ip link set uplink0 name b2 && in_b ip link set b2 up
printf 'interfaces b1 b2\n' > "$EBFILT_CONFDIR/ebfilt.conf"
run_ok "and renamed back" in_b mkfilt -v 4 -u

cp "$EBFILT_CONFDIR/ebfilt.conf" "$TEST_DIR/conf.good"
printf 'interfaces b1\ninbound b1 ebpf\n' > "$EBFILT_CONFDIR/ebfilt.conf"
run_fails "^mkfilt: $EBFILT_CONFDIR/ebfilt.conf:2: ebpf: expected: inbound INTERFACE xdp\\|tc" \
	in_b mkfilt -v 4 -u
printf 'interface b1\n' > "$EBFILT_CONFDIR/ebfilt.conf"
run_fails "^mkfilt: $EBFILT_CONFDIR/ebfilt.conf:1: interface: unknown keyword" in_b mkfilt -v 4 -u
printf 'interfaces nosuch0\n' > "$EBFILT_CONFDIR/ebfilt.conf"
run_fails "^mkfilt: interface nosuch0: No such device" in_b mkfilt -v 4 -u
is "$(ping_count 3 192.0.2.1)" "0" "a refused activation leaves the filter in force"
cp "$TEST_DIR/conf.good" "$EBFILT_CONFDIR/ebfilt.conf"

# A failure on the second interface changes nothing: b1 keeps the old table.
printf 'interfaces b1\n' > "$EBFILT_CONFDIR/ebfilt.conf"
run_ok "b2 let go" in_b mkfilt -v 4 -u
in_b ip link set dev b2 xdp obj "$BIN/bench_empty.bpf.o" sec xdp
in_b rmfilt -v 4 -n all >/dev/null
in_b genfilt -v 4 -a P -s 0 -m 0 -c icmp >/dev/null
printf 'interfaces b1 b2\n' > "$EBFILT_CONFDIR/ebfilt.conf"
pins_before=$(cd "$EBFILT_PINDIR" && find . | sort | cksum)
run_fails "^mkfilt: cannot attach to b2: another tool's program holds its hook; the filter in force is unchanged\$" \
	in_b mkfilt -v 4 -u
is "$(ping_count 3 192.0.2.1)" "0" "b1 still has the old table (requests denied)"
is "$(cd "$EBFILT_PINDIR" && find . | sort | cksum)" "$pins_before" "the pins are as they were"
like "$(in_b lsfilt -v 4 -a -O | head -1)" "^1\\|deny\\|192\\.0\\.2\\.2\\|" "and lsfilt -a lists the old table"
in_b ip link set dev b2 xdp off

# Another tool's XDP program is never replaced; mkfilt -d leaves nothing behind.
run_ok "mkfilt -d" in_b mkfilt -d
is "$(in_b bpftool net show | grep -c ebfilt)" "0" "no ebfilt program is attached"
is "$(links_new)" "0" "no link is left"
is "$(ls "$EBFILT_PINDIR" 2>/dev/null | grep -cv debug)" "0" "nothing stays pinned"
in_b ip link set dev b1 xdp obj "$BIN/bench_empty.bpf.o" sec xdp 2>/dev/null ||
	in_b ip link set dev b1 xdpgeneric obj "$BIN/bench_empty.bpf.o" sec xdp
run_fails "^mkfilt: cannot attach to b1: another tool's program holds its hook" in_b mkfilt -v 4 -u
like "$(in_b bpftool net show dev b1)" "driver id|generic id" "the other program stays"
is "$(ls "$EBFILT_PINDIR" 2>/dev/null | grep -cv debug)" "0" "and a refused first activation pins nothing"
in_b ip link set dev b1 xdp off 2>/dev/null; in_b ip link set dev b1 xdpgeneric off 2>/dev/null

# An earlier ebfilt's XDP program, attached without a link, is never
# detached by an activation that might fail: it is named, and refused.
in_b ip link set dev b1 xdp obj "$BIN/dispatch.bpf.o" sec xdp
run_fails "^mkfilt: cannot attach to b1: an earlier ebfilt's XDP program holds its hook without a link; detach it \\(ip link set dev b1 xdp off\\) and run mkfilt -u again; the filter in force is unchanged\$" \
	in_b mkfilt -v 4 -u
like "$(in_b ip link show dev b1)" "prog/xdp id [0-9]+ name ebfilt_xdp_in" "it stays where it was"
in_b ip link set dev b1 xdp off

# A dispatcher in force that lost a pin is not rebuilt over the hooks that
# run it (its program arrays would empty): refused; mkfilt -d takes it out.
run_ok "mkfilt -u" in_b mkfilt -v 4 -u
rm "$EBFILT_PINDIR/prog_tc_out"
run_fails "^mkfilt: the dispatcher in force has lost some of its pins under .*; mkfilt -d takes it out, then mkfilt -u\$" \
	in_b mkfilt -v 4 -u
is "$(ping_count 2 192.0.2.1)" "2" "the filter in force still judges (ICMP permitted)"
run_ok "mkfilt -d takes it out" in_b mkfilt -d
is "$(in_b bpftool net show | grep -c ebfilt)" "0" "no ebfilt program is attached"
run_ok "and mkfilt -u starts again" in_b mkfilt -v 4 -u
done_testing
