#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# End to end: traffic between namespaces is permitted or denied as the
# table says, counters equal what was sent, routed scope, IPv6, mkfilt -d
# restores traffic, and tables replaced under traffic lose no packet.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/lib.sh"

e2e_setup
ok $? "three namespaces, B routing between A and C"
is "$(ping_count 3 192.0.2.1)" "3" "A pings B before any filter"
is "$(ping_count 3 198.51.100.2)" "3" "A pings C through B"

# Deny echo requests from A to B itself; permit the rest.
in_b genfilt -v 4 -a D -s 192.0.2.2 -m 255.255.255.255 -d 192.0.2.1 -c icmp -o eq -p 8 -w I >/dev/null
in_b genfilt -v 4 -a P -s 0 -m 0 >/dev/null
in_b genfilt -v 6 -a D -s 2001:db8:1::2 -m 128 -c icmpv6 -o eq -p 128 -w I >/dev/null
in_b genfilt -v 6 -a P -s 0 -m 0 >/dev/null
run_ok "mkfilt -u in B" in_b mkfilt -u
is "$(ping_count 4 192.0.2.1)" "0" "IPv4 echo requests to B are denied"
is "$(rule_packets 4 1)" "4" "the deny rule counted exactly the 4 requests"
is "$(ping_count 3 198.51.100.2)" "3" "routed traffic to C still passes"
is "$(ping_count 3 2001:db8:1::1)" "0" "IPv6 echo requests to B are denied"
is "$(rule_packets 6 1)" "3" "the IPv6 deny rule counted exactly 3"
xdp_id=$(bpftool prog show pinned "$EBFILT_PINDIR/prog_xdp_in" | sed -n 's/^\([0-9]*\): xdp  name ebfilt_xdp_in.*/\1/p')
like "$(in_b bpftool net show)" "b1\\([0-9]+\\) driver id ${xdp_id:-none}\$" "bpftool shows ebfilt_xdp_in attached to b1"
like "$(in_b lsfilt -v 4 -a)" "Interface b1 \\(index [0-9]+\\): inbound xdp, outbound tcx\\.\$" \
     "lsfilt -a finds the dispatcher on every hook of b1"
like "$(bpftool map dump pinned "$EBFILT_PINDIR/current/v4/rules" 2>&1)" '"action": "EBFILT_DENY"' \
     "bpftool dumps the active rules with their fields"
# lsfilt -a -j: the same facts for scripts, read with perl's core JSON::PP.
is "$(in_b lsfilt -a -j | perl -MJSON::PP -e 'local $/; my $d = decode_json(<STDIN>);
	my ($r) = $d->{ipv4}{rules}[0]; my ($i) = grep { $_->{name} eq "b1" } @{$d->{interfaces}};
	print join ",", $d->{ipv4}{active} ? "active" : "inactive", $r->{action}, $r->{packets},
		$d->{ipv6}{rules}[0]{packets}, $i->{inbound}, $i->{outbound},
		$i->{in_force} ? "in force" : "not"')" "active,deny,4,3,xdp,tcx,in force" \
   "lsfilt -a -j: rules with their counters, and the interfaces"

# Routed scope: deny ICMP that B forwards, leave what is addressed to B.
in_b rmfilt -v 4 -n all >/dev/null
in_b genfilt -v 4 -a D -s 0 -m 0 -c icmp -r R >/dev/null
in_b genfilt -v 4 -a P -s 0 -m 0 >/dev/null
run_ok "replace the IPv4 table" in_b mkfilt -v 4 -u
is "$(ping_count 3 198.51.100.2)" "0" "-r R denies what B routes"
is "$(rule_packets 4 1)" "3" "the routed rule counted the 3 forwarded requests"
is "$(ping_count 3 192.0.2.1)" "3" "and leaves what is addressed to B"
is "$(ping_count 2 2001:db8:1::1)" "0" "the IPv6 table stayed in force"
is "$(rule_packets 6 1)" "5" "with its counters"

