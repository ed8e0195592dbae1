#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Packet logging end to end: a real rsyslogd on its own socket receives
# AIX-format local4 lines for DNS, TCP, ICMP and IPv6 traffic; start and
# stop lines; a flood larger than the log buffer is fully accounted for;
# a killed daemon and a vanished syslog lose nothing without saying so.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/lib.sh"

e2e_setup
ok $? "three namespaces"
rsyslog_start
ok $? "a private rsyslogd is listening"
mkdir -p "$EBFILT_CONFDIR"
echo "log_buffer_kb 4" > "$EBFILT_CONFDIR/ebfilt.conf"	# a small ring, to overflow
in_b genfilt -v 4 -a P -s 192.0.2.2 -m 255.255.255.255 -c udp -O eq -P 53 -w I -l Y >/dev/null
in_b genfilt -v 4 -a P -s 0 -m 0 -c tcp -l Y >/dev/null
in_b genfilt -v 4 -a P -s 0 -m 0 -c icmp -l Y >/dev/null
in_b genfilt -v 4 -a D -s 0 -m 0 -c udp -O eq -P 9 -l Y >/dev/null
in_b genfilt -v 4 -a P -s 0 -m 0 >/dev/null
in_b chfilt -v 4 -n 0 -l Y >/dev/null	# logs what is dropped before the table
in_b genfilt -v 6 -a P -s 0 -m 0 -c icmpv6 -o eq -p 128 -l Y >/dev/null
in_b genfilt -v 6 -a P -s 0 -m 0 >/dev/null

run_ok "mkfilt -g start" in_b mkfilt -g start
is "$OUT" "Packet logging started." "mkfilt says so"
wait_line '^local4\.info ipsec_logd\[[0-9]+\]: Filter logging daemon ipsec_logd \(level [0-9.]+\) initialized at [0-9]{2}:[0-9]{2}:[0-9]{2} on [0-9]{2}/[0-9]{2}/[0-9]{2}$'
ok $? "daemon start line"
wait_line '^local4\.info mkfilt\[[0-9]+\]: Status of packet logging set to Start at [0-9:]{8} on [0-9/]{8}$'
ok $? "logging status line"
run_ok "mkfilt -u" in_b mkfilt -u
wait_line '^local4\.info mkfilt\[[0-9]+\]: #:1 permit 192\.0\.2\.2 255\.255\.255\.255 0\.0\.0\.0 0\.0\.0\.0 udp any 0 eq  53  both inbound l=y f=y t=0 e= a=$'
ok $? "activation lists rule 1 as AIX does"
wait_line '^local4\.info mkfilt\[[0-9]+\]: Filter support \(level 1\.00\) initialized at '
ok $? "and says filter support is initialized"

in_a bash -c 'exec 3>/dev/udp/192.0.2.1/53; printf query >&3'
wait_line '^local4\.notice ipsec_logd\[[0-9]+\]: #:1 R:p  i:192\.0\.2\.1 s:192\.0\.2\.2 d:192\.0\.2\.1 p:udp sp:[0-9]+ dp:53 r:l a:n f:n T:0 e:n l:33$'
ok $? "a DNS query: every field"
in_a bash -c 'exec 3<>/dev/tcp/192.0.2.1/23' 2>/dev/null
wait_line '^local4\.notice ipsec_logd\[[0-9]+\]: #:2 R:p  i:192\.0\.2\.1 s:192\.0\.2\.2 d:192\.0\.2\.1 p:tcp sp:[0-9]+ dp:23 r:l a:n f:n T:0 e:n l:60$'
ok $? "a TCP connection attempt, inbound"
wait_line '^local4\.notice ipsec_logd\[[0-9]+\]: #:2 R:p  o:192\.0\.2\.1 s:192\.0\.2\.1 d:192\.0\.2\.2 p:tcp sp:23 dp:[0-9]+ r:l a:n f:n T:0 e:n l:40$'
ok $? "and B's reset, outbound"
is "$(ping_count 2 192.0.2.1)" "2" "two pings"
wait_line '^local4\.notice ipsec_logd\[[0-9]+\]: #:3 R:p  i:192\.0\.2\.1 s:192\.0\.2\.2 d:192\.0\.2\.1 p:icmp t:8 c:0 r:l a:n f:n T:0 e:n l:84$'
ok $? "echo request: t:8 c:0"
wait_line '^local4\.notice ipsec_logd\[[0-9]+\]: #:3 R:p  o:192\.0\.2\.1 s:192\.0\.2\.1 d:192\.0\.2\.2 p:icmp t:0 c:0 r:l a:n f:n T:0 e:n l:84$'
ok $? "echo reply: t:0 c:0"
in_a bash -c 'exec 3>/dev/udp/198.51.100.2/9; printf x >&3'
wait_line '^local4\.warning ipsec_logd\[[0-9]+\]: #:4 R:d  i:192\.0\.2\.1 s:192\.0\.2\.2 d:198\.51\.100\.2 p:udp sp:[0-9]+ dp:9 r:f a:n f:n T:0 e:n l:29$'
ok $? "a denied, routed packet: R:d, r:f, priority warning"
is "$(ping_count 1 2001:db8:1::1)" "1" "an IPv6 ping"
wait_line '^local4\.notice ipsec_logd\[[0-9]+\]: #:1 R:p  i:2001:db8:1::1 s:2001:db8:1::2 d:2001:db8:1::1 p:icmpv6 t:128 c:0 r:l a:n f:n T:0 e:n l:104$'
ok $? "IPv6 record"

