#!/usr/bin/env bash
# How fast `acta import` is on a big text, and how much memory it takes:
# the shared paper repeated up to SIZE_MB megabytes, imported by a release
# build. Prints the input size, wall time, MB/s and peak RSS (and its ratio
# to the input). The goal (acta issue 14): at least 10 MB/s, peak RSS at
# most 3x the input.
#
#   scripts/bench-import.sh [SIZE_MB]     default: 200
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SIZE_MB=${1:-200}
WORK=${WORK:-/tmp/acta-bench}
PAPER=${PAPER:-$ROOT/tests/fixtures/import/security-institutions-americas-2002.txt}
INPUT=$WORK/import-$SIZE_MB.txt
mkdir -p "$WORK"
OUT=$(mktemp -d "$WORK/import-out.XXXXXX")
trap 'rm -rf "$OUT"' EXIT

# Shared machines build under a lock; run `flock /tmp/acta-cargo.lock` around
# this script there, or set NO_BUILD=1 after building yourself.
[ -n "${NO_BUILD:-}" ] || cargo build --release --quiet
ACTA=$ROOT/target/release/acta

want=$((SIZE_MB * 1024 * 1024))
if [ ! -f "$INPUT" ] || [ "$(stat -c %s "$INPUT")" -lt "$want" ]; then
  size=$(stat -c %s "$PAPER")
  copies=$(((want + size - 1) / size))
  # Doubling: `cat` of the paper once per copy is thousands of processes.
  cp "$PAPER" "$INPUT.part"
  have=1
  while [ $((have * 2)) -le "$copies" ]; do
    cat "$INPUT.part" "$INPUT.part" > "$INPUT.tmp" && mv "$INPUT.tmp" "$INPUT.part"
    have=$((have * 2))
  done
  for _ in $(seq $((copies - have))); do cat "$PAPER"; done >> "$INPUT.part"
  mv "$INPUT.part" "$INPUT"
fi

bytes=$(stat -c %s "$INPUT")
/usr/bin/time -f '%e %M %U %S' -o "$OUT.time" "$ACTA" import "$INPUT" --output "$OUT/pages" > /dev/null
read -r secs kb user sys < "$OUT.time"
rm -f "$OUT.time"
# CPU time too: on a shared machine the wall time says more about the others.
awk -v b="$bytes" -v s="$secs" -v k="$kb" -v u="$user" -v y="$sys" 'BEGIN {
  mb = b / 1048576
  printf "input %.1f MB, %.2f s wall (%.1f MB/s), %.2f s CPU (user %.2f, sys %.2f), peak RSS %.0f MB (%.2fx the input)\n",
    mb, s, mb / s, u + y, u, y, k / 1024, k * 1024 / b
}'
