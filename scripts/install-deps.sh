#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Install the Debian 12 packages ebfilt needs to build and test, if missing;
# with "bench", those make bench needs besides. Idempotent: when everything
# is present it only runs dpkg-query. build-essential (which
# dpkg-buildpackage checks for), dpkg-dev, debhelper and lintian build and
# check the Debian package (tests/cli/92-package.t); logrotate checks the
# logrotate file (tests/cli/91-install.t).
set -eu

PACKAGES="make gcc clang llvm pkg-config libbpf-dev bpftool libelf-dev
zlib1g-dev libsystemd-dev iproute2 iputils-ping rsyslog libcmocka-dev perl man-db systemd
groff-base libclang-rt-14-dev libpcap-dev tcpdump bsdutils
build-essential dpkg-dev debhelper lintian logrotate"
# make bench compares ebfilt with xdp-filter (xdp-tools) and nftables, and its
# logging with ulogd2's.
[ "${1:-}" = bench ] && PACKAGES="xdp-tools nftables ulogd2"

missing=""
for p in $PACKAGES; do
	status=$(dpkg-query -W -f '${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*"install ok installed") ;;
	*) missing="$missing $p" ;;
	esac
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages:$missing (run as root to install)" >&2
	exit 1
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
