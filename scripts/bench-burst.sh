#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench, the log pipeline under a burst: 200,000 logged UDP datagrams
# sent as fast as udp_flood can (tx -> rx over veth), with ebfilt's default
# logging configuration. Measured: the records the filter produced, those
# the log store kept and those counted lost (produced = stored + lost,
# exactly); how long the store, then a private rsyslogd, took to have them
# all; the lines/s rsyslogd took from ipsec_logd beside what it takes from
# a plain client (syslog_flood, as many lines, before and after the burst
# in the same run); and the daemon's peak resident memory (VmHWM).
# rsyslogd stamps each line with the microsecond it took it in, so every
# rate is first line to last line by its own clock.
# Addresses are 203.0.113.1 -> 203.0.113.2; everything is removed on exit.
# BURST_BUFFER_KB=N in the environment sets log_buffer_kb instead of the
# default (how the default was sized: docs/PERFORMANCE.md); BURST_QLEN=N
# runs rsyslogd in a namespace whose datagram sockets queue N lines
# (net.unix.max_dgram_qlen: 10 by default, 512 where systemd booted the
# machine). "quick" runs the same single burst: about 20 s either way.
set -u
. "$(dirname "$0")/sandbox.sh"
BIN=${1:?usage: bench-burst.sh BUILD-DIR [quick]}
COUNT=200000
TSV="$BIN/bench/burst.tsv"

sandbox_init burst "$BIN" && sandbox_pair || exit 1
LOG="$DIR/syslog.out"
in_rx() { ip netns exec "$RX" "$@"; }
stat_of() { in_rx ipsec_logd -s | sed -n "s/^$1 *\([0-9]*\)$/\1/p"; }
calc() { awk "BEGIN { printf \"%.${2:-0}f\", ($1) }"; }
# Run CMD every 0.1 s until it succeeds, at most SECONDS s; its last status.
poll() { # poll SECONDS CMD...
	local i
	for i in $(seq 1 $(( $1 * 10 ))); do "${@:2}" && return 0; sleep 0.1; done
	"${@:2}"
}
# Seconds since midnight, by rsyslogd's stamp of a line or by the clock (date).
of_day() { awk '{ split($1, t, "T"); split(t[2], h, /[:+-]/); printf "%.6f\n", h[1] * 3600 + h[2] * 60 + h[3] }'; }
now() { date +%Y-%m-%dT%H:%M:%S.%N | of_day; }
# The stamps of the first and last line after line FROM matching ERE, and how many.
span() { # span FROM ERE
	tail -n +"$(( $1 + 1 ))" "$LOG" | grep -E "$2" | of_day |
		awk 'NR == 1 { f = $1 } { l = $1 } END { printf "%s %s %d\n", f, l, NR }'
}
# A plain client sends as many lines as the burst; sets BASE_RATE.
baseline() {
	local from sent s0 s1 n
	from=$(wc -l < "$LOG")
	sent=$(syslog_flood "$EBFILT_SYSLOG_SOCKET" 60 "$COUNT")
	in_file() { [ "$(tail -n +"$(( from + 1 ))" "$LOG" | grep -c ' syslog_flood\[')" -ge "$sent" ]; }
	poll 60 in_file || echo "bench-burst: rsyslogd wrote fewer lines than syslog_flood sent" >&2
	read -r s0 s1 n <<<"$(span "$from" ' syslog_flood\[')"
	BASE_RATE=$(calc "$n / ($s1 - $s0)")
}
if [ -n "${BURST_QLEN:-}" ]; then
	sandbox_ns syslog || exit 1
	in_syslog_ns() { ip netns exec "$SANDBOX_NAME-syslog" "$@"; }
	in_syslog_ns sysctl -qw net.unix.max_dgram_qlen="$BURST_QLEN" || exit 1
else
	in_syslog_ns() { "$@"; }
fi
in_syslog_ns "$(dirname "$0")/private-rsyslogd.sh" "$DIR" "$EBFILT_SYSLOG_SOCKET" "$LOG" received ||
	exit 1
: >> "$LOG"	# rsyslogd makes it at its first line
qlen=$(in_syslog_ns cat /proc/sys/net/unix/max_dgram_qlen)

baseline
base_before=$BASE_RATE
from=$(wc -l < "$LOG")

# ebfilt with the default logging configuration, one rule logging the burst.
printf 'permit src=203.0.113.1/255.255.255.255 dst=203.0.113.2/255.255.255.255 proto=udp log=yes\ndefault permit\n' \
	> "$EBFILT_CONFDIR/filter4.rules"
printf 'interfaces r0\n%s' "${BURST_BUFFER_KB:+log_buffer_kb $BURST_BUFFER_KB
}" > "$EBFILT_CONFDIR/ebfilt.conf"
in_rx mkfilt -v 4 -u >/dev/null && in_rx mkfilt -g start >/dev/null || exit 1
pid=$(cat "$EBFILT_RUNDIR/ipsec_logd.pid")
sleep 0.5
emitted0=$(stat_of "records logged by the filter") full0=$(stat_of "records lost, log buffer full")
limited0=$(stat_of "records lost, over the rate limit")
stored0=$(stat_of "records kept in the log store") refused0=$(stat_of "records not taken by the log store")

