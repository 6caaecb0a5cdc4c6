import { useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client.js';
import { ErrorBox, Loading, PageHeading } from '../components/common.js';
import { Field } from '../components/field.js';
import { useOrganisations } from '../components/organisations.js';
import { fieldOfActionTitle, fieldsOf, mayStart, usePublishedProcesses } from '../components/processes.js';
import { useI18n } from '../i18n/i18n.js';
import { navigate, setQuery, useLocation } from '../router.js';
import { useSession } from '../session.js';
import { useAsync } from '../use-async.js';
import { CsvImport } from './csv-import.js';

/**
 * Neuer Vorgang: choose the field of action, then the process; starting it
 * creates the case and opens its first task. Bulk start from CSV below.
 */
export function NewCasePage() {
  const { t, lt, lang } = useI18n();
  const { user } = useSession();
  const { search } = useLocation();
  // Only what this person may start: a role in the process (or admin), and not a process that starts inside a parent case.
  const details = usePublishedProcesses();
  const startable = (details.data ?? []).filter((d) => !d.parentRequired && mayStart(user, d));
  const fields = fieldsOf(startable);
  const field = search.get('field') ?? (fields.length === 1 ? fields[0] : '');
  const processKey = search.get('process') ?? '';
  const inField = startable.filter((p) => p.fieldOfAction === field);
  const chosen = inField.find((p) => p.key === processKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // The document only of the chosen process (for the CSV template of the bulk start).
  const chosenDetail = useAsync(() => (chosen ? api.definition(chosen.key, chosen.version) : Promise.resolve(undefined)), [chosen?.key, chosen?.version]);
  const body = chosenDetail.data?.key === chosen?.key ? chosenDetail.data?.body : undefined;
  // Someone who works for several organisations says whose case it is; with one or none the server knows.
  const mine = user?.organisations ?? [];
  const askOrganisation = mine.length > 1;
  const orgs = useOrganisations();
  const [organisation, setOrganisation] = useState('');
  const [orgError, setOrgError] = useState<string | null>(null);
  const orgRef = useRef<HTMLSelectElement>(null);
  const orgTitle = (key: string) => lt(orgs.data?.find((o) => o.key === key)?.title, key);

  const start = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    setError(null);
    setOrgError(null);
    if (askOrganisation && !organisation) {
      setOrgError(t('newCase.organisationMissing'));
      orgRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const created = await api.createCase(chosen.key, chosen.version, undefined, askOrganisation ? organisation : undefined);
      navigate(`/cases/${encodeURIComponent(created.id)}`);
    } catch (err) {
      if (err instanceof ApiError && (err.code === 'ORGANISATION_REQUIRED' || err.code === 'ORGANISATION_INVALID')) {
        setOrgError(t(`error.${err.code}`));
        orgRef.current?.focus();
      } else setError(err);
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeading title={t('newCase.title')}>{t('newCase.title')}</PageHeading>
      <p className="lead">{t('newCase.intro')}</p>
      <ErrorBox error={details.error} />
      {details.loading && <Loading />}
      {details.data && (
        <form onSubmit={start} className="card stack">
          <fieldset className="choice-group">
            <legend>{t('newCase.step1')}</legend>
            {fields.length === 0 && <p className="muted">{t('newCase.noProcesses')}</p>}
            <div className="choices">
              {fields.map((f) => (
                <label key={f} className={`choice${f === field ? ' choice-selected' : ''}`}>
                  <input type="radio" name="field" value={f} checked={f === field} onChange={() => setQuery({ field: f, process: undefined }, { replace: true })} />
                  <span className="choice-title">{fieldOfActionTitle(f, lang)}</span>
                  <span className="choice-meta">{((n) => t(n === 1 ? 'newCase.processCountOne' : 'newCase.processCount', { n }))(startable.filter((p) => p.fieldOfAction === f).length)}</span>
                </label>
              ))}
            </div>
          </fieldset>
          {field && (
            <fieldset className="choice-group">
              <legend>{t('newCase.step2')}</legend>
              <div className="choices choices-list">
                {inField.map((p) => (
                  <label key={p.key} className={`choice${p.key === processKey ? ' choice-selected' : ''}`}>
                    <input type="radio" name="process" value={p.key} checked={p.key === processKey} onChange={() => setQuery({ field, process: p.key }, { replace: true })} />
                    <span className="choice-title">{lt(p.title)}</span>
                    {p.description && <span className="choice-meta">{lt(p.description)}</span>}
                  </label>
                ))}
              </div>
            </fieldset>
          )}
          {chosen && askOrganisation && (
            <Field id="new-case-organisation" label={t('newCase.organisation')} hint={t('newCase.organisationHint')} error={orgError ?? undefined} required>
              <select
                ref={orgRef}
                value={organisation}
                onChange={(e) => {
                  setOrganisation(e.target.value);
                  setOrgError(null);
                }}
              >
                <option value="">{t('newCase.organisationChoose')}</option>
                {[...mine]
                  .sort((a, b) => orgTitle(a).localeCompare(orgTitle(b), 'de'))
                  .map((key) => (
                    <option key={key} value={key}>
                      {orgTitle(key)}
                    </option>
                  ))}
              </select>
            </Field>
          )}
          <ErrorBox error={error} />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={!chosen || busy}>
              {busy ? t('newCase.starting') : t('newCase.start')}
            </button>
          </div>
        </form>
      )}
      {chosen && body && <CsvImport definition={chosen} body={body} />}
    </>
  );
}
