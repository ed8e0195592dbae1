#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# End to end: ipsec_report answers from live state. B filters b1 only
# (b2 is left out by ebfilt.conf); its IPv4 table has an IF rule (ftp from
# A) with a rule inside it, a shun-host rule for TCP 23, and a permit-all;
# traffic makes the counters, the IF condition and a shun; a larval SA in
# B's namespace stands for the IPsec state. The permit-all logs sessions
# (-l S): A's pings to B are an open ICMP session. Every section is checked as
# text and as JSON (parsed with JSON::PP), -host configured after edits
# without mkfilt -u, -file replaced whole, and a user without rights.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/lib.sh"

e2e_setup
ok $? "three namespaces"
probe() { in_a "$BIN/tests/tools/probe" "$@"; }
# json EXPR [ipsec_report options]: EXPR evaluated in perl on the decoded document $d.
json() {
	local expr=$1
	shift
	in_b ipsec_report "$@" -j | perl -MJSON::PP -e \
		'my $d = decode_json(join("", <STDIN>)); my $v = eval { '"$expr"' }; print defined $v ? $v : "undef"'
}
mkdir -p "$EBFILT_CONFDIR"
# The shun and IF events held back at warning; the IF rule logs, which lets its own through.
printf 'interfaces b1\nif_idle_timeout 60\nlog_severity shun warning\nlog_severity if-state warning\n' \
	> "$EBFILT_CONFDIR/ebfilt.conf"
# shellcheck disable=SC2046
{
	in_b genfilt -v 4 -a I -s 192.0.2.2 -m 255.255.255.255 -d 192.0.2.1 -M 255.255.255.255 \
		-c tcp -O eq -P 21 -l Y
	in_b genfilt -v 4 -a D -s 192.0.2.2 -m 255.255.255.255 -c tcp -O eq -P 37
	in_b genfilt -v 4 -a E
	in_b genfilt -v 4 -a H -s 0 -m 0 -c tcp -O eq -P 23 -w I -e 60
	in_b genfilt -v 4 -a P -s 0 -m 0 -l S
	in_b genfilt -v 6 -a P -s :: -m 0
} >/dev/null
rsyslog_start
ok $? "a private rsyslogd"
run_ok "mkfilt -g start" in_b mkfilt -g start
run_ok "mkfilt -u" in_b mkfilt -u

# Before any traffic: rule 2 waits for its IF condition.
is "$(json '$d->{host_active}{ipv4}{rules}[1]{state}' -host active)" "waiting" \
	"rule 2 sits in an IF block whose condition holds for nobody yet: waiting"
is "$(ping_count 3 192.0.2.1)" "3" "three pings"
is "$(probe tcp 192.0.2.1 21)" "passed" "ftp from A meets the IF rule"
is "$(probe tcp 192.0.2.1 23)" "dropped" "telnet from A is shunned"

# The events of the stateful rules, as ipsec_logd sees the state change.
wait_line "ipsec_logd\\[[0-9]+\\]: IF condition of rule 1 true for 192\\.0\\.2\\.[12] and 192\\.0\\.2\\.[12]\$"
ok $? "the IF condition becoming true is an event: info, let through by its rule's logging"
sleep 2	# a sweep or two: the shun's event would be there by now
is "$(grep -c 'shunned by rule' "$SYSLOG_FILE")" "0" "the shun's (notice) is held back by log_severity shun warning"

# -host active
text=$(in_b ipsec_report -host active)
ok $? "ipsec_report -host active"
like "$text" "^-+ Active Filter Rule -+\$" "HP-UX's headings"
like "$text" "^State +: active\$" "each rule's state"
like "$text" "^IF True For +: 1\$" "the IF rule holds for one pair of hosts"
is "$(json '$d->{host_active}{ipv4}{active} ? "yes" : "no"' -host active)" "yes" "JSON: IPv4 active"
is "$(json '$d->{host_active}{ipv4}{rules}[0]{if_true_pairs}' -host active)" "1" "JSON: if_true_pairs"
is "$(json '$d->{host_active}{ipv4}{rules}[1]{state}' -host active)" "active" \
	"rule 2 is active now its condition holds"
