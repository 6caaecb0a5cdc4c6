import { formVariants, listTransitions, type CompiledDefinition, type TransitionRef } from '../definition/index.js';
import { checkForm, eventsInState, type Actor } from '../runtime/index.js';
import { applyMove, emptyOffice, type Move, type OfficeState, type SimWorld, type Taken } from './office.js';
import { readPaths, ruleSignature, rulesOf } from './signature.js';

/** Bounds of the search; the defaults cover the shipped processes in about a second each. */
export interface PathOptions {
  /** Start of the simulated clock. */
  start: Date;
  /** Deepest breadth-first search from one point for the next uncovered transition (default 7). */
  maxDepth?: number;
  /** Office states one search may expand (default 600). */
  maxExpansions?: number;
  /** Cases of a root process one path may start (default 1: independent cases only multiply the states to search). */
  maxRootCases?: number;
  /** Children of one parent case per child process (default 4). */
  maxChildren?: number;
  /** Restarts from earlier points that find nothing new before the search gives up (default 20). */
  maxRestarts?: number;
}

/** A transition of one definition of the world, named `<definition key>#<transition id>`. */
export interface WorldTransition extends TransitionRef {
  definition: string;
  key: string;
}

/** What {@link transitionPaths} returns: the paths and what they take. */
export interface TransitionPaths {
  /** Move sequences, each from an empty office; together they take every `covered` transition. */
  paths: Move[][];
  transitions: WorldTransition[];
  /** Keys (`<definition>#<id>`) the paths take. */
  covered: Set<string>;
}

interface Node {
  state: OfficeState;
  prev: Node | null;
  move: Move | null;
  depth: number;
  taken: Taken[];
}

/** The actor the simulation acts as: `admin` plus every role of the world's definitions. */
export function simulationActor(world: SimWorld): Actor {
  const roles = new Set(['admin']);
  for (const c of world.definitions.values()) c.definition.roles.forEach((r) => roles.add(r));
  return { id: 'simulation', username: 'simulation', roles: [...roles], tenantId: world.tenantId };
}

const movesOf = (node: Node): Move[] => {
  const out: Move[] = [];
  for (let n: Node | null = node; n && n.move; n = n.prev) out.push(n.move);
  return out.reverse();
};

/**
 * Derives event sequences that take every reachable transition of a world's
 * definitions at least once: a greedy breadth-first search over simulated
 * offices (cases started, people's events with generated form data, timers
 * fired by moving the clock, linked cases started and notified by the
 * engine's own rules) that extends the current path to the nearest office
 * where an untaken transition is taken, and restarts from an earlier point
 * of a path when it runs into a dead end. Deterministic and pure; the
 * transitions it cannot reach within its bounds stay out of `covered`.
 *
 * @example
 * const world = { definitions: new Map([[c.definition.key, c]]), catalogues: {}, tenantId: 't' };
 * const { paths, transitions, covered } = transitionPaths(world, { start: new Date('2026-01-05T08:00:00Z') });
 */
export function transitionPaths(world: SimWorld, options: PathOptions): TransitionPaths {
  const actor = simulationActor(world);
  const transitions: WorldTransition[] = [...world.definitions.values()].flatMap((c) =>
    listTransitions(c).map((t) => ({ ...t, definition: c.definition.key, key: `${c.definition.key}#${t.id}` })),
  );
  const covered = new Set<string>();
  const reads = readPaths(rulesOf([...world.definitions.values()]));
  const search = new Search(world, actor, options, reads, rulesOf([...world.definitions.values()]));
  const root: Node = { state: emptyOffice(options.start), prev: null, move: null, depth: 0, taken: [] };
  const archive: Node[] = [];
  const tried = new Map<Node, number>();
  const mutated = new Map<Node, number>();
  const paths: Move[][] = [];
  const isNew = (taken: Taken[]) => taken.some((t) => t.transitions.some((id) => !covered.has(`${t.definition}#${id}`)));
  let current = root;
  let progressed = false;
  let fruitless = 0;
  // From a restart point an untaken transition's source is active: look only a few moves ahead there.
  let depth: number | undefined;
  for (;;) {
    const found = search.nearest(current, isNew, depth);
    depth = undefined;
    if (found) {
      const chain: Node[] = [];
      for (let n: Node | null = found; n && n !== current; n = n.prev) chain.push(n);
      for (const n of chain) for (const t of n.taken) t.transitions.forEach((id) => covered.add(`${t.definition}#${id}`));
      archive.push(...chain.reverse());
      current = found;
      progressed = true;
      fruitless = 0;
      continue;
    }
    if (progressed) paths.push(movesOf(current));
    progressed = false;
    tried.set(current, covered.size);
    const uncovered = transitions.filter((t) => !covered.has(t.key));
    if (!uncovered.length) break;
    const ranked = rank(archive, uncovered);
    // A guard may depend on data given long before (a consent in the first form): replay a path with other data there.
    const toMutate = ranked.filter((n) => mutated.get(n) !== covered.size && formsRead(n, uncovered, transitions).size > 0).slice(0, 4);
    toMutate.forEach((n) => mutated.set(n, covered.size));
    const mutant = toMutate.reduce<Node | null>((hit, n) => hit ?? search.mutate(n, isNew, formsRead(n, uncovered, transitions)), null);
    if (mutant) {
      const chain: Node[] = [];
      for (let n: Node | null = mutant; n && n.move; n = n.prev) chain.push(n);
      for (const n of chain) for (const t of n.taken) t.transitions.forEach((id) => covered.add(`${t.definition}#${id}`));
      archive.push(...chain.reverse());
      current = mutant;
      progressed = true;
      fruitless = 0;
      continue;
    }
    const next = [root, ...ranked].find((n) => tried.get(n) !== covered.size);
    if (!next || fruitless++ >= (options.maxRestarts ?? 20)) break;
    current = next;
    if (next !== root) depth = 3;
  }
  return { paths, transitions, covered };
}

