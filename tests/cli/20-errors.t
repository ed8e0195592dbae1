#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Every invalid invocation exits non-zero with one line naming the flag (or
# file:line) and the bad value, and leaves both tables byte-for-byte unchanged.
# A command line that does not parse (run_fails_usage) adds the usage.
. "$(dirname "$0")/../lib/tap.sh"

genfilt -v 4 -a P -s 192.0.2.0 -m 255.255.255.0 -D first >/dev/null
genfilt -v 4 -a D -s 0 -m 0 -D second >/dev/null
genfilt -v 6 -a P -s 2001:db8:: -m 32 >/dev/null

G="genfilt -v 4 -s 0 -m 0"
# Unknown, missing and repeated flags.
run_fails_usage '^genfilt: -z: unknown flag'                 $G -z
run_fails '^genfilt: -v: missing required flag'              genfilt -s 0 -m 0
run_fails '^genfilt: -s: missing required flag'              genfilt -v 4 -m 0
run_fails '^genfilt: -m: missing required flag'              genfilt -v 4 -s 0
run_fails_usage '^genfilt: -p: missing value'                $G -p
run_fails_usage '^genfilt: -a: flag given more than once'    $G -a P -a D
run_fails_usage '^genfilt: extra: unexpected argument'       $G extra
run_fails '^genfilt: -v 5: IP version must be 4 or 6'        genfilt -v 5 -s 0 -m 0
# Bad values.
run_fails '^genfilt: -a X: must be one of D\|P\|I\|L\|E\|H\|S' $G -a X
run_fails '^genfilt: -s 192.0.2.300: not a valid IPv4 address' genfilt -v 4 -s 192.0.2.300 -m 0
run_fails '^genfilt: -s 2001:db8::1: not a valid IPv4'       genfilt -v 4 -s 2001:db8::1 -m 0
run_fails '^genfilt: -s 192.0.2.1: not a valid IPv6'         genfilt -v 6 -s 192.0.2.1 -m 0
run_fails '^genfilt: -s no_such!host: not an address'        genfilt -v 4 -s 'no_such!host' -m 0
run_fails '^genfilt: -s nonexistent.invalid: cannot resolve' genfilt -v 4 -s nonexistent.invalid -m 0
run_fails '^genfilt: -m 255.0.255.0: mask is not contiguous' genfilt -v 4 -s 0 -m 255.0.255.0
run_fails '^genfilt: -m 24: not a dotted IPv4 mask'          genfilt -v 4 -s 0 -m 24
run_fails '^genfilt: -m 129: IPv6 mask must be a prefix'     genfilt -v 6 -s 0 -m 129
run_fails '^genfilt: -s 192.0.2.1: address has bits set outside its mask 255.255.255.0' \
	genfilt -v 4 -s 192.0.2.1 -m 255.255.255.0
run_fails '^genfilt: -d 2001:db8::1: address has bits set outside its mask 64' \
	genfilt -v 6 -s 0 -m 0 -d 2001:db8::1 -M 64
run_fails '^genfilt: -g X: must be one of Y\|N'              $G -g X
run_fails '^genfilt: -c sctp: not a protocol'                $G -c sctp
run_fails '^genfilt: -c 0: not a protocol'                   $G -c 0
run_fails '^genfilt: -c 253: not a protocol'                 $G -c 253
run_fails '^genfilt: -c icmpv6: icmpv6 is not valid in an IPv4 rule' $G -c icmpv6
run_fails '^genfilt: -c icmp: icmp is not valid in an IPv6 rule' genfilt -v 6 -s 0 -m 0 -c icmp
run_fails '^genfilt: -o ne: operator must be one of'         $G -o ne
run_fails '^genfilt: -O between: operator must be one of'    $G -O between
run_fails '^genfilt: -p 65536: port.* out of range 0-65535'  $G -p 65536
run_fails '^genfilt: -P -1: port.* out of range'             $G -P -1
run_fails '^genfilt: -P 80x: port.* out of range'            $G -P 80x
run_fails '^genfilt: -p 256: ICMP type out of range 0-255'   $G -c icmp -p 256
run_fails '^genfilt: -P 300: ICMP code out of range 0-255'   genfilt -v 6 -s 0 -m 0 -c icmpv6 -P 300
run_fails '^genfilt: -O eq: operator must be any with protocol ospf' $G -c ospf -O eq -P 5
run_fails '^genfilt: -o lt: operator must be any with protocol ospf' $G -c ospf -o lt
run_fails '^genfilt: -O eq: operator must be any with protocol esp'  $G -c esp -O eq
run_fails '^genfilt: -r X: must be one of B\|L\|R'           $G -r X
run_fails '^genfilt: -w in: must be one of B\|I\|O'          $G -w in
run_fails '^genfilt: -l maybe: must be one of Y\|N'          $G -l maybe
run_fails '^genfilt: -l SY: must be one of Y\|N\|D\|S\|YS\|DS$' $G -l SY
# Session summaries (-l S, YS, DS) are for permit rules: a deny or shun permits no session.
run_fails '^genfilt: -l S: session logging \(S\) is for permit rules only; this rule permits no session$' \
	$G -a D -l S
