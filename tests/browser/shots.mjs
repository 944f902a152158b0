// The README's pictures of the example: the site at 1280 px and 390 px, scrolled to its
// first chart, in Debian's Chromium. Run through scripts/screenshots.
//
//   node tests/browser/shots.mjs SITE OUTDIR

import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [site, out] = process.argv.slice(2).map((p) => resolve(p));
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
if (!existsSync(CHROMIUM)) {
  console.error(`error: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`);
  process.exit(1);
}
const { chromium } = await import("playwright-core");
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
try {
  for (const [width, height] of [
    [1280, 760],
    [390, 760],
  ]) {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(join(site, "index.html")).href, { waitUntil: "load" });
    // The first chart with the paragraph before it: what a reader scrolls to.
    await page.evaluate(async () => {
      for (const img of document.querySelectorAll("img")) img.loading = "eager";
      await Promise.all([...document.images].map((i) => i.decode().catch(() => {})));
      const fig = document.querySelector("figure.chart");
      if (fig) window.scrollTo(0, fig.getBoundingClientRect().top + window.scrollY - 220);
    });
    await page.screenshot({ path: join(out, `site-${width}.png`) });
    await page.close();
  }
} finally {
  await browser.close();
}
