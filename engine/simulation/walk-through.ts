import { metaOf, type CompiledDefinition, type LocalizedText } from '../definition/index.js';
import { eventsInState, SUBMIT, type CaseRecord } from '../runtime/index.js';
import { applyMove, emptyOffice, type Move, type SimWorld } from './office.js';
import { simulationActor, transitionPaths } from './transition-paths.js';

/** One step of a simulated path, as the studio shows it. */
export interface WalkStep {
  move: Move;
  /** The case the move acts on (creation index) and its process. */
  case: number;
  definition: string;
  /** What happened in words: the event's label, the task's title, "Frist abgelaufen". */
  label: LocalizedText;
  /** The roles that may take this step (empty for the engine's own steps). */
  roles: string[];
  /** The form the step carries, if any, and its data. */
  form: string | null;
  data: unknown;
  from: { state: unknown; title: LocalizedText } | null;
  to: { state: unknown; title: LocalizedText; status: 'active' | 'closed' } | null;
  /** Why the step was refused (a typed, edited form that does not fit), in which case the path stops here. */
  error?: { code: string; message: string; details?: Array<{ path: string; message: string }> };
}

/** A path: its steps and where the first case ended. */
export interface WalkPath {
  steps: WalkStep[];
  end: { state: unknown; title: LocalizedText; status: 'active' | 'closed' } | null;
}

/** The title of a case's active states: the nearest `meta.title` of each innermost state. */
export function statesTitle(compiled: CompiledDefinition, statePaths: string[]): LocalizedText {
  const leaves = statePaths.filter((p) => !statePaths.some((q) => q.startsWith(`${p}.`)));
  const titles: LocalizedText[] = leaves.map((leaf) => {
    for (let path: string | null = leaf; path; path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : null) {
      const title = metaOf(compiled, path)?.title;
      if (title) return title;
    }
    return { de: leaf };
  });
  return { de: titles.map((t) => t.de).join(', '), en: titles.map((t) => t.en ?? t.de).join(', ') };
}

const where = (compiled: CompiledDefinition, r: CaseRecord) => ({ state: r.state, title: statesTitle(compiled, r.statePaths), status: r.status });

/**
 * Walks move sequences through a simulated office and describes each step:
 * who may take it, what it carries, from which state to which. A move that
 * is refused ends its path with the error (the studio lets people type form
 * data, which may not fit). Pure.
 */
export function walkPaths(world: SimWorld, start: Date, paths: Move[][]): WalkPath[] {
  const actor = simulationActor(world);
  return paths.map((moves) => {
    let office = emptyOffice(start);
    const steps: WalkStep[] = [];
    for (const move of moves) {
      const index = move.kind === 'start' ? office.cases.length : move.kind === 'send' ? move.case : 0;
      const before = office.cases[index];
      const compiled = world.definitions.get(move.kind === 'start' ? move.definition : (before?.key ?? ''));
      if (!compiled) break;
      const spec = move.kind === 'send' && before ? eventsInState(compiled, before.record).find((e) => e.type === move.type) : undefined;
      const form = spec?.form ?? (move.kind === 'start' && move.data ? Object.keys(move.data)[0] ?? null : null);
      const label: LocalizedText =
        move.kind === 'start'
          ? { de: 'Vorgang angelegt', en: 'Case created' }
          : move.kind === 'advance'
            ? { de: 'Frist abgelaufen (automatisch)', en: 'Deadline passed (automatic)' }
            : spec?.type === SUBMIT && form
              ? { de: `${compiled.definition.forms[form]?.title.de ?? form} abgeschickt`, en: `${compiled.definition.forms[form]?.title.en ?? form} submitted` }
              : (spec?.label ?? { de: move.type });
      const step: WalkStep = {
        move,
        case: index,
        definition: compiled.definition.key,
        label,
        roles: move.kind === 'start' ? [...compiled.definition.roles] : (spec?.roles ?? []),
        form,
        data: move.kind === 'advance' ? null : ((move.kind === 'start' && form ? move.data?.[form] : move.data) ?? null),
        from: before ? { state: before.record.state, title: statesTitle(compiled, before.record.statePaths) } : null,
        to: null,
      };
      const outcome = applyMove(world, office, move, actor);
      if (!outcome.ok) {
        step.error = { code: outcome.error.code, message: outcome.error.message, details: outcome.error.details?.map((d) => ({ path: d.path, message: d.message })) };
        steps.push(step);
        break;
      }
      office = outcome.value.state;
      const after = office.cases[index];
      step.to = after ? where(compiled, after.record) : null;
      steps.push(step);
    }
    const first = office.cases[0];
    const firstDef = first && world.definitions.get(first.key);
    return { steps, end: first && firstDef ? where(firstDef, first.record) : null };
  });
}

/** Generates paths that take every reachable transition (the transition-coverage generator) and walks them. */
export function simulate(world: SimWorld, start: Date): { paths: WalkPath[]; covered: number; total: number; uncovered: Array<{ definition: string; pointer: string; from: string; trigger: string }> } {
  const plan = transitionPaths(world, { start, maxExpansions: 300 });
  return {
    paths: walkPaths(world, start, plan.paths),
    covered: plan.covered.size,
    total: plan.transitions.length,
    uncovered: plan.transitions.filter((t) => !plan.covered.has(t.key)).map((t) => ({ definition: t.definition, pointer: t.id, from: t.source, trigger: t.trigger })),
  };
}
