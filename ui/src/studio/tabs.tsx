import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { DefinitionDetail, LocalizedText } from '../api/types.js';

/** What every tab of the definition page gets; the document itself comes from `useDefinitionDraft()`. */
export interface StudioTabProps {
  /** The version as loaded (status, dates); read-only facts. */
  detail: DefinitionDetail;
}

/** One tab of the definition page. */
export interface StudioTab {
  /** In the URL (`?tab=<id>`) and the element ids; lowercase German, stable. */
  id: string;
  label: LocalizedText;
  /** Loaded on first view, so each editor's libraries stay in their own chunk. */
  component: LazyExoticComponent<ComponentType<StudioTabProps>>;
}

/**
 * The tabs of the definition page, in order. To add an editor, replace its
 * placeholder line with `lazy(() => import('./<folder>/<file>.js'))` (a
 * default export taking {@link StudioTabProps}). The comment lines between the
 * entries keep each line its own merge hunk.
 */
export const STUDIO_TABS: StudioTab[] = [
  { id: 'formulare', label: { de: 'Formulare', en: 'Forms' }, component: lazy(() => import('./forms/forms-tab.js')) },
  // studio-chart: statechart editor
  { id: 'ablauf', label: { de: 'Ablauf', en: 'Process flow' }, component: lazy(() => import('./chart/chart-tab.js')) },
  // studio-chart: access editor
  { id: 'zugriff', label: { de: 'Zugriff', en: 'Access' }, component: lazy(() => import('./access/access-tab.js')) },
  // studio-versions: simulation
  { id: 'simulation', label: { de: 'Simulation', en: 'Simulation' }, component: lazy(() => import('./simulation/simulation-tab.js')) },
  // studio-versions: versions and diff
  { id: 'versionen', label: { de: 'Versionen', en: 'Versions' }, component: lazy(() => import('./versions/versions-tab.js')) },
  // studio-forms: expert view
  { id: 'json', label: { de: 'JSON', en: 'JSON' }, component: lazy(() => import('./expert/expert-tab.js')) },
];
