import { useEffect, useState } from 'react';
import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type Announcements, type DragEndEvent } from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { MessageKey } from '../../i18n/messages.js';
import { useI18n } from '../../i18n/i18n.js';
import { addField, labelOf, moveField, optionsOf, removeField } from './field-ops.js';
import { FIELD_KINDS, type BuilderKind, type FieldDescriptor, type FormModel } from './model.js';
import { FieldEditor } from './field-editor.js';

/** Props of {@link FormBuilder}. */
export interface FormBuilderProps {
  idBase: string;
  model: FormModel;
  /** The changed model; `tag` groups the keystrokes of one input into one undo step. */
  onChange: (model: FormModel, tag?: string) => void;
  onOpenJson: (fieldKey?: string) => void;
}

/**
 * The fields of one form as a list: add, edit, remove, and reorder by drag
 * and drop, by keyboard (dnd-kit's keyboard sensor on the handle) or with the
 * "Nach oben"/"Nach unten" buttons. Used again for the entries of a list field.
 */
export function FormBuilder({ idBase, model, onChange, onOpenJson }: FormBuilderProps) {
  const { t } = useI18n();
  const [open, setOpen] = useState<string | null>(null);
  const [kind, setKind] = useState<BuilderKind>('text');
  const [label, setLabel] = useState('');
  const [status, setStatus] = useState('');
  const [focus, setFocus] = useState<string | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const keys = model.fields.map((f) => f.key);
  const labelFor = (key: string | number) => labelOf(model.fields.find((f) => f.key === key) ?? ({ key: String(key), schema: {} } as FieldDescriptor));
  const position = (key: string | number) => keys.indexOf(String(key)) + 1;

  useEffect(() => {
    if (focus) document.getElementById(focus)?.focus();
    setFocus(null);
  }, [focus]);

  const move = (from: number, to: number, focusId?: string) => {
    const next = moveField(model, from, to);
    if (next === model) return;
    onChange(next);
    const f = model.fields[from];
    setStatus(t('builder.moved', { label: labelOf(f), n: to + 1, total: keys.length }));
    if (focusId) setFocus(focusId);
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (over && active.id !== over.id) move(keys.indexOf(String(active.id)), keys.indexOf(String(over.id)));
  };

  const announcements: Announcements = {
    onDragStart: ({ active }) => t('builder.pickedUp', { label: labelFor(active.id) }),
    onDragOver: ({ active, over }) => (over ? t('builder.dragOver', { label: labelFor(active.id), n: position(over.id) }) : undefined),
    onDragEnd: ({ active, over }) => (over ? t('builder.dropped', { label: labelFor(active.id), n: position(over.id) }) : undefined),
    onDragCancel: () => t('builder.dragCancelled'),
  };

  const add = () => {
    const text = label.trim();
    if (!text) {
      setFocus(`${idBase}-new-label`);
      return;
    }
    const { model: next, key } = addField(model, kind, text);
    onChange(next);
    setLabel('');
    setOpen(key);
    setStatus(t('builder.added', { label: text }));
    setFocus(`${idBase}-${key}-${kind === 'help' ? 'text-de' : 'label-de'}`);
  };

  return (
    <div className="stack form-builder">
      {model.fields.length === 0 && <p className="muted">{t('builder.noFields')}</p>}
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd} accessibility={{ announcements, screenReaderInstructions: { draggable: t('builder.dragHelp') } }}>
        <SortableContext items={keys} strategy={verticalListSortingStrategy}>
          <ol className="field-list">
            {model.fields.map((f, i) => (
              <FieldRow
                key={f.key}
                field={f}
                index={i}
                count={model.fields.length}
                idBase={idBase}
                open={open === f.key}
                model={model}
                onToggle={() => setOpen(open === f.key ? null : f.key)}
                onMove={(to, focusId) => move(i, to, focusId)}
                onRemove={() => {
                  onChange(removeField(model, f.key));
                  setStatus(t('builder.removed', { label: labelOf(f) }));
                  setFocus(`${idBase}-new-label`);
                }}
                onField={(next, tag) => onChange({ ...model, fields: model.fields.map((x) => (x.key === f.key ? next : x)) }, tag)}
                onOpenJson={() => onOpenJson(f.key)}
              />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
      <p role="status" className="visually-hidden">
        {status}
      </p>
      <fieldset className="add-field">
        <legend>{t('builder.addHeading')}</legend>
        <div className="field-pair">
          <div className="field">
            <label htmlFor={`${idBase}-new-kind`}>{t('builder.kind')}</label>
            <select id={`${idBase}-new-kind`} value={kind} onChange={(e) => setKind(e.target.value as BuilderKind)}>
              {FIELD_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`builder.kind.${k}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${idBase}-new-label`}>{t('builder.newLabel')}</label>
            <input
              id={`${idBase}-new-label`}
              value={label}
              onChange={(e) => setLabel(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  add();
                }
              }}
            />
          </div>
        </div>
        <div>
          <button type="button" className="btn btn-primary" onClick={add}>
            {t('builder.add')}
          </button>
        </div>
      </fieldset>
    </div>
  );
}

interface FieldRowProps {
  field: FieldDescriptor;
  index: number;
  count: number;
  idBase: string;
  open: boolean;
  model: FormModel;
  onToggle: () => void;
  onMove: (to: number, focusId: string) => void;
  onRemove: () => void;
  onField: (next: FieldDescriptor, tag?: string) => void;
  onOpenJson: () => void;
}

/** One field in the list: handle, label, kind, required, condition, buttons, and its editor when open. */
function FieldRow({ field: f, index, count, idBase, open, model, onToggle, onMove, onRemove, onField, onOpenJson }: FieldRowProps) {
  const { t } = useI18n();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: f.key });
  const label = labelOf(f);
  const rowId = `${idBase}-${f.key}`;
  const source = f.condition ? model.fields.find((x) => x.key === f.condition!.field) : undefined;
  const conditionValue = f.condition
    ? typeof f.condition.equals === 'boolean'
      ? t(f.condition.equals ? 'builder.yes' : 'builder.no')
      : ((source && optionsOf(source).find((o) => o.value === f.condition!.equals)?.de) ?? String(f.condition.equals))
    : '';
  return (
    <li ref={setNodeRef} style={{ transform: CSS.Transform.toString(transform), transition }} className={`field-row${isDragging ? ' dragging' : ''}${f.kind === 'expert' ? ' expert' : ''}`}>
      <div className="field-row-head">
        <button type="button" ref={setActivatorNodeRef} className="drag-handle" {...attributes} {...listeners} aria-label={t('builder.drag', { label })}>
          <span aria-hidden="true">⠿</span>
        </button>
        <span className="field-row-label">
          <strong id={`${rowId}-name`}>{label}</strong>
          {f.required && <span className="badge">{t('builder.required')}</span>} <span className="badge badge-state">{t(`builder.kind.${f.kind}` as MessageKey)}</span>
          {f.condition && <span className="hint"> {t('builder.onlyWhen', { field: source ? labelOf(source) : f.condition.field, value: conditionValue })}</span>}
        </span>
        <span className="field-row-actions">
          <button type="button" className="btn btn-link" id={`${rowId}-edit`} aria-expanded={open} aria-controls={`${rowId}-editor`} onClick={onToggle} aria-label={`${open ? t('builder.close') : t('builder.edit')}: ${label}`}>
            {open ? t('builder.close') : t('builder.edit')}
          </button>
          <button type="button" className="btn btn-link" id={`${rowId}-up`} disabled={index === 0} onClick={() => onMove(index - 1, `${rowId}-up`)} aria-label={`${t('builder.up')}: ${label}`}>
            {t('builder.up')}
          </button>
          <button type="button" className="btn btn-link" id={`${rowId}-down`} disabled={index === count - 1} onClick={() => onMove(index + 1, `${rowId}-down`)} aria-label={`${t('builder.down')}: ${label}`}>
            {t('builder.down')}
          </button>
          <button type="button" className="btn btn-link danger" onClick={onRemove} aria-label={`${t('builder.remove')}: ${label}`}>
            {t('builder.remove')}
          </button>
        </span>
      </div>
      {open && (
        <div id={`${rowId}-editor`} role="group" aria-label={t('builder.editField', { label })} className="field-row-editor">
          <FieldEditor field={f} model={model} idBase={idBase} onChange={onField} onOpenJson={onOpenJson} />
        </div>
      )}
    </li>
  );
}
