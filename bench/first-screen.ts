/**
 * First screen of the participant page on a slow phone link: Chromium with network throttling
 * ("Slow 3G"-like: 400 kbit/s down and up, 400 ms RTT) and the CPU slowed 4x, cold cache each run.
 * Measures, from navigation start to the join form being usable (name field rendered by React):
 * the time, and the bytes transferred. Not a test (timings vary with the machine): run it with
 * `npm run build && npx tsx bench/first-screen.ts [runs]` and copy the figures to docs/performance.md.
 */
import { launchBrowser, startProduct } from '../tests/helpers/browser.js';

const RUNS = Number(process.argv[2] ?? 5);
const KBIT = 1024 / 8;

async function main() {
  const product = await startProduct();
  const browser = await launchBrowser();
  const times: number[] = [];
  const domReady: number[] = [];
  let bytes = 0;
  try {
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, locale: 'en-GB' });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: 400 * KBIT, uploadThroughput: 400 * KBIT });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      let transferred = 0;
      cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => (transferred += e.encodedDataLength));
      const start = Date.now();
      await page.goto(product.joinUrl, { waitUntil: 'commit' });
      await page.locator('input[name=name]').waitFor({ timeout: 120_000 });
      times.push(Date.now() - start);
      domReady.push(await page.evaluate(() => Math.round((performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd)));
      bytes = transferred;
      await context.close();
    }
  } finally {
    await browser.close();
    await product.stop();
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(
    JSON.stringify(
      { runs: RUNS, network: '400 kbit/s down/up, 400 ms RTT, cache disabled', cpuThrottling: '4x', firstScreenUsableMs: { median, min: sorted[0], max: sorted.at(-1), all: times }, domContentLoadedMs: domReady, transferredKB: Math.round(bytes / 102.4) / 10 },
      null,
      2,
    ),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
