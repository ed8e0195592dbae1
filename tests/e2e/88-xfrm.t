#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# End to end: user/ipsec against the kernel's xfrm, in a network namespace
# of its own (no BPF). Larval SAs (ip xfrm state allocspi, and
# xfrm_watch allocspi for one with if_id 7) and a policy with if_id 7
# show in the dumps, as text and JSON; the monitor sees the policy added
# and deleted, an SA deleted, an acquire, larval SAs expiring hard after
# net.core.xfrm_acq_expires, and the flushes; a monitor that falls behind
# counts what it lost. A full SA (with keys) is tried only where the
# kernel has ESP; the test says which ran.
. "$(dirname "$0")/../lib/tap.sh"

NS="ebt-$$-xfrm"
WATCH="$BIN/tests/tools/xfrm_watch"
EVENTS="$TEST_DIR/events"
xfrm_cleanup() {
	[ -n "${WATCHER:-}" ] && kill "$WATCHER" 2>/dev/null
	ip netns del "$NS" 2>/dev/null
	rm -rf "$TEST_DIR"
}
trap xfrm_cleanup EXIT
trap "exit 143" TERM INT HUP

in_ns() { ip netns exec "$NS" "$@"; }

# Wait up to SECONDS for a line of the events matching ERE.
wait_event() { # wait_event ERE SECONDS NAME
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		grep -Eq -- "$1" "$EVENTS" && break
		sleep 0.1
	done
	if grep -Eq -- "$1" "$EVENTS"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		echo "#   no event matches '$1'; the events:"
		sed 's/^/#     /' "$EVENTS"
	fi
}

# The JSON on stdin parses; prints what the perl expression makes of it ($d).
json_get() { # json_get PERL-EXPR
	perl -MJSON::PP -e 'my $d = decode_json(join "", <STDIN>); print '"$1"', "\n";'
}

ip netns add "$NS" && in_ns ip link set lo up &&
in_ns ip link add v0 type veth peer name v1 && in_ns ip link set v0 up &&
in_ns ip link set v1 up && in_ns ip addr add 192.0.2.1/24 dev v0 &&
in_ns sysctl -qw net.core.xfrm_acq_expires=3
ok $? "a network namespace, larval SAs expiring after 3 s"

in_ns "$WATCH" events 40 >"$EVENTS" 2>&1 &
WATCHER=$!
wait_event '^# listening$' 5 "the monitor listens"

# Larval SAs: allocspi's, one of them with a tunnel ID.
run_ok "ip xfrm state allocspi" in_ns ip xfrm state allocspi src 192.0.2.1 dst 192.0.2.2 \
	proto esp min 0x1000 max 0x1000 reqid 1 mode tunnel
run_ok "allocspi with if_id 7" in_ns "$WATCH" allocspi 192.0.2.1 192.0.2.3 0x2000 2 7
is "$OUT" "allocated spi 0x00002000 if_id 7" "the kernel took the if_id"
run_ok "a policy with if_id 7" in_ns ip xfrm policy add src 198.51.100.0/24 dst 203.0.113.0/24 \
	proto tcp dport 80 dir out priority 10 \
	tmpl src 192.0.2.1 dst 192.0.2.2 proto esp reqid 1 mode tunnel if_id 7

run_ok "the SAs as text" in_ns "$WATCH" sa
like "$OUT" "SPI \\(hex\\): 00001000 State: larval" "SA 0x1000 is larval"
like "$OUT" "Src IP Addr: 192\\.0\\.2\\.1 Dst IP Addr: 192\\.0\\.2\\.3" "its endpoints"
like "$OUT" "Reqid: 2 Tunnel ID \\(if_id\\): 7 " "SA 0x2000's reqid and tunnel ID"
like "$OUT" "Algorithms: none yet \\(larval" "a larval SA has no algorithms"
run_ok "the SAs as JSON" in_ns "$WATCH" sa -j
is "$(printf '%s' "$OUT" | json_get 'join(" ", map {; "$_->{spi_hex} $_->{state} $_->{src}>$_->{dst} $_->{mode} $_->{reqid} $_->{if_id}" } sort { $a->{spi} <=> $b->{spi} } @$d)')" \
	"0x00001000 larval 192.0.2.1>192.0.2.2 tunnel 1 0 0x00002000 larval 192.0.2.1>192.0.2.3 tunnel 2 7" \
	"the JSON parses and says the same"

run_ok "the policies as text" in_ns "$WATCH" policy
like "$OUT" "Selector: 198\\.51\\.100\\.0/24 -> 203\\.0\\.113\\.0/24 proto tcp dport 80" "its selector"
like "$OUT" "Priority: 10 Type: main Tunnel ID \\(if_id\\): 7" "its priority and tunnel ID"
like "$OUT" "SA Type: esp Mode: tunnel Reqid: 1" "its template"
run_ok "the policies as JSON" in_ns "$WATCH" policy -j
is "$(printf '%s' "$OUT" | json_get '"$d->[0]{dir} $d->[0]{selector}{src} $d->[0]{selector}{dport} $d->[0]{if_id} $d->[0]{templates}[0]{reqid}"')" \
	"out 198.51.100.0/24 80 7 1" "the JSON parses and says the same"