# Replace the table again and again under continuous traffic: every packet
# is judged by one table, so the per-table counters add up exactly.
in_b rmfilt -v 4 -n all >/dev/null
in_b genfilt -v 4 -a P -s 0 -m 0 -c icmp >/dev/null
in_b sh -c 'cp "$EBFILT_CONFDIR/filter4.rules" "$EBFILT_CONFDIR/t1"'
in_b genfilt -v 4 -n 1 -a D -s 203.0.113.0 -m 255.255.255.0 >/dev/null
in_b sh -c 'cp "$EBFILT_CONFDIR/filter4.rules" "$EBFILT_CONFDIR/t2"'
in_b mkfilt -v 4 -u >/dev/null
in_a ping -q -c 400 -i 0.01 -W 1 192.0.2.1 >"$TEST_DIR/ping.out" 2>&1 &
pinger=$!
gens=0
for i in $(seq 1 12); do
	mkdir -p "$TEST_DIR/gens/$i/v4"
	for map in table rules rule_counts; do	# keep this table's maps for counting
		bpftool map pin pinned "$EBFILT_PINDIR/current/v4/$map" "$TEST_DIR/bpffs/g$i-$map"
	done
	in_b sh -c "cp \"\$EBFILT_CONFDIR/t$((i % 2 + 1))\" \"\$EBFILT_CONFDIR/filter4.rules\""
	in_b mkfilt -v 4 -u >/dev/null || break
	gens=$i
	sleep 0.2
done
wait $pinger
is "$gens" "12" "12 replacements under traffic"
sent=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$TEST_DIR/ping.out")
got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$TEST_DIR/ping.out")
ok $([ "${sent:-0}" -ge 300 ]; echo $?) "the pinger sent its requests ($sent)"
is "$got" "$sent" "no echo request was lost across replacements"
total=$(( $(rule_packets 4 1) + $(rule_packets 4 2) + $(rule_packets 4 0) ))
# A view of each generation kept: its maps as generation 0, and a switch saying 0.
bpftool map create "$TEST_DIR/bpffs/slot0" type array key 4 value 4 entries 1 name active_slot
for i in $(seq 1 $gens); do
	mkdir -p "$TEST_DIR/view/$i/gen0/v4"
	ln -sf "$TEST_DIR/bpffs/slot0" "$TEST_DIR/view/$i/active_slot"
	for map in table rules rule_counts; do
		ln -sf "$TEST_DIR/bpffs/g$i-$map" "$TEST_DIR/view/$i/gen0/v4/$map"
	done
	n=$(EBFILT_PINDIR="$TEST_DIR/view/$i" lsfilt -v 4 -a -O | awk -F'|' '{ s += $23 } END { print s }')
	total=$((total + n))
done
is "$total" "$((sent + got))" "requests and replies counted once each, by exactly one table"
bad=0
for i in $(seq 1 $gens); do
	first=$(EBFILT_PINDIR="$TEST_DIR/view/$i" lsfilt -v 4 -a -O | head -1)
	# Table t2 starts with a rule no packet matches: it must count nothing.
	case "$first" in *"|deny|203.0.113.0|"*) [ "$(echo "$first" | cut -d'|' -f23)" = 0 ] || bad=1 ;; esac
done
is "$bad" "0" "each table's counters follow that table's own rules"

run_ok "mkfilt -d" in_b mkfilt -d
is "$(ping_count 3 192.0.2.1)" "3" "traffic to B passes again"
is "$(ping_count 3 2001:db8:1::1)" "3" "IPv6 too"
unlike_out=$(in_b bpftool net show | grep -c ebfilt)
is "$unlike_out" "0" "nothing of ebfilt stays attached"
is "$(ls "$EBFILT_PINDIR" 2>/dev/null | grep -cv debug)" "0" "and nothing stays pinned"
done_testing
