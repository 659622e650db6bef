#!/usr/bin/env node
// Opens the generated example site in headless Chromium, as readers and checkers would.
//
//   node tests/browser/run.mjs --bin target/debug/bulletin [--root .] [--shots DIR] [--no-lighthouse]
//
// Builds the example site twice with `--now 2025-03-01` (served at the root, and under
// /cappvd/ with a matching --base-url), and a richer copy of it (lib/extras.mjs: more
// notices, a page, logos) at the root; serves each from 127.0.0.1, and checks: every page
// loads without errors and its links and assets resolve (under the sub-path too); axe-core
// finds no violation on any page (light and dark); the Nu HTML checker finds no error; no
// page scrolls sideways at 360x740, 390x844, 1280x800 or in larger text; search, roster
// filters (with and without JavaScript), larger-text mode and print work; the WeChat export
// of a notice (and of the richer copy's notice with a wide table) shows at 390x844 without
// sideways scrolling and with readable text (lib/wechat.mjs); Lighthouse scores
// home, a notice and the roster >= 0.95 in every category. Screenshots and the printed
// notice go to --shots (default target/browser-screenshots/). Exit 1 on any failure.

import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";

import { EXTRA_SHOWN, writeExtras } from "./lib/extras.mjs";
import { largeText, printNotice, rosterNoScript, rosterScript } from "./lib/features.mjs";
import { Auditor, CATEGORIES, MIN } from "./lib/lighthouse.mjs";
import { axe, broken, expectNone, foreignMarks, localUrls, open, overflow, VIEWPORTS } from "./lib/pages.mjs";
import { Report } from "./lib/report.mjs";
import { englishSearch, lazySnippets, noScriptSearch, searchChecks } from "./lib/search.mjs";
import { build, htmlPages, serve } from "./lib/site.mjs";
import { wechatChecks } from "./lib/wechat.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { values: opts } = parseArgs({
  options: {
    bin: { type: "string", default: process.env.BULLETIN_BIN },
    root: { type: "string", default: resolve(here, "..", "..") },
    shots: { type: "string" },
    chromium: { type: "string", default: process.env.CHROMIUM || "/usr/bin/chromium" },
    "no-lighthouse": { type: "boolean", default: false },
  },
});
if (!opts.bin) {
  console.error("usage: node run.mjs --bin PATH/TO/bulletin [--root DIR] [--shots DIR] [--no-lighthouse]");
  process.exit(2);
}
const BIN = resolve(opts.bin);
const ROOT = resolve(opts.root);
const SHOTS = resolve(opts.shots || join(ROOT, "target", "browser-screenshots"));
const NOW = "2025-03-01";
const SUB = "cappvd";
// Headless Chromium as root on a machine without outside network (see the notes).
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
/** The pages looked at on a phone and a desktop, and screenshotted. */
const SHOWN = [["home", ""], ["notice", "notices/2025-cappvd-call/"], ["guide", "guide/"],
  ["apply", "apply/"], ["roster", "roster/"], ["contacts", "contacts/"]];
const LIGHTHOUSE = [["home", ""], ["notice", "notices/2025-cappvd-call/"], ["roster", "roster/"]];
/** The second example (tests/fixtures/second-site): another programme's shape, two
 * rosters and two overlapping calls, built at an instant when both calls are open. */
const SECOND_SHOWN = [["home", ""], ["calls", "apply/"], ["call", "apply/teams-2026/"],
  ["rosters", "roster/"], ["roster", "roster/support/"], ["teams", "roster/teams/"]];
const SECOND_NOW = "2026-02-10";
/** The English example (tests/fixtures/english-site): an English interface, a Chinese
 * translation of its call, a logo, a brand colour and a navigation of its own. */
const ENGLISH_SHOWN = [["home", ""], ["notice", "notices/partners-2027/"],
  ["translation", "notices/partners-2027/zh-CN/"], ["roster", "roster/"], ["about", "about/"]];
const ENGLISH_LIGHTHOUSE = [["english home", ""], ["english notice", "notices/partners-2027/"]];
const ENGLISH_NOW = "2026-12-10";

const started = Date.now();
// Every step has its own timeout; this one catches anything that still hangs.
setTimeout(() => {
  console.error("FAIL the browser suite did not finish in 15 minutes");
  process.exit(1);
}, 15 * 60 * 1000).unref();
const report = new Report();
const work = mkdtempSync(join(tmpdir(), "bulletin-browser-"));
mkdirSync(SHOTS, { recursive: true });
const rootDir = join(work, "root");
const subParent = join(work, "sub");
const subDir = join(subParent, SUB);
const extrasSite = join(work, "extras-site");
const extrasDir = join(work, "extras");
const secondDir = join(work, "second");
const englishSite = join(work, "english-site");
const englishDir = join(work, "english");
// A copy: the build keeps its logo cache beside the site.
cpSync(join(ROOT, "tests", "fixtures", "english-site"), englishSite, { recursive: true });
const servers = [await serve(rootDir, join(rootDir, "404.html")), await serve(subParent, join(subDir, "404.html")),
  await serve(extrasDir, join(extrasDir, "404.html")), await serve(secondDir, join(secondDir, "404.html")),
  await serve(englishDir, join(englishDir, "404.html"))];
