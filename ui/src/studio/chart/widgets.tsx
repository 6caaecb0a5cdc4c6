import { useState } from 'react';
import type { LocalizedText } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n.js';
import { lintText } from '../lint-text.js';
import { DURATION_UNITS, fromIsoDuration, toIsoDuration, type DurationUnit } from './duration.js';

/**
 * Small form controls the studio's editors share: a duration as amount and
 * unit, role check boxes, a German/English text pair. Each is labelled for
 * assistive technology and works with the keyboard alone.
 */

/** Amount and unit -> ISO 8601 (`P14D`); with `optional`, an empty amount means "no duration". */
export function DurationPicker({ id, label, value, onChange, optional }: { id: string; label: string; value: string | undefined; onChange: (iso: string | undefined) => void; optional?: boolean }) {
  const { t } = useI18n();
  const picked = value ? fromIsoDuration(value) : null;
  const [unit, setUnit] = useState<DurationUnit>(picked?.unit ?? 'days');
  const amount = picked ? String(picked.amount) : '';
  const named = value !== undefined && !picked;
  return (
    <fieldset className="duration-picker">
      <legend>{label}</legend>
      {named ? (
        <p className="hint">
          {t('chart.namedDelay', { name: value })}{' '}
          <button type="button" className="btn-link" onClick={() => onChange(optional ? undefined : 'P1D')}>
            {t('chart.replace')}
          </button>
        </p>
      ) : (
        <div className="inline-fields">
          <label htmlFor={`${id}-amount`} className="visually-hidden">
            {t('chart.amount')}
          </label>
          <input
            id={`${id}-amount`}
            type="number"
            min={1}
            step={1}
            inputMode="numeric"
            className="input-short"
            value={amount}
            placeholder={optional ? t('chart.none') : undefined}
            onChange={(e) => {
              const n = Number(e.target.value);
              if (!e.target.value) onChange(optional ? undefined : value);
              else if (Number.isFinite(n) && n >= 1) onChange(toIsoDuration({ amount: n, unit }));
            }}
          />
          <label htmlFor={`${id}-unit`} className="visually-hidden">
            {t('chart.unit')}
          </label>
          <select
            id={`${id}-unit`}
            value={picked?.unit ?? unit}
            onChange={(e) => {
              const u = e.target.value as DurationUnit;
              setUnit(u);
              if (picked) onChange(toIsoDuration({ amount: picked.amount, unit: u }));
            }}
          >
            {DURATION_UNITS.map((u) => (
              <option key={u} value={u}>
                {t(`chart.unit.${u}`)}
              </option>
            ))}
          </select>
        </div>
      )}
    </fieldset>
  );
}

/** Check boxes for the document's roles. */
export function RoleChecks({ id, label, roles, value, onChange, error }: { id: string; label: string; roles: string[]; value: string[]; onChange: (roles: string[]) => void; error?: string }) {
  return (
    <fieldset className={`checks${error ? ' field-invalid' : ''}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{label}</legend>
      {roles.map((r) => (
        <label key={r} className="check">
          <input type="checkbox" name={id} value={r} checked={value.includes(r)} onChange={(e) => onChange(e.target.checked ? [...value, r] : value.filter((x) => x !== r))} /> {r}
        </label>
      ))}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** A German text with its English beside it. */
export function TextPair({ id, label, value, onChange, required }: { id: string; label: string; value: LocalizedText | undefined; onChange: (v: LocalizedText) => void; required?: boolean }) {
  const { t } = useI18n();
  const v = value ?? { de: '' };
  return (
    <div className="text-pair">
      <div className="field">
        <label htmlFor={`${id}-de`}>
          {label} ({t('chart.german')})
          {required && <span className="required" aria-hidden="true"> *</span>}
        </label>
        <input id={`${id}-de`} value={v.de} aria-required={required || undefined} onChange={(e) => onChange({ ...v, de: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-en`}>
          {label} ({t('chart.english')})
        </label>
        <input id={`${id}-en`} lang="en" value={v.en ?? ''} onChange={(e) => onChange({ ...v, en: e.target.value })} />
      </div>
    </div>
  );
}

/** Lint problems of one element, shown where it is edited. */
export function ProblemList({ problems, id }: { problems: Array<{ path: string; message: string }>; id?: string }) {
  const { t, lang } = useI18n();
  if (!problems.length) return null;
  return (
    <div className="notice notice-error" id={id}>
      <p className="error-summary-title">{t('chart.problemsHere')}</p>
      <ul className="problems">
        {problems.map((p, i) => (
          <li key={i}>
            <code>{p.path}</code> {lintText(lang, p.message)}
          </li>
        ))}
      </ul>
    </div>
  );
}
