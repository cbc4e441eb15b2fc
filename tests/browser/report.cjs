// The HTML report in a real browser: Debian's Chromium driven by playwright-core, with axe-core.
// Run by tests/report_browser.rs as
//
//   node tests/browser/report.cjs PLAN.json
//
// PLAN names the report files, the artifact folder for screenshots, and the filters to try
// with the number of findings each must leave visible (computed by the Rust test from the
// JSON report). The script prints one JSON object (what it observed) and exits 0; it exits 1
// only when the browser cannot be driven at all. The Rust test makes the assertions.
"use strict";
const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");

const plan = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const LAUNCH = {
  executablePath: plan.chromium || "/usr/bin/chromium",
  // As root the sandbox cannot start; the background services would reach for the network.
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
};

async function visible(page) {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll(".finding")).filter((e) => e.offsetParent !== null).length);
}

async function resetFilters(page) {
  await page.evaluate(() => {
    document.getElementById("filter-text").value = "";
    for (const box of document.querySelectorAll("#filters input[type=checkbox]")) {
      box.checked = box.id !== "filter-new";
    }
    document.getElementById("filters").dispatchEvent(new Event("input", { bubbles: true }));
  });
}

/// Opens `file` in a page of a fresh context (`options`: viewport, JavaScript on or off),
/// recording console errors and every request.
async function open(browser, file, options) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const seen = { errors: [], requests: [] };
  page.on("console", (m) => { if (m.type() === "error") seen.errors.push(m.text()); });
  page.on("pageerror", (e) => seen.errors.push(String(e)));
  page.on("request", (r) => seen.requests.push(r.url()));
  const url = "file://" + path.resolve(file);
  await page.goto(url, { waitUntil: "load" });
  seen.url = url;
  return { page, seen };
}

async function main() {
  const browser = await chromium.launch(LAUNCH);
  const out = { filters: [], browser: browser.version() };
  try {
    const desktop = { viewport: { width: 1280, height: 900 } };
    // --- The fixture report: filters, keyboard, accessibility, screenshots.
    const { page, seen } = await open(browser, plan.report, desktop);
    out.total = await page.locator(".finding").count();
    out.initially_visible = await visible(page);
    out.form_shown = await page.locator("#filters").isVisible();
    for (const f of plan.filters) {
      await resetFilters(page);
      if (f.text !== undefined) {
        await page.fill("#filter-text", f.text);
      }
      for (const value of f.uncheck || []) {
        await page.locator(`#filters input[value="${value}"]`).uncheck();
      }
      if (f.new_only) {
        await page.locator("#filter-new").check();
      }
      if (f.no_suppressed) {
        await page.locator("#filter-suppressed").uncheck();
      }
      const shown = await visible(page);
      const said = await page.locator("#filter-count").textContent();
      const emptyGroupsShown = await page.evaluate(() =>
        Array.from(document.querySelectorAll("details.file, .policy-group"))
          .filter((g) => g.offsetParent !== null && !g.querySelector(".finding:not([hidden])")).length);
      out.filters.push({ name: f.name, shown, said, empty_groups_shown: emptyGroupsShown });
    }
    await resetFilters(page);
    // The keyboard: `/` goes to the filter box; Tab reaches the findings.
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("/");
    out.slash_focuses_filter = await page.evaluate(() => document.activeElement.id === "filter-text");
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => document.activeElement.classList.contains("finding"));
    }
    out.tab_reaches_a_finding = reached;
    // `j` twice from the page: the second finding shown; `k`: back to the first.
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    const focusedIndex = () => page.evaluate(() =>
      Array.from(document.querySelectorAll(".finding")).indexOf(document.activeElement));
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    out.j_twice = await focusedIndex();
    await page.keyboard.press("k");
    out.then_k = await focusedIndex();
    // Accessibility: axe-core's rules on the whole page.
    await page.addScriptTag({ content: axeSource });
    const axe = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ["violations"] });
      return r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
        targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + ": " + n.failureSummary),
      }));
    });
    out.axe_violations = axe;
    fs.mkdirSync(plan.artifacts, { recursive: true });
    await page.screenshot({ path: path.join(plan.artifacts, "report-desktop.png"), fullPage: true });
    out.console_errors = seen.errors;
    out.requests = seen.requests;
    out.url = seen.url;

    // A phone-width screen: nothing wider than the screen.
    const phone = await open(browser, plan.report, { viewport: { width: 390, height: 844 }, isMobile: true });
    out.phone_viewport = await phone.page.evaluate(() => window.innerWidth);
    out.phone_overflow = await phone.page.evaluate(() =>
      document.documentElement.scrollWidth - window.innerWidth);
    await phone.page.screenshot({ path: path.join(plan.artifacts, "report-phone.png"), fullPage: true });
    out.phone_console_errors = phone.seen.errors;

    // JavaScript off: every finding is there, the filters (which need it) are not.
    const plain = await open(browser, plan.report, { ...desktop, javaScriptEnabled: false });
    out.no_js_visible = await plain.page.evaluate(() =>
      Array.from(document.querySelectorAll(".finding")).filter((e) => e.offsetParent !== null).length);
    out.no_js_form_shown = await plain.page.locator("#filters").isVisible();

    // --- The trend page: opens cleanly, and axe finds nothing serious there either.
    if (plan.trend) {
      // The page allows no script at all (its CSP): axe is let in by bypassing it.
      const trend = await open(browser, plan.trend, { ...desktop, bypassCSP: true });
      await trend.page.addScriptTag({ content: axeSource });
      out.trend_axe_violations = await trend.page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ["violations"] });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
      });
      out.trend_bars = await trend.page.locator("#chart-trend rect.bar").count();
      await trend.page.screenshot({ path: path.join(plan.artifacts, "trend-desktop.png"), fullPage: true });
      out.trend_console_errors = trend.seen.errors;
      out.trend_requests = trend.seen.requests;
      out.trend_url = trend.seen.url;
    }

    // --- The large report: time to first render, and a filter over every finding.
    const big = await open(browser, plan.large, desktop);
    out.large_total = await big.page.locator(".finding").count();
    out.large_first_contentful_paint_ms = await big.page.evaluate(() => {
      const paint = performance.getEntriesByName("first-contentful-paint")[0];
      return paint ? paint.startTime : null;
    });
    out.large_load_ms = await big.page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      return nav ? nav.loadEventEnd : null;
    });
    out.large_filter_ms = await big.page.evaluate(() => {
      const box = document.getElementById("filter-text");
      box.value = "line";
      const t0 = performance.now();
      document.getElementById("filters").dispatchEvent(new Event("input", { bubbles: true }));
      // The layout the change causes counts too.
      void document.body.offsetHeight;
      return performance.now() - t0;
    });
    out.large_console_errors = big.seen.errors;
    out.large_requests = big.seen.requests;
    out.large_url = big.seen.url;
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + "\n");
  process.exit(1);
});
