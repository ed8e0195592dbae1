#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# genfilt: every flag, every default, insertion with -n, IPv4 and IPv6.
. "$(dirname "$0")/../lib/tap.sh"

field() { # field ID N: field N of lsfilt -O for rule ID of the IPv4 table
	lsfilt -v 4 -O | awk -F'|' -v id="$1" -v n="$2" '$1 == id { print $n }'
}

run_ok "genfilt with only the required flags" genfilt -v 4 -s 192.0.2.1 -m 255.255.255.255
is "$OUT" "Filter rule 1 for IPv4 has been added successfully." "genfilt reports the new rule ID"
is "$(lsfilt -v 4 -O | head -1)" \
   "1|deny|192.0.2.1|255.255.255.255|0.0.0.0|0.0.0.0|yes|all|any|0|any|0|both|both|no|all packets|0|all|0|||" \
   "AIX defaults: deny, any destination, source routing yes, all, any 0, both, both, no log, all packets, tunnel 0, all"
ok $([ -f "$V4_TABLE" ]; echo $?) "the table lives under EBFILT_CONFDIR"
ok $([ ! -e "$V6_TABLE" ]; echo $?) "the IPv6 table is untouched"

run_ok "genfilt with every flag" genfilt -v 4 -a P -s 198.51.100.0 -m 255.255.255.0 \
	-d 203.0.113.9 -M 255.255.255.255 -g N -c tcp/ack -o ge -p 1024 -O eq -P 22 \
	-r L -w I -l Y -f H -t 3 -i eth0 -D "ssh from the lab" -e 600 -x "0x5353"
is "$(lsfilt -v 4 -O | sed -n 2p)" \
   "2|permit|198.51.100.0|255.255.255.0|203.0.113.9|255.255.255.255|no|tcp/ack|ge|1024|eq|22|local|inbound|yes|fragment headers and unfragmented packets only|3|eth0|600|Pattern|0x5353|ssh from the lab" \
   "every flag is stored and listed"

for spec in "D deny" "P permit" "I if" "L else" "E endif" "H shun_host" "S shun_port"; do
	set -- $spec
	genfilt -v 4 -a "$1" -s 0 -m 0 >/dev/null
	is "$(lsfilt -v 4 -O | tail -2 | head -1 | cut -d'|' -f2)" "$2" "-a $1 is $2"
done
genfilt -v 4 -a p -s 0 -m 0 -g y -l y >/dev/null
is "$(lsfilt -v 4 -O | tail -2 | head -1 | cut -d'|' -f2,7,15)" "permit|yes|yes" "letters are case-insensitive"

for spec in "R route" "L local" "B both"; do
	set -- $spec
	genfilt -v 4 -s 0 -m 0 -r "$1" >/dev/null
	is "$(lsfilt -v 4 -O | tail -2 | head -1 | cut -d'|' -f13)" "$2" "-r $1 is scope $2"
done
for spec in "I inbound" "O outbound" "B both"; do
	set -- $spec
	genfilt -v 4 -s 0 -m 0 -w "$1" >/dev/null
	is "$(lsfilt -v 4 -O | tail -2 | head -1 | cut -d'|' -f14)" "$2" "-w $1 is direction $2"
done
for spec in "Y:all packets" "N:unfragmented packets only" "O:fragments and fragment headers only" \
	    "H:fragment headers and unfragmented packets only"; do
	genfilt -v 4 -s 0 -m 0 -f "${spec%%:*}" >/dev/null
	is "$(lsfilt -v 4 -O | tail -2 | head -1 | cut -d'|' -f16)" "${spec#*:}" "-f ${spec%%:*}"
done
for proto in udp icmp tcp tcp/ack ospf ipip esp ah all; do
	genfilt -v 4 -s 0 -m 0 -c $proto >/dev/null
	is "$(lsfilt -v 4 -O | tail -2 | head -1 | cut -d'|' -f8)" "$proto" "-c $proto"
