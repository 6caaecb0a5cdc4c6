import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startAgora, type StartOptions } from '../../engine/boot.js';

/** Debian's Chromium (or CHROMIUM_PATH); the suite never downloads a browser of its own. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOTS = path.join(ROOT, 'tests/e2e/screenshots');
const AXE = path.join(ROOT, 'node_modules/axe-core/axe.min.js');

/** Whether the browser suite can run; with REQUIRE_BROWSER=1 a missing browser is a failure, not a skip. */
export function browserAvailability(): { run: boolean; reason?: string } {
  if (existsSync(CHROMIUM)) return { run: true };
  if (process.env.REQUIRE_BROWSER === '1') return { run: true, reason: `${CHROMIUM} not found, and REQUIRE_BROWSER=1 asks for the browser suite` };
  const reason = `${CHROMIUM} not found: browser tests skipped (install Debian's chromium, or set REQUIRE_BROWSER=1 to make this an error)`;
  console.warn(`\n[e2e] ${reason}\n`);
  return { run: false, reason };
}

function newestMtime(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(p).map((n) => newestMtime(path.join(p, n))));
}

/** Whether `ui/dist` is missing or older than what it is built from: the UI's sources and the engine modules it bundles. */
function uiStale(): boolean {
  const dist = path.join(ROOT, 'ui/dist/index.html');
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'ui/src')),
    newestMtime(path.join(ROOT, 'ui/index.html')),
    newestMtime(path.join(ROOT, 'ui/vite.config.ts')),
    // The UI imports some engine modules at run time (CSV writer, periods, error catalogue).
    newestMtime(path.join(ROOT, 'engine')),
  );
  return !existsSync(dist) || statSync(dist).mtimeMs < sources;
}

/**
 * Builds the UI with Vite's JS API when `ui/dist` is stale. Test files run
 * in two workers at once: the build holds a lock folder, so one worker
 * builds while the other waits and then finds it fresh, instead of both
 * emptying `ui/dist` under a server that is serving it.
 */
export async function buildUiIfStale(): Promise<void> {
  const lock = path.join(ROOT, 'ui/.build-lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a killed run is not waited for forever.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    if (!uiStale()) return;
    const { build } = await import('vite');
    await build({ configFile: path.join(ROOT, 'ui/vite.config.ts'), logLevel: 'error' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** A headless Chromium with a fresh profile, German locale and Berlin time. */
export async function launchBrowser(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(path.join(tmpdir(), 'agora-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 900 },
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
    acceptDownloads: true,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** An axe-core violation, reduced to what a failure message needs. */
export interface Violation {
  page: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA rules) and returns the serious and critical violations. */
export async function axe(page: Page, name: string): Promise<Violation[]> {
  // Evaluated through the DevTools protocol, not as a <script> tag: the app's CSP refuses inline scripts, as it should.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(AXE, 'utf8'));
  const result = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> }> } };
    const r = await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ ...v, page: name }));
}

/**
 * Checks the page as it is now at desktop width and at 360 px: axe finds
 * nothing serious, nothing is wider than the screen, and a screenshot of
 * each is saved to look at.
 */
export async function checkPage(page: Page, name: string): Promise<Violation[]> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const found = await axe(page, name);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });
  await page.waitForTimeout(250);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 1) found.push({ page: `${name} @360`, id: 'horizontal-overflow', impact: 'serious', help: `page is ${overflow}px wider than 360px`, targets: [] });
  found.push(...(await axe(page, `${name} @360`)));
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-360.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.waitForTimeout(100);
  return found;
}

/** Collects the page's Content-Security-Policy violations (Chromium reports them on the console). */
export function watchCsp(page: Page, into: string[]): void {
  // The init script runs through the DevTools protocol, so the page's CSP does not stop it.
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`));
  });
  page.on('console', (m) => {
    if (/CSP violation|Content Security Policy/i.test(m.text())) into.push(`${page.url()}: ${m.text()}`);
  });
}

/** Signs in through the form. */
export async function signIn(page: Page, base: string, username: string, password = 'demo'): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('Benutzername').fill(username);
  await page.getByLabel('Passwort').fill(password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** Calls the API as `username` (demo password) with a session of its own, as a script of the office would; the answer's status and JSON. */
export async function apiAs(base: string, username: string, method: string, url: string, body?: unknown): Promise<{ status: number; json: any }> {
  const login = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo' }) });
  expect(login.status).toBe(200);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { cookie, origin: base, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

/** What a browser-test file works with: the server's address, fresh pages, the accessibility and CSP findings. */
export interface BrowserSuite {
  /** The server's address, set once the suite has started. */
  base: string;
  /** The browser context (for offline mode, extra tabs). */
  context(): BrowserContext;
  violations: Violation[];
  cspViolations: string[];
  /** A page of a fresh session (no cookies, no stored drafts), watched for CSP violations. */
  freshPage(): Promise<Page>;
  /** Runs axe and the 360 px check on a page and keeps the findings. */
  check(page: Page, name: string): Promise<void>;
}

/**
 * Starts the real server (embedded database, demo accounts, built UI) and a
 * headless Chromium for one browser-test file, and stops both after it.
 * Call it inside the file's `describe`; `options` (read when the server
 * starts) adds start options such as a test SMTP server.
 */
export function browserSuite(options: () => Partial<StartOptions> = () => ({})): BrowserSuite {
  let agora: { url: string; close(): Promise<void> } | undefined;
  let browser: { context: BrowserContext; close: () => Promise<void> } | undefined;
  const suite: BrowserSuite = {
    base: '',
    context: () => browser!.context,
    violations: [],
    cspViolations: [],
    async freshPage() {
      await browser!.context.clearCookies();
      const page = await browser!.context.newPage();
      page.on('pageerror', (e) => console.error('[browser]', e.message));
      watchCsp(page, suite.cspViolations);
      return page;
    },
    async check(page, name) {
      suite.violations.push(...(await checkPage(page, name)));
    },
  };
  beforeAll(async () => {
    const availability = browserAvailability();
    if (availability.reason) throw new Error(availability.reason);
    await buildUiIfStale();
    agora = await startAgora({ memory: true, port: 0, host: '127.0.0.1', seedDemo: true, uiDir: path.join(ROOT, 'ui/dist'), ...options() });
    suite.base = agora.url;
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await agora?.close();
  });
  return suite;
}
