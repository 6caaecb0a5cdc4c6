import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import Form from '@rjsf/core';
import type { IChangeEvent } from '@rjsf/core';
import type { FormValidation, RJSFValidationError } from '@rjsf/utils';
import type { CatalogueEntry, ErrorDetail, FormSpec, JsonSchema } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { prepareSchema } from './catalogue-schema.js';
import { detailsToErrorSchema, fieldIdFor, focusField, pointerSegments } from './server-errors.js';
import { isEcho, plainMessage } from './plain-messages.js';
import { transformErrorsFor, translatorFor, validatorFor } from './rjsf-locale.js';
import { templates } from './rjsf-templates.js';
import { GermanDateWidget } from './german-date-widget.js';
import { fieldTitle } from './schema-titles.js';
import { localToday, todayProblems } from './today-check.js';

/** Props of {@link AgoraForm}. */
export interface AgoraFormProps {
  /** Unique per page: rjsf ids become `${idPrefix}_field`. */
  idPrefix: string;
  spec: FormSpec;
  catalogues?: Record<string, CatalogueEntry[]>;
  value: unknown;
  /** Every change; `byUser` is false for defaults rjsf derives on its own (those are no reason to save a draft). */
  onChange: (value: unknown, byUser: boolean) => void;
  /** Called with valid data; resolve with the server's problems (422) or nothing on success. */
  onSubmit: (value: unknown) => Promise<ErrorDetail[] | void>;
  submitLabel: string;
  busy?: boolean;
  /** Extra buttons beside submit (cancel, discard draft). */
  actions?: ReactNode;
  /** Hide the form's own heading (when the page already names it). */
  hideTitle?: boolean;
  headingLevel?: 2 | 3;
}

/**
 * rjsf fills a `const` (and the first `oneOf` option) in as a default, and
 * `false` into a required yes/no question; a value nobody chose is a wrong
 * record, and a pre-ticked box is no consent (#12). Only a definition's
 * explicit `default` presets a value.
 */
const NOTHING_CHOSEN = { constAsDefaults: 'never', requiredBooleanDefault: 'skip' } as const;

/** In the German UI dates read TT.MM.JJJJ whatever the browser's language. */
const GERMAN_WIDGETS = { DateWidget: GermanDateWidget };

interface Problem {
  pointer: string;
  label: string;
  message: string;
}

const valueAt = (data: unknown, pointer: string): unknown =>
  pointerSegments(pointer).reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), data);

/**
 * A definition's form rendered with rjsf: German labels and messages, catalogue
 * selects, the server's 422 problems at their fields, an error summary that
 * is announced (role="alert") and focus on the first invalid field.
 */
