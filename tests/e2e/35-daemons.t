#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The daemons' lives: a sink that cannot be opened stops ipsec_logd before
# it returns, with the reason; a started daemon keeps only the
# capabilities its work takes; a bad configuration on SIGHUP changes
# nothing; a full disk and a killed daemon lose records only counted and
# said (ipsec_logd -s, loss lines).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/lib.sh"

e2e_setup
ok $? "three namespaces"
rsyslog_start
ok $? "a private rsyslogd is listening"
in_b genfilt -v 4 -a P -s 0 -m 0 -c icmp -l Y >/dev/null
in_b genfilt -v 4 -a P -s 0 -m 0 >/dev/null
run_ok "mkfilt -u" in_b mkfilt -v 4 -u

# Refused before the command returns: one line, exit 1, nothing left running.
not_started() { # not_started ERE ipsec_logd-ARGS...
	local ere=$1 err rc
	shift
	err=$(in_b ipsec_logd "$@" 2>&1)
	rc=$?
	ok $([ $rc -eq 1 ] && [ "$(printf '%s\n' "$err" | grep -c '')" -eq 1 ] &&
	     printf '%s\n' "$err" | grep -Eq -- "$ere" && [ ! -f "$EBFILT_RUNDIR/ipsec_logd.pid" ] &&
	     ! pgrep -x -r D,R,S,T ipsec_logd >/dev/null; echo $?) "ipsec_logd $*: refused"
	[ $rc -eq 1 ] || echo "#   rc=$rc"
	printf '%s\n' "$err" | sed 's/^/#   /'
}
not_started '^ipsec_logd: -o /nonexistent/x\.log: No such file or directory$' -o /nonexistent/x.log
mkfifo "$TEST_DIR/fifo"
not_started '^ipsec_logd: -o .*/fifo: not a regular file$' -o "$TEST_DIR/fifo"
ln -s /etc/passwd "$TEST_DIR/planted"
not_started '^ipsec_logd: -o .*/planted: a symbolic link; give the file itself$' -o "$TEST_DIR/planted"
mkdir -p "$EBFILT_RUNDIR/ipsec_logd.pid"
not_started '^ipsec_logd: cannot open .*/ipsec_logd\.pid: Is a directory$'
rmdir "$EBFILT_RUNDIR/ipsec_logd.pid"

# Started: uid 0 still, but only CAP_BPF and CAP_PERFMON, and no way back.
run_ok "mkfilt -g start starts ipsec_logd" in_b mkfilt -g start
pid=$(cat "$EBFILT_RUNDIR/ipsec_logd.pid" 2>/dev/null)
is "$(awk '/^CapEff:/ { print $2 }' "/proc/$pid/status")" "000000c000000000" \
   "ipsec_logd keeps CAP_BPF and CAP_PERFMON only"
is "$(awk '/^CapBnd:/ { print $2 }' "/proc/$pid/status")" "000000c000000000" "its bounding set too"
is "$(awk '/^NoNewPrivs:/ { print $2 }' "/proc/$pid/status")" "1" "and no_new_privs"
watchd=$(cat "$EBFILT_RUNDIR/ebfilt_watchd.pid" 2>/dev/null)
is "$(awk '/^CapEff:/ { print $2 }' "/proc/$watchd/status")" "0000008000001000" \
   "ebfilt_watchd keeps CAP_BPF and CAP_NET_ADMIN only"
err=$(in_b ipsec_logd 2>&1)
is "$?:$err" "1:ipsec_logd: already running (pid $pid)" "a second daemon is refused"
# Started together, as systemd and mkfilt -g start might: one runs, the other is refused.
kill "$pid"
for i in $(seq 1 30); do [ -e "$EBFILT_RUNDIR/ipsec_logd.pid" ] || break; sleep 0.1; done
for i in 1 2 3 4; do in_b ipsec_logd 2>/dev/null & done
wait
is "$(pgrep -x -r R,S,D,T ipsec_logd | wc -l)" "1" "four started at once: one runs"
pid=$(cat "$EBFILT_RUNDIR/ipsec_logd.pid" 2>/dev/null)
ok $(kill -0 "$pid" 2>/dev/null; echo $?) "and its pid file names it"
is "$(ping_count 2 192.0.2.1)" "2" "two pings"
wait_line "ipsec_logd\\[$pid\\]: #:1 R:p  i:192\\.0\\.2\\.1 .* t:8 c:0 "
ok $? "and the daemon with fewer privileges logs them"

