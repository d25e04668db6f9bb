#!/usr/bin/env bash
# Load test of `acta serve`: 200 connections for 30 s with wrk while a loop
# saves a page ten times a second, so every rebuild races the readers.
# Reports requests, errors, latency percentiles, rebuilds and the server's
# resident memory before and after; fails if any response is an error or not
# a complete page (status 200, ending in </html>), or if the page saved last
# is not the one served at the end.
#
#   scripts/load-serve.sh [SITE] [PORT]
#   MODE=slowloris scripts/load-serve.sh [SITE] [PORT]
#   MODE=large-page scripts/load-serve.sh [SITE] [PORT]
#
# MODE=slowloris (issue 14): SLOW (1100) connections trickle request heads a
# byte every 100 ms, reconnecting when closed, while wrk sends CONNECTIONS
# (default 10 here) normal clients' requests; no saving loop.
# MODE=large-page (issue 14): a BIG_MB (20) MB HTML page in static/, read by
# CONNECTIONS (200) clients at once; reports the server's peak memory too.
#
# SITE (default: this repository's paper site) is copied to a temporary
# folder first: the saving loop never touches the original. Traffic goes to
# 127.0.0.1 only. Needs wrk and curl (Debian: apt-get install -y wrk curl) and an acta with
# `serve --root DIR --port N` that prints its URL.
# Knobs: CONNECTIONS (200), DURATION (30, seconds), SAVES_PER_SECOND (10),
# ROUNDS (1; more runs the load again on the same server, to see whether
# memory keeps growing),
# ACTA (default: $CARGO_TARGET_DIR/release/acta or target/release/acta, built
# if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

site=${1:-.}
port=${2:-8765}
mode=${MODE:-edits}
case "$mode" in
  edits | large-page) connections=${CONNECTIONS:-200} ;;
  slowloris) connections=${CONNECTIONS:-10} ;;
  *) echo "MODE must be edits, slowloris or large-page, not $mode" >&2; exit 2 ;;
esac
slow=${SLOW:-1100}
big_mb=${BIG_MB:-20}
duration=${DURATION:-30}
saves_per_second=${SAVES_PER_SECOND:-10}
rounds=${ROUNDS:-1}
acta=${ACTA:-${CARGO_TARGET_DIR:-target}/release/acta}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
[ -x "$acta" ] || cargo build --release
"$acta" serve --help >/dev/null 2>&1 || { echo "$acta has no serve command" >&2; exit 2; }

work=$(mktemp -d)
server_pid=""
saver_pid=""
trickler_pid=""
cleanup() {
  [ -n "$saver_pid" ] && kill "$saver_pid" 2>/dev/null || true
  [ -n "$trickler_pid" ] && kill "$trickler_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/site"
for part in site.toml content templates static themes; do
  if [ -e "$site/$part" ]; then cp -R "$site/$part" "$work/site/"; fi
done

# The pages to request: content/a/b.md is /a/b/, content/a/_index.md is /a/.
paths=$(cd "$work/site/content" && find . -name '*.md' | sed -e 's|^\./||' -e 's|_index\.md$||' -e 's|\.md$|/|' |
  sed -e 's|^|/|' | sort | head -n 200)
[ -n "$paths" ] || { echo "no pages in $site/content" >&2; exit 2; }
# The page the loop saves: the first ordinary page, or the home page.
victim=$(cd "$work/site/content" && find . -name '*.md' ! -name '_index.md' | sort | head -n 1)
victim=${victim:-./_index.md}
victim_path=$(printf '%s\n' "$victim" | sed -e 's|^\./||' -e 's|_index\.md$||' -e 's|\.md$|/|' -e 's|^|/|')
victim="$work/site/content/$victim"

if [ "$mode" = large-page ]; then
  # One big page of paragraphs, served (and given the reload script) like any page.
  mkdir -p "$work/site/static"
  python3 - "$work/site/static/big.html" "$big_mb" <<'PY'
import sys
size = int(sys.argv[2]) * 1024 * 1024
with open(sys.argv[1], "w") as f:
    f.write("<!doctype html>\n<html><head><title>Big</title></head><body>\n")
    n = written = 0
    while written < size:
        line = f"<p>Paragraph {n} of a very long page.</p>\n"
        written += f.write(line)
        n += 1
    f.write("</body></html>\n")
PY
fi

# Resident memory of the server now and at its peak, in KiB (Linux).
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status" 2>/dev/null || echo '?'; }
hwm() { awk '/^VmHWM:/ { print $2 }' "/proc/$server_pid/status" 2>/dev/null || echo '?'; }
# Rebuilds after the first build, as `acta serve` reports them.
rebuilds() { grep -c -e ': rebuilt' -e ': the build failed' "$work/serve.err" || true; }

"$acta" serve --root "$work/site" --port "$port" >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
url=""
for _ in $(seq 1 600); do
  url=$(grep -oh 'http://[^ ]*' "$work/serve.out" "$work/serve.err" 2>/dev/null | head -n 1) || true
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { echo "acta serve exited:" >&2; cat "$work/serve.err" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "acta serve printed no URL within 60 s" >&2; exit 1; }
url=${url%/}
case "$url" in
  http://127.*|http://localhost*|http://\[::1\]*) ;;
  *) echo "refusing to load-test $url: not a loopback address" >&2; exit 2 ;;
