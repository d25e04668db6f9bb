#!/usr/bin/env bash
# Resident memory of `acta serve` over many full rebuilds (issue 14): rewrites
# site.toml N times, each time waiting until serve reports the rebuild, and
# prints the server's RSS every EVERY rebuilds. Whether RSS levels off or keeps
# climbing tells a leak from the allocator's caches; run it again with
# MALLOC_ARENA_MAX=2 (passed on to acta) to see how much is glibc's arenas.
#
#   scripts/serve-rebuild-rss.sh [SITE] [N]
#
# SITE (default: tests/fixtures/basic, a small site) is copied to a temporary
# folder first. N defaults to 1000. Knobs: EVERY (100), ACTA (default:
# $CARGO_TARGET_DIR/release/acta or target/release/acta, built if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

site=${1:-tests/fixtures/basic}
total=${2:-1000}
every=${EVERY:-100}
acta=${ACTA:-${CARGO_TARGET_DIR:-target}/release/acta}
[ -x "$acta" ] || cargo build --release

work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/site"
for part in site.toml content templates static themes; do
  if [ -e "$site/$part" ]; then cp -R "$site/$part" "$work/site/"; fi
done
config="$work/site/site.toml"
original=$(cat "$config")

rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status"; }
hwm() { awk '/^VmHWM:/ { print $2 }' "/proc/$server_pid/status"; }
rebuilds() { grep -c -e ': rebuilt' -e ': the build failed' "$work/serve.err" || true; }

"$acta" serve --root "$work/site" --port 0 >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 1 600); do
  grep -q 'http://' "$work/serve.out" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { echo "acta serve exited:" >&2; cat "$work/serve.err" >&2; exit 1; }
  sleep 0.1
done
echo "acta serve on $site; MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset}; $total full rebuilds (site.toml rewritten)"
printf '%8s %10s %10s %8s\n' rebuilds 'RSS KiB' 'peak KiB' seconds
printf '%8d %10s %10s %8s\n' 0 "$(rss)" "$(hwm)" 0
start=$(date +%s.%N)
failed=0
for i in $(seq 1 "$total"); do
  # A comment that changes every time: a change of site.toml, so a full rebuild.
  printf '%s\n# rebuild %d\n' "$original" "$i" >"$config"
  waited=0
  until [ "$(rebuilds)" -ge "$i" ]; do
    kill -0 "$server_pid" 2>/dev/null || { echo "acta serve died:" >&2; tail -n 20 "$work/serve.err" >&2; exit 1; }
    sleep 0.01
    waited=$((waited + 1))
    [ "$waited" -lt 3000 ] || { echo "rebuild $i never reported" >&2; exit 1; }
  done
  if [ $((i % every)) -eq 0 ]; then
    printf '%8d %10s %10s %8.1f\n' "$i" "$(rss)" "$(hwm)" "$(echo "$(date +%s.%N) - $start" | bc)"
  fi
done
failed=$(grep -c ': the build failed' "$work/serve.err" || true)
echo "rebuilds reported: $(rebuilds) ($failed failed)"
