import type { ComponentType } from 'react';
import { useI18n } from '../i18n/i18n.js';
import type { StudioTabProps } from './tabs.js';

/** A tab whose editor is not built yet: says so, so the tab list already shows the whole studio. */
export function placeholderTab(name: string): ComponentType<StudioTabProps> {
  function Placeholder() {
    const { t } = useI18n();
    return <p className="muted">{t('studio.tabComing', { name })}</p>;
  }
  return Placeholder;
}
