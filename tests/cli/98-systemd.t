#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The systemd units: valid; ipsec_logd.service sandboxed to an exposure of
# 3.0 or lower (systemd-analyze security), with the daemon's capabilities
# and nothing more; ebfilt.service as nftables.service is. Offline: the
# units are checked, never started. And how mkfilt -g and the unit agree on
# who runs the daemon, through a stand-in systemctl.
. "$(dirname "$0")/../lib/tap.sh"

UNIT_SRC="$(dirname "$0")/../../docs/systemd/ipsec_logd.service"
BOOT_SRC="$(dirname "$0")/../../docs/systemd/ebfilt.service"
if ! command -v systemd-analyze >/dev/null; then
	echo "1..0 # SKIP systemd-analyze is not installed"
	exit 0
fi
unit="$TEST_DIR/ipsec_logd.service"
sed "s|/usr/local/sbin|$BIN|" "$UNIT_SRC" > "$unit"

out=$(systemd-analyze verify --man=no "$unit" 2>&1)
is "$?:$out" "0:" "systemd-analyze verify finds nothing"
out=$(systemd-analyze security --offline=yes --threshold=30 --no-pager "$unit" 2>&1)
ok $? "systemd-analyze security: exposure 3.0 or lower"
printf '%s\n' "$out" | grep 'Overall exposure' | sed 's/^/# /'
out=$(systemd-analyze security --offline=yes --threshold=1 --no-pager "$unit" 2>&1)
ok $([ $? -ne 0 ]; echo $?) "and the threshold bites (1.0 is refused)"
is "$(sed -n 's/^CapabilityBoundingSet=//p' "$unit")" "CAP_BPF CAP_PERFMON CAP_NET_ADMIN" \
   "the bounding set: what ipsec_logd keeps (privs_keep_only), and CAP_NET_ADMIN to start"
is "$(sed -n 's/^Type=//p' "$unit")" "notify" "Type=notify: started means ready (sd_notify)"
grep -q '^NoNewPrivileges=yes$' "$unit"
ok $? "NoNewPrivileges=yes"
is "$(sed -n 's/^Restart=//p' "$unit")" "on-failure" "Restart=on-failure"
is "$(sed -n 's/^RestrictAddressFamilies=//p' "$unit")" "AF_UNIX AF_NETLINK" \
   "sockets: AF_UNIX (syslog) and AF_NETLINK only"
is "$(sed -n 's/^ReadWritePaths=//p' "$unit")" "/sys/fs/bpf -/run/ebfilt -/var/log/ebfilt" \
   "writable: the pins, its state, the log store"
is "$(grep -c '^SystemCallFilter=' "$unit")" 2 "a system call filter (allowed, then refused sets)"
is "$(grep '^ExecSt[a-z]*Post=' "$unit" | sed 's|.*/||' | tr '\n' ';')" "mkfilt -g start;mkfilt -g stop;" \
   "the unit switches logging on and off with the daemon (mkfilt -g)"

boot="$TEST_DIR/ebfilt.service"
sed "s|/usr/local/sbin|$BIN|" "$BOOT_SRC" > "$boot"
out=$(systemd-analyze verify --man=no "$boot" 2>&1)
is "$?:$out" "0:" "ebfilt.service: systemd-analyze verify finds nothing"
out=$(systemd-analyze security --offline=yes --no-pager "$boot" 2>&1)
ok $? "ebfilt.service: systemd-analyze security runs"
printf '%s\n' "$out" | grep 'Overall exposure' | sed 's/^/# /'
key() { sed -n "s|^$1=||p" "$boot" | sed "s|$BIN/||g" | tr '\n' ';'; }
is "$(key Type)$(key RemainAfterExit)" "oneshot;yes;" "oneshot, and active while the filter is in force"
is "$(key ExecStart)$(key ExecReload)$(key ExecStop)" "mkfilt -u;mkfilt -u;mkfilt -d;" \
   "start and reload activate both tables; stop deactivates"
