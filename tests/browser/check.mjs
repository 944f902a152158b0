// Checks a built gazette site the way a reader gets it: every page in Debian's Chromium,
// served from loopback. Fails, saying what and where, on an accessibility violation (axe-core,
// WCAG 2.1 A and AA), a request to another host, a console error, horizontal scrolling on a
// phone (320 and 390 px), or a chart figure without its text alternative and data table; and
// on what a reader would call broken layout: a fixed or floating element lying over text,
// a title broken inside a word, chart text smaller than 11 px as rendered. Screenshots at
// 390 px and 1280 px are written for people to look at.
//
//   node tests/browser/check.mjs [SITE] [--screenshots DIR]
//
// SITE defaults to output/site; DIR to target/browser. Exits 0 with a message, and checks
// nothing, when Chromium is not installed (set GAZETTE_REQUIRE_BROWSER=1 to make that fail).

import { createServer } from "node:http";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { extname, join, normalize, relative, resolve, sep } from "node:path";

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
};
const shotsDir = resolve(flag("--screenshots", "target/browser"));
const site = resolve(args[0] ?? "output/site");

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
if (!existsSync(CHROMIUM)) {
  const msg = `browser checks skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`;
  if (process.env.GAZETTE_REQUIRE_BROWSER === "1") {
    console.error(`error: ${msg}`);
    process.exit(1);
  }
  console.log(msg);
  process.exit(0);
}
if (!existsSync(join(site, "index.html"))) {
  console.error(`error: no site at ${site}: run \`gazette build\` first`);
  process.exit(1);
}

const { chromium } = await import("playwright-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".pdf": "application/pdf",
  ".json": "application/json",
  ".woff2": "font/woff2",
};

// A static server for the site folder, refusing paths outside it.
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
  let file = normalize(join(site, path));
  if (file !== site && !file.startsWith(site + sep)) {
    res.writeHead(403).end();
    return;
  }
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  if (!existsSync(file)) {
    res.writeHead(404).end("not found");
    return;
  }
  res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;

const pages = readdirSync(site, { recursive: true })
  .filter((f) => f.endsWith(".html"))
  .map((f) => f.split(sep).join("/"))
  .sort();

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

// The narrowest phone a page must serve, the phone and the desktop screenshotted; and the
// smallest chart text a reader can take in on a phone, in CSS pixels.
const WIDTHS = [320, 390, 1280];
const SHOT_WIDTHS = [390, 1280];
const MIN_CHART_TEXT = 11;

