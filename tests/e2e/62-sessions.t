#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Session summaries (-l S) end to end: a TCP transfer of known sizes each
# way leaves exactly one SESSION record whose IP packets and bytes each way
# are what nftables in the peer counted (less the last ACK, which comes
# after the session ended); a connection reset ends "rst"; a UDP exchange
# ends "idle" after session_idle_udp; a flood of more distinct flows than
# session_max is accounted exactly (records + evicted = flows); mkfilt -d
# ends what is open with "deactivated".
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/lib.sh"

e2e_setup
ok $? "three namespaces"
rsyslog_start
ok $? "a private rsyslogd is listening"
mkdir -p "$EBFILT_CONFDIR"
cat > "$EBFILT_CONFDIR/ebfilt.conf" <<EOF
session_max 64
session_idle_udp 2
EOF
# Whole segments only (no GSO super-packets on either side of the link),
# and no TCP timestamps: every bare ACK is 40 bytes.
in_a ip link set dev a0 gso_max_segs 1 && in_b ip link set dev b1 gso_max_segs 1
in_a sysctl -qw net.ipv4.tcp_timestamps=0
in_b genfilt -v 4 -a P -s 0 -m 0 -d 192.0.2.1 -M 255.255.255.255 -c tcp -O eq -P 5001 -w I -l S >/dev/null
in_b genfilt -v 4 -a P -s 0 -m 0 -d 192.0.2.1 -M 255.255.255.255 -c udp -O eq -P 5353 -w I -l YS >/dev/null
in_b genfilt -v 4 -a P -s 0 -m 0 >/dev/null
run_ok "mkfilt -g start" in_b mkfilt -g start
run_ok "mkfilt -u with session rules" in_b mkfilt -u

# ---- a TCP transfer: 3000 bytes to B, 5000 back, closed by A first ----
in_a nft -f - <<'EOF'
table ip count {
	chain out { type filter hook output priority 0; ip daddr 192.0.2.1 tcp dport 5001 counter; }
	chain in { type filter hook input priority 0; ip saddr 192.0.2.1 tcp sport 5001 counter; }
}
EOF
ok $? "nftables counts the flow in A"
# B's test server is listening on 5001.
listening() { in_b ss -ltn 'sport = :5001' | grep -q ':5001 '; }
in_b python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("192.0.2.1", 5001)); s.listen(1); s.settimeout(10)
c, _ = s.accept(); got = 0
while True:
    b = c.recv(65536)
    if not b: break
    got += len(b)
c.sendall(b"y" * 5000); c.close(); print(got)' > "$TEST_DIR/server.out" &
server=$!
wait_until listening
got=$(in_a python3 -c '
import socket
c = socket.create_connection(("192.0.2.1", 5001), timeout=10)
c.sendall(b"x" * 3000); c.shutdown(socket.SHUT_WR); got = 0
while True:
    b = c.recv(65536)
    if not b: break
    got += len(b)
c.close(); print(got)')
wait "$server"
is "$got/$(cat "$TEST_DIR/server.out")" "5000/3000" "the transfer: 3000 bytes to B, 5000 back"
counter() { # counter CHAIN packets|bytes
	in_a nft list chain ip count "$1" | sed -n "s/.*counter packets \([0-9]*\) bytes \([0-9]*\).*/\1 \2/p" |
		awk -v f="$2" '{ print f == "packets" ? $1 : $2 }'
}
# B counts A's packets inbound, its own outbound; A's last ACK (40 bytes)
# answers B's FIN, which ended the session.
exp_pi=$(( $(counter out packets) - 1 ))
exp_bi=$(( $(counter out bytes) - 40 ))
exp_po=$(counter in packets)
exp_bo=$(counter in bytes)
wait_line ' #:1 S:fin '
ok $? "a SESSION line, ended fin"
line=$(grep ' #:1 S:fin ' "$SYSLOG_FILE")
is "$(grep -c ' #:1 S:' "$SYSLOG_FILE")" "1" "exactly one SESSION record for the connection"
like "$line" "^local4\.info ipsec_logd\[[0-9]+\]: #:1 S:fin i:192\.0\.2\.1 s:192\.0\.2\.2 d:192\.0\.2\.1 p:tcp sp:[0-9]+ dp:5001 start:[0-9:]{8} dur:[0-9]+ pi:[0-9]+ po:[0-9]+ bi:[0-9]+ bo:[0-9]+ T:0$" \
	"the line: every field, priority info, told from the initiator A"
is "$(printf '%s' "$line" | sed 's/.* pi:\([0-9]*\) po:\([0-9]*\) bi:\([0-9]*\) bo:\([0-9]*\).*/\1 \2 \3 \4/')" \
	"$exp_pi $exp_po $exp_bi $exp_bo" "packets and IP bytes each way are what A's nftables counted"
json=$(ipsec_log get | ipsec_log dump -i - -f json loglvl sess and port 5001)
like "$json" "\"type\":\"session\",\"rule\":1,\"end\":\"fin\",\"direction\":\"in\",\"interface\":\"b1\"" "ipsec_log dump -f json: the session"
like "$json" "\"packets_in\":$exp_pi,\"packets_out\":$exp_po,\"bytes_in\":$exp_bi,\"bytes_out\":$exp_bo" \
	"JSON: packets_in, packets_out, bytes_in, bytes_out"
like "$json" "\"duration_ms\":[0-9]+" "JSON: duration_ms"
like "$(ipsec_log get | ipsec_log dump -i - -f ipmon loglvl sess)" \
	"STATE:CLOSE 192\.0\.2\.2,[0-9]+ -> 192\.0\.2\.1,5001 PR tcp Pkts $((exp_pi + exp_po)) Bytes $((exp_bi + exp_bo)) end fin" \
	"ipmon: the state line"

# ---- a connection reset: SO_LINGER 0 makes close() send RST ----
in_b python3 -c '
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("192.0.2.1", 5001)); s.listen(1); s.settimeout(10)
c, _ = s.accept(); c.recv(100); time.sleep(1)' &
server=$!
wait_until listening
in_a python3 -c '
import socket, struct
c = socket.create_connection(("192.0.2.1", 5001), timeout=10)
c.sendall(b"hello")
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)); c.close()'
wait "$server"
wait_line ' #:1 S:rst '
ok $? "a reset connection: S:rst"