run_fails '^genfilt: -l DS: session logging \(S\) is for permit rules only' $G -a H -c tcp -O eq -P 22 -l DS
run_fails '^chfilt: -l YS: session logging \(S\) is for permit rules only' chfilt -v 4 -n 2 -l YS
run_fails '^genfilt: -f Z: must be one of Y\|N\|O\|H'        $G -f Z
run_fails '^genfilt: -t -3: must be a number'                $G -t -3
run_fails '^genfilt: -e 99999999999: must be a number'       $G -e 99999999999
run_fails '^genfilt: -i eth0/1: not a valid interface name'  $G -i eth0/1
run_fails '^genfilt: -i averyveryverylongname: interface name must be 1-15' $G -i averyveryverylongname
run_fails '^genfilt: -D a\|b: the character \| is not allowed' $G -D 'a|b'
run_fails '^genfilt: -D .*: text too long'                   $G -D "$(printf '%0300d' 0)"
run_fails '^genfilt: -x 0x123: hex pattern'                  $G -x 0x123
run_fails '^genfilt: -X /nonexistent: pattern file does not exist' $G -X /nonexistent
run_fails '^genfilt: -X .*: -x and -X cannot be used together' $G -x abc -X /etc/passwd
run_fails '^genfilt: -w O: patterns are matched on inbound packets only' $G -x abc -w O
run_fails '^genfilt: -C .*: antivirus patterns are not supported' $G -C /tmp/db
# Rule IDs out of range, for every command that takes one.
run_fails '^genfilt: -n 4: rule ID out of range 1-3'         $G -n 4
run_fails '^genfilt: -n 0: rule 0 is the default rule'       $G -n 0
run_fails '^genfilt: -n x: rule ID must be a number'         $G -n x
run_fails '^chfilt: -n 3: rule ID out of range 1-2'          chfilt -v 4 -n 3 -a P
run_fails '^chfilt: -n: missing required flag'               chfilt -v 4 -a P
run_fails '^chfilt: -n 1: no attribute to change'            chfilt -v 4 -n 1
run_fails '^chfilt: -a P: rule 0 \(the default rule\) takes only -l' chfilt -v 4 -n 0 -a P
run_fails '^chfilt: -m 255.255.255.255: address has bits|^chfilt: -s 192.0.2.0: address has bits' \
	chfilt -v 4 -n 1 -m 255.255.0.0
