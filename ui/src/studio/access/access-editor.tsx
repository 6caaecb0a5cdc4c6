import { useMemo } from 'react';
import type { DefinitionDocument, ErrorDetail } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n.js';
import { ProblemList, TextPair } from '../chart/widgets.js';
import { problemsAt } from '../chart/use-lint.js';
import { ruleFields, type RuleField } from '../rules/fields.js';
import { RuleBuilder } from '../rules/rule-builder.js';
import { accessOf, setAccess, type AccessRule } from './model.js';

/** Fields a condition over `{ data, case }` may read: the forms' fields and the case's status. */
function conditionFields(doc: DefinitionDocument, t: (k: 'status.active' | 'status.closed' | 'access.caseStatus') => string): RuleField[] {
  return [
    ...ruleFields(doc),
    { name: 'case.status', pointer: '', form: '', label: t('access.caseStatus'), kind: 'choice', values: [{ value: 'active', label: t('status.active') }, { value: 'closed', label: t('status.closed') }], schema: {} },
  ];
}

/**
 * The Zuständigkeit rules of a process, one card per role: for whose
 * organisation the role acts (owner, an organisation field of the case
 * data, or the whole city), the consent condition and the visible forms.
 * Lint problems of a role's entry are shown in its card.
 */
export function AccessEditor({ document, update, problems = [], warnings = [] }: { document: DefinitionDocument; update: (doc: DefinitionDocument) => void; problems?: ErrorDetail[]; warnings?: ErrorDetail[] }) {
  const { t } = useI18n();
  const fields = useMemo(() => conditionFields(document, t), [document, t]);
  const orgFields = fields.filter((f) => f.catalogue);
  return (
    <div className="stack access-editor">
      <p className="hint">{t('access.intro')}</p>
      {document.roles.map((role) => (
        <RoleCard
          key={role}
          role={role}
          rule={accessOf(document, role)}
          document={document}
          fields={fields}
          orgFields={orgFields}
          problems={[...problemsAt(problems, `/access/${role}`), ...problemsAt(warnings, `/access/${role}`)]}
          onChange={(rule) => update(setAccess(document, role, rule))}
        />
      ))}
    </div>
  );
}

function RoleCard({ role, rule, document, fields, orgFields, problems, onChange }: { role: string; rule: AccessRule | undefined; document: DefinitionDocument; fields: RuleField[]; orgFields: RuleField[]; problems: ErrorDetail[]; onChange: (r: AccessRule | undefined) => void }) {
  const { t, lt } = useI18n();
  const id = `access-${role}`;
  const org = rule?.organisation;
  const orgMode = org === undefined ? 'tenant' : org === 'owner' ? 'owner' : typeof org === 'string' ? 'field' : 'list';
  const forms = Object.entries(document.forms);
  return (
    <section className="card stack" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t('access.role', { role })}</h3>
      <ProblemList problems={problems} />
      {!rule ? (
        <>
          <p className="hint">{t('access.none')}</p>
          <div className="form-actions">
            <button type="button" className="btn btn-secondary" onClick={() => onChange({ organisation: 'owner' })}>
              {t('access.create')}
            </button>
          </div>
        </>
      ) : (
        <>
          <fieldset className="checks">
            <legend>{t('access.organisation')}</legend>
            <label className="check">
              <input type="radio" name={`${id}-org`} checked={orgMode === 'owner'} onChange={() => onChange({ ...rule, organisation: 'owner' })} /> {t('access.owner')}
            </label>
            <label className="check">
              <input type="radio" name={`${id}-org`} checked={orgMode === 'field'} disabled={orgFields.length === 0} onChange={() => onChange({ ...rule, organisation: orgFields[0]?.pointer })} /> {t('access.field')}
            </label>
            {orgMode === 'field' && (
              <div className="field nested-field">
                <label htmlFor={`${id}-org-field`}>{t('access.fieldPick')}</label>
                <select id={`${id}-org-field`} value={String(org)} onChange={(e) => onChange({ ...rule, organisation: e.target.value })}>
                  {!orgFields.some((f) => f.pointer === org) && <option value={String(org)}>{String(org)}</option>}
                  {orgFields.map((f) => (
                    <option key={f.pointer} value={f.pointer}>
                      {f.label}
                    </option>
                  ))}
                </select>
              </div>
            )}
            <label className="check">
              <input type="radio" name={`${id}-org`} checked={orgMode === 'tenant'} onChange={() => onChange({ ...rule, organisation: undefined })} /> {t('access.tenant')}
            </label>
            {orgMode === 'list' && (
              <p className="hint">
                {t('access.list')} <code>{JSON.stringify(org)}</code>
              </p>
            )}
          </fieldset>

          <div className="checks">
            <label className="check">
              <input type="checkbox" checked={rule.when !== undefined} onChange={(e) => onChange({ ...rule, when: e.target.checked ? { '==': [{ var: fields[0]?.name ?? 'case.status' }, fields[0]?.kind === 'boolean' ? true : ''] } : undefined })} />{' '}
              {t('access.conditional')}
            </label>
          </div>
          {rule.when !== undefined && (
            <RuleBuilder key={`${role}-when`} id={`${id}-when`} label={t('access.when')} rule={rule.when} fields={fields} onChange={(when) => onChange({ ...rule, when: when ?? undefined })} />
          )}

          <fieldset className="checks">
            <legend>{t('access.forms')}</legend>
            <label className="check">
              <input type="checkbox" checked={rule.forms === undefined} onChange={(e) => onChange({ ...rule, forms: e.target.checked ? undefined : forms.map(([k]) => k) })} /> {t('access.allForms')}
            </label>
            {rule.forms !== undefined &&
              forms.map(([key, spec]) => (
                <label key={key} className="check nested-field">
                  <input
                    type="checkbox"
                    checked={rule.forms!.includes(key)}
                    onChange={(e) => onChange({ ...rule, forms: e.target.checked ? forms.map(([k]) => k).filter((k) => k === key || rule.forms!.includes(k)) : rule.forms!.filter((k) => k !== key) })}
                  />{' '}
                  {lt(spec.title)}
                </label>
              ))}
          </fieldset>
          <TextPair id={`${id}-description`} label={t('access.description')} value={rule.description} onChange={(d) => onChange({ ...rule, description: d })} />
          <div className="form-actions">
            <button type="button" className="btn btn-link" onClick={() => onChange(undefined)}>
              {t('access.remove')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
