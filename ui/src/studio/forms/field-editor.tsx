import type { ChangeEvent } from 'react';
import type { MessageKey } from '../../i18n/messages.js';
import { useI18n } from '../../i18n/i18n.js';
import {
  catalogueOf,
  conditionSources,
  DESCRIPTION_EN,
  itemsModel,
  limitKeys,
  optionsOf,
  setCatalogue,
  setCondition,
  setHelp,
  setInteger,
  setItemsModel,
  setLabel,
  setLimits,
  setMultiple,
  setOptions,
  setRequired,
  TITLE_EN,
  labelOf,
} from './field-ops.js';
import type { ConditionValue, FieldDescriptor, FormModel } from './model.js';
import { FormBuilder } from './form-builder.js';
import { OptionsEditor } from './options-editor.js';
import { useCatalogueList } from './form-preview.js';

/** Props of {@link FieldEditor}. */
export interface FieldEditorProps {
  field: FieldDescriptor;
  model: FormModel;
  idBase: string;
  /** A changed field; `tag` groups the keystrokes of one input into one undo step. */
  onChange: (next: FieldDescriptor, tag?: string) => void;
  onOpenJson: () => void;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const LIMIT_WORDS: Record<string, 'number' | 'text' | 'list' | 'date'> = { minimum: 'number', minLength: 'text', minItems: 'list', formatMinimum: 'date' };

/** Edits one field: labels in German and English, help text, required, limits, options, catalogue, condition, a list's entries. */
export function FieldEditor({ field: f, model, idBase, onChange, onOpenJson }: FieldEditorProps) {
  const { t, lt } = useI18n();
  const catalogues = useCatalogueList();
  const id = (part: string) => `${idBase}-${f.key}-${part}`;
  const text = (part: string, label: string, value: string, set: (v: string) => FieldDescriptor, lang?: string) => (
    <div className="field">
      <label htmlFor={id(part)}>{label}</label>
      <input id={id(part)} lang={lang} value={value} onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(set(e.target.value), id(part))} />
    </div>
  );

  if (f.kind === 'expert') {
    return (
      <div className="stack">
        <p className="hint">{t('builder.expertHint')}</p>
        <div>
          <button type="button" className="btn btn-secondary" onClick={onOpenJson}>
            {t('builder.openJson')}
          </button>
        </div>
      </div>
    );
  }

  const isHelp = f.kind === 'help';
  const limits = limitKeys(f);
  const sources = conditionSources(model, f.key);
  const source = f.condition ? model.fields.find((x) => x.key === f.condition!.field) : undefined;
  const sourceValues: Array<{ value: ConditionValue; label: string }> = !source
    ? []
    : source.kind === 'boolean'
      ? [
          { value: true, label: t('builder.yes') },
          { value: false, label: t('builder.no') },
        ]
      : optionsOf(source).map((o) => ({ value: o.value, label: o.de }));
  const encode = (v: ConditionValue) => JSON.stringify(v);

