#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# lsfilt: AIX's verbose layout, -O, and -n lists in every form.
. "$(dirname "$0")/../lib/tap.sh"

for n in 1 2 3 4 5 6; do genfilt -v 4 -s 0 -m 0 -D r$n >/dev/null; done
genfilt -v 4 -a D -s 0 -m 0 -c icmp -O eq -P 13 -w I >/dev/null

run_ok "lsfilt on an empty IPv6 table" lsfilt -v 6
is "$(printf '%s\n' "$OUT" | head -1)" "Beginning of IPv6 filter rules." "verbose listing opens like AIX"
is "$(printf '%s\n' "$OUT" | tail -1)" "End of IPv6 filter rules." "and closes like AIX"
is "$(printf '%s\n' "$OUT" | sed -n 2p)" "Rule 0:" "an empty table lists its default rule"

run_ok "lsfilt -v 4 -n 7" lsfilt -v 4 -n 7
expected="Beginning of IPv4 filter rules.
Rule 7:
Rule action         : deny
Source Address      : 0.0.0.0
Source Mask         : 0.0.0.0
Destination Address : 0.0.0.0
Destination Mask    : 0.0.0.0
Source Routing      : yes
Protocol            : icmp
ICMP type           : any 0
ICMP code           : eq  13
Scope               : both
Direction           : inbound
Logging control     : no
Fragment control    : all packets
Tunnel ID number    : 0
Interface           : all
Auto-Generated      : no
Expiration Time     : 0
Description         : 

End of IPv4 filter rules."
is "$OUT" "$expected" "verbose rule in AIX's exact layout"

sel() { lsfilt -v 4 -O -n "$@" | cut -d'|' -f1 | tr '\n' ' '; }
is "$(sel 1,3)" "1 3 " "-n 1,3"
is "$(sel 2-5)" "2 3 4 5 " "-n 2-5"
is "$(sel '1 6')" "1 6 " "-n '1 6' (space separated)"
is "$(sel 1 6)" "1 6 " "-n 1 6 (list continues after a space)"
is "$(sel 6,1)" "1 6 " "rules are listed in table order"
is "$(sel 0)" "0 " "-n 0 lists the default rule"
is "$(sel 1-2,4 0)" "1 2 4 0 " "ranges, commas and spaces mixed"
is "$(lsfilt -v 4 -O | wc -l)" "8" "-O prints one line per rule plus the default"
is "$(lsfilt -v 4 -O | awk -F'|' '{ print NF }' | sort -u)" "22" "every -O line has 22 fields"
is "$(lsfilt -v 4 | grep -c '^Rule [0-9]*:$')" "8" "verbose lists every rule"
is "$(lsfilt | grep -c '^Beginning of IPv[46] filter rules.$')" "2" "no -v lists both tables"
run_ok "lsfilt -a with nothing active" lsfilt -a
is "$OUT" "IPv4 filter is currently inactive.
IPv6 filter is currently inactive." "lsfilt -a says each version is inactive"

# -j: one JSON document, read here with perl's core JSON::PP.
json() { # json PERL-EXPR: evaluated with $d the document on standard input
	perl -MJSON::PP -e 'binmode STDOUT, ":utf8"; local $/; my $d = decode_json(<STDIN>); print eval($ARGV[0]) // "undef"' "$1"
}
genfilt -v 4 -a P -s 198.51.100.0 -m 255.255.255.0 -c tcp -O lt -P 1024 -e 60 \
	-D 'quote " and \\ backslash, café' >/dev/null
genfilt -v 6 -a D -s 2001:db8:0:5:: -m 64 -x 'GET /' >/dev/null
run_ok "lsfilt -j" lsfilt -j
is "$(printf '%s' "$OUT" | json 'scalar @{$d->{ipv4}{rules}}')" "9" "-j: every IPv4 rule, and the default"
is "$(printf '%s' "$OUT" | json '$d->{ipv4}{rules}[8]{id}')" "0" "-j: the default rule comes last, as ID 0"
rule8='$d->{ipv4}{rules}[7]'
is "$(printf '%s' "$OUT" | json "join ',', map { $rule8->{\$_} } qw(id action src src_mask protocol dport_op dport expire)")" \
   "8,permit,198.51.100.0,255.255.255.0,tcp,lt,1024,60" "-j: a rule's fields by their JSON names"
is "$(printf '%s' "$OUT" | json "$rule8->{description}")" 'quote " and \\ backslash, café' \
   "-j: text with quotes, backslashes and UTF-8 survives"
is "$(printf '%s' "$OUT" | json "defined $rule8->{pattern} ? 1 : 0")" "0" "-j: no pattern is null"
is "$(printf '%s' "$OUT" | json '$d->{ipv6}{rules}[0]{pattern}')" "GET /" "-j: a pattern"
is "$(printf '%s' "$OUT" | json "ref(\\$rule8->{dport})")" "SCALAR" "-j: ports are numbers"
run_ok "lsfilt -j -v 4 -n 8" lsfilt -j -v 4 -n 8
is "$(printf '%s' "$OUT" | json 'join ",", map { $_->{id} } @{$d->{ipv4}{rules}}')" "8" "-j -n: only those rules"
run_ok "lsfilt -j -a with nothing active" lsfilt -j -a
is "$(printf '%s' "$OUT" | json '($d->{ipv4}{active} ? "yes" : "no") . ($d->{ipv6}{active} ? "yes" : "no") . scalar @{$d->{interfaces}}')" \
   "nono0" "-j -a: inactive versions say active false"
run_ok "lsfilt -j -d with nothing active" lsfilt -j -d -v 6
is "$OUT" '{"ipv6":{"active":false}}' "-j -d: an inactive version"
run_fails "-j and -O: give one of them" lsfilt -j -O
# lsfilt(8)'s example, on a fresh table: its lines joined.
example=$(sed -n '/^\$ lsfilt \\-j \\-v 4 \\-n 0$/,/^\.EE$/p' "$(dirname "$0")/../../docs/man/lsfilt.8" |
	sed '1d;$d' | tr -d '\n')
is "$(EBFILT_CONFDIR="$TEST_DIR/fresh" lsfilt -j -v 4 -n 0)" "$example" "lsfilt(8)'s -j example"
done_testing
