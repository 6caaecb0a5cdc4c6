import { describe, expect, it } from 'vitest';
import { compileDefinition, formVariants, listTransitions, takenTransitions } from '../../../engine/definition/index.js';
import { applyMove, emptyOffice, simulationActor, transitionPaths, type SimWorld } from '../../../engine/simulation/index.js';

const formula = (rule: unknown) => ({ type: 'formula', params: { rule } });

/** A small machine with every kind of transition: nested, parallel, after, always, guards, re-entry, collection. */
const doc = {
  key: 'probe',
  version: 1,
  title: { de: 'Probe' },
  roles: ['staff'],
  forms: {
    antrag: {
      title: { de: 'Antrag' },
      schema: {
        type: 'object',
        required: ['art', 'von', 'bis'],
        properties: {
          art: { type: 'string', title: 'Art', enum: ['kurz', 'lang'] },
          dringend: { type: 'boolean', title: 'Dringend' },
          von: { type: 'string', format: 'date', title: 'Von' },
          bis: { type: 'string', format: 'date', title: 'Bis' },
        },
      },
    },
    notiz: { title: { de: 'Notiz' }, collection: true, schema: { type: 'object', properties: { text: { type: 'string', title: 'Text' } } } },
  },
  machine: {
    id: 'probe',
    initial: 'antrag',
    states: {
      antrag: {
        meta: { title: { de: 'Antrag' }, task: { roles: ['staff'], form: 'antrag' } },
        on: {
          SUBMIT: [
            { guard: formula({ '>': [{ var: 'data.antrag.von' }, { var: 'data.antrag.bis' }] }), target: 'fehler' },
            { guard: formula({ '==': [{ var: 'data.antrag.art' }, 'lang'] }), target: 'bearbeitung' },
            { target: 'pruefen' },
          ],
        },
      },
      fehler: { meta: { title: { de: 'Fehler' } }, always: { target: 'antrag' } },
      pruefen: {
        meta: { title: { de: 'Prüfen' } },
        always: [{ guard: formula({ var: 'data.antrag.dringend' }), target: 'bearbeitung' }, { target: 'erledigt' }],
      },
      bearbeitung: {
        type: 'parallel',
        meta: { title: { de: 'Bearbeitung' }, events: { NOTIZ: { label: { de: 'Notiz' }, roles: ['staff'], form: 'notiz' } } },
        on: { NOTIZ: {} },
        after: { P30D: 'erledigt' },
        states: {
          akte: {
            meta: { title: { de: 'Akte' } },
            initial: 'offen',
            states: {
              offen: {
                meta: { title: { de: 'Offen' }, task: { roles: ['staff'] }, events: { NEU: { label: { de: 'Neu' }, roles: ['staff'] } } },
                on: { NEU: { target: 'offen', reenter: true }, SUBMIT: 'zu' },
                after: { P7D: 'zu' },
              },
              zu: { meta: { title: { de: 'Zu' }, task: { roles: ['staff'] } }, on: { SUBMIT: 'offen' } },
            },
          },
          uhr: { meta: { title: { de: 'Uhr' } }, initial: 'tickt', states: { tickt: { meta: { title: { de: 'Tickt' } } } } },
        },
      },
      erledigt: { type: 'final', meta: { title: { de: 'Erledigt' } } },
    },
  },
};

const compiled = compileDefinition(doc);
const world: SimWorld = { definitions: new Map([['probe', compiled]]), catalogues: {}, tenantId: 't' };
const start = new Date('2026-01-05T08:00:00Z');

describe('listTransitions', () => {
  it('lists every branch of on, after and always, with resolved targets and who triggers it', () => {
    const list = listTransitions(compiled);
    expect(list.map((t) => `${t.source}|${t.kind}|${t.trigger}|${t.index}|${t.targets.join(',')}|${t.sender}`)).toEqual([
      'antrag|on|SUBMIT|0|fehler|person',
      'antrag|on|SUBMIT|1|bearbeitung|person',
      'antrag|on|SUBMIT|2|pruefen|person',
      'fehler|always||0|antrag|eventless',
      'pruefen|always||0|bearbeitung|eventless',
      'pruefen|always||1|erledigt|eventless',
      'bearbeitung|on|NOTIZ|0||person',
      'bearbeitung|after|P30D|0|erledigt|timer',
      'bearbeitung.akte.offen|on|NEU|0|bearbeitung.akte.offen|person',
      'bearbeitung.akte.offen|on|SUBMIT|0|bearbeitung.akte.zu|person',
      'bearbeitung.akte.offen|after|P7D|0|bearbeitung.akte.zu|timer',
      'bearbeitung.akte.zu|on|SUBMIT|0|bearbeitung.akte.offen|person',
    ]);
    expect(list.find((t) => t.trigger === 'NEU')?.reenter).toBe(true);
    expect(new Set(list.map((t) => t.id)).size).toBe(list.length);
  });
});

