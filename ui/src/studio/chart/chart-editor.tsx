import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import type { DefinitionDocument, DefinitionGraph, ErrorDetail, LocalizedText } from '../../api/types.js';
import type { Definition } from '../../../../engine/definition/definition-schema.js';
import { definitionGraph } from '../../../../engine/definition/graph.js';
import { Loading } from '../../components/common.js';
import { delayLabelsOf, eventLabelsOf, taskLabelsOf } from '../../case/event-labels.js';
import { useI18n } from '../../i18n/i18n.js';
import { ChartEditError, addState, listStates, statePointer, type ChartState } from './model.js';
import { listTransitions, type ChartTransition } from './transitions.js';
import { problemsAt, useDraftLint } from './use-lint.js';
import { StatePanel } from './state-panel.js';
import { TransitionPanel } from './transition-panel.js';
import { TextPair } from './widgets.js';
import { triggerText } from './trigger-text.js';

const StateDiagram = lazy(() => import('../../case/state-diagram.js'));

/** What the side panel edits. */
export type Selection = { kind: 'state'; path: string } | { kind: 'transition'; pointer: string } | null;

/** Props every studio editor takes: the draft and how to change it. */
export interface EditorProps {
  document: DefinitionDocument;
  update: (doc: DefinitionDocument) => void;
  /** Lint problems of the draft; when left out the editor lints by itself. */
  problems?: ErrorDetail[];
  /** A JSON pointer some other view asked to show (a lint problem): its state or transition is selected. */
  focus?: string | null;
}

/**
 * The statechart editor ("Ablauf"): the diagram with clickable states and
 * arrows, beside it the same process as a list (every action is reachable
 * by keyboard and buttons, nothing needs dragging), and a side panel that
 * edits the selected state or transition as a form.
 */