done
genfilt -v 4 -s 0 -m 0 -c 17 >/dev/null
is "$(lsfilt -v 4 -O | tail -2 | head -1 | cut -d'|' -f8)" "udp" "a numbered protocol with a name is listed by name"
genfilt -v 4 -s 0 -m 0 -c 132 >/dev/null
is "$(lsfilt -v 4 -O | tail -2 | head -1 | cut -d'|' -f8)" "132" "a protocol number without a name stays a number"
for op in lt le gt ge eq neq any; do
	genfilt -v 4 -s 0 -m 0 -c udp -o $op -p 53 -O $op -P 5353 >/dev/null
	is "$(lsfilt -v 4 -O | tail -2 | head -1 | cut -d'|' -f9-12)" "$op|53|$op|5353" "operator $op"
done
genfilt -v 4 -s 0 -m 0 -c icmp -o eq -p 8 -O eq -P 0 >/dev/null
like "$(lsfilt -v 4 -n $(($(lsfilt -v 4 -O | wc -l) - 1)))" "ICMP type +: eq  8" "ICMP rules list the type and code"
genfilt -v 4 -s 0 -m 0 -d 192.0.2.77 >/dev/null
is "$(lsfilt -v 4 -O | tail -2 | head -1 | cut -d'|' -f5,6)" "192.0.2.77|255.255.255.255" "-d without -M names one host"
genfilt -v 4 -s localhost -m 255.255.255.255 >/dev/null
is "$(lsfilt -v 4 -O | tail -2 | head -1 | cut -d'|' -f3)" "127.0.0.1" "host names are resolved once, at edit time"
grep -q 'src=127.0.0.1/' "$V4_TABLE"
ok $? "the table stores the resolved address"

printf 'one\ntwo\n' > "$TEST_DIR/patterns"
genfilt -v 4 -s 0 -m 0 -X "$TEST_DIR/../$(basename "$TEST_DIR")/patterns" >/dev/null
is "$(lsfilt -v 4 -O | tail -2 | head -1 | cut -d'|' -f20,21)" "Pattern File|$TEST_DIR/patterns" "-X stores the absolute path"

count=$(($(lsfilt -v 4 -O | wc -l) - 1))
run_ok "genfilt -n inserts before a rule" genfilt -v 4 -n 2 -a P -s 0 -m 0 -D inserted
is "$OUT" "Filter rule 2 for IPv4 has been added successfully." "the inserted rule takes ID 2"
is "$(field 2 22)" "inserted" "rule 2 is the inserted one"
is "$(field 3 3)" "198.51.100.0" "the old rule 2 is now rule 3"
is "$(($(lsfilt -v 4 -O | wc -l) - 1))" "$((count + 1))" "one more rule"
run_ok "genfilt -n N+1 appends" genfilt -v 4 -n $((count + 2)) -s 0 -m 0 -D last
is "$(lsfilt -v 4 -O | tail -2 | head -1 | cut -d'|' -f1,22)" "$((count + 2))|last" "appended at the end"
is "$(lsfilt -v 4 -O | tail -1 | cut -d'|' -f1)" "0" "the default rule stays last"

run_ok "IPv6 rule" genfilt -v 6 -a P -s 2001:db8:1:: -m 48 -d 2001:db8::5 -c icmpv6 -o eq -p 128
is "$(lsfilt -v 6 -O | head -1)" \
   "1|permit|2001:db8:1::|48|2001:db8::5|128|yes|icmpv6|eq|128|any|0|both|both|no|all packets|0|all|0|||" \
   "IPv6 masks are prefix lengths; -d alone is a /128"
run_ok "IPv6 any address as 0" genfilt -v 6 -s 0 -m 0
is "$(lsfilt -v 6 -O | sed -n 2p | cut -d'|' -f3,4)" "::|0" "0 is the IPv6 any-address"
is "$(lsfilt -O)" "$(lsfilt -v 4 -O; lsfilt -v 6 -O)" "lsfilt without -v lists IPv4 then IPv6"
run_ok "else and endif need no source" genfilt -v 4 -a E
done_testing
