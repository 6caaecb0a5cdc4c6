import { beforeAll, describe, expect, it } from 'vitest';
import { startOidcProvider } from '../helpers/oidc-provider.js';
import { browserAvailability, browserSuite } from './browser.js';

const availability = browserAvailability();
/** Generous: the suite shares the machine with other work. */
const TIMEOUT = 150_000;

describe.skipIf(!availability.run)('sign-in with the service account in the browser (#15)', () => {
  let provider: Awaited<ReturnType<typeof startOidcProvider>>;
  // The provider's address must be known before Agora starts (browserSuite's start options read it).
  beforeAll(async () => {
    provider = await startOidcProvider({
      erika: { name: 'Erika Muster', roles: ['kita'], organisations: ['gibt-es-nicht'] },
      gast: { name: 'Gustav Gast', roles: ['vpn'], organisations: [] },
    });
    return () => provider.close();
  });
  const suite = browserSuite(() => ({ oidc: provider.settings }));
  beforeAll(() => provider.accept(`${suite.base}/api/session/oidc/callback`));

  it('offers "Mit Dienstkonto anmelden", signs in at the provider and lands signed in with the roles of the claims', async () => {
    const page = await suite.freshPage();
    await page.goto(`${suite.base}/login`);
    const button = page.getByRole('link', { name: 'Mit Dienstkonto anmelden' });
    await button.waitFor();
    await suite.check(page, 'login-oidc');
    await button.click();

    // The provider's own (development) pages: user name, any password, then consent.
    await page.waitForURL((u) => u.href.startsWith(provider.issuer));
    const loginPage = page.url();
    await page.locator('input[name="login"]').fill('erika');
    await page.locator('input[name="password"]').fill('irgendwas');
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((u) => u.href !== loginPage);
    if (page.url().startsWith(provider.issuer)) await page.locator('button[type="submit"]').click();

    await page.waitForURL((u) => u.href.startsWith(suite.base) && !u.pathname.startsWith('/login') && !u.pathname.startsWith('/api/'));
    const me = await page.evaluate(async () => (await (await fetch('/api/session')).json()).user);
    expect(me).toMatchObject({ username: 'erika', roles: ['kita'], organisations: [], displayName: 'Erika Muster' });
    await page.getByText('Erika Muster').first().waitFor();

    // Signing out ends the sign-in at the provider too: its sign-out page, then back to Agora's login page.
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL((u) => u.href.startsWith(provider.issuer));
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL((u) => u.href === `${suite.base}/login`);
    expect((await page.evaluate(async () => (await fetch('/api/session')).status))).toBe(401);
    // The next sign-in asks the provider's login again instead of passing silently.
    await page.getByRole('link', { name: 'Mit Dienstkonto anmelden' }).click();
    await page.waitForURL((u) => u.href.startsWith(provider.issuer));
    await page.locator('input[name="login"]').waitFor();
    expect(suite.violations).toEqual([]);
    expect(suite.cspViolations.filter((v) => v.startsWith(suite.base))).toEqual([]);
  }, TIMEOUT);

  it('brings a person without an Agora role back to the login page with a clear, focused message', async () => {
    const page = await suite.freshPage();
    await page.goto(`${suite.base}/login`);
    await page.getByRole('link', { name: 'Mit Dienstkonto anmelden' }).click();
    await page.waitForURL((u) => u.href.startsWith(provider.issuer));
    const loginPage = page.url();
    await page.locator('input[name="login"]').fill('gast');
    await page.locator('input[name="password"]').fill('irgendwas');
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((u) => u.href !== loginPage);
    if (page.url().startsWith(provider.issuer)) await page.locator('button[type="submit"]').click();

    await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('error') === 'OIDC_NO_ROLE');
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('keine Rolle in Agora');
    // Focus is on the message, so a screen reader reads it first.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
    // Nothing but the stable code in the address.
    expect([...new URL(page.url()).searchParams.keys()]).toEqual(['error']);
    await suite.check(page, 'login-oidc-error');
    expect(suite.violations).toEqual([]);
  }, TIMEOUT);
});
