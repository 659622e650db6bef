// bulletin's search benchmark, the browser half: runs queries through the real search.js in
// headless Chromium and prints, for each, every document it found and what it fetched.
// Driven by bench/search_bench.py (see bench/README.md); not a test.
//
// Usage: node bench/search_bench.mjs JOB.json
//   JOB.json: {"base": "http://127.0.0.1:PORT/", "chromium": "/usr/bin/chromium",
//              "queries": ["..."]}
// Prints one JSON line per query: {"query", "status", "docs": [numbers, best first],
// "fetched": [URL paths fetched by the script, in order], "ms"}.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
// playwright-core comes from the browser suite's node_modules (cd tests/browser && npm ci).
const require = createRequire(join(here, "../tests/browser/package.json"));
const { chromium } = require("playwright-core");

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
// (Playwright gives the browser a fresh temporary profile of its own.)

const browser = await chromium.launch({
  executablePath: job.chromium || "/usr/bin/chromium", args: FLAGS, headless: true,
});
try {
  for (const query of job.queries) {
    // A fresh context per query: nothing cached from the one before.
    const context = await browser.newContext();
    const page = await context.newPage();
    const fetched = [];
    page.on("request", (r) => {
      if (r.resourceType() === "fetch" || r.resourceType() === "xhr") {
        const u = new URL(r.url());
        fetched.push(u.pathname);
      }
    });
    await page.goto(new URL("search/", job.base).href);
    await page.evaluate(() => {
      window.__found = null;
      document.getElementById("search-form").addEventListener("bulletin-search",
        (e) => { window.__found = e.detail.docs; });
    });
    const started = Date.now();
    await page.fill("#search-input", query);
    await page.press("#search-input", "Enter");
    await page.waitForFunction(() => /找到|未找到|失败|请输入/.test(
      document.getElementById("search-status")?.textContent || ""), null, { timeout: 60000 });
    await page.waitForFunction(() => {
      const status = document.getElementById("search-status").textContent;
      return !/^找到/.test(status) ||
        (document.querySelectorAll(".search-result").length > 0 &&
         !document.getElementById("search-results").hasAttribute("aria-busy"));
    }, null, { timeout: 60000 });
    const ms = Date.now() - started;
    const result = await page.evaluate(() => ({
      status: document.getElementById("search-status").textContent,
      docs: window.__found || [],
    }));
    console.log(JSON.stringify({ query, status: result.status, docs: result.docs, fetched, ms }));
    await context.close();
  }
} finally {
  await browser.close();
}
