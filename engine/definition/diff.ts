import type { Definition, LocalizedText, StateMeta } from './definition-schema.js';
import { resolveTarget, transitionsOf, walkStates, type StateNodeInfo } from './walk-machine.js';

/** One change between two versions of a definition, in words (German and English) and where it is. */
export interface DefinitionChange {
  kind:
    | 'title' | 'role-added' | 'role-removed'
    | 'form-added' | 'form-removed' | 'form-renamed'
    | 'field-added' | 'field-removed' | 'field-renamed' | 'field-changed' | 'field-required' | 'field-optional'
    | 'state-added' | 'state-removed' | 'state-renamed' | 'state-title' | 'task-changed'
    | 'transition-added' | 'transition-removed' | 'rule-changed' | 'access-changed';
  /** JSON pointer into the newer document (the older one for removals). */
  path: string;
  text: { de: string; en: string };
}

type Json = Record<string, any>;

const q = (s: string) => `‚${s}'`;
const qe = (s: string) => `'${s}'`;
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const label = (t: LocalizedText | undefined, fallback: string) => ({ de: t?.de ?? fallback, en: t?.en ?? t?.de ?? fallback });
const esc = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

function fieldsOf(def: Definition, form: string): Record<string, Json> {
  return ((def.forms[form]?.schema as Json | undefined)?.properties ?? {}) as Record<string, Json>;
}
function requiredOf(def: Definition, form: string): string[] {
  const r = (def.forms[form]?.schema as Json | undefined)?.required;
  return Array.isArray(r) ? r : [];
}
const withoutTitle = (s: Json) => {
  const { title: _t, description: _d, ...rest } = s ?? {};
  return rest;
};

/**
 * Pairs removed keys with added keys of the same shape: a thing renamed.
 * `shape` gives what must be equal; each old key pairs with at most one new key.
 */
function pairRenames(removed: string[], added: string[], shape: (key: string, side: 'old' | 'new') => string): Map<string, string> {
  const out = new Map<string, string>();
  const free = new Set(added);
  for (const old of removed) {
    const match = [...free].find((n) => shape(n, 'new') === shape(old, 'old'));
    if (match !== undefined) {
      out.set(old, match);
      free.delete(match);
    }
  }
  return out;
}

interface Machine {
  nodes: StateNodeInfo[];
  byPath: Map<string, StateNodeInfo>;
  byId: Map<string, StateNodeInfo>;
}
function machineOf(def: Definition): Machine {
  const nodes = walkStates(def.machine as Json).filter((n) => n.path !== '');
  return { nodes, byPath: new Map(nodes.map((n) => [n.path, n])), byId: new Map(nodes.map((n) => [n.id, n])) };
}

/** A state's transitions as `trigger -> target path` with their guard, in a stable order. */
function edges(m: Machine, node: StateNodeInfo, rename: (path: string) => string = (p) => p): Array<{ key: string; trigger: string; target: string; guard: unknown; pointer: string }> {
  return transitionsOf(node, () => undefined).flatMap((t, i) => {
    const targets = t.targets.map((x) => resolveTarget(node, x, m.byPath, m.byId)?.path ?? x).map(rename);
    const target = targets.join(',') || '(bleibt)';
    return [{ key: `${t.kind}:${t.trigger}:${target}:${i}`, trigger: t.trigger, target, guard: t.guard ?? null, pointer: t.pointer }];
  });
}

const metaOfNode = (n: StateNodeInfo) => (n.config.meta ?? {}) as StateMeta;
const titleOfNode = (n: StateNodeInfo) => label(metaOfNode(n).title, n.key);

/** What identifies a state besides its name: type, task, events and where its transitions lead. */
function stateShape(m: Machine, node: StateNodeInfo, rename: (path: string) => string): string {
  const meta = metaOfNode(node);
  return JSON.stringify({
    type: node.type,
    task: meta.task ? { roles: meta.task.roles, form: meta.task.form ?? null } : null,
    events: Object.keys(meta.events ?? {}).sort(),
    edges: edges(m, node, rename).map((e) => `${e.trigger}>${e.target}`).sort(),
    parent: node.parentPath,
  });
}

