import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileDefinition, lintDefinition, lintStatisticsAcross, walkStates, type Definition } from '../../engine/definition/index.js';
import { catalogueFiles, definitionFiles, DEFINITIONS_DIR, readShipped } from '../fixtures/shipped.js';

const files = definitionFiles();
const docs = files.map((file) => ({ file, doc: readShipped(file) }));
const keys = new Set(docs.map((d) => d.doc.key as string));

type Json = Record<string, any>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const localized = (v: unknown) => isObject(v) && typeof v.de === 'string' && v.de.trim() !== '' && typeof v.en === 'string' && v.en.trim() !== '';

/** Walks the fields of a form schema (properties and array items), with their uiSchema. */
function fields(schema: Json, ui: Json = {}, pointer = ''): Array<{ pointer: string; schema: Json; ui: Json }> {
  const out: Array<{ pointer: string; schema: Json; ui: Json }> = [];
  for (const [name, sub] of Object.entries<Json>(schema.properties ?? {})) {
    const p = `${pointer}/${name}`;
    const subUi = isObject(ui[name]) ? ui[name] : {};
    out.push({ pointer: p, schema: sub, ui: subUi }, ...fields(sub, subUi, p));
    if (isObject(sub.items)) {
      const itemUi = isObject(subUi.items) ? subUi.items : {};
      out.push({ pointer: `${p}/items`, schema: sub.items, ui: itemUi }, ...fields(sub.items, itemUi, `${p}/items`));
    }
  }
  return out;
}

/** Every `{ type, params }` action in the machine (transitions, entry, exit). */
function actions(node: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(node)) node.forEach((n) => actions(n, out));
  else if (isObject(node)) {
    if (typeof node.type === 'string' && isObject(node.params) && ['startChild', 'notifyParent', 'notifyChildren', 'remind'].includes(node.type)) out.push(node);
    Object.values(node).forEach((v) => actions(v, out));
  }
  return out;
}

