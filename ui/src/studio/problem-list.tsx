import type { ErrorDetail } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { lintText } from './lint-text.js';

/** Problems of a definition by JSON path; a click on the path asks the views to show that place. */
export function ProblemList({ problems, onJump }: { problems: ErrorDetail[]; onJump?: (pointer: string) => void }) {
  const { t, lang } = useI18n();
  if (!problems.length) return null;
  return (
    <div className="notice notice-error" role="alert">
      <p className="error-summary-title">{t(problems.length === 1 ? 'studio.problemsOne' : 'studio.problems', { n: problems.length })}</p>
      <ul className="problems">
        {problems.map((p, i) => (
          <li key={i}>
            {onJump ? (
              <button type="button" className="btn-link problem-path" onClick={() => onJump(p.path)} title={t('studio.jump')}>
                <code>{p.path}</code>
              </button>
            ) : (
              <code>{p.path}</code>
            )}{' '}
            {lintText(lang, p.message)}
          </li>
        ))}
      </ul>
    </div>
  );
}