/**
 * Finds states renamed between two versions: a state gone and a state new
 * with the same type, task (roles and form), events and transitions (their
 * targets read through the renames found, so a renamed state pointing at
 * another renamed state is found too). Returns old path -> new path. Used
 * for the diff and to suggest a migration's state mapping.
 */
export function stateRenames(before: Definition, after: Definition): Record<string, string> {
  const a = machineOf(before);
  const b = machineOf(after);
  const removed = a.nodes.filter((n) => !b.byPath.has(n.path)).map((n) => n.path);
  const added = b.nodes.filter((n) => !a.byPath.has(n.path)).map((n) => n.path);
  let found = new Map<string, string>();
  // Two rounds: a rename found in the first makes the targets of others comparable in the second.
  for (let round = 0; round < 2; round++) {
    const map = found;
    found = pairRenames(removed, added, (path, side) =>
      side === 'old' ? stateShape(a, a.byPath.get(path)!, (p) => map.get(p) ?? p) : stateShape(b, b.byPath.get(path)!, (p) => p),
    );
  }
  return Object.fromEntries(found);
}

function diffFields(before: Definition, after: Definition, form: string, formTitle: { de: string; en: string }): DefinitionChange[] {
  const out: DefinitionChange[] = [];
  const fa = fieldsOf(before, form);
  const fb = fieldsOf(after, form);
  const ra = requiredOf(before, form);
  const rb = requiredOf(after, form);
  const removed = Object.keys(fa).filter((k) => !(k in fb));
  const added = Object.keys(fb).filter((k) => !(k in fa));
  const renames = pairRenames(removed, added, (k, side) => JSON.stringify(withoutTitle(side === 'old' ? fa[k] : fb[k])));
  const at = (k: string) => `/forms/${esc(form)}/schema/properties/${esc(k)}`;
  const name = (s: Json | undefined, k: string) => ({ de: String(s?.title ?? k), en: String(s?.title ?? k) });
  const inForm = { de: ` im Formular ${q(formTitle.de)}`, en: ` in form ${qe(formTitle.en)}` };
  for (const k of added) {
    if ([...renames.values()].includes(k)) continue;
    const n = name(fb[k], k);
    out.push({ kind: 'field-added', path: at(k), text: { de: `Feld ${q(n.de)}${inForm.de} hinzugefügt${rb.includes(k) ? ' (Pflichtfeld)' : ''}`, en: `Field ${qe(n.en)} added${inForm.en}${rb.includes(k) ? ' (required)' : ''}` } });
  }
  for (const k of removed) {
    const to = renames.get(k);
    const n = name(fa[k], k);
    if (to !== undefined) {
      const m = name(fb[to], to);
      out.push({ kind: 'field-renamed', path: at(to), text: { de: `Feld ${q(n.de)}${inForm.de} umbenannt in ${q(m.de)}`, en: `Field ${qe(n.en)}${inForm.en} renamed to ${qe(m.en)}` } });
    } else {
      out.push({ kind: 'field-removed', path: `/forms/${esc(form)}/schema/properties/${esc(k)}`, text: { de: `Feld ${q(n.de)}${inForm.de} entfernt`, en: `Field ${qe(n.en)} removed${inForm.en}` } });
    }
  }
  for (const k of Object.keys(fb)) {
    if (!(k in fa)) continue;
    const n = name(fb[k], k);
    if (!same(fa[k], fb[k])) {
      const titleOnly = same(withoutTitle(fa[k]), withoutTitle(fb[k]));
      out.push({
        kind: 'field-changed',
        path: at(k),
        text: titleOnly
          ? { de: `Feld ${q(String(fa[k]?.title ?? k))}${inForm.de} heißt jetzt ${q(n.de)}`, en: `Field ${qe(String(fa[k]?.title ?? k))}${inForm.en} is now called ${qe(n.en)}` }
          : { de: `Feld ${q(n.de)}${inForm.de} geändert`, en: `Field ${qe(n.en)}${inForm.en} changed` },
      });
    }
    if (!ra.includes(k) && rb.includes(k)) out.push({ kind: 'field-required', path: at(k), text: { de: `Feld ${q(n.de)}${inForm.de} ist jetzt Pflicht`, en: `Field ${qe(n.en)}${inForm.en} is now required` } });
    if (ra.includes(k) && !rb.includes(k)) out.push({ kind: 'field-optional', path: at(k), text: { de: `Feld ${q(n.de)}${inForm.de} ist keine Pflicht mehr`, en: `Field ${qe(n.en)}${inForm.en} is no longer required` } });
  }
  return out;
}

