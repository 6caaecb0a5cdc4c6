import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgora, type Agora } from '../../../engine/boot.js';
import { DEFAULT_TENANT } from '../../../engine/boot-constants.js';
import type { Actor } from '../../../engine/runtime/index.js';

/** The shipped parent training through the real services and database: course, registrations, deadline, withdrawal, cancellation. */
describe('elterntraining through the service layer', () => {
  let agora: Agora;
  let now = new Date('2026-09-01T08:00:00Z');
  let leitung: Actor;
  const days = (n: number) => new Date(Date.UTC(2026, 8, 1 + n, 8));

  beforeAll(async () => {
    agora = await startAgora({ memory: true, scheduler: false, seedDemo: true, rt: { now: () => now } });
    const [user] = await agora.db.knex('users').where({ username: 'kursleitung' });
    leitung = { id: user.id, username: user.username, roles: user.roles, tenantId: DEFAULT_TENANT, organisations: user.organisations };
  });
  afterAll(async () => agora?.close());

  const kurs = {
    titel: 'Starke Eltern – Starke Kinder, Herbst', programm: 'sesk', kinderalter_von: 3, kinderalter_bis: 10, ort: '', kursleitung: 'Frau A. und Herr B.',
    kursleitung_qualifiziert: true, max_tn: 10, min_tn: 4, anmeldung_ab: '2026-09-01', anmeldeschluss: '2026-09-20', termine: ['2026-09-28', '2026-10-05', '2026-10-12'],
  };

  async function state(id: string) {
    return (await agora.services.queries.loadCase(DEFAULT_TENANT, id))!;
  }

  it('fills 10 seats, keeps a waiting list that moves up, confirms at the deadline and cancels every registration with the course', async () => {
    const { cases, catalogues } = agora.services;
    kurs.ort = (await catalogues.get(DEFAULT_TENANT, 'kursorte')).entries[0].value;
    const course = await cases.start(leitung, { definition: 'elterntraining' });
    let c = await cases.send(leitung, course.id, { type: 'SUBMIT', data: kurs, expectedVersion: 1 });
    if (c.state === 'ausgeschrieben') c = await cases.send(leitung, course.id, { type: 'ANMELDUNG_OEFFNEN', expectedVersion: c.version });
    expect(c.state).toBe('anmeldung_offen');

    const regs = [];
    for (let i = 0; i < 12; i++) {
      now = new Date(days(1).getTime() + i * 60_000);
      const r = await cases.start(leitung, { definition: 'elterntraining-anmeldung', parentId: course.id });
      regs.push(await cases.send(leitung, r.id, { type: 'SUBMIT', data: { name: `Elternteil ${i + 1}`, kontakt: `0340 ${i}`, einwilligung: true }, expectedVersion: r.version }));
    }
    expect(regs.map((r) => r.state)).toEqual([...Array(10).fill('bestaetigt'), 'warteliste', 'warteliste']);
    const pending = await cases.start(leitung, { definition: 'elterntraining-anmeldung', parentId: course.id });

    await cases.send(leitung, regs[3].id, { type: 'ABMELDEN', data: { datum: '2026-09-10', grund: 'umzug' }, expectedVersion: regs[3].version });
    expect((await state(regs[10].id)).state).toBe('bestaetigt');
    expect((await state(regs[11].id)).state).toBe('warteliste');

    now = new Date('2026-09-21T00:00:01Z');
    await agora.scheduler.tick();
    expect((await state(course.id)).state).toBe('bestaetigt');

    const current = await state(course.id);
    const [ko] = await agora.db.knex('users').where({ username: 'koordination' });
    const koordination: Actor = { id: ko.id, username: ko.username, roles: ko.roles, tenantId: DEFAULT_TENANT };
    await cases.send(koordination, course.id, { type: 'KURS_ABSAGEN', data: { grund: 'kursleitung' }, expectedVersion: current.version });
    expect((await state(course.id)).status).toBe('closed');
    const after = await Promise.all([...regs, pending].map((r) => state(r.id)));
    expect(after.every((r) => r.status === 'closed')).toBe(true);
    expect(await agora.db.knex('tasks').whereIn('case_id', [...regs, pending].map((r) => r.id))).toEqual([]);
  });
});
