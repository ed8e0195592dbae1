#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench, logging beside nftables: the same bounded UDP flood (tx -> rx
# over veth) is logged once by ebfilt (a logging rule, ipsec_logd) and once
# by nftables (the same rule translated by rules2nft into a prerouting
# chain: "log group 1") with
# ulogd2 (NFLOG -> SYSLOG), both into one private rsyslogd. For each: the
# packets the rule matched, the lines rsyslogd wrote, the lines lost, and
# how many of those losses reached syslog as a report.
#
# ulogd2 writes through syslog(3), that is /dev/log; it runs in a mount
# namespace of its own whose /dev holds a link to the private socket, so
# the system's syslog never sees a line.
set -u
. "$(dirname "$0")/sandbox.sh"
BIN=${1:?usage: bench-log-compare.sh BUILD-DIR [quick]}
if [ "${2:-}" = quick ]; then COUNT=300000 SECS=2; else COUNT=2000000 SECS=5; fi
TSV="$BIN/bench/log-compare.tsv"
ULOGD_PLUGINS=/usr/lib/$(gcc -print-multiarch)/ulogd

sandbox_init bench "$BIN" && sandbox_pair || exit 1
in_rx() { ip netns exec "$RX" "$@"; }
stat_of() { in_rx ipsec_logd -s | sed -n "s/^$1 *\([0-9]*\)$/\1/p"; }
"$(dirname "$0")/private-rsyslogd.sh" "$DIR" "$EBFILT_SYSLOG_SOCKET" "$DIR/syslog.out" || exit 1

# Flood, then give the loggers time to drain; sets SENT and SECONDS_TAKEN.
flood() {
	local t0 t1
	t0=$(date +%s%N)
	SENT=$(ip netns exec "$TX" udp_flood send 203.0.113.2 40000 9 "$COUNT" "$SECS")
	t1=$(date +%s%N)
	SECONDS_TAKEN=$(( (t1 - t0) / 1000000 ))
	sleep 3
}

lines_since() { # lines_since START-LINE PATTERN
	tail -n +"$(( $1 + 1 ))" "$DIR/syslog.out" | grep -c "$2"
}

row() { # row LOGGER MATCHED LINES REPORTED
	local lost=$(( $2 - $3 ))
	printf '%-22s %10s %10s %12s %10s %10s %12s\n' "$1" "$2" "$3" \
		"$(( $3 * 1000 / (SECONDS_TAKEN > 0 ? SECONDS_TAKEN : 1) ))" "$lost" "$4" \
		"$(( lost - $4 ))"
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$SENT" "$2" "$3" \
		"$(( $3 * 1000 / (SECONDS_TAKEN > 0 ? SECONDS_TAKEN : 1) ))" "$lost" "$4" \
		"$(( lost - $4 ))" >> "$TSV"
}

printf 'permit src=203.0.113.1/255.255.255.255 dst=203.0.113.2/255.255.255.255 proto=udp log=yes\ndefault permit\n' \
	> "$EBFILT_CONFDIR/filter4.rules"
printf 'interfaces r0\n' > "$EBFILT_CONFDIR/ebfilt.conf"
mkdir -p "$BIN/bench"
printf 'logger\tsent\tmatched\tlines\tlines_per_s\tlost\tlost_reported\tlost_unreported\n' > "$TSV"
printf 'Logging a real flood into one rsyslogd (%s datagrams or %s s)\n\n' "$COUNT" "$SECS"
printf '%-22s %10s %10s %12s %10s %10s %12s\n' logger matched lines "lines/s" lost \
	reported unreported

# ebfilt: the filter and ipsec_logd.
in_rx mkfilt -v 4 -u >/dev/null && in_rx mkfilt -g start >/dev/null || exit 1
sleep 0.5
start=$(wc -l < "$DIR/syslog.out")
before_emitted=$(stat_of "records logged by the filter")
before_full=$(stat_of "records lost, log buffer full")
flood
# What the log store holds for syslog goes on after the flood: counted once
# sent (or lost, and reported), a minute at most; lines/s stays per second
# of flood.
for i in $(seq 1 600); do
	[ "$(stat_of "records waiting in the log store for syslog")" = 0 ] && break
	sleep 0.1
done
sleep 1.5	# the last loss line
matched=$(( $(stat_of "records logged by the filter") - before_emitted +
	    $(stat_of "records lost, log buffer full") - before_full ))
lines=$(lines_since "$start" 'ipsec_logd\[[0-9]*\]: #:1 R:p ')
reported=$(tail -n +"$(( start + 1 ))" "$DIR/syslog.out" |
	sed -n 's/.*: \([0-9]*\) log records lost since the last report.*/\1/p' |
	awk '{ s += $1 } END { print s + 0 }')
row "ebfilt + ipsec_logd" "$matched" "$lines" "$reported"
in_rx mkfilt -g stop >/dev/null
in_rx mkfilt -d >/dev/null

# nftables and ulogd2.
cat > "$DIR/ulogd.conf" <<CONF
[global]
logfile="$DIR/ulogd.log"
loglevel=3
plugin="$ULOGD_PLUGINS/ulogd_inppkt_NFLOG.so"
plugin="$ULOGD_PLUGINS/ulogd_raw2packet_BASE.so"
plugin="$ULOGD_PLUGINS/ulogd_filter_IFINDEX.so"
plugin="$ULOGD_PLUGINS/ulogd_filter_IP2STR.so"
plugin="$ULOGD_PLUGINS/ulogd_filter_PRINTPKT.so"
plugin="$ULOGD_PLUGINS/ulogd_output_SYSLOG.so"
stack=log1:NFLOG,base1:BASE,ifi1:IFINDEX,ip2str1:IP2STR,print1:PRINTPKT,sys1:SYSLOG

[log1]
group=1

[sys1]
facility=LOG_LOCAL4
level=LOG_NOTICE
CONF
mkdir -p "$DIR/dev"
for d in null zero random urandom; do : > "$DIR/dev/$d"; done
ln -s "$EBFILT_SYSLOG_SOCKET" "$DIR/dev/log"
ip netns exec "$RX" unshare --mount --propagation private sh -c "
	for d in null zero random urandom; do mount --bind /dev/\$d '$DIR/dev/'\$d || exit 1; done
	mount --bind '$DIR/dev' /dev && exec ulogd -c '$DIR/ulogd.conf'" &
sandbox_daemon $!
rules2nft translate "$EBFILT_CONFDIR/filter4.rules" 4 r0 prerouting > "$DIR/log.nft" &&
in_rx nft -f "$DIR/log.nft" || exit 1
sleep 1
start=$(wc -l < "$DIR/syslog.out")
flood
matched=$(in_rx nft list chain ip ebfilt_bench prerouting |
	sed -n 's/.*counter packets \([0-9]*\) .*log group 1.*/\1/p')
lines=$(lines_since "$start" 'ulogd\[[0-9]*\]: .*SRC=203.0.113.1 ')
reported=0	# ulogd2 reports no counts to syslog; its own log may say it is losing events
row "nftables + ulogd2" "${matched:-0}" "$lines" "$reported"
warnings=$(grep -ci losing "$DIR/ulogd.log" 2>/dev/null)
printf '\nulogd2 wrote %s "losing events" warnings (no counts) to its own log, none to syslog.\n' \
	"${warnings:-0}"
