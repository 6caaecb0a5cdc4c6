import safeRegex from 'safe-regex2';

/**
 * Resource limits of a definition (#11), checked by lint before anything is
 * compiled. An administrator's document runs inside the server: an 8,000-state
 * machine blocked it for a minute on import, a pattern such as
 * `^([a-z0-9]+)+$` for seconds per submission, a `reduce` that `merge`s a
 * submitted list for seconds and gigabytes.
 */
export const DEFINITION_LIMITS = {
  /** Serialized size of the whole document. */
  bytes: 1_000_000,
  /** States at every nesting level together. */
  states: 500,
  forms: 100,
  /** Properties of all form schemas together. */
  fields: 3_000,
} as const;

/** JSON Logic operators that loop over a list; their body runs once per element. */
const LOOPS = new Set(['map', 'filter', 'reduce', 'all', 'some', 'none']);
/** Operators that build a new list or string: inside a loop's body they copy the accumulator each time. */
const GROWING = new Set(['merge', 'cat']);

type Add = (path: string, message: string) => void;
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** The JSON Logic operator of a node (`{ "op": [args] }`), or null. */
function loopOf(node: unknown): { op: string; args: unknown[] } | null {
  if (!isObject(node)) return null;
  const keys = Object.keys(node);
  if (keys.length !== 1 || !LOOPS.has(keys[0]) || !Array.isArray(node[keys[0]])) return null;
  return { op: keys[0], args: node[keys[0]] as unknown[] };
}

/** The first loop or growing operator inside `body`, if any. */
function costlyInside(body: unknown): string | null {
  const stack = [body];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) stack.push(...v);
    else if (isObject(v)) {
      for (const [k, sub] of Object.entries(v)) {
        if ((LOOPS.has(k) || GROWING.has(k)) && Array.isArray(sub)) return k;
        stack.push(sub);
      }
    }
  }
  return null;
}

/** Counts states, forms and form fields without recursion. */
function counts(doc: Record<string, unknown>): { states: number; forms: number; fields: number } {
  let states = 0;
  const machine = [doc.machine];
  while (machine.length) {
    const node = machine.pop();
    if (!isObject(node) || !isObject(node.states)) continue;
    for (const child of Object.values(node.states)) {
      states++;
      machine.push(child);
    }
  }
  const forms = isObject(doc.forms) ? Object.values(doc.forms) : [];
  let fields = 0;
  const schemas = forms.map((f) => (isObject(f) ? f.schema : undefined));
  while (schemas.length) {
    const s = schemas.pop();
    if (Array.isArray(s)) schemas.push(...s);
    else if (isObject(s)) {
      if (isObject(s.properties)) fields += Object.keys(s.properties).length;
      schemas.push(...Object.values(s));
    }
  }
  return { states, forms: forms.length, fields };
}

/**
 * Checks a definition document against {@link DEFINITION_LIMITS}, its form
 * `pattern`s for catastrophic backtracking, and its JSON Logic rules for
 * loops whose cost grows faster than the submitted data. Adds each problem;
 * returns true when the document is too large to check or compile further.
 */
export function exceedsLimits(doc: unknown, add: Add): boolean {
  if (!isObject(doc)) return false;
  const size = JSON.stringify(doc).length;
  const found = counts(doc);
  let tooLarge = false;
  const over = (path: string, what: string, n: number, max: number) => {
    tooLarge = true;
    add(path, `the definition has ${n} ${what}; at most ${max} are allowed`);
  };
  if (size > DEFINITION_LIMITS.bytes) over('/', 'characters', size, DEFINITION_LIMITS.bytes);
  if (found.states > DEFINITION_LIMITS.states) over('/machine', 'states', found.states, DEFINITION_LIMITS.states);
  if (found.forms > DEFINITION_LIMITS.forms) over('/forms', 'forms', found.forms, DEFINITION_LIMITS.forms);
  if (found.fields > DEFINITION_LIMITS.fields) over('/forms', 'form fields', found.fields, DEFINITION_LIMITS.fields);
  if (tooLarge) return true;

  const stack: Array<[unknown, string, boolean]> = [[doc, '', false]];
  while (stack.length) {
    const [v, path, inForm] = stack.pop()!;
    if (Array.isArray(v)) {
      v.forEach((sub, i) => stack.push([sub, `${path}/${i}`, inForm]));
      continue;
    }
    if (!isObject(v)) continue;
    const loop = loopOf(v);
    if (loop) {
      const costly = costlyInside(loop.args.slice(1));
      if (costly) add(`${path}/${loop.op}`, `"${costly}" inside the body of "${loop.op}" makes the rule's cost grow with the square of the submitted list; compute it without nesting (e.g. "${loop.op}" over a "filter" result)`);
    }
    for (const [key, sub] of Object.entries(v)) {
      const here = `${path}/${escape(key)}`;
      const form = inForm || (key === 'schema' && /^\/forms\/[^/]+$/.test(path));
      if (form && key === 'pattern' && typeof sub === 'string' && !safeRegex(sub)) {
        add(here, `the pattern ${JSON.stringify(sub.slice(0, 80))} can take exponential time on some inputs (nested repetition such as (a+)+); rewrite it without a repeated group that itself repeats`);
      }
      if (form && key === 'patternProperties' && isObject(sub)) {
        for (const p of Object.keys(sub)) if (!safeRegex(p)) add(`${here}/${escape(p)}`, `the pattern ${JSON.stringify(p.slice(0, 80))} can take exponential time on some inputs`);
      }
      stack.push([sub, here, form]);
    }
  }
  return false;
}
