import { useRef, useState, type FormEvent } from 'react';
import type { Organisation } from '../api/organisation-types.js';
import { ErrorBox } from '../components/common.js';
import { Field } from '../components/field.js';
import { fieldErrorsOf, type FieldErrors } from '../components/field-errors.js';
import { byTitle, kindLabel, ORGANISATION_KINDS } from '../components/organisations.js';
import { useI18n } from '../i18n/i18n.js';

/** The fields of the organisation form. */
export type OrgField = 'key' | 'titleDe' | 'titleEn' | 'kind' | 'parent';
/** What the form edits. */
export interface OrgValues {
  key: string;
  titleDe: string;
  titleEn: string;
  kind: string;
  parent: string;
}

/** The key pattern of the API (`engine/schemas/api.ts`, organisationKey). */
const KEY_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const ORDER: OrgField[] = ['key', 'titleDe', 'titleEn', 'kind', 'parent'];

/** Which field shows a problem at a JSON pointer of the request body. */
export function orgFieldOf(pointer: string): OrgField | null {
  if (pointer === '/key') return 'key';
  if (pointer === '/title' || pointer === '/title/de') return 'titleDe';
  if (pointer === '/title/en') return 'titleEn';
  if (pointer === '/kind') return 'kind';
  if (pointer === '/parent') return 'parent';
  return null;
}

/** The values of an existing organisation, for editing. */
export function valuesOf(o: Organisation): OrgValues {
  return { key: o.key, titleDe: o.title.de, titleEn: o.title.en ?? '', kind: o.kind, parent: o.parent ?? '' };
}

/** An empty form. */
export const EMPTY_ORG: OrgValues = { key: '', titleDe: '', titleEn: '', kind: '', parent: '' };

/**
 * Creates (`mode="create"`) or edits an organisation: key (fixed once made),
 * German and English title, kind, Träger. Checks what it can before sending;
 * the API's answers are shown at the field they concern.
 */
export function OrganisationForm({
  mode,
  initial,
  all,
  onSave,
  onCancel,
  idPrefix,
}: {
  mode: 'create' | 'edit';
  initial: OrgValues;
  all: Organisation[];
  onSave: (values: OrgValues) => Promise<void>;
  onCancel?: () => void;
  idPrefix: string;
}) {
  const { t, lt, lang } = useI18n();
  const [v, setV] = useState<OrgValues>(initial);
  const [errors, setErrors] = useState<FieldErrors<OrgField>>({});
  const [other, setOther] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const id = (f: OrgField) => `${idPrefix}-${f}`;
  const focusFirst = (found: FieldErrors<OrgField>) => {
    const first = ORDER.find((f) => found[f]);
    if (first) formRef.current?.querySelector<HTMLElement>(`#${id(first)}`)?.focus();
  };
  // A Träger is an organisation of kind „Träger“; one already set stays choosable.
  const traeger = all.filter((o) => o.key !== initial.key && (o.kind === 'traeger' || o.key === initial.parent)).sort(byTitle(lang));
  const kinds = [...ORGANISATION_KINDS, ...(initial.kind && !(ORGANISATION_KINDS as readonly string[]).includes(initial.kind) ? [initial.kind] : [])];
  const set = (f: OrgField) => (e: { target: { value: string } }) => setV((prev) => ({ ...prev, [f]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors<OrgField> = {};
    if (mode === 'create' && !KEY_PATTERN.test(v.key)) found.key = v.key ? t('org.keyInvalid') : t('org.required');
    if (!v.titleDe.trim()) found.titleDe = t('org.required');
    if (!v.kind) found.kind = t('org.kindRequired');
    setErrors(found);
    setOther(null);
    if (Object.keys(found).length) return focusFirst(found);
    setBusy(true);
    try {
      await onSave(v);
    } catch (err) {
      const { fields, rest } = fieldErrorsOf(err, orgFieldOf, {
        ORGANISATION_EXISTS: { field: 'key', message: t('org.keyTaken', { key: v.key }) },
        ORGANISATION_NOT_FOUND: { field: 'parent', message: t('org.parentMissing') },
      });
      setErrors(fields);
      if (rest) setOther(err);
      focusFirst(fields);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="org-form">
      {Object.keys(errors).length > 0 && (
        <p className="notice notice-error" role="alert">
          {t('org.checkFields')}
        </p>
      )}
      <ErrorBox error={other} />
      {mode === 'create' ? (
        <Field id={id('key')} label={t('org.key')} hint={t('org.keyHint')} error={errors.key} required>
          <input value={v.key} onChange={set('key')} autoCapitalize="none" spellCheck={false} autoComplete="off" maxLength={63} />
        </Field>
      ) : (
        <p>
          <span className="label-like">{t('org.key')}:</span> <code>{v.key}</code>
        </p>
      )}
      <Field id={id('titleDe')} label={t('org.titleDe')} error={errors.titleDe} required>
        <input value={v.titleDe} onChange={set('titleDe')} lang="de" maxLength={200} autoComplete="off" />
      </Field>
      <Field id={id('titleEn')} label={t('org.titleEn')} hint={t('org.titleEnHint')} error={errors.titleEn}>
        <input value={v.titleEn} onChange={set('titleEn')} lang="en" maxLength={200} autoComplete="off" />
      </Field>
      <Field id={id('kind')} label={t('org.kind')} error={errors.kind} required>
        <select value={v.kind} onChange={set('kind')}>
          <option value="">{t('org.choose')}</option>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {kindLabel(k, t)}
            </option>
          ))}
        </select>
      </Field>
      <Field id={id('parent')} label={t('org.parent')} hint={t('org.parentHint')} error={errors.parent}>
        <select value={v.parent} onChange={set('parent')}>
          <option value="">{t('org.noParent')}</option>
          {traeger.map((o) => (
            <option key={o.key} value={o.key}>
              {lt(o.title)}
            </option>
          ))}
        </select>
      </Field>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('common.saving') : mode === 'create' ? t('org.create') : t('org.save')}
        </button>
        {onCancel && (
          <button type="button" className="btn btn-secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
