#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The systemd unit: valid, and sandboxed to an exposure of 3.0 or lower
# (systemd-analyze security), with the daemon's capabilities and nothing
# more. Offline: the unit is checked, not started.
. "$(dirname "$0")/../lib/tap.sh"

UNIT_SRC="$(dirname "$0")/../../docs/systemd/ipsec_logd.service"
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
is "$(sed -n 's/^CapabilityBoundingSet=//p' "$unit")" "CAP_BPF CAP_PERFMON" \
   "the bounding set is what ipsec_logd keeps (privs_keep_only)"
is "$(sed -n 's/^Type=//p' "$unit")" "notify" "Type=notify: started means ready (sd_notify)"
grep -q '^NoNewPrivileges=yes$' "$unit"
ok $? "NoNewPrivileges=yes"
done_testing
