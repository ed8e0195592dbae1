# SPDX-License-Identifier: GPL-2.0
# End-to-end test topology, sourced by tests/e2e/*.t after tests/lib/tap.sh:
#
#   A (192.0.2.2, 2001:db8:1::2) -- a0|b1 -- B (192.0.2.1, 198.51.100.1,
#   2001:db8:1::1, 2001:db8:2::1; forwards) -- b2|c0 -- C (198.51.100.2,
#   2001:db8:2::2)
#
# Namespaces are named after this test and its pid; ebfilt runs in B with
# every EBFILT_* path inside the test directory and a private bpffs. A trap
# removes all of it, even when a test fails. Only documentation addresses.

NS_A="ebt-$$-a"
NS_B="ebt-$$-b"
NS_C="ebt-$$-c"
export EBFILT_PINDIR="$TEST_DIR/bpffs/ebfilt"

e2e_cleanup() {
	ip netns exec "$NS_B" mkfilt -g stop >/dev/null 2>&1
	ip netns exec "$NS_B" mkfilt -d >/dev/null 2>&1
	[ -f "$TEST_DIR/rsyslogd.pid" ] && kill "$(cat "$TEST_DIR/rsyslogd.pid")" 2>/dev/null
	# Whatever a failed test left running (mkfilt -d stops them otherwise).
	for pidfile in "$EBFILT_RUNDIR/ebfilt_watchd.pid" "$EBFILT_RUNDIR/ipsec_logd.pid"; do
		[ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
	done
	for ns in "$NS_A" "$NS_B" "$NS_C"; do ip netns del "$ns" 2>/dev/null; done
	umount "$TEST_DIR/bpffs" 2>/dev/null
	rm -rf "$TEST_DIR"
}
trap e2e_cleanup EXIT
# A signal ends the test through exit, so the EXIT trap still cleans up.
trap "exit 143" TERM INT HUP

in_a() { ip netns exec "$NS_A" "$@"; }
in_b() { ip netns exec "$NS_B" "$@"; }
in_c() { ip netns exec "$NS_C" "$@"; }

# BPF links are not per namespace: bpftool link show lists the whole
# machine's. The test counts only those made after it started.
links_new() {
	bpftool link show | awk -v base="$LINK_BASE" -F: '/^[0-9]+:/ && $1 > base' | grep -c prog
}

e2e_setup() {
	LINK_BASE=$(bpftool link show | sed -n 's/^\([0-9]*\):.*/\1/p' | sort -n | tail -1)
	LINK_BASE=${LINK_BASE:-0}
	mkdir -p "$TEST_DIR/bpffs" &&
	mount -t bpf bpf "$TEST_DIR/bpffs" &&
	ip netns add "$NS_A" && ip netns add "$NS_B" && ip netns add "$NS_C" &&
	# No duplicate address detection: its probes and the late router
	# solicitations and listener reports after it are traffic no test
	# asked for, at moments that depend on the machine's load.
	for ns in "$NS_A" "$NS_B" "$NS_C"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.accept_dad=0 \
			net.ipv6.conf.all.accept_dad=0 || return 1
	done &&
	ip link add a0 netns "$NS_A" type veth peer name b1 netns "$NS_B" &&
	ip link add b2 netns "$NS_B" type veth peer name c0 netns "$NS_C" &&
	in_a ip addr add 192.0.2.2/24 dev a0 &&
	in_a ip -6 addr add 2001:db8:1::2/64 dev a0 nodad &&
	in_b ip addr add 192.0.2.1/24 dev b1 &&
	in_b ip -6 addr add 2001:db8:1::1/64 dev b1 nodad &&
	in_b ip addr add 198.51.100.1/24 dev b2 &&
	in_b ip -6 addr add 2001:db8:2::1/64 dev b2 nodad &&
	in_c ip addr add 198.51.100.2/24 dev c0 &&
	in_c ip -6 addr add 2001:db8:2::2/64 dev c0 nodad &&
	for ns in "$NS_A" "$NS_B" "$NS_C"; do
		ip -n "$ns" link set lo up || return 1
	done &&
	in_a ip link set a0 up && in_b ip link set b1 up && in_b ip link set b2 up &&
	in_c ip link set c0 up &&
	in_a ip route add default via 192.0.2.1 && in_a ip -6 route add default via 2001:db8:1::1 &&
	in_c ip route add default via 198.51.100.1 && in_c ip -6 route add default via 2001:db8:2::1 &&
	in_b sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
}

# ping from A: exactly COUNT requests (no -w: with it, -c counts replies),
# replies awaited two seconds after the last request. With one second, a
# first IPv6 request (it waits for neighbour discovery) went unanswered
# once in CI, and with both CPUs kept busy in every run (one in four with
# duplicate address detection off); neither filter nor stack counted a
# drop. Prints the number of replies.
ping_count() { # ping_count COUNT DEST [ping options]
	local count=$1 dest=$2
	shift 2
	in_a ping -q -c "$count" -i 0.05 -W 2 "$@" "$dest" 2>/dev/null |
		sed -n 's/.* \([0-9]*\) received.*/\1/p'
}

# Packets counted by a rule of the active table in B (lsfilt -a -O field 23).
rule_packets() { # rule_packets VERSION ID
	in_b lsfilt -v "$1" -a -O | awk -F'|' -v id="$2" '$1 == id { print $23 }'
}

# A private rsyslogd on its own socket, writing local4 to $SYSLOG_FILE as
# "facility.severity tag[pid]: message". Stopped by the cleanup trap.
SYSLOG_FILE="$TEST_DIR/local4.log"
export EBFILT_SYSLOG_SOCKET="$TEST_DIR/log.sock"

rsyslog_start() {
	"$(dirname "${BASH_SOURCE[0]}")/../../scripts/private-rsyslogd.sh" "$TEST_DIR" \
		"$EBFILT_SYSLOG_SOCKET" "$SYSLOG_FILE" facility_severity
}

# Stop it and wait for the process itself to end: until then it still
# accepts (and, exiting, discards) lines on the socket it has open.
rsyslog_stop() {
	local pid i
	pid=$(cat "$TEST_DIR/rsyslogd.pid" 2>/dev/null) || return 0
	kill "$pid" 2>/dev/null
	for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	rm -f "$EBFILT_SYSLOG_SOCKET" "$TEST_DIR/rsyslogd.pid"
}

# Run the command every 0.1 s until it succeeds, for at most 5 s; its last status.
wait_until() {
	local i
	for i in $(seq 1 49); do
		"$@" && return 0
		sleep 0.1
	done
	"$@"
}

# Wait (at most 5 s) until the syslog file has a line matching the ERE.
wait_line() {
	wait_until grep -Eq -- "$1" "$SYSLOG_FILE" 2>/dev/null
}
