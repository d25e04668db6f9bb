#!/usr/bin/env bash
# Full-build benchmark: generates the shared corpus (../shared/bench/gen.py) at
# each size, builds it with acta (peer-equivalent template, then the default
# theme) and with hugo, zola and mdbook where they are on the PATH, and prints
# the median wall time, CPU time and peak RSS of RUNS builds into an empty folder.
#
#   scripts/bench.sh [SIZES...]        default: 1000 10000
#   RUNS=5 scripts/bench.sh 1000
#
# Zola and mdBook take minutes per build from 5,000 pages on (their section
# lists are quadratic): there they run once, without a warm-up (SLOW_RUNS=N
# changes that), where the page cache no longer matters.
#
# Timing comes from /usr/bin/time -v (GNU time; Debian package `time`).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
GEN=${GEN:-$ROOT/../shared/bench/gen.py}
RUNS=${RUNS:-5}
SLOW_RUNS=${SLOW_RUNS:-1}
WORK=${WORK:-/tmp/acta-bench}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000)

command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install time" >&2; exit 1; }
cargo build --release --quiet
ACTA=$ROOT/target/release/acta

layouts=acta
command -v hugo >/dev/null && layouts+=,hugo
command -v zola >/dev/null && layouts+=,zola
command -v mdbook >/dev/null && layouts+=,mdbook

# One timed run: prints "wall_s cpu_s rss_mib".
measure() {
  local log
  log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; rm -f "$log"; return 1; }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); w = (n == 3) ? t[1]*3600 + t[2]*60 + t[3] : t[1]*60 + t[2] }
    /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { r = $2 / 1024 }
    END { printf "%.3f %.3f %.0f\n", w, u + s, r }' "$log"
  rm -f "$log"
}

# Median of RUNS runs of "$@" (after one warm-up), each into an empty output folder.
median() {
  local out=$1; shift
  rm -rf "$out"; "$@" >/dev/null 2>&1 || true
  median_of "$RUNS" "$out" "$@"
}

# Median of N runs, no warm-up.
median_of() {
  local n=$1 out=$2; shift 2
  for _ in $(seq "$n"); do rm -rf "$out"; measure "$@"; done |
    sort -n | awk '{ w[NR] = $1; c[NR] = $2; r[NR] = $3 } END { m = int((NR + 1) / 2); printf "%s %s %s\n", w[m], c[m], r[m] }'
}

printf '%-28s %7s %10s %9s %9s\n' tool pages wall_s cpu_s rss_MiB
for n in "${SIZES[@]}"; do
  corpus=$WORK/$n
  for layout in ${layouts//,/ }; do
    [ -d "$corpus/$layout" ] || { rm -rf "$corpus"; python3 "$GEN" "$n" "$corpus" --layouts "$layouts" >/dev/null; break; }
  done
  # The slow peers: once, without a warm-up, on large corpora.
  slow() { if [ "$n" -ge 5000 ]; then median_of "$SLOW_RUNS" "$@"; else median "$@"; fi; }
  site=$corpus/acta
  # Like with like: the peers build no search index, so the peer-template
  # run has none either; the default theme's run has acta's search.
  printf 'title = "Bench"\nbase_url = "/"\nsearch = false\n[glossary]\nignore = ["API", "HTTP", "JSON", "URL"]\n' >"$site/site.toml"
  # The peers' template: title, the current section's page list, the content.
  mkdir -p "$site/peer/templates"
  cat >"$site/peer/templates/page.html" <<'TPL'
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ page.title }} | {{ config.title }}</title></head>
<body>
{% for s in nav %}{% if s.open %}<nav>
<h2><a href="{{ s.url }}">{{ s.title }}</a></h2>
<ul>
{% for p in s.children %}<li><a href="{{ p.url }}">{{ p.title }}</a></li>
{% endfor %}</ul>
</nav>{% endif %}{% endfor %}
<main>
<h1>{{ page.title }}</h1>
{{ page.content | safe }}
</main>
</body>
</html>
TPL
  rm -rf "$site/templates"
  cp -r "$site/peer/templates" "$site/templates"
  read -r w c r < <(median "$site/public" "$ACTA" build --root "$site")
  printf '%-28s %7s %10s %9s %9s\n' "acta (peer template)" "$n" "$w" "$c" "$r"
  acta_w=$w
  rm -rf "$site/templates"
  sed -i 's/^search = false$/search = true/' "$site/site.toml"
  read -r w c r < <(median "$site/public" "$ACTA" build --root "$site")
  printf '%-28s %7s %10s %9s %9s\n' "acta (default theme+search)" "$n" "$w" "$c" "$r"
  if command -v hugo >/dev/null; then
    read -r w c r < <(median "$corpus/hugo/public" hugo --quiet -s "$corpus/hugo")
    printf '%-28s %7s %10s %9s %9s   acta/hugo = %s\n' "hugo $(hugo version | grep -o "v[0-9.]*" | head -1)" "$n" "$w" "$c" "$r" "$(awk -v a="$acta_w" -v b="$w" 'BEGIN { printf "%.2f", a / b }')"
  fi
  if command -v zola >/dev/null; then
    read -r w c r < <(slow "$corpus/zola/public" zola --root "$corpus/zola" build)
    printf '%-28s %7s %10s %9s %9s   acta/zola = %s\n' "zola" "$n" "$w" "$c" "$r" "$(awk -v a="$acta_w" -v b="$w" 'BEGIN { printf "%.2f", a / b }')"
  fi
  if command -v mdbook >/dev/null; then
    read -r w c r < <(slow "$corpus/mdbook/book" mdbook build "$corpus/mdbook")
    printf '%-28s %7s %10s %9s %9s   acta/mdbook = %s\n' "mdbook" "$n" "$w" "$c" "$r" "$(awk -v a="$acta_w" -v b="$w" 'BEGIN { printf "%.2f", a / b }')"
  fi
done