# Datagrams the veth pair dropped before XDP saw them (its queue to the filter full).
veth_drops() {
	echo $(( $(ip netns exec "$TX" cat /sys/class/net/t0/statistics/tx_dropped) +
		 $(in_rx cat /sys/class/net/r0/statistics/rx_dropped) ))
}
drops0=$(veth_drops)
t0=$(now)
sent=$(ip netns exec "$TX" udp_flood send 203.0.113.2 40000 9 "$COUNT" 30)
t1=$(now)
records() { tail -n +"$(( from + 1 ))" "$LOG" | grep -c ' ipsec_logd\[[0-9]*\]: #:1 R:p '; }
lines_t1=$(records)
counted() {
	emitted=$(( $(stat_of "records logged by the filter") - emitted0 ))
	full=$(( $(stat_of "records lost, log buffer full") - full0 ))
	limited=$(( $(stat_of "records lost, over the rate limit") - limited0 ))
	stored=$(( $(stat_of "records kept in the log store") - stored0 ))
	refused=$(( $(stat_of "records not taken by the log store") - refused0 ))
	[ $(( stored + refused )) -eq "$emitted" ]
}
poll 30 counted || echo "bench-burst: the store did not account for every record taken" >&2
t_store=$(now)
in_syslog() { lines=$(records); [ "$lines" -ge "$stored" ]; }
poll 120 in_syslog || echo "bench-burst: rsyslogd has $lines of the $stored records stored" >&2
read -r s0 s1 lines <<<"$(span "$from" ' ipsec_logd\[[0-9]*\]: #:1 R:p ')"
hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
status=$(in_rx ipsec_logd -s)
field() { printf '%s\n' "$status" | sed -n "s/^$1 *\([0-9]*\)$/\1/p" | grep . || echo 0; }
unbalanced=$(( $(field "records taken by ipsec_logd") + $(field "records handed on by earlier logging maps")
	- $(field "records written to syslog") - $(field "records not taken by syslog")
	- $(field "records held by an ipsec_logd that stopped")
	- $(field "records waiting in the log store for syslog") ))
in_rx mkfilt -g stop >/dev/null

# The plain client again, the daemon gone: the rate is the mean of both.
baseline
base_after=$BASE_RATE
base_rate=$(calc "($base_before + $base_after) / 2")

drops=$(( $(veth_drops) - drops0 ))
lost=$(( full + limited + refused ))
produced=$(( emitted + full + limited ))
syslog_rate=$(calc "$lines / ($s1 - $s0)")
after_rate=$(calc "$lines - $lines_t1 > 0 ? ($lines - $lines_t1) / ($s1 - $t1) : 0")
stored_pct=$(calc "100 * $stored / $produced" 2)

printf 'The log pipeline under a burst of %s logged datagrams (%s)\n\n' "$COUNT" \
	"${BURST_BUFFER_KB:+log_buffer_kb $BURST_BUFFER_KB, otherwise the }default configuration"
printf '%-48s %s in %s s\n' "sent by udp_flood" "$sent" "$(calc "$t1 - $t0" 3)"
printf '%-48s %s\n' "dropped by the veth pair before the filter" "$drops"
printf '%-48s %s\n' "records the filter produced" "$produced"
printf '%-48s %s (%s%%)\n' "kept in the log store" "$stored" "$stored_pct"
printf '%-48s %s (%s log buffer full, %s rate limit, %s store)\n' "counted lost" \
	"$lost" "$full" "$limited" "$refused"
printf '%-48s %s\n' "produced - (stored + counted lost)" "$(( produced - stored - lost ))"
printf '%-48s %s s after the burst began\n' "all in the store" "$(calc "$t_store - $t0" 2)"
printf '%-48s %s s after the burst began\n' "all in rsyslogd" "$(calc "$s1 - $t0" 2)"
printf '%-48s %s lines/s (%s lines in %s s)\n' "rsyslogd from ipsec_logd, first to last" \
	"$syslog_rate" "$lines" "$(calc "$s1 - $s0" 2)"
printf '%-48s %s lines/s (%s lines in %s s)\n' "  once the burst was sent" "$after_rate" \
	"$(( lines - lines_t1 ))" "$(calc "$s1 - $t1" 2)"
printf '%-48s %s lines/s (before %s, after %s)\n' "rsyslogd from syslog_flood, $COUNT lines" \
	"$base_rate" "$base_before" "$base_after"
printf '%-48s %s%%, once the burst was sent %s%%\n' "ipsec_logd / plain client" \
	"$(calc "100 * $syslog_rate / $base_rate")" "$(calc "100 * $after_rate / $base_rate")"
printf '%-48s %s KiB\n' "ipsec_logd VmHWM" "$hwm"
printf '%-48s %s\n' "ipsec_logd -s: taken - (written..waiting)" "$unbalanced"
printf '%-48s %s\n' "net.unix.max_dgram_qlen of rsyslogd's socket" "$qlen"
mkdir -p "$BIN/bench"
printf 'sent\tproduced\tstored\tlost\tstored_pct\tstore_s\tsyslog_s\tsyslog_lines_per_s\tafter_lines_per_s\tbaseline_lines_per_s\tsyslog_pct\tafter_pct\tvmhwm_kib\n' > "$TSV"
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
	"$sent" "$produced" "$stored" "$lost" "$stored_pct" "$(calc "$t_store - $t0" 2)" \
	"$(calc "$s1 - $t0" 2)" "$syslog_rate" "$after_rate" "$base_rate" \
	"$(calc "100 * $syslog_rate / $base_rate")" "$(calc "100 * $after_rate / $base_rate")" \
	"$hwm" >> "$TSV"