is "$(key Before)$(key Wants)" "network-pre.target shutdown.target;network-pre.target systemd-modules-load.service local-fs.target;" \
   "before the network is configured, as nftables.service"
is "$(key OnFailure)" "ebfilt-boot-failure.service;" "a failed activation applies the boot_failure policy"
is "$(key WantedBy)" "sysinit.target;" "enabled, it runs at every boot"
# The boot_failure policy: its unit, and its script with a stand-in mkfilt
# that records what it was asked and lists the tables it was given.
fail="$TEST_DIR/ebfilt-boot-failure.service"
script="$TEST_DIR/ebfilt-boot-failure"
sed "s|/usr/local/sbin|$BIN|; s|/usr/local/libexec/ebfilt|$TEST_DIR|" \
	"$(dirname "$0")/../../docs/systemd/ebfilt-boot-failure.service" > "$fail"
sed "s|^MKFILT=.*|MKFILT=$TEST_DIR/mkfilt|" "$(dirname "$0")/../../docs/systemd/ebfilt-boot-failure" > "$script"
chmod +x "$script"
out=$(systemd-analyze verify --man=no "$fail" 2>&1)
is "$?:$out" "0:" "ebfilt-boot-failure.service: systemd-analyze verify finds nothing"
is "$(sed -n 's/^Conflicts=//p' "$fail")" "shutdown.target ebfilt.service" \
   "starting ebfilt.service stops it (and its deny-all filter is replaced)"
cat > "$TEST_DIR/mkfilt" <<EOF2
#!/bin/sh
echo "mkfilt \$* in \$EBFILT_CONFDIR" >> "$TEST_DIR/mkfilt.log"
"$BIN/lsfilt" -O >> "$TEST_DIR/mkfilt.log" || exit 1
[ ! -e "$TEST_DIR/mkfilt-fails" ] || { echo "mkfilt: eth0: cannot attach" >&2; exit 1; }
EOF2
chmod +x "$TEST_DIR/mkfilt"
policy() { # policy EBFILT.CONF-TEXT: run the script; $OUT is its stderr, $RC its status
	mkdir -p "$EBFILT_CONFDIR"
	printf '%s' "$1" > "$EBFILT_CONFDIR/ebfilt.conf"
	rm -f "$TEST_DIR/mkfilt.log"
	OUT=$(JOURNAL_STREAM= "$script" 2>&1)
	RC=$?
}
policy ""
is "$RC:$(cat "$TEST_DIR/mkfilt.log" 2>/dev/null)" "0:" "boot_failure unset: open, mkfilt not run"
like "$OUT" "^ebfilt-boot-failure: ebfilt.service failed and boot_failure is open: the rule tables are not in force" \
   "and it says so"
policy "# boot_failure closed
boot_failure open   # said twice
"
is "$RC:$(cat "$TEST_DIR/mkfilt.log" 2>/dev/null)" "0:" "boot_failure open: nothing done (a comment is not a line)"
policy "interfaces eth9
boot_failure closed
"
is "$RC" 0 "boot_failure closed: applied"
is "$(cat "$TEST_DIR/mkfilt.log")" "mkfilt -u in $EBFILT_RUNDIR/boot-failure
0|deny|0.0.0.0|0.0.0.0|0.0.0.0|0.0.0.0|yes|all|any|0|any|0|both|both|no|all packets|0|all|0|||Default Rule
0|deny|::|0|::|0|yes|all|any|0|any|0|both|both|no|all packets|0|all|0|||Default Rule" \
   "mkfilt -u of a deny-all table, both versions, from a directory of its own"
is "$(grep -c . "$EBFILT_RUNDIR/boot-failure/ebfilt.conf")" 0 \
   "with an empty ebfilt.conf: every interface but loopback, and those that come up"
like "$OUT" "boot_failure is closed: every packet is denied" "and it says so"
OUT=$(JOURNAL_STREAM=8:1 "$script" 2>&1)
like "$OUT" "^<2>ebfilt-boot-failure: " "in the journal at priority crit"
policy "boot_failure shut
"
like "$RC:$OUT" "^0:.*boot_failure shut: expected open or closed; applying closed" \
   "a value mkfilt refuses is taken as closed, and said"
