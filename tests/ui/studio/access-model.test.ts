import { describe, expect, it } from 'vitest';
import { lintDefinition } from '../../../engine/definition/index.js';
import { accessOf, setAccess } from '../../../ui/src/studio/access/model.js';
import { ruleFields } from '../../../ui/src/studio/rules/fields.js';
import { queryToRule } from '../../../ui/src/studio/rules/jsonlogic.js';
import { readShipped } from '../../fixtures/shipped.js';

const kitaGrundschule = () => readShipped('uebergang-kita-grundschule/kita-grundschule.json');

describe('access editor model', () => {
  it('offers the catalogue fields as the organisation a role acts for', () => {
    const orgFields = ruleFields(kitaGrundschule()).filter((f) => f.catalogue);
    expect(orgFields.map((f) => f.pointer)).toContain('/schulanmeldung/grundschule');
    expect(orgFields.find((f) => f.pointer === '/schulanmeldung/grundschule')).toMatchObject({ catalogue: 'grundschulen', label: expect.stringContaining(':') });
  });

  it('writes organisation, consent condition and forms the way lint accepts', () => {
    const doc = kitaGrundschule();
    const fields = ruleFields(doc);
    const consent = fields.find((f) => f.name === 'data.einwilligung.entscheidung')!;
    expect(consent.kind).toBe('choice');
    const when = queryToRule({ combinator: 'and', rules: [{ field: consent.name, operator: '=', value: String(consent.values![0].value) }] }, fields);
    const next = setAccess(doc, 'schule', { organisation: '/schulanmeldung/grundschule', when, forms: ['stammdaten', 'schulanmeldung', 'einwilligung'], description: { de: 'Nur mit Einwilligung' } });
    expect(accessOf(next, 'schule')).toEqual({ organisation: '/schulanmeldung/grundschule', when: { '==': [{ var: 'data.einwilligung.entscheidung' }, consent.values![0].value] }, forms: ['stammdaten', 'schulanmeldung', 'einwilligung'], description: { de: 'Nur mit Einwilligung' } });
    const lint = lintDefinition(next);
    expect(lint.ok ? [] : lint.problems.filter((p) => p.path.startsWith('/access'))).toEqual([]);
    // The roles keep the order the document declares.
    expect(Object.keys(next.access as object)).toEqual(doc.roles.filter((r: string) => r in (next.access as object)));
  });

  it('an empty entry confirms tenant-wide on purpose; removing the last entry removes access', () => {
    const doc = { ...kitaGrundschule(), access: { kita: { organisation: 'owner' } } };
    const tenant = setAccess(doc, 'kita', { organisation: undefined });
    expect(tenant.access).toEqual({ kita: {} });
    expect(setAccess(tenant, 'kita', undefined).access).toBeUndefined();
  });

  it('lint reports a pointer that leads nowhere at the role, where the editor shows it', () => {
    const bad = setAccess(kitaGrundschule(), 'schule', { organisation: '/gibtesnicht/feld' });
    const lint = lintDefinition(bad);
    expect(lint.ok ? [] : lint.problems.map((p) => p.path)).toContain('/access/schule/organisation');
  });
});
