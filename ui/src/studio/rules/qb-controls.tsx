import { useId } from 'react';
import { ValueEditor, type ValueEditorProps, type ValueSelectorProps } from 'react-querybuilder';

/**
 * react-querybuilder's controls name themselves with `title` only; these
 * give each a visible label (WCAG 3.3.2, axe `label-title-only`), so the
 * rule rows read "Feld … Vergleich … Wert …" for everyone.
 */

/** A select with a visible label: fields, comparisons, combinators and choice values. */
export function LabelledSelect(props: ValueSelectorProps) {
  const id = useId();
  const { title, className, value, options, multiple, disabled, handleOnChange, listsAsArrays } = props;
  const flat = options as unknown as Array<{ name: string; label: string }>;
  const selected: string | string[] = multiple ? (Array.isArray(value) ? value.map(String) : String(value ?? '').split(',').filter(Boolean)) : String(value ?? '');
  return (
    <span className="qb-control">
      <label htmlFor={id}>{title}</label>
      <select
        id={id}
        className={className}
        value={selected}
        multiple={multiple}
        disabled={disabled}
        onChange={(e) => {
          if (!multiple) return handleOnChange(e.target.value);
          const picked = Array.from(e.target.selectedOptions, (o) => o.value);
          handleOnChange(listsAsArrays ? picked : picked.join(','));
        }}
      >
        {flat.map((o) => (
          <option key={o.name} value={o.name}>
            {o.label}
          </option>
        ))}
      </select>
    </span>
  );
}

/** The value: radio buttons under a legend, a select (labelled by itself), or an input inside its label. */
export function LabelledValueEditor(props: ValueEditorProps) {
  if (props.type === 'select' || props.type === 'multiselect') return <ValueEditor {...props} />;
  if (props.type === 'radio' || props.type === 'checkbox' || props.type === 'switch') {
    return (
      <fieldset className="qb-control qb-radios">
        <legend>{props.title}</legend>
        <ValueEditor {...props} />
      </fieldset>
    );
  }
  return (
    <label className="qb-control">
      <span>{props.title}</span>
      <ValueEditor {...props} />
    </label>
  );
}
