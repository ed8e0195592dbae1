#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ckfilt: IF/ELSE/ENDIF nesting, indented listing, exit status naming the rule.
. "$(dirname "$0")/../lib/tap.sh"

F="-s 192.0.2.101 -m 255.255.255.255 -d 192.0.2.102 -M 255.255.255.255 -c tcp"
add() { genfilt -v 4 $F "$@" >/dev/null; }
add -a I -O eq -P 21 -D "IF ftp-cmd being used"
add -a I -O eq -P 1525 -D "IF 1525 in use"
add -a D -O eq -P 37 -D "deny time"
add -a L -D "ELSE"
add -a D -O eq -P 13 -D "deny date"
add -a E -D "ENDIF"
add -a L -D "ELSE"
add -a D -O eq -P 20 -D "deny ftp-data"
add -a E -D "ENDIF"

run_ok "ckfilt accepts good nesting" ckfilt -v 4
expected='IPv4 filter rules:
Rule 1: if tcp 192.0.2.101/255.255.255.255 any 0 -> 192.0.2.102/255.255.255.255 eq 21 both "IF ftp-cmd being used"
    Rule 2: if tcp 192.0.2.101/255.255.255.255 any 0 -> 192.0.2.102/255.255.255.255 eq 1525 both "IF 1525 in use"
        Rule 3: deny tcp 192.0.2.101/255.255.255.255 any 0 -> 192.0.2.102/255.255.255.255 eq 37 both "deny time"
    Rule 4: else tcp 192.0.2.101/255.255.255.255 any 0 -> 192.0.2.102/255.255.255.255 any 0 both "ELSE"
        Rule 5: deny tcp 192.0.2.101/255.255.255.255 any 0 -> 192.0.2.102/255.255.255.255 eq 13 both "deny date"
    Rule 6: endif tcp 192.0.2.101/255.255.255.255 any 0 -> 192.0.2.102/255.255.255.255 any 0 both "ENDIF"
Rule 7: else tcp 192.0.2.101/255.255.255.255 any 0 -> 192.0.2.102/255.255.255.255 any 0 both "ELSE"
    Rule 8: deny tcp 192.0.2.101/255.255.255.255 any 0 -> 192.0.2.102/255.255.255.255 eq 20 both "deny ftp-data"
Rule 9: endif tcp 192.0.2.101/255.255.255.255 any 0 -> 192.0.2.102/255.255.255.255 any 0 both "ENDIF"
Rule 0: permit all 0.0.0.0/0.0.0.0 any 0 -> 0.0.0.0/0.0.0.0 any 0 both "Default Rule"'
is "$OUT" "$expected" "rules are indented by scope"
run_ok "ckfilt -O" ckfilt -O -v 4
is "$(printf '%s\n' "$OUT" | sed -n 4p)" "        3|deny|192.0.2.101|255.255.255.255|192.0.2.102|255.255.255.255|yes|tcp|any|0|eq|37|both|both|no|all packets|0|all|0|||deny time" \
   "-O shows every attribute, indented"
run_ok "ckfilt without -v checks both tables" ckfilt
like "$OUT" "IPv6 filter rules:" "the IPv6 table is listed too"

mvfilt -v 4 -p 9 -n 1 >/dev/null
ckfilt -v 4 >"$TEST_DIR/out" 2>"$TEST_DIR/err"
ok $([ $? -ne 0 ]; echo $?) "ENDIF first: ckfilt fails"
is "$(cat "$TEST_DIR/err")" "ckfilt: IPv4 rule 1: ENDIF without a matching IF" "the error names the rule"
is "$(grep -c '^ *Rule' "$TEST_DIR/out")" "10" "the rules are still listed"
mvfilt -v 4 -p 1 -n 9 >/dev/null
rmfilt -v 4 -n 9 >/dev/null
ckfilt -v 4 >/dev/null 2>"$TEST_DIR/err"
ok $([ $? -ne 0 ]; echo $?) "unclosed IF: ckfilt fails"
is "$(cat "$TEST_DIR/err")" "ckfilt: IPv4 rule 1: IF without a matching ENDIF" "names the open IF"
genfilt -v 4 -a E -n 8 >/dev/null
genfilt -v 4 -a L >/dev/null
ckfilt -v 4 >/dev/null 2>"$TEST_DIR/err"
is "$(cat "$TEST_DIR/err")" "ckfilt: IPv4 rule 10: ELSE without a matching IF" "ELSE after the last ENDIF"
rmfilt -v 4 -n 10 >/dev/null
genfilt -v 4 -a L -n 8 >/dev/null
ckfilt -v 4 >/dev/null 2>"$TEST_DIR/err"
is "$(cat "$TEST_DIR/err")" "ckfilt: IPv4 rule 8: second ELSE for the same IF" "two ELSEs"
done_testing
