import type { CompiledDefinition, FileField } from '../definition/index.js';
import type { ErrorDetail } from '../errors.js';
import type { NewAttachment } from './types.js';

/**
 * Files in form data. rjsf's file widget sends a file as a data URL
 * (`data:application/pdf;name=bescheid.pdf;base64,JVBERi0…`). The case keeps
 * only a reference in the same shape with an empty payload
 * (`data:application/pdf;name=bescheid.pdf;agora-attachment=<id>;base64,`),
 * which still is a valid `data-url`; the bytes go to the attachment table.
 */

const DATA_URL = /^data:([a-z]+\/[a-z0-9-+.]+)?;(?:name=(.*?);)?(?:agora-attachment=([0-9a-zA-Z-]+);)?base64,(.*)$/s;

/** Magic numbers of the types whose content is checked against what the browser declared. */
const SIGNATURES: Record<string, number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46],
  'image/png': [0x89, 0x50, 0x4e, 0x47],
  'image/jpeg': [0xff, 0xd8, 0xff],
};

/** The reference a case stores for an attachment. */
export function attachmentReference(a: { id: string; name: string; contentType: string }): string {
  return `data:${a.contentType};name=${encodeURIComponent(a.name)};agora-attachment=${a.id};base64,`;
}

/** The attachment id in a stored reference, or null. */
export function attachmentIdOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = DATA_URL.exec(value);
  return m?.[3] && m[4] === '' ? m[3] : null;
}

const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Replaces every uploaded file in `data` (a form's validated data) by its
 * reference and lists the new attachments. A file larger than the field's
 * `maxBytes`, of a type outside its `accept` list, or whose content does not
 * match its declared type is a problem at the field's JSON pointer.
 * References already in the data (a form sent again) stay as they are.
 */
export function extractAttachments(
  compiled: CompiledDefinition,
  form: string,
  data: unknown,
  newId: () => string,
): { data: unknown; attachments: NewAttachment[]; problems: ErrorDetail[] } {
  const fields = compiled.fileFields[form] ?? [];
  if (!fields.length || !data || typeof data !== 'object') return { data, attachments: [], problems: [] };
  const copy = structuredClone(data) as Record<string, unknown>;
  const attachments: NewAttachment[] = [];
  const problems: ErrorDetail[] = [];
  for (const field of fields) visit(copy, field, 0, [], (holder, key, pointer) => {
    const value = holder[key];
    if (typeof value !== 'string') return;
    const m = DATA_URL.exec(value);
    if (!m || m[3]) return;
    const contentType = m[1] ?? 'application/octet-stream';
    const name = safeName(m[2]);
    const bytes = Buffer.from(m[4], 'base64');
    const problem = (message: string) => problems.push({ path: pointer, message, code: 'file' });
    if (!field.accept.includes(contentType)) return problem(`Dateien vom Typ ${contentType} sind hier nicht erlaubt (erlaubt: ${field.accept.join(', ')})`);
    if (bytes.length > field.maxBytes) return problem(`Die Datei ist größer als ${Math.floor(field.maxBytes / 1024)} KB`);
    const signature = SIGNATURES[contentType];
    if (signature && !signature.every((b, i) => bytes[i] === b)) return problem(`Der Inhalt der Datei passt nicht zum Typ ${contentType}`);
    const id = newId();
    attachments.push({ id, form, path: pointer, name, contentType, size: bytes.length, content: bytes });
    holder[key] = attachmentReference({ id, name, contentType });
  });
  return { data: copy, attachments, problems };
}

function safeName(raw: string | undefined): string {
  let name = raw ?? 'datei';
  try {
    name = decodeURIComponent(name);
  } catch {
    // Not URI-encoded: keep it as it came.
  }
  return name.replace(/[\\/\x00-\x1f"]/g, '_').slice(0, 200) || 'datei';
}

/** Calls `at` for each value the field's path reaches (every item of a list of files). */
function visit(node: Record<string, unknown>, field: FileField, depth: number, pointer: string[], at: (holder: Record<string, unknown>, key: string, pointer: string) => void): void {
  const key = field.path[depth];
  if (key === undefined || !node || typeof node !== 'object') return;
  const here = [...pointer, escape(key)];
  if (depth < field.path.length - 1) {
    const next = node[key];
    if (next && typeof next === 'object' && !Array.isArray(next)) visit(next as Record<string, unknown>, field, depth + 1, here, at);
    return;
  }
  const value = node[key];
  if (field.isArray && Array.isArray(value)) value.forEach((_, i) => at(value as unknown as Record<string, unknown>, String(i), `/${[...here, String(i)].join('/')}`));
  else at(node, key, `/${here.join('/')}`);
}