// Runs in the page: what a reader would see as broken in its layout. Returns messages.
async function layoutProblems({ minChartText }) {
  const out = [];
  const label = (el) =>
    el.tagName.toLowerCase() + (el.id ? `#${el.id}` : el.classList.length ? `.${[...el.classList].join(".")}` : "");
  const visible = (r) => r.width > 0 && r.height > 0;

  // Fixed, sticky or absolute elements must not lie over text or images.
  const floating = [...document.body.querySelectorAll("*")].filter((el) => {
    const s = getComputedStyle(el);
    return ["fixed", "sticky", "absolute"].includes(s.position) && s.visibility !== "hidden" && visible(el.getBoundingClientRect());
  });
  const content = [...document.body.querySelectorAll("h1, h2, h3, p, li, img, figcaption, td, th, a, summary")].filter((el) =>
    visible(el.getBoundingClientRect()),
  );
  for (const f of floating) {
    const a = f.getBoundingClientRect();
    if (a.right <= 0 || a.bottom <= 0 || a.left >= innerWidth) continue;
    for (const el of content) {
      if (f.contains(el) || el.contains(f)) continue;
      const b = el.getBoundingClientRect();
      if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) {
        out.push(`${label(f)} (position: ${getComputedStyle(f).position}) covers ${label(el)} “${el.textContent.trim().slice(0, 20)}”`);
        break;
      }
    }
  }

  // Titles break between words: never between two letters or two ideographs, unless a
  // break is written there.
  const inWord = /[\p{L}\p{N}]/u;
  for (const h of document.querySelectorAll("h1")) {
    const chars = [];
    const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (let i = 0; i < n.data.length; i++) {
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + 1);
        const box = r.getClientRects()[0];
        if (box) chars.push({ c: n.data[i], top: Math.round(box.top), node: n });
      }
    }
    for (let i = 1; i < chars.length; i++) {
      const [a, b] = [chars[i - 1], chars[i]];
      if (b.top > a.top + 4 && a.node === b.node && inWord.test(a.c) && inWord.test(b.c)) {
        out.push(`the title breaks inside a word: “${a.c}|${b.c}” in “${h.textContent.trim()}”`);
      }
    }
  }

  // No stretched gaps in running text: a justified line whose words or characters were
  // spread apart to fill it (a figure kept whole pushed to the next line leaves them so).
  // A space wider than 0.7 em or an ideograph wider than 1.35 em is stretched.
  let stretched = 0;
  for (const p of document.querySelectorAll(".chapter p")) {
    const size = parseFloat(getComputedStyle(p).fontSize);
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    let worst = null;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (let i = 0; i < n.data.length; i++) {
        const c = n.data[i];
        const space = c === " ";
        if (!space && !/\p{Script=Han}/u.test(c)) continue;
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + 1);
        const rects = r.getClientRects();
        if (rects.length !== 1) continue;
        const em = rects[0].width / size;
        if (em > (space ? 0.7 : 1.35) && (!worst || em > worst.em)) worst = { em, at: n.data.slice(Math.max(0, i - 6), i + 6) };
      }
    }
    if (worst) {
      stretched++;
      if (stretched <= 3) out.push(`a line is stretched: a gap of ${worst.em.toFixed(2)} em near “${worst.at.trim()}”`);
    }
  }
  if (stretched > 3) out.push(`…and ${stretched - 3} more paragraphs with stretched lines`);

  // Chart text as rendered: each SVG's smallest font size, scaled to the image's width.
  let chartText = Infinity;
  for (const img of document.querySelectorAll("figure.chart img")) {
    img.loading = "eager";
    await img.decode().catch(() => {});
    const src = img.currentSrc || img.src;
    if (!src.endsWith(".svg")) continue;
    const svg = new DOMParser().parseFromString(await (await fetch(src)).text(), "image/svg+xml").documentElement;
    const width = parseFloat(svg.getAttribute("viewBox")?.split(/[\s,]+/)[2] ?? svg.getAttribute("width"));
    const sizes = [...svg.querySelectorAll("text")].map((t) => parseFloat(t.getAttribute("font-size") ?? getComputedStyle(t).fontSize));
    if (!sizes.length || !width) continue;
    const smallest = (Math.min(...sizes) * img.getBoundingClientRect().width) / width;
    chartText = Math.min(chartText, smallest);
    if (smallest < minChartText - 0.05) {
      out.push(`chart ${src.split("/").pop()} shows text at ${smallest.toFixed(1)} px (at least ${minChartText} px is readable)`);
    }
  }
  return { problems: out, chartText };
}

const problems = new Set();
const smallestChartText = {};
const problem = (page, what) => problems.add(`${page}: ${what}`);
mkdirSync(shotsDir, { recursive: true });

