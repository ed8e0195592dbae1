#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The Debian package: dpkg-buildpackage builds it from a copy of the tree
# (the source tree is never written to), and unpacked with dpkg-deb -x into
# a temporary root its commands run, its units verify, its configuration
# is conffiles, its maintainer scripts start nothing, and lintian has
# nothing left to say. Nothing is installed on this machine.
. "$(dirname "$0")/../lib/tap.sh"
TOP=$(cd "$(dirname "$0")/../.." && pwd)

for tool in dpkg-buildpackage dh dpkg-deb; do
	if ! command -v $tool >/dev/null; then
		echo "1..0 # SKIP $tool is not installed (scripts/install-deps.sh installs it)"
		exit 0
	fi
done

version=$(sed -n 's/^VERSION *:= *//p' "$TOP/Makefile")
is "$(cd "$TOP" && dpkg-parsechangelog -S Version)" "$version" \
   "debian/changelog has the Makefile's version ($version)"

# A copy of the tree as git has it (or as it is, outside git), without build/.
src="$TEST_DIR/src"
mkdir -p "$src"
if [ -d "$TOP/.git" ] && command -v git >/dev/null; then
	before=$(git -C "$TOP" status --porcelain)
	(cd "$TOP" && { git ls-files; git ls-files --others --exclude-standard; } | sort -u |
		while read -r f; do [ -e "$f" ] && printf '%s\n' "$f"; done | tar -cf - -T -) |
		tar -xf - -C "$src"
else
	(cd "$TOP" && tar -cf - --exclude=./build .) | tar -xf - -C "$src"
fi
start=$(date +%s)
# Not make check's make: its flags and job server are not the package's.
(cd "$src" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL dpkg-buildpackage -us -uc -b) \
	> "$TEST_DIR/build.log" 2>&1
rc=$?
ok $rc "dpkg-buildpackage -us -uc -b ($(( $(date +%s) - start )) s)"
[ $rc -eq 0 ] || tail -20 "$TEST_DIR/build.log" | sed 's/^/#   /'
deb="$TEST_DIR/ebfilt_${version}_$(dpkg --print-architecture).deb"
[ -f "$deb" ]
ok $? "it builds $(basename "$deb")"
if [ -d "$TOP/.git" ] && command -v git >/dev/null; then
	is "$(git -C "$TOP" status --porcelain)" "$before" "the source tree is as it was"
fi

root="$TEST_DIR/root"
dpkg-deb -x "$deb" "$root"
ok $? "dpkg-deb -x unpacks it"
missing=""
for f in usr/sbin/genfilt usr/sbin/chfilt usr/sbin/rmfilt usr/sbin/mvfilt usr/sbin/lsfilt \
	 usr/sbin/ckfilt usr/sbin/expfilt usr/sbin/impfilt usr/sbin/mkfilt usr/sbin/ipsec_logd \
	 usr/sbin/ipsec_log usr/sbin/ebfilt_watchd usr/share/man/man8/mkfilt.8.gz \
	 usr/share/man/man5/ebfilt.conf.5.gz lib/systemd/system/ebfilt.service \
	 lib/systemd/system/ipsec_logd.service lib/systemd/system/ebfilt-boot-failure.service \
	 usr/libexec/ebfilt/ebfilt-boot-failure etc/ebfilt/ebfilt.conf etc/rsyslog.d/30-ebfilt.conf \
	 etc/logrotate.d/ebfilt usr/share/bash-completion/completions/mkfilt \
	 usr/share/doc/ebfilt/copyright; do
	[ -e "$root/$f" ] || missing="$missing $f"
done
is "$missing" "" "commands, man pages, units, configuration, completion, copyright"

# The commands run from where the package puts them (on a temporary table).
run_ok "the packaged genfilt adds a rule" "$root/usr/sbin/genfilt" -v 4 -a P -s 192.0.2.0 -m 255.255.255.0
run_ok "the packaged lsfilt lists it" "$root/usr/sbin/lsfilt" -v 4 -O
like "$OUT" '^1\|permit\|192\.0\.2\.0\|255\.255\.255\.0' "the rule as genfilt wrote it"
run_fails '^mkfilt: -g sometimes: must be start or stop$' "$root/usr/sbin/mkfilt" -g sometimes
out=$(LC_ALL=C.UTF-8 man --warnings -l "$root/usr/share/man/man8/mkfilt.8.gz" 2>&1 >/dev/null)
is "$out" "" "the packaged man pages render"

