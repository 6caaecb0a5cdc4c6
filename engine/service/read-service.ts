import { enteredAt, timerLabel } from './timer-label.js';
import type { Knex } from 'knex';
import { caseTitleForms, metaOf, DEFAULT_TIME_ZONE, type CompiledDefinition, type LocalizedText } from '../definition/index.js';
import type { StateValue } from 'xstate';
import { deriveTasks, eventsInState, hasRole, statePathsOf, SUBMIT, CREATED, MIGRATED, type Actor, type MigrationData } from '../runtime/index.js';
import { AgoraError } from '../errors.js';
import { KnexDefinitionStore, KnexQueries } from '../store/index.js';
import { actorOnCase, grantsOf } from './case-service.js';
import { actorGrantKeys, definitionScope, isTenantWide, pickForms, TENANT_WIDE, visibleForms, type Grant } from '../access/index.js';
import { whereReadable, type MatchedGrant } from '../store/index.js';
import type { CatalogueService } from './catalogue-service.js';
import type { DefinitionRegistry } from './definition-registry.js';
import type { CaseQuery, CaseRow, GrantedScope } from './ports.js';
import { stepDurations } from './step-durations.js';

/** How many of a process's most recently changed cases the step durations are measured on. */
export const DURATION_SAMPLE = 2000;

/**
 * The title of where a case stands: per active leaf state the nearest title
 * (parallel regions each contribute one), joined with " · ".
 */
export function stateTitle(compiled: CompiledDefinition, statePaths: string[]): LocalizedText {
  const leaves = statePaths.filter((p) => !statePaths.some((q) => q.startsWith(`${p}.`)));
  const titles: LocalizedText[] = [];
  for (const leaf of leaves) {
    for (let path: string | null = leaf; path; path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : null) {
      const title = metaOf(compiled, path)?.title;
      if (title) {
        if (!titles.some((t) => t.de === title.de)) titles.push(title);
        break;
      }
    }
  }
  if (!titles.length) return { de: statePaths.join(', ') };
  if (titles.length === 1) return titles[0];
  return { de: titles.map((t) => t.de).join(' · '), en: titles.map((t) => t.en ?? t.de).join(' · ') };
}

const isOverdue = (dueAt: string | null, now: Date) => dueAt !== null && dueAt < now.toISOString();

/**
 * Everything people read: case views with what they may do, lists, the
 * inbox, the board, history. Cases of definitions the reader has no role in
 * are invisible (404, not 403, so their existence does not leak).
 */
export class ReadService {
  private readonly queries: KnexQueries;

  constructor(
    private readonly knex: Knex,
    private readonly registry: DefinitionRegistry,
    private readonly catalogues: CatalogueService,
    private readonly now: () => Date,
    /** The tenant's calendar zone, for due dates (see `Runtime.timeZone`). */
    private readonly timeZone: (tenantId: string) => string = () => DEFAULT_TIME_ZONE,
  ) {
    this.queries = new KnexQueries(knex);
  }

  /**
   * What of the tenant's cases the actor may read, for lists and counts:
   * the definitions it has a role in (undefined: all), and of those the ones
   * it reads only where a case's grants name it.
   */
  async readScope(actor: Actor): Promise<{ definitions?: string[]; granted?: GrantedScope }> {
    if (isTenantWide(actor)) return {};
    // Cases exist of published versions only; their bodies come from the registry's cache instead of the
    // database on every read (a published version never changes).
    const versions = await new KnexDefinitionStore(this.knex).publishedVersions(actor.tenantId);
    const scopes = new Map<string, Set<string>>();
    for (const v of versions) {
      const { definition } = await this.registry.compiled(this.knex, actor.tenantId, v.key, v.version);
      if (!scopes.has(v.key)) scopes.set(v.key, new Set());
      scopes.get(v.key)!.add(definitionScope(definition, actor));
    }
    const definitions = [...scopes].filter(([, s]) => s.has('all') || s.has('granted')).map(([k]) => k);
    // A key read whole in one version but not in another is filtered by grants in all (the safe side).
    const granted = definitions.filter((k) => !(scopes.get(k)!.size === 1 && scopes.get(k)!.has('all')));
    return { definitions, granted: { definitions: granted, keys: actorGrantKeys(actor) } };
  }

