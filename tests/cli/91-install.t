#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make install and make uninstall are exact inverses in a DESTDIR; the
# files installed beside the commands work: bash completion, the rsyslog
# drop-in, the logrotate file, the sample ebfilt.conf; every source file
# carries its licence.
. "$(dirname "$0")/../lib/tap.sh"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
root="$TEST_DIR/root"
mkdir -p "$root"

make -s -C "$TOP" install DESTDIR="$root" prefix=/usr >"$TEST_DIR/out" 2>&1
ok $? "make install DESTDIR=... prefix=/usr"
is "$(cat "$TEST_DIR/out")" "" "and says nothing into an empty tree"
missing=""
for f in usr/sbin/mkfilt usr/sbin/ebfilt_watchd usr/share/man/man5/ebfilt.conf.5 \
	 usr/lib/systemd/system/ebfilt.service usr/lib/systemd/system/ipsec_logd.service \
	 etc/ebfilt/ebfilt.conf etc/ebfilt/examples/filter6.rules etc/rsyslog.d/30-ebfilt.conf \
	 etc/logrotate.d/ebfilt usr/share/bash-completion/completions/ipsec_log \
	 usr/share/doc/ebfilt/LICENSE usr/libexec/ebfilt/ebfilt-boot-failure \
	 usr/lib/systemd/system/ebfilt-boot-failure.service; do
	[ -e "$root/$f" ] || missing="$missing $f"
done
is "$missing" "" "commands, man pages, units, configuration, completion, licence"
if dir=$(pkg-config --variable=completionsdir bash-completion 2>/dev/null); then
	[ -f "$root$dir/ebfilt" ]
	ok $? "with prefix=/usr the completion is in bash-completion's completionsdir ($dir)"
else
	ok 0 "# SKIP bash-completion's pkg-config file is not installed"
fi
is "$(grep -hE '^Exec.*(mkfilt|ipsec_logd)' "$root"/usr/lib/systemd/system/*.service |
      grep -Evc '^Exec[A-Za-z]*=/usr/sbin/(mkfilt|ipsec_logd) ')" 0 "the units run the installed commands"
grep -q '^MKFILT=/usr/sbin/mkfilt$' "$root/usr/libexec/ebfilt/ebfilt-boot-failure" &&
	grep -q '^ExecStart=/usr/libexec/ebfilt/ebfilt-boot-failure$' \
		"$root/usr/lib/systemd/system/ebfilt-boot-failure.service"
ok $? "and the boot_failure script, which runs the installed mkfilt"
is "$(stat -c %a "$root/etc/ebfilt/ebfilt.conf" "$root/usr/sbin/mkfilt" \
	"$root/usr/libexec/ebfilt/ebfilt-boot-failure" | tr '\n' ' ')" "644 755 755 " \
   "modes: configuration 0644, commands and script 0755"

# The configuration is the administrator's: an edit survives both ways.
echo "interfaces eth0" >> "$root/etc/ebfilt/ebfilt.conf"
make -s -C "$TOP" install DESTDIR="$root" prefix=/usr >"$TEST_DIR/out" 2>&1
like "$(cat "$TEST_DIR/out")" "ebfilt.conf was changed: kept" "install keeps an edited ebfilt.conf"
grep -q '^interfaces eth0$' "$root/etc/ebfilt/ebfilt.conf"
ok $? "with the edit in it"
make -s -C "$TOP" uninstall DESTDIR="$root" prefix=/usr >"$TEST_DIR/out" 2>&1
ok $? "make uninstall"
is "$(cd "$root" && find . -mindepth 1 | sort | tr '\n' ' ')" "./etc ./etc/ebfilt ./etc/ebfilt/ebfilt.conf " \
   "uninstall leaves the edited ebfilt.conf alone, and nothing else"
rm -rf "$root" && mkdir "$root"
make -s -C "$TOP" install DESTDIR="$root" PREFIX=/opt/ebfilt >/dev/null 2>&1 &&
	make -s -C "$TOP" uninstall DESTDIR="$root" PREFIX=/opt/ebfilt >/dev/null 2>&1
ok $? "install then uninstall with PREFIX=/opt/ebfilt"
is "$(find "$root" -mindepth 1 | wc -l)" 0 "the DESTDIR is empty again: files and directories"

# The real install, with the default prefix: check the units' paths.
make -s -C "$TOP" install DESTDIR="$root" >/dev/null 2>&1
grep -q '^ExecStart=/usr/local/sbin/mkfilt -u$' "$root/usr/local/lib/systemd/system/ebfilt.service"
ok $? "ebfilt.service runs mkfilt -u from sbindir"
comp="$root/usr/local/share/bash-completion/completions"

# Bash completion, as bash-completion loads it: by the command's name.
complete_words() { # complete_words WORD... (the last is being completed)
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		 f=$(complete -p "$1" | sed -n "s/.*-F \([^ ]*\) .*/\1/p"); "$f"
		 printf "%s " "${COMPREPLY[@]}"' - "$comp/${1}" "$@"
}
for c in genfilt chfilt rmfilt mvfilt lsfilt ckfilt expfilt impfilt mkfilt ipsec_logd ipsec_log \
	 ebfilt_watchd; do
	[ "$(bash -c ". '$comp/$c'; complete -p $c" 2>/dev/null)" = "complete -F _ebfilt $c" ] ||
		echo "# $c has no completion" >> "$TEST_DIR/nocomp"
done
is "$(cat "$TEST_DIR/nocomp" 2>/dev/null)" "" "every command has a completion (complete -p)"
commands=$(cd "$TOP/user/cmd" && ls *.c | sed 's/\.c$//')
is "$(for c in $commands; do [ "$(readlink "$comp/$c")" = ebfilt ] || echo "$c"; done)" "" \
   "a link named after each command of user/cmd/, to the one file"
