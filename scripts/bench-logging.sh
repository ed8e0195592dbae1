#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench, logging part: how many records per second ipsec_logd formats
# and writes to a file and to a real rsyslogd, beside what that rsyslogd
# absorbs from a plain client; and, under a kernel flood far beyond that,
# that every record is written, counted as lost, or waits in the log store
# for the next daemon. One namespace, a private bpffs and rsyslogd, all
# removed on exit; the flood is BPF_PROG_TEST_RUN on the pinned program
# and never leaves the machine.
set -u
. "$(dirname "$0")/sandbox.sh"
BIN=${1:?usage: bench-logging.sh BUILD-DIR [quick]}
SECONDS_EACH=$([ "${2:-}" = quick ] && echo 2 || echo 5)
stat_of() { in_ns ipsec_logd -s | sed -n "s/^$1 *\([0-9]*\)$/\1/p"; }

sandbox_init bench "$BIN" && sandbox_single || exit 1
in_ns genfilt -v 4 -a P -s 0 -m 0 -c udp -O eq -P 53 -l Y >/dev/null
in_ns mkfilt -v 4 -u >/dev/null && in_ns mkfilt -g start >/dev/null || exit 1
kill "$(cat "$EBFILT_RUNDIR/ipsec_logd.pid")"	# each run starts its own daemon
sleep 0.5

# The counts that account for every record the filter made, summed.
accounted() {
	in_ns ipsec_logd -s | awk '/^records (written to syslog|not taken by syslog|held by an ipsec_logd that stopped|waiting in the log store for syslog|lost, log buffer full|lost, over the rate limit) / { s += $NF } END { print s + 0 }'
}

# One run: a daemon with the given options, a kernel flood, then the
# counts. The rate is of the records written while the flood lasted: with
# the log store, syslog goes on with those waiting there afterwards.
run() {
	local before_written before_lost before_accounted flood
	in_ns ipsec_logd "$@" || return 1
	sleep 0.5
	before_written=$(stat_of "records written to syslog")
	before_lost=$(stat_of "records lost, log buffer full")
	before_accounted=$(accounted)
	flood=$(in_ns xdp_flood "$EBFILT_PINDIR/prog_xdp_in" "$SECONDS_EACH")
	WRITTEN=$(( $(stat_of "records written to syslog") - before_written ))
	HWM=$(awk '/^VmHWM:/ { print $2 }' "/proc/$(cat "$EBFILT_RUNDIR/ipsec_logd.pid")/status")
	sleep 1.5	# the daemon drains the ring
	kill "$(cat "$EBFILT_RUNDIR/ipsec_logd.pid")"
	for i in $(seq 1 50); do [ -e "$EBFILT_RUNDIR/ipsec_logd.pid" ] || break; sleep 0.1; done
	RUNS=${flood%% *}
	LOST=$(( $(stat_of "records lost, log buffer full") - before_lost ))
	ACCOUNTED=$(( $(accounted) - before_accounted ))
	WAITING=$(stat_of "records waiting in the log store for syslog")
	RATE=$(( WRITTEN / SECONDS_EACH ))
}

printf 'Logging throughput (%s s per run, kernel flood through BPF_PROG_TEST_RUN)\n\n' "$SECONDS_EACH"
run -o "$DIR/file.out" || exit 1
file_rate=$RATE
printf '%-42s %10s records/s  (%s written, %s lost and counted of %s)\n' \
	"ipsec_logd -> file" "$file_rate" "$WRITTEN" "$LOST" "$RUNS"
file_accounted=$(( ACCOUNTED == RUNS ))
file_hwm=$HWM

"$(dirname "$0")/private-rsyslogd.sh" "$DIR" "$EBFILT_SYSLOG_SOCKET" "$DIR/syslog.out" || exit 1
# The baseline runs beside the same kernel flood, so both share the CPUs
# alike; kernel logging is off meanwhile, so that flood leaves no records.
in_ns mkfilt -g stop >/dev/null
in_ns xdp_flood "$EBFILT_PINDIR/prog_xdp_in" "$SECONDS_EACH" >/dev/null &
base=$(syslog_flood "$EBFILT_SYSLOG_SOCKET" "$SECONDS_EACH")
wait
in_ns mkfilt -g start >/dev/null
kill "$(cat "$EBFILT_RUNDIR/ipsec_logd.pid")"
sleep 0.5
sleep 1
absorbed=$(grep -c syslog_flood "$DIR/syslog.out")
base_rate=$(( absorbed / SECONDS_EACH ))
printf '%-42s %10s lines/s    (%s sent, %s written)\n' "plain client -> rsyslogd, same flood (baseline)" \
	"$base_rate" "$base" "$absorbed"

start_line=$(wc -l < "$DIR/syslog.out")
run || exit 1
sleep 1
tail -n +"$((start_line + 1))" "$DIR/syslog.out" > "$DIR/run.out"
in_file=$(grep -c 'ipsec_logd\[[0-9]*\]: #:1 R:p ' "$DIR/run.out")
syslog_rate=$RATE
printf '%-42s %10s records/s  (%s in the file, %s lost and counted of %s)\n' \
	"ipsec_logd -> rsyslogd" "$syslog_rate" "$in_file" "$LOST" "$RUNS"
printf '%-42s %9s%%\n' "ipsec_logd / baseline" "$(( 100 * syslog_rate / (base_rate ? base_rate : 1) ))"
reported=$(sed -n 's/.*: \([0-9]*\) log records lost since the last report.*/\1/p' "$DIR/run.out" |
	awk '{ s += $1 } END { print s + 0 }')
printf '%-42s %10s\n' "losses reported in syslog" "$reported"
printf '%-42s %10s\n' "records waiting in the store, for the next" "$WAITING"
printf '%-42s %10s\n' "records neither written, counted nor waiting" "$(( RUNS - ACCOUNTED ))"
printf '%-42s %10s KiB, %s KiB\n' "ipsec_logd VmHWM (file, rsyslogd)" "$file_hwm" "$HWM"
[ "$file_accounted" -eq 1 ] || echo "file run: written + lost + waiting != produced"
mkdir -p "$BIN/bench"
printf 'sink\trecords_per_s\twritten\tlost\tproduced\nfile\t%s\t\t\t\nrsyslog_baseline\t%s\t%s\t\t%s\nrsyslog\t%s\t%s\t%s\t%s\n' \
	"$file_rate" "$base_rate" "$absorbed" "$base" "$syslog_rate" "$in_file" "$LOST" "$RUNS" \
	> "$BIN/bench/logging.tsv"
