import { describe, expect, it } from 'vitest';
import { lintDefinition } from '../../../engine/definition/index.js';
import { minimal } from '../../fixtures/definitions.js';

const withAccess = (access: unknown, patch: (d: any) => void = () => undefined) => {
  const d = minimal();
  d.forms.f.schema.properties.stelle = { type: 'string', title: 'Stelle' };
  d.forms.f.schema.properties.personen = { type: 'array', title: 'Personen', items: { type: 'object', properties: { stelle: { type: 'string', title: 'Stelle' } } } };
  d.access = access;
  patch(d);
  return lintDefinition(d);
};

describe('lint of access rules', () => {
  it('accepts owner, pointers to fields (also through lists) and JSON Logic conditions', () => {
    const r = withAccess({ staff: { organisation: ['owner', '/f/stelle', '/f/personen/stelle'], when: { '==': [{ var: 'data.f.a' }, 'x'] }, forms: ['f'] } });
    expect(r.ok).toBe(true);
  });

  it('reports every mistake of an access rule at its own path', () => {
    const r = withAccess({
      staff: { organisation: 'stelle', forms: ['f', 'fehlt'], when: 'immer' },
      gast: {},
      boss: { organisation: '/f/nirgends' },
    });
    expect(r.ok).toBe(false);
    const paths = (r as { problems: Array<{ path: string }> }).problems.map((p) => p.path).sort();
    expect(paths).toEqual(['/access/boss', '/access/boss/organisation', '/access/gast', '/access/staff/forms/1', '/access/staff/organisation', '/access/staff/when']);
  });

  it('refuses a role limited to forms that its own task asks it to fill', () => {
    const r = withAccess({ staff: { forms: [] } });
    expect(r.ok).toBe(false);
    expect((r as { problems: Array<{ path: string; message: string }> }).problems).toEqual([
      expect.objectContaining({ path: '/machine/states/start/meta/task/form', message: expect.stringContaining('/access/staff/forms') }),
    ]);
  });

  it('warns where a role without a rule reads personal data city-wide', () => {
    const r = withAccess({}, (d) => {
      d.forms.f.schema.properties.nachname = { type: 'string', title: 'Nachname' };
      d.roles.push('beirat');
      d.access = { staff: { organisation: 'owner' } };
    });
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.path)).toEqual(['/access/beirat']);
  });
});