# bash-completion itself, told to look in the staged tree as it looks in
# /usr/local/share by default, loads each command's completion by name.
if [ -r /usr/share/bash-completion/bash_completion ]; then
	loaded=$(XDG_DATA_DIRS="$root/usr/local/share" BASH_COMPLETION_USER_DIR=/nonexistent bash -c '
		. /usr/share/bash-completion/bash_completion
		for c; do __load_completion "$c"; complete -p "$c"; done' - $commands 2>&1)
	is "$loaded" "$(for c in $commands; do echo "complete -F _ebfilt $c"; done)" \
	   "bash-completion finds each command's completion in datarootdir"
else
	ok 0 "# SKIP bash-completion is not installed"
fi
is "$(complete_words mkfilt -g '')" "start stop " "mkfilt -g <TAB>"
is "$(complete_words mkfilt '')" "-v -u -i -d -z -g " "mkfilt <TAB>: the flags of mkfilt(8)"
is "$(complete_words genfilt -v 4 -c ic)" "icmp icmpv6 " "genfilt -c ic<TAB>"
is "$(complete_words ipsec_log d)" "dump " "ipsec_log d<TAB>"
is "$(complete_words ipsec_log dump -f j)" "json " "ipsec_log dump -f j<TAB>"
for c in genfilt rmfilt mvfilt lsfilt ckfilt expfilt impfilt mkfilt ipsec_logd ipsec_log; do
	page=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$TOP/docs/man/$c.8" 2>/dev/null)
	for f in $(complete_words "$c" -); do
		printf '%s\n' "$page" | grep -q -- "^ *$f\b" || echo "# $c $f" >> "$TEST_DIR/undoc"
	done
done
is "$(cat "$TEST_DIR/undoc" 2>/dev/null)" "" "every flag completed is in the man page"

# rsyslog reads the drop-in, and local4 goes to its file only.
if command -v rsyslogd >/dev/null; then
	cat > "$TEST_DIR/rsyslog.conf" <<-EOC
	module(load="imuxsock" SysSock.Use="off")
	\$IncludeConfig $TOP/docs/rsyslog/30-ebfilt.conf
	*.* $TEST_DIR/other.log
	EOC
	out=$(rsyslogd -N1 -f "$TEST_DIR/rsyslog.conf" 2>&1)
	ok $? "rsyslogd -N1 accepts 30-ebfilt.conf"
	sed 's/^& stop$/\& stop now/' "$TOP/docs/rsyslog/30-ebfilt.conf" > "$TEST_DIR/bad.conf"
	sed -i "s|$TOP/docs/rsyslog/30-ebfilt.conf|$TEST_DIR/bad.conf|" "$TEST_DIR/rsyslog.conf"
	rsyslogd -N1 -f "$TEST_DIR/rsyslog.conf" >/dev/null 2>&1
	ok $([ $? -ne 0 ]; echo $?) "and the check bites (a broken copy is refused)"
else
	ok 0 "# SKIP rsyslogd is not installed"
fi
grep -Eq '^local4\.\*.*file="/var/log/ebfilt/ipsec.log"' "$TOP/docs/rsyslog/30-ebfilt.conf" &&
	[ "$(grep -v '^[[:space:]#]' "$TOP/docs/rsyslog/30-ebfilt.conf" | tail -1)" = "& stop" ]
ok $? "local4 goes to /var/log/ebfilt/ipsec.log, then stops"
if command -v logrotate >/dev/null; then
	out=$(logrotate -d -s "$TEST_DIR/lr.state" "$TOP/docs/logrotate/ebfilt" 2>&1)
	ok $? "logrotate -d reads the logrotate file"
	like "$out" "considering log /var/log/ebfilt/ipsec.log" "it rotates ipsec.log"
	printf '%s\n' "$out" | grep -q 'ebfilt/ebfilt.log'
	ok $([ $? -ne 0 ]; echo $?) "and never the log store"
else
	ok 0 "# SKIP logrotate is not installed"
fi

# The sample ebfilt.conf names every keyword of ebfilt.conf(5), commented.
keys=$(grep -v ' ([0-9])' "$TOP/docs/man/ebfilt.conf.5" | sed -n 's/^\.BI\{0,1\}R\{0,1\} \([a-z_]*\)\( .*\)\{0,1\}$/\1/p' |
       grep '_\|^interfaces$\|^inbound$\|^tunnel$' | sort -u)
missing=""
for k in $keys; do grep -q "^#$k\b" "$TOP/docs/examples/ebfilt.conf" || missing="$missing $k"; done
is "$missing" "" "the sample ebfilt.conf has every keyword ($(echo $keys | wc -w))"
is "$(grep -v '^#' "$TOP/docs/examples/ebfilt.conf" | grep -c '[^[:space:]]')" 0 \
   "and sets none: as shipped it changes nothing"

# Every source file says its licence.
cd "$TOP"
if [ -d .git ] && command -v git >/dev/null; then files=$(git ls-files); else files=$(find . -type f ! -path './build/*'); fi
nolicence=$(printf '%s\n' "$files" | grep -Ev '(^|/)(README\.md|LICENSE|\.gitignore)$|\.md$|^(\./)?tests/fuzz/corpus/|^(\./)?debian/(changelog|copyright|source/format)$' |
	   while read -r f; do [ -f "$f" ] && ! head -3 "$f" | grep -q 'SPDX-License-Identifier' && echo "$f"; done)
is "$nolicence" "" "every source file has an SPDX-License-Identifier line"
done_testing
