// The theme's interactive parts: roster filters (with and without JavaScript), the larger-text
// mode (适老化) and printing a notice like a formal document.

import { join } from "node:path";
import { axe, axeNoScript, expectNone, open, overflow } from "./pages.mjs";

const NOTICE = "notices/2025-cappvd-call/";

/** What the roster shows: visible tier sections and units (with kind), and the status line. */
function visibleRoster(page) {
  return page.evaluate(() => {
    const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
    const tiers = [...document.querySelectorAll(".tiers .tier")].filter(shown).map((t) => t.id);
    const units = [...document.querySelectorAll(".tiers .unit")].filter(shown).map((u) => ({
      id: u.id,
      kind: u.dataset.kind,
      tier: u.dataset.tier,
      name: u.dataset.name,
    }));
    const count = document.querySelector(".roster-count")?.textContent || "";
    const empty = document.querySelector(".roster-empty");
    return { tiers, units, count, emptyShown: !!empty && shown(empty) };
  });
}

/** Roster filters without JavaScript: the tier and kind links filter through :target. */
export async function rosterNoScript(report, browser, base) {
  await report.check("no-JS", "roster anchor filters", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const { page, problems } = await open(context, `${base}roster/`);
      const all = await visibleRoster(page);
      if (all.tiers.length < 2) throw new Error(`expected every tier, saw ${all.tiers}`);
      if (await page.locator(".roster-search").isVisible()) throw new Error("the JS filter form shows without JS");
      if (await page.locator("#text-size-toggle").isVisible()) throw new Error("the text-size button shows without JS");
      await page.click('.tier-filter a[href="#tier-3"]');
      const tier3 = await visibleRoster(page);
      if (tier3.tiers.join() !== "tier-3" || tier3.units.some((u) => u.tier !== "3")) {
        throw new Error(`#tier-3 shows ${tier3.tiers} with ${tier3.units.map((u) => u.id)}`);
      }
      const kind = "governance-cooperation";
      await page.click(`.tier-filter a[href="#kind-${kind}"]`);
      const byKind = await visibleRoster(page);
      const expected = all.units.filter((u) => u.kind === kind).length;
      if (byKind.units.length !== expected || byKind.units.some((u) => u.kind !== kind) || expected === 0) {
        throw new Error(`#kind-${kind} shows ${byKind.units.map((u) => u.id)}, expected ${expected} units`);
      }
      expectNone("axe violations (filtered by kind)", await axeNoScript(browser, page));
      await page.click('.tier-filter a[href="#tiers"]');
      const back = await visibleRoster(page);
      if (back.units.length !== all.units.length) throw new Error(`#tiers shows ${back.units.length} of ${all.units.length}`);
      expectNone("problems", problems);
      return `all ${all.units.length}; #tier-3 ${tier3.units.length}; #kind-${kind} ${byKind.units.length}`;
    } finally {
      await context.close();
    }
  });
}

/** Roster filters with JavaScript: the name box, the selects, and links that set them. */
export async function rosterScript(report, context, base) {
  await report.check("roster", "JS name/tier/kind filters", async () => {
    const { page, problems } = await open(context, `${base}roster/`);
    try {
      if (!(await page.locator(".roster-search").isVisible())) throw new Error("the filter form is not shown");
      const all = await visibleRoster(page);
      await page.fill("#roster-name", "示例单位甲");
      const one = await visibleRoster(page);
      if (one.units.length !== 1 || !one.units[0].name.includes("示例单位甲")) {
        throw new Error(`name filter 示例单位甲 shows ${one.units.map((u) => u.id)}`);
      }
      if (!one.count.includes(`显示 1 家，共 ${all.units.length} 家`)) throw new Error(`status says "${one.count}"`);
      await page.fill("#roster-name", "示例甲");
      if ((await visibleRoster(page)).units.length !== 1) throw new Error("the short name does not filter");
      await page.fill("#roster-name", "没有这个单位");
      const none = await visibleRoster(page);
      if (none.units.length !== 0 || !none.emptyShown) throw new Error("no match does not say so");
      await page.fill("#roster-name", "");
      await page.selectOption("#roster-tier", "2");
      const tier2 = await visibleRoster(page);
      if (tier2.tiers.join() !== "tier-2" || tier2.units.some((u) => u.tier !== "2")) {
        throw new Error(`tier 2 shows ${tier2.tiers}`);
      }
      await page.selectOption("#roster-tier", "");
      await page.selectOption("#roster-kind", "technical-support");
      const tech = await visibleRoster(page);
      if (tech.units.some((u) => u.kind !== "technical-support") || tech.units.length === 0) {
        throw new Error(`kind filter shows ${tech.units.map((u) => u.id)}`);
      }
      expectNone("axe violations while filtered", await axe(page));
      await page.click('.tier-filter a[href="#tier-1"]');
      await page.waitForFunction(() => document.getElementById("roster-tier").value === "1");
      const tier1 = await visibleRoster(page);
      if (tier1.tiers.join() !== "tier-1") throw new Error(`the #tier-1 link shows ${tier1.tiers}`);
      expectNone("problems", problems);
      return `all ${all.units.length}; name 1; tier 2: ${tier2.units.length}; technical-support: ${tech.units.length}; #tier-1 link sets the select`;
    } finally {
      await page.close();
    }
  });
}

