import { useEffect, useRef, useState } from 'react';
import type { StudioTabProps } from '../tabs.js';
import { useI18n } from '../../i18n/i18n.js';
import { parseDocument } from '../definition-editor.js';
import { useDefinitionDraft } from '../draft.js';

/** The "JSON" tab: the draft document as text; every edit that parses updates the draft. */
export default function ExpertTab(_props: StudioTabProps) {
  const { t } = useI18n();
  const draft = useDefinitionDraft();
  const [text, setText] = useState(() => JSON.stringify(draft.document, null, 2));
  const own = useRef(draft.document);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (draft.document !== own.current) {
      own.current = draft.document;
      setText(JSON.stringify(draft.document, null, 2));
      setProblem(null);
    }
  }, [draft.document]);

  return (
    <div className="field">
      <label htmlFor="expert-json">{t('studio.document')}</label>
      <textarea
        id="expert-json"
        className="mono editor"
        rows={24}
        spellCheck={false}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const parsed = parseDocument(e.target.value);
          if (parsed.doc) {
            own.current = parsed.doc;
            draft.replace(parsed.doc);
            setProblem(null);
          } else setProblem(parsed.problem?.message ?? '');
        }}
      />
      {problem && <p className="field-error">{t('studio.notJson', { message: problem })}</p>}
    </div>
  );
}
