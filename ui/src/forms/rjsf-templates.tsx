import {
  TranslatableString,
  getTemplate,
  getUiOptions,
  type ArrayFieldItemButtonsTemplateProps,
  type ArrayFieldItemTemplateProps,
  type FieldTemplateProps,
  type IconButtonProps,
  type TemplatesType,
} from '@rjsf/utils';

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

/** One list entry: its fields, then its buttons below (rjsf core puts them beside, too narrow at 360 px). */
function ArrayFieldItemTemplate(props: ArrayFieldItemTemplateProps) {
  const { children, className, buttonsProps, hasToolbar, registry, uiSchema } = props;
  const Buttons = getTemplate('ArrayFieldItemButtonsTemplate', registry, getUiOptions(uiSchema));
  return (
    <div className={`${className ?? ''} array-item`}>
      {children}
      {hasToolbar && (
        <div className="array-item-toolbox">
          <Buttons {...buttonsProps} />
        </div>
      )}
    </div>
  );
}

/** The buttons of a list entry, named with the entry's number ("Eintrag 2 entfernen"). */
function ArrayFieldItemButtonsTemplate(props: ArrayFieldItemButtonsTemplateProps) {
  const { registry, index, hasMoveUp, hasMoveDown, hasCopy, hasRemove, disabled, readonly, onMoveUpItem, onMoveDownItem, onCopyItem, onRemoveItem } = props;
  const tr = registry.translateString;
  const item = `${tr(TranslatableString.ArrayItemTitle)} ${index + 1}`;
  const off = disabled || readonly;
  const button = (label: string, onClick: () => void, enabled: boolean, danger = false) => (
    <button type="button" className={`btn btn-small ${danger ? 'btn-danger-quiet' : 'btn-secondary'}`} disabled={off || !enabled} onClick={onClick}>
      {label}
    </button>
  );
  return (
    <div className="btn-group">
      {(hasMoveUp || hasMoveDown) && button(`${item}: ${tr(TranslatableString.MoveUpButton)}`, onMoveUpItem, hasMoveUp)}
      {(hasMoveUp || hasMoveDown) && button(`${item}: ${tr(TranslatableString.MoveDownButton)}`, onMoveDownItem, hasMoveDown)}
      {hasCopy && button(`${item}: ${tr(TranslatableString.CopyButton)}`, onCopyItem, true)}
      {hasRemove && button(`${item}: ${tr(TranslatableString.RemoveButton)}`, onRemoveItem, true, true)}
    </div>
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
  if (uiOptions.widget === 'radio' && displayLabel && label) {
    // A group of radio buttons is named by a legend: a label can only name one control.
    return (
      <WrapIfAdditionalTemplate {...props} classNames={`${classNames ?? ''}${hasErrors ? ' field-invalid' : ''}`} style={style}>
        <fieldset className="radio-fieldset">
          <legend className="control-label">
            {label}
            {required && (
              <span className="required" aria-hidden="true">
                {' '}*
              </span>
            )}
          </legend>
          {description}
          {children}
        </fieldset>
        {errors}
        {help}
      </WrapIfAdditionalTemplate>
    );
  }
  if (props.schema.type === 'null') {
    // A heading or a help text (the studio's form builder writes them as `type: null`): text only, nothing to enter.
    return (
      <div className={`form-note ${classNames ?? ''}`}>
        {displayLabel && label && (
          <p className="form-note-title" role="heading" aria-level={4}>
            {label}
          </p>
        )}
        {description}
      </div>
    );
  }
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
  ArrayFieldItemTemplate,
  ArrayFieldItemButtonsTemplate,
  ButtonTemplates: {
    AddButton,
    CopyButton: labelled(TranslatableString.CopyButton),
    MoveDownButton: labelled(TranslatableString.MoveDownButton),
    MoveUpButton: labelled(TranslatableString.MoveUpButton),
    RemoveButton: labelled(TranslatableString.RemoveButton),
    ClearButton: labelled(TranslatableString.ClearButton),
  },
};
