import { useI18n } from '../../i18n/i18n.js';
import { keyFromLabel } from './field-ops.js';
import type { ChoiceOption } from './model.js';

/**
 * The options of a choice: German label, English label and the stored
 * value, which follows the German label until it is edited by hand.
 */
export function OptionsEditor({ idBase, options, onChange }: { idBase: string; options: ChoiceOption[]; onChange: (options: ChoiceOption[], tag?: string) => void }) {
  const { t } = useI18n();
  const set = (i: number, change: Partial<ChoiceOption>, tag: string) => onChange(options.map((o, j) => (j === i ? { ...o, ...change } : o)), tag);
  const freeValue = (base: string) => {
    const used = new Set(options.map((o) => o.value));
    if (!used.has(base)) return base;
    for (let n = 2; ; n++) if (!used.has(`${base}_${n}`)) return `${base}_${n}`;
  };
  return (
    <fieldset className="options-editor">
      <legend>{t('builder.options')}</legend>
      <ol className="plain-list stack">
        {options.map((o, i) => (
          <li key={i} className="option-row">
            <div className="field">
              <label htmlFor={`${idBase}-${i}-de`}>{t('builder.optionDe', { n: i + 1 })}</label>
              <input
                id={`${idBase}-${i}-de`}
                value={o.de}
                onChange={(e) => {
                  const follows = o.value === keyFromLabel(o.de) || o.value === '' || /^option_\d+$/.test(o.value);
                  set(i, follows ? { de: e.target.value, value: keyFromLabel(e.target.value) } : { de: e.target.value }, `${idBase}-${i}-de`);
                }}
              />
            </div>
            <div className="field">
              <label htmlFor={`${idBase}-${i}-en`}>{t('builder.optionEn', { n: i + 1 })}</label>
              <input id={`${idBase}-${i}-en`} lang="en" value={o.en ?? ''} onChange={(e) => set(i, { en: e.target.value || undefined }, `${idBase}-${i}-en`)} />
            </div>
            <div className="field">
              <label htmlFor={`${idBase}-${i}-value`}>{t('builder.optionValue', { n: i + 1 })}</label>
              <input id={`${idBase}-${i}-value`} className="mono" value={o.value} onChange={(e) => set(i, { value: e.target.value }, `${idBase}-${i}-value`)} />
            </div>
            <button type="button" className="btn btn-link" onClick={() => onChange(options.filter((_, j) => j !== i))} disabled={options.length <= 1}>
              {t('builder.removeOption', { n: i + 1 })}
            </button>
          </li>
        ))}
      </ol>
      <button type="button" className="btn btn-secondary" onClick={() => onChange([...options, { value: freeValue(`option_${options.length + 1}`), de: '' }])}>
        {t('builder.addOption')}
      </button>
    </fieldset>
  );
}
