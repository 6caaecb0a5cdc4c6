import { TranslatableString, getTemplate, getUiOptions, type FieldTemplateProps, type IconButtonProps, type TemplatesType } from '@rjsf/utils';

/**
 * Templates that replace rjsf core's Bootstrap-3 markup where it falls short
 * for us: icon-only buttons (no icon font here) become text buttons, and the
 * required marker is hidden from screen readers, which read `required`.
 */

function TextButton({ title, iconType, icon, className, uiSchema, registry, children, ...rest }: IconButtonProps) {
  void children;
  void icon;
  void uiSchema;
  void registry;
  return (
    <button type="button" className={`btn btn-small ${iconType === 'danger' ? 'btn-danger-quiet' : 'btn-secondary'} ${className ?? ''}`} {...rest}>
      {title}
    </button>
  );
}

const labelled = (key: TranslatableString) =>
  function Labelled(props: IconButtonProps) {
    return <TextButton {...props} title={props.registry.translateString(key)} />;
  };

function AddButton({ className, onClick, disabled, registry, id }: IconButtonProps) {
  return (
    <p className={`array-add ${className ?? ''}`}>
      <button type="button" id={id} className="btn btn-secondary btn-small" onClick={onClick} disabled={disabled}>
        + {registry.translateString(TranslatableString.AddItemButton)}
      </button>
    </p>
  );
}

/** Label, description, control, errors, help; `*` only visually. */
function FieldTemplate(props: FieldTemplateProps) {
  const { id, label, children, errors, help, description, hidden, required, displayLabel, registry, uiSchema, rawErrors, classNames, style } = props;
  const uiOptions = getUiOptions(uiSchema);
  const WrapIfAdditionalTemplate = getTemplate('WrapIfAdditionalTemplate', registry, uiOptions);
  if (hidden) return <div className="hidden">{children}</div>;
  const isCheckbox = uiOptions.widget === 'checkbox';
  const hasErrors = (rawErrors ?? []).length > 0;
  return (
    <WrapIfAdditionalTemplate {...props} classNames={`${classNames ?? ''}${hasErrors ? ' field-invalid' : ''}`} style={style}>
      {displayLabel && !isCheckbox && label && (
        <label className="control-label" htmlFor={id}>
          {label}
          {required && (
            <span className="required" aria-hidden="true">
              {' '}*
            </span>
          )}
        </label>
      )}
      {displayLabel && description ? description : null}
      {children}
      {errors}
      {help}
    </WrapIfAdditionalTemplate>
  );
}

/** The template overrides passed to every rjsf form of the UI. */
export const templates: Partial<Omit<TemplatesType, 'ButtonTemplates'>> & { ButtonTemplates: Partial<TemplatesType['ButtonTemplates']> } = {
  FieldTemplate,
  ButtonTemplates: {
    AddButton,
    CopyButton: labelled(TranslatableString.CopyButton),
    MoveDownButton: labelled(TranslatableString.MoveDownButton),
    MoveUpButton: labelled(TranslatableString.MoveUpButton),
    RemoveButton: labelled(TranslatableString.RemoveButton),
    ClearButton: labelled(TranslatableString.ClearButton),
  },
};
