import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgora, type Agora } from '../../../engine/boot.js';
import { DEFAULT_TENANT } from '../../../engine/boot-constants.js';
import { AgoraError } from '../../../engine/errors.js';
import type { Actor } from '../../../engine/runtime/index.js';
import { afterWords } from '../../../engine/service/timer-label.js';

/** Plausibility of the shipped forms and deadlines that had passed before a case got there (#12), with a fixed clock. */
describe('plausibility and deadlines already past', () => {
  let agora: Agora;
  let now = new Date('2026-12-01T09:00:00Z');
  let kita: Actor;

  beforeAll(async () => {
    agora = await startAgora({ memory: true, scheduler: false, seedDemo: true, rt: { now: () => now } });
    const [user] = await agora.db.knex('users').where({ username: 'kita' });
    kita = { id: user.id, username: user.username, roles: user.roles, tenantId: DEFAULT_TENANT, organisations: user.organisations };
  });
  afterAll(async () => agora?.close());

  const child = (over: Record<string, unknown> = {}) => ({
    vorname: 'Jonas', nachname: 'Beispiel', geburtsdatum: '2020-03-14', kita: 'kita-sonnenschein', einschulungsjahr: 2027,
    stadtteil: 'innenstadt-mitte', sorgeberechtigte: [{ name: 'Eva Beispiel', sorgerecht: true }], ...over,
  });

  async function problemsOf(data: Record<string, unknown>) {
    const c = await agora.services.cases.start(kita, { definition: 'kita-grundschule' });
    try {
      await agora.services.cases.send(kita, c.id, { type: 'SUBMIT', data, expectedVersion: c.version });
      return [];
    } catch (e) {
      expect(e).toBeInstanceOf(AgoraError);
      return ((e as AgoraError).details ?? []).map((d) => [d.path, d.code, d.params]);
    }
  }

  it('refuses a birth date in the future and a school year already over, with the limit for the message', async () => {
    expect(await problemsOf(child({ geburtsdatum: '2031-01-05', einschulungsjahr: 2025 }))).toEqual([
      ['/geburtsdatum', 'x-notInFuture', { limit: '2026-12-01' }],
      ['/einschulungsjahr', 'x-notInPast', { limit: 2026 }],
    ]);
    expect(await problemsOf(child({ geburtsdatum: '2026-12-01', einschulungsjahr: 2026 }))).toEqual([]);
  });

  it('refuses a course whose children are "von 10 bis 3", at the field "bis"', async () => {
    const [user] = await agora.db.knex('users').where({ username: 'kursleitung' });
    const leitung: Actor = { id: user.id, username: user.username, roles: user.roles, tenantId: DEFAULT_TENANT, organisations: user.organisations };
    const course = await agora.services.cases.start(leitung, { definition: 'elterntraining' });
    const ort = (await agora.services.catalogues.get(DEFAULT_TENANT, 'kursorte')).entries[0].value;
    const kurs = {
      titel: 'Kurs', programm: 'triple_p', kinderalter_von: 10, kinderalter_bis: 3, ort, kursleitung: 'A', max_tn: 10, min_tn: 4,
      anmeldung_ab: '2026-12-10', anmeldeschluss: '2026-12-05', termine: ['2027-01-10'],
    };
    const err = await agora.services.cases.send(leitung, course.id, { type: 'SUBMIT', data: kurs, expectedVersion: course.version }).catch((e: AgoraError) => e);
    expect((err as AgoraError).details?.map((d) => [d.path, d.code])).toEqual([
      ['/kinderalter_bis', 'minimum'],
      ['/anmeldeschluss', 'formatMinimum'],
    ]);
  });

  it('says in the history which deadline moved the case, and that it had passed before the case got there', async () => {
    // Enrolment this year: mid-July is already past on 1 December, so the Kita year ends at once.
    const c = await agora.services.cases.start(kita, { definition: 'kita-grundschule' });
    await agora.services.cases.send(kita, c.id, { type: 'SUBMIT', data: child({ einschulungsjahr: 2026 }), expectedVersion: c.version });
    now = new Date('2026-12-01T09:01:00Z');
    await agora.scheduler.tick();
    const history = await agora.services.reads.history(kita, c.id);
    const timer = history.find((h) => h.type.startsWith('xstate.after.kita_abschied'));
    expect(timer?.label?.de).toBe(
      'Frist abgelaufen: Mitte Juli des Einschulungsjahres: Abschied aus der Kita. Die Frist (15.07.2026) war schon vorbei, als der Vorgang diesen Schritt erreichte; er ist deshalb sofort weitergegangen.',
    );
    expect(timer?.label?.en).toContain('had already passed');
  });

  it('writes durations as people say them', () => {
    expect(afterWords('P14D')).toEqual({ de: 'nach 14 Tagen', en: 'after 14 days' });
    expect(afterWords('P1M2D')).toEqual({ de: 'nach 1 Monat 2 Tagen', en: 'after 1 month 2 days' });
    expect(afterWords('PT1H')).toEqual({ de: 'nach 1 Stunde', en: 'after 1 hour' });
    expect(afterWords('schulanmeldeschluss')).toBeNull();
  });
});