: > "$TEST_DIR/mkfilt-fails"
policy "boot_failure closed
"
is "$RC" 1 "a deny-all table that cannot be activated fails the unit"
like "$OUT" "NOTHING is filtered" "and says so"
rm -f "$TEST_DIR/mkfilt-fails"

# mkfilt -g and ipsec_logd.service: a stand-in systemctl that records what
# it is asked and acts as the unit would (its ExecStartPost and
# ExecStopPost set and clear the logging mark). No BPF, no daemon.
fake="$TEST_DIR/systemctl"
cat > "$fake" <<EOF2
#!/bin/sh
echo "\$*" >> "$TEST_DIR/systemctl.log"
case "\$*" in
*is-enabled*) exit \$(cat "$TEST_DIR/enabled") ;;
*is-active*) exit 3 ;;
start*) [ -e "$TEST_DIR/start-fails" ] && { echo "Job failed" >&2; exit 1; }
	mkdir -p "\$EBFILT_RUNDIR" && echo start > "\$EBFILT_RUNDIR/logging" ;;
stop*) kill "\$(cat "\$EBFILT_RUNDIR/ipsec_logd.pid")"; rm -f "\$EBFILT_RUNDIR/logging"
	while [ -e "/proc/\$(cat "\$EBFILT_RUNDIR/ipsec_logd.pid")" ]; do sleep 0.05; done ;;
esac
EOF2
chmod +x "$fake"
echo 0 > "$TEST_DIR/enabled"
export EBFILT_SYSLOG_SOCKET="$TEST_DIR/no-syslog"	# no line to the host's syslog
run_ok "mkfilt -g start with ipsec_logd.service enabled" env EBFILT_SYSTEMCTL="$fake" mkfilt -g start
is "$OUT" "Packet logging started." "it says so"
is "$(grep -v '^--quiet is-' "$TEST_DIR/systemctl.log")" "start ipsec_logd.service" \
   "and started the unit, not a daemon of its own"
[ -e "$EBFILT_RUNDIR/logging" ] && [ ! -e "$EBFILT_RUNDIR/ipsec_logd.pid" ]
ok $? "the unit did the rest (the logging mark); no daemon was forked"

# A daemon under the unit: a process called ipsec_logd holding the pid
# file's lock, as ipsec_logd does (an OFD write lock).
perl -e '$0 = "ipsec_logd"; open(my $f, "+>", $ARGV[0]) or die;
	 my $lock = pack("s s x4 q q l x4", 1, 0, 0, 0, 0);	# F_WRLCK, the whole file
	 fcntl($f, 37, $lock) or die "lock: $!";	# F_OFD_SETLK
	 print $f "$$\n"; close(STDOUT); $f->flush; sleep 30' "$EBFILT_RUNDIR/ipsec_logd.pid" &
for i in $(seq 50); do [ -s "$EBFILT_RUNDIR/ipsec_logd.pid" ] && break; sleep 0.05; done
: > "$TEST_DIR/systemctl.log"
run_ok "mkfilt -g stop with the unit's daemon running" env EBFILT_SYSTEMCTL="$fake" mkfilt -g stop
is "$OUT" "Packet logging stopped." "it says so"
is "$(grep -v '^--quiet is-' "$TEST_DIR/systemctl.log")" "stop ipsec_logd.service" "and stopped the unit"
[ ! -e "$EBFILT_RUNDIR/logging" ]
ok $? "the mark is gone"

: > "$TEST_DIR/start-fails"
out=$(EBFILT_SYSTEMCTL="$fake" mkfilt -g start 2>&1)
is "$?:$(printf '%s' "$out" | tail -1)" \
   "1:mkfilt: $fake start ipsec_logd.service failed (exit status 1); see journalctl -u ipsec_logd" \
   "a unit that does not start fails mkfilt -g start, in one line after systemctl's own"
done_testing
