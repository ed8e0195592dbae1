#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# End to end: the stateful rules (ebfilt-rules(5)) in B's filter. The
# ckfilt example's IF scope switches which port is denied once an ftp
# control connection is seen, and back after the idle timeout; a shun-host
# rule for TCP 23 denies every packet of the offending host for -e 3
# seconds; a shun-port rule only that source port; a deny-ICMP rule with
# -e 3 above a permit-all expires. TCP and UDP probes are single packets:
# "passed" means B answered at all (even with a refusal).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/lib.sh"

e2e_setup
ok $? "three namespaces"
probe() { in_a "$BIN/tests/tools/probe" "$@"; }
host() { printf -- '-s %s -m 255.255.255.255 -d %s -M 255.255.255.255' "$1" "$2"; }
mkdir -p "$EBFILT_CONFDIR"
echo "if_idle_timeout 2" > "$EBFILT_CONFDIR/ebfilt.conf"

# The ckfilt(8) example: ftp (21) from A switches time (37) and daytime (13).
# shellcheck disable=SC2046
{
	in_b genfilt -v 4 -a I $(host 192.0.2.2 192.0.2.1) -c tcp -O eq -P 21 -D "IF ftp-cmd"
	in_b genfilt -v 4 -a D $(host 192.0.2.2 192.0.2.1) -c tcp -O eq -P 37
	in_b genfilt -v 4 -a L
	in_b genfilt -v 4 -a D $(host 192.0.2.2 192.0.2.1) -c tcp -O eq -P 13
	in_b genfilt -v 4 -a E
	in_b genfilt -v 4 -a P -s 0 -m 0
} >/dev/null
run_ok "ckfilt accepts the table" in_b ckfilt -v 4
run_ok "mkfilt -u activates it" in_b mkfilt -v 4 -u
is "$(probe tcp 192.0.2.1 13)" "dropped" "before any ftp traffic the ELSE scope denies 13"
is "$(probe tcp 192.0.2.1 37)" "passed" "and lets 37 through"
is "$(probe tcp 192.0.2.1 21)" "passed" "the IF rule itself lets the ftp packet go on"
is "$(probe tcp 192.0.2.1 37)" "dropped" "after it the IF scope denies 37"
is "$(probe tcp 192.0.2.1 13)" "passed" "and lets 13 through"
like "$(in_b lsfilt -v 4 -a)" "^IF conditions: 1 held, 1 true; 1 made, 0 dropped by a full map\\.\$" \
	"lsfilt -a shows the condition"
like "$(in_b bpftool map dump pinned "$EBFILT_PINDIR/current/v4/if_state")" '"if_rule": 1' \
	"bpftool shows it in if_state"
sleep 2.5
is "$(probe tcp 192.0.2.1 13)" "dropped" "after the idle timeout the ELSE scope is back"
is "$(probe tcp 192.0.2.1 37)" "passed" "for both ports"

# SHUN_HOST: one packet to TCP 23 shuns A for 3 s, ping included.
rsyslog_start
ok $? "a private rsyslogd"
run_ok "mkfilt -g start" in_b mkfilt -g start
in_b rmfilt -v 4 -n all >/dev/null
in_b genfilt -v 4 -a H -s 0 -m 0 -c tcp -O eq -P 23 -w I -e 3 -l Y >/dev/null
in_b genfilt -v 4 -a P -s 0 -m 0 >/dev/null
run_ok "a shun-host table" in_b mkfilt -v 4 -u
is "$(ping_count 2 192.0.2.1)" "2" "A pings B"
is "$(probe tcp 192.0.2.1 23)" "dropped" "the telnet packet is denied"
like "$(in_b lsfilt -v 4 -d)" "^Shunned host 192\\.0\\.2\\.2, by rule 1, [1-3] s left\\.\$" \
	"lsfilt -d lists the shun with its time left"
like "$(in_b lsfilt -v 4 -d -O)" "^1\\|host\\|192\\.0\\.2\\.2\\|0\\|[1-3]\$" "and with -O"
is "$(ping_count 1 192.0.2.1)" "0" "then even ping from A is denied"
# Read before the log lines are waited for (slow on a loaded machine). The
# ping was shunned, and so is the probe's SYN when TCP retransmits it within
# the probe's second: one packet or more. The probe and the ping take two
# seconds of the shun's three: on a loaded machine it may have ended.
like "$(in_b lsfilt -v 4 -a)" "^Shun list: 1 entries, [01] in force; 1 made, 0 dropped by a full map; [1-9][0-9]* packets shunned\\.\$" \
	"lsfilt -a counts the shun"
