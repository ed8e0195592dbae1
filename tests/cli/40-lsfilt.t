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
done_testing
