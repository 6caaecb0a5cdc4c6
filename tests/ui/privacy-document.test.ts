import { describe, expect, it } from 'vitest';
import { germanTime, privacyDocument } from '../../ui/src/pages/privacy-document.js';

const doc = {
  exportedAt: '2026-12-01T14:04:00Z',
  exportedBy: 'datenschutz',
  cases: [
    {
      reference: 'KG-7',
      process: { de: 'Übergang Kita – Grundschule', en: 'Kindergarten to primary school' },
      state: { de: 'Schulanmeldung' },
      status: 'active' as const,
      createdAt: '2026-06-30T22:30:00Z',
      updatedAt: '2026-12-01T09:00:00Z',
      catalogues: { kitas: [{ value: 'k1', label: { de: 'Kita Sonnenschein' } }] },
      forms: {
        stammdaten: {
          title: { de: 'Stammdaten' },
          value: { nachname: 'Schäfer', vorname: 'Ella', kita: 'k1', geburtsdatum: '2020-03-14', hort: false, art: 'a', extra_feld: '<b>x</b>' },
          schema: {
            type: 'object',
            properties: {
              vorname: { type: 'string', title: 'Vorname' },
              nachname: { type: 'string', title: 'Nachname' },
              geburtsdatum: { type: 'string', format: 'date', title: 'Geburtsdatum' },
              kita: { type: 'string', title: 'Kita', 'x-catalogue': 'kitas' },
              hort: { type: 'boolean', title: 'Hort angemeldet' },
              art: { type: 'string', title: 'Art', oneOf: [{ const: 'a', title: 'Erste Art' }] },
            },
          },
        },
      },
      history: [
        { at: '2026-06-30T22:30:00Z', by: 'kita', what: { de: 'Vorgang angelegt' }, to: { de: 'Fall angelegt' } },
        { at: '2026-07-15T00:00:00Z', by: 'system', what: { de: 'Frist abgelaufen' }, to: null },
      ],
    },
  ],
};

describe('the readable Art. 15 answer (#12)', () => {
  it('shows times in German time whatever the machine says', () => {
    expect(germanTime('2026-12-01T14:04:00Z')).toBe('01.12.2026, 15:04');
    expect(germanTime('2026-06-30T22:30:00Z')).toBe('01.07.2026, 00:30');
  });

  it('lists each case with its process, steps with who and when, and every field by title with the chosen label', () => {
    const html = privacyDocument(doc);
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('<h1>Auskunft nach Art. 15 DSGVO</h1>');
    expect(html).toContain('Übergang Kita – Grundschule <span class="ref">KG-7</span>');
    expect(html).toContain('01.07.2026, 00:30</time> · kita: Vorgang angelegt');
    expect(html).toContain('automatisch (das System): Frist abgelaufen');
    // Fields in the form's order, by title, with labels instead of values.
    expect(html).toContain('<dt>Vorname</dt><dd>Ella</dd><dt>Nachname</dt><dd>Schäfer</dd><dt>Geburtsdatum</dt><dd>14.03.2020</dd><dt>Kita</dt><dd>Kita Sonnenschein</dd><dt>Hort angemeldet</dt><dd>Nein</dd><dt>Art</dt><dd>Erste Art</dd>');
    expect(html).toContain('<dt>Extra feld</dt><dd>&lt;b&gt;x&lt;/b&gt;</dd>');
    expect(html).not.toContain('stammdaten');
  });
});
