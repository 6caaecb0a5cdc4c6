import { beforeAll, describe, expect, it } from 'vitest';
import { browserAvailability, browserSuite, signIn, apiAs as apiCall } from './browser.js';

const availability = browserAvailability();
/** Generous: the suite shares the machine with other work. */
const TIMEOUT = 150_000;

describe.skipIf(!availability.run)('"Mein Konto": one’s own e-mail notifications in the web UI (#15)', () => {
  const suite = browserSuite();
  const { violations, freshPage, check } = suite;
  let base = '';
  beforeAll(() => {
    base = suite.base;
  });

  const apiAs = (username: string, method: string, url: string, body?: unknown) => apiCall(base, username, method, url, body);

  /** One's notification settings as the API has them. */
  async function settingsOf(username: string): Promise<Record<string, unknown>> {
    const res = await apiAs(username, 'GET', '/api/account/notifications');
    expect(res.status).toBe(200);
    return res.json as Record<string, unknown>;
  }

  it('lets a staff member switch off the new-task mail, and it stays off after a reload and in the API', async () => {
    // The administration stored an address for the account; the page shows where mails go.
    expect((await apiAs('admin', 'PATCH', '/api/users/kita', { email: 'kita@example.org' })).status).toBe(200);
    expect(await settingsOf('kita')).toMatchObject({ newTask: true, email: 'kita@example.org' });
    const page = await freshPage();
    await signIn(page, base, 'kita');
    // The signed-in name in the header leads to the account page.
    await page.getByRole('link', { name: /Angemeldet als .*Mein Konto/ }).click();
    await page.waitForURL(`${base}/konto`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Mein Konto');
    const kinds = page.getByRole('group', { name: 'Benachrichtigen Sie mich per E-Mail bei' });
    const newTask = kinds.getByRole('checkbox', { name: 'einer neuen Aufgabe für meine Organisation' });
    await expect.poll(() => newTask.isChecked()).toBe(true);
    expect(await kinds.getByRole('checkbox').count()).toBe(3);
    expect(await page.getByRole('region', { name: 'E-Mail-Benachrichtigungen' }).textContent()).toContain('E-Mails gehen an: kita@example.org');
    await check(page, 'account');

    // Keyboard only: Space switches the box, Enter on the button saves.
    await newTask.focus();
    await page.keyboard.press('Space');
    expect(await newTask.isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Einstellungen speichern' }).focus();
    await page.keyboard.press('Enter');
    const mailSection = page.getByRole('region', { name: 'E-Mail-Benachrichtigungen' });
    await expect.poll(() => mailSection.getByRole('status').textContent()).toBe('Ihre Benachrichtigungseinstellungen wurden gespeichert.');
    await check(page, 'account-saved');

    await page.reload();
    const again = page.getByRole('checkbox', { name: 'einer neuen Aufgabe für meine Organisation' });
    await again.waitFor();
    expect(await again.isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: 'Erinnerungen an fällige Aufgaben' }).isChecked()).toBe(true);
    expect(await settingsOf('kita')).toMatchObject({ newTask: false, reminder: true, overdueDigest: true });
    // Only this person's setting changed.
    expect(await settingsOf('kita2')).toMatchObject({ newTask: true });

    // A wrong current password is refused with a clear message, and the password stays as it was.
    const pw = page.getByRole('region', { name: 'Passwort ändern' });
    await pw.getByLabel('Aktuelles Passwort').fill('not-my-password');
    await pw.getByLabel('Neues Passwort').fill('Ein langer neuer Satz als Passwort');
    await pw.getByRole('button', { name: 'Passwort ändern' }).click();
    await expect.poll(() => pw.getByRole('status').textContent()).toBe('Das bisherige Passwort stimmt nicht.');
    await check(page, 'account-password-error');
    expect((await settingsOf('kita')).newTask).toBe(false);
    await page.close();
  }, TIMEOUT);

  it('lets a staff member choose English for these e-mails, kept after a reload and in the API', async () => {
    const page = await freshPage();
    await signIn(page, base, 'kita2');
    await page.goto(`${base}/konto`);
    const language = page.getByLabel('Sprache dieser E-Mails');
    await expect.poll(() => language.inputValue()).toBe('de');
    await language.selectOption('en');
    await page.getByRole('button', { name: 'Einstellungen speichern' }).click();
    const mailSection = page.getByRole('region', { name: 'E-Mail-Benachrichtigungen' });
    await expect.poll(() => mailSection.getByRole('status').textContent()).toBe('Ihre Benachrichtigungseinstellungen wurden gespeichert.');
    await page.reload();
    await expect.poll(() => page.getByLabel('Sprache dieser E-Mails').inputValue()).toBe('en');
    await check(page, 'account-language');
    expect(await settingsOf('kita2')).toMatchObject({ language: 'en', newTask: true });
    await page.close();
  }, TIMEOUT);

  it('has no serious or critical accessibility violation on these pages, at desktop width and at 360 px', () => {
    const report = violations.map((v) => `${v.page}: ${v.id} (${v.impact}) ${v.help} at ${v.targets.join(', ')}`);
    expect(report).toEqual([]);
  });
});
