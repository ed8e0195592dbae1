#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Records to the journal with structured fields (ebfilt.conf log_journal
# yes), with syslog switched off (log_syslog no) and the store still
# keeping them. The journal is a stand-in, tests/tools/journal_sink, on
# journald's native socket path inside a mount namespace this test makes
# (a tmpfs over /run there): the host's journal is never written to.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/lib.sh"

JOURNAL="$TEST_DIR/journal.out"
# Wait (at most 5 s) until the journal stand-in has a line matching the ERE.
wait_entry() { wait_until grep -q -- "$1" "$JOURNAL" 2>/dev/null; }

e2e_setup
ok $? "three namespaces"
rsyslog_start
ok $? "a private rsyslogd"
mkdir -p "$EBFILT_CONFDIR"
printf 'log_journal yes\nlog_syslog no\n' > "$EBFILT_CONFDIR/ebfilt.conf"
in_b genfilt -v 4 -a P -s 0 -m 0 -c icmp -w I -l Y >/dev/null
in_b genfilt -v 4 -a D -s 0 -m 0 -c udp -O eq -P 9 -l Y >/dev/null
in_b genfilt -v 4 -a P -s 0 -m 0 >/dev/null
run_ok "mkfilt -u" in_b mkfilt -v 4 -u

# The daemon starts in a mount namespace whose /run is the test's.
in_b unshare -m --propagation private bash -c '
	mount -t tmpfs ebfilt-test /run && mkdir -p /run/systemd/journal || exit 1
	"$1/tests/tools/journal_sink" /run/systemd/journal/socket "$2" 20 &
	for i in $(seq 1 50); do [ -S /run/systemd/journal/socket ] && break; sleep 0.1; done
	mkfilt -g start >/dev/null && touch "$2.started"
	wait' _ "$BIN" "$JOURNAL" &
sink_job=$!
wait_until [ -f "$JOURNAL.started" ]
ok "$([ -f "$JOURNAL.started" ]; echo $?)" "ipsec_logd started beside a private journal socket"

is "$(ping_count 1 192.0.2.1)" "1" "a ping"
in_a bash -c 'exec 3>/dev/udp/192.0.2.1/9; printf x >&3'
wait_entry "^EBFILT_ACTION=deny"
ok $? "the denied datagram's entry arrived"
wait_entry "^EBFILT_ICMP_TYPE=8"
ok $? "the ping's entry arrived"
ping_entry=$(awk -v RS= '/EBFILT_ICMP_TYPE=8/' "$JOURNAL")
like "$ping_entry" "^MESSAGE=#:1 R:p  i:192\\.0\\.2\\.1 s:192\\.0\\.2\\.2 d:192\\.0\\.2\\.1 p:icmp t:8 c:0 r:l a:n f:n T:0 e:n l:84\$" \
	"MESSAGE is the AIX line"
for f in PRIORITY=5 SYSLOG_FACILITY=20 SYSLOG_IDENTIFIER=ipsec_logd EBFILT_RULE=1 \
	 EBFILT_ACTION=permit EBFILT_DIRECTION=in EBFILT_SRC=192.0.2.2 EBFILT_DST=192.0.2.1 \
	 EBFILT_PROTO=icmp EBFILT_ICMP_CODE=0 EBFILT_IFACE=b1 EBFILT_TUNNEL=0 EBFILT_REASON=rule; do
	like "$ping_entry" "^$f\$" "the ping's entry: $f"
done
udp_entry=$(awk -v RS= '/EBFILT_ACTION=deny/' "$JOURNAL")
for f in PRIORITY=4 EBFILT_RULE=2 EBFILT_PROTO=udp EBFILT_DPORT=9 'EBFILT_SPORT=[0-9]+'; do
	like "$udp_entry" "^$f\$" "the denied datagram's entry: $f"
done
like "$(in_b ipsec_logd -s)" "records sent to the journal +2\$" "ipsec_logd -s counts them"
is "$(grep -c ' R:[pd] ' "$SYSLOG_FILE")" "0" "log_syslog no: no packet line in syslog"
is "$(ipsec_log stats | sed -n 's/^Log records: //p')" "2" "the store keeps them all the same"

run_ok "mkfilt -g stop" in_b mkfilt -g stop
kill "$sink_job" 2>/dev/null
wait "$sink_job" 2>/dev/null
run_ok "mkfilt -d" in_b mkfilt -d
done_testing
