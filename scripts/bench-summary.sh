#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench, last step: one screen of headline figures and the targets,
# read from the TSV files the other parts wrote into BUILD-DIR/bench, and
# the same figures as BUILD-DIR/bench/summary.json for comparing commits.
set -u
B=${1:?usage: bench-summary.sh BUILD-DIR [quick]}/bench
MODE=$([ "${2:-}" = quick ] && echo quick || echo full)
for f in classify mix traffic activation dispatch logging burst log-compare; do
	[ -s "$B/$f.tsv" ] || { echo "bench-summary: $B/$f.tsv is missing" >&2; exit 1; }
done

# field FILE KEY-COLUMN KEY VALUE-COLUMN: first row whose key matches.
field() { awk -F'\t' -v k="$3" -v c="$4" -v kc="$2" 'NR > 1 && $kc == k { print $c; exit }' "$B/$1.tsv"; }
# Per-packet figures at 10,000 rules: the worst over families, versions and probes.
classify_max() { awk -F'\t' -v c="$1" 'NR > 1 && $3 == 10000 && $c > m { m = $c } END { print m + 0 }' "$B/classify.tsv"; }
traffic() { awk -F'\t' -v f="$1" -v r="$2" -v c="$3" 'NR > 1 && $1 == f && $2 == r { print $c }' "$B/traffic.tsv"; }
verdict() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { ok = op == "<=" ? v <= t : v >= t; print ok ? "met" : "NOT met" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

empty=$(awk -F'\t' 'NR == 2 { print $12 }' "$B/classify.tsv")
x_empty=$(classify_max 7) x_one=$(classify_max 8) lin_x=$(classify_max 11)
acl_late_1=$(awk -F'\t' '$1 == "acl" && $2 == 4 && $3 == 1 && $4 == "late" { print $6 }' "$B/classify.tsv")
acl_late_10k=$(awk -F'\t' '$1 == "acl" && $2 == 4 && $3 == 10000 && $4 == "late" { print $6 }' "$B/classify.tsv")
acl_late_lin=$(awk -F'\t' '$1 == "acl" && $2 == 4 && $3 == 10000 && $4 == "late" { print $9 }' "$B/classify.tsv")
act_10k=$(field activation 1 10000 2) rep_10k=$(field activation 1 10000 3)
kib_10k=$(field activation 1 10000 4) act_1k=$(field activation 1 1000 2)
file_rate=$(field logging 1 file 2) sys_rate=$(field logging 1 rsyslog 2)
base_rate=$(field logging 1 rsyslog_baseline 2)
burst() { awk -F'\t' -v c="$1" 'NR == 2 { print $c }' "$B/burst.tsv"; }
burst_stored=$(burst 5) burst_syslog=$(burst 11) burst_after=$(burst 12) burst_hwm=$(burst 13)
eb_lines=$(field log-compare 1 "ebfilt + ipsec_logd" 5) nft_lines=$(field log-compare 1 "nftables + ulogd2" 5)
eb_unrep=$(field log-compare 1 "ebfilt + ipsec_logd" 8) nft_unrep=$(field log-compare 1 "nftables + ulogd2" 8)
eb_lost=$(field log-compare 1 "ebfilt + ipsec_logd" 6) nft_lost=$(field log-compare 1 "nftables + ulogd2" 6)
log_x=$(ratio "$eb_lines" "$nft_lines")
disp_both=$(field dispatch 1 "dispatcher + filter" 2) disp_alone=$(field dispatch 1 "filter alone" 2)
none_pps=$(traffic "no filter" 0 3) empty_pps=$(traffic "empty XDP program" 0 3)
# The mix (bench_mix), acl tables: column c of ebfilt's row at n rules, or of a baseline.
mix() { awk -F'\t' -v p="$1" -v n="$2" -v c="$3" 'NR > 1 && $1 == "acl" && $2 == p && $3 == n { print $c; exit }' "$B/mix.tsv"; }
xf_mix=$(mix xdp-filter 200 4) xf_dflt=$(mix xdp-filter 200 8) one_mix=$(mix ebfilt 1 4)
one_x_xf=$(mix ebfilt 1 9) big_dflt=$(mix ebfilt 10000 8) big_mix=$(mix ebfilt 10000 4)
big_dflt_x_xf=$(mix ebfilt 10000 10) big_dflt_x_one=$(mix ebfilt 10000 12)
# IPv6 against IPv4: the widest gap over the table sizes, either way.
v6_gap=$(awk -F'\t' 'NR > 1 && $1 == "acl" && $2 == "ebfilt" { g = $6 / $5 - 1; g = g < 0 ? -g : g; if (g > m) m = g } END { printf "%.2f", m }' "$B/mix.tsv")
xdp_share=$(ratio "$(traffic "ebfilt (xdp)" 10000 3)" "$empty_pps")
tc_share=$(ratio "$(traffic "ebfilt (tc)" 10000 3)" "$empty_pps")
burst_gap=$(( $(burst 2) - $(burst 3) - $(burst 4) ))

cat <<EOF

==== make bench summary ($MODE run, $(date -u +%F), $(uname -r), $(nproc) CPUs) ====
Per packet (BPF_PROG_TEST_RUN)  empty XDP ${empty} ns; acl IPv4 late probe: 1 rule ${acl_late_1} ns,
                                10,000 rules ${acl_late_10k} ns (linear: ${acl_late_lin} ns)
  worst at 10,000 rules         ${x_empty}x empty, ${x_one}x 1 rule; linear up to ${lin_x}x the bitmap
  the dispatcher on the hook    +$((disp_both - disp_alone)) ns (${disp_both} ns with it, ${disp_alone} ns without; 1 rule)
Real traffic (received/s)       no filter ${none_pps}, empty XDP ${empty_pps}
  1,000 rules                   ebfilt xdp $(traffic "ebfilt (xdp)" 1000 3), tc $(traffic "ebfilt (tc)" 1000 3), nftables $(traffic "nftables (ingress)" 1000 3)
  10,000 rules                  ebfilt xdp $(traffic "ebfilt (xdp)" 10000 3), tc $(traffic "ebfilt (tc)" 10000 3), nftables $(traffic "nftables (ingress)" 10000 3)
Activation                      1,000 rules ${act_1k} ms; 10,000 rules ${act_10k} ms, replace ${rep_10k} ms, ${kib_10k} KiB of maps
Logging                         ${file_rate} records/s to a file; ${sys_rate}/s to rsyslogd (plain client ${base_rate}/s)
  a burst of 200,000            ${burst_stored}% stored; to rsyslogd at ${burst_syslog}% of a plain client (${burst_after}% after it); VmHWM ${burst_hwm} KiB
  logged flood, same rsyslogd   ebfilt ${eb_lines} lines/s, nft+ulogd2 ${nft_lines} lines/s (${log_x}x)
  lost / lost without report    ebfilt ${eb_lost} / ${eb_unrep}, nft+ulogd2 ${nft_lost} / ${nft_unrep}
Per packet, 80-packet mix       xdp-filter ${xf_mix} ns; ebfilt 1 rule ${one_mix} ns, 10,000 rules ${big_mix} ns
                                (its default-rule packets ${big_dflt} ns; xdp-filter on them ${xf_dflt} ns)
Targets (issue 14)
  1 rule <= 1.5x xdp-filter              $(verdict "$one_x_xf" "<=" 1.5) (${one_x_xf}x, the mix)
  10,000 rules, default <= 2x xdp-filter $(verdict "$big_dflt_x_xf" "<=" 2) (${big_dflt_x_xf}x)
  10,000 rules, default <= 1.3x 1 rule   $(verdict "$big_dflt_x_one" "<=" 1.3) (${big_dflt_x_one}x)
  IPv6 within 10% of IPv4                $(verdict "$v6_gap" "<=" 0.10) (widest gap $(awk -v g="$v6_gap" 'BEGIN { printf "%d", g * 100 }')%)
  veth, 10,000 rules >= 90% of empty XDP $(verdict "$xdp_share" ">=" 0.9) (xdp ${xdp_share}), $(verdict "$tc_share" ">=" 0.9) (tc ${tc_share})
  activation of 10,000 <= 100 ms         $(verdict "$rep_10k" "<=" 100) (replace ${rep_10k} ms; first ${act_10k} ms)
  burst >= 99% stored, all accounted     $(verdict "$burst_stored" ">=" 99) (${burst_stored}%), $(verdict "$burst_gap" "<=" 0) (${burst_gap} unaccounted)
  burst to syslog >= 95% of plain client $(verdict "$burst_syslog" ">=" 95) (${burst_syslog}%)
  ipsec_logd VmHWM <= 16 MiB             $(verdict "$burst_hwm" "<=" 16384) (${burst_hwm} KiB)
  no unreported log loss (flood)         $(verdict "$eb_unrep" "<=" 0) (${eb_unrep})
EOF

cat > "$B/summary.json" <<EOF
{
  "mode": "$MODE", "date": "$(date -u +%FT%TZ)", "kernel": "$(uname -r)", "cpus": $(nproc),
  "per_packet": { "empty_ns": $empty, "acl_v4_late_1rule_ns": $acl_late_1,
    "acl_v4_late_10k_ns": $acl_late_10k, "acl_v4_late_10k_linear_ns": $acl_late_lin,
    "worst_10k_x_empty": $x_empty, "worst_10k_x_1rule": $x_one, "worst_10k_linear_x_bitmap": $lin_x,
    "dispatcher_and_filter_ns": $disp_both, "filter_alone_ns": $disp_alone },
  "traffic_pps": { "none": $none_pps, "empty_xdp": $empty_pps,
    "ebfilt_xdp_1k": $(traffic "ebfilt (xdp)" 1000 3), "ebfilt_tc_1k": $(traffic "ebfilt (tc)" 1000 3),
    "nft_1k": $(traffic "nftables (ingress)" 1000 3),
    "ebfilt_xdp_10k": $(traffic "ebfilt (xdp)" 10000 3), "ebfilt_tc_10k": $(traffic "ebfilt (tc)" 10000 3),
    "nft_10k": $(traffic "nftables (ingress)" 10000 3) },
  "mix_ns": { "xdp_filter": $xf_mix, "xdp_filter_default": $xf_dflt, "ebfilt_1": $one_mix,
    "ebfilt_10k": $big_mix, "ebfilt_10k_default": $big_dflt, "ipv6_gap": $v6_gap },
  "burst_unaccounted": $burst_gap,
  "activation_ms": { "activate_1k": $act_1k, "activate_10k": $act_10k, "replace_10k": $rep_10k,
    "maps_kib_10k": $kib_10k },
  "logging": { "file_records_per_s": $file_rate, "rsyslog_records_per_s": $sys_rate,
    "rsyslog_baseline_per_s": $base_rate, "ebfilt_lines_per_s": $eb_lines,
    "nft_ulogd2_lines_per_s": $nft_lines, "ebfilt_lost": $eb_lost, "ebfilt_lost_unreported": $eb_unrep,
    "nft_ulogd2_lost": $nft_lost, "nft_ulogd2_lost_unreported": $nft_unrep,
    "burst_stored_pct": $burst_stored, "burst_syslog_pct": $burst_syslog,
    "burst_syslog_after_pct": $burst_after, "ipsec_logd_vmhwm_kib": $burst_hwm }
}
EOF
echo "(TSV files and summary.json in $B)"
