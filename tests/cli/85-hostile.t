#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Files and names are hostile until checked: what stands at a table's name
# (a directory, a FIFO, a device, a dangling link, a huge file), CRLF and
# control characters, symbolic links planted where the tools write,
# impfilt's IDs, output that cannot be written, and pins a user may not
# read. Every refusal is one line naming the file or flag, and changes
# nothing.
. "$(dirname "$0")/../lib/tap.sh"

mkdir -p "$EBFILT_CONFDIR"
T="$V4_TABLE"

# What stands at the table's name. Never waited on, never read as empty.
# (run_fails would read the table itself: these check the one line here.)
refused() { # refused ERE CMD...
	local ere=$1 err rc
	shift
	err=$(timeout 5 "$@" 2>&1 >/dev/null)
	rc=$?
	ok $([ $rc -eq 1 ] && [ "$(printf '%s\n' "$err" | grep -c '')" -eq 1 ] &&
	     printf '%s\n' "$err" | grep -Eq -- "$ere"; echo $?) "refused: $*"
	[ $rc -eq 1 ] || echo "#   rc=$rc"
	printf '%s\n' "$err" | sed 's/^/#   /'
}
mkdir "$T"
refused "^lsfilt: $T: not a regular file\$" lsfilt -v 4
rmdir "$T"
mkfifo "$T"
refused "^lsfilt: $T: not a regular file\$" lsfilt -v 4
refused "^genfilt: $T: not a regular file\$" genfilt -v 4 -s 0 -m 0
ok $([ -p "$T" ]; echo $?) "the FIFO is still there, not replaced by a table"
rm "$T"
ln -s /dev/zero "$T"
refused "^lsfilt: $T: not a regular file\$" lsfilt -v 4
rm "$T"
ln -s "$TEST_DIR/nowhere" "$T"
run_fails "^lsfilt: $T: a symbolic link to nothing\$" lsfilt -v 4
run_fails "^genfilt: $T: a symbolic link to nothing\$" genfilt -v 4 -s 0 -m 0
rm "$T"
truncate -s 17M "$T"
run_fails "^lsfilt: $T: larger than 16 MiB\$" lsfilt -v 4
rm "$T"

# CRLF: read as if the carriage returns were not there.
printf 'permit src=192.0.2.0/255.255.255.0 iface=b1\r\ndefault deny\r\n' > "$T"
run_ok "a CRLF table reads" lsfilt -v 4 -O
is "$(printf '%s\n' "$OUT" | head -1 | cut -d'|' -f1,3,18)" "1|192.0.2.0|b1" \
   "and the interface is b1, not b1 and a carriage return"
# (ebfilt.conf's CRLF, comments and NULs: tests/unit/test_config.c.)
printf 'interfaces b1  # a comment\nlog_rate_limit 5\0\n' > "$EBFILT_CONFDIR/ebfilt.conf"
run_fails "^mkfilt: $EBFILT_CONFDIR/ebfilt.conf:2: line: contains a NUL byte\$" mkfilt -v 4 -u
rm "$EBFILT_CONFDIR/ebfilt.conf"

# Control characters in names: refused where they enter, escaped in the
# message, and no more of the file than the offending token.
printf 'permit iface=b\033[31m1\ndefault deny\n' > "$T"
run_fails "^lsfilt: $T:1: iface=b\\\\x1b\\[31m1: not a valid interface name" lsfilt -v 4
{ printf 'permit dst='; printf 'x%.0s' $(seq 1 500); printf '\ndefault deny\n'; } > "$T"
run_fails "^lsfilt: $T:1: dst=x{50,70}\\.\\.\\.: " lsfilt -v 4
printf 'default deny\n' > "$T"
run_fails '^genfilt: -i b\\x01x: ' genfilt -v 4 -s 0 -m 0 -i "$(printf 'b\001x')"
run_fails '^genfilt: -i b1 x: ' genfilt -v 4 -s 0 -m 0 -i "b1 x"
run_fails '^genfilt: -i ' genfilt -v 4 -s 0 -m 0 -i "abcdefghijklmnopq"
run_fails '^genfilt: -D two\\x0alines: control characters are not allowed$' \
	genfilt -v 4 -s 0 -m 0 -D "$(printf 'two\nlines')"

