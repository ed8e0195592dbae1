#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Bash completion (docs/completion/ebfilt), driven as bash does: COMP_WORDS
# and COMP_CWORD set, the function called, COMPREPLY read. The flags are
# those of each command's --help, the letters and words those the commands
# accept (their own error messages list them), the rule IDs those of the
# tables in EBFILT_CONFDIR.
. "$(dirname "$0")/../lib/tap.sh"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
. "$TOP/docs/completion/ebfilt"

comp() { # comp WORD... (the last is being completed): COMPREPLY, one line
	local fn
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	fn=$(complete -p "$1" 2>/dev/null | sed -n 's/.*-F \([^ ]*\) .*/\1/p')
	[ -n "$fn" ] && "$fn"
	printf '%s\n' "${COMPREPLY[*]}"
}
sorted() { tr ' ' '\n' | grep . | sort | tr '\n' ' '; }
# The flags a --help line names, for the lines starting with PREFIX.
help_flags() { # help_flags COMMAND PREFIX
	"$1" --help | sed 's/^usage: //; s/^ *//' | grep "^$2" | grep -oE '(^| |\[|\|)-[A-Za-z]\b' |
		tr -d ' [|' | sort -u | tr '\n' ' '
}
# The choices an error message lists, for genfilt FLAG.
choices() { # choices FLAG
	genfilt -v 4 -s 0 -m 0 "$1" XX 2>&1 | sed -E 's/.*(one of |\()//; s/, or .*//' |
		tr '|' ' ' | sorted
}

commands=$(cd "$TOP/user/cmd" && ls *.c | sed 's/\.c$//')
missing=""
for c in $commands ipsec_report; do
	[ "$(complete -p "$c" 2>/dev/null)" = "complete -F _ebfilt $c" ] || missing="$missing $c"
done
is "$missing" "" "every command has a completion, ipsec_report too"

# Flags: those of the synopsis, then --help and --version in first place.
for c in genfilt chfilt rmfilt mvfilt lsfilt ckfilt expfilt impfilt mkfilt ipsec_logd ebfilt_watchd; do
	is "$(comp "$c" - | sorted)" "$(printf '%s\n' $(help_flags "$c" "$c") --help --version | sorted)" \
	   "$c -<TAB>: the flags of $c --help"
done
for verb in get clear get_and_clear stats dump; do
	is "$(comp ipsec_log "$verb" - | sorted)" \
	   "$(printf '%s\n' $(help_flags ipsec_log "ipsec_log $verb ") --help --version | sorted)" \
	   "ipsec_log $verb -<TAB>"
done
is "$(comp genfilt -v 4 -a P -)" "-n -s -m -d -M -g -c -o -p -O -P -r -w -l -f -t -i -D -e -x -X" \
   "a flag given is not offered again, nor --help after the first word"
is "$(comp genfilt --)" "--help --version" "genfilt --<TAB>"
is "$(comp genfilt -v 4 --)" "" "genfilt -v 4 --<TAB>: nothing"
is "$(comp mkfilt '')" "-v -u -i -d -z -g" "mkfilt <TAB>: flags, -i taking no value"
is "$(comp rmfilt -v 4 -f '')" "-n -d" "rmfilt -f takes no value"

# Values: the letters and words genfilt names when it refuses one.
for f in -a -g -r -w -f -c -o; do
	is "$(comp genfilt "$f" '' | sorted)" "$(choices "$f")" "genfilt $f <TAB>: what genfilt accepts"
done
is "$(comp chfilt -O '' | sorted)" "$(choices -o)" "chfilt -O <TAB>: the operators"
accepted=$(choices -l)
offered=$(comp genfilt -l '')
is "$(for l in $accepted; do [[ " $offered " == *" $l "* ]] || echo "$l"; done)" "" \
   "genfilt -l <TAB> offers every letter genfilt accepts ($accepted)"
like "$offered" '(^| )S YS DS$' "and session logging: S, YS, DS"
is "$(comp chfilt -c tcp)" "tcp tcp/ack" "chfilt -c tcp<TAB>"
is "$(comp ckfilt -v '')" "4 6" "ckfilt -v <TAB>"
like "$(comp genfilt -i '')" '^all( |$)' "genfilt -i <TAB>: all"
is "$(comp genfilt -i l | tr ' ' '\n' | grep -x lo)" "lo" "and the interfaces (lo)"
is "$(comp genfilt -v 4 -s '')" "" "genfilt -s <TAB>: an address, nothing offered"
is "$(comp mkfilt -g '')" "start stop" "mkfilt -g <TAB>"
is "$(comp mkfilt -z '')" "P D" "mkfilt -z <TAB>"
mkdir -p "$TEST_DIR/exports/v4" && touch "$TEST_DIR/exports/pattern.txt"
is "$(comp expfilt -f "$TEST_DIR/exports/")" "$TEST_DIR/exports/v4" "expfilt -f <TAB>: directories"
is "$(comp genfilt -X "$TEST_DIR/exports/p")" "$TEST_DIR/exports/pattern.txt" "genfilt -X <TAB>: files"

