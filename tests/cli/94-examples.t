#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Every example of every man page is run. The examples are the .EX/.EE
# blocks of a page's EXAMPLES section, read from the roff source:
#  - a block after the comment line `.\" file: NAME` is the content of NAME
#    in EBFILT_CONFDIR, written before the blocks that follow;
#  - in a block whose lines start with "$ ", those are commands and the
#    lines after each are its output, compared with line breaks left out
#    (a page may break a long line to fit);
#  - in any other block each line is a command (a trailing \ continues it).
# Each page's examples run in order, in a sandbox of their own (the
# EBFILT_* directories, a working directory, absolute paths under /var,
# /tmp and /etc moved into it), starting from tables of eight rules per
# version and a log store. Those that need a live filter are listed in
# LIVE with the e2e test that runs that very command, which is checked.
# Each page has one FILES section, naming each path once.
. "$(dirname "$0")/../lib/tap.sh"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
STORE="$TOP/tests/fuzz/corpus/fuzz_store/wrapped"	# a log store as ipsec_logd leaves it

declare -A LIVE=(
	["mkfilt -u"]=tests/e2e/10-filter.t
	["mkfilt -v 4 -u"]=tests/e2e/20-config.t
	["mkfilt -d"]=tests/e2e/10-filter.t
	["mkfilt -g start"]=tests/e2e/30-logging.t
	["lsfilt -v 4 -a"]=tests/e2e/50-newif.t
	["rmfilt -v 4 -d"]=tests/e2e/60-stateful.t
	["ipsec_report -host active"]=tests/e2e/87-report.t
	["ipsec_report -cache -j"]=tests/e2e/87-report.t
)
declare -A USED=()

# The records of PAGE's EXAMPLES: "F name", "B" (a block begins), "L text", "E".
records() { # records PAGE
	awk '
	/^\.SH / { in_ex = ($0 ~ /^\.SH EXAMPLES?$/); next }
	!in_ex { next }
	/^\.\\" file: / { sub(/^\.\\" file: /, ""); print "F " $0; next }
	/^\.EX/ { block = 1; print "B"; next }
	/^\.EE/ { block = 0; print "E"; next }
	block {
		gsub(/\\-/, "-"); gsub(/\\\(dq/, "\""); gsub(/\\\(aq/, "\047"); gsub(/\\&/, "")
		gsub(/\\e/, "\\"); print "L " $0
	}' "$1"
}

# One command: run in the sandbox, or found in the e2e test that runs it.
run_example() { # run_example PAGE COMMAND [EXPECTED-OUTPUT]
	local page=$1 cmd=$2 bare out
	bare=$(sed -E 's/[[:space:]]+#.*$//; s/[[:space:]]+$//' <<<"$cmd")
	if [ -n "${LIVE[$bare]+x}" ]; then
		USED[$bare]=1
		grep -qF -- "$bare" "$TOP/${LIVE[$bare]}"
		ok $? "$page: $bare: run by ${LIVE[$bare]}"
		return
	fi
	cmd=$(sed -E 's#(^|[ ="])/(var|tmp|etc)/#\1'"$S"'/\2/#g' <<<"$cmd")
	out=$(cd "$S/cwd" && bash -o pipefail -c "$cmd" 2>"$TEST_DIR/stderr")
	ok $? "$page: $bare"
	[ -s "$TEST_DIR/stderr" ] && sed 's/^/#   stderr: /' "$TEST_DIR/stderr"
	if [ $# -ge 3 ]; then
		is "$(tr -d '\n' <<<"$out")" "$(tr -d '\n' <<<"$3")" "$page: $bare: prints what the page shows"
	fi
}

# A page's sandbox, with the tables and the log store its examples start from.
sandbox() { # sandbox PAGE
	S="$TEST_DIR/sandbox/$1"
	mkdir -p "$S/cwd" "$S/var/backups" "$S/var/log/ebfilt" "$S/tmp" "$S/etc" "$S/log"
	export EBFILT_CONFDIR="$S/conf" EBFILT_RUNDIR="$S/run" EBFILT_LOGDIR="$S/log" EBFILT_PINDIR="$S/pin"
	V4_TABLE="$EBFILT_CONFDIR/filter4.rules" V6_TABLE="$EBFILT_CONFDIR/filter6.rules"
	cp "$STORE" "$S/log/ebfilt.log"
	case $1 in
	lsfilt.8)	# the rule genfilt(8)'s first example makes
		genfilt -v 4 -a P -s 198.51.100.0 -m 255.255.255.0 -d 192.0.2.1 -c tcp -O eq -P 22 \
			-w I -l Y -D "ssh from the lab" >/dev/null ;;
	*.8)
		for i in 1 2 3 4 5 6 7 8; do
			genfilt -v 4 -s 192.0.2.$i -m 255.255.255.255 >/dev/null
			genfilt -v 6 -s 2001:db8::$i -m 128 >/dev/null
		done ;;
	esac
	case $1 in
	impfilt.8)	# what expfilt(8)'s examples write
		expfilt -r -f "$S/var/backups/ebfilt" >/dev/null &&
			expfilt -v 4 -f "$S/tmp/from-peer" >/dev/null ;;
	esac
}

for path in "$TOP"/docs/man/*.[578]; do
	page=${path##*/}
	sandbox "$page"
	count=0 file="" block=() session=0
	while IFS= read -r rec; do
		case $rec in
		"F "*)	file=${rec#F } ;;
		B)	block=() ;;
		"L "*)	block+=("${rec#L }") ;;
		"L")	block+=("") ;;
		E)
			if [ -n "$file" ]; then
				mkdir -p "$EBFILT_CONFDIR"
				printf '%s\n' "${block[@]}" > "$EBFILT_CONFDIR/$file"
				file=""
				continue
			fi
			session=0
			[[ ${block[0]} == '$ '* ]] && session=1
			cmd="" expect=""
			for line in "${block[@]}"; do
				if [ $session = 1 ]; then
					if [[ $line == '$ '* ]]; then
						[ -n "$cmd" ] && { run_example "$page" "$cmd" "$expect"; count=$((count + 1)); }
						cmd=${line#\$ } expect=""
					else
						expect+="$line"$'\n'
					fi
				elif [[ $line == *\\ ]]; then
					cmd+="${line%\\} "
				else
					cmd+=$line
					[ -n "$cmd" ] && { run_example "$page" "$cmd"; count=$((count + 1)); }
					cmd=""
				fi
			done
			[ $session = 1 ] && [ -n "$cmd" ] && { run_example "$page" "$cmd" "$expect"; count=$((count + 1)); }
			;;
		esac
	done < <(records "$path")
	[ "$count" -gt 0 ]
	ok $? "$page has examples ($count commands)"
	is "$(grep -c '^\.SH FILES$' "$path")" 1 "$page has one FILES section"
	is "$(awk '/^\.SH / { f = ($0 == ".SH FILES") } f && /^\.I / { print }' "$path" | sort | uniq -d)" "" \
	   "$page names each path once in FILES"
done
stale=""
for cmd in "${!LIVE[@]}"; do [ -n "${USED[$cmd]+x}" ] || stale="$stale [$cmd]"; done
is "$stale" "" "every command LIVE lists is an example"
done_testing
