import { useEffect, useState } from 'react';
import { ariaDescribedByIds, type WidgetProps } from '@rjsf/utils';

/** `14.03.2020` (or `14.3.2020`, or ISO `2020-03-14`) -> `2020-03-14`; `null` if it is no real day. */
export function germanToIso(text: string): string | null {
  const t = text.trim();
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t) ?? (/^(\d{4})-(\d{2})-(\d{2})$/.test(t) ? ['', t.slice(8, 10), t.slice(5, 7), t.slice(0, 4)] : null);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `2020-03-14` -> `14.03.2020`; anything else unchanged. */
export function isoToGerman(value: unknown): string {
  if (typeof value !== 'string') return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : value;
}

/**
 * A date field that reads and writes German dates (TT.MM.JJJJ) in the German
 * UI whatever language the browser has (a native date field follows the
 * browser: "mm/dd/yyyy" on an English system) (#12). Stores ISO dates; text
 * that is no day is passed on as typed, so the form says "Bitte geben Sie
 * ein gültiges Datum an (TT.MM.JJJJ)".
 */
export function GermanDateWidget({ id, value, required, disabled, readonly, autofocus, onChange, onBlur, onFocus, placeholder, htmlName }: WidgetProps) {
  const [text, setText] = useState(isoToGerman(value));
  useEffect(() => {
    // Follow a value set from outside (a draft, earlier answers), not the one being typed.
    setText((current) => (germanToIso(current) === value || current === value ? current : isoToGerman(value)));
  }, [value]);
  return (
    <input
      type="text"
      id={id}
      name={htmlName || id}
      className="form-control date-de"
      inputMode="numeric"
      autoComplete="off"
      placeholder={placeholder || 'TT.MM.JJJJ'}
      value={text}
      required={required}
      disabled={disabled || readonly}
      autoFocus={autofocus}
      aria-describedby={ariaDescribedByIds(id)}
      onChange={(e) => {
        setText(e.target.value);
        onChange(e.target.value.trim() === '' ? undefined : (germanToIso(e.target.value) ?? e.target.value));
      }}
      onBlur={(e) => {
        const iso = germanToIso(e.target.value);
        if (iso) setText(isoToGerman(iso));
        onBlur(id, iso ?? e.target.value);
      }}
      onFocus={() => onFocus(id, value)}
    />
  );
}
