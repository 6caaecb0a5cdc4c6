import { delayMs, parseDuration, DEFAULT_TIME_ZONE, type CompiledDefinition, type EvalContext, type LocalizedText } from '../definition/index.js';

const TIMER_PREFIX = 'xstate.after.';

const UNITS: Array<[keyof NonNullable<ReturnType<typeof parseDuration>>['parts'], [string, string], [string, string]]> = [
  ['years', ['Jahr', 'Jahren'], ['year', 'years']],
  ['months', ['Monat', 'Monaten'], ['month', 'months']],
  ['weeks', ['Woche', 'Wochen'], ['week', 'weeks']],
  ['days', ['Tag', 'Tagen'], ['day', 'days']],
  ['hours', ['Stunde', 'Stunden'], ['hour', 'hours']],
  ['minutes', ['Minute', 'Minuten'], ['minute', 'minutes']],
];

/** An ISO 8601 duration as "nach 14 Tagen" / "after 14 days"; `null` if it is not one. */
export function afterWords(iso: string): LocalizedText | null {
  const parsed = parseDuration(iso);
  if (!parsed) return null;
  const de: string[] = [];
  const en: string[] = [];
  for (const [key, [d1, dn], [e1, en_]] of UNITS) {
    const n = Number(parsed.parts[key] ?? 0);
    if (!n) continue;
    de.push(`${n} ${n === 1 ? d1 : dn}`);
    en.push(`${n} ${n === 1 ? e1 : en_}`);
  }
  if (!de.length) return null;
  return { de: `nach ${de.join(' ')}`, en: `after ${en.join(' ')}` };
}

const germanDay = (d: Date, timeZone: string) => new Intl.DateTimeFormat('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone }).format(d);
const englishDay = (d: Date, timeZone: string) => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(d);

/**
 * Why a timer moved a case, for its history (#12): which deadline passed
 * (the delay's description, or "nach 14 Tagen"), and, when the deadline
 * had already passed as the case entered the step (a school year entered
 * too late), that it moved at once for that reason.
 *
 * `enteredAt` is when the case entered the state that holds the timer;
 * `data` the case data then (date deadlines are computed from it);
 * `timeZone` the office's calendar.
 */
export function timerLabel(compiled: CompiledDefinition, type: string, data: Record<string, unknown>, enteredAt: string | null, timeZone: string = DEFAULT_TIME_ZONE): LocalizedText | null {
  if (!type.startsWith(TIMER_PREFIX)) return null;
  const name = type.slice(TIMER_PREFIX.length).split('.')[0];
  const spec = compiled.definition.delays?.[name];
  const what = spec?.description ?? afterWords(spec?.duration ?? name);
  const label = what ? { de: `Frist abgelaufen: ${what.de}`, en: `Deadline passed: ${what.en ?? what.de}` } : { de: 'Frist abgelaufen', en: 'Deadline passed' };
  if (!enteredAt) return label;
  const ctx = { data, event: { type }, case: { id: '', createdAt: enteredAt }, now: enteredAt, timeZone, counts: {} } as EvalContext;
  const ms = delayMs(compiled.definition, name, ctx);
  if (ms === null || ms > 0) return label;
  const due = new Date(new Date(enteredAt).getTime() + ms);
  return {
    de: `${label.de}. Die Frist (${germanDay(due, timeZone)}) war schon vorbei, als der Vorgang diesen Schritt erreichte; er ist deshalb sofort weitergegangen.`,
    en: `${label.en}. The deadline (${englishDay(due, timeZone)}) had already passed when the case reached this step, so it moved on at once.`,
  };
}

/** The events of a case, as far as {@link enteredAt} needs them. */
interface MovedEvent {
  at: string;
  fromState: unknown;
  toState: unknown;
}

/** Leaf paths of an XState state value (`{ a: { b: 'c' } }` -> `a.b.c`). */
function leafPaths(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix ? `${prefix}.${value}` : value];
  if (value && typeof value === 'object') return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
  return [];
}

/**
 * When the case entered the state whose timer event `events[index]` is:
 * the last earlier event that moved into that state from outside it.
 */
export function enteredAt(compiled: CompiledDefinition, events: readonly MovedEvent[], index: number, type: string): string | null {
  const id = type.slice(TIMER_PREFIX.length).split('.').slice(1).join('.');
  const machineId = String((compiled.definition.machine as { id?: unknown }).id ?? '');
  const path = id.startsWith(`${machineId}.`) ? id.slice(machineId.length + 1) : id;
  const inside = (value: unknown) => leafPaths(value).some((p) => p === path || p.startsWith(`${path}.`));
  for (let i = index - 1; i >= 0; i--) {
    const e = events[i];
    if (inside(e.toState) && !inside(e.fromState)) return e.at;
  }
  return null;
}
