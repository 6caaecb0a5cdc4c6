import { useMemo, useState } from 'react';
import { QueryBuilder, type Field, type RuleGroupType, type RuleType } from 'react-querybuilder';
import 'react-querybuilder/dist/query-builder.css';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import type { RuleField } from './fields.js';
import { LabelledSelect, LabelledValueEditor } from './qb-controls.js';
import { queryToRule, ruleToQuery, varsOf, type JsonLogic } from './jsonlogic.js';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Comparisons per kind of field: only those that come back as the same JSON Logic. */
const OPERATORS: Record<RuleField['kind'], string[]> = {
  boolean: ['=', '!='],
  choice: ['=', '!=', 'in'],
  multi: ['contains'],
  number: ['=', '!=', '<', '<=', '>', '>='],
  date: ['=', '!=', '<', '<=', '>', '>='],
  text: ['=', '!='],
};

/** The builder's fields from the form fields; variables a rule reads beyond them are offered as text. */
function builderFields(fields: RuleField[], extra: string[], t: T): Field[] {
  const known = new Set(fields.map((f) => f.name));
  const label = (op: string) => t(`rules.op.${op}` as MessageKey);
  const out: Field[] = fields.map((f) => ({
    name: f.name,
    label: f.label,
    operators: OPERATORS[f.kind].map((op) => ({ name: op, value: op, label: label(op) })),
    ...(f.kind === 'boolean'
      ? { valueEditorType: 'radio' as const, values: [{ name: 'true', label: t('common.yes') }, { name: 'false', label: t('common.no') }], defaultValue: 'true' }
      : f.kind === 'choice'
        ? { valueEditorType: (op: string) => (op === 'in' ? 'multiselect' : 'select'), values: f.values!.map((v) => ({ name: String(v.value), label: v.label })) }
        : f.kind === 'multi'
          ? { valueEditorType: 'select' as const, values: f.values!.map((v) => ({ name: String(v.value), label: v.label })) }
          : f.kind === 'number'
            ? { inputType: 'number' }
            : f.kind === 'date'
              ? { inputType: 'date' }
              : {}),
  }));
  for (const v of extra) if (!known.has(v)) out.push({ name: v, label: v, operators: OPERATORS.text.map((op) => ({ name: op, value: op, label: label(op) })) });
  return out;
}

/** Yes/no values are shown as the radio buttons' names (`'true'`); the rule keeps real booleans. */
function forDisplay(q: RuleGroupType): RuleGroupType {
  return { ...q, rules: q.rules.map((r) => ('rules' in r ? forDisplay(r) : typeof (r as RuleType).value === 'boolean' ? { ...r, value: String((r as RuleType).value) } : r)) };
}

/**
 * Edits a JSON Logic rule with react-querybuilder: conditions over the
 * document's form fields joined by "und"/"oder". A rule the builder cannot
 * show without changing it is shown read-only with a note (it stays as
 * written; the expert JSON view edits it). Remount with a `key` to edit
 * another rule.
 */
export function RuleBuilder({ id, label, rule, fields, onChange }: { id: string; label: string; rule: JsonLogic | undefined; fields: RuleField[]; onChange: (rule: JsonLogic | undefined) => void }) {
  const { t } = useI18n();
  const initial = useMemo(() => ruleToQuery(rule, fields), []); // eslint-disable-line react-hooks/exhaustive-deps -- remounted per rule
  const [query, setQuery] = useState<RuleGroupType | null>(initial ? forDisplay(initial) : null);
  const qbFields = useMemo(() => builderFields(fields, rule === undefined ? [] : varsOf(rule), t), [fields, rule, t]);

  if (!query) {
    return (
      <div className="rule-builder rule-readonly" role="group" aria-labelledby={`${id}-label`}>
        <p id={`${id}-label`} className="label">
          {label}
        </p>
        <pre className="mono source" tabIndex={0} aria-label={t('rules.asJson')}>
          {JSON.stringify(rule, null, 2)}
        </pre>
        <p className="hint">{t('rules.readOnly')}</p>
        <button type="button" className="btn btn-secondary btn-small" onClick={() => setQuery({ combinator: 'and', rules: [] })}>
          {t('rules.replace')}
        </button>
      </div>
    );
  }
  return (
    <div className="rule-builder" role="group" aria-labelledby={`${id}-label`} id={id}>
      <p id={`${id}-label`} className="label">
        {label}
      </p>
      {query.rules.length === 0 && <p className="hint">{t('rules.empty')}</p>}
      <QueryBuilder
        fields={qbFields}
        query={query}
        onQueryChange={(q) => {
          setQuery(q);
          onChange(queryToRule(q, fields));
        }}
        combinators={[
          { name: 'and', value: 'and', label: t('rules.and') },
          { name: 'or', value: 'or', label: t('rules.or') },
        ]}
        translations={{
          fields: { title: t('rules.field') },
          operators: { title: t('rules.operator') },
          value: { title: t('rules.value') },
          values: { title: t('rules.value') },
          combinators: { title: t('rules.combinator') },
          addRule: { label: t('rules.addRule'), title: t('rules.addRuleTitle') },
          addGroup: { label: t('rules.addGroup'), title: t('rules.addGroupTitle') },
          removeRule: { label: '⨯', title: t('rules.removeRule') },
          removeGroup: { label: '⨯', title: t('rules.removeGroup') },
        }}
        resetOnFieldChange
        controlElements={{ fieldSelector: LabelledSelect, operatorSelector: LabelledSelect, combinatorSelector: LabelledSelect, valueSelector: LabelledSelect, valueEditor: LabelledValueEditor }}
        controlClassnames={{ queryBuilder: 'agora-qb', addRule: 'btn btn-secondary btn-small', addGroup: 'btn btn-secondary btn-small', removeRule: 'btn btn-link', removeGroup: 'btn btn-link' }}
      />
    </div>
  );
}