esac
# Printed is not listening yet: wait until the port takes connections.
host_port=${url#http://}
host_port=${host_port%%/*}
for _ in $(seq 1 600); do
  (exec 3<>"/dev/tcp/${host_port%:*}/${host_port##*:}") 2>/dev/null && break
  sleep 0.1
done
rss_start=$(rss)


{
  echo "local paths = {"
  for p in $paths; do printf '  "%s",\n' "$p"; done
  cat <<'LUA'
}
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  i = 0
  incomplete = 0
  bad_status = 0
  sample = ""
end
function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
function response(status, headers, body)
  if status ~= 200 then
    bad_status = bad_status + 1
    if sample == "" then sample = "status " .. status .. " (near " .. paths[i] .. ")" end
  elseif not string.find(body, "</html>%s*$") then
    incomplete = incomplete + 1
    if sample == "" then sample = "incomplete page of " .. #body .. " bytes (near " .. paths[i] .. ")" end
  end
end
function done(summary, latency, requests)
  local incomplete_total, bad_total, first = 0, 0, ""
  for _, t in ipairs(threads) do
    incomplete_total = incomplete_total + t:get("incomplete")
    bad_total = bad_total + t:get("bad_status")
    if first == "" then first = t:get("sample") end
  end
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  io.write(string.format("requests: %d in %.1f s (%.0f/s)\n", summary.requests,
    summary.duration / 1e6, summary.requests / (summary.duration / 1e6)))
  io.write(string.format("errors: %d socket (connect %d, read %d, write %d, timeout %d), %d non-200, %d incomplete pages\n",
    socket, e.connect, e.read, e.write, e.timeout, bad_total, incomplete_total))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("latency p%s: %.2f ms\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("latency max: %.2f ms\n", latency.max / 1000))
  if first ~= "" then io.write("first problem: " .. first .. "\n") end
  local f = io.open(os.getenv("LOAD_RESULT"), "w")
  f:write(socket + bad_total + incomplete_total)
  f:close()
end
LUA
} >"$work/check.lua"

if [ "$mode" = large-page ]; then
  length=$(curl -s -o "$work/big.got" -w '%{size_download}' "$url/big.html")
  grep -q '/__acta/events' "$work/big.got" || { echo "the big page has no reload script" >&2; exit 1; }
  echo "acta serve at $url; ${connections} connections reading /big.html (${length} bytes) for ${duration}s"
  echo "acta RSS after the first build and one read: ${rss_start} KiB (peak $(hwm) KiB)"
  # No response() callback: wrk would keep every 20 MB body. A body cut short
  # is a read error; a wrong status is printed by wrk as Non-2xx.
  cat >"$work/big.lua" <<'LUA'
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("requests: %d in %.1f s (%.1f/s), %.0f MB read\n", summary.requests,
    summary.duration / 1e6, summary.requests / (summary.duration / 1e6), summary.bytes / 1e6))
  io.write(string.format("errors: connect %d, read %d, write %d, timeout %d, status %d\n",
    e.connect, e.read, e.write, e.timeout, e.status))
  for _, p in ipairs({50, 90, 99}) do
    io.write(string.format("latency p%s: %.2f ms\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("latency max: %.2f ms\n", latency.max / 1000))
  local f = io.open(os.getenv("LOAD_RESULT"), "w")
  f:write(e.connect + e.read + e.write + e.timeout + e.status)
  f:close()
end
LUA
  LOAD_RESULT="$work/result" wrk -t2 -c"$connections" -d"${duration}s" --timeout 30s -s "$work/big.lua" "$url/big.html"
  again=$(curl -s "$url/big.html" | cmp - "$work/big.got" >/dev/null && echo identical || echo different)
  echo "a read after the load: $again to the first"
  echo "acta RSS: ${rss_start} KiB before, $(rss) KiB after; peak $(hwm) KiB"
  problems=$(cat "$work/result" 2>/dev/null || echo 1)
  [ "$again" = identical ] || problems=$((problems + 1))
  [ "$problems" = 0 ] || { echo "FAILED: $problems problems" >&2; exit 1; }
  echo "OK: every response was complete"
  exit 0
fi

if [ "$mode" = slowloris ]; then
  # SLOW connections, each sending a request head that never ends, a byte
  # every 100 ms; a connection the server closes is opened again.
  python3 - "${host_port%:*}" "${host_port##*:}" "$slow" >"$work/trickler.out" 2>&1 <<'PY' &
import socket, sys, time
host, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
head = f"GET / HTTP/1.1\r\nHost: {host}:{port}\r\nX-Slow: ".encode()
def connect():
    s = socket.create_connection((host, port))
    s.setblocking(False)
    return [s, 0]
conns = [connect() for _ in range(count)]
closed = 0
while True:
    for c in conns:
        byte = head[c[1]:c[1] + 1] or b"a"
        try:
            c[0].send(byte)
            c[1] += 1
        except OSError:
            c[0].close()
            closed += 1
            c[:] = connect()
    print(f"open {len(conns)}, closed by the server so far {closed}", flush=True)
    time.sleep(0.1)
PY
  trickler_pid=$!
  for _ in $(seq 1 100); do
    grep -q '^open' "$work/trickler.out" 2>/dev/null && break
    sleep 0.1
  done
  sleep 1
  echo "acta serve at $url; $(tail -n 1 "$work/trickler.out"); ${connections} normal clients for ${duration}s"
  echo "acta RSS after the first build: ${rss_start} KiB, with the trickling connections: $(rss) KiB"
  rm -f "$work/result"
  LOAD_RESULT="$work/result" wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s --latency -s "$work/check.lua" "$url"
  echo "trickler: $(tail -n 1 "$work/trickler.out")"
  kill "$trickler_pid" 2>/dev/null || true
  trickler_pid=""
  echo "acta RSS: ${rss_start} KiB before, $(rss) KiB after; peak $(hwm) KiB"
  problems=$(cat "$work/result" 2>/dev/null || echo 1)
  [ "$problems" = 0 ] || { echo "FAILED: $problems bad answers to the normal clients" >&2; exit 1; }
  echo "OK: every normal request was answered with a complete page"
  exit 0
fi

echo "acta serve at $url; ${rounds} round(s) of ${connections} connections for ${duration}s, saving $(basename "$victim") ${saves_per_second}×/s"
echo "acta RSS after the first build: ${rss_start} KiB"

# Saves like editors do: in place (truncate and write) and by rename. Numbered
# across rounds, so that the last save's text is unique.
original=$(cat "$victim")
saves=0
problems=0
for round in $(seq 1 "$rounds"); do
  [ "$rounds" -gt 1 ] && echo "== round $round of $rounds"
  (
    n=$saves
    last=$((saves + duration * saves_per_second))
    pause=$(awk "BEGIN { print 1 / $saves_per_second }")
    while [ "$n" -lt "$last" ]; do
      n=$((n + 1))
      if [ $((n % 2)) -eq 0 ]; then
        printf '%s\n\nSaved %d times.\n' "$original" "$n" >"$victim"
      else
        printf '%s\n\nSaved %d times.\n' "$original" "$n" >"$victim.tmp~" && mv "$victim.tmp~" "$victim"
      fi
      sleep "$pause"
    done
    echo "$n" >"$work/saves"
  ) &
  saver_pid=$!
  rm -f "$work/result"
  LOAD_RESULT="$work/result" wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s --latency -s "$work/check.lua" "$url"
  wait "$saver_pid" || true
  saver_pid=""
  saves=$(cat "$work/saves" 2>/dev/null || echo 0)
  kill -0 "$server_pid" 2>/dev/null || { echo "acta serve died during the test:" >&2; tail -n 20 "$work/serve.err" >&2; exit 1; }
  rss_after=$(rss)
  # The last save must be what is served once the watcher has caught up.
  final="missing"
  for _ in $(seq 1 100); do
    if curl -sf "$url$victim_path" | grep -q "Saved $saves times"; then final="served"; break; fi
    sleep 0.1
  done
  sleep 5
  echo "saves so far: $saves; rebuilds so far: $(rebuilds) ($(grep -c ': the build failed' "$work/serve.err" || true) failed)"
  echo "last save ($victim_path, \"Saved $saves times\"): $final"
  echo "acta RSS: ${rss_after} KiB after the round, $(rss) KiB 5 s later"
  round_problems=$(cat "$work/result" 2>/dev/null || echo 1)
  [ "$final" = "served" ] || round_problems=$((round_problems + 1))
  problems=$((problems + round_problems))
done
if [ "$problems" != "0" ]; then
  echo "FAILED: $problems problems (bad responses, or the last save not served)" >&2
  exit 1
fi
echo "OK: every response was a complete page"
