// Checks a built gazette site the way a reader gets it: every page in Debian's Chromium,
// served from loopback. Fails, saying what and where, on an accessibility violation (axe-core,
// WCAG 2.1 A and AA), a request to another host, a console error, horizontal scrolling on a
// 390 px phone, or a chart figure without its text alternative and data table. Screenshots at
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

const problems = new Set();
const problem = (page, what) => problems.add(`${page}: ${what}`);
mkdirSync(shotsDir, { recursive: true });

try {
  for (const pagePath of pages) {
    for (const width of [390, 1280]) {
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
      await page.screenshot({ path: join(shotsDir, `${name}-${width}.png`), fullPage: true });
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
console.log(`browser checks: ${pages.length} page(s) passed at 390 and 1280 px; screenshots in ${shots}/`);
