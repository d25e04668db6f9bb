#!/usr/bin/env python3
"""Edit-to-served latency of `acta serve`.

Starts `acta serve` on a site, then RUNS times: appends a sentence with a
unique marker to one page (saved atomically, as editors do: a new file
renamed over the old one), polls the served page over HTTP every 2 ms until
the marker is in it, and records the time from just before the write.
Prints min, median, p90 and max, and restores the page.

With `--term WORD` the sentence also mentions a glossary term (`… about
WORD.`), so the edit changes where the term is used: the term's page,
terms.json and the search index depend on it. `--term-page URL` then also
waits, after each run, until that term page lists the edited page, and
prints how long the dependent pages took to catch up.

    cargo build --release
    python3 scripts/serve-latency.py [SITE_ROOT] [--page content/x.md] [--runs 20]
    python3 scripts/serve-latency.py SITE --term TIAR --term-page /glossary/tiar/

With `--search` it also waits, after each run, until the served search index
(Pagefind's files under /pagefind/) has the marker, and prints how long the
index took to follow the edit.

    python3 scripts/serve-latency.py SITE --search --runs 5

SITE_ROOT defaults to the repository root (the paper site). Python 3 standard
library only.
"""

import argparse
import gzip
import http.client
import json
import pathlib
import queue
import statistics
import subprocess
import sys
import threading
import time
import uuid

REPO = pathlib.Path(__file__).resolve().parent.parent
PATIENCE = 30.0  # seconds before a run counts as failed


def page_url(rel):
    """content/a/b.md -> /a/b/, content/a/_index.md -> /a/ (acta's rule)."""
    parts = pathlib.PurePosixPath(rel).relative_to("content").with_suffix("").parts
    if parts and parts[-1] == "_index":
        parts = parts[:-1]
    return "/" + "".join(p + "/" for p in parts)


def default_page(root):
    pages = sorted(p.relative_to(root).as_posix() for p in (root / "content").rglob("*.md"))
    plain = [p for p in pages if not p.endswith("/_index.md") and "/glossary/" not in p]
    candidates = plain or [p for p in pages if not p.endswith("/_index.md")] or pages
    if not candidates:
        sys.exit(f"error: no Markdown page under {root / 'content'}")
    return candidates[0]