run_fails '^chfilt: -O eq: operator must be any with protocol ospf' chfilt -v 4 -n 2 -c ospf -O eq
run_fails '^chfilt: -l S: session logging \(S\) is for permit rules only' chfilt -v 4 -n 1 -a D -l S
run_fails '^rmfilt: -n 3: rule ID out of range 1-2'          rmfilt -v 4 -n 3
run_fails '^rmfilt: -n everything: rule ID must be a number' rmfilt -v 4 -n everything
run_fails '^rmfilt: -v: missing required flag'               rmfilt -n 1
run_fails '^mvfilt: -p 9: rule ID out of range 1-2'          mvfilt -v 4 -p 9 -n 1
run_fails '^mvfilt: -n 0: rule 0 is the default rule'        mvfilt -v 4 -p 1 -n 0
run_fails '^mvfilt: -p: missing required flag'               mvfilt -v 4 -n 1
run_fails '^lsfilt: -n 7: no rule 7 in the IPv4 table'       lsfilt -v 4 -n 7
run_fails '^lsfilt: -n 2-1: range goes backwards'            lsfilt -v 4 -n 2-1
run_fails '^lsfilt: -n 1: -n needs -v 4 or -v 6'             lsfilt -n 1
run_fails '^lsfilt: -n 1: cannot be used with -a'          lsfilt -v 4 -a -n 1
run_fails '^lsfilt: -n 1: cannot be used with -d'             lsfilt -v 4 -d -n 1
run_fails '^ckfilt: -v 7: IP version must be 4 or 6'         ckfilt -v 7
run_fails '^mkfilt: -z X: default action must be P'          mkfilt -z X
run_fails '^mkfilt: nothing to do: give -u, -d, -z or -g'   mkfilt -v 4
run_fails '^mkfilt: -d: cannot be used with -u'              mkfilt -u -d
run_fails '^mkfilt: -i: applies only with -u'                mkfilt -i -d
run_fails '^mkfilt: -g begin: must be start or stop'        mkfilt -g begin
run_fails '^ipsec_logd: -r: cannot be used with -p'          ipsec_logd -p -r
run_fails_usage '^ipsec_logd: -x: unknown flag'              ipsec_logd -x
run_fails_usage '^ipsec_log: a subcommand is needed$'     ipsec_log
run_fails_usage '^ipsec_log: frob: unknown subcommand'       ipsec_log frob
run_fails '^ipsec_log: there is no log store in '             ipsec_log stats
run_fails_usage '^ipsec_log: -U: missing value'              ipsec_log get -U
run_fails_usage '^ipsec_log: extra: unexpected argument'     ipsec_log clear extra
run_fails '^ipsec_log: -f xml: expected aix, ipmon, json, welf or pcap' ipsec_log dump -f xml -i /dev/null
run_fails '^ipsec_log: -i /nonexistent: No such file or directory' ipsec_log dump -i /nonexistent
echo hello > "$TEST_DIR/notstream"
run_fails 'notstream: not a stream of log records'           ipsec_log dump -i "$TEST_DIR/notstream"
run_fails "^ipsec_log: filter: '1': not an IPv4 or IPv6 address at 5$" ipsec_log dump -i /dev/null host 1 port
# Refused before anything is attached: this test runs outside any namespace.
run_fails '^mkfilt: IPv4 rule 1: ENDIF without a matching IF$' \
	env EBFILT_CONFDIR="$TEST_DIR/ifconf" sh -c 'genfilt -v 4 -a E >/dev/null && mkfilt -v 4 -u' 
run_fails '^expfilt: -f: missing required flag'              expfilt -v 4
run_fails '^expfilt: -l 9: no rule 9 in the IPv4 table'      expfilt -v 4 -f "$TEST_DIR/exp" -l 9
run_fails '^impfilt: -f .*: no export files'                 impfilt -f "$TEST_DIR/empty"
run_fails '^impfilt: .*filter_rules_v6.exp: No such file'    impfilt -v 6 -f "$TEST_DIR/empty"

# A table file with a deny rule that summarises sessions: refused at its line.
mkdir -p "$TEST_DIR/bad"
printf 'deny src=0.0.0.0/0.0.0.0 dst=0.0.0.0/0.0.0.0 log=session\n' > "$TEST_DIR/bad/filter4.rules"
run_fails "^lsfilt: $TEST_DIR/bad/filter4.rules:1: log=session: session logging \\(S\\) is for permit rules only" \
	env EBFILT_CONFDIR="$TEST_DIR/bad" lsfilt -v 4

# A default rule that logs sessions cannot become a deny: mkfilt -z D refuses, the table kept.
mkdir -p "$TEST_DIR/dflt"
EBFILT_CONFDIR="$TEST_DIR/dflt" chfilt -v 4 -n 0 -l YS >/dev/null
run_fails '^mkfilt: -z D: IPv4.s default rule logs sessions \(-l YS\), which only a permit rule can' \
	env EBFILT_CONFDIR="$TEST_DIR/dflt" mkfilt -v 4 -z D
is "$(tail -1 "$TEST_DIR/dflt/filter4.rules")" "default permit log=yes+session" "and the default rule is as it was"

# The tables still hold exactly the three rules made at the start.
is "$(lsfilt -O | cut -d'|' -f1,22 | tr '\n' ' ')" "1|first 2|second 0|Default Rule 1| 0|Default Rule " \
   "nothing was changed by any refused command"
done_testing