# A configuration the daemon cannot use: said, and the settings in force stay.
mkdir -p "$EBFILT_CONFDIR"
printf 'log_rate_limit lots\n' > "$EBFILT_CONFDIR/ebfilt.conf"
kill -HUP "$pid"
wait_line "^local4\\.err ipsec_logd\\[$pid\\]: configuration not reloaded: ebfilt\\.conf has an error; the settings in force stay\$"
ok $? "SIGHUP with a bad ebfilt.conf: not reloaded, said in syslog"
wait_line "^local4\\.err ipsec_logd\\[$pid\\]: .*/ebfilt\\.conf:1: lots: expected a number"
ok $? "with the file, line and value"
rm -f "$EBFILT_CONFDIR/ebfilt.conf"
is "$(ping_count 1 192.0.2.1)" "1" "a ping"
sleep 1
is "$(grep -c "ipsec_logd\\[$pid\\]: #:1 R:p .* t:8 c:0 " "$SYSLOG_FILE")" "3" "and it is still logged"
kill "$pid"
for i in $(seq 1 30); do [ -e "$EBFILT_RUNDIR/ipsec_logd.pid" ] || break; sleep 0.1; done

# A full disk under -o: lines not written are counted, the error is said in
# syslog (once a minute) and shown by ipsec_logd -s.
mkdir -p "$TEST_DIR/small"
mount -t tmpfs -o size=64k tmpfs "$TEST_DIR/small"
ok $? "a 64 KiB file system"
run_ok "ipsec_logd -o on it" in_b ipsec_logd -o "$TEST_DIR/small/records.log"
pid=$(cat "$EBFILT_RUNDIR/ipsec_logd.pid" 2>/dev/null)
# Filled to the last byte: its own last page too.
cat /dev/zero >> "$TEST_DIR/small/records.log" 2>/dev/null
ping_count 5 192.0.2.1 >/dev/null
wait_line "^local4\\.warning ipsec_logd\\[$pid\\]: .*/small/records\\.log: No space left on device; records are counted as lost\$"
ok $? "the full disk is said in syslog"
stats=$(in_b ipsec_logd -s)
like "$stats" "records not taken by syslog +[1-9][0-9]*\$" "ipsec_logd -s counts the lines not written"
like "$stats" "^Syslog refuses lines: No space left on device\\.\$" "and says why"
kill "$pid"
for i in $(seq 1 30); do [ -e "$EBFILT_RUNDIR/ipsec_logd.pid" ] || break; sleep 0.1; done
umount "$TEST_DIR/small"