  /** The keys of definitions whose cases the actor may read; undefined = all. */
  async readableDefinitions(actor: Actor): Promise<string[] | undefined> {
    return (await this.readScope(actor)).definitions;
  }

  /** The forms a reader sees of a listed case, from the grants that matched it (undefined: a tenant-wide read). */
  private formsOf(actor: Actor, matched: MatchedGrant[] | undefined): string[] | null {
    return matched === undefined || isTenantWide(actor) ? null : visibleForms(actor, matched.map(toGrant));
  }

  /** Grant keys of the actor, or null for tenant-wide readers. */
  private keysOf(actor: Actor): string[] | null {
    return isTenantWide(actor) ? null : actorGrantKeys(actor);
  }

  /**
   * A case the actor may open, with the actor narrowed to the roles its
   * grants cover and the forms it sees. The grants are matched in SQL; a case
   * outside them answers CASE_NOT_FOUND like one that does not exist.
   */
  async loadReadable(actor: Actor, id: string): Promise<{ row: CaseRow; compiled: CompiledDefinition; onCase: Actor; forms: string[] | null }> {
    const found = await this.queries.loadReadable(actor.tenantId, id, this.keysOf(actor));
    if (!found) throw new AgoraError('CASE_NOT_FOUND', { id });
    const compiled = await this.registry.compiled(this.knex, actor.tenantId, found.row.definition.key, found.row.definition.version);
    if (isTenantWide(actor)) return { row: found.row, compiled, onCase: actor, forms: null };
    const grants = found.matched.map(toGrant);
    return { row: found.row, compiled, onCase: { ...actor, roles: [...new Set(grants.map((g) => g.role))] }, forms: visibleForms(actor, grants) };
  }

  /**
   * A case as lists show it. `forms` are the forms the reader sees (null:
   * all): the title, made of form data, shows only to those who see its forms;
   * the others see the reference.
   */
  private async summary(actor: Actor, row: CaseRow, forms: string[] | null) {
    const compiled = await this.registry.compiled(this.knex, actor.tenantId, row.definition.key, row.definition.version);
    const titleForms = caseTitleForms(compiled.definition.caseTitle);
    const titleVisible = forms === null || titleForms.every((f) => forms.includes(f));
    return {
      id: row.id,
      reference: row.reference,
      title: (titleVisible && row.title) || row.reference,
      definition: { key: row.definition.key, version: row.definition.version, title: compiled.definition.title },
      state: row.state,
      stateTitle: stateTitle(compiled, row.statePaths),
      status: row.status,
      dueAt: row.dueAt,
      overdue: row.status === 'active' && isOverdue(row.dueAt, this.now()),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      purgedAt: row.purgedAt ?? null,
      organisation: row.organisation,
    };
  }

  /**
   * The view of a row the caller already has (after its own command), without
   * loading it again. The command may have changed the grants (consent
   * withdrawn): the actor then sees only what the new grants allow.
   */
  async viewOf(actor: Actor, row: CaseRow) {
    const compiled = await this.registry.compiled(this.knex, actor.tenantId, row.definition.key, row.definition.version);
    const grants = grantsOf(compiled, row);
    const onCase = actorOnCase(actor, grants);
    if (!onCase) return this.view({ ...actor, roles: [] }, row, compiled, [], []);
    return this.view(onCase, row, compiled, visibleForms(actor, grants), this.keysOf(actor));
  }

  /** The case as its reader sees it, with the events this reader may send now; the read is logged. */
  async caseView(actor: Actor, id: string) {
    const { row, compiled, onCase, forms } = await this.loadReadable(actor, id);
    const view = await this.view(onCase, row, compiled, forms, this.keysOf(actor));
    await this.logReads(actor, [{ caseId: row.id, forms: Object.keys(view.data) }], 'view');
    return view;
  }