export function ChartEditor({ document, update, problems: given, focus }: EditorProps) {
  const { t, lt } = useI18n();
  const lint = useDraftLint(document);
  const problems = given ?? lint.problems;
  const [selection, setSelection] = useState<Selection>(null);
  const [newTitle, setNewTitle] = useState<LocalizedText>({ de: '' });
  const [error, setError] = useState<string | null>(null);

  const states = useMemo(() => listStates(document), [document]);
  const transitions = useMemo(() => listTransitions(document, states.map((s) => s.path)), [document, states]);
  const graph = useMemo<DefinitionGraph | null>(() => {
    try {
      return definitionGraph(document as unknown as Definition);
    } catch {
      return null;
    }
  }, [document]);
  const labels = useMemo(() => {
    const delays = delayLabelsOf(document);
    return { ...eventLabelsOf(document.machine), ...taskLabelsOf(document.machine), ...Object.fromEntries(Object.entries(delays).map(([k, v]) => [`⏱ ${k}`, v])) };
  }, [document]);

  useEffect(() => {
    if (!focus?.startsWith('/machine/')) return;
    const hit = transitions.find((x) => focus === x.pointer || focus.startsWith(`${x.pointer}/`));
    if (hit) return setSelection({ kind: 'transition', pointer: hit.pointer });
    const state = [...states].reverse().find((s) => focus === statePointer(s.path) || focus.startsWith(`${statePointer(s.path)}/`));
    if (state) setSelection({ kind: 'state', path: state.path });
    // Only a new focus moves the selection; edits keep it where the person put it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focus]);

  const edit = (fn: () => DefinitionDocument, then?: (doc: DefinitionDocument) => void) => {
    setError(null);
    try {
      const next = fn();
      update(next);
      then?.(next);
    } catch (e) {
      if (e instanceof ChartEditError) setError(t(`chart.error.${e.code}`));
      else throw e;
    }
  };

  const selectedState = selection?.kind === 'state' ? states.find((s) => s.path === selection.path) : undefined;
  const selectedTransition = selection?.kind === 'transition' ? transitions.find((x) => x.pointer === selection.pointer) : undefined;
  const diagramSelected = selectedState?.path ?? (selectedTransition ? graph?.edges.find((e) => e.id.endsWith(`:${selectedTransition.pointer}`))?.id : undefined) ?? null;

  const addTopState = () => {
    if (!newTitle.de.trim()) {
      setError(t('chart.error.title'));
      return;
    }
    let path = '';
    edit(
      () => {
        const r = addState(document, '', { de: newTitle.de.trim(), en: newTitle.en?.trim() });
        path = r.path;
        return r.doc;
      },
      () => {
        setSelection({ kind: 'state', path });
        setNewTitle({ de: '' });
      },
    );
  };

  return (
    <div className="stack">
      {error && (
        <div className="notice notice-error" role="alert">
          {error}
        </div>
      )}
      <div className="chart-editor">
        <div className="stack">
          {graph && (
            <Suspense fallback={<Loading label={t('diagram.loading')} />}>
              <StateDiagram
                graph={graph}
                caption={t('chart.caption')}
                eventLabels={labels}
                selected={diagramSelected}
                onSelect={(kind, id) => setSelection(kind === 'state' ? { kind, path: id } : { kind: 'transition', pointer: id.slice(id.indexOf(':/machine') + 1) })}
              />
            </Suspense>
          )}
          <section className="card stack" aria-labelledby="chart-add-heading">
            <h3 id="chart-add-heading">{t('chart.addState')}</h3>
            <TextPair id="chart-new-state" label={t('chart.stateTitle')} value={newTitle} onChange={setNewTitle} required />
            <div className="form-actions">
              <button type="button" className="btn btn-secondary" onClick={addTopState}>
                {t('chart.addStateButton')}
              </button>
            </div>
          </section>
          <ChartList states={states} transitions={transitions} problems={problems} selection={selection} onSelect={setSelection} title={(s) => lt(s.title)} />
        </div>
        <aside className="card stack chart-panel" aria-label={t('chart.panel')}>
          {selectedState ? (
            <StatePanel key={selectedState.path} document={document} state={selectedState} transitions={transitions} problems={problems} edit={edit} select={setSelection} />
          ) : selectedTransition ? (
            <TransitionPanel key={selectedTransition.pointer} document={document} transition={selectedTransition} states={states} problems={problems} edit={edit} select={setSelection} />
          ) : (
            <p className="hint">{t('chart.nothingSelected')}</p>
          )}
        </aside>
      </div>
    </div>
  );
}

/** The process as a list: states (nested) and under each its transitions, each a button that selects it. */
function ChartList({ states, transitions, problems, selection, onSelect, title }: { states: ChartState[]; transitions: ChartTransition[]; problems: ErrorDetail[]; selection: Selection; onSelect: (s: Selection) => void; title: (s: ChartState) => string }) {
  const { t, lt } = useI18n();
  const byPath = new Map(states.map((s) => [s.path, s]));
  const render = (parent: string) => {
    const kids = states.filter((s) => s.parent === parent);
    if (!kids.length) return null;
    return (
      <ul>
        {kids.map((s) => {
          const own = transitions.filter((x) => x.source === s.path);
          const bad = problemsAt(problems, statePointer(s.path), { exclude: `${statePointer(s.path)}/states` }).length > 0;
          return (
            <li key={s.path}>
              <button type="button" className={`chart-item${bad ? ' has-problem' : ''}`} aria-current={selection?.kind === 'state' && selection.path === s.path ? 'true' : undefined} onClick={() => onSelect({ kind: 'state', path: s.path })}>
                {title(s)}
                {s.initial && ` · ${t('chart.initial')}`}
                {s.type === 'final' && ` · ${t('chart.final')}`}
                {s.type === 'parallel' && ` · ${t('chart.parallel')}`}
                {s.task && ` · ${t('chart.task')}`}
                {bad && <span className="visually-hidden"> ({t('chart.hasProblem')})</span>}
              </button>
              {own.length > 0 && (
                <ul aria-label={t('chart.transitionsOf', { state: title(s) })}>
                  {own.map((x) => {
                    const badT = problemsAt(problems, x.pointer).length > 0;
                    const to = x.target ? byPath.get(x.target) : undefined;
                    return (
                      <li key={x.pointer}>
                        <button type="button" className={`chart-item chart-transition${badT ? ' has-problem' : ''}`} aria-current={selection?.kind === 'transition' && selection.pointer === x.pointer ? 'true' : undefined} onClick={() => onSelect({ kind: 'transition', pointer: x.pointer })}>
                          {x.reminder ? t('chart.reminderItem', { when: triggerText(x, t, lt) }) : t('chart.transitionItem', { to: to ? title(to) : (x.target ?? t('chart.noTarget')), when: triggerText(x, t, lt) })}
                          {x.guard && ` · ${t('chart.guarded')}`}
                          {badT && <span className="visually-hidden"> ({t('chart.hasProblem')})</span>}
                        </button>
                      </li>
                    );
                  })}
                </ul>
              )}
              {render(s.path)}
            </li>
          );
        })}
      </ul>
    );
  };
  return (
    <nav className="card chart-list" aria-labelledby="chart-list-heading">
      <h3 id="chart-list-heading">{t('chart.list')}</h3>
      {render('')}
    </nav>
  );
}