// The example site at the root and under /cappvd/, and a richer copy of it (lib/extras.mjs).
const variants = [
  { label: "/", site: ROOT, dir: rootDir, base: `http://127.0.0.1:${servers[0].port}/`, path: "/", shown: SHOWN, prefix: "" },
  { label: `/${SUB}/`, site: ROOT, dir: subDir, base: `http://127.0.0.1:${servers[1].port}/${SUB}/`, path: `/${SUB}/` },
  { label: "extras /", site: extrasSite, dir: extrasDir, base: `http://127.0.0.1:${servers[2].port}/`, path: "/",
    shown: EXTRA_SHOWN, prefix: "extras-", extras: true },
  { label: "second example /", site: join(ROOT, "tests", "fixtures", "second-site"), dir: secondDir,
    base: `http://127.0.0.1:${servers[3].port}/`, path: "/", shown: SECOND_SHOWN, prefix: "second-",
    now: SECOND_NOW, other: true },
  { label: "english example /", site: englishSite, dir: englishDir,
    base: `http://127.0.0.1:${servers[4].port}/`, path: "/", shown: ENGLISH_SHOWN, prefix: "english-",
    now: ENGLISH_NOW, other: true },
];
const lighthouseScores = {};
let browser;

try {
  for (const v of variants) {
    await report.check("build", v.label, () => {
      if (v.extras) writeExtras(ROOT, v.site);
      build(BIN, v.site, v.dir, v.base, v.now ?? NOW);
      v.pages = htmlPages(v.dir);
      return `${v.pages.length} pages, --base-url ${v.base}`;
    });
  }
  if (report.failures()) throw new Error("the site did not build");
  for (const [name, path] of SHOWN) {
    if (!variants[0].pages.includes(path)) {
      await report.check("pages", name, () => { throw new Error(`/${path} was not generated`); });
    }
  }

  browser = await chromium.launch({ executablePath: opts.chromium, args: FLAGS, headless: true });
  for (const v of variants) {
    await everyPage(v);
  }
  for (const v of [variants[0], variants[2], variants[3], variants[4]]) {
    await darkMode(v);
    await layout(v);
  }
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  desktop.setDefaultTimeout(15000);
  // The search checks look for the example's words.
  for (const v of variants.filter((v) => !v.other)) {
    await searchChecks(report, desktop, v.base, v.label);
  }
  await englishSearch(report, desktop, variants[4].base, variants[4].label);
  await noScriptSearch(report, browser, variants[0].base);
  await lazySnippets(report, browser, variants[0].base);
  await rosterNoScript(report, browser, variants[0].base);
  await rosterScript(report, desktop, variants[0].base);
  await largeText(report, browser, variants[0].base, SHOTS);
  await printNotice(report, desktop, variants[0].base, SHOTS);
  await wechatChecks(report, browser, BIN, [["example", ROOT, "2025-cappvd-call"], ["extras", extrasSite, "2024-roster"]],
    NOW, work, SHOTS);
  await browser.close();
  browser = null;

  await nuChecker();
  if (opts["no-lighthouse"]) {
    console.log("SKIPPED Lighthouse (--no-lighthouse)");
  } else {
    const audited = [...LIGHTHOUSE.map(([n, p]) => [n, variants[0].base + p]),
      ...ENGLISH_LIGHTHOUSE.map(([n, p]) => [n, variants[4].base + p])];
    const auditor = await Auditor.start(opts.chromium, FLAGS);
    try {
      // A first page load warms the browser (see lib/lighthouse.mjs); its scores do not count.
      await report.check("Lighthouse", "warm-up", async () => {
        const { scores } = await auditor.run(audited[0][1]);
        return `not counted: ${CATEGORIES.map((c) => `${c} ${scores[c]?.toFixed(2)}`).join(", ")}`;
      });
      for (const [name, url] of audited) {
        await report.check("Lighthouse", name, async () => {
          const { scores, failing, attempts } = await auditor.audit(url);
          lighthouseScores[name] = scores;
          const line = CATEGORIES.map((c) => `${c} ${scores[c]?.toFixed(2)}`).join(", ") +
            (attempts.length > 1 ? ` (performance in ${attempts.length} runs: ${attempts.join(", ")})` : "");
          const low = CATEGORIES.filter((c) => !(scores[c] >= MIN));
          if (low.length) throw new Error(`${line}: below ${MIN}: ${low.join(", ")}\n${failing.join("\n")}`);
          return failing.length ? `${line}; not perfect: ${failing.join("; ")}` : line;
        });
      }
    } finally {
      await auditor.close();
    }
  }
} catch (e) {
  await report.check("run", "browser suite", () => { throw e; });
} finally {
  if (browser) await browser.close();
  for (const s of servers) await s.close();
  rmSync(work, { recursive: true, force: true });
}

