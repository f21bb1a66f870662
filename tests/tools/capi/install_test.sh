#!/bin/bash
# Installs the tree into a scratch prefix, builds the C example against it
# with pkg-config alone, and checks that it clusters the seed documents as
# tests/fixtures/seeds/labels.json says: 000 with 001, the rest apart.
# Usage: install_test.sh BUILD_DIR EXAMPLE_C SEEDS_DIR [SANITIZERS]
# With SANITIZERS (the build's NEWSDEDUP_SANITIZE), the example is built
# with them too: a sanitized library needs its runtime in the program.
set -euo pipefail
build=$1 example=$2 seeds=$3 sanitize=${4:-}
command -v cc >/dev/null && command -v pkg-config >/dev/null || {
  echo "no C compiler or pkg-config: skipped"; exit 77; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
prefix=$scratch/prefix

cmake --install "$build" --prefix "$prefix" >"$scratch/install.log"
pc_dir=$(dirname "$(find "$prefix" -name newsdedup.pc)")
test -f "$prefix/include/newsdedup/c.h"
lib=$(find "$prefix" -name 'libnewsdedup.so.0' | head -n1)
test -n "$lib" || { echo "libnewsdedup.so.0 not installed"; exit 1; }
test -L "$(dirname "$lib")/libnewsdedup.so"

flags=$(PKG_CONFIG_PATH=$pc_dir pkg-config --cflags --libs newsdedup)
[ -n "$sanitize" ] && flags="$flags -fsanitize=$sanitize"
# The header is C99 clean.
cc -std=c99 -Wall -Wextra -pedantic -Werror -o "$scratch/example" \
   "$example" $flags

LD_LIBRARY_PATH=$(dirname "$lib") "$scratch/example" "$scratch/store" \
  "$seeds"/*.txt >"$scratch/out"
cat "$scratch/out"
cluster() { awk -v id="$1" '$1 ~ "^"id"_" {print $3}' "$scratch/out"; }
c0=$(cluster 000) c1=$(cluster 001)
test -n "$c0" && test "$c0" = "$c1" || { echo "000 and 001 apart"; exit 1; }
others=$(for n in 000 002 003 004; do cluster $n; done | sort -u | wc -l)
test "$others" -eq 4 || { echo "002, 003, 004 not each on their own"; exit 1; }

# Only the C API is exported.
if nm -D --defined-only "$lib" | awk '$3 != "" {print $3}' |
   grep -v -e '^newsdedup_' -e '^NEWSDEDUP_'; then
  echo "symbols other than the C API exported"; exit 1
fi
echo OK
