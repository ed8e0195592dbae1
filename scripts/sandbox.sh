# SPDX-License-Identifier: GPL-2.0
# The sandbox make demo and make bench run in, sourced by their scripts:
#   sandbox_init NAME BUILD-DIR   a temporary directory holding every
#                                 EBFILT_* path, a private bpffs, and a
#                                 trap that removes it all on exit
#   sandbox_ns NAME               a network namespace, removed on exit; the
#                                 first one is where ebfilt runs
# Cleanup stops logging and the filter there, stops a private rsyslogd
# (scripts/private-rsyslogd.sh), deletes the namespaces, unmounts, removes.

SANDBOX_NAMESPACES=()

sandbox_cleanup() {
	local ns
	if [ "${#SANDBOX_NAMESPACES[@]}" -gt 0 ]; then
		ip netns exec "${SANDBOX_NAMESPACES[0]}" mkfilt -g stop >/dev/null 2>&1
		ip netns exec "${SANDBOX_NAMESPACES[0]}" mkfilt -d >/dev/null 2>&1
	fi
	[ -f "$DIR/rsyslogd.pid" ] && kill "$(cat "$DIR/rsyslogd.pid")" 2>/dev/null
	for ns in "${SANDBOX_NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null; done
	umount "$DIR/bpffs" 2>/dev/null
	rm -rf "$DIR"
}

sandbox_init() { # sandbox_init NAME BUILD-DIR
	SANDBOX_NAME="ebfilt-$1-$$"
	export PATH="$2:$2/tests:$PATH"
	DIR=$(mktemp -d "${TMPDIR:-/tmp}/ebfilt-$1.XXXXXX") || return 1
	export EBFILT_CONFDIR="$DIR/conf" EBFILT_RUNDIR="$DIR/run"
	export EBFILT_PINDIR="$DIR/bpffs/ebfilt" EBFILT_SYSLOG_SOCKET="$DIR/log.sock"
	trap sandbox_cleanup EXIT
	mkdir -p "$DIR/bpffs" "$EBFILT_CONFDIR" && mount -t bpf bpf "$DIR/bpffs"
}

sandbox_ns() { # sandbox_ns NAME: creates "$SANDBOX_NAME-NAME", prints nothing
	ip netns add "$SANDBOX_NAME-$1" || return 1
	SANDBOX_NAMESPACES+=("$SANDBOX_NAME-$1")
	ip -n "$SANDBOX_NAME-$1" link set lo up
}
