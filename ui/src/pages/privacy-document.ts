import type { CatalogueEntry, JsonSchema, LocalizedText } from '../api/types.js';
import type { Lang } from '../i18n/messages.js';
import { pickText } from '../i18n/i18n.js';
import { humanize } from '../forms/schema-titles.js';

/** One case of the export (`POST /api/privacy/export`), as far as the document reads it. */
interface ExportCase {
  reference: string;
  process: LocalizedText;
  state: LocalizedText;
  status: 'active' | 'closed';
  createdAt: string;
  updatedAt: string;
  forms: Record<string, { title: LocalizedText; value: unknown; schema?: JsonSchema; uiSchema?: Record<string, unknown> }>;
  catalogues?: Record<string, CatalogueEntry[]>;
  history: Array<{ at: string; by: string; what: LocalizedText | null; form?: string | null; to?: LocalizedText | null }>;
}

/** The export document. */
export interface PrivacyExport {
  exportedAt: string;
  exportedBy: string;
  cases: ExportCase[];
}

const WORDS = {
  de: {
    title: 'Auskunft nach Art. 15 DSGVO',
    intro: 'Diese Auskunft enthält alle Vorgänge, in denen Daten zu Ihrer Person gespeichert sind, mit ihrem Verlauf und allen erfassten Angaben.',
    made: 'Erstellt am {at} von {by}.',
    count: (n: number) => (n === 1 ? 'Ein Vorgang.' : `${n} Vorgänge.`),
    state: 'Stand',
    status: 'Status',
    active: 'in Bearbeitung',
    closed: 'abgeschlossen',
    created: 'Angelegt am',
    updated: 'Zuletzt geändert',
    history: 'Verlauf: wer hat wann was getan',
    system: 'automatisch (das System)',
    to: 'danach: {state}',
    data: 'Erfasste Angaben',
    none: 'Keine Angaben erfasst.',
    yes: 'Ja',
    no: 'Nein',
    time: 'Alle Zeiten in deutscher Zeit (Europe/Berlin).',
  },
  en: {
    title: 'Access request under Art. 15 GDPR',
    intro: 'This document contains every case in which data about you is stored, with its history and all recorded entries.',
    made: 'Created on {at} by {by}.',
    count: (n: number) => (n === 1 ? 'One case.' : `${n} cases.`),
    state: 'Step',
    status: 'Status',
    active: 'in progress',
    closed: 'closed',
    created: 'Created on',
    updated: 'Last changed',
    history: 'History: who did what and when',
    system: 'automatic (the system)',
    to: 'then: {state}',
    data: 'Recorded entries',
    none: 'No entries recorded.',
    yes: 'Yes',
    no: 'No',
    time: 'All times in German time (Europe/Berlin).',
  },
} as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A moment in German time, whatever the browser's zone or language: 01.12.2026, 15:04. */
export function germanTime(iso: string, lang: Lang = 'de'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin' }).format(d);
}

function dayText(value: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? (lang === 'de' ? `${m[3]}.${m[2]}.${m[1]}` : `${m[3]}/${m[2]}/${m[1]}`) : value;
}

interface Ctx {
  lang: Lang;
  catalogues: Record<string, CatalogueEntry[]>;
}

function scalar(value: unknown, schema: JsonSchema | undefined, ui: Record<string, unknown> | undefined, ctx: Ctx): string {
  const w = WORDS[ctx.lang];
  if (typeof value === 'boolean') return value ? w.yes : w.no;
  const s = schema ?? {};
  const cat = typeof s['x-catalogue'] === 'string' ? ctx.catalogues[s['x-catalogue'] as string] : undefined;
  const entry = cat?.find((e) => e.value === value);
  if (entry) return pickText(entry.label, ctx.lang);
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = s[key];
    if (Array.isArray(options)) {
      const hit = options.find((o) => isObject(o) && o.const === value) as JsonSchema | undefined;
      if (hit && typeof hit.title === 'string') return hit.title;
    }
  }
  if (Array.isArray(s.enum) && Array.isArray(ui?.['ui:enumNames'])) {
    const i = s.enum.indexOf(value);
    const names = ui['ui:enumNames'] as unknown[];
    if (i >= 0 && typeof names[i] === 'string') return names[i] as string;
  }
  if (typeof value === 'string' && s.format === 'date') return dayText(value, ctx.lang);
  if (typeof value === 'string' && s.format === 'date-time') return germanTime(value, ctx.lang);
  return String(value);
}

function valueHtml(value: unknown, schema: JsonSchema | undefined, ui: Record<string, unknown> | undefined, ctx: Ctx): string {
  if (isObject(value)) return fieldsHtml(value, schema, ui, ctx);
  if (Array.isArray(value)) {
    const items = isObject(schema?.items) ? (schema.items as JsonSchema) : undefined;
    const itemUi = isObject(ui?.items) ? (ui.items as Record<string, unknown>) : undefined;
    if (value.every((v) => !isObject(v) && !Array.isArray(v))) return esc(value.map((v) => scalar(v, items, itemUi, ctx)).join(', '));
    return `<ol>${value.map((v) => `<li>${valueHtml(v, items, itemUi, ctx)}</li>`).join('')}</ol>`;
  }
  return esc(scalar(value, schema, ui, ctx));
}

