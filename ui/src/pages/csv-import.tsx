import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { excelCsv } from '../../../engine/csv/index.js';
import { api } from '../api/client.js';
import type { DefinitionDocument, DefinitionSummary, ImportStatus, JobView } from '../api/types.js';
import { ErrorBox, Notice } from '../components/common.js';
import { fieldTitle } from '../forms/schema-titles.js';
import { plainMessage } from '../forms/plain-messages.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router.js';

const POLL_MS = 400;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The form of the first task a new case meets (following `initial` into nested states), if any. */
export function initialTaskForm(machine: unknown): string | undefined {
  let node: unknown = machine;
  for (let depth = 0; depth < 10 && isObject(node); depth++) {
    const meta = node.meta;
    if (isObject(meta) && isObject(meta.task) && typeof meta.task.form === 'string') return meta.task.form;
    if (typeof node.initial !== 'string' || !isObject(node.states)) return undefined;
    node = node.states[node.initial];
  }
  return undefined;
}

/** How many numbered column groups the template offers for a list of objects (e.g. two custodians). */
const LIST_COLUMNS = 2;

/**
 * A CSV header line (German Excel: `;`, BOM; the engine's one CSV writer) naming the form's top-level
 * fields by their titles, which the server maps back to the fields. A list
 * of objects gets numbered columns ("Sorgeberechtigte 1 Name").
 */
export function csvTemplate(schema: Record<string, unknown>): string {
  type Prop = { title?: unknown; type?: unknown; items?: { type?: unknown; properties?: Record<string, Prop> } };
  const props = (schema.properties ?? {}) as Record<string, Prop>;
  const name = (k: string, p: Prop | undefined) => (typeof p?.title === 'string' ? p.title : k);
  const headers = Object.entries(props).flatMap(([k, p]) => {
    if (p?.type !== 'array' || p.items?.type !== 'object') return [name(k, p)];
    const subs = Object.entries(p.items.properties ?? {});
    return Array.from({ length: LIST_COLUMNS }, (_, i) => subs.map(([sk, sp]) => `${name(k, p)} ${i + 1} ${name(sk, sp)}`)).flat();
  });
  return excelCsv([headers]);
}

/**
 * "Mehrere Vorgänge aus CSV starten": upload or paste a CSV whose rows are
 * the first form's data; the server queues a job that checks every row, a
 * progress bar follows `GET /api/jobs/:id`, and the report
 * (`GET /api/imports/:id`) lists rejected rows with their problems.
 */