wait_event '^info policy added: out 198\.51\.100\.0/24 -> 203\.0\.113\.0/24 proto tcp dport 80 allow index [0-9]+ priority 10 via esp 192\.0\.2\.1 -> 192\.0\.2\.2 mode tunnel reqid 1 tunnel 7$' 3 \
	"event: policy added, with its tunnel ID"
in_ns ip xfrm state delete src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x1000
wait_event '^notice SA deleted: esp spi 0x00001000 192\.0\.2\.1 -> 192\.0\.2\.2 mode tunnel reqid 1 larval$' 3 \
	"event: SA deleted"
in_ns ip xfrm policy delete src 198.51.100.0/24 dst 203.0.113.0/24 proto tcp dport 80 dir out if_id 7
wait_event '^info policy deleted: out 198\.51\.100\.0/24 -> 203\.0\.113\.0/24 .* tunnel 7$' 3 \
	"event: policy deleted"

# Traffic a policy wants protected and no SA: the kernel asks for one
# (acquire) and holds a larval SA meanwhile, until it expires.
in_ns ip xfrm policy add src 192.0.2.1/32 dst 192.0.2.9/32 dir out \
	tmpl src 192.0.2.1 dst 192.0.2.9 proto esp reqid 4 mode tunnel
in_ns ping -c 1 -W 1 192.0.2.9 >/dev/null 2>&1
wait_event '^info SA acquire: esp 192\.0\.2\.1 -> 192\.0\.2\.9 mode tunnel reqid 4 for 192\.0\.2\.1/32 -> 192\.0\.2\.9/32' 3 \
	"event: acquire"
wait_event '^warning SA hard lifetime expired: esp spi 0x00002000 192\.0\.2\.1 -> 192\.0\.2\.3 mode tunnel reqid 2 tunnel 7$' 8 \
	"event: the larval SA of tunnel 7 expired hard"
wait_event '^warning SA hard lifetime expired: esp spi 0x00000000 192\.0\.2\.1 -> 192\.0\.2\.9 mode tunnel reqid 4$' 8 \
	"event: the acquire's larval SA expired hard"

# A full SA needs the kernel's ESP, which not every kernel has.
if in_ns ip xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x3000 reqid 3 \
	mode tunnel if_id 7 enc 'cbc(aes)' 0x5345435245544b4559454e4330313233 \
	auth-trunc 'hmac(sha256)' 0x5345435245544b45594155544830313233343536373839616263646566676869 128 \
	2>/dev/null; then
	echo "# full SAs: this kernel has ESP; tested"
	wait_event '^notice SA established: esp spi 0x00003000 192\.0\.2\.1 -> 192\.0\.2\.2 mode tunnel reqid 3 tunnel 7$' 3 \
		"event: SA established"
	run_ok "the full SA as text" in_ns "$WATCH" sa
	like "$OUT" "Encryption: cbc\\(aes\\), 128-bit key" "its cipher, named"
	like "$OUT" "Authentication: hmac\\(sha256\\), 256-bit key, 128-bit ICV" "its authentication, named"
	keys=$( { in_ns "$WATCH" sa; in_ns "$WATCH" sa -j; } | grep -ci '5345435245\|SECRETKEY')
	is "$keys" "0" "no key in the text or the JSON"
else
	echo "# full SAs: this kernel has no ESP (ip xfrm state add ... enc fails); skipped"
	ok 0 "full SA # SKIP no ESP transform in this kernel"
fi

in_ns ip xfrm policy flush
wait_event '^notice policies flushed$' 3 "event: policies flushed"
# The kernel says nothing of a flush that finds nothing: one SA to flush.
in_ns ip xfrm state allocspi src 192.0.2.1 dst 192.0.2.4 proto esp min 0x4000 max 0x4000 >/dev/null
in_ns ip xfrm state flush
wait_event '^notice SAs flushed: all$' 3 "event: SAs flushed"
lost=$(grep -c 'events lost' "$EVENTS")
is "$lost" "0" "no event lost"

# A monitor that falls behind (a queue as small as can be, not read for
# 2 s) while 100 policy events happen: each is delivered or counted lost.
LOSSY="$TEST_DIR/lossy"
in_ns "$WATCH" events 4 0 2 >"$LOSSY" 2>&1 &
LOSSY_PID=$!
for ((i = 0; i < 50; i++)); do
	grep -q '^# listening$' "$LOSSY" && break
	sleep 0.1
done
for i in $(seq 1 50); do
	echo "xfrm policy add src 198.51.100.$i/32 dst 203.0.113.0/24 dir out"
	echo "xfrm policy delete src 198.51.100.$i/32 dst 203.0.113.0/24 dir out"
done > "$TEST_DIR/batch"
in_ns ip -batch "$TEST_DIR/batch"
wait "$LOSSY_PID"
delivered=$(grep -Ec '^info policy (added|deleted): ' "$LOSSY")
lost=$(awk '/^warning events lost: [0-9]+$/ { n += $4 } END { print n + 0 }' "$LOSSY")
echo "# behind: $delivered delivered, $lost reported lost"
ok $([ "$lost" -gt 0 ]; echo $?) "a monitor that falls behind says it lost events"
is "$((delivered + lost))" "100" "delivered and lost add up to every event"
done_testing