is "$(json 'join ",", map { $_->{id} } @{$d->{host_active}{ipv4}{rules}}' -host active)" "1,2,3,4,5,0" \
	"the rules in evaluation order, the default rule last"
ok "$([ "$(json '$d->{host_active}{ipv4}{rules}[4]{packets}' -host active)" -ge 6 ]; echo $?)" \
	"the permit-all counted the pings both ways"
is "$(json '$d->{host_active}{ipv4}{rules}[3]{time_left}' -host active)" "undef" \
	"the shun rule's -e is its shuns' length: the rule itself has no time left (null)"

# -cache: the shun and the IF condition
text=$(in_b ipsec_report -cache)
like "$text" "^Shunned Host: 192\\.0\\.2\\.2\$" "the shun list's entry"
like "$text" "^By Rule: 4 \\(IPv4\\) Time Left: [0-9]+ s\$" "with its rule and time left"
like "$text" "^IF Rule: 1 \\(IPv4\\) Hosts: 192\\.0\\.2\\.(1 192\\.0\\.2\\.2|2 192\\.0\\.2\\.1)\$" \
	"the IF condition's hosts"
cache=$(in_b ipsec_report -cache -j)
ok $? "ipsec_report -cache -j"
is "$(perl -MJSON::PP -e 'my $d = decode_json(join("", <STDIN>)); my $s = $d->{cache}{shuns}[0];
	print "$s->{address} $s->{rule} ", defined $s->{port} ? "port" : "host"' <<<"$cache")" \
	"192.0.2.2 4 host" "JSON: the shun's address, rule and kind"
is "$(perl -MJSON::PP -e 'my $d = decode_json(join("", <STDIN>)); my $c = $d->{cache}{if_conditions}[0];
	print "$c->{rule} ", $c->{true} ? "true" : "false"' <<<"$cache")" "1 true" "JSON: the condition holds"

# SIGHUP applies a new limit: the shun list emptied is said now.
sed -i 's/^log_severity shun warning$/log_severity shun info/' "$EBFILT_CONFDIR/ebfilt.conf"
kill -HUP "$(cat "$EBFILT_RUNDIR/ipsec_logd.pid")"
wait_line "ipsec_logd\\[[0-9]+\\]: configuration reloaded\$"
ok $? "SIGHUP: configuration reloaded"
in_b rmfilt -v 4 -d >/dev/null
wait_line "ipsec_logd\\[[0-9]+\\]: host 192\\.0\\.2\\.2 no longer shunned \\(rule 4\\)\$"
ok $? "the shun's end is an event now the limit is info"
is "$(probe tcp 192.0.2.1 23)" "dropped" "telnet from A shuns it again"
wait_line "^local4\\.notice ipsec_logd\\[[0-9]+\\]: host 192\\.0\\.2\\.2 shunned by rule 4 for [0-9]+ s\$"
ok $? "and the new shun is said, at notice"
like "$(in_b ipsec_log get logapp shun | ipsec_log dump -f json)" '"event":"shunned","component":"shun","severity":"notice","rule":4' \
	"the store has it, with its rule"

# -cache: the open session, the largest first.
text=$(in_b ipsec_report -cache)
like "$text" "^-+ Open Session -+\$" "the open sessions"
like "$text" "^Src IP Address: 192\\.0\\.2\\.2 " "A's pings, A the initiator"
like "$text" "^Network Protocol: icmp Direction: inbound By Rule: 5 \\(IPv4\\)\$" "by the permit-all's -l S"
like "$text" "^Packets in/out: 3/3 Bytes in/out: 252/252\$" "three echo requests and replies, IP bytes"
is "$(json '"$d->{cache}{sessions_open} $d->{cache}{sessions}[0]{src} $d->{cache}{sessions}[0]{bytes_in}"' -cache)" \
	"1 192.0.2.2 252" "JSON: sessions_open, and the session's fields"
