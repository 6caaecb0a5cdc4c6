import { isDuration } from './duration.js';

/**
 * Hints for administrators: what Agora does not run (code) and what a
 * near-miss probably meant. German, because the people who write
 * definitions read German; lint's own messages stay short English.
 */

/** Said wherever a definition carries code or XState's code-only features. */
export const NO_CODE =
  'Agora führt keinen Code aus; nutze eine Aufgabe mit Formular (meta.task), eine Frist ("after") oder eine Regel aus dem Katalog';

/** Hint for `invoke`: services are code, Agora runs none. */
export const INVOKE_HINT = `"invoke" startet einen Dienst – ${NO_CODE} (z. B. "startChild" für einen verknüpften Fall).`;

/** Hint for a guard written as a string (an implementation name) or `assign`/inline code. */
export function guardHint(known: readonly string[]): string {
  return `${NO_CODE}: ein Guard ist { "type": "${known[0]}", "params": { "rule": <JSON Logic> } } (Katalog: ${known.join(', ')}).`;
}

/** Hint for an action written as a string, or an `assign`. */
export function actionHint(known: readonly string[]): string {
  return `${NO_CODE}: eine Aktion ist { "type", "params" } aus dem Katalog (${known.join(', ')}); Falldaten ändern nur Formulare, nicht "assign".`;
}

/** Edit distance with transpositions (optimal string alignment): `titel` is one step from `title`. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The closest of `candidates` to `word` (case-insensitive; one edit for short words, two for longer ones), or undefined. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    if (c === word) continue;
    const d = c.toLowerCase() === word.toLowerCase() ? 0 : editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return bestD <= (word.length <= 4 ? 1 : 2) ? best : undefined;
}

/** ` – meinten Sie "x"?` or nothing. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const hit = closest(word, candidates);
  return hit === undefined ? '' : ` – meinten Sie "${hit}"?`;
}

const UNITS: Record<string, string> = { tag: 'D', tage: 'D', day: 'D', days: 'D', woche: 'W', wochen: 'W', week: 'W', weeks: 'W', monat: 'M', monate: 'M', month: 'M', months: 'M', jahr: 'Y', jahre: 'Y', year: 'Y', years: 'Y' };
const TIME_UNITS: Record<string, string> = { stunde: 'H', stunden: 'H', hour: 'H', hours: 'H', minute: 'M', minuten: 'M', minutes: 'M' };

/**
 * What an almost-ISO duration probably meant: `PT30D` -> `P30D` (days stand
 * before the T), `P2H` -> `PT2H`, `p14d` -> `P14D`, `14D` and `14 Tage` -> `P14D`.
 */
export function durationSuggestion(text: string): string | undefined {
  const t = text.trim();
  const candidates: string[] = [];
  const upper = t.toUpperCase();
  candidates.push(upper);
  if (/^-?\d/.test(upper)) candidates.push(upper.replace(/^(-?)/, '$1P'));
  const m = /^(-?)PT((?:\d+[YMWDHS])+)$/.exec(upper);
  if (m) {
    // Date parts written after the T: move Y, W, D (and M before any H) in front of it.
    const parts = m[2].match(/\d+[YMWDHS]/g) ?? [];
    const date = parts.filter((p) => /[YWD]$/.test(p));
    const time = parts.filter((p) => !/[YWD]$/.test(p));
    candidates.push(`${m[1]}P${date.join('')}${time.length ? `T${time.join('')}` : ''}`);
  }
  const n = /^(-?)P((?:\d+[YMWD])*)((?:\d+[HS])+)$/.exec(upper);
  if (n) candidates.push(`${n[1]}P${n[2]}T${n[3]}`);
  const words = /^(\d+)\s*([a-zäöü]+)$/i.exec(t);
  if (words) {
    const unit = words[2].toLowerCase();
    if (UNITS[unit]) candidates.push(`P${words[1]}${UNITS[unit]}`);
    if (TIME_UNITS[unit]) candidates.push(`PT${words[1]}${TIME_UNITS[unit]}`);
  }
  return candidates.find((c) => c !== text && isDuration(c));
}

/** The German hint for a string that is not an ISO duration, or '' if none fits. */
export function durationHint(text: string): string {
  if (/^\d+$/.test(text.trim())) return ' – Agora rechnet nicht in Millisekunden; schreibe eine ISO-8601-Dauer wie "PT1H" oder "P14D".';
  const s = durationSuggestion(text);
  return s ? ` – meinten Sie "${s}"?${/^-?PT.*[DWY]/i.test(text) ? ' (Tage, Wochen und Jahre stehen vor dem "T")' : ''}` : '';
}
