#!/usr/bin/env bash
# The shipped systemd unit passes `systemd-analyze verify` and rates "OK"
# or better (exposure under 2.0) in `systemd-analyze security`, checked
# offline on a copy that points at the built binary.
# Usage: systemd_unit_test.sh UNIT BINARY
set -euo pipefail
unit=$1 binary=$2
if ! command -v systemd-analyze >/dev/null; then
  echo "systemd-analyze is not installed; nothing to check" >&2
  exit 77  # skipped
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sed "s#/usr/local/bin/newsdedup#$binary#" "$unit" >"$dir/newsdedup.service"
systemd-analyze verify "$dir/newsdedup.service"
report=$(systemd-analyze security --offline=true "$dir/newsdedup.service" 2>&1)
level=$(printf '%s\n' "$report" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
echo "exposure level: $level"
if [ -z "$level" ] || ! awk -v l="$level" 'BEGIN { exit !(l < 2.0) }'; then
  printf '%s\n' "$report" >&2
  echo "the unit's exposure level is not under 2.0" >&2
  exit 1
fi
