#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The log store end to end: ipsec_logd keeps every record; ipsec_log get |
# dump -f aix gives back exactly the syslog lines; JSON carries what the
# kernel saw, -l D records their payload; filters select; get_and_clear
# and clear with -U show in stats; pcap reads back with tcpdump where it
# is installed; a store far smaller than a flood counts exactly the
# records it overwrote.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/lib.sh"

field() { in_b ipsec_logd -s | sed -n "s/^$1 *//p"; }
stat_of() { ipsec_log stats | sed -n "s/^$1: //p"; }
# Whether the store holds N records (written after each batch: wait_until it does).
has_records() { [ "$(stat_of "Log records")" = "$1" ]; }
tunnel_events() { ipsec_log get logapp tunnel | ipsec_log dump -f json | grep -c '"component":"tunnel"'; }
has_tunnel_events() { [ "$(tunnel_events)" -ge 3 ]; }

e2e_setup
ok $? "three namespaces"
rsyslog_start
ok $? "a private rsyslogd"
mkdir -p "$EBFILT_CONFDIR"
echo "log_snap 32" > "$EBFILT_CONFDIR/ebfilt.conf"
in_b genfilt -v 4 -a P -s 0 -m 0 -c udp -O eq -P 53 -l Y >/dev/null
in_b genfilt -v 4 -a D -s 0 -m 0 -c icmp -w I -l D >/dev/null
in_b genfilt -v 4 -a P -s 0 -m 0 -c udp -O eq -P 5300 -l Y >/dev/null
in_b genfilt -v 4 -a P -s 0 -m 0 >/dev/null
run_ok "mkfilt -g start" in_b mkfilt -g start
run_ok "mkfilt -u" in_b mkfilt -v 4 -u
ok "$([ -f "$EBFILT_LOGDIR/ebfilt.log" ]; echo $?)" "the daemon made the store"
is "$(stat -c %s "$EBFILT_LOGDIR/ebfilt.log")" "$((4096 + 64 * 1048576))" "of log_size (64 MiB) and its superblocks"

in_a bash -c 'exec 3>/dev/udp/192.0.2.1/53; printf query >&3'
is "$(ping_count 2 192.0.2.1 -s 40 -p 6162636465)" "0" "two pings, denied"
wait_line ' #:2 R:d .* p:icmp t:8 ' && wait_line ' #:1 R:p .* dp:53 '
ok $? "their lines reached syslog"
wait_until has_records 3
is "$(stat_of "Log records")" "3" "the store holds the three records"
is "$(stat_of "Log loss count (records)")" "0" "and has lost none"
is "$(stat_of "Cleared at")" "never" "never cleared"

# The store's records, as AIX lines, are the syslog lines themselves.
sed -n 's/^local4\.[a-z]* ipsec_logd\[[0-9]*\]: \(#:.*\)$/\1/p' "$SYSLOG_FILE" > "$TEST_DIR/syslog.lines"
ipsec_log get > "$TEST_DIR/all.log"
ok $? "ipsec_log get"
ipsec_log dump -i "$TEST_DIR/all.log" loglvl pkt > "$TEST_DIR/store.lines"
ok $? "ipsec_log dump"
is "$(cat "$TEST_DIR/store.lines")" "$(cat "$TEST_DIR/syslog.lines")" "dump -f aix gives the syslog lines, in order"
is "$(ipsec_log get loglvl pkt | ipsec_log dump -i - -f aix | wc -l)" "3" "get | dump -i - is the usual pipeline"

# The events are there too, with the programs that raised them.
events=$(ipsec_log dump -i "$TEST_DIR/all.log" -f ipmon loglvl event)
like "$events" " mkfilt\[[0-9]+\] mkfilt\.info: Status of packet logging set to Start at " \
	"the store keeps mkfilt's events"
like "$events" " mkfilt\[[0-9]+\] mkfilt\.notice: filter activated: IPv4 table, 5 rules, checksum [0-9a-f]{8}" \
	"the activation, with the table's checksum"
like "$(ipsec_log dump -i "$TEST_DIR/all.log" -f json logapp ipsec_logd)" \
	'"type":"event","event":"logd-started","component":"ipsec_logd","severity":"info"' \
	"logapp selects a component's; JSON names the event"