wait_line '^local4\.warning ipsec_logd\[[0-9]+\]: #:1 R:s  i:192\.0\.2\.1 s:192\.0\.2\.2 d:192\.0\.2\.1 p:icmp t:8 c:0 '
ok $? "a shunned packet is logged R:s, with the shun rule"
wait_line '^local4\.warning ipsec_logd\[[0-9]+\]: #:1 R:d  i:192\.0\.2\.1 s:192\.0\.2\.2 d:192\.0\.2\.1 p:tcp sp:[0-9]+ dp:23 '
ok $? "the packet that met the shun rule is logged R:d"
sleep 2.5
is "$(ping_count 3 192.0.2.1)" "3" "after -e 3 seconds ping works again"
is "$(in_b lsfilt -v 4 -d -O)" "" "and the list shows nothing in force"

# -e 0: shunned until rmfilt -d flushes the list, which lets it back at once.
in_b chfilt -v 4 -n 1 -e 0 >/dev/null
run_ok "a shun-host rule without expiry" in_b mkfilt -v 4 -u
is "$(probe tcp 192.0.2.1 23)" "dropped" "the telnet packet is denied"
like "$(in_b lsfilt -v 4 -d)" "^Shunned host 192\\.0\\.2\\.2, by rule 1, until flushed\\.\$" \
	"lsfilt -d: until flushed"
is "$(probe tcp 192.0.2.1 80)" "dropped" "every port of B is denied to A"
is "$(ping_count 2 198.51.100.2)" "0" "and what B would route for A"
run_ok "rmfilt -d flushes the shun list" in_b rmfilt -v 4 -d
is "$OUT" "1 dynamic filter rules for IPv4 have been removed from the shun list." "rmfilt says so"
is "$(ping_count 2 192.0.2.1)" "2" "ping works at once"
like "$(in_b lsfilt -v 4 -a)" "^Shun list: 0 entries, 0 in force; 1 made, 0 dropped by a full map;" \
	"flushed entries are not counted as dropped"
run_fails "^rmfilt: -n 1: cannot be used with -d\$" in_b rmfilt -v 4 -d -n 1

# SHUN_PORT: only A's offending source port is shunned.
in_b rmfilt -v 4 -n all >/dev/null
in_b genfilt -v 4 -a S -s 0 -m 0 -c udp -O eq -P 9 -w I -e 5 >/dev/null
in_b genfilt -v 4 -a P -s 0 -m 0 >/dev/null
run_ok "a shun-port table" in_b mkfilt -v 4 -u
is "$(probe udp 192.0.2.1 7 40000)" "passed" "UDP from port 40000 to 7 passes"
is "$(probe udp 192.0.2.1 9 40000)" "dropped" "to 9 it meets the shun-port rule"
is "$(probe udp 192.0.2.1 7 40000)" "dropped" "then port 40000 is shunned"
is "$(probe tcp 192.0.2.1 22 40000)" "dropped" "for TCP too"
is "$(probe udp 192.0.2.1 7 40001)" "passed" "port 40001 is not"
is "$(ping_count 2 192.0.2.1)" "2" "nor is ping"
like "$(in_b lsfilt -v 4 -d)" "^Shunned port 40000 of host 192\\.0\\.2\\.2, by rule 1, [1-5] s left\\.\$" \
	"lsfilt -d names the port"

# Expiration: a deny-ICMP rule with -e 3 above a permit-all.
in_b rmfilt -v 4 -n all >/dev/null
in_b genfilt -v 4 -a D -s 0 -m 0 -c icmp -e 3 >/dev/null
in_b genfilt -v 4 -a P -s 0 -m 0 >/dev/null
run_ok "a table with an expiring rule" in_b mkfilt -v 4 -u
is "$(ping_count 2 192.0.2.1)" "0" "ping is denied at first"
like "$(in_b lsfilt -v 4 -a)" "^Time Left +: [1-3] s\$" \
	"lsfilt -a shows the time left"
sleep 4
is "$(ping_count 3 192.0.2.1)" "3" "after 4 s ping passes"
like "$(in_b lsfilt -v 4 -a)" "^Time Left +: expired\$" "lsfilt -a says expired"
run_ok "mkfilt -d" in_b mkfilt -d
run_fails "^rmfilt: -d: the IPv4 filter is not active; there is no shun list\$" in_b rmfilt -v 4 -d
is "$(in_b lsfilt -v 4 -d)" "IPv4 filter is currently inactive." "lsfilt -d says so too"
done_testing
