import { useCallback, useEffect, useRef, useState } from 'react';
import { api, request } from '../../api/client.js';
import type { DefinitionDocument, ErrorDetail } from '../../api/types.js';
import { ErrorBox, Notice } from '../../components/common.js';
import { useI18n } from '../../i18n/i18n.js';
import { useDefinitionDraft } from '../draft.js';
import { ProblemList } from '../problem-list.js';
import type { StudioTabProps } from '../tabs.js';
import { JsonEditor, type EditorSchema } from './json-editor.js';
import { parseProblem } from './parse-problem.js';

let schemaCache: Promise<EditorSchema> | null = null;
/** The format's JSON Schema from the server (once per page load). */
const definitionSchema = () => (schemaCache ??= request<EditorSchema>('GET', '/api/schemas/definition.json'));

const pretty = (doc: unknown) => JSON.stringify(doc, null, 2);

/**
 * The "JSON" tab (expert view): the draft document in CodeMirror with the
 * format's JSON Schema. Text that parses to an object updates the draft at
 * once (so every other tab follows); text that does not parse is kept here and
 * the problem is shown with its line. Changes made in other tabs replace the text.
 */
export default function ExpertTab(_props: StudioTabProps) {
  const { t } = useI18n();
  const draft = useDefinitionDraft();
  const [text, setText] = useState(() => pretty(draft.document));
  const [schema, setSchema] = useState<EditorSchema | undefined>(undefined);
  const [problem, setProblem] = useState<{ line: number; column: number; message: string } | null>(null);
  const [lint, setLint] = useState<{ problems: ErrorDetail[]; ok: boolean } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reveal, setReveal] = useState<{ pointer: string; seq: number } | null>(null);
  const own = useRef<DefinitionDocument>(draft.document);
  const { update, setFocus, focus, document: doc } = draft;

  useEffect(() => {
    let alive = true;
    definitionSchema().then(
      (s) => alive && setSchema(s),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, []);

  // Another tab (or undo) changed the document: show it.
  useEffect(() => {
    if (doc === own.current) return;
    own.current = doc;
    setText(pretty(doc));
    setProblem(null);
  }, [doc]);

  // A problem elsewhere asked to show a place of the document.
  useEffect(() => {
    if (!focus) return;
    setReveal((r) => ({ pointer: focus, seq: (r?.seq ?? 0) + 1 }));
    setFocus(null);
  }, [focus, setFocus]);

  const onText = useCallback(
    (next: string) => {
      setText(next);
      setLint(null);
      try {
        const parsed = JSON.parse(next) as unknown;
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
          setProblem({ line: 1, column: 1, message: t('expert.notObject') });
          return;
        }
        setProblem(null);
        own.current = parsed as DefinitionDocument;
        update(() => parsed as DefinitionDocument, { coalesce: 'expert-json' });
      } catch (err) {
        setProblem(parseProblem(next, err as Error));
      }
    },
    [t, update],
  );

  const check = async () => {
    setError(null);
    try {
      const result = await api.lint(doc);
      setLint({ problems: result.problems, ok: result.ok });
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div className="stack expert-tab">
      <p className="hint" id="expert-hint">
        {t('expert.hint')}
      </p>
      <p className="field-label" id="expert-label">
        <strong>{t('expert.label')}</strong>
      </p>
      <JsonEditor text={text} schema={schema} label={t('expert.label')} onText={onText} reveal={reveal} />
      <div aria-live="polite">{problem && <p className="field-error">{t('expert.parseError', { line: problem.line, column: problem.column, message: problem.message })}</p>}</div>
      <div className="form-actions">
        <button type="button" className="btn btn-secondary" onClick={() => void check()} disabled={problem !== null}>
          {t('expert.lint')}
        </button>
      </div>
      <ErrorBox error={error} />
      {lint && <ProblemList problems={lint.problems} onJump={(pointer) => setReveal((r) => ({ pointer, seq: (r?.seq ?? 0) + 1 }))} />}
      {lint?.ok && lint.problems.length === 0 && <Notice kind="success">{t('studio.noProblems')}</Notice>}
    </div>
  );
}
