import { useState } from 'react';
import type { LocalizedText } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n.js';
import { TextPair } from '../chart/widgets.js';
import type { Json } from '../chart/model.js';
import type { RuleField } from './fields.js';
import { RuleBuilder } from './rule-builder.js';

type Kind = 'none' | 'formula' | 'capacity' | 'other';

const kindOf = (g: Json | undefined): Kind => (!g ? 'none' : g.type === 'formula' ? 'formula' : g.type === 'capacity' ? 'capacity' : 'other');
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The condition of a transition: none, a rule over the form fields (rule
 * builder) or a capacity limit (a small form), each with the German/English
 * message a person reads when it blocks. Combined guards (`all`, `any`,
 * `not`, `inState`) are shown as written.
 */
export function GuardEditor({ id, guard, fields, states, onChange }: { id: string; guard: Json | undefined; fields: RuleField[]; states: Array<{ path: string; title: string }>; onChange: (g: Json | undefined) => void }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<Kind>(kindOf(guard));
  const params = isObject(guard?.params) ? guard.params : {};
  const message = guard?.message as LocalizedText | undefined;
  const withMessage = (g: Json, m: LocalizedText | undefined): Json => (m?.de ? { ...g, message: m.en ? m : { de: m.de } } : g);

  const choose = (k: Kind) => {
    setKind(k);
    if (k === 'none') onChange(undefined);
    if (k === 'formula') onChange(undefined);
    if (k === 'capacity') onChange(withMessage({ type: 'capacity', params: { states: [], max: 10 } }, message));
  };
  return (
    <fieldset className="guard-editor">
      <legend>{t('rules.condition')}</legend>
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t('rules.kind')}</label>
        <select id={`${id}-kind`} value={kind} onChange={(e) => choose(e.target.value as Kind)} disabled={kind === 'other'}>
          <option value="none">{t('rules.kind.none')}</option>
          <option value="formula">{t('rules.kind.formula')}</option>
          <option value="capacity">{t('rules.kind.capacity')}</option>
          {kind === 'other' && <option value="other">{t('rules.kind.other')}</option>}
        </select>
      </div>
      {kind === 'formula' && (
        <RuleBuilder
          id={`${id}-rule`}
          label={t('rules.rule')}
          rule={params.rule}
          fields={fields}
          onChange={(rule) => onChange(rule === undefined ? undefined : withMessage({ type: 'formula', params: { rule } }, message))}
        />
      )}
      {kind === 'capacity' && <CapacityForm id={`${id}-cap`} params={params} states={states} onChange={(p) => onChange(withMessage({ type: 'capacity', params: p }, message))} />}
      {kind === 'other' && (
        <>
          <pre className="mono source" tabIndex={0}>
            {JSON.stringify(guard, null, 2)}
          </pre>
          <p className="hint">{t('rules.readOnly')}</p>
        </>
      )}
      {kind !== 'none' && guard && (
        <TextPair id={`${id}-message`} label={t('rules.message')} value={message} onChange={(m) => onChange(withMessage({ ...guard, message: undefined }, m))} />
      )}
    </fieldset>
  );
}

/** A limit as a number, or the variable it is read from (`case.parent.data.kurs.plaetze`). */
function LimitInput({ id, label, value, onChange }: { id: string; label: string; value: unknown; onChange: (v: unknown) => void }) {
  const { t } = useI18n();
  const fromVar = isObject(value) && typeof value.var === 'string';
  if (isObject(value) && !fromVar) {
    return (
      <p className="hint">
        {label}: <code>{JSON.stringify(value)}</code> {t('rules.readOnlyShort')}
      </p>
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        inputMode={fromVar ? undefined : 'numeric'}
        value={value === undefined ? '' : fromVar ? String((value as Json).var) : String(value)}
        onChange={(e) => {
          const v = e.target.value.trim();
          if (!v) onChange(undefined);
          else if (/^\d+$/.test(v)) onChange(Number(v));
          else onChange({ var: v });
        }}
      />
      <p className="hint">{t('rules.limitHint')}</p>
    </div>
  );
}

/** `capacity`: which states count, at most / at least how many, among siblings or children. */
function CapacityForm({ id, params, states, onChange }: { id: string; params: Json; states: Array<{ path: string; title: string }>; onChange: (p: Json) => void }) {
  const { t } = useI18n();
  const counted = Array.isArray(params.states) ? (params.states as string[]) : [];
  const set = (k: string, v: unknown) => {
    const next: Json = { ...params, [k]: v };
    if (v === undefined || v === '') delete next[k];
    onChange(next);
  };
  const children = params.scope === 'children';
  return (
    <div className="stack capacity-form">
      <div className="field">
        <label htmlFor={`${id}-scope`}>{t('rules.capacity.scope')}</label>
        <select id={`${id}-scope`} value={children ? 'children' : 'siblings'} onChange={(e) => set('scope', e.target.value === 'children' ? 'children' : undefined)}>
          <option value="siblings">{t('rules.capacity.siblings')}</option>
          <option value="children">{t('rules.capacity.children')}</option>
        </select>
      </div>
      {children ? (
        <>
          <div className="field">
            <label htmlFor={`${id}-definition`}>{t('rules.capacity.definition')}</label>
            <input id={`${id}-definition`} value={String(params.definition ?? '')} onChange={(e) => set('definition', e.target.value.trim() || undefined)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-states`}>{t('rules.capacity.childStates')}</label>
            <input id={`${id}-states`} value={counted.join(', ')} onChange={(e) => set('states', e.target.value.split(',').map((s) => s.trim()).filter(Boolean))} />
          </div>
        </>
      ) : (
        <fieldset className="checks">
          <legend>{t('rules.capacity.states')}</legend>
          {states.map((s) => (
            <label key={s.path} className="check">
              <input type="checkbox" checked={counted.includes(s.path)} onChange={(e) => set('states', e.target.checked ? [...counted, s.path] : counted.filter((x) => x !== s.path))} /> {s.title}
            </label>
          ))}
        </fieldset>
      )}
      <LimitInput id={`${id}-max`} label={t('rules.capacity.max')} value={params.max} onChange={(v) => set('max', v)} />
      <LimitInput id={`${id}-min`} label={t('rules.capacity.min')} value={params.min} onChange={(v) => set('min', v)} />
    </div>
  );
}