# Killed while syslog hangs: what it took and had not sent is said by the
# next daemon, and every record taken is accounted for.
rsyslog_stop
# Made in B: a new namespace queues 10 datagrams per socket (max_dgram_qlen).
ip netns exec "$NS_B" "$BIN/tests/tools/deaf_syslog" "$EBFILT_SYSLOG_SOCKET" &
deaf=$!
for i in $(seq 1 30); do [ -S "$EBFILT_SYSLOG_SOCKET" ] && break; sleep 0.1; done
run_ok "ipsec_logd, with a syslog that does not read" in_b ipsec_logd
pid=$(cat "$EBFILT_RUNDIR/ipsec_logd.pid" 2>/dev/null)
in_a ping -q -c 400 -i 0.005 192.0.2.1 >/dev/null 2>&1 &
flood=$!
# Lines fill the socket; each batch then waits its second. Killed only once
# it holds records it took and neither wrote nor counted lost.
held() {
	in_b ipsec_logd -s | awk '/records taken by/ {t = $NF} /written to syslog/ {w = $NF}
		/not taken by syslog/ {n = $NF} END {exit !(t > w + n)}'
}
for i in $(seq 1 50); do held && break; sleep 0.1; done
kill -9 "$pid"
wait "$flood"
kill "$deaf"
wait "$deaf" 2>/dev/null
rm -f "$EBFILT_SYSLOG_SOCKET"
rsyslog_start
run_ok "a new ipsec_logd" in_b ipsec_logd
wait_line 'log records lost since the last report: .*, [1-9][0-9]* held by an ipsec_logd that stopped; 0 not kept in the log store, 0 not taken by the journal$'
ok $? "it says what the killed one held"
sleep 1.5
stats=$(in_b ipsec_logd -s)
field() { printf '%s\n' "$stats" | sed -n "s/^$1 *\\([0-9]*\\)\$/\\1/p"; }
taken=$(field "records taken by ipsec_logd")
sum=$(( $(field "records written to syslog") + $(field "records not taken by syslog") +
	$(field "records held by an ipsec_logd that stopped") ))
is "$sum" "$taken" "written + not taken by syslog + held = taken ($taken)"
emitted=$(field "records logged by the filter")
is "$(( taken + $(field "records lost, log buffer full") ))" "$emitted" \
   "taken + lost in the kernel = logged by the filter ($emitted)"

# mkfilt -d and -u replace the logging maps under the running daemon: what
# was lost with the old ones and not said yet is said all the same.
rsyslog_stop
is "$(ping_count 2 192.0.2.1)" "2" "two pings with syslog down"
sleep 1.5
run_ok "mkfilt -d" in_b mkfilt -d
run_ok "mkfilt -u: new logging maps" in_b mkfilt -v 4 -u
sleep 1.5
rsyslog_start
wait_line ': 4 log records lost since the last report: 0 with the log buffer full, 0 over the rate limit, 4 not taken by syslog, 0 held'
r=$?
ok $r "the 4 records syslog did not take are said after the maps changed"
[ $r -eq 0 ] || grep 'lost since' "$SYSLOG_FILE" | sed 's/^/#   /'

# As the systemd unit runs it: the bounding set already down to CAP_BPF,
# CAP_PERFMON and CAP_NET_ADMIN (the IPsec events), no_new_privs, in the foreground. Its state file emptied: that
# is said, and the counts start from zero.
kill "$(cat "$EBFILT_RUNDIR/ipsec_logd.pid")"
for i in $(seq 1 30); do [ -e "$EBFILT_RUNDIR/ipsec_logd.pid" ] || break; sleep 0.1; done
: > "$EBFILT_RUNDIR/ipsec_logd.state"
ip netns exec "$NS_B" setpriv --bounding-set=-all,+bpf,+perfmon,+net_admin --inh-caps=-all --no-new-privs \
	"$BIN/ipsec_logd" -F 2>"$TEST_DIR/fg.err" &
fg=$!
for i in $(seq 1 30); do [ -e "$EBFILT_RUNDIR/ipsec_logd.pid" ] && break; sleep 0.1; done
is "$(ping_count 1 192.0.2.1)" "1" "a ping"
wait_line "ipsec_logd\\[$fg\\]: #:1 R:p  i:192\\.0\\.2\\.1 .* t:8 c:0 "
ok $? "ipsec_logd -F with the unit's bounding set logs it"
# Without CAP_SETPCAP its bounding set stays, but what it may use is gone for good.
is "$(awk '/^CapPrm:/ { print $2 }' "/proc/$fg/status")" "000000c000000000" \
   "it kept CAP_BPF and CAP_PERFMON only, CAP_NET_ADMIN given up after the IPsec socket"
kill "$fg"
wait "$fg"
is "$?" "0" "and ends cleanly on SIGTERM"
like "$(cat "$TEST_DIR/fg.err")" "^ipsec_logd: warning: .*/ipsec_logd\\.state: not a state file of this ipsec_logd; counting from zero\$" \
     "the empty state file was said, and nothing else"
done_testing
