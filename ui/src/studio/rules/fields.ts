/**
 * The fields a rule can read, taken from the document's forms: each
 * `data.<form>.<field>` with its German title and what kind of value it
 * holds, so the rule builder offers a yes/no choice for a boolean, the
 * labelled values of a choice, a number or date input.
 */
import type { DefinitionDocument, JsonSchema, LocalizedText } from '../../api/types.js';
import { humanize } from '../../forms/schema-titles.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What kind of value a field holds, as far as comparisons go. */
export type FieldKind = 'boolean' | 'choice' | 'multi' | 'number' | 'date' | 'text';

/** One field a rule may compare. */
export interface RuleField {
  /** The JSON Logic variable: `data.<form>.<field>`. */
  name: string;
  /** JSON pointer into the case data (`/<form>/<field>`), as `access.organisation` writes it. */
  pointer: string;
  form: string;
  label: string;
  kind: FieldKind;
  /** Values of a choice with their labels. */
  values?: Array<{ value: string | number; label: string }>;
  /** The field picks an organisation or catalogue entry (`x-catalogue`), so it can name who a role works for. */
  catalogue?: string;
  schema: JsonSchema;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : isObject(v) && typeof v.de === 'string' ? v.de : undefined);

/** The labelled values of an enumeration (`oneOf` const/title, `enum` with `enumNames` or `ui:enumNames`). */
export function choiceValues(schema: JsonSchema, ui?: Record<string, unknown>): Array<{ value: string | number; label: string }> | undefined {
  if (Array.isArray(schema.oneOf) && schema.oneOf.every((o) => isObject(o) && 'const' in o)) {
    return (schema.oneOf as Array<Record<string, unknown>>).map((o) => ({ value: o.const as string | number, label: text(o.title) ?? String(o.const) }));
  }
  if (Array.isArray(schema.enum)) {
    const names = (Array.isArray(schema.enumNames) ? schema.enumNames : Array.isArray(ui?.['ui:enumNames']) ? (ui['ui:enumNames'] as unknown[]) : []) as unknown[];
    return (schema.enum as Array<string | number>).filter((v) => typeof v === 'string' || typeof v === 'number').map((v, i) => ({ value: v, label: text(names[i]) ?? String(v) }));
  }
  return undefined;
}

function kindOf(schema: JsonSchema, ui?: Record<string, unknown>): { kind: FieldKind; values?: RuleField['values'] } | null {
  const type = schema.type;
  if (type === 'boolean') return { kind: 'boolean' };
  if (type === 'array') {
    const items = isObject(schema.items) ? (schema.items as JsonSchema) : undefined;
    const values = items ? choiceValues(items, isObject(ui?.items) ? (ui.items as Record<string, unknown>) : undefined) : undefined;
    return values ? { kind: 'multi', values } : null;
  }
  if (type === 'object') return null;
  const values = choiceValues(schema, ui);
  if (values) return { kind: 'choice', values };
  if (type === 'number' || type === 'integer') return { kind: 'number' };
  if (schema.format === 'date' || schema.format === 'date-time') return { kind: 'date' };
  if (type === 'string' || type === undefined) return { kind: 'text' };
  return null;
}

/**
 * Every field of every form that a rule can compare, in form order:
 * top-level fields and the fields of nested objects (`data.f.adresse.plz`).
 * Lists of entries are left out, since a comparison reads one value.
 */
export function ruleFields(doc: Pick<DefinitionDocument, 'forms'>, lang: 'de' | 'en' = 'de'): RuleField[] {
  const out: RuleField[] = [];
  for (const [form, spec] of Object.entries(doc.forms ?? {})) {
    const formTitle = (spec.title as LocalizedText)?.[lang] || spec.title?.de || form;
    const visit = (schema: JsonSchema, ui: Record<string, unknown> | undefined, path: string[], prefix: string) => {
      const props = isObject(schema.properties) ? (schema.properties as Record<string, JsonSchema>) : {};
      for (const [key, sub] of Object.entries(props)) {
        if (!isObject(sub)) continue;
        const subUi = isObject(ui?.[key]) ? (ui[key] as Record<string, unknown>) : undefined;
        const title = text(sub.title) ?? humanize(key);
        if (sub.type === 'object') {
          visit(sub, subUi, [...path, key], `${prefix}${title} › `);
          continue;
        }
        const k = kindOf(sub, subUi);
        if (!k) continue;
        const catalogue = typeof sub['x-catalogue'] === 'string' ? sub['x-catalogue'] : isObject(sub.items) && typeof sub.items['x-catalogue'] === 'string' ? sub.items['x-catalogue'] : undefined;
        out.push({
          name: ['data', form, ...path, key].join('.'),
          pointer: `/${[form, ...path, key].join('/')}`,
          form,
          label: `${formTitle}: ${prefix}${title}`,
          ...k,
          ...(catalogue ? { catalogue } : {}),
          schema: sub,
        });
      }
    };
    visit(spec.schema, spec.uiSchema, [], '');
  }
  return out;
}
