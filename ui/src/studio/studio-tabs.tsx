import { Suspense, useRef, type KeyboardEvent } from 'react';
import type { DefinitionDetail } from '../api/types.js';
import { Loading } from '../components/common.js';
import { useI18n } from '../i18n/i18n.js';
import { setQuery, useLocation } from '../router.js';
import { STUDIO_TABS } from './tabs.js';
import './studio.css';

/**
 * The definition page's tabs (WAI-ARIA tabs pattern: arrow keys, Home/End,
 * only the chosen tab in the tab order). The chosen tab is in the URL
 * (`?tab=`) so a reload or a link keeps it; only its panel is rendered, and
 * its code is loaded when first shown.
 */
export function StudioTabs({ detail }: { detail: DefinitionDetail }) {
  const { t, lt } = useI18n();
  const { search } = useLocation();
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const current = STUDIO_TABS.find((tab) => tab.id === search.get('tab')) ?? STUDIO_TABS[0];
  const index = STUDIO_TABS.indexOf(current);

  const choose = (i: number, focus: boolean) => {
    const tab = STUDIO_TABS[(i + STUDIO_TABS.length) % STUDIO_TABS.length];
    setQuery({ tab: tab.id === STUDIO_TABS[0].id ? undefined : tab.id }, { replace: true });
    if (focus) refs.current[STUDIO_TABS.indexOf(tab)]?.focus();
  };

  const onKey = (e: KeyboardEvent) => {
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: STUDIO_TABS.length - 1 };
    if (!(e.key in moves)) return;
    e.preventDefault();
    choose(moves[e.key], true);
  };

  const Panel = current.component;
  return (
    <div className="studio-tabs">
      <div role="tablist" aria-label={t('studio.tabs')} className="tab-list" onKeyDown={onKey}>
        {STUDIO_TABS.map((tab, i) => (
          <button
            key={tab.id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`studio-tab-${tab.id}`}
            aria-selected={tab === current}
            aria-controls={`studio-panel-${tab.id}`}
            tabIndex={tab === current ? 0 : -1}
            className="tab"
            onClick={() => choose(i, false)}
          >
            {lt(tab.label)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`studio-panel-${current.id}`} aria-labelledby={`studio-tab-${current.id}`} className="tab-panel" tabIndex={0}>
        <Suspense fallback={<Loading />}>
          <Panel detail={detail} />
        </Suspense>
      </div>
    </div>
  );
}
