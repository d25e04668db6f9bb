#!/usr/bin/env node
// The first results Pagefind gives for each query on a built site, ranked as
// the default theme ranks them (the `ranking` option of search.js), without
// a browser: to see what a change to the index or the ranking does.
//
//   cargo build && target/debug/acta build --output /tmp/site
//   node scripts/search-ranking.mjs /tmp/site drug "Rio Treaty" …
//
// N=10 lists ten results a query (default 8); RANK='{"pageLength":0.75}'
// ranks with other options instead. Each line: score, URL, title, section.
// It serves SITE on 127.0.0.1 (an ephemeral port) for Pagefind to fetch.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [dir, ...queries] = process.argv.slice(2);
if (!dir || !queries.length) {
  console.error("usage: node scripts/search-ranking.mjs SITE_DIR QUERY...");
  process.exit(2);
}
function themeRanking() {
  const js = fs.readFileSync(new URL("../themes/default/static/search.js", import.meta.url), "utf8");
  const literal = js.match(/ranking: (\{.*\}),/);
  if (!literal) throw new Error("no `ranking: {…},` line in search.js");
  return Function("return " + literal[1])();
}
const ranking = process.env.RANK ? JSON.parse(process.env.RANK) : themeRanking();
const server = http.createServer((req, res) => {
  const file = path.join(dir, decodeURIComponent(new URL(req.url, "http://x").pathname));
  fs.readFile(file, (err, bytes) => {
    res.statusCode = err ? 404 : 200;
    res.end(err ? "" : bytes);
  });
});
await new Promise((ready) => server.listen(0, "127.0.0.1", ready));
const base = `http://127.0.0.1:${server.address().port}`;
// pagefind.js is an ES module meant for the browser; Node imports a copy.
const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pagefind-")), "pagefind.mjs");
fs.copyFileSync(path.join(dir, "pagefind/pagefind.js"), copy);
const pagefind = await import(pathToFileURL(copy).href);
await pagefind.options({ basePath: `${base}/pagefind/`, ranking });
console.log(`ranking: ${JSON.stringify(ranking)}`);
for (const query of queries) {
  const found = await pagefind.search(query);
  console.log(`${query}: ${found.results.length} results`);
  const shown = found.results.slice(0, Number(process.env.N || 8));
  for (const [i, result] of shown.entries()) {
    const data = await result.data();
    const url = data.url.replace(base, "");
    console.log(`  ${i + 1}. ${result.score.toFixed(2)} ${url} | ${data.meta.title} | ${data.meta.section || ""}`);
  }
}
server.close();
fs.rmSync(path.dirname(copy), { recursive: true });
