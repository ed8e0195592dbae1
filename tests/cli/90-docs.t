#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Man pages render cleanly and document every flag; --help, --version and
# the usage agree with them; make install honours PREFIX and DESTDIR; the
# sample tables are valid.
. "$(dirname "$0")/../lib/tap.sh"
TOP=$(cd "$(dirname "$0")/../.." && pwd)

declare -A FLAGS=(
	[genfilt]="v n a s m d M g c o p O P r w l f t i D e x X"
	[chfilt]="v n a s m d M g c o p O P r w l f t i D e x X"
	[rmfilt]="v n f" [mvfilt]="v p n" [lsfilt]="v n O a" [ckfilt]="O v"
	[expfilt]="p q r v f l" [impfilt]="v f l" [mkfilt]="v z u d i g" [ipsec_logd]="F p r s o j" [ipsec_log]="U i o f x"
	[ebfilt_watchd]="F" [ipsec_report]="host ip bypass cache n sa audit entity file j"
)
for cmd in "${!FLAGS[@]}"; do
	page="$TOP/docs/man/$cmd.8"
	warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
	is "$warnings" "" "$cmd.8 renders without warnings"
	text=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$page" 2>/dev/null)
	missing=""
	for f in ${FLAGS[$cmd]}; do
		printf '%s\n' "$text" | grep -q -- "^ *-$f\b" || missing="$missing -$f"
	done
	is "$missing" "" "$cmd.8 documents every flag"
	printf '%s\n' "$text" | grep -q "EBFILT_CONFDIR"
	ok $? "$cmd.8 documents EBFILT_CONFDIR"
done

# --help prints the man page's SYNOPSIS, --version the Makefile's VERSION;
# both only as the first argument; an unknown flag gets one line and the usage.
VERSION=$(sed -n 's/^VERSION *:= *//p' "$TOP/Makefile")
like "$VERSION" '^[0-9]+\.[0-9]+\.[0-9]+$' "the Makefile sets VERSION ($VERSION)"
is "$(grep -rlF "$VERSION" "$TOP/user" "$TOP/include" "$TOP/bpf" "$TOP/docs")" "" \
   "and nothing else in the sources or docs spells it out"
for cmd in "${!FLAGS[@]}"; do
	synopsis=$(LC_ALL=C.UTF-8 MANWIDTH=1000 man -l "$TOP/docs/man/$cmd.8" 2>/dev/null |
		   awk '/^SYNOPSIS/ { p = 1; next } /^[A-Z]/ { p = 0 } p && NF' | sed 's/^ *//')
	help=$("$cmd" --help 2>"$TEST_DIR/stderr")
	ok $? "$cmd --help exits 0"
	is "$(printf '%s\n' "$help" | sed -e 's/^usage: //' -e 's/^ *//')" "$synopsis" \
	   "$cmd --help prints $cmd.8's SYNOPSIS"
	is "$(head -c 7 <<<"$help")$(cat "$TEST_DIR/stderr")" "usage: " "and nothing else"
	is "$("$cmd" --version 2>&1; echo "rc=$?")" "$cmd (ebfilt) $VERSION"$'\n'"rc=0" "$cmd --version"
	what="unknown flag"
	[ "$cmd" = ipsec_log ] && what="unknown subcommand"
	out=$("$cmd" --frob 2>"$TEST_DIR/stderr")
	rc=$?
	is "$rc:$out:$(head -n 1 "$TEST_DIR/stderr")" "1::$cmd: --frob: $what" "$cmd --frob: exit 1, one line"
	is "$(tail -n +2 "$TEST_DIR/stderr")" "$help" "and the usage"
	page=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$TOP/docs/man/$cmd.8" 2>/dev/null)
	printf '%s\n' "$page" | grep -q -- '^ *--help\b' && printf '%s\n' "$page" | grep -q -- '^ *--version\b'
	ok $? "$cmd.8 documents --help and --version"
done
# Not the first argument: a flag's value, or an unknown flag.
out=$(lsfilt -v 4 --help 2>"$TEST_DIR/stderr")
is "$?:$out:$(head -n 1 "$TEST_DIR/stderr")" "1::lsfilt: --help: unknown flag" "lsfilt -v 4 --help is an unknown flag"
genfilt -v 4 -s 0 -m 0 -D --help >/dev/null
ok $? "genfilt -D --help: a description"
like "$(lsfilt -v 4 -O | head -n 1)" '\|--help$' "kept as it was given"
rm -f "$V4_TABLE"
is "$(ipsec_log dump --version)" "ipsec_log (ebfilt) $VERSION" "ipsec_log dump --version: first after the subcommand"
ipsec_log macro --help | cmp -s - <(ipsec_log --help)
ok $? "ipsec_log macro --help"
genfilt --help >/dev/full 2>/dev/null
is "$?" 1 "--help into a full disk fails"

for page in ebfilt-rules.5 ebfilt.conf.5; do
	is "$(LC_ALL=C.UTF-8 man --warnings -l "$TOP/docs/man/$page" 2>&1 >/dev/null)" "" \
	   "$page renders without warnings"
done

for v in 4 6; do
	mkdir -p "$EBFILT_CONFDIR"
	cp "$TOP/docs/examples/filter$v.rules" "$EBFILT_CONFDIR/"
	run_ok "sample IPv$v table is valid" lsfilt -v $v -O
	ckfilt -v $v >/dev/null
	ok $? "sample IPv$v table nests"
done

root="$TEST_DIR/root"
make -s -C "$TOP" install DESTDIR="$root" PREFIX=/usr >/dev/null 2>"$TEST_DIR/install.err"
ok $? "make install DESTDIR=... PREFIX=/usr"
missing=""
for f in usr/sbin/genfilt usr/sbin/chfilt usr/sbin/rmfilt usr/sbin/mvfilt usr/sbin/lsfilt \
	 usr/sbin/ckfilt usr/sbin/expfilt usr/sbin/impfilt usr/sbin/mkfilt usr/sbin/ipsec_logd \
	 usr/share/man/man8/genfilt.8 usr/share/man/man5/ebfilt-rules.5 \
	 etc/ebfilt/examples/filter4.rules usr/lib/systemd/system/ipsec_logd.service; do
	[ -e "$root/$f" ] || missing="$missing $f"
done
is "$missing" "" "commands, man pages and samples are installed under DESTDIR/PREFIX"
"$root/usr/sbin/lsfilt" -v 4 -O >/dev/null
ok $? "the installed lsfilt runs"
grep -q "^ExecStart=/usr/sbin/ipsec_logd -F$" "$root/usr/lib/systemd/system/ipsec_logd.service"
ok $? "the systemd unit points at the installed daemon"
done_testing
