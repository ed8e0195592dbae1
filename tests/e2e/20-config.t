#!/usr/bin/env bash
# ebfilt.conf: which interfaces the filter attaches to, tc instead of XDP
# inbound, and configuration errors. Runs in the namespaces it creates.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/lib.sh"

e2e_setup
ok $? "three namespaces, B routing between A and C"
in_b genfilt -v 4 -a D -s 192.0.2.2 -m 255.255.255.255 -c icmp -o eq -p 8 -w I >/dev/null
in_b genfilt -v 4 -a P -s 0 -m 0 >/dev/null
mkdir -p "$EBFILT_CONFDIR"

printf 'interfaces b1\ninbound b1 tc   # this driver: no XDP\n' > "$EBFILT_CONFDIR/ebfilt.conf"
run_ok "mkfilt -u with inbound tc on b1" in_b mkfilt -v 4 -u
net=$(in_b bpftool net show)
like "$net" "b1\\([0-9]+\\) clsact/ingress ebfilt_tc_in" "b1 filters inbound with tc"
ok $(printf '%s\n' "$net" | grep -q "driver id"; [ $? -ne 0 ]; echo $?) "and has no XDP program"
ok $(printf '%s\n' "$net" | grep -q "^b2"; [ $? -ne 0 ]; echo $?) "b2, not listed, is left alone"
is "$(ping_count 3 192.0.2.1)" "0" "the tc inbound program denies the requests"
is "$(rule_packets 4 1)" "3" "and counts them"

printf 'interfaces b1 b2\n' > "$EBFILT_CONFDIR/ebfilt.conf"
run_ok "switch b1 back to XDP and add b2" in_b mkfilt -v 4 -u
net=$(in_b bpftool net show)
ok $(printf '%s\n' "$net" | grep -q "clsact/ingress"; [ $? -ne 0 ]; echo $?) "the tc inbound program is gone"
like "$net" "b1\\([0-9]+\\) driver id" "b1 has XDP again"
like "$net" "b2\\([0-9]+\\) clsact/egress ebfilt_tc_out" "b2 is filtered outbound"
is "$(ping_count 3 192.0.2.1)" "0" "still denied, now at XDP"

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

# Another tool's XDP program is never replaced.
in_b mkfilt -d >/dev/null
in_b ip link set dev b1 xdp obj "$BIN/bench_empty.bpf.o" sec xdp 2>/dev/null ||
	in_b ip link set dev b1 xdpgeneric obj "$BIN/bench_empty.bpf.o" sec xdp
run_fails "^mkfilt: cannot attach to b1: it has an XDP program of another tool" in_b mkfilt -v 4 -u
like "$(in_b bpftool net show dev b1)" "driver id|generic id" "the other program stays"
in_b ip link set dev b1 xdp off 2>/dev/null; in_b ip link set dev b1 xdpgeneric off 2>/dev/null
done_testing
