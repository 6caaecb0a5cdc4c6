import { useRef, useState, type ReactNode } from 'react';
import { api } from '../api/client.js';
import type { DefinitionDocument, ErrorDetail, LintResponse } from '../api/types.js';
import { ErrorBox, Notice } from '../components/common.js';
import { useI18n } from '../i18n/i18n.js';
import { pointerSegments } from '../forms/server-errors.js';
import { lintText } from './lint-text.js';

/** Parses the editor text; a syntax error becomes one problem at the root. */
export function parseDocument(text: string): { doc?: DefinitionDocument; problem?: ErrorDetail } {
  try {
    const doc = JSON.parse(text) as unknown;
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { problem: { path: '/', message: 'not a JSON object' } };
    return { doc: doc as DefinitionDocument };
  } catch (err) {
    return { problem: { path: '/', message: (err as Error).message } };
  }
}

/**
 * Where the thing at `pointer` is written in pretty-printed JSON text: each
 * segment's `"key":` is searched after the previous one. A heuristic, good
 * enough to put the cursor near a lint problem.
 */
export function locatePointer(text: string, pointer: string): { start: number; end: number } | null {
  let at = 0;
  let found: { start: number; end: number } | null = null;
  for (const seg of pointerSegments(pointer)) {
    if (/^\d+$/.test(seg)) continue;
    const needle = `${JSON.stringify(seg)}`;
    const i = text.indexOf(`${needle}:`, at) >= 0 ? text.indexOf(`${needle}:`, at) : text.indexOf(`${needle} :`, at);
    if (i < 0) break;
    found = { start: i, end: i + needle.length };
    at = i + needle.length;
  }
  return found;
}

/** Props of {@link DefinitionEditor}. */
export interface DefinitionEditorProps {
  id: string;
  label: string;
  text: string;
  onText: (text: string) => void;
  /** Called after a lint run with the parsed document and the result. */
  onLinted: (doc: DefinitionDocument | null, result: LintResponse | null) => void;
  actions?: ReactNode;
  /** Problems reported from elsewhere (e.g. a 400 on save). */
  extraProblems?: ErrorDetail[];
}

/**
 * A JSON editor for a definition with the linter beside it: "Prüfen" sends
 * the document to `POST /api/definitions/lint`; every problem is listed by
 * its path and moves the cursor there on click.
 */
export function DefinitionEditor({ id, label, text, onText, onLinted, actions, extraProblems = [] }: DefinitionEditorProps) {
  const { t, lang } = useI18n();
  const area = useRef<HTMLTextAreaElement>(null);
  const [problems, setProblems] = useState<ErrorDetail[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const lint = async () => {
    setError(null);
    const parsed = parseDocument(text);
    if (!parsed.doc) {
      setProblems([{ path: '/', message: t('studio.notJson', { message: parsed.problem?.message ?? '' }) }]);
      onLinted(null, null);
      return;
    }
    setBusy(true);
    try {
      const result = await api.lint(parsed.doc);
      setProblems(result.problems);
      onLinted(parsed.doc, result);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const jump = (pointer: string) => {
    const el = area.current;
    if (!el) return;
    const hit = locatePointer(text, pointer);
    el.focus();
    if (hit) el.setSelectionRange(hit.start, hit.end);
  };

  const all = [...(problems ?? []), ...extraProblems];
  return (
    <div className="stack">
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <textarea
          id={id}
          ref={area}
          className="mono editor"
          rows={18}
          spellCheck={false}
          autoCapitalize="none"
          autoCorrect="off"
          value={text}
          onChange={(e) => {
            onText(e.target.value);
            setProblems(null);
          }}
          aria-describedby={`${id}-result`}
          aria-invalid={all.length > 0 || undefined}
        />
      </div>
      <div className="form-actions">
        <button type="button" className="btn btn-secondary" onClick={() => void lint()} disabled={busy || !text.trim()}>
          {busy ? t('studio.linting') : t('studio.lint')}
        </button>
        {actions}
      </div>
      <div id={`${id}-result`}>
        <ErrorBox error={error} />
        {all.length > 0 && (
          <div className="notice notice-error" role="alert">
            <p className="error-summary-title">{t(all.length === 1 ? 'studio.problemsOne' : 'studio.problems', { n: all.length })}</p>
            <ul className="problems">
              {all.map((p, i) => (
                <li key={i}>
                  <button type="button" className="btn-link problem-path" onClick={() => jump(p.path)} title={t('studio.jump')}>
                    <code>{p.path}</code>
                  </button>{' '}
                  {lintText(lang, p.message)}
                </li>
              ))}
            </ul>
          </div>
        )}
        {problems && all.length === 0 && <Notice kind="success">{t('studio.noProblems')}</Notice>}
      </div>
    </div>
  );
}