const seconds = (Date.now() - started) / 1000;
report.print(seconds);
writeFileSync(join(SHOTS, "summary.json"), JSON.stringify({ seconds, lighthouse: lighthouseScores, rows: report.rows }, null, 2));
console.log(`screenshots, the printed notice and summary.json: ${SHOTS}`);
process.exit(report.failures() ? 1 : 0);

/** Every page of a variant: loads cleanly, axe-clean, links and assets resolve. */
async function everyPage(v) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(15000);
  const origin = new URL(v.base).origin;
  const seen = new Map();
  const missing = `${v.base}no/such/page/`;
  for (const path of [...v.pages, missing]) {
    const url = path === missing ? missing : v.base + path;
    const target = `${v.label}${path === missing ? "no/such/page/ (404)" : path}`;
    await report.check("page", target, async () => {
      const { page, problems } = await open(context, url, path === missing ? 404 : 200);
      try {
        const violations = await axe(page);
        const { local, outside } = await localUrls(page, origin, v.path);
        const bad = await broken(local, seen);
        const marks = await foreignMarks(page);
        expectNone("axe violations", violations);
        expectNone("Chinese marks added by the stylesheets to text in another language", marks);
        expectNone(`links outside ${v.path}`, outside);
        expectNone("broken links or assets", bad);
        // A miss logs its own 404 to the console; that one is expected.
        const expected = path === missing ? /^console error: Failed to load resource: .* 404/ : null;
        expectNone("problems while loading", problems.filter((p) => !expected?.test(p)));
        return `axe 0; ${local.length} links and assets resolve`;
      } finally {
        await page.close();
      }
    });
  }
  await context.close();
}

/** axe-core once more on every page with prefers-color-scheme: dark (contrast differs). */
async function darkMode(v) {
  await report.check("axe dark", `${v.label} all ${v.pages.length} pages`, async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: "dark" });
    const found = [];
    for (const path of v.pages) {
      const { page } = await open(context, v.base + path);
      found.push(...(await axe(page)).map((l) => `${path}: ${l}`));
      if (path === v.shown[1][1]) await page.screenshot({ path: join(SHOTS, `${v.prefix}phone-notice-dark.png`), fullPage: true });
      await page.close();
    }
    await context.close();
    expectNone("axe violations in dark mode", found);
    return "0 violations";
  });
}

/** No page scrolls sideways at any viewport, nor in larger text on a phone; screenshots. */
async function layout(v) {
  const runs = [...VIEWPORTS.map((vp) => ({ ...vp, large: false })), { ...VIEWPORTS[1], name: "390x844 larger text", large: true }];
  for (const vp of runs) {
    await report.check("no sideways scroll", `${vp.name} ${v.label} all ${v.pages.length} pages`, async () => {
      const context = await browser.newContext({ viewport: { width: vp.width, height: vp.height } });
      if (vp.large) await context.addInitScript(() => localStorage.setItem("bulletin-large-text", "1"));
      const wide = [];
      for (const path of v.pages) {
        const { page } = await open(context, v.base + path);
        const o = await overflow(page);
        if (o.extra > 0) wide.push(`/${path} scrolls ${o.extra}px: ${o.culprits.join(", ")}`);
        const shown = v.shown.find(([, p]) => p === path);
        if (shown && !vp.large && vp.width !== 360) {
          const kind = vp.width < 800 ? "phone" : "desktop";
          await page.screenshot({ path: join(SHOTS, `${v.prefix}${kind}-${shown[0]}.png`), fullPage: true });
        }
        await page.close();
      }
      await context.close();
      expectNone("pages wider than the viewport", wide);
      return `scrollWidth <= innerWidth on every page`;
    });
  }
}

/** The Nu HTML checker over both builds: 0 errors. */
async function nuChecker() {
  const pages = variants.reduce((n, v) => n + v.pages.length, 0);
  await report.check("Nu checker", `all ${pages} pages (${variants.length} builds)`, () => {
    const jar = join(dirname(require.resolve("vnu-jar/package.json")), "build", "dist", "vnu.jar");
    if (!existsSync(jar)) throw new Error(`${jar} is missing: run npm ci in tests/browser`);
    const run = spawnSync("java", ["-jar", jar, "--errors-only", "--skip-non-html", "--format", "json", "--stdout",
      ...variants.map((v) => v.dir)], { encoding: "utf8", maxBuffer: 64 << 20 });
    if (run.error) throw new Error(`cannot run java (apt-get install -y default-jre-headless): ${run.error.message}`);
    let messages;
    try {
      messages = JSON.parse(run.stdout).messages;
    } catch {
      throw new Error(`the Nu checker exited ${run.status}: ${run.stdout}${run.stderr}`);
    }
    const errors = messages.filter((m) => m.type !== "info");
    expectNone("Nu checker errors", errors.map((m) =>
      `${m.url.replace(/^file:.*?\/(root|sub|extras)\//, "$1/")}:${m.lastLine}: ${m.message}`));
    if (run.status !== 0) throw new Error(`the Nu checker exited ${run.status}\n${run.stderr}`);
    return "0 errors";
  });
}
