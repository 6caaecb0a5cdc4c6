import { useState } from 'react';
import { api } from '../api/client.js';
import type { CaseView, CollectionEntry, DefinitionDetail, DefinitionSummary, FormSpec } from '../api/types.js';
import { CaseName } from '../components/case-name.js';
import { ErrorBox, StatusBadge } from '../components/common.js';
import { mayStart, useChildDetails, usePublishedProcesses } from '../components/processes.js';
import { DataView } from '../forms/data-view.js';
import { humanize } from '../forms/schema-titles.js';
import { useI18n } from '../i18n/i18n.js';
import { Link, navigate } from '../router.js';
import { useSession } from '../session.js';
import { occupiedSeats, seatRule, type SeatRule } from './course-seats.js';

const isEntry = (v: unknown): v is CollectionEntry => typeof v === 'object' && v !== null && 'value' in v && 'at' in v;

/** The entries of a collection form, newest last, each with who and when. */
export function CollectionEntries({ entries, spec, view }: { entries: unknown; spec?: FormSpec; view: CaseView }) {
  const { t, dateTime } = useI18n();
  const list = Array.isArray(entries) ? entries.filter(isEntry) : [];
  if (!list.length) return <p className="muted">{t('case.noEntries')}</p>;
  return (
    <ol className="entries">
      {list.map((e, i) => (
        <li key={i} className="entry">
          <p className="entry-meta">{t('case.entryBy', { who: e.by, when: dateTime(e.at) })}</p>
          <DataView value={e.value} schema={spec?.schema} uiSchema={spec?.uiSchema} catalogues={view.catalogues} caseId={view.id} />
        </li>
      ))}
    </ol>
  );
}

/** Everything recorded in the case so far, one block per form, as definition lists. */
export function RecordedData({ view }: { view: CaseView }) {
  const { t, lt } = useI18n();
  const keys = Object.keys(view.data ?? {});
  if (!keys.length) return <p className="muted">{t('case.noData')}</p>;
  return (
    <div className="stack">
      {keys.map((k) => {
        const spec = view.forms[k];
        const title = spec ? lt(spec.title) : humanize(k);
        return (
          <section key={k} className="data-block" aria-labelledby={`data-${k}`}>
            <h3 id={`data-${k}`}>{title}</h3>
            {spec?.collection || Array.isArray(view.data[k]) ? (
              <CollectionEntries entries={view.data[k]} spec={spec} view={view} />
            ) : (
              <DataView value={view.data[k]} schema={spec?.schema} uiSchema={spec?.uiSchema} catalogues={view.catalogues} caseId={view.id} />
            )}
          </section>
        );
      })}
    </div>
  );
}

/** Buttons to start the sub-processes that belong to this case (e.g. a registration for a course). */
function StartChildren({ view }: { view: CaseView }) {
  const { t, lt } = useI18n();
  const { user } = useSession();
  const processes = usePublishedProcesses();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (view.status === 'closed') return null;
  const children = (processes.data ?? []).filter((d) => d.parent === view.definition.key && mayStart(user, d));
  if (!children.length) return null;
  const start = async (key: string, version: number) => {
    setBusy(key);
    setError(null);
    try {
      const created = await api.createCase(key, version, view.id);
      navigate(`/cases/${encodeURIComponent(created.id)}`);
    } catch (err) {
      setError(err);
      setBusy(null);
    }
  };
  return (
    <div className="stack">
      <ErrorBox error={error} />
      <div className="form-actions">
        {children.map((d) => (
          <button key={d.key} type="button" className="btn btn-secondary" disabled={busy !== null} onClick={() => void start(d.key, d.version)}>
            {busy === d.key ? t('newCase.starting') : t('case.startChild', { title: lt(d.title) })}
          </button>
        ))}
      </div>
    </div>
  );
}

/** "7 von 10 Plätzen belegt" for each sub-process whose definition limits places under this case (a course, a programme). */
function Seats({ view }: { view: CaseView }) {
  const { t, lt, num } = useI18n();
  const details = useChildDetails(view.definition.key);
  const rules = (details.data ?? [])
    .map((d) => ({ title: d.title, rule: seatRule(d.body, view.data ?? {}) }))
    .filter((r): r is { title: DefinitionSummary['title']; rule: SeatRule } => r.rule !== null);
  if (!rules.length) return null;
  return (
    <>
      {rules.map(({ title, rule }) => {
        const taken = occupiedSeats(rule, view.children);
        return (
          <p key={rule.definition} className={`seats${taken >= rule.seats ? ' seats-full' : ''}`}>
            <span className="visually-hidden">{lt(title)}: </span>
            {t(rule.seats === 1 ? 'course.seatsOne' : 'course.seats', { taken: num(taken), seats: num(rule.seats) })}
            {taken >= rule.seats && <span className="badge badge-overdue">{t('course.full')}</span>}
          </p>
        );
      })}
    </>
  );
}

/** Whether a definition limits places of its sub-cases under `view` (then the case page is a course page). */
function hasSeats(view: CaseView, details: DefinitionDetail[]): boolean {
  return details.some((d) => seatRule(d.body, view.data ?? {}) !== null);
}

/** Parent and child cases by name, with step and status, the places taken, and the start of new child cases. */
export function LinkedCases({ view, canHaveChildren }: { view: CaseView; canHaveChildren: boolean }) {
  const { t, lt } = useI18n();
  const details = useChildDetails(view.definition.key);
  const seats = hasSeats(view, details.data ?? []);
  if (!view.parent && !view.children.length && !canHaveChildren && !seats) return null;
  return (
    <section className="card" aria-labelledby="linked-heading">
      <h2 id="linked-heading">{t('case.linked')}</h2>
      {view.parent && (
        <p>
          {t('case.parent')}:{' '}
          <Link href={`/cases/${encodeURIComponent(view.parent.id)}`}>
            <CaseName title={view.parent.title} reference={view.parent.reference} />
          </Link>{' '}
          <span className="muted">
            ({lt(view.parent.definition.title)}, {lt(view.parent.stateTitle)})
          </span>
        </p>
      )}
      {seats && <Seats view={view} />}
      {view.children.length > 0 && (
        <div className="table-wrap">
          <table className="case-table children-table">
            <caption>{t('case.children')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cases.name')}</th>
                <th scope="col">{t('common.process')}</th>
                <th scope="col">{t('case.state')}</th>
                <th scope="col">{t('case.status')}</th>
              </tr>
            </thead>
            <tbody>
              {view.children.map((c) => (
                <tr key={c.id}>
                  <td data-label={t('cases.name')}>
                    <Link href={`/cases/${encodeURIComponent(c.id)}`}>
                      <CaseName title={c.title} reference={c.reference} />
                    </Link>
                  </td>
                  <td data-label={t('common.process')}>{lt(c.definition.title)}</td>
                  <td data-label={t('case.state')}>{lt(c.stateTitle)}</td>
                  <td data-label={t('case.status')}>{c.status ? <StatusBadge status={c.status} /> : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canHaveChildren && <StartChildren view={view} />}
    </section>
  );
}
