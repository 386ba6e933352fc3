import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Browser tests: Debian Chromium through playwright-core, never a downloaded browser. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

/** A cheap phone: 360 × 640, touch, mobile layout. `locale` sets navigator.languages (the default language). */
export function phoneContext(browser: Browser, opts: { locale?: string } = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1, locale: opts.locale ?? 'en-GB' });
}

/** A laptop for staff views. */
export function laptopContext(browser: Browser, opts: { locale?: string } = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 800 }, locale: opts.locale ?? 'en-GB' });
}

/** Opens `url` in a fresh context (recorded in `contexts`, for the suite's afterAll to close). */
export async function openIn(contexts: BrowserContext[], context: Promise<BrowserContext>, url: string): Promise<Page> {
  const ctx = await context;
  contexts.push(ctx);
  const page = await ctx.newPage();
  await page.goto(url);
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export interface Product {
  url: string;
  joinUrl: string;
  joinCode: string;
  links: Record<string, string>;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts the product as `npm start` does (without rebuilding the client: run `npm run build` first):
 * `npx tsx server/main.ts` on a free port, the embedded store in a fresh temporary DATA_DIR, with the demo
 * session, and reads the printed links.
 */
export async function startProduct(timeoutMs = 30_000): Promise<Product> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  for (const k of ['REDIS_URL', 'PUBLIC_URL', 'DEMO', 'ORGANISER_KEY', 'TOKEN_SECRET']) delete env[k];
  // The embedded store keeps sessions on disk: each product gets its own fresh data directory, removed at stop.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dr-product-'));
  env.DATA_DIR = dataDir;
  const child: ChildProcess = spawn('npx', ['tsx', 'server/main.ts'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return rmSync(dataDir, { recursive: true, force: true });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    try {
      process.kill(-child.pid!, 'SIGTERM'); // the whole group: npx and the tsx child it started
    } catch {
      /* already gone */
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    rmSync(dataDir, { recursive: true, force: true });
  };
  const started = Date.now();
  while (!/Projector:\s+\S+/.test(out)) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${out}`);
    if (Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`server did not print its links in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const link = (label: string) => out.match(new RegExp(`${label}:\\s+(\\S+)`))?.[1] ?? '';
  const joinUrl = link('Participants join at');
  return {
    url: out.match(/running at (\S+)/)?.[1] ?? new URL(joinUrl).origin,
    joinUrl,
    joinCode: out.match(/join code (\S+?)\)/)?.[1] ?? '',
    links: { onsiteModerator: link('Onsite moderator'), onlineModerator: link('Online moderator'), observer: link('Observer'), projector: link('Projector') },
    output: () => out,
    stop,
  };
}

const require = createRequire(import.meta.url);
let axeSource: string | null = null;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown; failureSummary?: string }>;
}

/** Runs axe-core in the page (WCAG 2.x A/AA rules) and returns the serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the debugging protocol, not added as an inline <script>: the product's CSP
  // (script-src 'self') refuses inline scripts, as it should.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const axe = (window as any).axe;
    const res = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return res.violations as AxeViolation[];
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function describeViolations(vs: AxeViolation[]): string {
  return vs.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `   at ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('\n')}`).join('\n');
}

/** No element wider than the viewport: the page never scrolls sideways. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Visible interactive elements smaller than 44 × 44 CSS px (WCAG 2.5.5 target size), described. */
export async function smallTouchTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, [role=button]'))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue; // hidden (e.g. the skip link)
      if (el.classList.contains('skip')) continue;
      // A radio inside its label: the whole label is the target.
      const target = el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox') && el.closest('label') ? el.closest('label')!.getBoundingClientRect() : r;
      if (target.width < 44 || target.height < 44) out.push(`${el.tagName.toLowerCase()} ${el.textContent?.trim() || el.getAttribute('name') || ''} ${Math.round(target.width)}x${Math.round(target.height)}`);
    }
    return out;
  });
}

// ----- Participant steps: one function per thing a person does, so later features add steps (vote, raise hand, worksheet). -----

export interface JoinOptions {
  name: string;
  modality?: 'onsite' | 'online';
  table?: string;
  /** Fill the code when the page was opened without it. */
  code?: string;
}

/** On the join page: fill the form with the thumb (taps) and land on the participant page. */
export async function joinAsParticipant(page: Page, opts: JoinOptions): Promise<void> {
  if (opts.code) await page.getByLabel(/join code/i).fill(opts.code);
  await page.locator('input[name=name]').fill(opts.name);
  await page.locator(`input[name=modality][value=${opts.modality ?? 'online'}]`).tap();
  if (opts.table) await page.locator('input[name=table]').fill(opts.table);
  await page.locator('button[type=submit]').tap();
  await page.waitForURL(/\/p$/);
  await waitConnected(page);
}

export async function waitConnected(page: Page, timeout = 15_000): Promise<void> {
  await page.locator('[data-testid=connection][data-status=connected]').waitFor({ timeout });
}

/** The roster entry of "you" on a live view: its person id and the displayed name. */
export async function me(page: Page): Promise<{ personId: string; name: string }> {
  const li = page.locator('[data-testid=roster] li', { has: page.locator('.you') });
  // Attached, not visible: on the phone the roster is folded under "People here" (features/now/Fold).
  await li.waitFor({ state: 'attached' });
  return { personId: (await li.getAttribute('data-person'))!, name: (await li.locator('.name').textContent())! };
}

// ----- Link cuts through tests/helpers/tcpProxy.ts (reused by the vote-while-offline test). -----

/** The outbox size shown by the connection bar. */
export async function pendingActions(page: Page): Promise<number> {
  return Number(await page.locator('[data-testid=connection]').getAttribute('data-pending'));
}

/** Cuts the page's link and waits until the page itself shows it is not connected. */
export async function cutLink(page: Page, proxy: { cut(opts?: { allowPageLoads?: boolean }): void }, opts: { allowPageLoads?: boolean } = {}): Promise<void> {
  proxy.cut(opts);
  await page.locator('[data-testid=connection]:not([data-status=connected])').waitFor({ timeout: 10_000 });
}

/** Restores the link and waits until the page is connected again and its outbox is empty. */
export async function restoreLink(page: Page, proxy: { restore(): void }, timeout = 20_000): Promise<void> {
  proxy.restore();
  await page.locator('[data-testid=connection][data-status=connected][data-pending="0"]').waitFor({ timeout });
}

/**
 * Opens one section of the moderator console (issue 17: the console is a dashboard with tabs Now, Polls, Rooms,
 * Queue, People and Bridge; a control lives in its section and is visible once that section is open).
 */
export async function consoleSection(page: Page, section: 'now' | 'polls' | 'rooms' | 'queue' | 'people' | 'bridge'): Promise<void> {
  await page.locator(`[role=tab][data-section=${section}]`).click();
  await page.locator(`[role=tabpanel][data-section=${section}]`).waitFor();
}
