#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The shipped units give mkfilt and ipsec_logd only the capabilities in
# their CapabilityBoundingSet= lines, with no new privileges: with exactly
# those (read from the unit files, so the test follows them), mkfilt
# activates and deactivates the filter, ipsec_logd logs, and the boot
# failure policy "closed" denies everything until a good table replaces
# it. The machine's PID 1 need not be systemd: the units themselves are
# not started; the rest of their sandbox is checked by
# tests/cli/98-systemd.t.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/lib.sh"

TOP=$(cd "$(dirname "$0")/../.." && pwd)
# CapabilityBoundingSet=CAP_BPF CAP_NET_ADMIN -> -all,+bpf,+net_admin
bounding_set() {
	sed -n 's/^CapabilityBoundingSet=//p' "$TOP/docs/systemd/$1" |
		tr 'A-Z' 'a-z' | sed 's/cap_//g; s/ /,+/g; s/^/-all,+/'
}
as_unit() { # as_unit UNIT COMMAND...
	local set
	set=$(bounding_set "$1")
	shift
	in_b setpriv --bounding-set="$set" --inh-caps=-all --no-new-privs "$@"
}

e2e_setup
ok $? "three namespaces"
like "$(bounding_set ebfilt.service)" "^-all,\\+bpf," "ebfilt.service names its capabilities"
rsyslog_start
ok $? "a private rsyslogd"
mkdir -p "$EBFILT_CONFDIR"
in_b genfilt -v 4 -a D -s 0 -m 0 -c icmp -l Y >/dev/null
in_b genfilt -v 4 -a P -s 0 -m 0 >/dev/null
run_ok "mkfilt -u with ebfilt.service's capabilities only" as_unit ebfilt.service mkfilt -u
like "$(in_b lsfilt -v 4 -a)" "^Interface b1 \\(index [0-9]+\\): inbound xdp" "the filter is attached"
is "$(ping_count 1 192.0.2.1)" "0" "and in force"
run_ok "mkfilt -u again (a reload)" as_unit ebfilt.service mkfilt -u

# ipsec_logd as its unit runs it: in the foreground with CAP_BPF and
# CAP_PERFMON only; mkfilt -g start then finds it running and switches the
# kernel side on.
as_unit ipsec_logd.service ipsec_logd -F >/dev/null 2>"$TEST_DIR/logd.err" &
logd=$!
wait_until [ -s "$EBFILT_RUNDIR/ipsec_logd.pid" ]
run_ok "mkfilt -g start, the unit's daemon running" in_b mkfilt -g start
is "$(ping_count 1 192.0.2.1)" "0" "a denied ping"
wait_line '^local4\.warning ipsec_logd\[[0-9]+\]: #:1 R:d  i:192\.0\.2\.1 s:192\.0\.2\.2 d:192\.0\.2\.1 p:icmp t:8 '
ok $? "logged by ipsec_logd with ipsec_logd.service's capabilities only"
kill "$logd" 2>/dev/null
wait "$logd" 2>/dev/null
is "$(cat "$TEST_DIR/logd.err")" "" "and it said nothing on the way"

run_ok "mkfilt -d with ebfilt.service's capabilities only" as_unit ebfilt.service mkfilt -d

# boot_failure closed, with the real mkfilt: a table that cannot be
# activated, then the policy's script denies everything, until a good
# table replaces it.
sed "s|/usr/local/sbin/mkfilt|$BIN/mkfilt|" "$TOP/docs/systemd/ebfilt-boot-failure" \
	> "$TEST_DIR/boot-failure"
printf 'boot_failure closed\ninterfaces nosuchif0\n' > "$EBFILT_CONFDIR/ebfilt.conf"
run_fails "interface nosuchif0" as_unit ebfilt.service mkfilt -u
is "$(ping_count 1 192.0.2.1 && ping_count 1 2001:db8:1::1)" "1
1" "nothing is filtered after the failure"
run_ok "the boot failure policy, closed" as_unit ebfilt-boot-failure.service sh "$TEST_DIR/boot-failure"
like "$(cat "$TEST_DIR/stderr")" "boot_failure is closed: every packet is denied" "it says so"
is "$(ping_count 1 192.0.2.1)" "0" "IPv4 is denied"
is "$(ping_count 1 2001:db8:1::1)" "0" "and IPv6"
is "$(in_c ping -q -c 1 -W 1 198.51.100.1 2>/dev/null | sed -n 's/.* \([0-9]*\) received.*/\1/p')" "0" \
	"on every interface"
printf 'boot_failure closed\n' > "$EBFILT_CONFDIR/ebfilt.conf"
run_ok "a good table then (systemctl restart ebfilt)" as_unit ebfilt.service mkfilt -u
is "$(ping_count 1 192.0.2.1)" "0" "its deny-ICMP rule is in force"
is "$(ping_count 1 2001:db8:1::1)" "1" "and IPv6, without a table, passes again"
run_ok "mkfilt -d" as_unit ebfilt.service mkfilt -d
is "$(links_new)" "0" "no link is left"
done_testing