/** The forms that decide whether untaken transitions whose source is active in `node` are taken. */
function formsRead(node: Node, uncovered: WorldTransition[], all: WorldTransition[]): Set<string> {
  const active = uncovered.filter((t) => node.state.cases.some((c) => c.key === t.definition && c.record.statePaths.includes(t.source)));
  // A fallback branch is taken when the guards before it fail: their data counts too.
  const guards = all.filter((b) => active.some((t) => t.definition === b.definition && t.source === b.source && t.kind === b.kind && t.trigger === b.trigger && b.index <= t.index)).map((b) => b.guard);
  return new Set(readPaths(guards).map((p) => p.split('.')[0]));
}

/** Archive nodes where an untaken transition's source state is active, most such transitions first, shortest first. */
function rank(archive: Node[], uncovered: WorldTransition[]): Node[] {
  const score = (n: Node) =>
    uncovered.filter((t) => n.state.cases.some((c) => c.key === t.definition && c.record.status === 'active' && (t.source === '' || c.record.statePaths.includes(t.source)))).length;
  return archive
    .map((n) => ({ n, s: score(n) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || a.n.depth - b.n.depth)
    .map((x) => x.n);
}

class Search {
  private readonly variants = new Map<string, unknown[]>();
  private readonly startedByParent: Set<string>;
  constructor(
    private readonly world: SimWorld,
    private readonly actor: Actor,
    private readonly options: PathOptions,
    private readonly reads: string[],
    private readonly rules: unknown[],
  ) {
    const starts = JSON.stringify(rules).matchAll(/"type":"startChild","params":\{"definition":"([^"]+)"/g);
    this.startedByParent = new Set([...starts].map((m) => m[1]));
  }

  /**
   * Replays the path to `node` with another form value at one of its moves
   * (every variant of each form sent on the way, latest first) and returns the
   * first replayed office whose step takes a wanted transition.
   */
  mutate(node: Node | undefined, wanted: (taken: Taken[]) => boolean, forms: ReadonlySet<string>): Node | null {
    if (!node) return null;
    let budget = this.options.maxExpansions ?? 600;
    const chain: Node[] = [];
    for (let n: Node | null = node; n && n.move; n = n.prev) chain.unshift(n);
    for (let j = chain.length - 1; j >= 0; j--) {
      const original = chain[j].move!;
      if (original.kind === 'advance' || original.data === undefined) continue;
      const before = chain[j].prev!;
      const { form, variants } = this.dataFor(before.state, original);
      if (!form || !forms.has(form)) continue;
      for (const data of variants) {
        if (JSON.stringify(data) === JSON.stringify(original.data)) continue;
        let at: Node = before;
        for (const move of [{ ...original, data } as Move, ...chain.slice(j + 1).map((n) => n.move!)]) {
          if (budget-- <= 0) return null;
          const r = applyMove(this.world, at.state, move, this.actor);
          if (!r.ok) break;
          at = { state: r.value.state, prev: at, move, depth: at.depth + 1, taken: r.value.taken };
          if (wanted(at.taken)) return at;
        }
        const further = this.nearest(at, wanted, 1);
        if (further) return further;
      }
    }
    return null;
  }

  /** The form a move carries and the other values it could carry. */
  private dataFor(state: OfficeState, move: Move): { form?: string; variants: unknown[] } {
    if (move.kind === 'send') {
      const c = state.cases[move.case];
      const compiled = c && this.world.definitions.get(c.key);
      const form = compiled && eventsInState(compiled, c.record).find((e) => e.type === move.type)?.form;
      return compiled && form ? { form, variants: this.formData(compiled, form, state.now) } : { variants: [] };
    }
    if (move.kind === 'start' && move.data) {
      const compiled = this.world.definitions.get(move.definition)!;
      const [form] = Object.keys(move.data);
      return { form, variants: this.formData(compiled, form, state.now).map((v) => ({ [form]: v })) };
    }
    return { variants: [] };
  }

  /** Breadth-first: the closest office (fewest moves) reached from `from` whose last move takes a wanted transition. */
  nearest(from: Node, wanted: (taken: Taken[]) => boolean, depth?: number): Node | null {
    const seen = new Set<string>([this.key(from.state)]);
    let frontier = [from];
    let expansions = 0;
    const maxDepth = from.depth + (depth ?? this.options.maxDepth ?? 7);
    while (frontier.length) {
      const next: Node[] = [];
      for (const node of frontier) {
        if (node.depth >= maxDepth || expansions++ >= (this.options.maxExpansions ?? 600)) return null;
        for (const move of this.moves(node.state)) {
          const r = applyMove(this.world, node.state, move, this.actor);
          if (!r.ok) continue;
          const child: Node = { state: r.value.state, prev: node, move, depth: node.depth + 1, taken: r.value.taken };
          if (wanted(child.taken)) return child;
          const key = this.key(child.state);
          if (seen.has(key)) continue;
          seen.add(key);
          next.push(child);
        }
      }
      frontier = next;
    }
    return null;
  }

  /** What decides the future of an office: states, timers, clock and the data the rules read. */
  private key(state: OfficeState): string {
    return JSON.stringify([
      state.now,
      state.cases.map((c) => [c.key, c.record.state, c.record.status, c.record.envelope.timers.map((t) => `${t.eventType}@${t.dueAt}`), ruleSignature(c.record.data, this.reads)]),
    ]);
  }

  private formData(compiled: CompiledDefinition, form: string, now: string): unknown[] {
    const cacheKey = `${compiled.definition.key}/${form}/${now}`;
    let list = this.variants.get(cacheKey);
    if (!list) {
      const schema = compiled.definition.forms[form]?.schema;
      list = formVariants(schema, { catalogues: this.world.catalogues, now: new Date(now), form, rules: this.rules }).filter(
        (v) => checkForm(compiled, form, v, this.world.catalogues, new Date(now)).length === 0,
      );
      this.variants.set(cacheKey, list);
    }
    return list;
  }

  private moves(state: OfficeState): Move[] {
    const moves: Move[] = [];
    for (const [key, compiled] of this.world.definitions) {
      const parentKey = compiled.definition.parent?.definition;
      if (!parentKey) {
        if (state.cases.filter((c) => c.key === key).length >= (this.options.maxRootCases ?? 1)) continue;
        moves.push({ kind: 'start', definition: key });
        const initialForm = this.initialTaskForm(compiled);
        if (initialForm) for (const data of this.formData(compiled, initialForm, state.now).slice(0, 1)) moves.push({ kind: 'start', definition: key, data: { [initialForm]: data } });
        continue;
      }
      // A child process its parent starts itself (startChild) is not started by hand: the parent's own child carries its story on.
      if (this.startedByParent.has(key)) continue;
      state.cases.forEach((c, i) => {
        if (c.key !== parentKey || c.record.status !== 'active') return;
        if (state.cases.filter((x) => x.key === key && x.record.parentId === c.record.id).length >= (this.options.maxChildren ?? 4)) return;
        moves.push({ kind: 'start', definition: key, parent: i });
      });
    }
    state.cases.forEach((c, i) => {
      if (c.record.status !== 'active') return;
      const compiled = this.world.definitions.get(c.key)!;
      for (const e of eventsInState(compiled, c.record)) {
        if (!e.form) moves.push({ kind: 'send', case: i, type: e.type });
        else for (const data of this.formData(compiled, e.form, state.now)) moves.push({ kind: 'send', case: i, type: e.type, data });
      }
    });
    const due = state.cases.flatMap((c) => (c.record.status === 'active' ? c.record.envelope.timers.map((t) => t.dueAt) : [])).sort()[0];
    if (due) moves.push({ kind: 'advance', to: due > state.now ? due : state.now });
    return moves;
  }

  private initialTaskForm(compiled: CompiledDefinition): string | undefined {
    // The form of the first task in the initial states: bulk starts and startChild bring its data along.
    for (const n of compiled.states.values()) {
      const meta = n.config.meta as { task?: { form?: string } } | undefined;
      if (meta?.task?.form) return meta.task.form;
    }
    return undefined;
  }
}
