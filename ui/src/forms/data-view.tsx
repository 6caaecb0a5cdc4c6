import type { CatalogueEntry, JsonSchema, LocalizedText } from '../api/types.js';
import { useI18n, type I18n } from '../i18n/i18n.js';
import { CATALOGUE_KEYWORD } from './catalogue-schema.js';
import { humanize } from './schema-titles.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

interface Ctx {
  i18n: I18n;
  catalogues: Record<string, CatalogueEntry[]>;
  /** The case whose files the data refers to, for download links. */
  caseId?: string;
}

/** A file the server keeps beside the case (engine/runtime/attachments.ts): type, name, id, no payload. */
const FILE_REFERENCE = /^data:([^;]*);name=([^;]*);agora-attachment=([0-9a-fA-F-]+);base64,$/;

function fileName(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The display text of one scalar value: choices by their label, dates German, booleans Ja/Nein. */
function scalarText(value: unknown, schema: JsonSchema | undefined, ui: Record<string, unknown> | undefined, ctx: Ctx): string {
  const { i18n } = ctx;
  if (typeof value === 'boolean') return value ? i18n.t('common.yes') : i18n.t('common.no');
  const s = schema ?? {};
  const catalogue = typeof s[CATALOGUE_KEYWORD] === 'string' ? ctx.catalogues[s[CATALOGUE_KEYWORD] as string] : undefined;
  const entry = catalogue?.find((e) => e.value === value);
  if (entry) return i18n.lt(entry.label);
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = s[key];
    if (Array.isArray(options)) {
      const hit = options.find((o) => isObject(o) && o.const === value) as JsonSchema | undefined;
      if (hit && typeof hit.title === 'string') return hit.title;
      if (hit && isObject(hit.title)) return i18n.lt(hit.title as LocalizedText);
    }
  }
  if (Array.isArray(s.enum)) {
    const names = ui?.['ui:enumNames'] ?? s.enumNames;
    const i = s.enum.indexOf(value);
    if (Array.isArray(names) && i >= 0 && typeof names[i] === 'string') return names[i] as string;
    if (Array.isArray(names) && i >= 0 && isObject(names[i])) return i18n.lt(names[i] as LocalizedText);
  }
  if (typeof value === 'string' && s.format === 'date') return i18n.date(value);
  if (typeof value === 'string' && s.format === 'date-time') return i18n.dateTime(value);
  // No thousands separator: a year must read 2026, not 2.026.
  if (typeof value === 'number') return new Intl.NumberFormat(i18n.lang === 'de' ? 'de-DE' : 'en-GB', { useGrouping: false }).format(value);
  return String(value);
}

function ValueView({ value, schema, ui, ctx }: { value: unknown; schema?: JsonSchema; ui?: Record<string, unknown>; ctx: Ctx }) {
  const file = typeof value === 'string' ? FILE_REFERENCE.exec(value) : null;
  if (file && ctx.caseId) {
    return (
      <a href={`/api/cases/${encodeURIComponent(ctx.caseId)}/attachments/${file[3]}`} download={fileName(file[2])}>
        {fileName(file[2])}
      </a>
    );
  }
  if (isObject(value)) return <ObjectView value={value} schema={schema} ui={ui} ctx={ctx} />;
  if (Array.isArray(value)) {
    const items = isObject(schema?.items) ? (schema.items as JsonSchema) : undefined;
    const itemUi = isObject(ui?.items) ? (ui.items as Record<string, unknown>) : undefined;
    if (value.every((v) => !isObject(v) && !Array.isArray(v))) {
      return <>{value.map((v) => scalarText(v, items, itemUi, ctx)).join(', ')}</>;
    }
    return (
      <ol className="data-list">
        {value.map((v, i) => (
          <li key={i}>
            <ValueView value={v} schema={items} ui={itemUi} ctx={ctx} />
          </li>
        ))}
      </ol>
    );
  }
  return <>{scalarText(value, schema, ui, ctx)}</>;
}

function ObjectView({ value, schema, ui, ctx }: { value: Record<string, unknown>; schema?: JsonSchema; ui?: Record<string, unknown>; ctx: Ctx }) {
  const props = isObject(schema?.properties) ? (schema.properties as Record<string, JsonSchema>) : {};
  const keys = [...Object.keys(props), ...Object.keys(value).filter((k) => !(k in props))].filter((k) => !isEmpty(value[k]));
  if (!keys.length) return <p className="muted">{ctx.i18n.t('data.empty')}</p>;
  return (
    <dl className="data">
      {keys.map((k) => {
        const sub = props[k];
        const title = typeof sub?.title === 'string' ? sub.title : humanize(k);
        return (
          <div className="data-row" key={k}>
            <dt>{title}</dt>
            <dd>
              <ValueView value={value[k]} schema={sub} ui={isObject(ui?.[k]) ? (ui[k] as Record<string, unknown>) : undefined} ctx={ctx} />
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

/**
 * Form data for people, not machines: a definition list with the form's field
 * titles, choices by their label, dates as dd.mm.yyyy, Ja/Nein for booleans,
 * uploaded files as download links.
 */
export function DataView({
  value,
  schema,
  uiSchema,
  catalogues = {},
  caseId,
}: {
  value: unknown;
  schema?: JsonSchema;
  uiSchema?: Record<string, unknown>;
  catalogues?: Record<string, CatalogueEntry[]>;
  /** Links uploaded files of this case for download. */
  caseId?: string;
}) {
  const i18n = useI18n();
  return <ValueView value={value} schema={schema} ui={uiSchema} ctx={{ i18n, catalogues, caseId }} />;
}
