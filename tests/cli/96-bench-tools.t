#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench's tools: the translation of a rule table for nftables
# (tests/bench/rules2nft): the rules it writes, the ones it refuses, the
# flood probe it aims; and the flood's refusal of other addresses.
. "$(dirname "$0")/../lib/tap.sh"
R2N="$BIN/tests/bench/rules2nft"
T="$TEST_DIR/t.rules"

cat > "$T" <<'RULES'
permit src=192.0.2.0/255.255.255.0 dst=0.0.0.0/0.0.0.0 proto=tcp sport=ge:1024 dport=eq:22 dir=inbound
deny src=0.0.0.0/0.0.0.0 dst=198.51.100.7/255.255.255.255 proto=udp dport=neq:53 log=yes
permit src=0.0.0.0/0.0.0.0 dst=198.51.100.0/255.255.255.0 proto=icmp sport=eq:8 dir=both
permit src=192.0.2.0/255.255.255.0 dst=0.0.0.0/0.0.0.0 proto=tcp/ack dir=outbound
permit src=203.0.113.1/255.255.255.255 dst=203.0.113.2/255.255.255.255 proto=udp
default deny
RULES
run_ok "translates a table" "$R2N" translate "$T" 4 r0
like "$OUT" 'hook ingress device "r0"' "a netdev ingress chain on the device"
like "$OUT" 'meta protocol != ip accept' "non-IP traffic passes, as through ebfilt"
like "$OUT" 'ip saddr 192\.0\.2\.0/24 meta l4proto tcp tcp sport >= 1024 tcp dport 22 counter accept' \
	"rule 1: prefix, protocol, port operators, counter, verdict"
like "$OUT" 'ip daddr 198\.51\.100\.7/32 meta l4proto udp udp dport != 53 counter log group 1 drop' \
	"rule 2: a logging deny rule"
like "$OUT" 'meta l4proto icmp icmp type 8 counter accept' "rule 3: ICMP type"
ok $(printf '%s\n' "$OUT" | grep -q 'tcp flags'; [ $? -ne 0 ]; echo $?) \
	"rule 4 (outbound) is left out of an inbound chain"
is "$(printf '%s\n' "$OUT" | grep -c 'counter')" "5" "four inbound rules and the default count"
like "$(printf '%s\n' "$OUT" | tail -3 | head -1)" '^[[:space:]]*counter drop$' "the default rule comes last"
run_ok "translates for prerouting" "$R2N" translate "$T" 4 r0 prerouting
like "$OUT" 'table ip ebfilt_bench' "prerouting: an ip table"
like "$OUT" 'iifname != "r0" accept' "prerouting: other interfaces pass"
run_ok "finds a probe for the last rule" "$R2N" probe "$T" 203.0.113.1 203.0.113.2
is "$OUT" "40000 9" "the probe's ports"

printf 'permit src=0.0.0.0/0.0.0.0 dst=0.0.0.0/0.0.0.0 proto=all\npermit src=203.0.113.1/255.255.255.255 dst=0.0.0.0/0.0.0.0 proto=udp\ndefault deny\n' > "$T"
"$R2N" probe "$T" 203.0.113.1 203.0.113.2 >/dev/null 2>&1
ok $([ $? -eq 1 ]; echo $?) "no probe when an earlier rule takes everything"
printf 'permit src=192.0.2.1/255.255.255.255 dst=0.0.0.0/0.0.0.0 proto=all scope=local\ndefault deny\n' > "$T"
err=$("$R2N" translate "$T" 4 r0 2>&1 >/dev/null)
like "$err" '^rules2nft: rule 1: nft translation supports scope' "an untranslatable rule is refused by number"

if command -v nft >/dev/null; then
	cat > "$T" <<'RULES'
permit src=192.0.2.0/255.255.255.0 dst=0.0.0.0/0.0.0.0 proto=tcp sport=ge:1024 dport=eq:22 dir=inbound
deny src=0.0.0.0/0.0.0.0 dst=198.51.100.7/255.255.255.255 proto=udp dport=neq:53 log=yes
default deny
RULES
	"$R2N" translate "$T" 4 lo prerouting > "$TEST_DIR/t.nft"
	nft -c -f "$TEST_DIR/t.nft" 2>"$TEST_DIR/nft.err"
	ok $? "nft accepts the translation (nft -c)"
else
	echo "ok $((TAP_COUNT += 1)) # SKIP nft is not installed (make bench installs it)"
fi
# In an empty network namespace, so that even a broken check sends nothing anywhere.
out=$(unshare --net "$BIN/tests/tools/udp_flood" send 198.18.0.1 40000 9 10 1 2>&1)
ok $([ $? -eq 2 ]; echo $?) "udp_flood refuses a destination outside the documentation networks"
like "$out" 'not a documentation address' "and says why"
done_testing
