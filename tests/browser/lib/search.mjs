// The site search as a reader uses it: queries typed without spaces find the right page
// with the words highlighted; without JavaScript the page says why it cannot search.

import { axe, axeNoScript, expectNone, open } from "./pages.mjs";

/** Each query and the page (path under the site, with fragment) it must find. */
export const QUERIES = [
  ["遴选", "notices/2025-cappvd-call/"],
  ["支撑单位", "notices/2025-cappvd-call/"],
  ["漏洞治理", "notices/2025-cappvd-call/"],
  ["CAPPSEC", "notices/2025-cappvd-call/"],
  ["2025", "notices/2025-cappvd-call/"],
  ["示例单位甲", "roster/2024/#unit-example-a"],
];

/** The results on the page once the search has answered (in the page's own words: the
 * form's data-text-* attributes, so any language). */
async function results(page) {
  await page.waitForFunction(() => {
    const form = document.getElementById("search-form");
    const status = document.getElementById("search-status")?.textContent || "";
    const said = (name) => (form.getAttribute(`data-text-${name}`) || "").split("{")[0];
    const answered = ["hint", "failed", "none", "found-one", "found-other"]
      .some((name) => said(name) && status.includes(said(name)));
    const numbered = /\d/.test(status) && status !== said("searching");
    return (answered || numbered) && status !== said("searching");
  });
  await page.waitForFunction(() => {
    const status = document.getElementById("search-status").textContent;
    return !/\d/.test(status) || document.querySelectorAll(".search-result").length > 0;
  });
  // Snippets come from the result pages: the list is busy until they are in.
  await page.waitForFunction(() => !document.getElementById("search-results").hasAttribute("aria-busy"));
  return page.evaluate(() => ({
    status: document.getElementById("search-status").textContent,
    items: [...document.querySelectorAll(".search-result")].map((li) => {
      const a = li.querySelector(".search-result-title");
      return {
        href: a.href,
        title: a.textContent,
        marks: [...li.querySelectorAll("mark")].map((m) => m.textContent),
        snippetMarks: li.querySelectorAll(".search-result-snippet mark").length,
      };
    }),
  }));
}

/** Checks one query's results: the expected page is among them, highlighted. */
function judge(query, expected, found, base) {
  const want = new URL(expected, base).href;
  const hit = found.items.find((r) => r.href === want);
  if (!hit) {
    throw new Error(`"${query}": ${found.status} — ${want} not among ${found.items.map((r) => r.href).join(", ") || "no results"}`);
  }
  if (hit.snippetMarks === 0) {
    throw new Error(`"${query}": the result ${want} has no <mark> in its snippet`);
  }
  const folded = query.toLowerCase();
  if (!hit.marks.some((m) => m.toLowerCase() === folded)) {
    throw new Error(`"${query}": no <mark> holds the query; marks: ${hit.marks.join(" / ")}`);
  }
  const rank = found.items.indexOf(hit) + 1;
  return `${found.items.length} shown, ${expected} #${rank}, marks ${hit.marks.length}`;
}

/**
 * Every query of QUERIES through `search/?q=`, one typed into the form, and a click
 * through to the page found. `base` is the site's URL (ending in /).
 */
export async function searchChecks(report, context, base, label) {
  for (const [query, expected] of QUERIES) {
    await report.check("search", `${label} ${query}`, async () => {
      const { page, problems } = await open(context, `${base}search/?q=${encodeURIComponent(query)}`);
      try {
        const detail = judge(query, expected, await results(page), base);
        expectNone("problems while searching", problems);
        return detail;
      } finally {
        await page.close();
      }
    });
  }

  await report.check("search", `${label} typed, click, axe`, async () => {
    const { page, problems } = await open(context, `${base}search/`);
    try {
      await page.fill("#search-input", "遴选");
      await page.press("#search-input", "Enter");
      const found = await results(page);
      judge("遴选", "notices/2025-cappvd-call/", found, base);
      if (new URL(page.url()).searchParams.get("q") !== "遴选") {
        throw new Error(`the address does not keep the query: ${page.url()}`);
      }
      expectNone("axe violations on the results", await axe(page));
      const want = new URL("roster/2024/#unit-example-a", base).href;
      await page.goto(`${base}search/?q=${encodeURIComponent("示例单位甲")}`);
      await results(page);
      await Promise.all([page.waitForURL(want), page.click(`.search-result-title[href="${new URL(want).pathname}#unit-example-a"]`)]);
      if (!(await page.locator("#unit-example-a").isVisible())) {
        throw new Error("the unit's entry is not shown after following the result");
      }
      expectNone("problems while searching", problems);
      return `results pass axe; result link opens ${new URL(want).pathname}#unit-example-a`;
    } finally {
      await page.close();
    }
  });
}

