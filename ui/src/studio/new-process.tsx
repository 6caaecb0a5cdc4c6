import { useState } from 'react';
import { api, ApiError } from '../api/client.js';
import type { DefinitionDocument, DefinitionSummary } from '../api/types.js';
import { ErrorBox } from '../components/common.js';
import { forgetProcesses } from '../components/processes.js';
import { useI18n } from '../i18n/i18n.js';
import { FIELDS_OF_ACTION } from '../i18n/messages.js';
import { navigate } from '../router.js';
import { keyFromTitle } from './chart/model.js';

/** A definition key from a German title ("Beratung für Eltern" -> "beratung-fuer-eltern"). */
export function definitionKeyFromTitle(title: string): string {
  return keyFromTitle(title).replace(/_/g, '-');
}

/**
 * The smallest valid process: its name, field of action and roles, one
 * first step whose task ends it, and the end. Everything else is built in
 * the studio's editors, so an administrator never writes JSON.
 */
export function newDefinition(input: { title: { de: string; en?: string }; fieldOfAction: string; roles: string[]; firstStep: { de: string; en?: string } }): DefinitionDocument {
  const key = definitionKeyFromTitle(input.title.de);
  let first = keyFromTitle(input.firstStep.de);
  if (first === 'abgeschlossen') first = `${first}_1`;
  const text = (v: { de: string; en?: string }) => (v.en?.trim() ? { de: v.de.trim(), en: v.en.trim() } : { de: v.de.trim() });
  return {
    key,
    version: 1,
    fieldOfAction: input.fieldOfAction,
    title: text(input.title),
    roles: input.roles,
    forms: {},
    machine: {
      id: key,
      initial: first,
      states: {
        [first]: { meta: { title: text(input.firstStep), task: { roles: input.roles.slice(0, 1) } }, on: { SUBMIT: 'abgeschlossen' } },
        abgeschlossen: { type: 'final', meta: { title: { de: 'Abgeschlossen', en: 'Closed' } } },
      },
    },
  } as unknown as DefinitionDocument;
}

/** "Neuen Prozess anlegen": a name, a field of action, roles and a first step; saved as draft version 1. */
export function NewProcess({ existing }: { existing: DefinitionSummary[] }) {
  const { t, lang } = useI18n();
  const [title, setTitle] = useState({ de: '', en: '' });
  const [step, setStep] = useState({ de: '', en: '' });
  const [field, setField] = useState(Object.keys(FIELDS_OF_ACTION)[0]);
  const [roles, setRoles] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const roleList = roles
    .split(/[,;\s]+/)
    .map((r) => r.trim().toLowerCase())
    .filter(Boolean);
  const key = title.de.trim() ? definitionKeyFromTitle(title.de) : '';
  const taken = !!key && existing.some((d) => d.key === key);

  const create = async () => {
    setError(null);
    setBusy(true);
    try {
      const saved = await api.importDefinition(newDefinition({ title, fieldOfAction: field, roles: roleList, firstStep: step }));
      forgetProcesses();
      navigate(`/studio/${encodeURIComponent(saved.key)}/${saved.version}`);
    } catch (err) {
      setError(err instanceof ApiError && err.details.length ? new Error(err.details.map((d) => d.message).join(' ')) : err);
      setBusy(false);
    }
  };

  return (
    <section className="card stack" aria-labelledby="new-heading">
      <h2 id="new-heading">{t('studio.new')}</h2>
      <p>{t('studio.newIntro')}</p>
      <div className="field">
        <label htmlFor="new-title-de">{t('studio.newTitle')} ({t('chart.german')})</label>
        <input id="new-title-de" value={title.de} onChange={(e) => setTitle({ ...title, de: e.target.value })} aria-describedby={taken ? 'new-taken' : undefined} />
        {taken && (
          <p className="field-error" id="new-taken">
            {t('studio.newExists')}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="new-title-en">{t('studio.newTitle')} ({t('chart.english')})</label>
        <input id="new-title-en" lang="en" value={title.en} onChange={(e) => setTitle({ ...title, en: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="new-field">{t('common.fieldOfAction')}</label>
        <select id="new-field" value={field} onChange={(e) => setField(e.target.value)}>
          {Object.entries(FIELDS_OF_ACTION).map(([k, v]) => (
            <option key={k} value={k}>
              {v[lang]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="new-roles">{t('studio.newRoles')}</label>
        <p className="hint" id="new-roles-hint">
          {t('studio.newRolesHint')}
        </p>
        <input id="new-roles" value={roles} aria-describedby="new-roles-hint" onChange={(e) => setRoles(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="new-step-de">{t('studio.newFirstStep')} ({t('chart.german')})</label>
        <input id="new-step-de" value={step.de} onChange={(e) => setStep({ ...step, de: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="new-step-en">{t('studio.newFirstStep')} ({t('chart.english')})</label>
        <input id="new-step-en" lang="en" value={step.en} onChange={(e) => setStep({ ...step, en: e.target.value })} />
      </div>
      <div className="form-actions">
        <button type="button" className="btn btn-primary" disabled={busy || !key || taken || !roleList.length || !step.de.trim()} onClick={() => void create()}>
          {t('studio.newCreate')}
        </button>
      </div>
      <ErrorBox error={error} />
    </section>
  );
}
