import { useState } from 'react';
import type { FormSpec } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n.js';
import { setQuery } from '../../router.js';
import { useDefinitionDraft } from '../draft.js';
import type { StudioTabProps } from '../tabs.js';
import { keyFromLabel } from './field-ops.js';
import { FormBuilder } from './form-builder.js';
import { FormPreview } from './form-preview.js';
import { fromSchema, toSchema, type FormModel } from './model.js';
import '../studio.css';

/** The "Formulare" tab: pick or create a form, edit its title and fields, and see it live as staff will. */
export default function FormsTab(_props: StudioTabProps) {
  const { t, lt } = useI18n();
  const draft = useDefinitionDraft();
  const forms = draft.document.forms ?? {};
  const formKeys = Object.keys(forms);
  const [chosen, setChosen] = useState(formKeys[0] ?? '');
  const [newTitle, setNewTitle] = useState('');
  const formKey = formKeys.includes(chosen) ? chosen : (formKeys[0] ?? '');
  const spec: FormSpec | undefined = forms[formKey];
  const model = spec ? fromSchema(spec.schema, spec.uiSchema) : null;

  const write = (next: FormModel, tag?: string) =>
    draft.update(
      (doc) => {
        const { schema, uiSchema } = toSchema(next);
        const form = doc.forms[formKey];
        form.schema = schema;
        if (uiSchema) form.uiSchema = uiSchema;
        else delete form.uiSchema;
      },
      tag ? { coalesce: `${formKey}:${tag}` } : undefined,
    );

  const setTitle = (lang: 'de' | 'en', value: string) =>
    draft.update(
      (doc) => {
        const title = doc.forms[formKey].title;
        if (lang === 'en' && !value) delete title.en;
        else title[lang] = value;
      },
      { coalesce: `${formKey}:title-${lang}` },
    );

  const createForm = () => {
    const title = newTitle.trim();
    if (!title) return document.getElementById('builder-new-form')?.focus();
    let key = keyFromLabel(title);
    for (let n = 2; key in forms; n++) key = `${keyFromLabel(title)}_${n}`;
    draft.update((doc) => {
      doc.forms = { ...doc.forms, [key]: { title: { de: title }, schema: { type: 'object', properties: {} } } };
    });
    setChosen(key);
    setNewTitle('');
  };

  const openJson = (fieldKey?: string) => {
    draft.setFocus(`/forms/${formKey}/schema${fieldKey ? `/properties/${fieldKey}` : ''}`);
    setQuery({ tab: 'json' }, { replace: true });
  };

  return (
    <div className="forms-tab stack">
      <div className="field-pair">
        {formKeys.length > 0 ? (
          <div className="field">
            <label htmlFor="builder-form">{t('builder.form')}</label>
            <select id="builder-form" value={formKey} onChange={(e) => setChosen(e.target.value)}>
              {formKeys.map((k) => (
                <option key={k} value={k}>
                  {lt(forms[k].title, k)} ({k})
                </option>
              ))}
            </select>
          </div>
        ) : (
          <p className="muted">{t('builder.noForms')}</p>
        )}
        <div className="field">
          <label htmlFor="builder-new-form">{t('builder.newFormTitle')}</label>
          <span className="inline-input">
            <input id="builder-new-form" value={newTitle} onChange={(e) => setNewTitle(e.target.value)} />
            <button type="button" className="btn btn-secondary" onClick={createForm}>
              {t('builder.addForm')}
            </button>
          </span>
        </div>
      </div>
      {spec && model && (
        <div className="builder-layout">
          <section className="card stack" aria-labelledby="builder-fields-heading">
            <h3 id="builder-fields-heading">{t('builder.fields', { form: lt(spec.title, formKey) })}</h3>
            <div className="field-pair">
              <div className="field">
                <label htmlFor="builder-title-de">{t('builder.formTitleDe')}</label>
                <input id="builder-title-de" value={spec.title?.de ?? ''} onChange={(e) => setTitle('de', e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="builder-title-en">{t('builder.formTitleEn')}</label>
                <input id="builder-title-en" lang="en" value={spec.title?.en ?? ''} onChange={(e) => setTitle('en', e.target.value)} />
              </div>
            </div>
            {model.editable ? (
              <FormBuilder key={formKey} idBase={`fb-${formKey}`} model={model} onChange={write} onOpenJson={openJson} />
            ) : (
              <p className="hint">{t('builder.notEditable')}</p>
            )}
          </section>
          <FormPreview key={formKey} formKey={formKey} spec={spec} />
        </div>
      )}
    </div>
  );
}