is "$(ipsec_log dump -i "$TEST_DIR/all.log" logsev notice and loglvl event | grep -c 'filter activated')" "1" \
	"logsev notice takes notice and worse"

# The kernel's IPsec events, as events of component tunnel: a larval SA
# deleted, a policy with tunnel ID 7 added and deleted (this kernel has no
# ESP: full SAs are tested by 88-xfrm.t where it has).
in_b ip xfrm state allocspi src 192.0.2.1 dst 192.0.2.2 proto esp min 0x1000 max 0x1000 \
	reqid 1 mode tunnel >/dev/null &&
in_b ip xfrm policy add src 198.51.100.0/24 dst 203.0.113.0/24 dir out \
	tmpl src 192.0.2.1 dst 192.0.2.2 proto esp reqid 1 mode tunnel if_id 7 &&
in_b ip xfrm state delete src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x1000 &&
in_b ip xfrm policy delete src 198.51.100.0/24 dst 203.0.113.0/24 dir out if_id 7
ok $? "a larval SA and a policy, made and deleted in B"
wait_line "^local4\\.notice ipsec_logd\\[[0-9]+\\]: SA deleted: esp spi 0x00001000 192\\.0\\.2\\.1 -> 192\\.0\\.2\\.2 .*reqid 1"
ok $? "ipsec_logd says the SA deleted"
wait_line "^local4\\.info ipsec_logd\\[[0-9]+\\]: policy added: out .*tunnel 7"
ok $? "and the policy added, with its tunnel ID"
wait_until has_tunnel_events
is "$(tunnel_events)" "3" "the store keeps the three (logapp tunnel)"

# JSON: what the kernel saw, and the payload of a -l D record.
json=$(ipsec_log dump -i "$TEST_DIR/all.log" -f json icmp)
is "$(printf '%s\n' "$json" | wc -l)" "2" "a filter selects the two pings"
like "$json" '"rule":2' "rule"
like "$json" '"action":"deny"' "action"
like "$json" '"direction":"in"' "direction"
like "$json" '"src":"192.0.2.2"' "source"
like "$json" '"dst":"192.0.2.1"' "destination"
like "$json" '"icmp_type":8' "ICMP type"
like "$json" '"reason":"rule"' "reason"
like "$json" '"interface":"b1"' "interface name, as when logged"
like "$json" '"payload_hex":"[0-9a-f]{32}62636465616263646561' "-l D: the payload (ping -p 6162636465), after its 16-byte timestamp"
like "$(ipsec_log dump -i "$TEST_DIR/all.log" -f json port 53)" '"dport":53' "another filter: port 53"
is "$(ipsec_log dump -i "$TEST_DIR/all.log" 'loglvl pkt and not (icmp or port 53)' | wc -l)" "0" "and a negated one"
run_fails "^ipsec_log: filter: " ipsec_log dump -i "$TEST_DIR/all.log" host
# The man page's macro example.
run_ok "macro add" ipsec_log macro add dns "port 53 and (udp or tcp)" -D "name lookups"
like "$(ipsec_log macro print dns)" '^dns "port 53 and \(udp or tcp\)"' "macro print"
is "$(ipsec_log get macro dns and action permit | ipsec_log dump | grep -c 'dp:53 ')" "1" \
	"get macro dns and action permit | dump"
is "$(ipsec_log get macro dns and action deny | ipsec_log dump | wc -l)" "0" "and deny: none"
tty_out=$(script -qec "ipsec_log get; echo rc=\$?" /dev/null)
like "$tty_out" "^ipsec_log: the records are binary" "get refuses to write records to a terminal"
like "$tty_out" "rc=1" "and fails"

# pcap with PFLOG headers: tcpdump shows the rule, the action and the direction.
run_ok "dump -f pcap" ipsec_log dump -i "$TEST_DIR/all.log" -f pcap -o "$TEST_DIR/all.pcap"
# The man page's examples: denied packets of a retrieved log as JSON and pcap.
is "$(ipsec_log dump -i "$TEST_DIR/all.log" -f json action deny | wc -l)" "2" "dump -f json action deny"
run_ok "dump -f pcap -o FILE action deny" ipsec_log dump -i "$TEST_DIR/all.log" -f pcap -o "$TEST_DIR/deny.pcap" action deny
if command -v tcpdump >/dev/null; then
	pcap=$(tcpdump -n -e -r "$TEST_DIR/all.pcap" 2>/dev/null)
	like "$pcap" "rule 2.*block in on b1.*192\.0\.2\.2 > 192\.0\.2\.1: ICMP echo request" "tcpdump reads it: rule 2, block, in"
