import { useState } from 'react';
import type { DefinitionDocument, ErrorDetail, LocalizedText } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n.js';
import { problemsAt } from './use-lint.js';
import { addState, deleteState, renameState, setFinal, setInitial, setParallel, setTask, setTitle, statePointer, type ChartState } from './model.js';
import { addReminder, removeTransition, type ChartTransition } from './transitions.js';
import { AddTransitionForm } from './add-transition.js';
import { DurationPicker, ProblemList, RoleChecks, TextPair } from './widgets.js';
import type { Selection } from './chart-editor.js';

/** Applies an edit (a refused one shows its reason) and then, optionally, moves the selection. */
export type Edit = (fn: () => DefinitionDocument, then?: (doc: DefinitionDocument) => void) => void;

/** The side panel of a state: title, key, start/final/parallel, task, reminders, new transitions, child states, delete. */
export function StatePanel({ document, state, transitions, problems, edit, select }: { document: DefinitionDocument; state: ChartState; transitions: ChartTransition[]; problems: ErrorDetail[]; edit: Edit; select: (s: Selection) => void }) {
  const { t, lt } = useI18n();
  const id = `state-${state.path.replace(/\./g, '-')}`;
  const [key, setKey] = useState(state.key);
  const [childTitle, setChildTitle] = useState<LocalizedText>({ de: '' });
  const [confirmDelete, setConfirmDelete] = useState(false);
  const pointer = statePointer(state.path);
  const own = problemsAt(problems, pointer, { exclude: `${pointer}/states` }).filter((p) => !/\/(on|after|always)(\/|$)/.test(p.path.slice(pointer.length)));
  const final = state.type === 'final';
  const atomic = state.type === 'atomic';
  const forms = Object.entries(document.forms);
  const reminders = transitions.filter((x) => x.source === state.path && x.reminder);
  const task = state.task;
  const title = lt(state.title);

  return (
    <div className="stack">
      <h3>{t('chart.stateHeading', { title })}</h3>
      <ProblemList problems={own} />
      <TextPair id={`${id}-title`} label={t('chart.stateTitle')} value={state.title} onChange={(v) => edit(() => setTitle(document, state.path, v))} required />
      <div className="field">
        <label htmlFor={`${id}-key`}>{t('chart.key')}</label>
        <p className="hint" id={`${id}-key-hint`}>
          {t('chart.keyHint')}
        </p>
        <div className="inline-fields">
          <input id={`${id}-key`} className="mono" value={key} aria-describedby={`${id}-key-hint`} onChange={(e) => setKey(e.target.value)} />
          <button type="button" className="btn btn-secondary btn-small" disabled={key === state.key} onClick={() => edit(() => renameState(document, state.path, key).doc, () => select({ kind: 'state', path: [state.parent, key].filter(Boolean).join('.') }))}>
            {t('chart.renameKey')}
          </button>
        </div>
      </div>
      <div className="checks">
        {state.initial ? (
          <p>{t('chart.isInitial')}</p>
        ) : (
          <button type="button" className="btn btn-secondary btn-small" onClick={() => edit(() => setInitial(document, state.path))}>
            {t('chart.makeInitial')}
          </button>
        )}
        {(atomic || final) && (
          <label className="check">
            <input type="checkbox" checked={final} onChange={(e) => edit(() => setFinal(document, state.path, e.target.checked))} /> {t('chart.finalLabel')}
          </label>
        )}
        {(state.type === 'compound' || state.type === 'parallel') && (
          <label className="check">
            <input type="checkbox" checked={state.type === 'parallel'} onChange={(e) => edit(() => setParallel(document, state.path, e.target.checked))} /> {t('chart.parallelLabel')}
          </label>
        )}
      </div>

      {atomic && (
        <fieldset className="stack">
          <legend>{t('chart.taskHeading')}</legend>
          <label className="check">
            <input type="checkbox" checked={!!task} onChange={(e) => edit(() => setTask(document, state.path, e.target.checked ? { roles: document.roles.slice(0, 1), form: forms[0]?.[0] } : undefined))} /> {t('chart.hasTask')}
          </label>
          {task && (
            <>
              <RoleChecks id={`${id}-task-roles`} label={t('chart.taskRoles')} roles={document.roles} value={task.roles} onChange={(roles) => roles.length && edit(() => setTask(document, state.path, { ...task, roles }))} />
              <div className="field">
                <label htmlFor={`${id}-task-form`}>{t('chart.taskForm')}</label>
                <select id={`${id}-task-form`} value={task.form ?? ''} onChange={(e) => edit(() => setTask(document, state.path, { ...task, form: e.target.value || undefined }))}>
                  <option value="">{t('chart.noForm')}</option>
                  {forms.map(([k, f]) => (
                    <option key={k} value={k}>
                      {lt(f.title)}
                    </option>
                  ))}
                </select>
              </div>
              <DurationPicker id={`${id}-task-due`} label={t('chart.taskDue')} value={task.due} optional onChange={(due) => edit(() => setTask(document, state.path, { ...task, due }))} />
            </>
          )}
        </fieldset>
      )}

      {!final && (
        <>
          <Reminders id={id} document={document} state={state} reminders={reminders} edit={edit} />
          <AddTransitionForm id={`${id}-new`} document={document} state={state} edit={edit} select={select} />
          <section className="stack" aria-labelledby={`${id}-child-heading`}>
            <h4 id={`${id}-child-heading`}>{t('chart.addChild')}</h4>
            <TextPair id={`${id}-child`} label={t('chart.stateTitle')} value={childTitle} onChange={setChildTitle} />
            <div className="form-actions">
              <button
                type="button"
                className="btn btn-secondary btn-small"
                disabled={!childTitle.de.trim()}
                onClick={() => {
                  let path = '';
                  edit(
                    () => {
                      const r = addState(document, state.path, { de: childTitle.de.trim(), en: childTitle.en?.trim() });
                      path = r.path;
                      // A state with children has no task of its own.
                      return setTask(r.doc, state.path, undefined);
                    },
                    () => select({ kind: 'state', path }),
                  );
                }}
              >
                {t('chart.addChildButton')}
              </button>
            </div>
          </section>
        </>
      )}

      <div className="form-actions">
        {!confirmDelete ? (
          <button type="button" className="btn btn-secondary" onClick={() => setConfirmDelete(true)}>
            {t('chart.deleteState')}
          </button>
        ) : (
          <div className="confirm" role="group" aria-label={t('chart.deleteState')}>
            <p>{t('chart.deleteConfirm', { title })}</p>
            <button type="button" className="btn btn-primary" autoFocus onClick={() => edit(() => deleteState(document, state.path), () => select(null))}>
              {t('chart.deleteYes')}
            </button>{' '}
            <button type="button" className="btn btn-link" onClick={() => setConfirmDelete(false)}>
              {t('common.cancel')}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}

/** Reminders of a state: listed with a delete button, and a small form to add one. */
function Reminders({ id, document, state, reminders, edit }: { id: string; document: DefinitionDocument; state: ChartState; reminders: ChartTransition[]; edit: Edit }) {
  const { t, lt } = useI18n();
  const [duration, setDuration] = useState<string | undefined>('P7D');
  const [title, setTitleText] = useState<LocalizedText>({ de: '' });
  const [roles, setRoles] = useState<string[]>(state.task?.roles ?? document.roles.slice(0, 1));
  return (
    <section className="stack" aria-labelledby={`${id}-rem-heading`}>
      <h4 id={`${id}-rem-heading`}>{t('chart.reminders')}</h4>
      {reminders.length > 0 && (
        <ul>
          {reminders.map((r) => {
            const action = r.actions.find((a) => (a as { type?: string }).type === 'remind') as { params?: { title?: LocalizedText; roles?: string[] } } | undefined;
            return (
              <li key={r.pointer}>
                {t('chart.reminderLine', { title: lt(action?.params?.title ?? { de: '' }), roles: (action?.params?.roles ?? []).join(', '), after: r.trigger })}{' '}
                <button type="button" className="btn btn-link" onClick={() => edit(() => removeTransition(document, r))}>
                  {t('chart.remove')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <DurationPicker id={`${id}-rem-after`} label={t('chart.reminderAfter')} value={duration} onChange={setDuration} />
      <TextPair id={`${id}-rem-title`} label={t('chart.reminderTitle')} value={title} onChange={setTitleText} />
      <RoleChecks id={`${id}-rem-roles`} label={t('chart.reminderRoles')} roles={document.roles} value={roles} onChange={setRoles} />
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-secondary btn-small"
          disabled={!duration || !title.de.trim() || roles.length === 0}
          onClick={() => edit(() => addReminder(document, state.path, { duration: duration!, title, roles }).doc, () => setTitleText({ de: '' }))}
        >
          {t('chart.addReminder')}
        </button>
      </div>
    </section>
  );
}
