#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The store first, syslog after: a burst of logged datagrams with the
# default configuration lands in the log store (99% at least, the rest
# counted, produced = stored + lost exactly) and then reaches syslog whole;
# records waiting for a syslog that does not read are sent by the next
# daemon when this one is killed; a store that wraps past them counts
# exactly those it overwrote unsent; with log_store no, the lines go
# straight to syslog as before.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/lib.sh"

BURST=${EBFILT_BURST:-50000}
stats() { in_b ipsec_logd -s; }
field() { printf '%s\n' "$1" | sed -n "s/^$2 *\\([0-9]*\\)\$/\\1/p"; }
# The counters now (mark), and how far one went since (since LABEL).
mark() { MARK=$(stats); }
since() { echo $(( $(field "$(stats)" "$1") - $(field "$MARK" "$1") )); }
flood() { # flood COUNT: logged datagrams from A to B's port 5300
	in_a "$BIN/tests/tools/udp_flood" send 192.0.2.1 40000 5300 "$1" 10 whole >/dev/null
}
lines() { grep -c ' #:1 R:p .* dp:5300 ' "$SYSLOG_FILE" 2>/dev/null; }
# Whether the daemon took every record the filter put in the buffer, and
# the store took in (or refused) each.
stored_all() {
	local s
	s=$(stats)
	[ "$(field "$s" "records taken by ipsec_logd")" -eq \
	  "$(field "$s" "records logged by the filter")" ] &&
	[ $(( $(field "$s" "records kept in the log store") +
	      $(field "$s" "records not taken by the log store") )) -eq \
	  "$(field "$s" "records taken by ipsec_logd")" ]
}
# Whether written, not taken by syslog, held and waiting add up to taken and handed on.
balanced() {
	local s
	s=$(stats)
	[ $(( $(field "$s" "records written to syslog") + $(field "$s" "records not taken by syslog") +
	      $(field "$s" "records held by an ipsec_logd that stopped") +
	      $(field "$s" "records waiting in the log store for syslog") )) -eq \
	  $(( $(field "$s" "records taken by ipsec_logd") +
	      $(field "$s" "records handed on by earlier logging maps") )) ]
}
nothing_waits() { [ "$(field "$(stats)" "records waiting in the log store for syslog")" = 0 ]; }
# wait_until for up to 30 s (a slow machine's syslog).
wait_long() {
	local i
	for i in 1 2 3 4 5 6; do wait_until "$@" && return 0; done
	return 1
}
# A syslog that never reads, where rsyslogd listened; in B, as 35-daemons.t does.
deaf_start() {
	rsyslog_stop
	ip netns exec "$NS_B" "$BIN/tests/tools/deaf_syslog" "$EBFILT_SYSLOG_SOCKET" &
	DEAF=$!
	wait_until test -S "$EBFILT_SYSLOG_SOCKET"
}
deaf_stop() {
	kill "$DEAF"
	wait "$DEAF" 2>/dev/null
	rm -f "$EBFILT_SYSLOG_SOCKET"
}
gone() { ! [ -e "/proc/$1" ] || grep -q '^State:.Z' "/proc/$1/status"; }
logd_kill9() {
	local pid
	pid=$(cat "$EBFILT_RUNDIR/ipsec_logd.pid")
	kill -9 "$pid"
	wait_until gone "$pid"
}
says_no_line() { stats | grep -q "^Syslog has taken no line for a second or more; records wait in the log store\.\$"; }

e2e_setup
ok $? "three namespaces"
rsyslog_start
ok $? "a private rsyslogd"
in_b genfilt -v 4 -a P -s 0 -m 0 -c udp -O eq -P 5300 -l Y >/dev/null
in_b genfilt -v 4 -a P -s 0 -m 0 >/dev/null
run_ok "mkfilt -g start (the default configuration)" in_b mkfilt -g start
run_ok "mkfilt -u" in_b mkfilt -v 4 -u
# A first record, taken once the daemon has found the filter's buffer (it
# looks once a second while there is none).
flood 1
taken() { [ "$(field "$(stats)" "records taken by ipsec_logd")" -ge 1 ]; }
wait_until taken
ok $? "the daemon reads the filter's records"

# The burst.
mark
matched0=$(rule_packets 4 1)
lines0=$(lines)
flood "$BURST"
wait_long stored_all
ok $? "the store has taken in every record taken"
in_kernel=$(( $(since "records lost, log buffer full") + $(since "records lost, over the rate limit") ))
produced=$(( $(since "records logged by the filter") + in_kernel ))
lost=$(( in_kernel + $(since "records not taken by the log store") ))
kept=$(since "records kept in the log store")
is "$produced" "$(( $(rule_packets 4 1) - matched0 ))" "the filter produced a record for each datagram the rule matched"
ok "$([ "$produced" -ge $(( BURST * 9 / 10 )) ]; echo $?)" "the burst reached the filter ($produced of $BURST)"
is "$(( kept + lost ))" "$produced" "stored + counted lost = produced ($kept + $lost)"
ok "$([ $(( kept * 100 )) -ge $(( produced * 99 )) ]; echo $?)" "at least 99% stored ($kept of $produced)"
in_syslog() { [ $(( $(lines) - lines0 )) -ge "$kept" ]; }
wait_long in_syslog
is "$(( $(lines) - lines0 ))" "$kept" "syslog got every stored record"
wait_until nothing_waits
ok $? "nothing waits in the store"
balanced
ok $? "ipsec_logd -s: written + not taken + held + waiting = taken"

