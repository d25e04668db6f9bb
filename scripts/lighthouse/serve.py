#!/usr/bin/env python3
"""A built site served as a static host serves it, for scripts/lighthouse.sh.

    serve.py DIR PORT

Listens on 127.0.0.1 only. Like GitHub Pages or Netlify: `dir/` is
`dir/index.html`, a missing file is `404.html` with status 404, text (HTML,
CSS, JS, JSON, XML, SVG) is sent gzip-compressed when the browser accepts it,
and files may be cached for ten minutes. Without compression Lighthouse would
rate a transfer no real host makes.
"""

import gzip
import http.server
import os
import sys

COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".pf_meta"}


class Handler(http.server.SimpleHTTPRequestHandler):
    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?")[0].endswith("/"):
                # The host's redirect to the folder's URL.
                self.send_response(301)
                self.send_header("Location", self.path.split("?")[0] + "/")
                self.end_headers()
                return None
            path = os.path.join(path, "index.html")
        status = 200
        if not os.path.isfile(path):
            status, path = 404, os.path.join(self.directory, "404.html")
        with open(path, "rb") as f:
            body = f.read()
        ext = os.path.splitext(path)[1]
        zipped = ext in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")
        if zipped:
            body = gzip.compress(body, 6)
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(path))
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "public, max-age=600")
        self.end_headers()
        return _Body(body)

    def log_message(self, *args):
        pass


class _Body:
    """What send_head returns: copyfile reads it and closes it."""

    def __init__(self, data):
        self.data = data

    def read(self, *args):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


Handler.extensions_map.update({".woff2": "font/woff2", ".js": "text/javascript", ".wasm": "application/wasm"})

if __name__ == "__main__":
    directory, port = sys.argv[1], int(sys.argv[2])
    handler = lambda *a, **k: Handler(*a, directory=directory, **k)  # noqa: E731
    http.server.ThreadingHTTPServer(("127.0.0.1", port), handler).serve_forever()