else
	echo "# tcpdump is not installed: the pcap file is read back by tests/unit/test_dump only"
	ok 0 "skipped: tcpdump -r"
fi

# get_and_clear clears through what it read; records after it stay.
ipsec_log -U ben get_and_clear > "$TEST_DIR/first.log"	# SunScreen's order
is "$(ipsec_log dump -i "$TEST_DIR/first.log" loglvl pkt | wc -l)" "3" "get_and_clear -U ben: three records"
like "$(stat_of "Cleared by")" "^ben at [0-9]{2}/[0-9]{2}/[0-9]{4} [0-9]{2}:[0-9]{2}" "stats: Cleared by: ben at ..."
is "$(stat_of "Log records")" "0" "nothing is left to retrieve"
in_a bash -c 'exec 3>/dev/udp/192.0.2.1/53; printf again! >&3'
wait_line ' #:1 R:p .* l:34$' && wait_until has_records 1
is "$(ipsec_log get loglvl pkt | ipsec_log dump | wc -l)" "1" "a new record is there after it"
run_ok "clear" ipsec_log clear
is "$(stat_of "Log records")" "0" "clear: nothing left"
like "$(stat_of "Cleared at")" "^[0-9]{2}/[0-9]{2}/[0-9]{4} " "stats: Cleared at: date"

# get_and_clear while records pour in: every record is retrieved once,
# none lost between two of them, none twice.
# The count of records kept, once it has not moved for a second (at most 20 s).
kept_stable() {
	local now last="" same=0 i
	for i in $(seq 1 100); do
		now=$(field "records kept in the log store")
		if [ "$now" = "$last" ]; then
			same=$((same + 1))
			[ $same -ge 5 ] && break
		else
			same=0
		fi
		last=$now; sleep 0.2
	done
	echo "$now"
}
start=$(kept_stable)
in_a "$BIN/tests/tools/udp_flood" send 192.0.2.1 40000 5300 20000 10 >/dev/null &
flood=$!
got=0
for i in $(seq 1 15); do
	got=$((got + $(ipsec_log get_and_clear | ipsec_log dump loglvl pkt | wc -l)))
	sleep 0.05
done
wait "$flood"
end=$(kept_stable)
got=$((got + $(ipsec_log get_and_clear | ipsec_log dump loglvl pkt | wc -l)))
ok "$([ $((end - start)) -gt 5000 ]; echo $?)" "a flood of $((end - start)) records during 15 get_and_clear"
is "$got" "$((end - start))" "each retrieved exactly once"
is "$(stat_of "Log loss count (records)")" "0" "and none lost"

# A 1 MiB store and a flood of logged datagrams many times its size: the
# records it overwrote unread are counted exactly.
printf 'log_size 1\n' > "$EBFILT_CONFDIR/ebfilt.conf"
run_ok "mkfilt -g stop" in_b mkfilt -g stop
run_ok "mkfilt -g start, a 1 MiB store" in_b mkfilt -g start
like "$(cat "$TEST_DIR/stderr" 2>/dev/null; ls "$EBFILT_LOGDIR")" "ebfilt\.log\.old" "the 64 MiB one is set aside"
kept_before=$(field "records kept in the log store")
in_a "$BIN/tests/tools/udp_flood" send 192.0.2.1 40000 5300 30000 10 >/dev/null
kept_stable >/dev/null
kept=$(( $(field "records kept in the log store") - kept_before ))
ok "$([ "$kept" -gt 15000 ]; echo $?)" "the daemon kept the flood's records ($kept)"
# stats reads the loss count, then walks the records: an event the daemon
# writes meanwhile (a loss line) can make room between the two. Read again
# until both come from one moment (a few tries at most).
store_counts() {
	records=$(stat_of "Log records")
	lost=$(stat_of "Log loss count (records)")
	[ "$((records + lost))" = "$kept" ]
}
wait_until store_counts
ok "$([ "$lost" -gt 0 ]; echo $?)" "the store wrapped ($lost lost)"
is "$((records + lost))" "$kept" "records in the store + lost = records kept"
run_ok "mkfilt -d" in_b mkfilt -d
done_testing
