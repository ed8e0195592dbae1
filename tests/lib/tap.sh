# SPDX-License-Identifier: GPL-2.0
# Minimal TAP for the command-level tests, sourced by tests/cli/*.t.
# Each test gets a private temporary directory (removed by a trap, even on
# failure) and an EBFILT_CONFDIR inside it, so no test touches /etc/ebfilt.

set -u

TAP_COUNT=0
TAP_FAILED=0
TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ebfilt-test.XXXXXX")
trap 'rm -rf "$TEST_DIR"' EXIT
export EBFILT_CONFDIR="$TEST_DIR/conf"
export EBFILT_RUNDIR="$TEST_DIR/run"
export EBFILT_LOGDIR="$TEST_DIR/log"
export EBFILT_PINDIR="$TEST_DIR/pin"
BIN=${EBFILT_BIN:-$(cd "$(dirname "$0")/../.." && pwd)/build}
PATH="$BIN:$PATH"
V4_TABLE="$EBFILT_CONFDIR/filter4.rules"
V6_TABLE="$EBFILT_CONFDIR/filter6.rules"

ok() { # ok CONDITION-STATUS NAME
	local name=${2//$'\n'/\\n}	# a TAP line is one line
	TAP_COUNT=$((TAP_COUNT + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $TAP_COUNT - $name"
	else
		echo "not ok $TAP_COUNT - $name"
		TAP_FAILED=$((TAP_FAILED + 1))
	fi
}

is() { # is GOT EXPECTED NAME
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '#   got:      %s\n#   expected: %s\n' "$1" "$2" | sed 's/^/# /'
	fi
}

like() { # like TEXT GREP-ERE NAME
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '%s\n' "#   '$1'" "#   does not match '$2'"
	fi
}

# Run a command that must succeed; its stdout goes to $OUT.
run_ok() { # run_ok NAME CMD...
	local name=$1
	shift
	OUT=$("$@" 2>"$TEST_DIR/stderr")
	local rc=$?
	ok $rc "$name"
	[ $rc -eq 0 ] || sed 's/^/#   stderr: /' "$TEST_DIR/stderr"
}

# A command that must fail with exactly one line on stderr matching ERE,
# print nothing on stdout, and leave both rule tables byte-for-byte as they were.
run_fails() { # run_fails ERE CMD...
	tap_refused "" "$@"
}

# A usage error: the same, but the line is followed by the command's usage,
# exactly what its --help prints.
run_fails_usage() { # run_fails_usage ERE CMD...
	tap_refused "$("$2" --help 2>&1)" "$@"
}

tap_refused() { # tap_refused USAGE ERE CMD... (tests may have a refused() of their own)
	local usage=$1 ere=$2 before after out err first rest rc
	shift 2
	before=$(cat "$V4_TABLE" "$V6_TABLE" 2>/dev/null | cksum)
	out=$("$@" 2>"$TEST_DIR/stderr")
	rc=$?
	err=$(cat "$TEST_DIR/stderr")
	first=$(head -n 1 "$TEST_DIR/stderr")
	rest=$(tail -n +2 "$TEST_DIR/stderr")
	after=$(cat "$V4_TABLE" "$V6_TABLE" 2>/dev/null | cksum)
	if [ $rc -ne 0 ] && [ "$rest" = "$usage" ] && [ -n "$first" ] && [ -z "$out" ] &&
	   [ "$before" = "$after" ] && printf '%s\n' "$first" | grep -Eq -- "$ere"; then
		ok 0 "refused: $*"
	else
		ok 1 "refused: $*"
		printf '#   rc=%s stdout=%s\n' "$rc" "$out"
		printf '%s\n' "$err" | sed 's/^/#   stderr: /'
		[ "$rest" = "$usage" ] || printf '#   expected after the error line: %s\n' "${usage:-nothing}"
		[ "$before" = "$after" ] || echo "#   the rule table changed"
	fi
}

done_testing() {
	echo "1..$TAP_COUNT"
	[ "$TAP_FAILED" -eq 0 ]
}
