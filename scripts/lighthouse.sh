#!/usr/bin/env bash
# Lighthouse (issue 17) on every page type of a site: its default mobile run
# (simulated slow 4G and a 4× slower CPU) in Debian's headless Chromium.
# Prints Performance / Accessibility / Best Practices / SEO and the
# Cumulative Layout Shift of each page; the goal is 95 / 100 / 100 / 100 and
# CLS ≤ 0.02.
#
#   scripts/lighthouse.sh [SITE]
#
# SITE (default: this repository's paper site) is built with an absolute
# --base-url (http://127.0.0.1:PORT/: SEO wants absolute canonical and
# sitemap URLs) into a temporary folder and served on 127.0.0.1 by
# scripts/lighthouse/serve.py, as a static host serves it (gzip, 404.html).
# The pages are the paper's: PAGES="/ /some/page/" names others. The 404
# page is audited as /404.html: Lighthouse refuses a page answered with 404.
#
# Needs Node 18+ and npm (Lighthouse 12.2.3, pinned in scripts/lighthouse/,
# is installed there on first run: 13 needs Node 22), python3 and Chromium
# (Debian: apt-get install -y chromium nodejs npm). Knobs: CHROME_PATH
# (/usr/bin/chromium), PORT (a free one), RUNS (1; with more, each score is
# the median of the runs), KEEP=1 keeps the JSON reports and says where,
# ACTA (default: target/release/acta, built if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
site=${1:-$repo}
runs=${RUNS:-1}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
pages=${PAGES:-"/ /02-globalization-security/01-globalization-security/ /glossary/tiar/ /glossary/ /404.html"}

acta=${ACTA:-$repo/target/release/acta}
if [[ ! -x $acta ]]; then
  cargo build --release --quiet
fi
if [[ ! -x scripts/lighthouse/node_modules/.bin/lighthouse ]]; then
  (cd scripts/lighthouse && npm ci --no-audit --no-fund --silent)
fi

port=${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
work=$(mktemp -d)
server=
cleanup() {
  if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; fi
  if [[ -z ${KEEP:-} ]]; then rm -rf "$work"; else echo "reports kept in $work" >&2; fi
}
trap cleanup EXIT

"$acta" build --root "$site" --output "$work/site" --base-url "http://127.0.0.1:$port/" >/dev/null 2>"$work/build.log" ||
  { cat "$work/build.log" >&2; exit 1; }
python3 scripts/lighthouse/serve.py "$work/site" "$port" &
server=$!
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null && break
  sleep 0.1
done

flags="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync"
for page in $pages; do
  for run in $(seq "$runs"); do
    name=$(echo "$page" | tr -c 'a-zA-Z0-9\n' '_')
    scripts/lighthouse/node_modules/.bin/lighthouse "http://127.0.0.1:$port$page" \
      --quiet --output=json --output-path="$work/$name.$run.json" \
      --only-categories=performance,accessibility,best-practices,seo \
      --chrome-flags="$flags" >/dev/null 2>"$work/$name.$run.log" ||
      { echo "lighthouse failed on $page:" >&2; cat "$work/$name.$run.log" >&2; exit 1; }
  done
done

# One row per page: the median of each figure over the runs, and the audits
# that lost points outside Performance, so a score below 100 says why.
node - "$work" "$runs" $pages <<'EOF'
const fs = require("fs");
const [work, runs, ...pages] = process.argv.slice(2);
const median = xs => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cats = ["performance", "accessibility", "best-practices", "seo"];
const rows = [["page", "Perf", "A11y", "BP", "SEO", "CLS", "LCP s", "TBT ms", "bytes KiB"]];
const failing = new Set();
for (const page of pages) {
  const name = page.replace(/[^a-zA-Z0-9\n]/g, "_");
  const reports = [];
  for (let run = 1; run <= +runs; run++) reports.push(JSON.parse(fs.readFileSync(`${work}/${name}.${run}.json`)));
  const score = c => Math.round(median(reports.map(r => (r.categories[c].score ?? 0) * 100)));
  const audit = (a, f) => median(reports.map(r => f(r.audits[a].numericValue ?? 0)));
  rows.push([page, ...cats.map(score),
    audit("cumulative-layout-shift", v => v).toFixed(3),
    audit("largest-contentful-paint", v => v / 1000).toFixed(1),
    Math.round(audit("total-blocking-time", v => v)),
    Math.round(audit("total-byte-weight", v => v / 1024))]);
  for (const c of cats.slice(1)) {
    for (const ref of reports[0].categories[c].auditRefs) {
      const a = reports[0].audits[ref.id];
      if (ref.weight > 0 && a.score !== null && a.score < 1) failing.add(`${page}: ${c}: ${a.id}: ${a.title}`);
    }
  }
}
const widths = rows[0].map((_, i) => Math.max(...rows.map(r => String(r[i]).length)));
for (const r of rows) console.log(r.map((v, i) => i ? String(v).padStart(widths[i]) : String(v).padEnd(widths[i])).join("  "));
for (const f of failing) console.log(f);
EOF
