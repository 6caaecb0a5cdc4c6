import { beforeAll, describe, expect, it } from 'vitest';
import { browserAvailability, browserSuite, signIn, apiAs as apiCall } from './browser.js';
import { beratungV1, beratungV2, KEY } from '../fixtures/migration-definitions.js';

const availability = browserAvailability();
/** Generous: the suite shares the machine with other work. */
const TIMEOUT = 180_000;

/**
 * Versions in the studio (#13): version 1 published with a running case,
 * version 2 renames a state (written through the API: the editors belong to
 * the statechart work); the administrator simulates it, reads the changes in
 * words, maps the states (the rename is suggested), dry-runs and moves the
 * case, and the case shows its new state and the step in its history.
 */
describe.skipIf(!availability.run)('versions, simulation and migration in the studio (#13)', () => {
  const suite = browserSuite();
  const { violations, freshPage, check } = suite;
  let base = '';
  let caseId = '';

  const apiAs = (username: string, method: string, url: string, body?: unknown) => apiCall(base, username, method, url, body);

  beforeAll(async () => {
    base = suite.base;
    expect((await apiAs('admin', 'POST', '/api/definitions', beratungV1())).status).toBe(201);
    expect((await apiAs('admin', 'POST', `/api/definitions/${KEY}/1/publish`, {})).status).toBe(200);
    const started = await apiAs('beratung', 'POST', '/api/cases', { definition: KEY });
    expect(started.status).toBe(201);
    caseId = started.json.id;
    const sent = await apiAs('beratung', 'POST', `/api/cases/${caseId}/events`, { type: 'SUBMIT', data: { name: 'Anna Beispiel', bpunkt: 'bpunkt-innenstadt' }, expectedVersion: started.json.version });
    expect(sent.status).toBe(200);
    expect((await apiAs('admin', 'POST', '/api/definitions', beratungV2())).status).toBe(201);
  }, TIMEOUT);

  it('simulates the draft, shows its changes in words, and moves the running case to the new version', async () => {
    const page = await freshPage();
    await signIn(page, base, 'admin');

    await page.goto(`${base}/studio/${KEY}/2?tab=simulation`);
    await page.getByRole('button', { name: 'Simulieren' }).click();
    await expect.poll(() => page.locator('.simulation-path summary').first().textContent(), { timeout: 30_000 }).toContain('endet in „Abgeschlossen“');
    await expect.poll(() => page.locator('.simulation').textContent()).toContain('Rolle: beratung');
    await check(page, 'studio-simulation');

    await page.getByRole('tab', { name: 'Versionen' }).click();
    const changes = page.locator('.change-list');
    await expect.poll(() => changes.textContent(), { timeout: 20_000 }).toContain("Zustand ‚Erstgespräch' umbenannt in ‚Erstberatung'");
    expect(await changes.textContent()).toContain("Feld ‚Stadtteil' im Formular ‚Anfrage' hinzugefügt");
    expect(await page.locator('.studio-versions').textContent()).toContain('Veröffentlichen Sie diese Version zuerst');
    await check(page, 'studio-versions-draft');

    expect((await apiAs('admin', 'POST', `/api/definitions/${KEY}/2/publish`, {})).status).toBe(200);
    await page.reload();
    // The rename is suggested; the state version 2 dropped has no counterpart.
    await expect.poll(() => page.locator('#map-erstgespraech').inputValue(), { timeout: 20_000 }).toBe('erstberatung');
    expect(await page.locator('#map-warten').inputValue()).toBe('');
    expect(await page.locator('#map-anfrage').inputValue()).toBe('anfrage');

    await page.getByRole('button', { name: 'Probelauf' }).click();
    await expect.poll(() => page.locator('.migration').textContent()).toContain('Probelauf: 1 von 1 Fällen ließen sich umstellen');
    await check(page, 'studio-migration-dry-run');
    expect((await apiAs('admin', 'GET', `/api/cases/${caseId}`)).json.definition.version).toBe(1);

    await page.getByRole('button', { name: 'Fälle umstellen' }).click();
    await expect.poll(() => page.locator('.migration').textContent()).toContain('1 von 1 Fällen auf Version 2 umgestellt.');

    await page.goto(`${base}/cases/${caseId}`);
    await expect.poll(() => page.locator('main').textContent(), { timeout: 20_000 }).toContain('Erstberatung');
    await expect.poll(() => page.locator('main').textContent()).toContain('Auf Version 2 umgestellt');
    await check(page, 'case-migrated');

    expect(violations).toEqual([]);
    expect(suite.cspViolations).toEqual([]);
  }, TIMEOUT);
});
