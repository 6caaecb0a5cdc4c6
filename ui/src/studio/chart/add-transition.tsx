import { useState } from 'react';
import type { DefinitionDocument, LocalizedText } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n.js';
import { listStates, type ChartState } from './model.js';
import { addTransition, listTransitions, type Trigger } from './transitions.js';
import { DurationPicker, RoleChecks, TextPair } from './widgets.js';
import type { Edit } from './state-panel.js';
import type { Selection } from './chart-editor.js';

type Kind = Trigger['kind'];

/**
 * Draws a transition from the selected state without dragging: choose the
 * target and what triggers it (the task is done, a person's action with
 * label and roles, a deadline, an event from a linked case).
 */
export function AddTransitionForm({ id, document, state, edit, select }: { id: string; document: DefinitionDocument; state: ChartState; edit: Edit; select: (s: Selection) => void }) {
  const { t, lt } = useI18n();
  const targets = listStates(document).filter((s) => s.type !== 'history');
  const [target, setTarget] = useState(targets.find((s) => s.path !== state.path)?.path ?? '');
  const [kind, setKind] = useState<Kind>(state.task ? 'submit' : 'event');
  const [label, setLabel] = useState<LocalizedText>({ de: '' });
  const [roles, setRoles] = useState<string[]>(state.task?.roles ?? document.roles.slice(0, 1));
  const [duration, setDuration] = useState<string | undefined>('P14D');
  const [event, setEvent] = useState('');
  const kinds: Kind[] = ['submit', 'event', 'after', 'linked'];

  const trigger = (): Trigger | null => {
    if (kind === 'submit') return { kind };
    if (kind === 'event') return label.de.trim() && roles.length ? { kind, label: { de: label.de.trim(), en: label.en?.trim() || undefined } as LocalizedText, roles } : null;
    if (kind === 'after') return duration ? { kind, duration } : null;
    if (kind === 'linked') return /^[A-Z][A-Z0-9_]*$/.test(event) ? { kind, event } : null;
    return { kind: 'always' };
  };
  const ready = !!target && trigger() !== null && (kind !== 'submit' || !!state.task);

  return (
    <section className="stack" aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`}>{t('chart.addTransition')}</h4>
      <div className="field">
        <label htmlFor={`${id}-target`}>{t('chart.target')}</label>
        <select id={`${id}-target`} value={target} onChange={(e) => setTarget(e.target.value)}>
          {targets.map((s) => (
            <option key={s.path} value={s.path}>
              {'\u00a0'.repeat(s.depth * 2)}
              {lt(s.title)}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="checks">
        <legend>{t('chart.trigger')}</legend>
        {kinds.map((k) => (
          <label key={k} className="check">
            <input type="radio" name={`${id}-kind`} value={k} checked={kind === k} disabled={k === 'submit' && !state.task} onChange={() => setKind(k)} /> {t(`chart.trigger.${k}`)}
          </label>
        ))}
        {!state.task && <p className="hint">{t('chart.submitNeedsTask')}</p>}
      </fieldset>
      {kind === 'event' && (
        <>
          <TextPair id={`${id}-label`} label={t('chart.eventLabel')} value={label} onChange={setLabel} required />
          <RoleChecks id={`${id}-roles`} label={t('chart.eventRoles')} roles={document.roles} value={roles} onChange={setRoles} />
        </>
      )}
      {kind === 'after' && <DurationPicker id={`${id}-after`} label={t('chart.deadline')} value={duration} onChange={setDuration} />}
      {kind === 'linked' && (
        <div className="field">
          <label htmlFor={`${id}-event`}>{t('chart.linkedEvent')}</label>
          <p className="hint" id={`${id}-event-hint`}>
            {t('chart.linkedEventHint')}
          </p>
          <input id={`${id}-event`} className="mono" value={event} aria-describedby={`${id}-event-hint`} onChange={(e) => setEvent(e.target.value.toUpperCase().replace(/[^A-Z0-9_]/g, '_'))} />
        </div>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-secondary"
          disabled={!ready}
          onClick={() => {
            const tr = trigger();
            if (!tr) return;
            let pointer = '';
            edit(
              () => {
                const r = addTransition(document, state.path, target, tr);
                pointer = listTransitions(r.doc, [state.path]).find((x) => x.kind === r.ref.kind && x.trigger === r.ref.trigger && x.index === r.ref.index)?.pointer ?? '';
                return r.doc;
              },
              () => pointer && select({ kind: 'transition', pointer }),
            );
          }}
        >
          {t('chart.addTransitionButton')}
        </button>
      </div>
    </section>
  );
}
