import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { browserAvailability, browserSuite, ROOT, signIn, apiAs as apiCall } from './browser.js';

const availability = browserAvailability();
const TIMEOUT = 240_000;
const DOC = JSON.parse(readFileSync(path.join(ROOT, 'tests/e2e/fixtures/studio-chart-definition.json'), 'utf8'));

describe.skipIf(!availability.run)('studio: statechart, rule and access editors (#13)', () => {
  const suite = browserSuite();
  const { violations, freshPage, check } = suite;
  let base = '';
  beforeAll(() => {
    base = suite.base;
  });

  const apiAs = (username: string, method: string, url: string, body?: unknown) => apiCall(base, username, method, url, body);

  it('an administrator adds a step, a transition on submit with a rule, a deadline and an access rule by clicking and typing; the saved document is valid', async () => {
    expect((await apiAs('admin', 'POST', '/api/definitions', DOC)).status).toBe(201);
    const page = await freshPage();
    await signIn(page, base, 'admin');
    await page.goto(`${base}/studio/erstberatung-e2e/1?tab=ablauf`);
    const panel = page.getByRole('complementary', { name: 'Eigenschaften' });
    const list = page.getByRole('navigation', { name: 'Schritte und Übergänge' });
    await list.waitFor();

    // A new step "Erstgespräch" with a task on its own form.
    await page.locator('#chart-new-state-de').fill('Erstgespräch');
    await page.locator('#chart-new-state-en').fill('First consultation');
    await page.getByRole('button', { name: 'Schritt hinzufügen' }).click();
    await expect.poll(() => panel.getByRole('heading', { level: 3 }).textContent()).toBe('Schritt „Erstgespräch“');
    await panel.getByLabel('In diesem Schritt hat jemand etwas zu tun').check();
    await panel.getByLabel('Formular', { exact: true }).selectOption({ label: 'Erstgespräch' });
    await panel.getByRole('checkbox', { name: 'koordination' }).first().check();

    // From it: when the task is done, and "nach 14 Tagen", to the end.
    await panel.getByLabel('Nach', { exact: true }).selectOption({ label: 'Abgeschlossen' });
    await panel.getByRole('radio', { name: 'Aufgabe erledigt (Formular abgeschickt)' }).check();
    await panel.getByRole('button', { name: 'Übergang anlegen' }).click();
    await expect.poll(() => panel.getByRole('heading', { level: 3 }).textContent()).toContain('Übergang von „Erstgespräch“');
    await panel.getByRole('button', { name: 'Zum Ausgangsschritt' }).click();
    await panel.getByLabel('Nach', { exact: true }).selectOption({ label: 'Abgeschlossen' });
    await panel.getByRole('radio', { name: 'Frist' }).check();
    const deadline = panel.getByRole('group', { name: 'Frist', exact: true });
    await deadline.getByLabel('Anzahl').fill('14');
    await deadline.getByLabel('Einheit').selectOption({ label: 'Tage' });
    await panel.getByRole('button', { name: 'Übergang anlegen' }).click();
    await expect.poll(() => panel.getByRole('heading', { level: 3 }).textContent()).toBe('Übergang von „Erstgespräch“: nach 14 Tagen');

    // From the request to the new step on submit, only with consent.
    await list.getByRole('button', { name: /^Anfrage/ }).click();
    await panel.getByLabel('Nach', { exact: true }).selectOption({ label: 'Erstgespräch' });
    await panel.getByRole('radio', { name: 'Aufgabe erledigt (Formular abgeschickt)' }).check();
    await panel.getByRole('button', { name: 'Übergang anlegen' }).click();
    await panel.getByLabel('Art der Bedingung').selectOption({ label: 'Regel über Formularangaben' });
    await panel.getByRole('button', { name: '+ Bedingung' }).click();
    await panel.getByRole('combobox', { name: 'Feld', exact: true }).selectOption({ label: 'Anfrage: Einwilligung' });
    await panel.getByRole('radio', { name: 'Ja' }).check();
    await panel.getByLabel('Hinweis, wenn die Bedingung nicht erfüllt ist (Deutsch)').fill('Ohne Einwilligung kein Erstgespräch.');
    await expect.poll(() => list.textContent()).toContain('→ Erstgespräch: Aufgabe erledigt · mit Bedingung');
    await check(page, 'studio-ablauf');
    // The diagram shows the new step, and a click on a state selects it as the list does.
    await expect.poll(() => page.locator('.react-flow__node[data-id="erstgespraech"]').isVisible()).toBe(true);
    await page.locator('.react-flow__node[data-id="abgeschlossen"]').click();
    await expect.poll(() => panel.getByRole('heading', { level: 3 }).textContent()).toBe('Schritt „Abgeschlossen“');
    expect(await page.locator('.state-node.is-selected').textContent()).toContain('Abgeschlossen');

    // Access: the counsellors of the B-Punkt named in the request, while consent is given.
    await page.getByRole('tab', { name: 'Zugriff' }).click();
    const card = page.getByRole('region', { name: 'Rolle „beratung“' });
    await card.getByRole('button', { name: 'Regel festlegen' }).click();
    await card.getByRole('radio', { name: 'Die Organisation aus einem Feld der Vorgangsdaten' }).check();
    await card.getByLabel('Feld mit der Organisation').selectOption({ label: 'Anfrage: B-Punkt' });
    await card.getByLabel('Nur unter einer Bedingung').check();
    await card.getByRole('combobox', { name: 'Feld', exact: true }).selectOption({ label: 'Anfrage: Einwilligung' });
    await card.getByRole('radio', { name: 'Ja' }).check();
    await card.getByLabel('Begründung (für den Datenschutz) (Deutsch)').fill('Beratung nur mit Einwilligung');
    await check(page, 'studio-zugriff');

    await page.getByRole('button', { name: 'Als Entwurf speichern' }).click();
    await expect.poll(() => page.locator('.notice-success').textContent()).toContain('Als Entwurf gespeichert (Version 1).');

    const saved = (await apiAs('admin', 'GET', '/api/definitions/erstberatung-e2e/1')).json.body;
    const lint = await apiAs('admin', 'POST', '/api/definitions/lint', saved);
    expect(lint.json.problems).toEqual([]);
    const states = saved.machine.states;
    expect(states.anfrage.on.SUBMIT).toEqual([
      { target: 'erstgespraech', guard: { type: 'formula', params: { rule: { '==': [{ var: 'data.anfrage.einwilligung' }, true] } }, message: { de: 'Ohne Einwilligung kein Erstgespräch.' } } },
      'abgeschlossen',
    ]);
    expect(states.erstgespraech).toEqual({
      meta: { title: { de: 'Erstgespräch', en: 'First consultation' }, task: { roles: ['beratung', 'koordination'], form: 'erstgespraech' } },
      on: { SUBMIT: 'abgeschlossen' },
      after: { P14D: 'abgeschlossen' },
    });
    expect(saved.access).toEqual({
      beratung: { organisation: '/anfrage/bpunkt', when: { '==': [{ var: 'data.anfrage.einwilligung' }, true] }, description: { de: 'Beratung nur mit Einwilligung' } },
    });
    await page.close();
  }, TIMEOUT);

  it('has no serious or critical accessibility violation on these pages, at desktop width and at 360 px', () => {
    const report = violations.map((v) => `${v.page}: ${v.id} (${v.impact}) ${v.help} at ${v.targets.join(', ')}`);
    expect(report).toEqual([]);
  });
});