function diffForms(before: Definition, after: Definition): DefinitionChange[] {
  const out: DefinitionChange[] = [];
  const keysA = Object.keys(before.forms);
  const keysB = Object.keys(after.forms);
  const removed = keysA.filter((k) => !keysB.includes(k));
  const added = keysB.filter((k) => !keysA.includes(k));
  const renames = pairRenames(removed, added, (k, side) => JSON.stringify((side === 'old' ? before : after).forms[k].schema));
  for (const k of added) {
    if ([...renames.values()].includes(k)) continue;
    const t = label(after.forms[k].title, k);
    out.push({ kind: 'form-added', path: `/forms/${esc(k)}`, text: { de: `Formular ${q(t.de)} hinzugefügt`, en: `Form ${qe(t.en)} added` } });
  }
  for (const k of removed) {
    const t = label(before.forms[k].title, k);
    const to = renames.get(k);
    if (to !== undefined) {
      const n = label(after.forms[to].title, to);
      out.push({ kind: 'form-renamed', path: `/forms/${esc(to)}`, text: { de: `Formular ${q(t.de)} umbenannt in ${q(n.de)}`, en: `Form ${qe(t.en)} renamed to ${qe(n.en)}` } });
    } else {
      out.push({ kind: 'form-removed', path: `/forms/${esc(k)}`, text: { de: `Formular ${q(t.de)} entfernt`, en: `Form ${qe(t.en)} removed` } });
    }
  }
  for (const k of keysB) if (keysA.includes(k)) out.push(...diffFields(before, after, k, label(after.forms[k].title, k)));
  return out;
}

