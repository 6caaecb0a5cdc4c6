import type { CatalogueEntry, JsonSchema, LocalizedText } from '../api/types.js';

/** The keyword that ties a field to an admin-maintained catalogue (engine: `CATALOGUE_KEYWORD`). */
export const CATALOGUE_KEYWORD = 'x-catalogue';

type UiSchema = Record<string, unknown>;
type LabelOf = (label: LocalizedText | string) => string;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Prepares a definition's form schema for rjsf:
 * - `x-catalogue` fields become selects: the field's schema gets an `enum` of
 *   the catalogue's values and the ui schema `ui:enumNames` with their labels,
 *   so rjsf renders a select (or checkboxes for a list) and validates the
 *   choice locally. Fields of an empty or unknown catalogue stay free text.
 * - `enumNames` in the schema move to `ui:enumNames` (labels, possibly `{ de, en }`).
 * - nothing is chosen for the person (#12): a select starts on its
 *   placeholder ("Bitte wählen"), a box starts unticked and unset, and a
 *   required yes/no question becomes a pair of radio buttons with neither
 *   chosen, so "no" is an answer the person gives, not one we assume.
 *   Only the definition's own `default` presets a value.
 * Pure; returns new objects.
 */
export function prepareSchema(
  schema: JsonSchema,
  uiSchema: UiSchema | undefined,
  catalogues: Record<string, CatalogueEntry[]>,
  labelOf: LabelOf,
  placeholder = '',
): { schema: JsonSchema; uiSchema: UiSchema } {
  return walk(schema, uiSchema ?? {}, catalogues, labelOf, placeholder, false);
}

/** Whether rjsf renders the field as a single choice from a list (a select unless the ui schema says otherwise). */
const isChoice = (schema: JsonSchema): boolean =>
  schema.type !== 'array' && schema.type !== 'boolean' && (Array.isArray(schema.enum) || (Array.isArray(schema.oneOf) && schema.oneOf.every((o) => isObject(o) && 'const' in o)));

function walk(
  schema: JsonSchema,
  ui: UiSchema,
  catalogues: Record<string, CatalogueEntry[]>,
  labelOf: LabelOf,
  placeholder: string,
  required: boolean,
): { schema: JsonSchema; uiSchema: UiSchema } {
  const out: JsonSchema = { ...schema };
  const outUi: UiSchema = { ...ui };
  // `enumNames` in the schema (older rjsf, many real forms) becomes `ui:enumNames`, which rjsf 6 reads; labels may be { de, en }.
  if (Array.isArray(schema.enumNames)) {
    if (!Array.isArray(outUi['ui:enumNames'])) outUi['ui:enumNames'] = (schema.enumNames as unknown[]).map((n) => (typeof n === 'string' ? n : isObject(n) ? labelOf(n as LocalizedText) : String(n)));
    delete out.enumNames;
  }
  const onlyTrue = 'const' in schema || (Array.isArray(schema.enum) && schema.enum.length === 1);
  if (schema.type === 'boolean' && required && !onlyTrue && !ui['ui:widget']) outUi['ui:widget'] = 'radio';
  const key = schema[CATALOGUE_KEYWORD];
  if (typeof key === 'string' && catalogues[key]?.length) {
    const entries = catalogues[key];
    out.enum = entries.map((e) => e.value);
    outUi['ui:enumNames'] = entries.map((e) => labelOf(e.label));
  }
  if (placeholder && (isChoice(out)) && !ui['ui:placeholder']) outUi['ui:placeholder'] = placeholder;
  if (schema.type === 'array' && isObject(schema.items)) {
    const items = schema.items as JsonSchema;
    const itemKey = items[CATALOGUE_KEYWORD];
    if (typeof itemKey === 'string' && catalogues[itemKey]?.length) {
      const entries = catalogues[itemKey];
      out.items = { ...items, enum: entries.map((e) => e.value) };
      out.uniqueItems = true;
      outUi.items = { ...(isObject(ui.items) ? ui.items : {}), 'ui:enumNames': entries.map((e) => labelOf(e.label)) };
      if (!outUi['ui:widget'] && entries.length <= 12) outUi['ui:widget'] = 'checkboxes';
    } else {
      const sub = walk(items, isObject(ui.items) ? (ui.items as UiSchema) : {}, catalogues, labelOf, placeholder, false);
      out.items = sub.schema;
      outUi.items = sub.uiSchema;
    }
  }
  if (isObject(schema.properties)) {
    const props: Record<string, JsonSchema> = {};
    const requiredNames = Array.isArray(schema.required) ? (schema.required as string[]) : [];
    for (const [name, sub] of Object.entries(schema.properties as Record<string, JsonSchema>)) {
      if (!isObject(sub)) {
        props[name] = sub;
        continue;
      }
      const r = walk(sub, isObject(ui[name]) ? (ui[name] as UiSchema) : {}, catalogues, labelOf, placeholder, requiredNames.includes(name));
      props[name] = r.schema;
      if (Object.keys(r.uiSchema).length) outUi[name] = r.uiSchema;
    }
    out.properties = props;
  }
  return { schema: out, uiSchema: outUi };
}
