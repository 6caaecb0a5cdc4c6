import { useMemo, useState } from 'react';
import type { DefinitionDocument, ErrorDetail, LocalizedText } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n.js';
import { GuardEditor } from '../rules/guard-editor.js';
import { ruleFields } from '../rules/fields.js';
import { stateAt, type ChartState, type Json } from './model.js';
import { addTransition, guardedFirst, listTransitions, removeTransition, setEventSpec, setGuard, setTarget, type ChartTransition } from './transitions.js';
import { problemsAt } from './use-lint.js';
import { triggerText } from './trigger-text.js';
import { DurationPicker, ProblemList, RoleChecks, TextPair } from './widgets.js';
import type { Edit } from './state-panel.js';
import type { Selection } from './chart-editor.js';

/** The side panel of a transition: target, trigger details, condition with message, delete. */
export function TransitionPanel({ document, transition: x, states, problems, edit, select }: { document: DefinitionDocument; transition: ChartTransition; states: ChartState[]; problems: ErrorDetail[]; edit: Edit; select: (s: Selection) => void }) {
  const { t, lt } = useI18n();
  const id = `tr-${x.pointer.replace(/[^a-zA-Z0-9]+/g, '-')}`;
  const fields = useMemo(() => ruleFields(document), [document]);
  const byPath = new Map(states.map((s) => [s.path, s]));
  const from = byPath.get(x.source);
  const meta = stateAt(document.machine, x.source)?.meta as { events?: Record<string, { label: LocalizedText; roles: string[]; form?: string }> } | undefined;
  const spec = meta?.events?.[x.trigger];
  const [confirmDelete, setConfirmDelete] = useState(false);
  /** Follows the transition when an edit moves it (a new delay key). */
  const reselect = (doc: DefinitionDocument, match: (c: ChartTransition) => boolean) => {
    const found = listTransitions(doc, [x.source]).find(match);
    select(found ? { kind: 'transition', pointer: found.pointer } : { kind: 'state', path: x.source });
  };

  return (
    <div className="stack">
      <h3>{t('chart.transitionHeading', { from: from ? lt(from.title) : x.source, when: triggerText(x, t, lt) })}</h3>
      <ProblemList problems={problemsAt(problems, x.pointer)} />
      {!x.reminder && (
        <div className="field">
          <label htmlFor={`${id}-target`}>{t('chart.target')}</label>
          <select id={`${id}-target`} value={x.target ?? ''} onChange={(e) => edit(() => setTarget(document, x, e.target.value))}>
            {x.target === null && <option value="">{t('chart.noTarget')}</option>}
            {states
              .filter((s) => s.type !== 'history')
              .map((s) => (
                <option key={s.path} value={s.path}>
                  {'\u00a0'.repeat(s.depth * 2)}
                  {lt(s.title)}
                </option>
              ))}
          </select>
        </div>
      )}
      <p>
        <strong>{t('chart.trigger')}:</strong> {t(`chart.trigger.${x.triggerKind}`)}
      </p>
      {x.triggerKind === 'event' && spec && (
        <>
          <TextPair id={`${id}-label`} label={t('chart.eventLabel')} value={spec.label} onChange={(label) => edit(() => setEventSpec(document, x.source, x.trigger, { ...spec, label }))} required />
          <RoleChecks id={`${id}-roles`} label={t('chart.eventRoles')} roles={document.roles} value={spec.roles} onChange={(roles) => roles.length && edit(() => setEventSpec(document, x.source, x.trigger, { ...spec, roles }))} />
        </>
      )}
      {x.triggerKind === 'after' && !x.reminder && (
        <DurationPicker
          id={`${id}-after`}
          label={t('chart.deadline')}
          value={x.trigger}
          onChange={(duration) => {
            if (!duration || duration === x.trigger || x.target === null) return;
            let moved: { kind: string; trigger: string; index: number } | null = null;
            edit(
              () => {
                const r = addTransition(removeTransition(document, x), x.source, x.target!, { kind: 'after', duration }, x.guard);
                moved = r.ref;
                return r.doc;
              },
              (doc) => moved && reselect(doc, (c) => c.kind === 'after' && c.trigger === moved!.trigger && c.index === moved!.index),
            );
          }}
        />
      )}
      {x.triggerKind === 'linked' && <p className="hint">{t('chart.linkedInfo', { event: x.trigger })}</p>}
      {!x.reminder && (
        <GuardEditor
          key={x.pointer}
          id={`${id}-guard`}
          guard={x.guard}
          fields={fields}
          states={states.map((s) => ({ path: s.path, title: lt(s.title) }))}
          onChange={(g: Json | undefined) => {
            let ref = { source: x.source, kind: x.kind, trigger: x.trigger, index: x.index };
            edit(
              () => {
                const r = guardedFirst(setGuard(document, x, g), ref);
                ref = r.ref;
                return r.doc;
              },
              (doc) => ref.index !== x.index && reselect(doc, (c) => c.kind === ref.kind && c.trigger === ref.trigger && c.index === ref.index),
            );
          }}
        />
      )}
      <div className="form-actions">
        <button type="button" className="btn btn-link" onClick={() => select({ kind: 'state', path: x.source })}>
          {t('chart.toSource')}
        </button>
        {!confirmDelete ? (
          <button type="button" className="btn btn-secondary" onClick={() => setConfirmDelete(true)}>
            {t('chart.deleteTransition')}
          </button>
        ) : (
          <span role="group" aria-label={t('chart.deleteTransition')}>
            <button type="button" className="btn btn-primary" autoFocus onClick={() => edit(() => removeTransition(document, x), () => select({ kind: 'state', path: x.source }))}>
              {t('chart.deleteYes')}
            </button>{' '}
            <button type="button" className="btn btn-link" onClick={() => setConfirmDelete(false)}>
              {t('common.cancel')}
            </button>
          </span>
        )}
      </div>
    </div>
  );
}
