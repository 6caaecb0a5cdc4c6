import { transitionsOf, walkStates, type CompiledDefinition } from '../definition/index.js';

/** Every rule of the definitions that may read case data: guards, delays, actions' params. */
export function rulesOf(definitions: CompiledDefinition[]): unknown[] {
  const rules: unknown[] = [];
  for (const c of definitions) {
    for (const node of walkStates(c.definition.machine as Record<string, unknown>)) {
      for (const t of transitionsOf(node, () => undefined)) rules.push(t.guard, t.actions);
      rules.push(node.config.entry, node.config.exit);
    }
    rules.push(c.definition.delays);
  }
  return rules.filter((r) => r !== undefined);
}

/**
 * The data paths (`<form>.<field>`, or `<form>` alone) that rules read through
 * `data.…` or `case.parent.data.…`: the part of a case's data that can change
 * where it goes next.
 */
export function readPaths(rules: unknown[]): string[] {
  const out = new Set<string>();
  const add = (name: unknown) => {
    const path = Array.isArray(name) ? name[0] : name;
    if (typeof path !== 'string') return;
    const rest = path.startsWith('data.') ? path.slice(5) : path.startsWith('case.parent.data.') ? path.slice(17) : null;
    if (rest) out.add(rest.split('.').slice(0, 2).join('.'));
  };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'var') add(v);
      visit(v);
    }
  };
  visit(rules);
  return [...out].sort();
}

const isEntryList = (v: unknown): v is unknown[] => Array.isArray(v) && v.every((e) => e && typeof e === 'object' && 'value' in e && 'at' in e);

/** The values of `paths` in case data, collections by length: two cases with equal signatures behave alike. */
export function ruleSignature(data: Record<string, unknown>, paths: string[]): unknown[] {
  return paths.map((p) => {
    const [form, field] = p.split('.');
    const f = data[form];
    if (isEntryList(f)) return f.length;
    const v = field === undefined ? f : f && typeof f === 'object' && !Array.isArray(f) ? (f as Record<string, unknown>)[field] : undefined;
    return v === undefined ? null : v;
  });
}
