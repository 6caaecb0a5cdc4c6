import type { Definition } from './definition-schema.js';
import { COUNTABLE, lintDimension } from './lint-statistics.js';
import { escapePointer } from './walk-machine.js';
import type { ErrorDetail } from '../errors.js';

/** Detail codes of the checks across definitions. */
export const STATISTICS_UNKNOWN_INDICATOR = 'statistics-unknown-indicator';
export const STATISTICS_NOT_COUNTABLE = 'statistics-not-countable';
export const STATISTICS_PERIOD_MISMATCH = 'statistics-period-mismatch';
export const STATISTICS_PARENT_FIELD = 'statistics-parent-field';

/** A problem of a share that names another definition's indicator: the definition it is in and the one it names. */
export interface AcrossProblem {
  definition: string;
  target: string;
  detail: ErrorDetail;
}

/**
 * Checks the shares that name an indicator of another definition
 * (`"numerator": "elterntraining.plaetze"`) against the definitions known
 * together (those published, or all shipped): the indicator exists, is a
 * count or sum, and is read in the same period as the share (a share of a
 * yearly count over a quarterly one means nothing); and the dimensions taken
 * from the parent case against the parent's forms. Each problem has a
 * stable `code`. Pure; a single definition's own shares are checked by
 * `lintStatistics`.
 */
export function lintStatisticsAcross(definitions: Definition[]): AcrossProblem[] {
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const problems: AcrossProblem[] = [];
  for (const def of definitions) {
    for (const [key, dim] of Object.entries(def.statistics?.dimensions ?? {})) {
      if (!dim.parent || !def.parent) continue;
      const target = def.parent.definition;
      const parent = byKey.get(target);
      const path = `/statistics/dimensions/${escapePointer(key)}`;
      const add = (at: string, message: string) => problems.push({ definition: def.key, target, detail: { path: at, code: STATISTICS_PARENT_FIELD, message: `${def.key}, parent ${target}: ${message}` } });
      if (!parent) add(path, `the parent process is not known; publish it first`);
      else lintDimension(parent, path, dim, add);
    }
    for (const [key, ind] of Object.entries(def.statistics?.indicators ?? {})) {
      if (ind.type !== 'share') continue;
      for (const part of ['numerator', 'denominator'] as const) {
        const ref = ind[part];
        if (typeof ref !== 'string' || !ref.includes('.') || ref.startsWith(`${def.key}.`)) continue;
        const dot = ref.lastIndexOf('.');
        const target = ref.slice(0, dot);
        const name = ref.slice(dot + 1);
        const path = `/statistics/indicators/${escapePointer(key)}/${part}`;
        const add = (code: string, message: string) => problems.push({ definition: def.key, target, detail: { path, code, message } });
        const other = byKey.get(target)?.statistics?.indicators[name];
        if (!other) {
          add(STATISTICS_UNKNOWN_INDICATOR, byKey.has(target)
            ? `${def.key}: indicator "${ref}" does not exist; ${target} declares ${Object.keys(byKey.get(target)?.statistics?.indicators ?? {}).join(', ') || 'no indicators'}`
            : `${def.key}: indicator "${ref}" does not exist; publish the process "${target}" first`);
        } else if (!COUNTABLE.includes(other.type)) {
          add(STATISTICS_NOT_COUNTABLE, `${def.key}: indicator "${ref}" is a ${other.type}; a share is taken of counts and sums`);
        } else if ((other.period ?? 'year') !== (ind.period ?? 'year')) {
          add(STATISTICS_PERIOD_MISMATCH, `${def.key}: indicator "${ref}" is read per ${other.period ?? 'year'}, this share per ${ind.period ?? 'year'}; both sides need the same period`);
        }
      }
    }
  }
  return problems;
}