  /** Records reads of case data (never the content); the engine's own reads are not logged. */
  async logReads(actor: Actor, reads: Array<{ caseId: string; forms: string[] | null }>, kind: string): Promise<void> {
    if (actor.system) return;
    await this.queries.recordReads(actor.tenantId, reads, actor, kind, this.now());
  }

  /**
   * The view of a case for an actor already narrowed to its roles on the
   * case; `forms` are the forms whose data it sees (`null`: all); `keys` the
   * grant keys its parent and children are matched with (default: the actor's).
   */
  async view(actor: Actor, row: CaseRow, compiled: CompiledDefinition, forms: string[] | null = null, keys: string[] | null = this.keysOf(actor)) {
    const now = this.now();
    const def = compiled.definition;
    const available = eventsInState(compiled, row).filter((e) => hasRole(actor.roles, e.roles) && (e.form === null || forms === null || forms.includes(e.form)));
    const data = pickForms(row.data, forms);
    const formKeys = new Set<string>([...available.map((e) => e.form).filter((f): f is string => f !== null), ...Object.keys(data)]);
    const formSpecs = Object.fromEntries(
      [...formKeys].filter((k) => def.forms[k]).map((k) => [k, { title: def.forms[k].title, schema: def.forms[k].schema, uiSchema: def.forms[k].uiSchema ?? {}, collection: def.forms[k].collection ?? false }]),
    );
    const catalogueKeys = [...new Set([...formKeys].flatMap((k) => (compiled.catalogueFields[k] ?? []).map((f) => f.catalogue)))];
    const [catalogues, parentFound, childRows] = await Promise.all([
      this.catalogues.entries(this.knex, actor.tenantId, catalogueKeys),
      row.parentId ? this.queries.loadReadable(actor.tenantId, row.parentId, keys) : Promise.resolve(null),
      // Most processes have no sub-processes; only ask for children where some definition can be one.
      this.registry.canHaveChildren(this.knex, actor.tenantId, row.definition.key).then((yes) => (yes ? this.queries.readableChildren(actor.tenantId, row.id, keys) : [])),
    ]);
    // The open tasks follow from the case itself; no need to read the task rows back.
    const tasks = deriveTasks(compiled, row, this.timeZone(actor.tenantId)).map((t) => ({
      statePath: t.statePath, kind: t.kind, title: t.title, roles: t.roles, form: t.form, dueAt: t.dueAt, overdue: isOverdue(t.dueAt, now),
    }));
    const brief = async (r: CaseRow, matched: MatchedGrant[] | undefined) => {
      const s = await this.summary(actor, r, this.formsOf(actor, matched));
      return { id: r.id, reference: r.reference, title: s.title, definition: { key: r.definition.key, title: s.definition.title }, state: r.state, stateTitle: s.stateTitle, status: r.status };
    };
    return {
      ...(await this.summary(actor, row, forms)),
      statePaths: row.statePaths,
      data,
      version: row.version,
      tasks,
      availableEvents: available.map((e) => ({ type: e.type, label: e.label, form: e.form })),
      forms: formSpecs,
      catalogues,
      parent: parentFound ? await brief(parentFound.row, keys === null ? undefined : parentFound.matched) : null,
      children: await Promise.all(childRows.map((c) => brief(c, c.matched))),
    };
  }

