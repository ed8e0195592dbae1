#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# expfilt / impfilt: exact round trip with -r, the turned-around export, -l.
. "$(dirname "$0")/../lib/tap.sh"

genfilt -v 4 -a P -s 192.0.2.2 -m 255.255.255.255 -d 192.0.2.1 -c tcp -O eq -P 22 -w I -l Y \
	-D 'ssh "in"' >/dev/null
genfilt -v 4 -a P -s 192.0.2.1 -m 255.255.255.255 -d 192.0.2.2 -c udp -o eq -p 53 -w O -i eth1 >/dev/null
genfilt -v 4 -a D -s 198.51.100.0 -m 255.255.255.0 -c icmp -o eq -p 8 -r R -f N -t 2 -e 30 -x 0x41 >/dev/null
genfilt -v 4 -a I -s 0 -m 0 -c tcp -O eq -P 21 >/dev/null
genfilt -v 4 -a E >/dev/null
genfilt -v 6 -a P -s 2001:db8:: -m 32 -l D >/dev/null
like "$(lsfilt -v 6)" "Logging control +: detail" "-l D is listed as detail"
like "$(lsfilt -v 6 -O)" "\\|detail\\|" "and in -O's log column"
mkfilt -v 4 -z D >/dev/null
chfilt -v 4 -n 0 -l Y >/dev/null
cp "$V4_TABLE" "$TEST_DIR/v4.orig"
cp "$V6_TABLE" "$TEST_DIR/v6.orig"

run_ok "expfilt -r" expfilt -r -f "$TEST_DIR/raw"
like "$OUT" "Exported 5 IPv4 filter rules to $TEST_DIR/raw/filter_rules_v4.exp" "reports the IPv4 export"
like "$OUT" "Exported 1 IPv6 filter rules" "and the IPv6 export"
ok $([ -f "$TEST_DIR/raw/filter_rules_v6.exp" ]; echo $?) "one file per IP version"
run_ok "expfilt -q is quiet" expfilt -q -r -v 4 -f "$TEST_DIR/quiet"
is "$OUT" "" "-q prints nothing"

# Import into empty tables elsewhere and compare byte for byte.
ORIG_CONF=$EBFILT_CONFDIR
export EBFILT_CONFDIR="$TEST_DIR/peer"
run_ok "impfilt into empty tables" impfilt -f "$TEST_DIR/raw"
like "$OUT" "Imported 5 IPv4 filter rules" "reports the import"
cmp -s "$TEST_DIR/v4.orig" "$EBFILT_CONFDIR/filter4.rules"
ok $? "expfilt -r then impfilt reproduces the IPv4 table exactly"
cmp -s "$TEST_DIR/v6.orig" "$EBFILT_CONFDIR/filter6.rules"
ok $? "and the IPv6 table"

run_ok "impfilt -l imports only the listed rules" impfilt -v 4 -f "$TEST_DIR/raw" -l 2,3
is "$(EBFILT_CONFDIR=$EBFILT_CONFDIR lsfilt -v 4 -O | cut -d'|' -f1,2,3 | tail -3 | tr '\n' ' ')" \
   "6|permit|192.0.2.1 7|deny|198.51.100.0 0|deny|0.0.0.0 " "rules 2 and 3 appended after the existing ones"
run_fails '^impfilt: -l x: rule IDs must be numbers' impfilt -v 4 -f "$TEST_DIR/raw" -l x
export EBFILT_CONFDIR=$ORIG_CONF

# Without -r, inbound and outbound swap; everything else stays.
run_ok "expfilt without -r" expfilt -v 4 -f "$TEST_DIR/turned"
export EBFILT_CONFDIR="$TEST_DIR/turned-peer"
impfilt -v 4 -f "$TEST_DIR/turned" >/dev/null
is "$(lsfilt -v 4 -O | cut -d'|' -f1-14 | head -3 | tr '\n' ' ')" \
   "1|permit|192.0.2.2|255.255.255.255|192.0.2.1|255.255.255.255|yes|tcp|any|0|eq|22|both|outbound 2|permit|192.0.2.1|255.255.255.255|192.0.2.2|255.255.255.255|yes|udp|eq|53|any|0|both|inbound 3|deny|198.51.100.0|255.255.255.0|0.0.0.0|0.0.0.0|yes|icmp|eq|8|any|0|route|both " \
   "inbound becomes outbound, outbound inbound, both stays both"
is "$(lsfilt -v 4 -n 1 -O | cut -d'|' -f15,22)" 'yes|ssh "in"' "logging and description travel with the rule"
export EBFILT_CONFDIR=$ORIG_CONF

run_ok "expfilt -l" expfilt -r -v 4 -l 1,3 -f "$TEST_DIR/some"
like "$OUT" "Exported 2 IPv4 filter rules" "only the listed rules"
is "$(grep -v '^#' "$TEST_DIR/some/filter_rules_v4.exp" | cut -d' ' -f1 | tr '\n' ' ')" "1 3 " \
   "the export file keeps the rule IDs, without the default rule"

printf '1 permit\n7 wrong src=1.2.3\n0 default deny\n' > "$TEST_DIR/some/filter_rules_v4.exp"
run_fails "^impfilt: $TEST_DIR/some/filter_rules_v4.exp:2: wrong: unknown action" \
	impfilt -v 4 -f "$TEST_DIR/some"
done_testing