# ---- UDP: an exchange, then silence: ended by session_idle_udp (2 s) ----
in_b "$BIN/tests/tools/udp_echo" 5353 3 &
sleep 0.3
in_a python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(2)
for i in range(3):
    s.sendto(b"q" * 20, ("192.0.2.1", 5353)); s.recv(100)'
ok $? "three UDP queries answered"
wait_until grep -q ' #:2 R:p .* dp:5353 ' "$SYSLOG_FILE"
ok $? "-l YS: the packets are logged too"
wait_line ' #:2 S:idle i:192\.0\.2\.1 s:192\.0\.2\.2 d:192\.0\.2\.1 p:udp sp:[0-9]+ dp:5353 .* pi:3 po:3 bi:144 bo:144 T:0$'
ok $? "UDP: S:idle after the idle timeout, 3 datagrams of 48 IP bytes each way"

# ---- more distinct flows than session_max: every one a record or evicted ----
evicted() { in_b ipsec_logd -s | sed -n 's/^sessions dropped by a full map, no record *//p'; }
idle_before=$(grep -c ' #:2 S:idle ' "$SYSLOG_FILE")
flows=300
# Source ports given, not ephemeral: those can repeat, and a repeat is the same flow.
in_a python3 -c '
import socket
for i in range('$flows'):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("192.0.2.2", 20000 + i))
    s.sendto(b"f", ("192.0.2.1", 5353)); s.close()'
# session_max is 64: the rest are evicted; what is left ends in 2 s.
sleep 5
records=$(( $(grep -c ' #:2 S:idle ' "$SYSLOG_FILE") - idle_before ))
ev=$(evicted)
ok $([ "$ev" -gt 0 ]; echo $?) "the map overflowed: $ev sessions evicted, $records recorded"
is "$((records + ev))" "$flows" "records + evicted = flows, exactly"
wait_line "sessions dropped by a full session map, without a record"
ok $? "the loss line says so"

# ---- mkfilt -d ends what is open: "deactivated" ----
in_b python3 -c '
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("192.0.2.1", 5001)); s.listen(1); s.settimeout(10)
c, _ = s.accept(); c.recv(100); time.sleep(3)' &
server=$!
wait_until listening
in_a python3 -c '
import socket, time
c = socket.create_connection(("192.0.2.1", 5001), timeout=10); c.sendall(b"open"); time.sleep(3)' &
client=$!
sleep 1
like "$(in_b ipsec_logd -s)" "sessions open now +1\$" "ipsec_logd -s: the connection is the one session open"
run_ok "mkfilt -d with a connection open" in_b mkfilt -d
wait_line ' #:1 S:deactivated i:192\.0\.2\.1 s:192\.0\.2\.2 d:192\.0\.2\.1 p:tcp '
ok $? "the open session ends: S:deactivated"
wait "$server" "$client" 2>/dev/null

# ---- the sweep is loaded only where a table tracks sessions ----
in_b chfilt -v 4 -n 1 -l N >/dev/null && in_b chfilt -v 4 -n 2 -l Y >/dev/null
run_ok "mkfilt -u, no rule with -l S" in_b mkfilt -v 4 -u
ok $([ -e "$EBFILT_PINDIR/current" ] && [ ! -e "$EBFILT_PINDIR/current/session_sweep" ]; echo $?) \
	"no session sweep in force"
like "$(in_b ipsec_logd -s)" "sessions open now +0\$" "ipsec_logd -s goes on without it"
in_b chfilt -v 4 -n 1 -l S >/dev/null
run_ok "mkfilt -u, rule 1 with -l S again" in_b mkfilt -v 4 -u
ok $([ -e "$EBFILT_PINDIR/current/session_sweep" ]; echo $?) "the sweep is back"
done_testing
