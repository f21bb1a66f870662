#!/usr/bin/env bash
# The whole test run, as CI runs it; fails (non-zero) as soon as a step does.
#   1. installs what is missing (tools/install-deps.sh);
#   2. builds Release in build/ and runs every test;
#   3. builds with AddressSanitizer and UBSan in build-asan/ and runs the
#      tests again there;
#   4. when clang is there, builds the libFuzzer harnesses in build-fuzz/
#      and runs each for a bounded time (ctest label "fuzz").
# JOBS sets the build and test parallelism (default: the number of cores).
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=${JOBS:-$(nproc)}
timings=()

run() {
  echo "+ $*" >&2
  "$@"
}

# stage NAME COMMAND...: runs one stage and notes how long it took.
stage() {
  local name=$1
  shift
  echo "==> $name" >&2
  local start=$SECONDS
  "$@"
  timings+=("$(printf '%-34s %4d s' "$name" $((SECONDS - start)))")
}

release() {
  run cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
  run cmake --build build -j"$jobs"
  run ctest --test-dir build --output-on-failure -j"$jobs"
}

sanitized() {
  # Debug: assertions on (StatusOr checks its use), and quicker to build.
  run cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug \
    -DNEWSDEDUP_SANITIZE=address,undefined
  run cmake --build build-asan -j"$jobs"
  UBSAN_OPTIONS=print_stacktrace=1 \
    run ctest --test-dir build-asan --output-on-failure -j"$jobs"
}

fuzz() {
  CC=clang CXX=clang++ run cmake -S . -B build-fuzz -DNEWSDEDUP_FUZZ=ON
  run cmake --build build-fuzz -j"$jobs"
  run ctest --test-dir build-fuzz --output-on-failure -j"$jobs" -L fuzz
}

stage "install dependencies" run tools/install-deps.sh
stage "Release build and tests" release
stage "address,undefined build and tests" sanitized
if command -v clang++ >/dev/null; then
  stage "fuzzers" fuzz
else
  echo "==> fuzzers: skipped, clang++ not found" >&2
fi

echo "==> all passed" >&2
printf '%s\n' "${timings[@]}" >&2