  /** The events of a case, oldest first; data of forms the actor may not see is left out. The read is logged. */
  async history(actor: Actor, id: string) {
    const { row, compiled, forms } = await this.loadReadable(actor, id);
    const events = await this.queries.loadEvents(actor.tenantId, row.id);
    await this.logReads(actor, [{ caseId: row.id, forms }], 'history');
    const hidden = (form: string | null) => forms !== null && form !== null && !forms.includes(form);
    // A migrated case ran on other versions before: each event is described in the version it happened in.
    const migrations = events.filter((e) => e.type === MIGRATED).map((e) => e.data as MigrationData);
    const versions = new Map<number, CompiledDefinition>([[row.definition.version, compiled]]);
    for (const m of migrations) {
      for (const v of [m.from, m.to]) if (!versions.has(v)) versions.set(v, await this.registry.compiled(this.knex, actor.tenantId, row.definition.key, v));
    }
    const labelsOf = new Map<CompiledDefinition, Map<string, LocalizedText>>();
    const labels = (c: CompiledDefinition) => {
      let map = labelsOf.get(c);
      if (!map) {
        map = new Map();
        for (const node of c.states.values()) for (const [type, spec] of Object.entries(metaOf(c, node.path)?.events ?? {})) map.set(type, spec.label);
        labelsOf.set(c, map);
      }
      return map;
    };
    const titleOf = (c: CompiledDefinition, value: unknown) => (value === null ? null : stateTitle(c, statePathsOf(value as StateValue)));
    let current = versions.get(migrations[0]?.from ?? row.definition.version) ?? compiled;
    return events.map((e, i) => {
      const before = current;
      if (e.type === MIGRATED) current = versions.get((e.data as MigrationData).to) ?? compiled;
      const c = current;
      return {
        seq: e.seq,
        type: e.type,
        label:
          e.type === CREATED
            ? { de: 'Vorgang angelegt', en: 'Case created' }
            : e.type === MIGRATED
              ? { de: `Auf Version ${(e.data as MigrationData).to} umgestellt`, en: `Moved to version ${(e.data as MigrationData).to}` }
              : e.type === SUBMIT
                ? { de: `${e.form ? c.definition.forms[e.form]?.title.de ?? e.form : 'Aufgabe'} abgeschickt`, en: `${e.form ? c.definition.forms[e.form]?.title.en ?? e.form : 'Task'} submitted` }
                : e.type.startsWith('xstate.after.')
                  ? timerLabel(c, e.type, row.data as Record<string, unknown>, enteredAt(c, events, i, e.type), this.timeZone(actor.tenantId))
                  : (labels(c).get(e.type) ?? { de: e.type }),
        form: e.form,
        // Data of hidden forms is left out; a start event's data only as far as its forms are visible.
        // A migration logs versions and state paths, no form data.
        data: e.type === MIGRATED ? e.data : hidden(e.form) ? null : e.form === null && forms !== null && e.data && typeof e.data === 'object' ? pickForms(e.data as Record<string, unknown>, forms) : e.data,
        actor: e.actorName,
        at: e.at,
        fromState: e.fromState,
        toState: e.toState,
        fromTitle: titleOf(before, e.fromState),
        toTitle: titleOf(c, e.toState),
      };
    });
  }

  async listCases(actor: Actor, q: Omit<CaseQuery, 'definitions' | 'granted' | 'now'>) {
    const scope = await this.readScope(actor);
    const { items, total } = await this.queries.listCases(actor.tenantId, { ...q, ...scope, now: this.now() });
    return { items: await Promise.all(items.map((r) => this.summary(actor, r, this.formsOf(actor, r.matched)))), total };
  }

  async *exportCases(actor: Actor, q: Omit<CaseQuery, 'definitions' | 'granted' | 'now' | 'limit' | 'offset'>) {
    const scope = await this.readScope(actor);
    for await (const page of this.queries.allCases(actor.tenantId, { ...q, ...scope, now: this.now() })) {
      await this.logReads(actor, page.map((r) => ({ caseId: r.id, forms: [] })), 'export');
      yield await Promise.all(page.map((r) => this.summary(actor, r, this.formsOf(actor, r.matched))));
    }
  }

  async inbox(actor: Actor, f: { definition?: string; fieldOfAction?: string; limit: number; offset: number }) {
    const { items, total } = await this.queries.inbox(actor.tenantId, actorGrantKeys(actor), f);
    const now = this.now();
    const out = await Promise.all(
      items.map(async (t) => {
        const compiled = await this.registry.compiled(this.knex, actor.tenantId, t.definitionKey, t.definitionVersion);
        return {
          caseId: t.caseId,
          reference: t.reference,
          caseTitle: (t.caseTitle && (t.grantForms === null || caseTitleForms(compiled.definition.caseTitle).every((f) => t.grantForms!.includes(f))) && t.caseTitle) || t.reference,
          definition: { key: t.definitionKey, version: t.definitionVersion, title: compiled.definition.title, fieldOfAction: t.fieldOfAction },
          statePath: t.statePath,
          kind: t.kind,
          title: t.title,
          form: t.form,
          dueAt: t.dueAt,
          overdue: isOverdue(t.dueAt, now),
        };
      }),
    );
    return { items: out, total };
  }

