import type { ReactElement, ReactNode } from 'react';
import { cloneElement } from 'react';

/**
 * A labelled control of an own form with its hint and error: the control gets
 * `id`, `aria-invalid` and `aria-describedby` pointing at both texts, so a
 * screen reader reads the message with the field.
 *
 * @example
 * <Field id="org-key" label="Schlüssel" error={errors.key}><input value={key} onChange={…} /></Field>
 */
export function Field({ id, label, hint, error, required, children }: { id: string; label: ReactNode; hint?: ReactNode; error?: string; required?: boolean; children: ReactElement<Record<string, unknown>> }) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required && (
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {cloneElement(children, { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy, 'aria-required': required || undefined })}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
