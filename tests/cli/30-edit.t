#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# chfilt, rmfilt, mvfilt and mkfilt -z: changes and dense renumbering.
. "$(dirname "$0")/../lib/tap.sh"

order() { lsfilt -v 4 -O | cut -d'|' -f22 | tr '\n' ' '; }
ids() { lsfilt -v 4 -O | cut -d'|' -f1 | tr '\n' ' '; }

for name in A B C D E; do genfilt -v 4 -s 0 -m 0 -D $name >/dev/null; done
is "$(order)" "A B C D E Default Rule " "five rules in order"

run_ok "chfilt changes one attribute" chfilt -v 4 -n 2 -c udp
is "$OUT" "Filter rule 2 for IPv4 has been changed successfully." "chfilt reports the rule"
is "$(lsfilt -v 4 -n 2 -O)" "2|deny|0.0.0.0|0.0.0.0|0.0.0.0|0.0.0.0|yes|udp|any|0|any|0|both|both|no|all packets|0|all|0|||B" \
   "only the protocol changed"
run_ok "chfilt changes several" chfilt -v 4 -n 2 -a P -O eq -P 53 -w O -l Y -D "B dns"
is "$(lsfilt -v 4 -n 2 -O)" "2|permit|0.0.0.0|0.0.0.0|0.0.0.0|0.0.0.0|yes|udp|any|0|eq|53|both|outbound|yes|all packets|0|all|0|||B dns" \
   "the given attributes changed, the others kept"
run_ok "chfilt -s and -m together" chfilt -v 4 -n 2 -s 192.0.2.0 -m 255.255.255.0
is "$(lsfilt -v 4 -n 2 -O | cut -d'|' -f3,4)" "192.0.2.0|255.255.255.0" "new source and mask"
run_ok "chfilt -x sets a pattern" chfilt -v 4 -n 2 -w I -x hello
is "$(lsfilt -v 4 -n 2 -O | cut -d'|' -f20,21)" "Pattern|hello" "pattern set"
run_ok "chfilt -x '' removes it" chfilt -v 4 -n 2 -x ''
is "$(lsfilt -v 4 -n 2 -O | cut -d'|' -f20,21)" "|" "pattern removed"
run_ok "chfilt -D '' clears the description" chfilt -v 4 -n 2 -D ''
is "$(lsfilt -v 4 -n 2 -O | cut -d'|' -f22)" "" "description cleared"
chfilt -v 4 -n 2 -D B >/dev/null
run_ok "chfilt -n 0 -l Y logs the default rule" chfilt -v 4 -n 0 -l Y
is "$(lsfilt -v 4 -n 0 -O | cut -d'|' -f15)" "yes" "default rule logging on"
is "$(order)" "A B C D E Default Rule " "chfilt does not reorder"

run_ok "rmfilt removes" rmfilt -v 4 -n 2
is "$OUT" "Filter rule 2 for IPv4 has been removed successfully." "rmfilt reports the rule"
is "$(order)" "A C D E Default Rule " "B is gone"
is "$(ids)" "1 2 3 4 0 " "IDs stay dense after a removal"

run_ok "mvfilt moves down" mvfilt -v 4 -p 1 -n 3
is "$(order)" "C D A E Default Rule " "A moved to position 3"
run_ok "mvfilt moves up" mvfilt -v 4 -p 4 -n 1
is "$(order)" "E C D A Default Rule " "E moved to position 1"
run_ok "mvfilt to the same place" mvfilt -v 4 -p 2 -n 2
is "$(order)" "E C D A Default Rule " "nothing moved"
is "$(ids)" "1 2 3 4 0 " "IDs stay dense after moves"

genfilt -v 6 -s 0 -m 0 -D six >/dev/null
run_ok "rmfilt -n all" rmfilt -v 4 -n all
is "$(order)" "Default Rule " "every IPv4 rule removed"
is "$(lsfilt -v 4 -n 0 -O | cut -d'|' -f15)" "yes" "rmfilt all keeps the default rule"
is "$(lsfilt -v 6 -O | cut -d'|' -f22 | head -1)" "six" "the IPv6 table is untouched"
run_ok "rmfilt -f is accepted" rmfilt -v 6 -n all -f

run_ok "mkfilt -z D" mkfilt -v 4 -z D
is "$OUT" "Default rule for IPv4 has been set to deny." "mkfilt reports the new default"
is "$(lsfilt -v 4 -n 0 -O | cut -d'|' -f2)" "deny" "IPv4 default rule denies"
is "$(lsfilt -v 6 -n 0 -O | cut -d'|' -f2)" "permit" "IPv6 default unchanged with -v 4"
run_ok "mkfilt -z d without -v sets both" mkfilt -z d
is "$(lsfilt -O | grep '^0|' | cut -d'|' -f2 | tr '\n' ' ')" "deny deny " "both default rules deny"
run_ok "mkfilt -z P" mkfilt -v 6 -z P
is "$(lsfilt -v 6 -n 0 -O | cut -d'|' -f2)" "permit" "back to permit"
grep -qx 'default deny log=yes' "$V4_TABLE"
ok $? "the default rule is the last line of the table file"
done_testing