# A syslog that does not read: the records wait in the store; the daemon
# killed, the next one sends them.
run_ok "mkfilt -g stop" in_b mkfilt -g stop
deaf_start
ok $? "a syslog that never reads"
run_ok "mkfilt -g start" in_b mkfilt -g start
mark
flood 20000
wait_long stored_all
kept=$(since "records kept in the log store")
waiting=$(field "$(stats)" "records waiting in the log store for syslog")
ok "$([ "$waiting" -ge $(( kept - 100 )) ] && [ "$waiting" -gt 0 ]; echo $?)" \
   "the records wait in the store ($waiting of $kept)"
wait_long says_no_line
ok $? "ipsec_logd -s says syslog takes none, and the records wait"
mark
logd_kill9
deaf_stop
rsyslog_start
ok $? "rsyslogd back"
lines0=$(lines)
run_ok "a new ipsec_logd (mkfilt -g start)" in_b mkfilt -g start
wait_long nothing_waits
ok $? "it sent what waited"
held=$(since "records held by an ipsec_logd that stopped")
ok "$([ "$held" -le 64 ]; echo $?)" "the killed one held a batch at most ($held)"
resent=$(since "records written to syslog")
in_syslog() { [ $(( $(lines) - lines0 )) -ge "$resent" ]; }
wait_long in_syslog
is "$(( $(lines) - lines0 ))" "$resent" "syslog has each of them"
is "$resent" "$waiting" "all that waited in the store"
balanced
ok $? "and every count adds up"
wait_line "lost since the last report: .* 0 not taken by syslog, $held held by an ipsec_logd that stopped;"
ok $? "the loss line says what the killed one held"

# A 1 MiB store and a syslog that does not read: the store goes round past
# the records waiting; those it overwrote are counted, exactly.
run_ok "mkfilt -g stop" in_b mkfilt -g stop
echo "log_size 1" > "$EBFILT_CONFDIR/ebfilt.conf"
deaf_start
run_ok "mkfilt -g start, a 1 MiB store" in_b mkfilt -g start
mark
flood 30000
wait_long stored_all
run_ok "mkfilt -g stop: syslog takes nothing" in_b mkfilt -g stop
deaf_stop
rsyslog_start
lines0=$(lines)
run_ok "mkfilt -g start: on from where it was" in_b mkfilt -g start
wait_long nothing_waits
ok $? "what the store kept was sent"
kept=$(since "records kept in the log store")
written=$(since "records written to syslog")
lost=$(since "records not taken by syslog")
over=$(since "  of them, overwritten in the log store first")
held=$(since "records held by an ipsec_logd that stopped")
ok "$([ "$over" -gt 10000 ]; echo $?)" "the store overwrote records before they were sent ($over)"
is "$(( written + lost + held ))" "$kept" "written + not taken + held = kept ($written + $lost + $held)"
in_syslog() { [ $(( $(lines) - lines0 )) -ge $(( written - 11 )) ]; }
wait_long in_syslog
ok $? "syslog got the records the store still had"
wait_line "lost since the last report: .* not taken by syslog \\($over of them overwritten in the log store before they were sent\\)"
ok $? "the loss line says how many the store overwrote"
balanced
ok $? "and every count adds up"

# log_store no: the lines go straight from the log buffer, as before the
# store; nothing is left waiting for syslog.
run_ok "mkfilt -g stop" in_b mkfilt -g stop
echo "log_store no" > "$EBFILT_CONFDIR/ebfilt.conf"
run_ok "mkfilt -g start, no store" in_b mkfilt -g start
mark
lines0=$(lines)
flood 2000
taken_all() { [ "$(since "records taken by ipsec_logd")" -eq "$(since "records logged by the filter")" ] &&
	      [ "$(since "records written to syslog")" -eq "$(since "records taken by ipsec_logd")" ]; }
wait_long taken_all
ok $? "every record taken was written to syslog"
is "$(since "records kept in the log store")" "0" "none kept in a store"
is "$(field "$(stats)" "records waiting in the log store for syslog")" "0" "none waits"
in_syslog() { [ $(( $(lines) - lines0 )) -ge "$(since "records written to syslog")" ]; }
wait_long in_syslog
ok $? "syslog has them all"
balanced
ok $? "and every count adds up"
run_ok "mkfilt -d" in_b mkfilt -d
done_testing