/** 大字模式: the button toggles, says so with aria-pressed, and the choice survives reloads. */
export async function largeText(report, browser, base, shots) {
  await report.check("larger text", "toggle, aria-pressed, persists", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    try {
      const { page, problems } = await open(context, base);
      const button = page.locator("#text-size-toggle");
      const state = () =>
        page.evaluate(() => ({
          pressed: document.getElementById("text-size-toggle").getAttribute("aria-pressed"),
          large: document.documentElement.classList.contains("large-text"),
          size: parseFloat(getComputedStyle(document.body).fontSize),
        }));
      if (!(await button.isVisible())) throw new Error("the button is not shown");
      const before = await state();
      if (before.pressed !== "false" || before.large) throw new Error(`starts ${JSON.stringify(before)}`);
      await button.click();
      const on = await state();
      if (on.pressed !== "true" || !on.large || !(on.size >= before.size * 1.2)) {
        throw new Error(`after a click ${JSON.stringify(on)} (before ${before.size}px)`);
      }
      await page.reload();
      const reloaded = await state();
      if (reloaded.pressed !== "true" || !reloaded.large) throw new Error(`after reload ${JSON.stringify(reloaded)}`);
      await page.goto(`${base}roster/`);
      const elsewhere = await state();
      if (elsewhere.pressed !== "true" || !elsewhere.large) throw new Error(`on another page ${JSON.stringify(elsewhere)}`);
      const scroll = await overflow(page);
      if (scroll.extra > 0) throw new Error(`the roster scrolls sideways by ${scroll.extra}px: ${scroll.culprits}`);
      expectNone("axe violations in larger text", await axe(page));
      await page.screenshot({ path: join(shots, "phone-roster-large-text.png"), fullPage: true });
      await page.locator("#text-size-toggle").click();
      await page.reload();
      const off = await state();
      if (off.pressed !== "false" || off.large) throw new Error(`after turning off and reloading ${JSON.stringify(off)}`);
      expectNone("problems", problems);
      return `body ${before.size}px -> ${on.size}px; kept after reload and on /roster/; off again`;
    } finally {
      await context.close();
    }
  });
}

/** A notice printed as a formal document (templates/assets/print.css): the 版头, title, 主送,
 * body and signature, and none of the site's header, navigation, metadata, credits, footer or
 * buttons; on screen the print-only parts stay hidden. tests/testsuite/print.rs measures the
 * printed PDF itself. */
export async function printNotice(report, context, base, shots) {
  await report.check("print", NOTICE, async () => {
    const { page, problems } = await open(context, base + NOTICE);
    try {
      const printOnly = [".gw-head", ".gw-addressee", ".gw-foot"];
      const wrong = [];
      for (const sel of printOnly) {
        if (await page.locator(sel).first().isVisible()) wrong.push(`${sel} shows on screen`);
      }
      await page.emulateMedia({ media: "print" });
      const hidden = [".site-header", ".site-nav", ".site-footer", ".skip-link", "#text-size-toggle", ".toc",
        ".calendar-link", ".notice-meta", ".credits"];
      const shown = [".gw-head", ".notice-header h1", ".gw-addressee", ".notice-body", ".gw-sign"];
      for (const sel of hidden) {
        const el = page.locator(sel);
        if ((await el.count()) > 0 && (await el.first().isVisible())) wrong.push(`${sel} is printed`);
      }
      for (const sel of shown) {
        if (!(await page.locator(sel).first().isVisible())) wrong.push(`${sel} is not printed`);
      }
      expectNone("print problems", wrong);
      // 590 px is the 版心's width (156 mm), the text width of the stylesheet's @page margins.
      await page.setViewportSize({ width: 590, height: 900 });
      await page.screenshot({ path: join(shots, "print-notice.png"), fullPage: true });
      const pdf = await page.pdf({ path: join(shots, "print-notice.pdf"), preferCSSPageSize: true, printBackground: false });
      const sheets = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
      await page.emulateMedia({ media: "screen" });
      expectNone("problems", problems);
      return `hidden: ${hidden.join(" ")}; shown: ${shown.join(" ")}; print-notice.pdf, ${sheets} A4 pages`;
    } finally {
      await page.close();
    }
  });
}