try {
  for (const pagePath of pages) {
    for (const width of WIDTHS) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      const where = `${pagePath} at ${width} px`;
      page.on("console", (m) => {
        if (m.type() === "error") problem(where, `console error: ${m.text()}`);
      });
      page.on("pageerror", (e) => problem(where, `script error: ${e.message}`));
      page.on("response", (r) => {
        if (r.status() >= 400) problem(where, `HTTP ${r.status()} for ${r.url().replace(origin, "")}`);
      });
      await page.route("**/*", (route) => {
        const url = route.request().url();
        if (url.startsWith(origin + "/") || url.startsWith("data:")) return route.continue();
        problem(where, `request to another host: ${url} (the published site must load nothing from elsewhere)`);
        return route.abort();
      });
      const response = await page.goto(`${origin}/${pagePath}`, { waitUntil: "load" });
      if (!response || !response.ok()) problem(where, `HTTP ${response?.status()} for the page`);

      const overflow = await page.evaluate(() => {
        const doc = document.documentElement;
        if (doc.scrollWidth <= doc.clientWidth) return null;
        const wide = [...document.body.querySelectorAll("*")]
          .filter((el) => el.getBoundingClientRect().right > doc.clientWidth + 1)
          .filter((el) => !el.closest("[data-scroll], .table-wrap, pre"))
          .slice(0, 3)
          .map((el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : el.className ? `.${el.className}` : ""));
        return { scroll: doc.scrollWidth, client: doc.clientWidth, wide };
      });
      if (overflow) {
        problem(
          where,
          `scrolls sideways: the page is ${overflow.scroll} px wide in a ${overflow.client} px window` +
            (overflow.wide.length ? ` (too wide: ${overflow.wide.join(", ")})` : ""),
        );
      }

      const layout = await page.evaluate(layoutProblems, { minChartText: MIN_CHART_TEXT });
      for (const p of layout.problems) problem(where, p);
      smallestChartText[width] = Math.min(smallestChartText[width] ?? Infinity, layout.chartText);

      if (width === 1280) {
        const charts = await page.$$eval("figure.chart", (figures) =>
          Promise.all(
            figures.map(async (f) => {
              const img = f.querySelector("img");
              // Lazy images below the fold load only when asked to.
              if (img) img.loading = "eager";
              const loaded = img ? await img.decode().then(() => img.naturalWidth > 0, () => false) : false;
              return {
                id: f.id,
                alt: img?.getAttribute("alt")?.trim() ?? null,
                caption: f.querySelector("figcaption")?.textContent.trim() ?? "",
                rows: f.querySelectorAll("table tr").length,
                loaded,
              };
            }),
          ),
        );
        for (const c of charts) {
          const fig = `chart figure #${c.id}`;
          if (!c.alt) problem(where, `${fig} has no text alternative (the img's alt is missing or empty)`);
          if (c.rows < 2) problem(where, `${fig} has no data table`);
          if (!c.caption) problem(where, `${fig} has no caption`);
          if (c.alt !== null && !c.loaded) problem(where, `${fig}: its image did not load`);
        }

        await page.addScriptTag({ content: axeSource });
        const result = await page.evaluate(() =>
          window.axe.run(document, {
            runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
            resultTypes: ["violations"],
          }),
        );
        for (const v of result.violations) {
          const targets = v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(" "))
            .join("; ");
          problem(where, `accessibility (${v.id}, ${v.impact}): ${v.help} — at ${targets} (${v.helpUrl})`);
        }
      }

      const name = pagePath.replace(/\//g, "_").replace(/\.html$/, "");
      if (SHOT_WIDTHS.includes(width)) await page.screenshot({ path: join(shotsDir, `${name}-${width}.png`), fullPage: true });
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}

const shots = relative(process.cwd(), shotsDir) || ".";
if (problems.size) {
  for (const p of problems) console.error(`error: ${p}`);
  console.error(`browser checks: ${problems.size} problem(s) in ${pages.length} page(s); screenshots in ${shots}/`);
  process.exit(1);
}
const measured = WIDTHS.filter((w) => isFinite(smallestChartText[w]))
  .map((w) => `${smallestChartText[w].toFixed(1)} px at ${w}`)
  .join(", ");
console.log(
  `browser checks: ${pages.length} page(s) passed at ${WIDTHS.join(", ")} px` +
    (measured ? `; smallest chart text ${measured}` : "") +
    `; screenshots in ${shots}/`,
);