def start_server(acta, root):
    proc = subprocess.Popen(
        [str(acta), "serve", "--root", str(root), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    urls = queue.Queue()

    def read_stdout():
        for line in proc.stdout:
            if "http://" in line:
                urls.put(line[line.index("http://") :].strip())

    threading.Thread(target=read_stdout, daemon=True).start()
    try:
        url = urls.get(timeout=120)
    except queue.Empty:
        proc.terminate()
        sys.exit("error: acta serve printed no URL")
    host_port = url[len("http://") :].rstrip("/")
    host, port = host_port.rsplit(":", 1)
    return proc, host, int(port)


class Client:
    """One keep-alive connection, reopened when the server closes it."""

    def __init__(self, host, port):
        self.host, self.port, self.conn = host, port, None

    def get(self, path):
        status, body = self.get_bytes(path)
        return status, body.decode("utf-8", "replace")

    def get_bytes(self, path):
        for _ in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
                self.conn.request("GET", path)
                response = self.conn.getresponse()
                return response.status, response.read()
            except (OSError, http.client.HTTPException):
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
        return 0, b""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", nargs="?", default=str(REPO), help="the site root (default: the repository root)")
    parser.add_argument("--page", help="the page to edit, relative to the root (default: the first content page)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--acta", default=str(REPO / "target" / "release" / "acta"), help="the acta binary")
    parser.add_argument("--term", help="mention this glossary term in the appended sentence")
    parser.add_argument("--term-page", help="the term's page: wait until it lists the edited page")
    parser.add_argument("--search", action="store_true", help="wait until the search index has the edit")
    args = parser.parse_args()

    root = pathlib.Path(args.root).resolve()
    acta = pathlib.Path(args.acta)
    if not acta.exists():
        sys.exit(f"error: {acta} does not exist; run `cargo build --release` first")
    rel = args.page or default_page(root)
    path = root / rel
    url = page_url(rel)
    original = path.read_bytes()

    proc, host, port = start_server(acta, root)
    client = Client(host, port)
    times, dependents, searches = [], [], []
    try:
        status, _ = client.get(url)
        if status != 200:
            sys.exit(f"error: {url} answered {status} before any edit")
        print(f"editing {rel}, polling http://{host}:{port}{url}, {args.runs} runs")
        for i in range(args.runs):
            before = summary_line(client.get(args.term_page)[1]) if args.term_page else ""
            # Ends in a digit: Pagefind's stemmer leaves the word as it is.
            marker = f"latencymarker{uuid.uuid4().hex}7"
            sentence = f"{marker} about {args.term}." if args.term else marker
            # Every other run removes the term again, so each run changes its usage.
            text = original.rstrip(b"\n") + f"\n\n{sentence}\n".encode()
            tmp = path.with_name(f".{path.name}.latency-tmp")
            start = time.perf_counter()
            tmp.write_bytes(text)
            tmp.replace(path)
            while True:
                _, body = client.get(url)
                elapsed = time.perf_counter() - start
                if marker in body:
                    break
                if elapsed > PATIENCE:
                    sys.exit(f"error: run {i + 1}: the marker was not served after {PATIENCE:.0f} s")
                time.sleep(0.002)
            times.append(elapsed * 1000)
            if args.term_page:
                dependents.append(wait_for_change(client, args.term_page, before, start, i) * 1000)
            if args.search:
                searches.append(wait_for_search(client, marker, start, i) * 1000)
            # Let the server go idle, so that runs do not merge into one burst.
            time.sleep(0.3)
            # Undo, so that the next run's edit adds the term use again.
            path.write_bytes(original)
            if args.term_page:
                wait_for(client, args.term_page, before, i)
            time.sleep(0.3)
    finally:
        path.write_bytes(original)
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()

    kind = f"edit adding a use of {args.term}" if args.term else "edit without a term"
    print(f"{kind}, edit-to-served over {len(times)} runs: {spread(times)}")
    if dependents:
        print(f"  {args.term_page} lists the page after: {spread(dependents)}")
    if searches:
        print(f"  the search index has the edit after: {spread(searches)}")


def spread(times):
    """min, median, p90 and max of `times` (ms), as one line."""
    ordered = sorted(times)
    p90 = ordered[min(len(ordered) - 1, max(0, round(0.9 * len(ordered)) - 1))]
    return (
        f"min {ordered[0]:.0f} ms, median {statistics.median(ordered):.0f} ms, "
        f"p90 {p90:.0f} ms, max {ordered[-1]:.0f} ms"
    )


def summary_line(body):
    """A term page's "N occurrences on M pages" line: an edit that adds a use changes it."""
    start = body.find('class="muted summary-line"')
    return body[start : body.find("</p>", start)] if start >= 0 else ""


def wait_for_change(client, url, before, start, run):
    """Seconds from `start` until the summary line of `url` is no longer `before`."""
    while True:
        now = summary_line(client.get(url)[1])
        elapsed = time.perf_counter() - start
        if now != before:
            return elapsed
        if elapsed > PATIENCE:
            sys.exit(f"error: run {run + 1}: {url} still says {before!r} after {PATIENCE:.0f} s")
        time.sleep(0.005)


def wait_for(client, url, expected, run):
    """Waits until the summary line of `url` is `expected` again."""
    start = time.perf_counter()
    while summary_line(client.get(url)[1]) != expected:
        if time.perf_counter() - start > PATIENCE:
            sys.exit(f"error: run {run + 1}: {url} did not go back to {expected!r}")
        time.sleep(0.01)


def cbor(data, at=0):
    """One CBOR item of `data` at `at` (the kinds Pagefind writes): (item, next offset)."""
    head = data[at]
    kind, info = head >> 5, head & 31
    at += 1
    if info < 24:
        n = info
    else:
        size = 1 << (info - 24)
        n = int.from_bytes(data[at : at + size], "big")
        at += size
    if kind == 0:
        return n, at
    if kind == 1:
        return -1 - n, at
    if kind in (2, 3):
        raw = data[at : at + n]
        return (raw if kind == 2 else raw.decode("utf-8", "replace")), at + n
    if kind == 4:
        items = []
        for _ in range(n):
            item, at = cbor(data, at)
            items.append(item)
        return items, at
    raise ValueError(f"CBOR kind {kind} not expected")


def unpack(body):
    """A Pagefind file's contents: gunzipped, without its signature."""
    return gzip.decompress(body)[len(b"pagefind_dcd") :]


def search_has(client, word):
    """Whether the served index's word chunk for `word` lists it (False
    too when the index changed between two requests: a file is gone)."""
    try:
        return index_has(client, word)
    except (OSError, ValueError, IndexError, KeyError):
        return False


def index_has(client, word):
    status, entry = client.get_bytes("/pagefind/pagefind-entry.json")
    if status != 200:
        return False
    for language in json.loads(entry)["languages"].values():
        meta, _ = cbor(unpack(client.get_bytes(f"/pagefind/pagefind.{language['hash']}.pf_meta")[1]))
        for start, end, name in meta[2]:
            if start <= word and (word <= end or word.startswith(end)):
                if word.encode() in unpack(client.get_bytes(f"/pagefind/index/{name}.pf_index")[1]):
                    return True
    return False


def wait_for_search(client, word, start, run):
    """Seconds from `start` until the served search index has `word`."""
    while True:
        found = search_has(client, word)
        elapsed = time.perf_counter() - start
        if found:
            return elapsed
        if elapsed > PATIENCE:
            sys.exit(f"error: run {run + 1}: the search index does not have {word!r} after {PATIENCE:.0f} s")
        time.sleep(0.02)


if __name__ == "__main__":
    main()
