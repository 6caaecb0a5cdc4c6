import { describe, expect, it } from 'vitest';
import { actorGrantKeys, caseGrants, definitionScope, effectiveRoles, visibleForms } from '../../../engine/access/index.js';
import type { Actor } from '../../../engine/runtime/index.js';

const def = {
  roles: ['kita', 'schule', 'partner', 'koordination'],
  access: {
    kita: { organisation: 'owner' },
    schule: { organisation: '/anmeldung/schule', when: { '==': [{ var: 'data.einwilligung.ja' }, true] }, forms: ['anmeldung'] },
    partner: { organisation: '/veranstaltung/partner' },
  },
};
const actor = (roles: string[], organisations: string[] = []): Actor => ({ id: 'u', username: 'u', roles, tenantId: 't', organisations });

describe('grants of a case', () => {
  it('names the owner, the organisation a field names once the condition holds, and keeps roles without a rule tenant-wide', () => {
    const before = caseGrants(def, { data: { anmeldung: { schule: 'gs-a' } }, status: 'active', organisation: 'kita-a' });
    expect(before).toEqual([{ role: 'kita', organisation: 'kita-a', forms: null }, { role: 'koordination', organisation: '*', forms: null }]);
    const after = caseGrants(def, { data: { anmeldung: { schule: 'gs-a' }, einwilligung: { ja: true } }, status: 'active', organisation: 'kita-a' });
    expect(after).toContainEqual({ role: 'schule', organisation: 'gs-a', forms: ['anmeldung'] });
  });

  it('gathers the organisations of every entry of a collection form', () => {
    const data = { veranstaltung: [{ value: { partner: 'uba' }, by: 'x', at: '2026-01-01' }, { value: { partner: 'bauhaus' }, by: 'x', at: '2026-01-02' }, { value: { partner: 'uba' }, by: 'y', at: '2026-01-03' }] };
    expect(caseGrants(def, { data, status: 'active', organisation: null }).filter((g) => g.role === 'partner').map((g) => g.organisation)).toEqual(['uba', 'bauhaus']);
  });

  it('gives an owner-scoped role nothing on a case without an owner', () => {
    expect(caseGrants(def, { data: {}, status: 'active', organisation: null }).some((g) => g.role === 'kita')).toBe(false);
  });
});

describe('an actor on a case', () => {
  const grants = caseGrants(def, { data: { anmeldung: { schule: 'gs-a' }, einwilligung: { ja: true } }, status: 'active', organisation: 'kita-a' });

  it('acts only in the roles a grant of its organisations covers, and sees only their forms', () => {
    expect(effectiveRoles(actor(['schule'], ['gs-a']), grants)).toEqual(['schule']);
    expect(effectiveRoles(actor(['schule'], ['gs-b']), grants)).toEqual([]);
    expect(effectiveRoles(actor(['kita', 'schule'], ['gs-a']), grants)).toEqual(['schule']);
    expect(visibleForms(actor(['schule'], ['gs-a']), grants)).toEqual(['anmeldung']);
    expect(visibleForms(actor(['kita'], ['kita-a']), grants)).toBeNull();
    expect(visibleForms(actor(['coordinator']), grants)).toBeNull();
  });

  it('holds a grant key per role, tenant-wide and in each organisation', () => {
    expect(actorGrantKeys(actor(['kita', 'schule'], ['a'])).sort()).toEqual(['kita@*', 'kita@a', 'schule@*', 'schule@a']);
  });

  it('reads a definition whole only through a role without organisation or condition', () => {
    expect(definitionScope(def, actor(['koordination']))).toBe('all');
    expect(definitionScope(def, actor(['kita'], ['kita-a']))).toBe('granted');
    expect(definitionScope(def, actor(['betrieb']))).toBe('none');
    expect(definitionScope(def, actor(['admin']))).toBe('all');
  });
});
