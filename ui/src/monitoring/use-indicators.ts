import { useMemo } from 'react';
import { monitoringApi } from '../api/monitoring.js';
import type { MonitoringIndicator } from '../api/monitoring-types.js';
import { fieldOfActionTitle, usePublishedProcesses } from '../components/processes.js';
import { humanize } from '../forms/schema-titles.js';
import { useI18n } from '../i18n/i18n.js';
import { messages, type MessageKey } from '../i18n/messages.js';
import { useAsync } from '../use-async.js';
import { dimensionOptions, groupByFieldOfAction, type FieldSection } from './view-model.js';

/** What both monitoring pages load: the indicators, grouped by field of action, and the dimensions offered. */
export interface IndicatorSections {
  indicators: MonitoringIndicator[];
  sections: FieldSection[];
  dimensions: Array<{ key: string; title: string }>;
  /** Whether some indicator can be read per 1,000 residents. */
  hasPopulation: boolean;
  loading: boolean;
  error: unknown;
}

/**
 * Loads the indicators this actor may read and the published processes (whose
 * field of action sorts the indicators into sections).
 */
export function useIndicatorSections(): IndicatorSections {
  const { lt, t } = useI18n();
  const indicators = useAsync(() => monitoringApi.indicators(), []);
  const processes = usePublishedProcesses();
  const population = useAsync(() => monitoringApi.hasPopulation().catch(() => false), []);
  return useMemo(() => {
    const list = indicators.data ?? [];
    const fieldOf = Object.fromEntries((processes.data ?? []).map((p) => [p.key, p.fieldOfAction]));
    return {
      indicators: list,
      sections: groupByFieldOfAction(list, fieldOf),
      dimensions: dimensionOptions(list).map((d) => ({ key: d.key, title: lt(d.title, dimensionName(d.key, t)) })),
      hasPopulation: population.data === true,
      // The sections wait for the processes too, so indicators do not jump between them.
      loading: indicators.loading || processes.loading,
      error: indicators.error ?? processes.error,
    };
  }, [indicators.data, indicators.loading, indicators.error, processes.data, processes.loading, processes.error, population.data, lt, t]);
}

/** A dimension's name from the catalogue ("Stadtteil"), else its key made readable. */
function dimensionName(key: string, t: (k: MessageKey) => string): string {
  const k = `monitoring.dimension.${key}`;
  return k in messages.de ? t(k as MessageKey) : humanize(key);
}

/** A section's heading: the field of action's title, or "Weitere Prozesse". */
export function useSectionTitle(): (section: FieldSection) => string {
  const { t, lang } = useI18n();
  return (section) => (section.key ? fieldOfActionTitle(section.key, lang) : t('monitoring.otherField'));
}
