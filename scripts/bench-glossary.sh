#!/usr/bin/env bash
# What glossary linking costs: the shared corpus with 1,000 glossary terms,
# built with the glossary on, then with the same files as ordinary pages
# (`[glossary] dir` pointing elsewhere: no automaton, no tooltips, no lint).
# Prints the median wall time of RUNS builds of each and the overhead.
#
#   scripts/bench-glossary.sh [PAGES] [TERMS]     default: 10000 1000
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PAGES=${1:-10000}
TERMS=${2:-1000}
RUNS=${RUNS:-5}
SITE=${WORK:-/tmp/acta-bench}/glossary-$PAGES-$TERMS

cargo build --release --quiet
ACTA=$ROOT/target/release/acta
if [ ! -d "$SITE/content" ]; then
  rm -rf "$SITE"
  python3 "$ROOT/../shared/bench/gen.py" "$PAGES" "$SITE.gen" --layouts acta >/dev/null
  mv "$SITE.gen/acta" "$SITE"
  rm -rf "$SITE.gen"
  # The corpus has 50 terms; add synthetic ones up to TERMS: acronyms and
  # multi-word names, a third of them with a synonym.
  python3 - "$SITE/content/glossary" "$TERMS" <<'PY'
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
fi

run() { # median wall seconds of RUNS builds of $SITE
  for _ in $(seq "$RUNS"); do
    rm -rf "$SITE/public"
    /usr/bin/time -f %e "$ACTA" build --root "$SITE" 2>&1 >/dev/null | tail -1
  done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

printf 'title = "Bench"\n[glossary]\nignore = ["API", "HTTP", "JSON", "URL"]\n' >"$SITE/site.toml"
"$ACTA" build --root "$SITE" >/dev/null 2>&1 # warm-up
with=$(run)
# The same pages without a glossary: the term files as plain pages in another folder.
OFF=$SITE-off
if [ ! -d "$OFF" ]; then
  cp -r "$SITE" "$OFF"
  mv "$OFF/content/glossary" "$OFF/content/terms"
  find "$OFF/content/terms" -name '*.md' -exec sed -i '/^expansion:/d; /^summary:/d; /^synonyms:/d; /^related:/d; /^  - /d' {} +
fi
printf 'title = "Bench"\n' >"$OFF/site.toml"
ON=$SITE
SITE=$OFF
without=$(run)
SITE=$ON
terms=$(find "$SITE/content/glossary" -name '*.md' ! -name _index.md | wc -l)
echo "pages: $PAGES, terms: $terms, runs: $RUNS"
echo "glossary on:  ${with} s"
echo "glossary off: ${without} s"
awk -v a="$with" -v b="$without" 'BEGIN { printf "overhead: %.1f%%\n", (a - b) / b * 100 }'
