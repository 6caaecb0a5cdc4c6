import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailability, browserSuite, ROOT, signIn, apiAs as apiCall } from './browser.js';

const availability = browserAvailability();
/** Generous: the suite shares the machine with other work. */
const TIMEOUT = 180_000;
const DOC = JSON.parse(readFileSync(path.join(ROOT, 'tests/e2e/fixtures/studio-definition.json'), 'utf8').replace('"leitung"', '"kursleitung"'));

describe.skipIf(!availability.run)('studio: form builder and expert view (#13)', () => {
  const suite = browserSuite();
  const { violations, cspViolations, freshPage, check } = suite;
  let base = '';
  beforeAll(() => {
    base = suite.base;
  });

  const apiAs = (username: string, method: string, url: string, body?: unknown) => apiCall(base, username, method, url, body);

  /** Adds a field through the "Feld hinzufügen" part of the builder. */
  async function addField(page: Page, kind: string, label: string): Promise<void> {
    await page.getByLabel('Art des Feldes').selectOption({ label: kind });
    await page.getByLabel('Bezeichnung (Deutsch)', { exact: true }).last().fill(label);
    await page.getByRole('button', { name: 'Feld hinzufügen', exact: true }).click();
    await page.getByRole('group', { name: `Feld „${label}“ bearbeiten` }).waitFor();
  }

  const fieldOrder = (page: Page) => page.locator('.field-list > li .field-row-label strong').allTextContents();

  it('lets an administrator build form fields by clicking and typing, preview them, reorder by keyboard and save a draft', async () => {
    const imported = await apiAs('admin', 'POST', '/api/definitions', { ...DOC, key: 'e2e-formulare', forms: { rueckmeldung: { ...DOC.forms.rueckmeldung } } });
    expect(imported.status).toBe(201);

    const page = await freshPage();
    await signIn(page, base, 'admin');
    await page.goto(`${base}/studio/e2e-formulare/1`);
    await page.getByRole('tab', { name: 'Formulare' }).waitFor();
    expect(await page.getByRole('tab', { name: 'Formulare' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('heading', { name: 'Felder von „Rückmeldung“' }).waitFor();
    expect(await fieldOrder(page)).toEqual(['Zufriedenheit (1 bis 5)', 'Anmerkungen']);

    // A pick from the catalogue of districts
    await addField(page, 'Auswahl aus Katalog', 'Stadtteil');
    const stadtteil = page.getByRole('group', { name: 'Feld „Stadtteil“ bearbeiten' });
    await stadtteil.getByLabel('Bezeichnung (Englisch)').fill('District');
    await stadtteil.getByLabel('Katalog').selectOption({ label: 'Stadtteile' });
    await page.getByRole('button', { name: 'Schließen: Stadtteil' }).click();

    // A required date
    await addField(page, 'Datum', 'Gesprächstermin');
    await page.getByRole('group', { name: 'Feld „Gesprächstermin“ bearbeiten' }).getByLabel('Pflichtfeld').check();

    // A yes/no question and a field shown only when it is answered yes
    await addField(page, 'Ja/Nein', 'Geschwister in der Einrichtung');
    await addField(page, 'Kurzer Text', 'Name der Geschwister');
    const geschwister = page.getByRole('group', { name: 'Feld „Name der Geschwister“ bearbeiten' });
    await geschwister.getByLabel('Nur anzeigen, wenn').selectOption({ label: 'Geschwister in der Einrichtung' });
    await geschwister.getByLabel('den Wert hat').selectOption({ label: 'Ja' });
    await expect.poll(() => page.locator('.field-list').textContent()).toContain('nur wenn „Geschwister in der Einrichtung“ = Ja');

    // A heading and a help text are text only
    await addField(page, 'Überschrift', 'Familie');
    await addField(page, 'Hinweistext', 'Bitte nur mit Einverständnis der Eltern ausfüllen.');

    // The live preview is the real form: catalogue entries, the required date, the condition
    const preview = page.getByRole('region', { name: 'Vorschau' });
    await expect.poll(() => preview.getByLabel('Stadtteil').locator('option').allTextContents()).toContain('Innenstadt Nord');
    expect(await preview.getByText('Name der Geschwister').count()).toBe(0);
    await preview.getByLabel('Geschwister in der Einrichtung').check();
    await preview.getByLabel('Name der Geschwister').waitFor();
    await preview.getByRole('button', { name: 'Eingaben prüfen' }).click();
    await expect.poll(() => preview.locator('[id$="_gespraechstermin__error"]').textContent()).toContain('Bitte');
    await preview.getByRole('heading', { name: 'Familie' }).waitFor();
    await preview.getByText('Bitte nur mit Einverständnis der Eltern ausfüllen.').waitFor();
    await check(page, 'studio-form-builder');
    for (const label of ['Familie', 'Bitte nur mit Einverständnis der Eltern ausfüllen.']) await page.getByRole('button', { name: `Entfernen: ${label}` }).click();

    // Reorder by keyboard: dnd-kit's keyboard sensor on the handle ...
    expect(await fieldOrder(page)).toEqual(['Zufriedenheit (1 bis 5)', 'Anmerkungen', 'Stadtteil', 'Gesprächstermin', 'Geschwister in der Einrichtung', 'Name der Geschwister']);
    await page.getByRole('button', { name: 'Verschieben: Stadtteil' }).focus();
    // As a keyboard user does: pick up, press "up" until the announcement says position 1, drop.
    const live = page.locator('[id^="DndLiveRegion"]');
    await page.keyboard.press('Space');
    await expect.poll(() => live.textContent()).toContain('Position 3');
    for (let i = 0; i < 6 && !(await live.textContent())?.includes('über Position 1'); i++) {
      await page.keyboard.press('ArrowUp');
      await page.waitForTimeout(400);
    }
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('[id^="DndLiveRegion"]').textContent()).toBe('„Stadtteil“ abgelegt an Position 1.');
    await expect.poll(() => fieldOrder(page)).toEqual(['Stadtteil', 'Zufriedenheit (1 bis 5)', 'Anmerkungen', 'Gesprächstermin', 'Geschwister in der Einrichtung', 'Name der Geschwister']);
    // ... and with the "Nach unten" button, which keeps the focus for the next press
    await page.getByRole('button', { name: 'Nach unten: Stadtteil' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => fieldOrder(page)).toEqual(['Zufriedenheit (1 bis 5)', 'Stadtteil', 'Anmerkungen', 'Gesprächstermin', 'Geschwister in der Einrichtung', 'Name der Geschwister']);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toContain('Nach unten');
    await expect.poll(() => page.locator('.form-builder > p[role="status"]').textContent()).toContain('„Stadtteil“ ist jetzt an Position 2 von 6.');

    // Undo and redo cover the builder's edits
    await page.getByRole('button', { name: 'Rückgängig' }).click();
    await expect.poll(() => fieldOrder(page)).toEqual(['Stadtteil', 'Zufriedenheit (1 bis 5)', 'Anmerkungen', 'Gesprächstermin', 'Geschwister in der Einrichtung', 'Name der Geschwister']);
    await page.getByRole('button', { name: 'Wiederholen' }).click();
    await expect.poll(() => fieldOrder(page)).toEqual(['Zufriedenheit (1 bis 5)', 'Stadtteil', 'Anmerkungen', 'Gesprächstermin', 'Geschwister in der Einrichtung', 'Name der Geschwister']);

    await page.getByRole('button', { name: 'Als Entwurf speichern' }).click();
    await expect.poll(() => page.locator('.notice-success').textContent()).toContain('Als Entwurf gespeichert (Version 1).');

    const saved = await apiAs('admin', 'GET', '/api/definitions/e2e-formulare/1');
    const form = saved.json.body.forms.rueckmeldung;
    expect(form.schema.properties.stadtteil).toEqual({ type: 'string', title: 'Stadtteil', 'x-catalogue': 'stadtteile', 'x-title-en': 'District' });
    expect(form.schema.properties.gespraechstermin).toEqual({ type: 'string', format: 'date', title: 'Gesprächstermin' });
    expect(form.schema.required).toEqual(['zufriedenheit', 'gespraechstermin']);
    expect(form.schema.properties.geschwister_in_der_einrichtung).toEqual({ type: 'boolean', title: 'Geschwister in der Einrichtung' });
    expect(form.schema.allOf).toEqual([
      {
        if: { required: ['geschwister_in_der_einrichtung'], properties: { geschwister_in_der_einrichtung: { const: true } } },
        then: { properties: { name_der_geschwister: { type: 'string', title: 'Name der Geschwister' } } },
      },
    ]);
    expect(form.uiSchema['ui:order']).toEqual(['zufriedenheit', 'stadtteil', 'freitext', 'gespraechstermin', 'geschwister_in_der_einrichtung', 'name_der_geschwister', '*']);

    // The expert view shows the same document and takes edits back when they parse
    await page.getByRole('tab', { name: 'JSON' }).click();
    await page.waitForURL(`${base}/studio/e2e-formulare/1?tab=json`);
    const editor = page.locator('.json-editor-host .cm-content');
    // CodeMirror renders the lines in view only: the first fields are there.
    await expect.poll(() => editor.textContent(), { timeout: 15_000 }).toContain('"gespraechstermin"');
    await check(page, 'studio-json');
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('x');
    await expect.poll(() => page.locator('.expert-tab .field-error').textContent()).toMatch(/Kein gültiges JSON in Zeile \d+, Spalte \d+/);
    await page.keyboard.press('Backspace');
    await expect.poll(() => page.locator('.expert-tab .field-error').count()).toBe(0);
    await page.getByRole('tab', { name: 'Formulare' }).click();
    await page.getByRole('heading', { name: 'Felder von „Rückmeldung“' }).waitFor();
    expect(await fieldOrder(page)).toContain('Name der Geschwister');
    expect(cspViolations).toEqual([]);
    await page.close();
  }, TIMEOUT);

  it('saves changes to a published version as a draft of the next version', async () => {
    const page = await freshPage();
    await signIn(page, base, 'admin');
    await page.goto(`${base}/studio/e2e-formulare/1`);
    await page.getByRole('button', { name: 'Veröffentlichen' }).click();
    await page.getByRole('button', { name: 'Ja, veröffentlichen' }).click();
    await expect.poll(() => page.locator('.notice-success').textContent()).toContain('Die Version ist veröffentlicht.');
    await page.getByText('Ihre Änderungen werden als Entwurf der nächsten Version gespeichert.').waitFor();
    await addField(page, 'E-Mail', 'E-Mail der Eltern');
    await page.getByRole('button', { name: 'Als Entwurf speichern' }).click();
    await page.waitForURL(`${base}/studio/e2e-formulare/2`);
    await expect.poll(() => page.locator('.notice-success').textContent()).toContain('Als Entwurf gespeichert (Version 2).');
    const v2 = await apiAs('admin', 'GET', '/api/definitions/e2e-formulare/2');
    expect(v2.json.status).toBe('draft');
    expect(v2.json.body.forms.rueckmeldung.schema.properties.e_mail_der_eltern).toEqual({ type: 'string', format: 'email', title: 'E-Mail der Eltern' });
    const v1 = await apiAs('admin', 'GET', '/api/definitions/e2e-formulare/1');
    expect(v1.json.body.forms.rueckmeldung.schema.properties).not.toHaveProperty('e_mail_der_eltern');
    await page.close();
  }, TIMEOUT);

  it('never loads the studio’s code for staff who are not administrators', async () => {
    const page = await freshPage();
    await signIn(page, base, 'kita');
    await page.goto(`${base}/studio/e2e-formulare/1`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Kein Zugriff');
    const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.js')));
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((s) => /\/(studio|definition-page|forms-tab|expert-tab)[-.]/.test(s))).toEqual([]);
    await page.close();
  }, TIMEOUT);

  it('has no serious or critical accessibility violation on the studio pages', () => {
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
  });
});
