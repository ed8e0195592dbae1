# SPDX-License-Identifier: GPL-2.0
# The sandbox make demo and make bench run in, sourced by their scripts:
#   sandbox_init NAME BUILD-DIR   a temporary directory holding every
#                                 EBFILT_* path, a private bpffs, and a
#                                 trap that removes it all on exit
#   sandbox_ns NAME               a network namespace, removed on exit; the
#                                 first one is where ebfilt runs
#   sandbox_single                one namespace, "filter", with a veth pair
#                                 b0/b1 up and ebfilt.conf naming b0; sets
#                                 NS and defines in_ns CMD...
#   sandbox_pair                  namespaces rx (first, 203.0.113.2 on r0)
#                                 and tx (203.0.113.1 on t0) joined by a
#                                 veth pair; sets RX and TX to their names
#   sandbox_daemon PID            a process to kill on exit
# Cleanup stops logging and the filter there, stops a private rsyslogd
# (scripts/private-rsyslogd.sh) and the daemons, deletes the namespaces,
# unmounts, removes.

SANDBOX_NAMESPACES=()
SANDBOX_PIDS=()

sandbox_cleanup() {
	local ns pid
	if [ "${#SANDBOX_NAMESPACES[@]}" -gt 0 ]; then
		ip netns exec "${SANDBOX_NAMESPACES[0]}" mkfilt -g stop >/dev/null 2>&1
		ip netns exec "${SANDBOX_NAMESPACES[0]}" mkfilt -d >/dev/null 2>&1
		[ -f "$EBFILT_RUNDIR/ebfilt_watchd.pid" ] &&
			kill "$(cat "$EBFILT_RUNDIR/ebfilt_watchd.pid")" 2>/dev/null
	fi
	[ -f "$DIR/rsyslogd.pid" ] && kill "$(cat "$DIR/rsyslogd.pid")" 2>/dev/null
	for pid in "${SANDBOX_PIDS[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
	for ns in "${SANDBOX_NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null; done
	umount "$DIR/bpffs" 2>/dev/null
	rm -rf "$DIR"
}

sandbox_init() { # sandbox_init NAME BUILD-DIR
	SANDBOX_NAME="ebfilt-$1-$$"
	export PATH="$2:$2/tests/tools:$2/tests/bench:$PATH"
	DIR=$(mktemp -d "${TMPDIR:-/tmp}/ebfilt-$1.XXXXXX") || return 1
	export EBFILT_CONFDIR="$DIR/conf" EBFILT_RUNDIR="$DIR/run" EBFILT_LOGDIR="$DIR/log"
	export EBFILT_PINDIR="$DIR/bpffs/ebfilt" EBFILT_SYSLOG_SOCKET="$DIR/log.sock"
	trap sandbox_cleanup EXIT
	trap "exit 143" TERM INT HUP	# so that a signal still cleans up
	mkdir -p "$DIR/bpffs" "$EBFILT_CONFDIR" && mount -t bpf bpf "$DIR/bpffs"
}

sandbox_ns() { # sandbox_ns NAME: creates "$SANDBOX_NAME-NAME", prints nothing
	ip netns add "$SANDBOX_NAME-$1" || return 1
	SANDBOX_NAMESPACES+=("$SANDBOX_NAME-$1")
	ip -n "$SANDBOX_NAME-$1" link set lo up
}

sandbox_single() {
	sandbox_ns filter || return 1
	NS="$SANDBOX_NAME-filter"
	ip -n "$NS" link add b0 type veth peer name b1 &&
	ip -n "$NS" link set b0 up && ip -n "$NS" link set b1 up || return 1
	echo "interfaces b0" > "$EBFILT_CONFDIR/ebfilt.conf"
}

in_ns() { ip netns exec "$NS" "$@"; }

sandbox_pair() {
	sandbox_ns rx && sandbox_ns tx || return 1
	RX="$SANDBOX_NAME-rx" TX="$SANDBOX_NAME-tx"
	ip link add r0 netns "$RX" type veth peer name t0 netns "$TX" &&
	ip -n "$RX" addr add 203.0.113.2/24 dev r0 && ip -n "$TX" addr add 203.0.113.1/24 dev t0 &&
	ip -n "$RX" link set r0 up && ip -n "$TX" link set t0 up || return 1
	# Resolve the neighbour now, so no ARP sits inside a measurement.
	ip netns exec "$TX" ping -c 1 -W 2 203.0.113.2 >/dev/null
}

sandbox_daemon() {
	SANDBOX_PIDS+=("$1")
}