  return (
    <div className="stack field-editor">
      <div className="field-pair">
        {isHelp
          ? text('text-de', t('builder.textDe'), str(f.schema.description), (v) => setLabel(f, v, str(f.schema[DESCRIPTION_EN])))
          : text('label-de', t('builder.labelDe'), str(f.schema.title), (v) => setLabel(f, v, str(f.schema[TITLE_EN])))}
        {isHelp
          ? text('text-en', t('builder.textEn'), str(f.schema[DESCRIPTION_EN]), (v) => setLabel(f, str(f.schema.description), v), 'en')
          : text('label-en', t('builder.labelEn'), str(f.schema[TITLE_EN]), (v) => setLabel(f, str(f.schema.title), v), 'en')}
      </div>
      {!isHelp && f.kind !== 'heading' && (
        <div className="field-pair">
          {text('help-de', t('builder.helpDe'), str(f.schema.description), (v) => setHelp(f, v, str(f.schema[DESCRIPTION_EN])))}
          {text('help-en', t('builder.helpEn'), str(f.schema[DESCRIPTION_EN]), (v) => setHelp(f, str(f.schema.description), v), 'en')}
        </div>
      )}
      <p className="hint">
        {t('builder.key')}: <code>{f.key}</code>
      </p>
      {!isHelp && f.kind !== 'heading' && (
        <div className="checkbox">
          <label>
            <input id={id('required')} type="checkbox" checked={f.required} onChange={(e) => onChange(setRequired(f, e.target.checked))} />
            {t('builder.required')}
          </label>
        </div>
      )}
      {f.kind === 'number' && (
        <div className="checkbox">
          <label>
            <input id={id('integer')} type="checkbox" checked={f.schema.type === 'integer'} onChange={(e) => onChange(setInteger(f, e.target.checked))} />
            {t('builder.integer')}
          </label>
        </div>
      )}
      {limits && (
        <div className="field-pair">
          {limits.map((k, i) => {
            const word = LIMIT_WORDS[limits[0]];
            const isDate = word === 'date';
            const value = f.schema[k];
            const set = (raw: string) => {
              const v = raw === '' ? undefined : isDate ? raw : Number(raw);
              const [min, max] = [f.schema[limits[0]], f.schema[limits[1]]] as Array<number | string | undefined>;
              return i === 0 ? setLimits(f, v, max) : setLimits(f, min, v);
            };
            return (
              <div className="field" key={k}>
                <label htmlFor={id(k)}>{t(`builder.${i === 0 ? 'min' : 'max'}.${word}` as MessageKey)}</label>
                <input id={id(k)} type={isDate ? 'date' : 'number'} value={typeof value === 'number' || typeof value === 'string' ? value : ''} onChange={(e) => onChange(set(e.target.value), id(k))} />
              </div>
            );
          })}
        </div>
      )}
      {(f.kind === 'choice' || f.kind === 'multi') && <OptionsEditor idBase={id('options')} options={optionsOf(f)} onChange={(options, tag) => onChange(setOptions(f, options), tag)} />}
      {f.kind === 'catalogue' && (
        <>
          <div className="field">
            <label htmlFor={id('catalogue')}>{t('builder.catalogue')}</label>
            <select id={id('catalogue')} value={catalogueOf(f)} onChange={(e) => onChange(setCatalogue(f, e.target.value))}>
              {!catalogues.some((c) => c.key === catalogueOf(f)) && <option value={catalogueOf(f)}>{catalogueOf(f)}</option>}
              {catalogues.map((c) => (
                <option key={c.key} value={c.key}>
                  {lt(c.title, c.key)}
                </option>
              ))}
            </select>
          </div>
          <div className="checkbox">
            <label>
              <input id={id('multiple')} type="checkbox" checked={f.schema.type === 'array'} onChange={(e) => onChange(setMultiple(f, e.target.checked))} />
              {t('builder.multiple')}
            </label>
          </div>
        </>
      )}
      {(sources.length > 0 || f.condition) && (
        <div className="field-pair">
          <div className="field">
            <label htmlFor={id('condition')}>{t('builder.condition')}</label>
            <select
              id={id('condition')}
              value={f.condition?.field ?? ''}
              onChange={(e) => {
                const src = model.fields.find((x) => x.key === e.target.value);
                if (!src) return onChange(setCondition(f, null));
                const first = src.kind === 'boolean' ? true : (optionsOf(src)[0]?.value ?? '');
                onChange(setCondition(f, { field: src.key, equals: first }));
              }}
            >
              <option value="">{t('builder.always')}</option>
              {[...sources, ...(source && !sources.includes(source) ? [source] : [])].map((s) => (
                <option key={s.key} value={s.key}>
                  {labelOf(s)}
                </option>
              ))}
            </select>
          </div>
          {f.condition && (
            <div className="field">
              <label htmlFor={id('condition-value')}>{t('builder.conditionValue')}</label>
              <select id={id('condition-value')} value={encode(f.condition.equals)} onChange={(e) => onChange(setCondition(f, { field: f.condition!.field, equals: JSON.parse(e.target.value) as ConditionValue }))}>
                {!sourceValues.some((v) => v.value === f.condition!.equals) && <option value={encode(f.condition.equals)}>{String(f.condition.equals)}</option>}
                {sourceValues.map((v) => (
                  <option key={encode(v.value)} value={encode(v.value)}>
                    {v.label}
                  </option>
                ))}
              </select>
            </div>
          )}
        </div>
      )}
      {f.kind === 'list' && (
        <fieldset className="nested-builder">
          <legend>{t('builder.entryFields')}</legend>
          <FormBuilder idBase={id('items')} model={itemsModel(f)} onChange={(m, tag) => onChange(setItemsModel(f, m), tag)} onOpenJson={onOpenJson} />
        </fieldset>
      )}
    </div>
  );
}
