#!/usr/bin/env bash
# Runs the fuzz targets one after another, each for SECONDS (default 600),
# on the seed corpus plus what earlier runs found. Needs a nightly toolchain
# and cargo-fuzz: `cargo install cargo-fuzz`. Crashes land in artifacts/TARGET/.
#   fuzz/run.sh [SECONDS] [TARGET...]
set -uo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(front_matter render_page import)
cargo +nightly fuzz build || exit 1
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  echo "== $t for ${seconds}s"
  "target/x86_64-unknown-linux-gnu/release/$t" "corpus/$t" \
    -artifact_prefix="artifacts/$t/" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=4096 -max_len=16384 -print_final_stats=1 2>&1 | tail -25
done
