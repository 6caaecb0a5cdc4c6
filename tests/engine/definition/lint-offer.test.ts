import { describe, expect, it } from 'vitest';
import { lintDefinition } from '../../../engine/definition/index.js';
import { emailField } from '../../../engine/service/index.js';
import { definitionFiles, readShipped } from '../../fixtures/shipped.js';

const base = (offer: unknown, forms: Record<string, unknown> = {}) => ({
  key: 'kurs', version: 1, title: { de: 'Kurs' }, roles: ['team'],
  forms: {
    kurs: { title: { de: 'Kurs' }, schema: { type: 'object', properties: { titel: { type: 'string', title: 'Titel' }, plaetze: { type: 'integer', title: 'Plätze' } } } },
    anfrage: { title: { de: 'Anfrage' }, schema: { type: 'object', properties: { name: { type: 'string', title: 'Name' }, thema: { type: 'string', title: 'Thema' }, ort: { type: 'string', title: 'Ort', 'x-public': true }, leitung_privat: { type: 'string', title: 'Leitung', 'x-personal': true } } } },
    ...forms,
  },
  machine: { id: 'kurs', initial: 'offen', states: { offen: { meta: { title: { de: 'Offen' }, task: { roles: ['team'], form: 'kurs' } }, on: { SUBMIT: 'zu' } }, zu: { type: 'final', meta: { title: { de: 'Zu' } } } } },
  offer,
});
const problems = (doc: unknown) => {
  const r = lintDefinition(doc);
  return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
};

/** The public record of an offer never reaches personal data (issue 15). */
describe('lint of offer', () => {
  it('accepts a record of non-personal fields and fixed texts', () => {
    expect(problems(base({ states: ['offen'], record: { title: '/kurs/titel', audience: { de: 'Eltern', en: 'Parents' } } }))).toEqual([]);
  });

  it('refuses states and pointers that do not exist', () => {
    const found = problems(base({ states: ['gibtsnicht'], record: { title: '/kurs/fehlt' } }));
    expect(found.some((p) => p.startsWith('/offer/states/0'))).toBe(true);
    expect(found.some((p) => p.startsWith('/offer/record/title'))).toBe(true);
  });

  it('refuses a personal field, by name or by x-personal', () => {
    expect(problems(base({ states: ['offen'], record: { title: '/anfrage/name' } })).join()).toContain('personal data');
    expect(problems(base({ states: ['offen'], record: { title: '/anfrage/leitung_privat' } })).join()).toContain('personal data');
  });

  it('refuses a field of a form with personal data unless it is marked x-public', () => {
    expect(problems(base({ states: ['offen'], record: { title: '/anfrage/thema' } })).join()).toContain('x-public');
    expect(problems(base({ states: ['offen'], record: { title: '/kurs/titel', place: '/anfrage/ort' } }))).toEqual([]);
  });

  it('needs a registration process to count seats among', () => {
    expect(problems(base({ states: ['offen'], record: { title: '/kurs/titel' }, seats: { total: '/kurs/plaetze', states: ['x'] } })).join()).toContain('registration');
  });
});

/** Entries of a list as public entries of their own: the lectures of a programme (issue 15). */
describe('lint of offer.items', () => {
  const vortrag = {
    title: { de: 'Vortrag' }, collection: true,
    schema: { type: 'object', properties: { titel: { type: 'string', title: 'Titel', 'x-public': true }, termin: { type: 'string', format: 'date', 'x-public': true }, raum: { type: 'string', title: 'Raum' }, dozent: { type: 'string', title: 'Dozent:in', 'x-personal': true } } },
  };
  const reihe = { title: { de: 'Reihe' }, schema: { type: 'object', properties: { abende: { type: 'array', items: { type: 'object', properties: { thema: { type: 'string' }, datum: { type: 'string', format: 'date' } } } }, notiz: { type: 'string' } } } };
  const offer = (items: unknown, extra: object = {}) => base({ states: ['offen'], record: { title: '/kurs/titel' }, items, ...extra }, { vortrag, reihe });

  it('accepts a collection form or a list field of objects, with pointers relative to the entry', () => {
    expect(problems(offer({ list: '/vortrag', record: { title: '/titel', dates: '/termin' } }))).toEqual([]);
    expect(problems(offer({ list: '/reihe/abende', record: { title: '/thema', dates: '/datum', place: { de: 'Rathaus', en: 'Town hall' } } }))).toEqual([]);
  });

  it('refuses a pointer that does not lead to a list', () => {
    expect(problems(offer({ list: '/kurs', record: { title: '/titel' } })).join()).toContain('/offer/items/list: "/kurs" does not lead to a list');
    expect(problems(offer({ list: '/reihe/notiz', record: { title: '/titel' } })).join()).toContain('does not lead to a list');
    expect(problems(offer({ list: '/gibtsnicht', record: { title: '/titel' } })).join()).toContain('does not lead to a list');
  });

  it('refuses record fields outside the entry', () => {
    expect(problems(offer({ list: '/vortrag', record: { title: '/vortrag/titel' } })).join()).toContain('/offer/items/record/title');
    expect(problems(offer({ list: '/reihe/abende', record: { title: '/thema', place: '/ort' } })).join()).toContain('/offer/items/record/place');
  });

  it('refuses personal data of an entry, and fields of an entry with personal data unless marked x-public', () => {
    expect(problems(offer({ list: '/vortrag', record: { title: '/titel', provider: '/dozent' } })).join()).toContain('"/dozent" is personal data');
    expect(problems(offer({ list: '/vortrag', record: { title: '/titel', place: '/raum' } })).join()).toContain('x-public');
  });

  it('needs a registration for the chosen-entry field', () => {
    expect(problems(offer({ list: '/vortrag', record: { title: '/titel' }, choice: 'vortraege' })).join()).toContain('/offer/items/choice');
  });
});

describe('shipped offers', () => {
  const docs = definitionFiles().map((f) => readShipped(f) as Record<string, any>);
  const byKey = new Map(docs.map((d) => [d.key, d]));
  it.each(docs.filter((d) => d.offer).map((d) => [d.key, d]))('%s registers through a child process whose form asks for an e-mail', (_key, doc) => {
    const reg = doc.offer.registration;
    const child = byKey.get(reg.definition);
    expect(child?.parent?.definition).toBe(doc.key);
    expect(emailField(child?.forms[reg.form]?.schema)).not.toBeNull();
    for (const s of doc.offer.seats?.states ?? []) expect(Object.keys(child!.machine.states)).toContain(s);
    if (reg.withdraw) expect(JSON.stringify(child!.machine)).toContain(`"${reg.withdraw.event}"`);
  });
});