like "$(in_b ipsec_report -cache -n 0)" "^\\(1 more open sessions; -n shows more\\)\$" "-n 0 shows none, and says so"

# -ip and -bypass: b1 filtered, b2 left out.
text=$(in_b ipsec_report -ip)
like "$text" "^Interface Name: b1 \\(index [0-9]+\\) Address: 192\\.0\\.2\\.1 " "b1 with its addresses"
like "$text" "^Filter: On \\(inbound xdp, outbound tc" "the filter holds b1's hooks"
like "$text" "^Filter: Off \\(left out by ebfilt\\.conf\\)\$" "b2 is left out"
is "$(json 'my ($i) = grep { $_->{name} eq "b1" } @{$d->{interfaces}}; "$i->{filtered} $i->{excluded} $i->{inbound}"' -ip)" \
	"1 0 xdp" "JSON: b1 filtered at XDP"
like "$(json 'my ($i) = grep { $_->{name} eq "b1" } @{$d->{interfaces}}; "$i->{xdp} $i->{xdp_program}"' -ip)" \
	"^(native|generic) .+\\(id [0-9]+\\)\$" "JSON: its XDP mode and program"
is "$(json 'my ($i) = grep { $_->{name} eq "b2" } @{$d->{interfaces}}; $i->{excluded} ? "yes" : "no"' -ip)" \
	"yes" "JSON: b2 excluded"
text=$(in_b ipsec_report -bypass)
like "$text" "^Interface: b2 \\(left out by ebfilt\\.conf\\)\$" "-bypass: b2"
like "$text" "^Interface: lo \\(loopback\\)\$" "and loopback"
like "$text" "^Not IP \\(ARP, LLDP, \\.\\.\\.\\): passed unjudged, [0-9]+ frames so far\$" \
	"non-IP frames, counted"
ok "$([ "$(json '$d->{bypass}{by_policy}{not_ip}' -bypass)" -gt 0 ]; echo $?)" "JSON: ARP went by unjudged"

# -sa: a larval SA with tunnel ID 7 (this kernel has no ESP for a full one).
in_b ip xfrm state allocspi src 192.0.2.1 dst 192.0.2.2 proto esp min 0x1000 max 0x1000 \
	reqid 1 mode tunnel >/dev/null
ok $? "a larval SA in B"
text=$(in_b ipsec_report -sa)
like "$text" "^SPI \\(hex\\): 00001000 State: larval\$" "-sa shows it, larval"
is "$(json '$d->{sa}{states}[0]{spi}' -sa)" "4096" "JSON: its SPI"

# -audit: the events of the log store, and of a file from ipsec_log get.
like "$(in_b ipsec_report -audit - -entity mkfilt)" "mkfilt\\.notice: filter activated: IPv4 table, 6 rules" \
	"-audit - -entity mkfilt: the activation"
in_b ipsec_log get > "$TEST_DIR/records.log"
is "$(in_b ipsec_report -audit "$TEST_DIR/records.log" -entity mkfilt -j |
	perl -MJSON::PP -e 'my $d = decode_json(join("", <STDIN>)); print scalar grep { $_->{component} ne "mkfilt" } @{$d->{audit}}')" \
	"0" "-audit FILE -entity mkfilt -j: mkfilt's events only"
run_fails "entity kernel: not a component" in_b ipsec_report -audit - -entity kernel

# -host configured: edits not yet in force.
in_b chfilt -v 4 -n 5 -l Y >/dev/null && in_b genfilt -v 4 -a P -s 0 -m 0 -c udp >/dev/null
ok $? "rule 5 changed, rule 6 added, no mkfilt -u"
status() { json "join \",\", map { \"\$_->{id}=\$_->{status}\" } @{\$d->{host_configured}{ipv4}{rules}}" -host configured; }
is "$(status)" "1=active,2=active,3=active,4=active,5=changed,6=added,0=active" \
	"-host configured marks what differs from what is in force"
