#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make demo: the AIX "Logging Facilities" sample, on Linux. Two hosts in
# network namespaces: host1 (192.0.2.1) runs ebfilt, host2 (192.0.2.2)
# answers. A small table like the sample's is activated, logging goes to a
# private rsyslogd, host1 looks up a name, is probed by telnet, pings and
# is pinged, refuses mail; the local4 lines are printed, then what the log
# store kept (ipsec_log). Everything the demo creates is removed on exit,
# even on failure. Documentation addresses only; every exchange is bounded
# in count and time.
set -u
. "$(dirname "$0")/sandbox.sh"
BIN=${1:?usage: demo.sh BUILD-DIR}
H1="ebfilt-demo-$$-host1"
H2="ebfilt-demo-$$-host2"
fail() { echo "demo: $*" >&2; exit 1; }
step() { printf '\n== %s\n' "$*"; }
h1() { ip netns exec "$H1" "$@"; }
h2() { ip netns exec "$H2" "$@"; }

[ "$(id -u)" -eq 0 ] || fail "run as root (network namespaces, BPF)"
sandbox_init demo "$BIN" || fail "cannot set up the sandbox (bpffs)"
"$(dirname "$0")/private-rsyslogd.sh" "$DIR" "$EBFILT_SYSLOG_SOCKET" "$DIR/ipsec.log" ||
	fail "cannot start rsyslogd"

step "two hosts: host1 192.0.2.1 (ebfilt) and host2 192.0.2.2"
sandbox_ns host1 && sandbox_ns host2 &&
ip link add eth0 netns "$H1" type veth peer name eth0 netns "$H2" &&
h1 ip addr add 192.0.2.1/24 dev eth0 && h2 ip addr add 192.0.2.2/24 dev eth0 &&
h1 ip link set eth0 up && h2 ip link set eth0 up ||
	fail "cannot create the namespaces"

step "the rule table on host1 (lsfilt -v 4 -O)"
h1 genfilt -v 4 -a P -s 192.0.2.1 -m 255.255.255.255 -d 192.0.2.2 -c udp -O eq -P 53 -w O -l Y -D "DNS queries" >/dev/null
h1 genfilt -v 4 -a P -s 192.0.2.2 -m 255.255.255.255 -d 192.0.2.1 -c udp -o eq -p 53 -w I -l Y -D "DNS answers" >/dev/null
h1 genfilt -v 4 -a P -s 0 -m 0 -c tcp -O eq -P 23 -w I -l Y -D "telnet in" >/dev/null
h1 genfilt -v 4 -a P -s 0 -m 0 -c tcp -o eq -p 23 -w O -l Y -D "telnet out" >/dev/null
h1 genfilt -v 4 -a P -s 0 -m 0 -c icmp -l Y -D "pings" >/dev/null
h1 genfilt -v 4 -a D -s 0 -m 0 -c tcp -O eq -P 25 -w I -l Y -D "no mail" >/dev/null
h1 mkfilt -v 4 -z D >/dev/null
h1 chfilt -v 4 -n 0 -l Y >/dev/null
h1 lsfilt -v 4 -O

step "mkfilt -g start; mkfilt -v 4 -u"
h1 mkfilt -g start || fail "cannot start logging"
h1 mkfilt -v 4 -u || fail "cannot activate the filter"

step "traffic"
h2 "$BIN/tests/tools/udp_echo" 53 1 &
sleep 0.3
echo "host1 looks up a name (UDP to host2:53, and the answer)"
h1 bash -c 'exec 3<>/dev/udp/192.0.2.2/53; printf "www?" >&3; read -r -t 2 -N 4 -u 3 answer'
echo "host2 tries telnet to host1 (nothing listens: host1 resets)"
h2 timeout 2 bash -c 'exec 3<>/dev/tcp/192.0.2.1/23' 2>/dev/null
echo "host1 pings host2, host2 pings host1"
h1 ping -c 1 -W 1 -q 192.0.2.2 >/dev/null
h2 ping -c 1 -W 1 -q 192.0.2.1 >/dev/null
echo "host2 tries mail (denied), then an unlisted port (the default rule denies)"
h2 timeout 2 bash -c 'exec 3<>/dev/tcp/192.0.2.1/25' 2>/dev/null
h2 bash -c 'exec 3>/dev/udp/192.0.2.1/9; printf x >&3'
sleep 1.5

step "lsfilt -v 4 -a: the counters"
h1 lsfilt -v 4 -a -O | cut -d'|' -f1,2,8,14,23,24

step "mkfilt -g stop"
h1 mkfilt -g stop
sleep 0.5

step "syslog local4 (as in the AIX sample)"
nl -w3 -s'. ' "$DIR/ipsec.log"

step "the log store: ipsec_log stats"
ipsec_log stats

step "ipsec_log get | ipsec_log dump -f json action deny"
ipsec_log get | ipsec_log dump -f json action deny
