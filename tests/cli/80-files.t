#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Hand-edited tables: errors reported with file:line by every reader, and no
# command rewrites a table it cannot read. Comments and blank lines are fine.
. "$(dirname "$0")/../lib/tap.sh"

mkdir -p "$EBFILT_CONFDIR"
cat > "$V4_TABLE" <<'RULES'
# written by hand

permit src=192.0.2.0/255.255.255.0 proto=tcp dport=eq:22   desc="ssh"
   deny proto=udp
default deny
RULES
run_ok "a hand-written table with comments and defaults reads" lsfilt -v 4 -O
is "$OUT" "1|permit|192.0.2.0|255.255.255.0|0.0.0.0|0.0.0.0|yes|tcp|any|0|eq|22|both|both|no|all packets|0|all|0|||ssh
2|deny|0.0.0.0|0.0.0.0|0.0.0.0|0.0.0.0|yes|udp|any|0|any|0|both|both|no|all packets|0|all|0|||
0|deny|0.0.0.0|0.0.0.0|0.0.0.0|0.0.0.0|yes|all|any|0|any|0|both|both|no|all packets|0|all|0|||Default Rule" \
   "missing keys take genfilt's defaults"

cat > "$V4_TABLE" <<'RULES'
permit src=192.0.2.0/255.255.255.0
deny proto=ospf dport=eq:80
default deny
RULES
cp "$V4_TABLE" "$TEST_DIR/broken"
msg="$V4_TABLE:2: dport=eq:80: operator must be any with protocol ospf"
for cmd in "lsfilt -v 4" "lsfilt" "ckfilt -v 4" "genfilt -v 4 -s 0 -m 0" "chfilt -v 4 -n 1 -l Y" \
	   "rmfilt -v 4 -n 1" "mvfilt -v 4 -p 1 -n 2" "mkfilt -z D" "expfilt -f $TEST_DIR/x"; do
	run_fails "^${cmd%% *}: $msg\$" $cmd
done
cmp -s "$V4_TABLE" "$TEST_DIR/broken"
ok $? "no command rewrote the broken table"
is "$(ls -A "$EBFILT_CONFDIR" | grep -c '^\.filter4\.rules\.')" "0" "and none left a temporary file"

printf 'permit\n' > "$V4_TABLE"
run_fails "^lsfilt: $V4_TABLE:2: end of file: no default rule" lsfilt -v 4
printf 'default deny\npermit\n' > "$V4_TABLE"
run_fails "^lsfilt: $V4_TABLE:2: rule: rules must come before the default rule" lsfilt -v 4
printf 'permit src=2001:db8::/32\ndefault deny\n' > "$V4_TABLE"
run_fails "^lsfilt: $V4_TABLE:1: src=2001:db8::/32: not a valid IPv4 address" lsfilt -v 4
printf 'permit\0 nul\ndefault deny\n' > "$V4_TABLE"
run_fails "^lsfilt: $V4_TABLE:1: line: contains a NUL byte" lsfilt -v 4
{ printf 'permit desc="'; printf 'x%.0s' $(seq 1 5000); printf '"\ndefault deny\n'; } > "$V4_TABLE"
run_fails "^lsfilt: $V4_TABLE:1: line: longer than 4096 bytes" lsfilt -v 4
chmod 000 "$V4_TABLE"
if [ "$(id -u)" -ne 0 ]; then
	run_fails "^lsfilt: $V4_TABLE: Permission denied" lsfilt -v 4
else
	ok 0 "# skip unreadable file: root reads anything"
fi
chmod 644 "$V4_TABLE"
rm -f "$V4_TABLE"

export EBFILT_CONFDIR="$TEST_DIR/elsewhere/conf"
run_ok "EBFILT_CONFDIR is created on first write" genfilt -v 6 -s 0 -m 0
ok $([ -f "$TEST_DIR/elsewhere/conf/filter6.rules" ]; echo $?) "the table is written under the override"
ok $([ ! -e "$V6_TABLE" ]; echo $?) "and nowhere else"
done_testing