# Rule IDs, from the tables lsfilt reads: EBFILT_CONFDIR's.
for i in 1 2 3; do genfilt -v 4 -s 192.0.2.$i -m 255.255.255.255 >/dev/null; done
genfilt -v 6 -s 2001:db8::1 -m 128 >/dev/null
is "$(comp chfilt -v 4 -n '')" "0 1 2 3" "chfilt -v 4 -n <TAB>: the IDs, 0 the default rule"
is "$(comp lsfilt -v 6 -n '')" "0 1" "lsfilt -v 6 -n <TAB>"
is "$(comp rmfilt -v 4 -n '')" "all 1 2 3" "rmfilt -v 4 -n <TAB>: all, and not 0"
is "$(comp mvfilt -v 4 -p 3 -n '')" "1 2 3" "mvfilt -v 4 -p 3 -n <TAB>"
is "$(comp chfilt -v 4 -n 9)" "" "chfilt -v 4 -n 9<TAB>: no such rule"
is "$(comp genfilt -v 4 -n '')" "1 2 3" "genfilt -v 4 -n <TAB>"
is "$(comp expfilt -v 4 -l 2)" "2" "expfilt -v 4 -l 2<TAB>"
is "$(comp rmfilt -n '')" "all 1 2 3" "rmfilt -n <TAB> without -v: both tables"
is "$(EBFILT_CONFDIR="$TEST_DIR/empty" comp chfilt -v 4 -n '')" "0" \
   "another EBFILT_CONFDIR, another table: the default rule only"

# ipsec_log: subcommands, macro verbs and names, formats, filter words.
is "$(comp ipsec_log '')" "get clear get_and_clear stats dump macro" "ipsec_log <TAB>"
is "$(comp ipsec_log -)" "--help --version" "ipsec_log -<TAB>"
is "$(comp ipsec_log macro '')" "add delete print names expand" "ipsec_log macro <TAB>"
ipsec_log macro add dns "port 53" >/dev/null && ipsec_log macro add denied "action deny" >/dev/null
is "$(comp ipsec_log macro delete '' | sorted)" "denied dns " "ipsec_log macro delete <TAB>: the macros"
is "$(comp ipsec_log get macro d | sorted)" "denied dns " "ipsec_log get macro <TAB>: the macros"
is "$(comp ipsec_log dump -f '')" "aix ipmon json welf pcap" "ipsec_log dump -f <TAB>"
is "$(comp ipsec_log dump -i /dev/nul)" "/dev/null" "ipsec_log dump -i <TAB>: files"
is "$(comp ipsec_log get src 192.0.2.1 a | sorted)" "action ah and " "ipsec_log get ... a<TAB>: filter words"
is "$(comp ipsec_log get -U '')" "" "ipsec_log get -U <TAB>: a text, nothing offered"

# ipsec_report: long options of one dash.
is "$(comp ipsec_report -)" "-host -ip -bypass -cache -n -sa -audit -entity -file -j --json --help --version" \
   "ipsec_report -<TAB>"
is "$(comp ipsec_report -j -)" "-host -ip -bypass -cache -n -sa -audit -entity -file -j --json" \
   "and not --help after the first word"
is "$(comp ipsec_report -host '')" "active configured" "ipsec_report -host <TAB>"
is "$(comp ipsec_report -entity '')" "mkfilt ipsec_logd shun if-state session tunnel config" \
   "ipsec_report -entity <TAB>: the components"
is "$(comp ipsec_report -n '')" "" "ipsec_report -n <TAB>: a number, nothing offered"
is "$(comp ipsec_report -audit "$TEST_DIR/exports/p")" "$TEST_DIR/exports/pattern.txt" \
   "ipsec_report -audit <TAB>: files"
is "$(comp ipsec_report -file "$TEST_DIR/exports/p")" "$TEST_DIR/exports/pattern.txt" \
   "ipsec_report -file <TAB>: files"
done_testing
