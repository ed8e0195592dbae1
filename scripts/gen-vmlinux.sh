#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Regenerate vmlinux/vmlinux.h from the running kernel's BTF.
# The header is committed so builds do not depend on the build host's kernel.
set -eu
btf=${1:-/sys/kernel/btf/vmlinux}
out=$(dirname "$0")/../vmlinux/vmlinux.h
[ -r "$btf" ] || { echo "gen-vmlinux: $btf: no kernel BTF" >&2; exit 1; }
{ echo "/* SPDX-License-Identifier: GPL-2.0 */"; bpftool btf dump file "$btf" format c; } > "$out.tmp"
mv "$out.tmp" "$out"
echo "gen-vmlinux: wrote $out from $btf ($(uname -r))"