describe('shipped definitions', () => {
  it('ships the five processes and their linked sub-processes', () => {
    expect([...keys].sort()).toEqual([
      'berufsorientierung',
      'berufsorientierung-praktikum',
      'berufswahl-termin',
      'berufswahl-termin-anmeldung',
      'elterntraining',
      'elterntraining-anmeldung',
      'fruehwarnung',
      'kita-grundschule',
      'seniorenuniversitaet',
      'seniorenuniversitaet-einschreibung',
      'wiedereinstieg',
    ]);
  });

  it('names in its shares only indicators of other shipped processes that exist, count, and share the period (#14)', () => {
    expect(lintStatisticsAcross(docs.map((d) => d.doc as Definition)).map((p) => p.detail)).toEqual([]);
    // The fill rates are what the shares across processes are for.
    const refs = docs.flatMap((d) => Object.values<Json>(d.doc.statistics?.indicators ?? {}).flatMap((i) => [i.numerator, i.denominator]));
    expect(refs).toEqual(expect.arrayContaining(['elterntraining.plaetze', 'seniorenuniversitaet.plaetze']));
  });

  describe.each(docs)('$file', ({ file, doc }) => {
    it('passes lint and compiles', () => {
      const lint = lintDefinition(doc);
      expect(lint.ok ? [] : lint.problems).toEqual([]);
      expect(() => compileDefinition(doc)).not.toThrow();
    });

    it('lives at definitions/<fieldOfAction>/<key>.json', () => {
      expect(file).toBe(join(doc.fieldOfAction, `${doc.key}.json`));
    });

    it('has German and English titles on the process, every state, task, event and form', () => {
      const missing: string[] = [];
      if (!localized(doc.title)) missing.push('/title');
      if (!localized(doc.description)) missing.push('/description');
      for (const node of walkStates(doc.machine)) {
        if (node.path === '') continue;
        const meta = (node.config.meta ?? {}) as Json;
        if (!localized(meta.title)) missing.push(`${node.pointer}/meta/title`);
        if (meta.description !== undefined && !localized(meta.description)) missing.push(`${node.pointer}/meta/description`);
        if (meta.task?.title !== undefined && !localized(meta.task.title)) missing.push(`${node.pointer}/meta/task/title`);
        for (const [type, spec] of Object.entries<Json>(meta.events ?? {})) {
          if (!localized(spec.label)) missing.push(`${node.pointer}/meta/events/${type}/label`);
          if (spec.confirm !== undefined && !localized(spec.confirm)) missing.push(`${node.pointer}/meta/events/${type}/confirm`);
        }
      }
      for (const [key, form] of Object.entries<Json>(doc.forms)) {
        if (!localized(form.title)) missing.push(`/forms/${key}/title`);
        if (form.description !== undefined && !localized(form.description)) missing.push(`/forms/${key}/description`);
      }
      for (const [name, delay] of Object.entries<Json>(doc.delays ?? {})) if (!localized(delay.description)) missing.push(`/delays/${name}/description`);
      for (const a of actions(doc.machine)) if (a.type === 'remind' && !localized(a.params.title)) missing.push(`remind ${JSON.stringify(a.params.title)}`);
      expect(missing).toEqual([]);
    });

    it('gives every form field a German title', () => {
      const missing = Object.entries<Json>(doc.forms).flatMap(([key, form]) =>
        fields(form.schema, form.uiSchema).filter((f) => typeof f.schema.title !== 'string' || f.schema.title.trim() === '').map((f) => `/forms/${key}${f.pointer}`),
      );
      expect(missing).toEqual([]);
    });

    it('labels every enumeration readably', () => {
      const bad: string[] = [];
      for (const [key, form] of Object.entries<Json>(doc.forms)) {
        for (const f of fields(form.schema, form.uiSchema)) {
          const where = `/forms/${key}${f.pointer}`;
          // A box that must be ticked (`"type": "boolean", "enum": [true]`) is a checkbox, not a list.
          if (Array.isArray(f.schema.enum) && f.schema.type !== 'boolean') {
            const names = f.ui['ui:enumNames'];
            if (!Array.isArray(names) || names.length !== f.schema.enum.length) bad.push(`${where}: enum without ui:enumNames`);
          }
          for (const option of (f.schema.oneOf ?? []) as Json[]) {
            if (!('const' in option)) continue;
            if (typeof option.title !== 'string' || option.title.trim() === '' || option.title === String(option.const)) bad.push(`${where}: option ${option.const} has no readable title`);
          }
        }
      }
      expect(bad).toEqual([]);
    });

    it('names sources and a retention period', () => {
      expect(doc.sources?.length).toBeGreaterThan(0);
      expect(doc.retention?.afterClose).toMatch(/^P/);
      expect(localized(doc.retention?.description)).toBe(true);
    });

    it('links only to shipped definitions', () => {
      const linked = [doc.parent?.definition, ...actions(doc.machine).map((a) => a.params.definition)].filter((k): k is string => typeof k === 'string');
      expect(linked.filter((k) => !keys.has(k))).toEqual([]);
    });

    it('uses catalogues that have a seed file', () => {
      const seeded = new Set(catalogueFiles().map((f) => readShipped(f).key));
      const used = new Set<string>();
      JSON.stringify(doc.forms, (k, v) => {
        if (k === 'x-catalogue') used.add(v);
        return v;
      });
      expect([...used].filter((c) => !seeded.has(c))).toEqual([]);
    });
  });

  it('lists every role and the definitions using it in definitions/README.md', () => {
    const readme = readFileSync(join(DEFINITIONS_DIR, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Roles'), readme.indexOf('\n## ', readme.indexOf('## Roles') + 1));
    const rows = new Map<string, string>();
    for (const line of section.split('\n')) {
      const m = /^\|\s*`([a-z_]+)`\s*\|(.*)\|\s*$/.exec(line);
      if (m) rows.set(m[1], m[2]);
    }
    for (const { doc } of docs) {
      for (const role of doc.roles as string[]) {
        expect(rows.has(role), `role ${role} of ${doc.key} in README`).toBe(true);
        expect(rows.get(role), `README row of ${role} names ${doc.key}`).toContain(`\`${doc.key}\``);
      }
    }
    const used = new Set(docs.flatMap(({ doc }) => doc.roles as string[]));
    expect([...rows.keys()].filter((r) => !used.has(r))).toEqual([]);
  });

  describe.each(catalogueFiles())('%s', (file) => {
    it('is a catalogue seed with unique values and German and English labels', () => {
      const doc = readShipped(file);
      expect(file).toBe(join('catalogues', `${doc.key}.json`));
      expect(localized(doc.title)).toBe(true);
      const values = doc.entries.map((e: Json) => e.value);
      expect(new Set(values).size).toBe(values.length);
      for (const e of doc.entries) {
        expect(e.value).toMatch(/^[a-z0-9-]+$/);
        expect(localized(e.label), `${file} ${e.value}`).toBe(true);
      }
    });
  });
});
