import { AgoraError } from '../errors.js';
import type { CaseService } from './case-service.js';
import { systemActor } from './case-service.js';
import type { EarlyWarning } from './monitoring-service.js';

/** The shipped process an early warning starts (definitions/monitoring/fruehwarnung.json). */
export const EARLY_WARNING_PROCESS = 'fruehwarnung';

/**
 * Starts a case of "Frühwarnung" for a crossing of a band: a task for the
 * coordination with the indicator, Stadtteil, period, value and band in its
 * data. Null when the process is not published in this office.
 */
export async function raiseEarlyWarning(cases: CaseService, tenantId: string, w: EarlyWarning): Promise<string | null> {
  const hinweis: Record<string, unknown> = {
    indikator: w.indicator,
    indikator_titel: w.title.de,
    zeitraum: w.period,
    wert: w.value,
    ...(w.group ? { stadtteil: w.group, stadtteil_name: w.groupLabel?.de ?? w.group } : { stadtteil_name: 'Gesamtstadt' }),
    ...(w.band.min !== null ? { band_min: w.band.min } : {}),
    ...(w.band.max !== null ? { band_max: w.band.max } : {}),
  };
  try {
    return (await cases.start(systemActor(tenantId), { definition: EARLY_WARNING_PROCESS, data: { hinweis } })).id;
  } catch (e) {
    if (e instanceof AgoraError && e.code === 'DEFINITION_NOT_FOUND') return null;
    // A group that is not an entry of the Stadtteil catalogue (a process grouping by its own list) is named, not linked.
    if (e instanceof AgoraError && e.code === 'FORM_INVALID' && 'stadtteil' in hinweis) {
      const { stadtteil: _key, ...named } = hinweis;
      return (await cases.start(systemActor(tenantId), { definition: EARLY_WARNING_PROCESS, data: { hinweis: named } })).id;
    }
    throw e;
  }
}
