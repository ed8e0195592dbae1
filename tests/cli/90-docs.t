#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Man pages render cleanly and document every flag; make install honours
# PREFIX and DESTDIR; the sample tables are valid.
. "$(dirname "$0")/../lib/tap.sh"
TOP=$(cd "$(dirname "$0")/../.." && pwd)

declare -A FLAGS=(
	[genfilt]="v n a s m d M g c o p O P r w l f t i D e x X"
	[chfilt]="v n a s m d M g c o p O P r w l f t i D e x X"
	[rmfilt]="v n f" [mvfilt]="v p n" [lsfilt]="v n O a" [ckfilt]="O v"
	[expfilt]="p q r v f l" [impfilt]="v f l" [mkfilt]="v z u d i g" [ipsec_logd]="F p r s o" [ipsec_log]="U i o f x"
	[ebfilt_watchd]="F"
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