describe('takenTransitions', () => {
  const ctx = (type: string, data: Record<string, unknown>) => ({ data, event: { type }, case: { id: 'c', createdAt: start.toISOString() }, now: start.toISOString(), counts: {} });
  const antrag = { art: 'kurz', dringend: true, von: '2026-02-01', bis: '2026-03-01' };

  it('names the event\'s branch and the eventless transitions that follow it, in order', () => {
    expect(takenTransitions(compiled, 'antrag', ctx('SUBMIT', { antrag }))).toEqual(['/machine/states/antrag/on/SUBMIT/2', '/machine/states/pruefen/always/0']);
    expect(takenTransitions(compiled, 'antrag', ctx('SUBMIT', { antrag: { ...antrag, von: '2026-04-01' } }))).toEqual([
      '/machine/states/antrag/on/SUBMIT/0',
      '/machine/states/fehler/always',
    ]);
  });

  it('names a re-entering self-transition and nothing when no branch passes', () => {
    const inside = { bearbeitung: { akte: 'offen', uhr: 'tickt' } };
    expect(takenTransitions(compiled, inside, ctx('NEU', { antrag }))).toEqual(['/machine/states/bearbeitung/states/akte/states/offen/on/NEU']);
    expect(takenTransitions(compiled, 'erledigt', ctx('SUBMIT', { antrag }))).toEqual([]);
  });
});

describe('transitionPaths', () => {
  it('derives paths that take every transition, and replaying them takes exactly those', () => {
    const { paths, transitions, covered } = transitionPaths(world, { start });
    expect(transitions.filter((t) => !covered.has(t.key)).map((t) => t.key)).toEqual([]);
    const replayed = new Set<string>();
    for (const path of paths) {
      let office = emptyOffice(start);
      for (const move of path) {
        const r = applyMove(world, office, move, simulationActor(world));
        if (!r.ok) throw new Error(`${JSON.stringify(move)}: ${r.error.code}`);
        r.value.taken.forEach((t) => t.transitions.forEach((id) => replayed.add(`${t.definition}#${id}`)));
        office = r.value.state;
      }
    }
    expect([...replayed].sort()).toEqual([...covered].sort());
  });

  it('is deterministic', () => {
    expect(transitionPaths(world, { start }).paths).toEqual(transitionPaths(world, { start }).paths);
  });

  it('reports what it cannot reach instead of failing', () => {
    const blocked = structuredClone(doc) as any;
    blocked.machine.states.antrag.on.SUBMIT.unshift({ guard: formula({ '==': [1, 2] }), target: 'erledigt' });
    const c = compileDefinition(blocked);
    const r = transitionPaths({ definitions: new Map([['probe', c]]), catalogues: {}, tenantId: 't' }, { start, maxRestarts: 1 });
    expect(r.transitions.filter((t) => !r.covered.has(t.key)).map((t) => t.id)).toEqual(['/machine/states/antrag/on/SUBMIT/0']);
  });
});

describe('formVariants', () => {
  it('gives values for both orders of compared dates and for every choice of a field a rule reads', () => {
    const rules = [formula({ '>': [{ var: 'data.antrag.von' }, { var: 'data.antrag.bis' }] }), formula({ '==': [{ var: 'data.antrag.art' }, 'lang'] })];
    const variants = formVariants(doc.forms.antrag.schema, { catalogues: {}, now: start, form: 'antrag', rules }) as Array<Record<string, any>>;
    expect(variants.some((v) => v.von < v.bis)).toBe(true);
    expect(variants.some((v) => v.von > v.bis)).toBe(true);
    expect(new Set(variants.map((v) => v.art))).toEqual(new Set(['kurz', 'lang']));
    const valid = variants.filter((v) => compiled.validators.antrag(v));
    expect(valid.length).toBe(variants.length);
  });

  it('takes catalogue fields from the catalogue', () => {
    const schema = { type: 'object', required: ['kita'], properties: { kita: { type: 'string', 'x-catalogue': 'kitas' } } };
    const variants = formVariants(schema, { catalogues: { kitas: new Set(['a', 'b']) }, now: start }) as Array<{ kita: string }>;
    expect(variants.every((v) => ['a', 'b'].includes(v.kita))).toBe(true);
  });
});