like "$(in_b ipsec_report -host configured)" "^Status +: changed\$" "as text too"
run_ok "mkfilt -u" in_b mkfilt -v 4 -u
in_b rmfilt -v 4 -n 6 >/dev/null
is "$(status)" "1=active,2=active,3=active,4=active,5=active,0=active,6=removed" \
	"a rule removed from the file is marked removed"

# -file: replaced as a whole; a report that fails leaves the old one.
report="$TEST_DIR/report.txt"
run_ok "-file" in_b ipsec_report -file "$report"
like "$(cat "$report")" "^-+ Active Filter Rule -+\$" "the report is in the file"
like "$(cat "$report")" "^-+ IPsec SA -+\$" "everything: the SAs too"
inode=$(stat -c %i "$report")
run_ok "-file again" in_b ipsec_report -ip -file "$report"
ok "$([ "$(stat -c %i "$report")" != "$inode" ]; echo $?)" "a new file renamed over the old"
before=$(cat "$report")
run_fails "entity kernel" in_b ipsec_report -audit - -entity kernel -file "$report"
is "$(cat "$report")" "$before" "a failed report leaves the old one as it was"

# ipsec_logd -s -j: the same counters as the text, by name.
status=$(in_b ipsec_logd -s)
js=$(in_b ipsec_logd -s -j)
ok $? "ipsec_logd -s -j"
for pair in "records logged by the filter:records}{logged" "records taken by ipsec_logd:records}{taken" \
	    "records kept in the log store:records}{store_kept" "frames passed, not IP:filter}{passed_not_ip"; do
	text=${pair%%:*} key=${pair#*:}
	want=$(printf '%s\n' "$status" | sed -n "s/^$text  *//p")
	got=$(perl -MJSON::PP -e 'my $d = decode_json(join("", <STDIN>)); print $d->{'"$key"'}' <<<"$js")
	# Counters move between the two reads: the JSON one is read second.
	ok "$([ -n "$want" ] && [ "$got" -ge "$want" ]; echo $?)" "-s -j: $key ($got, text $want)"
done
is "$(perl -MJSON::PP -e 'my $d = decode_json(join("", <STDIN>)); print $d->{active} ? 1 : 0, $d->{logging_started} ? 1 : 0' <<<"$js")" \
	"11" "-s -j: active, logging started"

# A user without rights: said, exit 1.
out=$(in_b setpriv --reuid=65534 --regid=65534 --clear-groups "$BIN/ipsec_report" -host active 2>&1)
rc=$?
is "$rc" "1" "as nobody: exit 1"
like "$out" "permission denied" "and permission denied"

# No filter: said, exit 1 for a section that needs one.
run_ok "mkfilt -d" in_b mkfilt -d
wait_line "mkfilt\\[[0-9]+\\]: filter deactivated: IPv4 packets are no longer filtered, checksum [0-9a-f]{8} was\$"
ok $? "mkfilt -d: an event with the checksum of the table taken out"
last=$(sed -n 's/.*mkfilt\[[0-9]*\]: filter replaced: IPv4 table, [0-9]* rules, checksum \([0-9a-f]*\)$/\1/p' "$SYSLOG_FILE" | tail -n 1)
gone=$(sed -n 's/.*filter deactivated: IPv4 .*checksum \([0-9a-f]*\) was$/\1/p' "$SYSLOG_FILE" | tail -n 1)
is "$gone" "$last" "the same checksum as the activation that put it in force said"
out=$(in_b ipsec_report -host active 2>&1)
is "$?" "1" "-host active with no filter: exit 1"
like "$out" "^ipsec_report: the filter is not active" "with the reason"
like "$out" "^The IPv4 filter is not active\\.\$" "and the report says so"
run_ok "with no option, the report still goes on" in_b ipsec_report
in_b ip xfrm state flush
is "$(links_new)" "0" "no link is left"
done_testing
