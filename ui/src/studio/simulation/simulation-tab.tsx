import { useState } from 'react';
import { api } from '../../api/client.js';
import type { DefinitionDocument, SimMove, SimStep, SimulationResult } from '../../api/types.js';
import { ErrorBox } from '../../components/common.js';
import { AgoraForm } from '../../forms/agora-form.js';
import { DataView } from '../../forms/data-view.js';
import { useI18n } from '../../i18n/i18n.js';
import { useDefinitionDraft } from '../draft.js';
import { ProblemList } from '../problem-list.js';
import type { StudioTabProps } from '../tabs.js';

/** The "Simulation" tab over the draft document; a click on a problem asks the shell to show its element. */
export default function SimulationTab(_props: StudioTabProps) {
  const draft = useDefinitionDraft();
  return <SimulationView document={draft.document} focusElement={draft.setFocus} />;
}

/** The move of a step with other form data (a start carries its data per form). */
function withData(move: SimMove, form: string | null, data: unknown): SimMove {
  if (move.kind === 'send') return { ...move, data };
  if (move.kind === 'start' && form) return { ...move, data: { ...(move.data ?? {}), [form]: data } };
  return move;
}

/**
 * Plays a definition through before it is published (POST
 * /api/definitions/simulate): lint problems with a link to their element,
 * the generated paths with the end each reaches, step by step with the role
 * acting and the form data, which can be changed with the real form
 * renderer and the path played again.
 */
export function SimulationView({ document, focusElement }: { document: DefinitionDocument; focusElement: (pointer: string) => void }) {
  const { t, lt } = useI18n();
  const [result, setResult] = useState<SimulationResult | null>(null);
  const [ranOn, setRanOn] = useState<DefinitionDocument | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [role, setRole] = useState('');

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await api.simulate(document));
      setRanOn(document);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const rerun = async (index: number, moves: SimMove[]) => {
    const again = await api.simulate(document, [moves]);
    setResult((prev) => (prev ? { ...prev, paths: prev.paths.map((p, i) => (i === index ? again.paths[0] : p)) } : prev));
  };

  const paths = (result?.paths ?? []).map((p, i) => ({ ...p, n: i + 1 })).filter((p) => !role || p.steps.some((s) => s.roles.includes(role)));
  return (
    <div className="simulation">
      <p className="hint">{t('simulation.intro')}</p>
      <div className="form-actions">
        <button type="button" className="btn btn-primary" onClick={() => void run()} disabled={busy}>
          {busy ? t('simulation.running') : t('simulation.run')}
        </button>
        <div className="field inline-field">
          <label htmlFor="simulation-role">{t('simulation.role')}</label>
          <select id="simulation-role" value={role} onChange={(e) => setRole(e.target.value)}>
            <option value="">{t('simulation.allRoles')}</option>
            {document.roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
      </div>
      {error !== null && <ErrorBox error={error} />}
      {result && ranOn !== document && <p className="muted">{t('simulation.stale')}</p>}
      {result && <ProblemList problems={result.problems} onJump={focusElement} />}
      {result && result.warnings.length > 0 && (
        <section aria-labelledby="simulation-warnings">
          <h3 id="simulation-warnings">{t('simulation.warnings')}</h3>
          <ul>
            {result.warnings.map((w, i) => (
              <li key={i}>
                <button type="button" className="btn-link" onClick={() => focusElement(w.path)}>
                  <code>{w.path}</code>
                </button>{' '}
                {w.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      {result?.ok && (
        <>
          <p aria-live="polite">{t('simulation.coverage', { covered: result.covered, total: result.total })}</p>
          {result.uncovered.length > 0 && (
            <section aria-labelledby="simulation-uncovered">
              <h3 id="simulation-uncovered">{t('simulation.uncovered')}</h3>
              <ul>
                {result.uncovered.map((u) => (
                  <li key={u.pointer}>
                    <button type="button" className="btn-link" onClick={() => focusElement(u.pointer)}>
                      {u.from || u.definition} – {u.trigger || '(always)'}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {paths.length === 0 && <p className="muted">{t('simulation.noPaths')}</p>}
          {paths.map((p) => (
            <details key={p.n} className="card simulation-path" open={p.n === 1}>
              <summary>
                {p.end ? t(p.end.status === 'closed' ? 'simulation.path' : 'simulation.pathOpen', { n: p.n, state: lt(p.end.title) }) : `#${p.n}`}
              </summary>
              <ol className="simulation-steps">
                {p.steps.map((s, i) => (
                  <StepItem
                    key={i}
                    id={`sim-${p.n}-${i}`}
                    step={s}
                    document={document}
                    highlight={!!role && s.roles.includes(role)}
                    onData={(data) => rerun(p.n - 1, [...p.steps.slice(0, i).map((x) => x.move), withData(s.move, s.form, data), ...p.steps.slice(i + 1).map((x) => x.move)])}
                  />
                ))}
              </ol>
            </details>
          ))}
        </>
      )}
    </div>
  );
}

function StepItem({ id, step, document, highlight, onData }: { id: string; step: SimStep; document: DefinitionDocument; highlight: boolean; onData: (data: unknown) => Promise<void> }) {
  const { t, lt } = useI18n();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState<unknown>(step.data);
  const spec = step.form ? document.forms[step.form] : undefined;
  return (
    <li className={highlight ? 'simulation-step simulation-step-role' : 'simulation-step'}>
      <p>
        <strong>{lt(step.label)}</strong> · {step.roles.length ? t('simulation.roles', { roles: step.roles.join(', ') }) : t('simulation.system')}
        {step.from && step.to && (
          <>
            {' '}· {lt(step.from.title)} → {lt(step.to.title)}
          </>
        )}
        {!step.from && step.to && <> · {lt(step.to.title)}</>}
      </p>
      {step.error && (
        <p className="error-text" role="alert">
          {t('simulation.refused', { message: step.error.message })}
          {step.error.details?.map((d) => ` ${d.path}: ${d.message}`).join(';')}
        </p>
      )}
      {spec && step.data !== null && !editing && (
        <>
          <DataView value={step.data} schema={spec.schema} uiSchema={spec.uiSchema} />
          <button type="button" className="btn btn-secondary btn-small" onClick={() => setEditing(true)}>
            {t('simulation.editData')}
          </button>
        </>
      )}
      {spec && editing && (
        <AgoraForm
          idPrefix={id}
          spec={spec}
          value={value}
          onChange={(v) => setValue(v)}
          onSubmit={async (v) => {
            await onData(v);
            setEditing(false);
          }}
          submitLabel={t('simulation.rerun')}
          headingLevel={3}
          actions={
            <button type="button" className="btn btn-secondary" onClick={() => setEditing(false)}>
              {t('simulation.cancel')}
            </button>
          }
        />
      )}
    </li>
  );
}
