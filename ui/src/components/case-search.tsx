import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { api } from '../api/client.js';
import type { CaseSummary } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { navigate } from '../router.js';
import { CaseName } from './case-name.js';

/** Pause after the last keystroke before asking the server. */
export const SEARCH_DEBOUNCE_MS = 250;
const LIMIT = 8;
const MIN_CHARS = 2;

type Result = { q: string; items: CaseSummary[]; total: number } | null;

/**
 * "Vorgang suchen": a combobox (WAI-ARIA 1.2 pattern, list autocomplete) that
 * asks `GET /api/cases?q=` a moment after the person stops typing and lists
 * the matches by title, reference and process. Arrow keys walk the list,
 * Enter or a click opens the case, Escape closes the list; the number of
 * matches, or "Keine Treffer", is announced politely.
 */
export function CaseSearch() {
  const { t, lt, num } = useI18n();
  const id = useId();
  const inputId = `${id}-input`;
  const listId = `${id}-list`;
  const [text, setText] = useState('');
  const [result, setResult] = useState<Result>(null);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const [failed, setFailed] = useState(false);
  const closeTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => {
    const q = text.trim();
    if (q.length < MIN_CHARS) {
      setResult(null);
      return;
    }
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      api
        .searchCases(q, LIMIT, ctrl.signal)
        .then((page) => {
          setResult({ q, items: page.items, total: page.total });
          setActive(-1);
          setFailed(false);
        })
        .catch((err: unknown) => {
          if ((err as Error).name !== 'AbortError') setFailed(true);
        });
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [text]);

  useEffect(() => () => clearTimeout(closeTimer.current), []);

  const items = text.trim().length >= MIN_CHARS ? (result?.items ?? []) : [];
  const expanded = open && items.length > 0;
  const openCase = (c: CaseSummary) => {
    setOpen(false);
    navigate(`/cases/${encodeURIComponent(c.id)}`);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!items.length) return;
      e.preventDefault();
      setOpen(true);
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (expanded ? (i + step + items.length) % items.length : step === 1 ? 0 : items.length - 1));
    } else if (e.key === 'Enter') {
      const pick = expanded && active >= 0 ? items[active] : items.length === 1 ? items[0] : undefined;
      if (pick) {
        e.preventDefault();
        openCase(pick);
      }
    } else if (e.key === 'Escape') {
      if (expanded) setOpen(false);
      else setText('');
      setActive(-1);
    } else if (e.key === 'Home' || e.key === 'End') {
      setActive(-1);
    }
  };

  const q = text.trim();
  let status = '';
  if (failed) status = t('error.NETWORK');
  else if (result && q.length >= MIN_CHARS && result.q === q) {
    if (result.total === 0) status = t('search.none');
    else if (result.total > result.items.length) status = t('search.more', { n: num(result.total), shown: num(result.items.length) });
    else status = t('search.count', { n: num(result.total) });
  }

  return (
    <div className="case-search">
      <label htmlFor={inputId}>{t('search.label')}</label>
      <p className="hint" id={`${id}-hint`}>
        {t('search.hint')}
      </p>
      <div className="combobox">
        <input
          id={inputId}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-describedby={`${id}-hint`}
          aria-activedescendant={expanded && active >= 0 ? `${id}-opt-${active}` : undefined}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onKeyDown={onKeyDown}
          onFocus={() => setOpen(true)}
          onBlur={() => {
            closeTimer.current = setTimeout(() => setOpen(false), 150);
          }}
        />
        <ul id={listId} role="listbox" aria-label={t('search.label')} className="combobox-list" hidden={!expanded}>
          {items.map((c, i) => (
            <li
              key={c.id}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'option option-active' : 'option'}
              onMouseDown={(e) => e.preventDefault()}
              onMouseMove={() => setActive(i)}
              onClick={() => openCase(c)}
            >
              <span className="option-name">
                <CaseName title={c.title} reference={c.reference} />
              </span>
              <span className="option-meta">
                {lt(c.definition.title)} · {lt(c.stateTitle)}
              </span>
            </li>
          ))}
        </ul>
      </div>
      <p role="status" className="search-status">
        {status}
      </p>
    </div>
  );
}