function diffStates(before: Definition, after: Definition): DefinitionChange[] {
  const out: DefinitionChange[] = [];
  const a = machineOf(before);
  const b = machineOf(after);
  const renames = stateRenames(before, after);
  const renamedTo = new Set(Object.values(renames));
  const rename = (p: string) => renames[p] ?? p;
  const stateTitle = (m: Machine, path: string) => (m.byPath.get(path) ? titleOfNode(m.byPath.get(path)!) : { de: path, en: path });
  for (const n of b.nodes) {
    if (a.byPath.has(n.path) || renamedTo.has(n.path)) continue;
    const t = titleOfNode(n);
    out.push({ kind: 'state-added', path: n.pointer, text: { de: `Zustand ${q(t.de)} hinzugefügt`, en: `State ${qe(t.en)} added` } });
  }
  for (const n of a.nodes) {
    if (b.byPath.has(n.path)) continue;
    const t = titleOfNode(n);
    const to = renames[n.path];
    if (to !== undefined) {
      const nt = titleOfNode(b.byPath.get(to)!);
      out.push({ kind: 'state-renamed', path: b.byPath.get(to)!.pointer, text: { de: `Zustand ${q(t.de)} umbenannt in ${q(nt.de)}`, en: `State ${qe(t.en)} renamed to ${qe(nt.en)}` } });
    } else {
      out.push({ kind: 'state-removed', path: n.pointer, text: { de: `Zustand ${q(t.de)} entfernt`, en: `State ${qe(t.en)} removed` } });
    }
  }
  for (const old of a.nodes) {
    const node = b.byPath.get(rename(old.path));
    if (!node) continue;
    const ta = titleOfNode(old);
    const tb = titleOfNode(node);
    if (renames[old.path] === undefined && (ta.de !== tb.de || ta.en !== tb.en)) {
      out.push({ kind: 'state-title', path: `${node.pointer}/meta/title`, text: { de: `Zustand ${q(ta.de)} heißt jetzt ${q(tb.de)}`, en: `State ${qe(ta.en)} is now called ${qe(tb.en)}` } });
    }
    if (!same(metaOfNode(old).task, metaOfNode(node).task)) {
      out.push({ kind: 'task-changed', path: `${node.pointer}/meta/task`, text: { de: `Aufgabe im Zustand ${q(tb.de)} geändert (Rollen, Formular oder Frist)`, en: `Task of state ${qe(tb.en)} changed (roles, form or due date)` } });
    }
    const ea = edges(a, old, rename);
    const eb = edges(b, node);
    const strip = (k: string) => k.replace(/:\d+$/, '');
    const toText = (e: { trigger: string; target: string }) => {
      // A removed transition may lead to a state only the older version has.
      const tt = b.byPath.has(e.target) ? stateTitle(b, e.target) : stateTitle(a, e.target);
      return { de: `Übergang ${q(tb.de)} → ${q(tt.de)} (${e.trigger || 'automatisch'})`, en: `Transition ${qe(tb.en)} → ${qe(tt.en)} (${e.trigger || 'automatic'})` };
    };
    const restB = [...eb];
    for (const e of ea) {
      const i = restB.findIndex((x) => strip(x.key) === strip(e.key));
      if (i < 0) {
        const t = toText(e);
        out.push({ kind: 'transition-removed', path: node.pointer, text: { de: `${t.de} entfernt`, en: `${t.en} removed` } });
        continue;
      }
      const [match] = restB.splice(i, 1);
      if (!same(e.guard, match.guard)) {
        const t = toText(match);
        out.push({ kind: 'rule-changed', path: match.pointer, text: { de: `${t.de.replace(/^Übergang/, 'Regel des Übergangs')} geändert`, en: `${t.en.replace(/^Transition/, 'Rule of the transition')} changed` } });
      }
    }
    for (const e of restB) {
      const t = toText(e);
      out.push({ kind: 'transition-added', path: e.pointer, text: { de: `${t.de} hinzugefügt`, en: `${t.en} added` } });
    }
  }
  return out;
}

function diffAccess(before: Definition, after: Definition): DefinitionChange[] {
  const out: DefinitionChange[] = [];
  const a = (before.access ?? {}) as Record<string, unknown>;
  const b = (after.access ?? {}) as Record<string, unknown>;
  for (const role of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
    if (same(a[role], b[role])) continue;
    out.push({ kind: 'access-changed', path: `/access/${esc(role)}`, text: { de: `Zugriff der Rolle ${q(role)} geändert`, en: `Access of role ${qe(role)} changed` } });
  }
  return out;
}

/**
 * The changes from one version of a definition to the next, in words, for
 * the studio's version view and the API: forms and fields (added, removed,
 * renamed, now required), states (added, removed, renamed: same task and
 * transitions under a new key), transitions, rules, tasks, access, roles.
 * Pure; German first, English beside.
 */
export function diffDefinitions(before: Definition, after: Definition): DefinitionChange[] {
  const out: DefinitionChange[] = [];
  if (!same(before.title, after.title)) {
    out.push({ kind: 'title', path: '/title', text: { de: `Titel geändert in ${q(after.title.de)}`, en: `Title changed to ${qe(after.title.en ?? after.title.de)}` } });
  }
  for (const r of after.roles) if (!before.roles.includes(r)) out.push({ kind: 'role-added', path: '/roles', text: { de: `Rolle ${q(r)} hinzugefügt`, en: `Role ${qe(r)} added` } });
  for (const r of before.roles) if (!after.roles.includes(r)) out.push({ kind: 'role-removed', path: '/roles', text: { de: `Rolle ${q(r)} entfernt`, en: `Role ${qe(r)} removed` } });
  out.push(...diffForms(before, after), ...diffStates(before, after), ...diffAccess(before, after));
  return out;
}
