import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { DEFAULT_TENANT } from '../../../engine/boot-constants.js';
import type { Actor } from '../../../engine/runtime/index.js';
import { testAgora } from '../../helpers/agora.js';
import { databaseKinds } from '../../helpers/databases.js';
import { anmeldung, kurs } from '../../fixtures/course-definitions.js';

describe.each(databaseKinds())('linked cases and capacity on %s', (kind) => {
  let agora: Agora;
  let leitung: Actor;

  beforeAll(async () => {
    agora = await testAgora(kind, { definitionsDir: 'tests/fixtures/empty-definitions', poolMax: 20 });
    const { definitions, catalogues, auth } = agora.services;
    await catalogues.put(DEFAULT_TENANT, 'kursorte', { de: 'Kursorte' }, [{ value: 'familienzentrum', label: { de: 'Familienzentrum' } }], new Date());
    for (const d of [kurs, anmeldung]) {
      await definitions.import(DEFAULT_TENANT, d);
      await definitions.publish(DEFAULT_TENANT, d.key, d.version);
    }
    const user = await auth.createUser(DEFAULT_TENANT, 'leitung', 'Strandkorb-am-Meer-6', ['leitung']);
    leitung = { ...user, tenantId: DEFAULT_TENANT };
  });
  afterAll(async () => agora?.close());

  async function openCourse(plaetze: number) {
    const { cases } = agora.services;
    const course = await cases.start(leitung, { definition: 'kurs' });
    return cases.send(leitung, course.id, { type: 'SUBMIT', data: { plaetze, ort: 'familienzentrum' }, expectedVersion: 1 });
  }

  it('rejects a catalogue value that is not in the catalogue', async () => {
    const course = await agora.services.cases.start(leitung, { definition: 'kurs' });
    await expect(agora.services.cases.send(leitung, course.id, { type: 'SUBMIT', data: { plaetze: 3, ort: 'mond' }, expectedVersion: 1 })).rejects.toMatchObject({
      code: 'FORM_INVALID',
      details: [expect.objectContaining({ path: '/ort' })],
    });
  });

  it('needs a parent case of the right process', async () => {
    await expect(agora.services.cases.start(leitung, { definition: 'anmeldung' })).rejects.toMatchObject({ code: 'PARENT_REQUIRED' });
    const other = await agora.services.cases.start(leitung, { definition: 'kurs' });
    const reg = await agora.services.cases.start(leitung, { definition: 'anmeldung', parentId: other.id });
    await expect(agora.services.cases.start(leitung, { definition: 'anmeldung', parentId: reg.id })).rejects.toMatchObject({ code: 'PARENT_INVALID' });
  });

  it('confirms exactly 10 of 30 simultaneous registrations and puts 20 on the waiting list', async () => {
    const course = await openCourse(10);
    const results = await Promise.all(Array.from({ length: 30 }, () => agora.services.cases.start(leitung, { definition: 'anmeldung', parentId: course.id })));
    const states = results.map((r) => r.state);
    expect(states.filter((s) => s === 'bestaetigt')).toHaveLength(10);
    expect(states.filter((s) => s === 'warteliste')).toHaveLength(20);
    const stored = await agora.db.knex('cases').where({ parent_id: course.id }).select('state');
    expect(stored.filter((r: any) => r.state === 'bestaetigt')).toHaveLength(10);
  });

  it('moves the oldest waiting registration up when a confirmed one withdraws', async () => {
    const { cases, queries } = agora.services;
    const course = await openCourse(2);
    const regs = [];
    for (let i = 0; i < 4; i++) regs.push(await cases.start(leitung, { definition: 'anmeldung', parentId: course.id }));
    expect(regs.map((r) => r.state)).toEqual(['bestaetigt', 'bestaetigt', 'warteliste', 'warteliste']);
    await cases.send(leitung, regs[0].id, { type: 'ABMELDEN', expectedVersion: regs[0].version });
    const after = await Promise.all(regs.map((r) => queries.loadCase(DEFAULT_TENANT, r.id)));
    expect(after.map((r) => r!.state)).toEqual(['abgemeldet', 'bestaetigt', 'bestaetigt', 'warteliste']);
    const parentEvents = await agora.db.knex('events').where({ case_id: course.id }).orderBy('seq').pluck('type');
    expect(parentEvents).toEqual(['case.created', 'SUBMIT', 'PLATZ_FREI']);
  });

  it('shows the parent its children and the child its parent', async () => {
    const course = await openCourse(1);
    const reg = await agora.services.cases.start(leitung, { definition: 'anmeldung', parentId: course.id });
    const view = await agora.services.reads.caseView(leitung, course.id);
    expect(view.children).toEqual([expect.objectContaining({ id: reg.id, state: 'bestaetigt', stateTitle: { de: 'Bestätigt' } })]);
    const child = await agora.services.reads.caseView(leitung, reg.id);
    expect(child.parent).toEqual(expect.objectContaining({ id: course.id, reference: course.reference }));
  });
});