# The units as packaged.
if command -v systemd-analyze >/dev/null; then
	for u in ebfilt ebfilt-boot-failure ipsec_logd; do
		sed "s|/usr/sbin/|$root/usr/sbin/|g; s|/usr/libexec/|$root/usr/libexec/|g" \
			"$root/lib/systemd/system/$u.service" > "$TEST_DIR/$u.service"
		out=$(systemd-analyze verify --man=no "$TEST_DIR/$u.service" 2>&1)
		is "$?:$out" "0:" "$u.service from the package: systemd-analyze verify finds nothing"
	done
	out=$(systemd-analyze security --offline=yes --threshold=30 --no-pager "$TEST_DIR/ipsec_logd.service" 2>&1)
	ok $? "ipsec_logd.service from the package: exposure 3.0 or lower"
	printf '%s\n' "$out" | grep 'Overall exposure' | sed 's/^/# /'
fi

# Configuration is conffiles: an upgrade keeps the administrator's edits.
is "$(dpkg-deb -f "$deb" Package Architecture | tr '\n' ' ')" "Package: ebfilt Architecture: $(dpkg --print-architecture) " \
   "control: package and architecture"
ctrl="$TEST_DIR/control"
dpkg-deb -e "$deb" "$ctrl"
is "$(sort "$ctrl/conffiles" | tr '\n' ' ')" \
   "/etc/ebfilt/ebfilt.conf /etc/ebfilt/examples/filter4.rules /etc/ebfilt/examples/filter6.rules /etc/logrotate.d/ebfilt /etc/rsyslog.d/30-ebfilt.conf " \
   "the conffiles: ebfilt.conf, the sample tables, the rsyslog and logrotate files"
for s in preinst postinst prerm postrm; do
	[ ! -e "$ctrl/$s" ] || sh -n "$ctrl/$s" || echo "# $s" >> "$TEST_DIR/badsh"
done
is "$(cat "$TEST_DIR/badsh" 2>/dev/null)" "" "the maintainer scripts are valid sh"
grep -v '^[[:space:]]*#' "$ctrl/postinst" |
	grep -Eq 'deb-systemd-invoke (start|restart)|systemctl (start|enable)|mkfilt -u|-g start'
ok $([ $? -ne 0 ]; echo $?) "postinst starts nothing: no unit started (dh re-enables only what was enabled), no mkfilt -u"
grep -q 'install -d -m 0750 /var/log/ebfilt' "$ctrl/postinst" && grep -q 'install -d -m 0755 /etc/ebfilt' "$ctrl/postinst"
ok $? "postinst makes /etc/ebfilt (0755) and /var/log/ebfilt (0750)"
grep -q 'mkfilt -d' "$ctrl/prerm" && grep -q 'mkfilt -g stop' "$ctrl/prerm"
ok $? "prerm takes the filter out and stops logging on removal"

# prerm with nothing active: it must not fail the removal. Run it with a
# stand-in mkfilt that fails, as if the kernel had nothing to take out,
# and no /run/systemd: the removal still goes on.
mkdir -p "$TEST_DIR/fakebin"
printf '#!/bin/sh\necho "mkfilt: $*: failed" >&2\nexit 1\n' > "$TEST_DIR/fakebin/mkfilt"
chmod +x "$TEST_DIR/fakebin/mkfilt"
sed -e "s|/run/ebfilt|$TEST_DIR/run|g; s|/sys/fs/bpf/ebfilt|$TEST_DIR/pins|g; s|/run/systemd/system|$TEST_DIR/nosystemd|g" \
	"$ctrl/prerm" > "$TEST_DIR/prerm"
mkdir -p "$TEST_DIR/run" && : > "$TEST_DIR/run/attached"
out=$(PATH="$TEST_DIR/fakebin:$PATH" sh "$TEST_DIR/prerm" remove 2>&1)
is "$?" 0 "prerm remove succeeds even when mkfilt -d fails"
like "$out" '^ebfilt: mkfilt -d failed' "and says so"
rm -f "$TEST_DIR/run/attached"
out=$(PATH="$TEST_DIR/fakebin:$PATH" sh "$TEST_DIR/prerm" remove 2>&1)
is "$?:$out" "0:" "with nothing active it runs nothing and says nothing"

if command -v lintian >/dev/null; then
	lintian --pedantic -I -E --tag-display-limit 0 "$deb" > "$TEST_DIR/lintian" 2>&1
	sed 's/^/# lintian: /' "$TEST_DIR/lintian"
	is "$(grep -E '^[EWIPX]: ' "$TEST_DIR/lintian")" "" \
	   "lintian --pedantic: nothing left (the overrides say why for the rest)"
fi
done_testing
