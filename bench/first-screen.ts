/**
 * First screen of the join page on a slow phone link: Chromium with network throttling ("Slow 3G"-like:
 * 400 kbit/s down and up, 400 ms RTT) and the CPU slowed 4x, cold cache each run. Measures, from navigation
 * start (the page's timeOrigin):
 * - formVisibleMs: the join form's name field is on screen (the server-written page, issue 21);
 * - inputReadyMs: the field is on screen and the page's main thread is free to take a key (the end of any long
 *   task running when it appeared, from the page's own PerformanceObserver): what a finger meets;
 * - typeableMs: a key typed by Playwright as soon as it sees the field has arrived in it (an upper bound: it adds
 *   Playwright's polling and two CDP round trips through the throttled renderer, 0.1–0.7 s here);
 * - firstContentfulPaintMs: the browser's own first paint;
 * - appLiveMs: the app's script has taken the page over (html[data-app=live]; before issue 21, the first screen);
 * - bytesBeforeFirstPaint: bytes received (headers and compressed bodies) until first paint;
 * - transferredKB: everything the page loaded.
 * Not a test (timings vary with the machine): run it with `npm run build && npx tsx bench/first-screen.ts [runs]`
 * and copy the figures to docs/performance.md.
 */
import { launchBrowser, startProduct } from '../tests/helpers/browser.js';

const RUNS = Number(process.argv[2] ?? 5);
const KBIT = 1024 / 8;

interface Run {
  formVisibleMs: number;
  typeableMs: number;
  inputReadyMs: number;
  firstContentfulPaintMs: number;
  appLiveMs: number;
  bytesBeforeFirstPaint: number;
  transferred: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const product = await startProduct();
  const browser = await launchBrowser();
  const runs: Run[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, locale: 'en-GB' });
      const page = await context.newPage();
      // In the page, stamped with its own clock: when the name field first has a box, and when typing reached it.
      // A string, not a function: tsx's keepNames would wrap named functions in a helper the page lacks.
      await page.addInitScript(`
        (function () {
          window.__long = [];
          try {
            new PerformanceObserver(function (l) { l.getEntries().forEach(function (e) { window.__long.push([e.startTime, e.duration]); }); }).observe({ type: 'longtask', buffered: true });
          } catch (e) {}
          var look = function () {
            var el = document.querySelector('input[name=name]');
            if (el && el.getBoundingClientRect().height > 0) window.__formAt = performance.now();
            else requestAnimationFrame(look);
          };
          requestAnimationFrame(look);
          document.addEventListener('input', function () { if (window.__typedAt === undefined) window.__typedAt = performance.now(); }, true);
        })();
      `);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: 400 * KBIT, uploadThroughput: 400 * KBIT });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      const received: Array<{ at: number; bytes: number }> = [];
      let docStart = 0;
      cdp.on('Network.requestWillBeSent', (e: { type?: string; timestamp: number }) => {
        if (e.type === 'Document' && !docStart) docStart = e.timestamp;
      });
      cdp.on('Network.loadingFinished', (e: { timestamp: number; encodedDataLength: number }) => received.push({ at: e.timestamp, bytes: e.encodedDataLength }));
      await page.goto(product.joinUrl, { waitUntil: 'commit' });
      const name = page.locator('input[name=name]');
      await name.waitFor({ timeout: 120_000 });
      await name.focus();
      await page.keyboard.type('A');
      await page.locator('html[data-app=live]').waitFor({ timeout: 120_000 });
      const t = await page.evaluate(() => {
        const w = window as unknown as { __formAt?: number; __typedAt?: number; __long: Array<[number, number]> };
        // A key pressed when the field appeared is handled when the task then running ends (and any task chained to it).
        let ready = w.__formAt ?? -1;
        for (const [start, duration] of [...w.__long].sort((a, b) => a[0] - b[0])) if (start <= ready && ready < start + duration) ready = start + duration;
        const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1;
        const live = performance.now();
        return { formVisibleMs: Math.round(w.__formAt ?? -1), typeableMs: Math.round(w.__typedAt ?? -1), inputReadyMs: Math.round(ready), firstContentfulPaintMs: Math.round(fcp), liveBy: Math.round(live) };
      });
      // appLiveMs: html[data-app=live] is polled by Playwright; the first poll after it was set (an upper bound).
      const fcpAt = docStart + t.firstContentfulPaintMs / 1000;
      runs.push({
        formVisibleMs: t.formVisibleMs,
        typeableMs: t.typeableMs,
        inputReadyMs: t.inputReadyMs,
        firstContentfulPaintMs: t.firstContentfulPaintMs,
        appLiveMs: t.liveBy,
        bytesBeforeFirstPaint: received.filter((r) => r.at <= fcpAt).reduce((n, r) => n + r.bytes, 0),
        transferred: received.reduce((n, r) => n + r.bytes, 0),
      });
      await context.close();
    }
  } finally {
    await browser.close();
    await product.stop();
  }
  const pick = (k: keyof Run) => runs.map((r) => r[k]);
  const summary = (k: keyof Run) => ({ median: median(pick(k)), all: pick(k) });
  console.log(
    JSON.stringify(
      {
        runs: RUNS,
        network: '400 kbit/s down/up, 400 ms RTT, cache disabled',
        cpuThrottling: '4x',
        formVisibleMs: summary('formVisibleMs'),
        inputReadyMs: summary('inputReadyMs'),
        typeableMs: summary('typeableMs'),
        firstContentfulPaintMs: summary('firstContentfulPaintMs'),
        appLiveMs: summary('appLiveMs'),
        bytesBeforeFirstPaint: summary('bytesBeforeFirstPaint'),
        transferredKB: Math.round(median(pick('transferred')) / 102.4) / 10,
      },
      null,
      2,
    ),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