  async board(actor: Actor) {
    const { definitions, granted } = await this.readScope(actor);
    const published = (await new KnexDefinitionStore(this.knex).list(actor.tenantId, 'published')).filter((d) => !definitions || definitions.includes(d.key));
    const counts = await this.queries.board(actor.tenantId, this.now(), definitions, granted);
    const latest = new Map<string, (typeof published)[number]>();
    for (const d of published) if (!latest.has(d.key)) latest.set(d.key, d);
    const processes = [];
    for (const d of latest.values()) {
      const compiled = await this.registry.compiled(this.knex, actor.tenantId, d.key, d.version);
      const stateCounts = new Map(counts.states.filter((s) => s.key === d.key).map((s) => [s.path, s.count]));
      processes.push({
        key: d.key,
        title: d.title,
        fieldOfAction: d.fieldOfAction,
        open: counts.totals.find((t) => t.key === d.key && t.status === 'active')?.count ?? 0,
        closed: counts.totals.find((t) => t.key === d.key && t.status === 'closed')?.count ?? 0,
        overdue: counts.overdue.find((o) => o.key === d.key)?.count ?? 0,
        states: [...compiled.states.values()]
          .filter((n) => n.path !== '' && n.type !== 'final')
          .map((n) => ({ path: n.path, title: metaOf(compiled, n.path)?.title ?? { de: n.key }, count: stateCounts.get(n.path) ?? 0 })),
      });
    }
    return { processes };
  }

  /**
   * How long cases of a process stay in each step (median and 90th
   * percentile of completed stays), measured on its most recently changed
   * cases, so the cost stays the same at any number of cases.
   */
  async durations(actor: Actor, key: string) {
    // Measured only on the cases the reader may open: a process it has no part in is as unknown as a missing one.
    const { definitions, granted } = await this.readScope(actor);
    if (definitions && !definitions.includes(key)) throw new AgoraError('DEFINITION_NOT_FOUND', { key, version: 'latest' });
    const compiled = await this.registry.runnable(this.knex, actor.tenantId, key);
    const sample = whereReadable(this.knex('cases').where({ tenant_id: actor.tenantId, definition_key: key }), 'cases', actor.tenantId, [key], granted)
      .orderBy('updated_at', 'desc').limit(DURATION_SAMPLE).select('id');
    const rows = await this.knex('events').whereIn('case_id', sample).orderBy([{ column: 'case_id' }, { column: 'seq' }]).select('case_id', 'at', 'to_state');
    const measured = new Map(stepDurations(rows.map((r: any) => ({ caseId: r.case_id, at: new Date(r.at).toISOString(), toState: r.to_state }))).map((d) => [d.path, d]));
    return {
      definition: key,
      cases: new Set(rows.map((r: any) => r.case_id)).size,
      states: [...compiled.states.values()]
        .filter((n) => n.path !== '' && n.type !== 'final')
        .map((n) => ({
          path: n.path,
          title: metaOf(compiled, n.path)?.title ?? { de: n.key },
          count: measured.get(n.path)?.count ?? 0,
          medianMs: measured.get(n.path)?.medianMs ?? null,
          p90Ms: measured.get(n.path)?.p90Ms ?? null,
        })),
    };
  }
}

/** A grant from a matched `case_access` row (`role@organisation`). */
function toGrant(m: MatchedGrant): Grant {
  const at = m.grant_key.indexOf('@');
  return { role: m.grant_key.slice(0, at), organisation: m.grant_key.slice(at + 1) || TENANT_WIDE, forms: m.forms };
}
