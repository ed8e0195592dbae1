#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# End to end: interfaces without an Ethernet header. Their frames start at
# the IP header (tun, WireGuard, xfrm, ipip, GRE); this kernel has tun, so
# tun9 in B stands for them, bound as tunnel 9, with tests/tools/tun_probe
# as the far end (203.0.113.2, 2001:db8:9::2). The table permits ICMP only
# through tunnel 9, denies UDP port 53 through it, and denies ICMP on the
# plain path; one rule denies echo replies leaving through the tunnel.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/lib.sh"

tun() { in_b "$BIN/tests/tools/tun_probe" "${TUN:-tun9}" "$@"; }
exceptions() { in_b ipsec_logd -s | sed -n 's/.*packets dropped, short or malformed *//p'; }
counted_more() { [ "$(exceptions)" -gt "$1" ]; }
listening() { in_b ss -Hlun "sport = :$1" | grep -q .; }
attached() { in_b lsfilt -v 4 -a 2>/dev/null | grep -q "^Interface $1 "; }

e2e_setup
ok $? "three namespaces"
in_b ip tuntap add dev tun9 mode tun && in_b ip addr add 203.0.113.1/24 dev tun9 &&
in_b ip -6 addr add 2001:db8:9::1/64 dev tun9 nodad && in_b ip link set tun9 up
ok $? "a tun interface in B, tunnel 9"
# The first packets after the far end opens the device may meet a link that
# is still coming up: a second try is allowed here, before any filter.
answer=$(tun ping 203.0.113.2 203.0.113.1) || answer=$(tun ping 203.0.113.2 203.0.113.1)
is "$answer" "answered" "B answers a ping through it before any filter"
is "$(tun ping 2001:db8:9::2 2001:db8:9::1)" "answered" "and an IPv6 one"

rsyslog_start
ok $? "a private rsyslogd"
mkdir -p "$EBFILT_CONFDIR"
printf 'interfaces b1\ntunnel 9 tun9\n' > "$EBFILT_CONFDIR/ebfilt.conf"
for v in 4 6; do
	if [ $v = 4 ]; then any=0.0.0.0; icmp=icmp; else any=::; icmp=icmpv6; fi
	in_b genfilt -v $v -a P -s $any -m 0 -d $any -M 0 -c $icmp -t 9 -l Y >/dev/null &&
	in_b genfilt -v $v -a D -s $any -m 0 -d $any -M 0 -c udp -O eq -P 53 -t 9 -l Y >/dev/null &&
	in_b genfilt -v $v -a D -s $any -m 0 -d $any -M 0 -c $icmp -l Y >/dev/null &&
	in_b genfilt -v $v -a P -s $any -m 0 -d $any -M 0 >/dev/null || break
done
ok $? "tables for both versions"
run_ok "mkfilt -g start" in_b mkfilt -g start
run_ok "mkfilt -u" in_b mkfilt -u
like "$(in_b lsfilt -v 4 -a)" "^Interface tun9 \\(index [0-9]+\\): inbound tc(x| clsact), outbound tc(x| clsact), raw IP\\.\$" \
	"tun9 is attached at tc both ways, as raw IP"

is "$(tun ping 203.0.113.2 203.0.113.1)" "answered" "ping through tunnel 9 is permitted"
is "$(rule_packets 4 1)" "2" "by the -t 9 rule, both ways"
wait_line '^local4\.notice ipsec_logd\[[0-9]+\]: #:1 R:p  i:203\.0\.113\.1 s:203\.0\.113\.2 d:203\.0\.113\.1 p:icmp t:8 c:0 r:l a:n f:n T:9 e:n l:45$'
ok $? "its log line says T:9, and the length is the IP packet's"
is "$(ping_count 2 192.0.2.1)" "0" "ping on the plain path is denied"
is "$(rule_packets 4 3)" "2" "by the -t 0 deny rule"
in_b "$BIN/tests/tools/udp_echo" 5300 1 & echo_pid=$!
wait_until listening 5300
is "$(tun udp 203.0.113.2 203.0.113.1 5300)" "answered" "UDP to another port passes the tunnel"
wait "$echo_pid"
is "$(tun udp 203.0.113.2 203.0.113.1 53)" "none" "UDP to port 53 through the tunnel is denied"
is "$(rule_packets 4 2)" "1" "by the port-53 rule"

is "$(tun ping 2001:db8:9::2 2001:db8:9::1)" "answered" "IPv6: ping through tunnel 9 is permitted"
# The kernel's own ICMPv6 (router solicitations, MLD reports) leaves through
# tun9 too, and the same rule permits it.
ok "$([ "$(rule_packets 6 1)" -ge 2 ]; echo $?)" "by its -t 9 rule, both ways"
is "$(tun udp 2001:db8:9::2 2001:db8:9::1 53)" "none" "IPv6: UDP to port 53 through the tunnel is denied"
is "$(rule_packets 6 2)" "1" "by its port-53 rule"

# What the parser cannot read is dropped and counted, as on Ethernet: an
# IPv4 header whose length field says 60 bytes in a 20-byte packet.
before=$(exceptions)
tun raw 4f000014000000004001000000cb0071020000cb00710100
ok $? "a cut IPv4 header written into tun9"
wait_until counted_more "$before"
is "$(exceptions)" "$((before + 1))" "is dropped as short or malformed"

# Outbound too: a rule denying echo replies that leave through tunnel 9.
in_b genfilt -v 4 -n 1 -a D -s 0 -m 0 -d 0 -M 0 -c icmp -o eq -p 0 -t 9 -w O >/dev/null
run_ok "a rule denying echo replies out of tunnel 9" in_b mkfilt -v 4 -u
is "$(tun ping 203.0.113.2 203.0.113.1)" "none" "the reply is dropped on its way out"
is "$(rule_packets 4 1)" "1" "by the new rule"
is "$(rule_packets 4 2)" "1" "after the request was permitted inbound"

# Without an interfaces line, every interface that is up is filtered, and
# one that comes later too: ebfilt_watchd attaches a new tun as raw IP.
: > "$EBFILT_CONFDIR/ebfilt.conf"
in_b rmfilt -v 4 -n 1 >/dev/null
run_ok "mkfilt -u without an interfaces line" in_b mkfilt -v 4 -u
in_b ip tuntap add dev tun10 mode tun && in_b ip addr add 203.0.113.129/25 dev tun10 &&
in_b ip link set tun10 up
ok $? "then tun10 appears"
wait_until attached tun10
like "$(in_b lsfilt -v 4 -a)" "^Interface tun10 \\(index [0-9]+\\): inbound tc(x| clsact), outbound tc(x| clsact), raw IP\\.\$" \
	"ebfilt_watchd attaches it as raw IP"
is "$(TUN=tun10 tun ping 203.0.113.130 203.0.113.129)" "none" \
	"its pings fall to the -t 0 deny rule"
is "$(rule_packets 4 3)" "1" "which counted the request"
run_ok "mkfilt -d" in_b mkfilt -d
is "$(links_new)" "0" "no link is left"
done_testing
