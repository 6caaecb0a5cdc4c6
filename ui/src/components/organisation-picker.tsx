import { useId, useRef, useState } from 'react';
import type { Organisation } from '../api/organisation-types.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorBox } from './common.js';
import { byTitle, kindLabel, matchesSearch, useOrganisations } from './organisations.js';

/** At most this many options are listed at once; the search narrows the rest. */
const MAX_SHOWN = 50;

/** Props of {@link OrganisationPicker}. */
export interface OrganisationPickerProps {
  /** The group's visible label (legend), e.g. „Organisationen“. */
  label: string;
  /** Keys of the chosen organisations. */
  value: string[];
  onChange: (keys: string[]) => void;
  /** A hint under the label. */
  hint?: string;
  /** A message for the whole group (e.g. the API's answer), shown at the field and announced. */
  error?: string;
  /** Offer only organisations of these kinds. */
  kinds?: string[];
  /** The organisations to choose from; loaded from `GET /api/organisations` when absent. */
  organisations?: Organisation[];
  /** Prefix of the element ids (default: a generated one). */
  id?: string;
}

/**
 * Chooses any number of organisations: the chosen ones as removable chips, a
 * search over titles and keys, and the matches as checkboxes. Plain form
 * controls, so keyboard and screen readers work without extra ARIA.
 *
 * @example
 * <OrganisationPicker label={t('users.organisations')} value={orgs} onChange={setOrgs} />
 */
export function OrganisationPicker({ label, value, onChange, hint, error, kinds, organisations, id }: OrganisationPickerProps) {
  const { t, lt, lang, num } = useI18n();
  const generated = useId().replace(/:/g, '');
  const base = id ?? `org-picker-${generated}`;
  const loaded = useOrganisations();
  const all = organisations ?? loaded.data ?? [];
  const [search, setSearch] = useState('');
  const searchRef = useRef<HTMLInputElement>(null);
  const offered = all.filter((o) => !kinds || kinds.includes(o.kind)).sort(byTitle(lang));
  const matches = offered.filter((o) => matchesSearch(o, search));
  const shown = matches.slice(0, MAX_SHOWN);
  const byKey = new Map(all.map((o) => [o.key, o]));
  const chosen = new Set(value);
  const describedBy = [hint ? `${base}-hint` : '', error ? `${base}-error` : ''].filter(Boolean).join(' ') || undefined;

  const toggle = (key: string) => onChange(chosen.has(key) ? value.filter((k) => k !== key) : [...value, key]);

  return (
    <fieldset className={`org-picker${error ? ' field-invalid' : ''}`} aria-describedby={describedBy}>
      <legend>{label}</legend>
      {hint && (
        <p id={`${base}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${base}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
      {value.length === 0 ? (
        <p className="muted small">{t('orgPicker.noneChosen')}</p>
      ) : (
        <ul className="org-chips" aria-label={t('orgPicker.chosen')}>
          {value.map((key) => {
            const title = byKey.has(key) ? lt(byKey.get(key)!.title) : key;
            return (
              <li key={key} className="org-chip">
                <span>{title}</span>
                <button
                  type="button"
                  className="btn btn-link btn-small"
                  aria-label={t('orgPicker.remove', { title })}
                  onClick={() => {
                    onChange(value.filter((k) => k !== key));
                    searchRef.current?.focus();
                  }}
                >
                  <span aria-hidden="true">×</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="field">
        <label htmlFor={`${base}-search`}>{t('orgPicker.search')}</label>
        <input
          ref={searchRef}
          id={`${base}-search`}
          type="search"
          value={search}
          autoComplete="off"
          aria-controls={`${base}-options`}
          aria-describedby={`${base}-count`}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            // Enter in the search must not send the surrounding form.
            if (e.key === 'Enter') e.preventDefault();
          }}
        />
      </div>
      <p id={`${base}-count`} className="muted small" role="status">
        {matches.length === 0
          ? t('orgPicker.noMatch')
          : matches.length > shown.length
            ? t('orgPicker.someShown', { shown: num(shown.length), total: num(matches.length) })
            : t('orgPicker.matches', { count: num(matches.length) })}
      </p>
      {!organisations && <ErrorBox error={loaded.error} />}
      <ul id={`${base}-options`} className="org-options">
        {shown.map((o) => (
          <li key={o.key}>
            <label>
              <input type="checkbox" checked={chosen.has(o.key)} onChange={() => toggle(o.key)} />
              <span>{lt(o.title)}</span> <span className="muted small">{kindLabel(o.kind, t)}</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
