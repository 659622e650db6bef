// The WeChat article export (`bulletin export wechat`) in Chromium: the written file, opened
// as a person opens it to copy from, at phone width (390x844). Nothing scrolls the page
// sideways (a wide table scrolls inside its own section), and the text is readable: the
// article's base size 16 px, 90% of the characters at 14 px or more (tables, code, notes
// and the reference list are 14 px), none below 12 px (the [n] marks; Lighthouse's
// legible-font threshold).

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** The article's base size; the size most text must have and the share of characters
 * that must; the smallest size of anything, in px. */
const BASE_PX = 16;
const MIN_BODY_PX = 14;
const BODY_SHARE = 0.9;
const MIN_ANY_PX = 12;

/** Exports `slug` of the site at `root` into `dir`; returns the file. */
function exportArticle(bin, root, slug, now, dir) {
  const out = join(dir, `${slug}.wechat.html`);
  const args = ["--root", root, "-q", "export", "wechat", slug, "--now", now, "--output", out];
  const run = spawnSync(bin, args, { encoding: "utf8" });
  if (run.error) throw new Error(`cannot run ${bin}: ${run.error.message}`);
  if (run.status !== 0) throw new Error(`${bin} ${args.join(" ")} exited ${run.status}\n${run.stderr}`);
  return out;
}

/** What the page shows at its width: sideways overflow, tables and their scrollers, fonts. */
function measure(page) {
  return page.evaluate(({ minBody, minAny }) => {
    const extra = document.documentElement.scrollWidth - window.innerWidth;
    const tables = [...document.querySelectorAll("table")].map((t) => {
      const wrap = t.parentElement;
      return {
        scrolls: getComputedStyle(wrap).overflowX === "auto",
        wider: t.scrollWidth > wrap.clientWidth,
        inside: wrap.getBoundingClientRect().right <= window.innerWidth + 0.5,
      };
    });
    const small = [];
    let chars = 0;
    let large = 0;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const count = n.textContent.trim().length;
      if (!count) continue;
      const px = parseFloat(getComputedStyle(n.parentElement).fontSize);
      chars += count;
      if (px >= minBody) large += count;
      if (px < minAny) small.push(`${n.parentElement.tagName.toLowerCase()} ${px}px: ${n.textContent.trim().slice(0, 20)}`);
    }
    const root = document.querySelector("body > section");
    const base = root ? parseFloat(getComputedStyle(root).fontSize) : 0;
    return { extra, tables, small: small.slice(0, 5), chars, share: chars ? large / chars : 0, base };
  }, { minBody: MIN_BODY_PX, minAny: MIN_ANY_PX });
}

/**
 * Exports each of `articles` ([label, site root, slug]) and checks it at 390x844, with a
 * screenshot `wechat-<slug>.png` in `shots`.
 */
export async function wechatChecks(report, browser, bin, articles, now, dir, shots) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  try {
    for (const [label, root, slug] of articles) {
      await report.check("WeChat export", `${label} ${slug} at 390x844`, async () => {
        const file = exportArticle(bin, root, slug, now, dir);
        const page = await context.newPage();
        page.setDefaultTimeout(15000);
        try {
          await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
          const m = await measure(page);
          await page.screenshot({ path: join(shots, `wechat-${slug}.png`), fullPage: true });
          if (m.extra > 0) throw new Error(`the page scrolls sideways by ${m.extra}px`);
          const loose = m.tables.filter((t) => !t.scrolls || !t.inside);
          if (loose.length) throw new Error(`${loose.length} tables not inside a scrolling section`);
          if (m.small.length) throw new Error(`text below ${MIN_ANY_PX}px:\n${m.small.join("\n")}`);
          if (m.base < BASE_PX) throw new Error(`the article's base size is ${m.base}px, below ${BASE_PX}px`);
          if (m.chars < 100) throw new Error(`only ${m.chars} characters of text shown`);
          if (m.share < BODY_SHARE) {
            throw new Error(`only ${Math.round(m.share * 100)}% of the text at ${MIN_BODY_PX}px or more`);
          }
          const wide = m.tables.filter((t) => t.wider).length;
          return `no sideways scroll, ${m.tables.length} tables in scrolling sections (${wide} wider than the phone), ` +
            `base ${m.base}px, ${Math.round(m.share * 100)}% of ${m.chars} characters at >= ${MIN_BODY_PX}px, none < ${MIN_ANY_PX}px`;
        } finally {
          await page.close();
        }
      });
    }
  } finally {
    await context.close();
  }
}
