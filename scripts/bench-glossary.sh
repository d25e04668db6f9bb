#!/usr/bin/env bash
# What glossary linking costs: the shared corpus with 1,000 glossary terms,
# built with the glossary on, then with the same files as ordinary pages
# (`[glossary] dir` pointing elsewhere: no automaton, no tooltips, no lint).
# Prints the median wall time of RUNS builds of each and the overhead.
#
#   scripts/bench-glossary.sh [PAGES] [TERMS]     default: 10000 1000
#
# How a big glossary scales: one build per TERMS count (same PAGES), with
# wall time, peak memory (/usr/bin/time -v) and the size of the term pages.
# ACTA=path/to/acta compares another binary (e.g. a copy of an older build).
# BASE=path/to/acta also times that binary with the glossary on, in the same
# run, and prints the change: before/after figures for one change.
#
#   scripts/bench-glossary.sh --scale PAGES TERMS...   e.g. --scale 1000 1000 10000
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

# make_site PAGES TERMS: the shared corpus in $SITE with TERMS glossary terms.
make_site() {
  local pages=$1 terms=$2
  [ -d "$SITE/content" ] && return
  rm -rf "$SITE"
  python3 "$ROOT/../shared/bench/gen.py" "$pages" "$SITE.gen" --layouts acta >/dev/null
  mv "$SITE.gen/acta" "$SITE"
  rm -rf "$SITE.gen"
  # The corpus has 50 terms; add synthetic ones up to TERMS: acronyms and
  # multi-word names, a third of them with a synonym.
  python3 - "$SITE/content/glossary" "$terms" <<'PY'
import os, random, sys
out, total = sys.argv[1], int(sys.argv[2])
have = len([f for f in os.listdir(out) if f != "_index.md"])
rng = random.Random(7)
words = ["Council", "Agency", "Board", "Forum", "Institute", "Network", "Office", "Programme", "Centre", "Union"]
places = ["Andean", "Pacific", "Atlantic", "Caribbean", "Southern", "Northern", "Amazonian", "Coastal", "Highland", "Delta"]
fields = ["Security", "Defence", "Trade", "Health", "Water", "Energy", "Transport", "Climate", "Justice", "Science"]
for i in range(total - have):
    name = f"{rng.choice(places)} {rng.choice(fields)} {rng.choice(words)} {i}"
    acro = "".join(w[0] for w in name.split()[:3]) + f"{i}"
    syn = f"  - {name} of the Region\n" if i % 3 == 0 else ""
    with open(os.path.join(out, f"t{i:05d}.md"), "w") as f:
        f.write(f"---\ntitle: {acro}\nexpansion: {name}\nsynonyms:\n{syn}  - {acro}s\nsummary: A synthetic term for the benchmark.\n---\n\nDefinition of {name}.\n")
PY
  printf 'title = "Bench"\n[glossary]\nignore = ["API", "HTTP", "JSON", "URL"]\n' >"$SITE/site.toml"
}

if [ "${1:-}" = "--scale" ]; then
  shift
  PAGES=$1
  shift
  if [ -z "${ACTA:-}" ]; then
    cargo build --release --quiet
    ACTA=$ROOT/target/release/acta
  fi
  printf '%8s %8s %10s %10s %10s %14s %14s\n' pages terms wall_s peak_MB output_MB term_page_KB term_page_max_KB
  for TERMS in "$@"; do
    SITE=${WORK:-/tmp/acta-bench}/glossary-$PAGES-$TERMS
    make_site "$PAGES" "$TERMS"
    rm -rf "$SITE/public"
    stats=$(/usr/bin/time -v "$ACTA" build --root "$SITE" 2>&1 >/dev/null | tail -n 30)
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' <<<"$stats")
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' <<<"$stats")
    sizes=$(find "$SITE/public/glossary" -mindepth 2 -name index.html -printf '%s\n' |
      awk '{ s += $1; if ($1 > m) m = $1 } END { printf "%.1f %.1f", s / NR / 1024, m / 1024 }')
    output=$(du -sm "$SITE/public" | cut -f1)
    printf '%8s %8s %10s %10s %10s %14s %14s\n' "$PAGES" "$TERMS" "$wall" "$rss" "$output" $sizes
  done
  exit 0
fi

PAGES=${1:-10000}
TERMS=${2:-1000}
RUNS=${RUNS:-5}
SITE=${WORK:-/tmp/acta-bench}/glossary-$PAGES-$TERMS

if [ -z "${ACTA:-}" ]; then
  cargo build --release --quiet
  ACTA=$ROOT/target/release/acta
fi
make_site "$PAGES" "$TERMS"

run() { # median wall seconds of RUNS builds of $SITE
  for _ in $(seq "$RUNS"); do
    rm -rf "$SITE/public"
    /usr/bin/time -f %e "$ACTA" build --root "$SITE" 2>&1 >/dev/null | tail -1
  done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

printf 'title = "Bench"\n[glossary]\nignore = ["API", "HTTP", "JSON", "URL"]\n' >"$SITE/site.toml"
"$ACTA" build --root "$SITE" >/dev/null 2>&1 # warm-up
with=$(run)
if [ -n "${BASE:-}" ]; then
  NEW=$ACTA
  ACTA=$BASE
  "$ACTA" build --root "$SITE" >/dev/null 2>&1 # warm-up
  base=$(run)
  ACTA=$NEW
fi
# The same pages without a glossary: the term files as plain pages.
OFF=$SITE-off
if [ ! -d "$OFF" ]; then
  cp -r "$SITE" "$OFF"
  # The folder stays where the pages link to it; `[glossary] dir` points elsewhere.
  find "$OFF/content/glossary" -name '*.md' -exec sed -i '/^expansion:/d; /^summary:/d; /^synonyms:/d; /^related:/d; /^  - /d' {} +
fi
printf 'title = "Bench"\n[glossary]\ndir = "no-glossary"\n' >"$OFF/site.toml"
ON=$SITE
SITE=$OFF
without=$(run)
SITE=$ON
terms=$(find "$SITE/content/glossary" -name '*.md' ! -name _index.md | wc -l)
echo "pages: $PAGES, terms: $terms, runs: $RUNS"
echo "glossary on:  ${with} s"
echo "glossary off: ${without} s"
awk -v a="$with" -v b="$without" 'BEGIN { printf "overhead: %.1f%%\n", (a - b) / b * 100 }'
if [ -n "${BASE:-}" ]; then
  echo "glossary on, BASE binary: ${base} s"
  awk -v a="$with" -v b="$base" 'BEGIN { printf "change against BASE: %+.1f%%\n", (a - b) / b * 100 }'
fi