/** The English example's search: English words (any case) find its call and a unit of
 * its roster, highlighted, and the page says so in English. */
export async function englishSearch(report, context, base, label) {
  for (const [query, expected] of [
    ["Accessibility", "notices/partners-2027/"],
    ["hands", "roster/2026/#unit-open-hands"],
  ]) {
    await report.check("search", `${label} ${query}`, async () => {
      const { page, problems } = await open(context, `${base}search/?q=${encodeURIComponent(query)}`);
      try {
        const found = await results(page);
        const detail = judge(query, expected, found, base);
        if (!/results? for “/.test(found.status)) throw new Error(`the status is not English: ${found.status}`);
        expectNone("problems while searching", problems);
        return `${detail}; "${found.status}"`;
      } finally {
        await page.close();
      }
    });
  }
}

/** Without JavaScript the search page explains itself and links the notice list and roster. */
export async function noScriptSearch(report, browser, base) {
  await report.check("no-JS", "search message", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const { page, problems } = await open(context, `${base}search/`);
      const message = page.locator(".search-noscript");
      if (!(await message.isVisible())) throw new Error("no visible no-JS message on the search page");
      const text = await message.textContent();
      if (!text.includes("JavaScript")) throw new Error(`the message does not say why: ${text}`);
      const links = await message.locator("a").evaluateAll((as) => as.map((a) => a.href));
      for (const want of ["notices/", "roster/"]) {
        if (!links.includes(new URL(want, base).href)) throw new Error(`the message does not link ${want}: ${links}`);
      }
      expectNone("axe violations", await axeNoScript(browser, page));
      expectNone("problems", problems);
      return text.trim();
    } finally {
      await context.close();
    }
  });
}

/**
 * Snippets load as their results come near the screen: on a short screen, a result with a
 * page of its own that starts well below it has no snippet and its page is not fetched;
 * scrolled to, it gets both. (Units carry their text in the index and show it at once.)
 */
export async function lazySnippets(report, browser, base) {
  await report.check("search", "snippets load near the screen", async () => {
    // Short enough that the first result starts more than the script's look-ahead
    // (200 px) below the screen.
    const context = await browser.newContext({ viewport: { width: 360, height: 150 } });
    try {
      const fetched = [];
      context.on("request", (r) => {
        if (r.resourceType() === "fetch") fetched.push(new URL(r.url()).pathname);
      });
      const { page, problems } = await open(context, `${base}search/?q=${encodeURIComponent("漏洞")}`);
      const found = await results(page);
      const below = await page.evaluate(() => {
        const limit = window.innerHeight + 200;
        return [...document.querySelectorAll(".search-result")]
          .map((li, i) => ({ i, top: li.getBoundingClientRect().top, href: li.querySelector("a").getAttribute("href"),
            snippet: li.querySelector(".search-result-snippet").textContent }))
          .filter((r) => r.top > limit + 20 && !r.href.includes("#"));
      });
      if (!below.length) {
        throw new Error(`no result with a page starts below the screen (${found.items.length} results): make the viewport shorter`);
      }
      const target = below[0];
      const path = new URL(target.href, base).pathname;
      if (target.snippet || fetched.includes(path)) {
        throw new Error(`${path}, ${Math.round(target.top)} px down, was fetched before it came near the screen`);
      }
      await page.locator(".search-result").nth(target.i).scrollIntoViewIfNeeded();
      await page.waitForFunction((i) => document.querySelectorAll(".search-result-snippet")[i].textContent.length > 0, target.i);
      if (!fetched.includes(path)) throw new Error(`the snippet of ${path} came without its page`);
      expectNone("problems while searching", problems);
      return `${path} (${Math.round(target.top)} px down) fetched only once scrolled to; ${fetched.filter((f) => !f.includes("/search/")).length} page(s) fetched`;
    } finally {
      await context.close();
    }
  });
}