# Links planted where the tools write: the name is replaced, the target
# never written through.
printf 'default permit\n' > "$TEST_DIR/victim"
cp "$TEST_DIR/victim" "$TEST_DIR/victim.orig"
rm "$T"
ln -s "$TEST_DIR/victim" "$T"
run_ok "genfilt with a link planted at the table's name" genfilt -v 4 -s 0 -m 0
cmp -s "$TEST_DIR/victim" "$TEST_DIR/victim.orig"
ok $? "the link's target is untouched"
ok $([ -f "$T" ] && [ ! -L "$T" ]; echo $?) "the table is a file of its own now"
is "$(stat -c %a "$T")" "600" "tables are 0600"
mkdir -p "$TEST_DIR/exp"
ln -s "$TEST_DIR/victim" "$TEST_DIR/exp/filter_rules_v4.exp"
run_ok "expfilt with a link planted at the export's name" expfilt -v 4 -f "$TEST_DIR/exp"
cmp -s "$TEST_DIR/victim" "$TEST_DIR/victim.orig"
ok $? "the link's target is untouched"
is "$(stat -c %a "$TEST_DIR/exp/filter_rules_v4.exp")" "600" "exports are 0600"
is "$(ls -A "$EBFILT_CONFDIR" "$TEST_DIR/exp" | grep -c '\.tmp\|\.filter')" "0" \
   "no temporary file left behind"

# impfilt checks every ID: 0 is the default rule and nothing else, and the
# IDs rise. The whole import is refused at the first bad line.
imp() { # imp LINES...: an export directory holding those lines
	rm -rf "$TEST_DIR/imp" && mkdir -p "$TEST_DIR/imp" &&
	printf '%s\n' "$@" > "$TEST_DIR/imp/filter_rules_v4.exp"
}
E="$TEST_DIR/imp/filter_rules_v4.exp"
printf 'permit proto=tcp\ndefault deny\n' > "$T"
imp "0 permit proto=udp" "0 default deny"
run_fails "^impfilt: $E:1: 0: rule ID 0 is the default rule\$" impfilt -v 4 -f "$TEST_DIR/imp"
imp "1 permit proto=udp" "5 default deny"
run_fails "^impfilt: $E:2: default: the default rule has ID 0\$" impfilt -v 4 -f "$TEST_DIR/imp"
imp "2 permit proto=udp" "1 permit proto=icmp" "0 default deny"
run_fails "^impfilt: $E:2: rule: rule IDs must rise from line to line\$" impfilt -v 4 -f "$TEST_DIR/imp"
imp "1 permit proto=udp" "x deny" "0 default deny"
run_fails "^impfilt: $E:2: x: " impfilt -v 4 -f "$TEST_DIR/imp"
imp "1 default deny" "0 default deny"
run_fails "^impfilt: $E:1: default: the default rule has ID 0\$" impfilt -v 4 -f "$TEST_DIR/imp"
imp "1 permit proto=udp" "2 permit proto=icmp" "0 default deny"
run_ok "a well-formed import" impfilt -v 4 -f "$TEST_DIR/imp"
is "$(lsfilt -v 4 -O | cut -d'|' -f1,8 | tr '\n' ' ')" "1|tcp 2|udp 3|icmp 0|all " \
   "imported after the rules in force"

# Output that cannot be written is an error, not a success.
out=$(lsfilt -v 4 2>&1 >/dev/full)
is "$?:$out" "1:lsfilt: cannot write the output: No space left on device" "lsfilt > /dev/full fails, saying why"
out=$(ckfilt -v 4 2>&1 >/dev/full)
is "$?" "1" "so does ckfilt"

# Without the rights to read the pins: "permission denied", never "inactive".
if id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null; then
	mkdir -p "$EBFILT_PINDIR" && chmod 700 "$EBFILT_PINDIR"
	chmod 755 "$TEST_DIR" "$EBFILT_CONFDIR"
	chmod 644 "$T"
	as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all "$@"; }
	out=$(as_nobody "$BIN/lsfilt" -v 4 -a 2>&1)
	is "$?" "1" "lsfilt -a as nobody fails"
	like "$out" "^lsfilt: .*: permission denied\$" "saying permission denied"
	out=$(as_nobody "$BIN/ipsec_logd" -s 2>&1)
	is "$?:$(printf '%s' "$out" | grep -c inactive)" "1:0" "ipsec_logd -s as nobody fails too"
	like "$out" "permission denied\$" "and says why"
	chmod 700 "$TEST_DIR"
else
	ok 0 "# skip no user nobody or no setpriv"
fi
done_testing