/** Each field with its title as the form showed it, in the form's order; collections as numbered entries. */
function fieldsHtml(value: Record<string, unknown>, schema: JsonSchema | undefined, ui: Record<string, unknown> | undefined, ctx: Ctx): string {
  const props = isObject(schema?.properties) ? (schema.properties as Record<string, JsonSchema>) : {};
  const keys = [...Object.keys(props).filter((k) => k in value), ...Object.keys(value).filter((k) => !(k in props))];
  const rows = keys
    .filter((k) => value[k] !== undefined && value[k] !== null && value[k] !== '')
    .map((k) => {
      const sub = props[k];
      const title = typeof sub?.title === 'string' ? sub.title : humanize(k);
      return `<dt>${esc(title)}</dt><dd>${valueHtml(value[k], sub, isObject(ui?.[k]) ? (ui[k] as Record<string, unknown>) : undefined, ctx)}</dd>`;
    });
  return rows.length ? `<dl>${rows.join('')}</dl>` : '';
}

function caseHtml(c: ExportCase, lang: Lang): string {
  const w = WORDS[lang];
  const ctx: Ctx = { lang, catalogues: c.catalogues ?? {} };
  const process = pickText(c.process, lang);
  const history = c.history
    .map((h) => {
      const who = !h.by || h.by === 'system' ? w.system : h.by;
      const to = h.to ? ` <span class="to">(${esc(w.to.replace('{state}', pickText(h.to, lang)))})</span>` : '';
      return `<li><time datetime="${esc(h.at)}">${esc(germanTime(h.at, lang))}</time> · ${esc(who)}: ${esc(pickText(h.what, lang, '–'))}${to}</li>`;
    })
    .join('');
  const forms = Object.values(c.forms)
    .map((f) => {
      // A collection form holds a list of entries { value, by, at }.
      const value = Array.isArray(f.value)
        ? `<ol>${f.value.map((e) => (isObject(e) && 'value' in e ? `<li><p class="meta">${esc(germanTime(String(e.at), lang))} · ${esc(String(e.by ?? ''))}</p>${valueHtml(e.value, f.schema, f.uiSchema, ctx)}</li>` : `<li>${valueHtml(e, f.schema, f.uiSchema, ctx)}</li>`)).join('')}</ol>`
        : valueHtml(f.value, f.schema, f.uiSchema, ctx);
      return `<h4>${esc(pickText(f.title, lang))}</h4>${value || `<p>${esc(w.none)}</p>`}`;
    })
    .join('');
  return `<section class="case"><h2>${esc(process)} <span class="ref">${esc(c.reference)}</span></h2>
<dl class="facts"><dt>${w.state}</dt><dd>${esc(pickText(c.state, lang))}</dd><dt>${w.status}</dt><dd>${c.status === 'active' ? w.active : w.closed}</dd><dt>${w.created}</dt><dd>${esc(germanTime(c.createdAt, lang))}</dd><dt>${w.updated}</dt><dd>${esc(germanTime(c.updatedAt, lang))}</dd></dl>
<h3>${w.history}</h3><ol class="history">${history}</ol>
<h3>${w.data}</h3>${forms || `<p>${esc(w.none)}</p>`}</section>`;
}

const STYLE = `body{font:11pt/1.45 system-ui,sans-serif;color:#1b1f23;max-width:48rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.3rem;border-top:2px solid #1b4f72;padding-top:.8rem;margin-top:2rem}h2 .ref{color:#4f5a63;font-weight:400}
h3{font-size:1.1rem}h4{font-size:1rem;margin-bottom:.3rem}dl{display:grid;grid-template-columns:minmax(10rem,16rem) 1fr;gap:.2rem 1rem;margin:.3rem 0 .8rem}
dt{font-weight:600}dd{margin:0}dd dl{grid-template-columns:minmax(8rem,12rem) 1fr}.history li{margin-bottom:.25rem}.to,.meta{color:#4f5a63}
body{overflow-wrap:anywhere}@media (max-width:40rem){dl,dd dl{grid-template-columns:1fr}dd{margin-bottom:.4rem}}
@media print{body{margin:0;max-width:none}section.case{break-inside:auto}h2{break-after:avoid}}`;

/**
 * The answer to an access request as a readable document (#12): German
 * (or English), each case with its process title, the steps with dates in
 * German time, who did what, every form with its field titles and the
 * chosen labels. Self-contained HTML, for the browser's print to PDF.
 */
export function privacyDocument(doc: PrivacyExport, lang: Lang = 'de'): string {
  const w = WORDS[lang];
  const made = w.made.replace('{at}', germanTime(doc.exportedAt, lang)).replace('{by}', doc.exportedBy);
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${esc(w.title)}</title><style>${STYLE}</style></head>
<body><h1>${esc(w.title)}</h1><p>${esc(w.intro)}</p><p>${esc(made)} ${esc(w.count(doc.cases.length))} ${esc(w.time)}</p>
${doc.cases.map((c) => caseHtml(c, lang)).join('\n')}
</body></html>
`;
}
