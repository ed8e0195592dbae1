#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench, real-traffic part: a bounded UDP flood from namespace tx to
# namespace rx over a veth pair, received through no filter, an empty XDP
# program, ebfilt (XDP, and tc ingress) with a 1,000- and a 10,000-rule
# table, and through nftables
# (netdev ingress on the same interface) loaded with the same tables
# translated by rules2nft. The tables are gen_rules acl tables whose last
# rule is the first to permit the flood, so every filter weighs every rule.
# Reports datagrams received per second and machine CPU per datagram.
# Addresses are 203.0.113.1 -> 203.0.113.2; everything is removed on exit.
set -u
. "$(dirname "$0")/sandbox.sh"
BIN=${1:?usage: bench-traffic.sh BUILD-DIR [quick]}
if [ "${2:-}" = quick ]; then RUNS=1 COUNT=1000000 SECS=2; else RUNS=3 COUNT=5000000 SECS=5; fi
TSV="$BIN/bench/traffic.tsv"
HZ=$(getconf CLK_TCK)

sandbox_init bench "$BIN" && sandbox_pair || exit 1

# Busy CPU time of the whole machine, in clock ticks.
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }

# One flood; sets PPS and CPU_NS (machine CPU ns per received datagram).
flood_once() {
	local b0 b1 sent got ns
	coproc SINK { ip netns exec "$RX" udp_flood sink 9 $((SECS + 5)); }
	read -r _ <&"${SINK[0]}"		# "ready"
	b0=$(busy_ticks)
	sent=$(ip netns exec "$TX" udp_flood send 203.0.113.2 "$SPORT" "$DPORT" "$COUNT" "$SECS")
	b1=$(busy_ticks)
	read -r got ns <&"${SINK[0]}"
	wait "$SINK_PID" 2>/dev/null
	[ "${got:-0}" -gt 0 ] || { echo "bench-traffic: nothing received ($sent sent)" >&2; return 1; }
	PPS=$(( got * 1000000000 / (ns > 0 ? ns : 1) ))
	CPU_NS=$(( (b1 - b0) * 1000000000 / HZ / got ))
	SENT=$sent GOT=$got
}

# Median of $RUNS floods for one configuration; prints a row.
measure() { # measure LABEL RULES
	local i rows
	rows=$(for i in $(seq 1 "$RUNS"); do
		flood_once || exit 1
		echo "$PPS $CPU_NS $SENT $GOT"
	done) || return 1
	read -r PPS CPU_NS SENT GOT <<<"$(sort -n <<<"$rows" | sed -n "$(( (RUNS + 1) / 2 ))p")"
	printf '%-22s %7s %12s %12s %12s\n' "$1" "$2" "$PPS" "$CPU_NS" "$GOT/$SENT"
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$PPS" "$CPU_NS" "$SENT" "$GOT" >> "$TSV"
}

# The acl table of n rules: n-1 generated, then the flood's permit rule.
make_table() { # make_table N FILE
	{ gen_rules acl $(( $1 - 1 )) 1 4 | sed '$d'
	  echo "permit src=203.0.113.1/255.255.255.255 dst=203.0.113.2/255.255.255.255 proto=udp"
	  echo "default deny"; } > "$2"
}

mkdir -p "$BIN/bench"
printf 'filter\trules\tpackets_per_s\tcpu_ns_per_packet\tsent\treceived\n' > "$TSV"
printf 'Real traffic: UDP flood over veth, %s datagrams or %s s per run, median of %s\n\n' \
	"$COUNT" "$SECS" "$RUNS"
printf '%-22s %7s %12s %12s %12s\n' filter rules "received/s" "CPU ns/pkt" "received/sent"
SPORT=40000 DPORT=9
measure "no filter" 0 || exit 1
# The floor of the XDP path: veth runs XDP on its own receive queue.
ip -n "$RX" link set dev r0 xdp obj "$BIN/bench_empty.bpf.o" sec xdp || exit 1
measure "empty XDP program" 0 || exit 1
ip -n "$RX" link set dev r0 xdp off
for n in 1000 10000; do
	make_table "$n" "$EBFILT_CONFDIR/filter4.rules"
	read -r SPORT DPORT <<<"$(rules2nft probe "$EBFILT_CONFDIR/filter4.rules" 203.0.113.1 203.0.113.2)"
	[ -n "$DPORT" ] || exit 1
	for hook in xdp tc; do
		printf 'interfaces r0\ninbound r0 %s\n' "$hook" > "$EBFILT_CONFDIR/ebfilt.conf"
		ip netns exec "$RX" mkfilt -v 4 -u >/dev/null || exit 1
		measure "ebfilt ($hook)" "$n" || exit 1
		ip netns exec "$RX" mkfilt -d >/dev/null
	done
	rules2nft translate "$EBFILT_CONFDIR/filter4.rules" 4 r0 > "$DIR/bench.nft" || exit 1
	ip netns exec "$RX" nft -f "$DIR/bench.nft" || exit 1
	measure "nftables (ingress)" "$n" || exit 1
	ip netns exec "$RX" nft delete table netdev ebfilt_bench
done