# A short packet: an IPv4 header saying TCP, and only 6 bytes of TCP. The
# filter cannot see its flags: it is dropped before the table, and logged
# as the default rule, which logs.
mac_b=$(in_b cat /sys/class/net/b1/address | tr -d :)
mac_a=$(in_a cat /sys/class/net/a0/address | tr -d :)
in_a "$BIN/tests/tools/send_frame" a0 "${mac_b}${mac_a}0800450000280001000040060000c0000202c0000201d431001700000000"
wait_line '^local4\.err ipsec_logd\[[0-9]+\]: #:0 R:d  i:192\.0\.2\.1 s:192\.0\.2\.2 d:192\.0\.2\.1 p:tcp sp:- dp:- r:l a:n f:n T:0 e:n l:40$'
ok $? "a short packet: dropped, logged as rule 0 at priority err, ports '-'"

# A flood far larger than the 4 KiB ring: each logged packet is either a
# line in syslog or counted in a loss line; nothing vanishes.
lost_reported() {
	sed -n 's/.*: \([0-9]*\) log records lost since the last report.*/\1/p' "$SYSLOG_FILE" |
		awk '{ s += $1 } END { print s + 0 }'
}
matched_before=$(rule_packets 4 3)
lines_before=$(grep -c ' #:3 R:p ' "$SYSLOG_FILE")
lost_before=$(lost_reported)
in_a ping -f -q -c 3000 -w 20 192.0.2.1 >/dev/null 2>&1
sleep 2.5
matched=$(( $(rule_packets 4 3) - matched_before ))
lines=$(( $(grep -c ' #:3 R:p ' "$SYSLOG_FILE") - lines_before ))
lost=$(( $(lost_reported) - lost_before ))
ok $([ "$lost" -gt 0 ]; echo $?) "the flood overflowed the ring ($lost lost, reported)"
is "$((lines + lost))" "$matched" "logged lines + reported losses = logged packets ($matched)"
stats=$(in_b ipsec_logd -s)
like "$stats" "records lost, log buffer full +$lost\$" "ipsec_logd -s shows the same losses"
like "$stats" "packets dropped, short or malformed +[0-9]+\$" "and the filter's own counters"

# The daemon killed: the filter goes on; a new one picks up from the ring.
kill -9 "$(cat "$EBFILT_RUNDIR/ipsec_logd.pid")"
is "$(ping_count 3 192.0.2.1)" "3" "traffic passes with the daemon dead"
before=$(grep -c ' #:3 R:p ' "$SYSLOG_FILE")
run_ok "mkfilt -g start restarts it" in_b mkfilt -g start
sleep 1.5
is "$(( $(grep -c ' #:3 R:p ' "$SYSLOG_FILE") - before ))" "6" "the 6 records left in the ring are written"

# syslog goes away: records are counted, and said once it is back.
rsyslog_stop
is "$(ping_count 3 192.0.2.1)" "3" "traffic with no syslog"
sleep 1.5
rsyslog_start
ok $? "syslog back"
wait_line 'log records lost since the last report: 0 with the log buffer full, 0 over the rate limit, [0-9]+ not taken by syslog, 0 held'
ok $? "the daemon reports what syslog did not take"
n=$(sed -n 's/.*, \([0-9]*\) not taken by syslog, .*/\1/p' "$SYSLOG_FILE" | tail -1)
is "$n" "6" "exactly the 6 records logged while syslog was down"

# SIGHUP rereads the configuration: coalesce identical lines from now on.
echo "log_coalesce yes" >> "$EBFILT_CONFDIR/ebfilt.conf"
kill -HUP "$(cat "$EBFILT_RUNDIR/ipsec_logd.pid")"
wait_line 'ipsec_logd\[[0-9]+\]: configuration reloaded$'
ok $? "SIGHUP: configuration reloaded"
# Five datagrams from one socket to a denied port: five identical records.
before=$(grep -c 'R:d .* dp:9 ' "$SYSLOG_FILE")
in_a bash -c 'exec 3>/dev/udp/198.51.100.2/9; for i in 1 2 3 4 5; do printf x >&3; done'
wait_line 'ipsec_logd\[[0-9]+\]: last record repeated 4 times$'
ok $? "identical lines are coalesced: one line, then 'repeated 4 times'"
is "$(( $(grep -c 'R:d .* dp:9 ' "$SYSLOG_FILE") - before ))" "1" "the record itself is written once"
sed -i '/log_coalesce/d' "$EBFILT_CONFDIR/ebfilt.conf"

# The perf event array path, forced.
kill "$(cat "$EBFILT_RUNDIR/ipsec_logd.pid")"
for i in $(seq 1 30); do [ -e "$EBFILT_RUNDIR/ipsec_logd.pid" ] || break; sleep 0.1; done
run_ok "ipsec_logd -p (perf event array)" in_b ipsec_logd -p
sleep 0.5
before=$(grep -c 't:8 c:0' "$SYSLOG_FILE")
is "$(ping_count 2 192.0.2.1)" "2" "two pings"
sleep 1.5
is "$(( $(grep -c 't:8 c:0' "$SYSLOG_FILE") - before ))" "2" "both logged through the perf array"

run_ok "mkfilt -g stop" in_b mkfilt -g stop
wait_line '^local4\.info mkfilt\[[0-9]+\]: Status of packet logging set to Stop at '
ok $? "logging status line"
wait_line '^local4\.info ipsec_logd\[[0-9]+\]: Filter logging daemon terminating at [0-9:]{8} on [0-9/]{8}$'
ok $? "daemon stop line"
ok $([ ! -e "$EBFILT_RUNDIR/ipsec_logd.pid" ]; echo $?) "the daemon is gone"
before=$(wc -l < "$SYSLOG_FILE")
ping_count 2 192.0.2.1 >/dev/null
sleep 0.5
is "$(wc -l < "$SYSLOG_FILE")" "$before" "no records once logging is stopped"
done_testing
