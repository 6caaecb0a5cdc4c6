import { useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client.js';
import { monitoringApi } from '../api/monitoring.js';
import type { PopulationResult, PopulationRow } from '../api/monitoring-types.js';
import { ErrorBox, Loading, Notice, PageHeading } from '../components/common.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router.js';
import { hasRole, useSession } from '../session.js';
import { useAsync } from '../use-async.js';
import './monitoring.css';

/** Who reads the monitoring (as the API); they may look at the stored figures, administrators upload them. */
const MONITORING_ROLES = ['coordinator', 'monitoring'];

const EXAMPLE = 'stadtteil;altersgruppe;jahr;einwohner\nnord;0-2;2026;1.250\nnord;3-5;2026;1.310\nsued;0-2;2026;980';

/**
 * The file's text: UTF-8 as Agora writes it, or Windows-1252 as Excel on a
 * German Windows saves "CSV (Trennzeichen-getrennt)" (umlauts in names would
 * otherwise arrive broken).
 */
export async function readCsvFile(file: Blob): Promise<string> {
  const bytes = await file.arrayBuffer();
  const text = new TextDecoder('utf-8').decode(bytes);
  return text.includes('\uFFFD') ? new TextDecoder('windows-1252').decode(bytes) : text;
}

/** The lower bound of an age-group label ("0-2", "65+") for sorting; labels without a number sort last. */
const lowerBound = (label: string) => {
  const m = /^(\d+)/.exec(label);
  return m ? Number(m[1]) : Number.MAX_SAFE_INTEGER;
};

/** The stored rows as one year's table: Stadtteile down, age groups across. */
export function populationTable(rows: PopulationRow[], year: number) {
  const ofYear = rows.filter((r) => r.jahr === year);
  const districts = [...new Set(ofYear.map((r) => r.stadtteil))].sort((a, b) => a.localeCompare(b, 'de'));
  const groups = [...new Set(ofYear.map((r) => r.altersgruppe))].sort((a, b) => lowerBound(a) - lowerBound(b) || a.localeCompare(b, 'de'));
  const at = new Map(ofYear.map((r) => [`${r.stadtteil}\u0000${r.altersgruppe}`, r.einwohner]));
  const cell = (d: string, g: string) => at.get(`${d}\u0000${g}`) ?? null;
  const sum = (xs: Array<number | null>) => xs.reduce<number>((a, b) => a + (b ?? 0), 0);
  return {
    districts,
    groups,
    rows: districts.map((d) => ({ district: d, cells: groups.map((g) => cell(d, g)), total: sum(groups.map((g) => cell(d, g))) })),
    totals: groups.map((g) => sum(districts.map((d) => cell(d, g)))),
    grand: sum(ofYear.map((r) => r.einwohner)),
  };
}

/** The upload: a labelled file input, the format with an example, the answer (years replaced, lines read) or the unusable lines. */
function UploadForm({ onStored }: { onStored: () => void }) {
  const { t, num } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [missing, setMissing] = useState(false);
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<PopulationResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const problems = error instanceof ApiError ? error.details : [];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setResult(null);
    setError(null);
    if (!file) {
      setMissing(true);
      input.current?.focus();
      return;
    }
    setPending(true);
    try {
      setResult(await monitoringApi.putPopulation(await readCsvFile(file)));
      onStored();
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  };

  return (
    <section className="card stack no-print" aria-labelledby="pop-upload-heading">
      <h2 id="pop-upload-heading">{t('population.uploadTitle')}</h2>
      <p>{t('population.uploadIntro')}</p>
      <h3 id="pop-format-heading">{t('population.formatTitle')}</h3>
      <p id="pop-format">{t('population.format')}</p>
      <figure className="population-example">
        <figcaption>{t('population.example')}</figcaption>
        <pre className="source">
          <code>{EXAMPLE}</code>
        </pre>
      </figure>
      <form onSubmit={submit} className="stack" noValidate aria-busy={pending}>
        <div className="field">
          <label htmlFor="pop-file">{t('population.file')}</label>
          <input
            ref={input}
            id="pop-file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby={missing ? 'pop-format pop-file-missing' : 'pop-format'}
            aria-invalid={missing || undefined}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setMissing(false);
            }}
          />
          {missing && (
            <p id="pop-file-missing" className="field-error">
              {t('population.chooseFile')}
            </p>
          )}
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={pending}>
            {pending ? t('population.uploading') : t('population.upload')}
          </button>
        </div>
      </form>
      {pending && <Loading label={t('population.uploading')} />}
      {result && (
        <Notice kind="success">
          {t(result.rows === 1 ? 'population.doneOne' : 'population.done', { rows: num(result.rows), years: result.years.join(', ') })}
        </Notice>
      )}
      <ErrorBox error={error} />
      {problems.length > 0 && (
        <div className="stack">
          <p>{t('population.problemsHint')}</p>
          <div className="table-wrap">
            <table>
              <caption>{t('population.problemsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('population.line')}</th>
                  <th scope="col">{t('population.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {problems.map((p, i) => (
                  <tr key={`${p.path}-${i}`}>
                    <td className="num">{typeof p.params?.line === 'number' ? p.params.line : p.path.replace(/^\//, '')}</td>
                    <td>{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}

/** What is stored: a summary and one year's table (Stadtteile × age groups) with sums, the year chosen in a picker. */
function StoredPopulation({ rows }: { rows: PopulationRow[] }) {
  const { t, num } = useI18n();
  const years = useMemo(() => [...new Set(rows.map((r) => r.jahr))].sort((a, b) => b - a), [rows]);
  const [chosen, setChosen] = useState<number | null>(null);
  const year = chosen !== null && years.includes(chosen) ? chosen : years[0];
  const table = useMemo(() => (year === undefined ? null : populationTable(rows, year)), [rows, year]);
  if (!rows.length || !table || year === undefined) return <p className="muted">{t('population.none')}</p>;
  const span = years.length > 1 ? `${years[years.length - 1]}–${years[0]}` : String(years[0]);
  return (
    <>
      <p>
        {t('population.summary', {
          rows: num(rows.length),
          years: span,
          districts: num(new Set(rows.map((r) => r.stadtteil)).size),
          groups: num(new Set(rows.map((r) => r.altersgruppe)).size),
        })}
      </p>
      <div className="field">
        <label htmlFor="pop-year">{t('population.year')}</label>
        <select id="pop-year" value={year} onChange={(e) => setChosen(Number(e.target.value))}>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </div>
      <div className="table-wrap">
        <table>
          <caption>{t('population.tableCaption', { year: String(year) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('population.district')}</th>
              {table.groups.map((g) => (
                <th scope="col" key={g} className="num">
                  {g}
                </th>
              ))}
              <th scope="col" className="num">
                {t('population.total')}
              </th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r) => (
              <tr key={r.district}>
                <th scope="row">{r.district}</th>
                {r.cells.map((v, i) => (
                  <td key={table.groups[i]} className="num">
                    {v === null ? '–' : num(v)}
                  </td>
                ))}
                <td className="num">{num(r.total)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('population.total')}</th>
              {table.totals.map((v, i) => (
                <td key={table.groups[i]} className="num">
                  {num(v)}
                </td>
              ))}
              <td className="num">{num(table.grand)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </>
  );
}

/**
 * Einwohnerzahlen (`/monitoring/bevoelkerung`): administrators upload the
 * statistics office's CSV; administrators and the monitoring see what is
 * stored, one year at a time.
 */
export function PopulationPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const stored = useAsync(() => monitoringApi.population(), []);
  const isAdmin = hasRole(user, 'admin');
  return (
    <>
      <PageHeading title={t('population.title')}>{t('population.title')}</PageHeading>
      <p className="lead">{t('population.intro')}</p>
      {hasRole(user, ...MONITORING_ROLES) && (
        <p className="no-print">
          <Link href="/monitoring">{t('population.toMonitoring')}</Link>
        </p>
      )}
      {isAdmin ? <UploadForm onStored={stored.reload} /> : <p className="hint">{t('population.readOnly')}</p>}
      <section className="stack" aria-labelledby="pop-stored-heading">
        <h2 id="pop-stored-heading" className="section-heading">
          {t('population.storedTitle')}
        </h2>
        <ErrorBox error={stored.error} />
        {stored.loading && !stored.data && <Loading />}
        {stored.data && <StoredPopulation rows={stored.data} />}
      </section>
    </>
  );
}
