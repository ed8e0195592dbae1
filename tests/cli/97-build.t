#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The Makefile: flags from the command line add to the build's own, every
# file in user/cmd/ is a command, and the build works in another directory.
. "$(dirname "$0")/../lib/tap.sh"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
OUT="$TEST_DIR/build"

line=$(make -s -n -C "$TOP" V=1 OUTPUT="$OUT" CFLAGS=-O1 "$OUT/user/util/diag.o" | grep ' -c ')
for want in -std=gnu11 -Werror -Wall -O1 -MMD; do
	like "$line" " $want( |$)" "CFLAGS=-O1 keeps $want in the compile line"
done

make -s -C "$TOP" OUTPUT="$OUT" CPPFLAGS=-DNDEBUG -j2 all >/dev/null 2>"$TEST_DIR/build.err"
ok $? "make CPPFLAGS=-DNDEBUG builds"
commands=$(cd "$TOP/user/cmd" && ls *.c | sed 's/\.c$//' | sort | tr '\n' ' ')
built=""
for c in $commands; do [ -x "$OUT/$c" ] && built="$built$c "; done
is "$built" "$commands" "one command is built for each file in user/cmd/"
"$OUT/lsfilt" -v 4 -O >/dev/null
ok $? "a command built there runs"
done_testing
