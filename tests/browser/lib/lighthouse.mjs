// Lighthouse (12.2.3: 13.x needs Node 22) run as its CLI against the system Chromium, with the
// default mobile emulation and simulated throttling.

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const CLI = join(dirname(require.resolve("lighthouse/package.json")), "cli", "index.js");

/** The categories that must each score at least MIN. */
export const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
export const MIN = 0.95;

/**
 * Runs Lighthouse on `url` with Chromium `flags` (a fresh profile each time). Resolves to
 * `{ scores: {category: 0..1}, failing: ["audit-id: title", ...] }`.
 */
export async function lighthouse(url, chromium, flags) {
  const work = mkdtempSync(join(tmpdir(), "bulletin-lighthouse-"));
  const output = join(work, "report.json");
  const chromeFlags = [...flags, "--headless", `--user-data-dir=${join(work, "profile")}`].join(" ");
  const args = [
    CLI,
    url,
    "--quiet",
    "--output=json",
    `--output-path=${output}`,
    `--only-categories=${CATEGORIES.join(",")}`,
    `--chrome-flags=${chromeFlags}`,
  ];
  try {
    const stderr = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, args, {
        env: { ...process.env, CHROME_PATH: chromium },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let err = "";
      child.stderr.on("data", (d) => (err += d));
      child.on("error", reject);
      child.on("close", (code) => (code === 0 ? resolve(err) : reject(new Error(`lighthouse exited ${code}\n${err}`))));
    });
    const lhr = JSON.parse(readFileSync(output, "utf8"));
    if (lhr.runtimeError) {
      throw new Error(`lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}\n${stderr}`);
    }
    const scores = {};
    const failing = [];
    for (const id of CATEGORIES) {
      const category = lhr.categories[id];
      scores[id] = category.score;
      for (const ref of category.auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          failing.push(`${id}/${ref.id} (${audit.score}): ${audit.title}${audit.displayValue ? ` — ${audit.displayValue}` : ""}`);
        }
      }
    }
    return { scores, failing };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
