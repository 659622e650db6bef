// Checks that apply to every page: it loads cleanly, axe-core finds nothing, every link and
// asset resolves (and stays under the site's base path), and nothing scrolls sideways.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** The viewports every page is laid out at: small phone, phone, desktop. */
export const VIEWPORTS = [
  { name: "360x740", width: 360, height: 740 },
  { name: "390x844", width: 390, height: 844 },
  { name: "1280x800", width: 1280, height: 800 },
];

/**
 * Opens `url` in a new page of `context` and records what went wrong while loading:
 * console errors, uncaught exceptions, failed requests and HTTP errors. Resolves to
 * `{ page, problems }`; `expectStatus` is the main document's expected status.
 */
export async function open(context, url, expectStatus = 200) {
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`script error: ${e.message}`));
  page.on("requestfailed", (r) => {
    // ERR_ABORTED: cancelled by the test's own navigation (a reload); a miss is an HTTP 404.
    const error = r.failure()?.errorText;
    if (error !== "net::ERR_ABORTED") problems.push(`request failed: ${r.url()} (${error})`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400 && r.url() !== url) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  const response = await page.goto(url, { waitUntil: "load" });
  if (!response || response.status() !== expectStatus) {
    problems.push(`HTTP ${response ? response.status() : "no response"} for the page itself`);
  }
  return { page, problems };
}

/** Runs axe-core on the page as it is now; resolves to a list of "rule: target" lines. */
export async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) {
    // Evaluated rather than added as a <script>, so it also runs where page scripts are off.
    await page.evaluate(AXE_SOURCE);
  }
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")} — ${n.failureSummary?.split("\n").slice(1, 2).join("")}`),
  );
}

/**
 * Text the stylesheets add (`::before`, `::after`) in Chinese characters or full-width
 * punctuation on elements whose language is not written that way (their closest `lang`):
 * the colon after a label, the full stop after a run-in title, the brackets round a
 * printed link must be the page's own, on screen and in print. Resolves to lines
 * "media element pseudo content".
 */
export async function foreignMarks(page) {
  const found = [];
  for (const media of ["screen", "print"]) {
    await page.emulateMedia({ media });
    found.push(...(await page.evaluate((media) => {
      const wide = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;
      const cjk = (el) => /^(zh|ja|ko)(-|$)/i.test(el.closest("[lang]")?.getAttribute("lang") ?? "");
      if (cjk(document.body)) return [];
      const out = [];
      for (const el of document.querySelectorAll("body *")) {
        if (cjk(el)) continue;
        for (const pseudo of ["::before", "::after"]) {
          const content = getComputedStyle(el, pseudo).content;
          if (content && wide.test(content)) {
            out.push(`${media} ${el.tagName.toLowerCase()}${el.className ? "." + el.className.split(" ")[0] : ""}${pseudo} ${content}`);
          }
        }
      }
      return out;
    }, media)));
  }
  await page.emulateMedia({ media: null });
  return [...new Set(found)];
}

/** How far the page scrolls sideways (0 is right). */
export async function overflow(page) {
  return page.evaluate(() => {
    const el = document.documentElement;
    const extra = el.scrollWidth - window.innerWidth;
    if (extra <= 0) return { extra: 0, culprits: [] };
    // Name the widest elements that stick out, to make a failure actionable.
    const culprits = [];
    for (const node of document.body.querySelectorAll("*")) {
      const r = node.getBoundingClientRect();
      if (r.right > window.innerWidth + 0.5) {
        culprits.push(`${node.tagName.toLowerCase()}${node.className ? "." + String(node.className).split(" ").join(".") : ""} right=${Math.round(r.right)}`);
      }
    }
    return { extra, culprits: culprits.slice(0, 5) };
  });
}

/**
 * Every URL the page refers to on its own origin (links, stylesheets, scripts, images,
 * sources), without fragments. `basePath` is where the site lives (`/` or `/cappvd/`):
 * a URL outside it is reported as an error, since it would miss on a sub-path host.
 */
export async function localUrls(page, origin, basePath) {
  const urls = await page.evaluate(() => {
    const out = [];
    const add = (v) => v && out.push(new URL(v, document.baseURI).href);
    document.querySelectorAll("a[href], link[href]").forEach((e) => add(e.getAttribute("href")));
    document.querySelectorAll("script[src], img[src]").forEach((e) => add(e.getAttribute("src")));
    document.querySelectorAll("[srcset]").forEach((e) =>
      e.getAttribute("srcset").split(",").forEach((part) => add(part.trim().split(/\s+/)[0])),
    );
    document.querySelectorAll("form[action]").forEach((e) => add(e.getAttribute("action")));
    document.querySelectorAll("[data-index]").forEach((e) => add(e.getAttribute("data-index")));
    return out;
  });
  const local = new Set();
  const outside = [];
  const self = page.url().split("#")[0];
  for (const u of urls) {
    const url = new URL(u);
    url.hash = "";
    if (url.origin !== origin || url.href === self) continue;
    if (!url.pathname.startsWith(basePath)) outside.push(url.pathname);
    local.add(url.href);
  }
  return { local: [...local], outside };
}

/** Fetches each URL once (remembered in `seen`); resolves to the ones that do not answer 200. */
export async function broken(urls, seen) {
  const bad = [];
  for (const url of urls) {
    if (!seen.has(url)) {
      const r = await fetch(url, { method: "HEAD", redirect: "follow" });
      seen.set(url, r.status);
    }
    if (seen.get(url) !== 200) bad.push(`${url} -> ${seen.get(url)}`);
  }
  return bad;
}

/** Throws with all `lines` when there are any. */
export function expectNone(what, lines) {
  if (lines.length) {
    throw new Error(`${lines.length} ${what}\n${lines.join("\n")}`);
  }
}

/**
 * axe-core on a page opened with JavaScript off. axe needs timers, which do not run there,
 * so the page as rendered (noscript content shown, no script run) is copied into a page
 * with JavaScript on, at the same address (so stylesheets and :target apply), without its
 * scripts, and checked there.
 */
export async function axeNoScript(browser, page) {
  const html = await page.evaluate(() => {
    document.querySelectorAll("script").forEach((s) => s.remove());
    document.querySelectorAll("noscript").forEach((n) => {
      const div = document.createElement("div");
      div.append(...n.childNodes);
      n.replaceWith(div);
    });
    return "<!doctype html>" + document.documentElement.outerHTML;
  });
  const url = page.url();
  const context = await browser.newContext({ viewport: page.viewportSize() });
  try {
    const copy = await context.newPage();
    copy.setDefaultTimeout(15000);
    await copy.route(url.split("#")[0], (route) =>
      route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }),
    );
    await copy.goto(url);
    return await axe(copy);
  } finally {
    await context.close();
  }
}