export function CsvImport({ definition, body }: { definition: DefinitionSummary; body: DefinitionDocument }) {
  const { t, lt, num, lang } = useI18n();
  // The first task's form first: that is what a bulk start usually fills.
  const first = initialTaskForm(body.machine);
  const formKeys = Object.keys(body.forms)
    .filter((k) => !body.forms[k].collection)
    .sort((a, b) => Number(b === first) - Number(a === first));
  const [form, setForm] = useState(formKeys[0] ?? '');
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<ImportStatus | null>(null);
  const [job, setJob] = useState<JobView | null>(null);
  const [busy, setBusy] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  useEffect(() => {
    if (!formKeys.includes(form)) setForm(formKeys[0] ?? '');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [definition.key]);

  const spec = body.forms[form];
  const templateHref = useMemo(() => (spec ? `data:text/csv;charset=utf-8,${encodeURIComponent(csvTemplate(spec.schema))}` : ''), [spec]);

  // The bulk start is a background job (#11): follow its progress, then read the report with the rejected rows.
  const poll = (id: string) => {
    api.job(id).then(
      (j) => {
        setJob(j);
        if (j.status === 'queued' || j.status === 'running') {
          setStatus({ id, definition: definition.key, version: definition.version, status: 'running', total: j.progress.total, processed: j.progress.done, created: j.progress.done, rejected: [] });
          timer.current = window.setTimeout(() => poll(id), POLL_MS);
          return;
        }
        api.importStatus(id).then(
          (s) => {
            setStatus(s);
            setBusy(false);
          },
          (err: unknown) => {
            setError(err);
            setBusy(false);
          },
        );
      },
      (err: unknown) => {
        setError(err);
        setBusy(false);
      },
    );
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setStatus(null);
    setJob(null);
    if (!csv.trim()) {
      setError(new Error('empty'));
      return;
    }
    setBusy(true);
    try {
      const queued = await api.startImport({ definition: definition.key, version: definition.version, form, csv });
      setJob(queued);
      poll(queued.id);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    setFileName(file.name);
    setCsv(await file.text());
  };

  const percent = status && status.total > 0 ? Math.round((status.processed / status.total) * 100) : 0;
  return (
    <section className="card stack" aria-labelledby="csv-heading">
      <h2 id="csv-heading">{t('csv.title')}</h2>
      <p>{t('csv.intro', { process: lt(definition.title) })}</p>
      <form onSubmit={submit} className="stack" noValidate>
        <div className="field">
          <label htmlFor="csv-form">{t('csv.form')}</label>
          <select id="csv-form" value={form} onChange={(e) => setForm(e.target.value)}>
            {formKeys.map((k) => (
              <option key={k} value={k}>
                {lt(body.forms[k].title)}
              </option>
            ))}
          </select>
          {spec && (
            <p className="hint">
              <a href={templateHref} download={`${definition.key}-${form}-vorlage.csv`}>
                {t('csv.template')}
              </a>
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor="csv-file">{t('csv.file')}</label>
          <input id="csv-file" type="file" accept=".csv,text/csv" onChange={(e) => void readFile(e.target.files?.[0])} />
          {fileName && <p className="hint">{t('csv.fileLoaded', { name: fileName })}</p>}
        </div>
        <div className="field">
          <label htmlFor="csv-text">{t('csv.paste')}</label>
          <textarea id="csv-text" rows={6} value={csv} onChange={(e) => setCsv(e.target.value)} className="mono" spellCheck={false} aria-describedby="csv-hint" />
          <p className="hint" id="csv-hint">
            {t('csv.hint')}
          </p>
        </div>
        {error instanceof Error && error.message === 'empty' ? <ErrorBox>{t('csv.empty')}</ErrorBox> : <ErrorBox error={error} />}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy || !form}>
            {busy ? t('csv.running') : t('csv.start')}
          </button>
        </div>
      </form>
      {status && (
        <div className="stack">
          <label htmlFor="csv-progress">{t('csv.progress', { processed: num(status.processed), total: num(status.total) })}</label>
          {job?.status === 'queued' && <p className="hint">{t('jobs.queued')}</p>}
          {job?.status === 'running' && job.attempts > 1 && <p className="hint">{t('jobs.resumed')}</p>}
          <progress id="csv-progress" max={100} value={percent}>
            {percent} %
          </progress>
          {status.status === 'done' && (
            <Notice kind="success">
              {t(status.created === 1 ? 'csv.doneOne' : 'csv.done', { n: num(status.created) })} <Link href={`/board?definition=${encodeURIComponent(definition.key)}`}>{t('csv.toBoard')}</Link>
            </Notice>
          )}
          {status.status === 'failed' && <ErrorBox>{t('csv.failed')}</ErrorBox>}
          {status.rejected.length > 0 && (
            <>
              <ErrorBox>{t(status.rejected.length === 1 ? 'csv.rejectedOne' : 'csv.rejected', { n: num(status.rejected.length) })}</ErrorBox>
              <div className="table-wrap">
                <table>
                  <caption>{t('csv.rejectedCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('csv.row')}</th>
                      <th scope="col">{t('csv.field')}</th>
                      <th scope="col">{t('csv.problem')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {status.rejected.flatMap((r) =>
                      r.problems.map((p, i) => (
                        <tr key={`${r.row}-${i}`}>
                          <td>{r.row}</td>
                          <td>{(spec && fieldTitle(spec.schema, p.path)) || '–'}</td>
                          <td>{plainMessage(lang, { name: p.code, params: p.params }) ?? p.message}</td>
                        </tr>
                      )),
                    )}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </div>
      )}
    </section>
  );
}
