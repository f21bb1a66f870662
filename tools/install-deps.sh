#!/usr/bin/env bash
# Installs the Debian packages newsdedup builds and tests with, when missing.
# Idempotent: does nothing when everything is already there. Needs root (or
# sudo) only when something has to be installed.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libxxhash-dev librocksdb-dev libprotobuf-dev protobuf-compiler
  libboost-dev libgtest-dev libgmock-dev libbenchmark-dev
  libicu-dev libstemmer-dev libsimdjson-dev libcli11-dev
  libzstd-dev zlib1g-dev libjemalloc-dev libxml2-dev
  libssl-dev  # https feeds and Miniflux (TLS, webhook HMAC-SHA256)
  python3
  clang llvm libclang-rt-dev  # the fuzzers (libFuzzer) and readable traces
  # The feed reader integrations' tests (tests/plugins): the real Tiny Tiny
  # RSS on PostgreSQL, PHP for both readers' plugins, namespaces for the
  # feed host.
  tt-rss postgresql iproute2
  php8.2-cli php8.2-pgsql php8.2-curl php8.2-xml php8.2-mbstring php8.2-intl
  chromium  # the web view's and the report's browser tests (headless)
  # The scale-out mode: the NATS C client, and the server its tests run.
  libnats-dev nats-server
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
# tt-rss would ask to set up a database: the tests make their own.
echo "tt-rss tt-rss/dbconfig-install boolean false" | $sudo debconf-set-selections
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