export function AgoraForm({ idPrefix, spec, catalogues = {}, value, onChange, onSubmit, submitLabel, busy, actions, hideTitle, headingLevel = 2 }: AgoraFormProps) {
  const { lang, lt, t } = useI18n();
  const wrapper = useRef<HTMLDivElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const [serverErrors, setServerErrors] = useState<{ details: ErrorDetail[]; snapshot: unknown }>({ details: [], snapshot: undefined });
  const [problems, setProblems] = useState<Problem[]>([]);
  const [submitted, setSubmitted] = useState(false);
  const [focusRequest, setFocusRequest] = useState<{ pointer: string | null; n: number }>({ pointer: null, n: 0 });

  const { schema, uiSchema } = useMemo(() => {
    const r = prepareSchema(spec.schema, spec.uiSchema, catalogues, (l) => lt(l), t('form.choose'));
    const { title: _t, description: _d, ...rest } = r.schema;
    void _t;
    void _d;
    return { schema: rest as JsonSchema, uiSchema: { ...r.uiSchema, 'ui:submitButtonOptions': { norender: true } } };
  }, [spec, catalogues, lt, t]);

  // Dates checked against today, as the server does (a birth date in the future, a school year gone by).
  const customValidate = (formData: unknown, errors: FormValidation) => {
    for (const problem of todayProblems(spec.schema, formData, localToday())) {
      const node = pointerSegments(problem.pointer).reduce<any>((n, seg) => (n ? n[seg] : undefined), errors);
      node?.addError(plainMessage(lang, { name: problem.code, params: { limit: problem.limit } }) ?? '');
    }
    return errors;
  };

  const extraErrors = useMemo(() => (serverErrors.details.length ? detailsToErrorSchema(serverErrors.details) : undefined), [serverErrors]);

  // rjsf marks fields with errors only visually; tell assistive technology too.
  useEffect(() => {
    const root = wrapper.current;
    if (!root) return;
    root.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
    root.querySelectorAll('.field-invalid').forEach((group) => {
      const control = group.querySelector(':scope > input, :scope > select, :scope > textarea, :scope input, :scope select, :scope textarea');
      control?.setAttribute('aria-invalid', 'true');
    });
  });

  const describe = (pointer: string, message: string): Problem => ({
    pointer,
    label: fieldTitle(spec.schema, pointer) ?? t('form.field'),
    message,
  });

  /** Problems in the order their fields appear on screen, so summary and focus follow the page. */
  const inPageOrder = (list: Problem[]): Problem[] => {
    const root = wrapper.current;
    if (!root) return list;
    const order = new Map<string, number>();
    root.querySelectorAll('[id]').forEach((el, i) => order.set(el.id, i));
    const pos = (p: Problem) => {
      const id = fieldIdFor(idPrefix, p.pointer);
      if (order.has(id)) return order.get(id)!;
      for (const [key, i] of order) if (key.startsWith(id)) return i;
      return Number.MAX_SAFE_INTEGER;
    };
    return [...list].sort((a, b) => pos(a) - pos(b));
  };

  const showProblems = (list: Problem[]) => {
    const sorted = inPageOrder(list);
    setProblems(sorted);
    setFocusRequest((r) => ({ pointer: sorted[0]?.pointer ?? null, n: r.n + 1 }));
  };

  // Once the messages are rendered and the form is enabled again, focus goes to the first invalid field.
  useEffect(() => {
    if (!focusRequest.n || busy) return;
    const frame = requestAnimationFrame(() => {
      if (focusRequest.pointer === null || !focusField(wrapper.current, idPrefix, focusRequest.pointer)) summaryRef.current?.focus();
    });
    return () => cancelAnimationFrame(frame);
  }, [focusRequest, busy, idPrefix]);

  const handleError = (errors: RJSFValidationError[]) => {
    setSubmitted(true);
    showProblems(
      errors.map((e) => {
        const pointer = '/' + (e.property ?? '').replace(/^\./, '').split('.').filter(Boolean).join('/');
        return describe(pointer, e.message ?? e.stack);
      }),
    );
  };

  const handleSubmit = async ({ formData }: IChangeEvent) => {
    setSubmitted(true);
    setProblems([]);
    const details = await onSubmit(formData);
    if (details && details.length) {
      const localized = details
        .filter((d) => !isEcho({ name: d.code }))
        .map((d) => ({ ...d, message: plainMessage(lang, { name: d.code, params: d.params }) ?? d.message }));
      setServerErrors({ details: localized, snapshot: formData });
      showProblems(localized.map((d) => (d.code === 'guard' ? { pointer: d.path, label: t('form.rule'), message: d.message } : describe(d.path, d.message))));
    } else {
      setServerErrors({ details: [], snapshot: undefined });
      setSubmitted(false);
    }
  };

  const handleChange = ({ formData }: IChangeEvent, id?: string) => {
    onChange(formData, id !== undefined);
    if (serverErrors.details.length) {
      // A server message goes away once its field is changed.
      const kept = serverErrors.details.filter((d) => JSON.stringify(valueAt(formData, d.path)) === JSON.stringify(valueAt(serverErrors.snapshot, d.path)));
      if (kept.length !== serverErrors.details.length) setServerErrors({ ...serverErrors, details: kept });
    }
  };

  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div className="agora-form" ref={wrapper}>
      {!hideTitle && <Heading className="form-title">{lt(spec.title)}</Heading>}
      {spec.description && <p className="form-description">{lt(spec.description)}</p>}
      <p className="hint">{t('form.requiredHint')}</p>
      <div role="alert" aria-atomic="true" ref={summaryRef} tabIndex={-1} className={problems.length ? 'error-summary' : 'visually-hidden'}>
        {problems.length > 0 && (
          <>
            <p className="error-summary-title">{problems.length === 1 ? t('form.errorsOne') : t('form.errorsMany', { n: problems.length })}</p>
            <ul>
              {problems.map((p, i) => (
                <li key={i}>
                  <a
                    href={`#${idPrefix}`}
                    onClick={(e) => {
                      e.preventDefault();
                      focusField(wrapper.current, idPrefix, p.pointer);
                    }}
                  >
                    {p.label}
                  </a>
                  : {p.message}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      <Form
        schema={schema}
        uiSchema={uiSchema}
        formData={value}
        validator={validatorFor(lang, schema)}
        idPrefix={idPrefix}
        templates={templates}
        widgets={lang === 'de' ? GERMAN_WIDGETS : undefined}
        translateString={translatorFor(lang)}
        transformErrors={transformErrorsFor(lang)}
        customValidate={customValidate}
        extraErrors={extraErrors}
        showErrorList={false}
        noHtml5Validate
        experimental_defaultFormStateBehavior={NOTHING_CHOSEN}
        focusOnFirstError={false}
        liveValidate={submitted ? 'onChange' : undefined}
        onChange={handleChange}
        onError={handleError}
        onSubmit={handleSubmit}
        disabled={busy}
      >
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy} aria-busy={busy || undefined}>
            {busy ? t('common.sending') : submitLabel}
          </button>
          {actions}
        </div>
      </Form>
    </div>
  );
}
