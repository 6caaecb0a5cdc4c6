import { describe, expect, it } from 'vitest';
import { definitionFiles, readShipped } from '../../fixtures/shipped.js';
import { isBuilderRule, queryToRule, ruleToQuery } from '../../../ui/src/studio/rules/jsonlogic.js';
import { ruleFields } from '../../../ui/src/studio/rules/fields.js';

/** Every `formula` rule and access condition of a document, with where it is. */
function rulesOf(doc: any): Array<{ at: string; rule: unknown }> {
  const out: Array<{ at: string; rule: unknown }> = [];
  const walk = (v: unknown, at: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}/${i}`));
    else if (v && typeof v === 'object') {
      const o = v as Record<string, any>;
      if (o.type === 'formula' && o.params?.rule !== undefined) out.push({ at, rule: o.params.rule });
      for (const [k, x] of Object.entries(o)) walk(x, `${at}/${k}`);
    }
  };
  walk(doc.machine, '/machine');
  for (const [role, rule] of Object.entries<any>(doc.access ?? {})) if (rule.when !== undefined) out.push({ at: `/access/${role}/when`, rule: rule.when });
  return out;
}

/** Comparisons of one variable with a value, joined by and/or: what the builder is for. */
function isSimple(rule: unknown): boolean {
  if (!rule || typeof rule !== 'object' || Array.isArray(rule)) return false;
  const [op, ...more] = Object.keys(rule);
  if (more.length) return false;
  const args = (rule as any)[op];
  if (op === 'and' || op === 'or') return Array.isArray(args) && args.length > 1 && args.every(isSimple);
  const isVar = (a: any) => a && typeof a === 'object' && Object.keys(a).length === 1 && typeof a.var === 'string';
  const isValue = (a: any) => ['string', 'number', 'boolean'].includes(typeof a) || isVar(a);
  if (['==', '!=', '<', '<=', '>', '>='].includes(op)) return Array.isArray(args) && args.length === 2 && isVar(args[0]) && isValue(args[1]);
  if (op === 'in') return Array.isArray(args) && args.length === 2 && isVar(args[0]) && Array.isArray(args[1]) && args[1].every((x: unknown) => typeof x === 'string');
  return false;
}

describe('rule builder round trip over the shipped definitions', () => {
  const all = definitionFiles().flatMap((file) => {
    const doc = readShipped(file);
    const fields = ruleFields(doc);
    return rulesOf(doc).map((r) => ({ file, doc, fields, ...r }));
  });

  it('finds the shipped rules', () => {
    expect(all.length).toBeGreaterThan(40);
  });

  it.each(all.filter((r) => isSimple(r.rule)).map((r) => [`${r.file}${r.at}`, r] as const))('%s comes back as the same JSON Logic', (_name, r) => {
    const query = ruleToQuery(r.rule, r.fields);
    expect(query).not.toBeNull();
    expect(queryToRule(query!, r.fields)).toEqual(r.rule);
  });

  it('leaves every rule it cannot show unchanged (read-only), never half of it', () => {
    const others = all.filter((r) => !isBuilderRule(r.rule, r.fields));
    // reduce over lists, if/then, `!==` and bare variables are beyond the builder
    expect(others.length).toBeGreaterThan(0);
    for (const r of others) expect(isSimple(r.rule), `${r.file}${r.at}`).toBe(false);
    const simple = all.filter((r) => isSimple(r.rule));
    expect(simple.length).toBeGreaterThan(25);
  });

  it('writes yes/no and numbers as JSON values, a single condition without a group', () => {
    const fields = ruleFields({ forms: { f: { title: { de: 'F' }, schema: { type: 'object', properties: { ja: { type: 'boolean' }, n: { type: 'integer' } } } } } });
    const q = { combinator: 'and', rules: [{ field: 'data.f.ja', operator: '=', value: 'true' }] };
    expect(queryToRule(q, fields)).toEqual({ '==': [{ var: 'data.f.ja' }, true] });
    const q2 = { combinator: 'or', rules: [{ field: 'data.f.n', operator: '>=', value: '7' }, { field: 'data.f.ja', operator: '!=', value: 'false' }] };
    expect(queryToRule(q2, fields)).toEqual({ or: [{ '>=': [{ var: 'data.f.n' }, 7] }, { '!=': [{ var: 'data.f.ja' }, false] }] });
    expect(queryToRule({ combinator: 'and', rules: [] }, fields)).toBeUndefined();
  });
});
