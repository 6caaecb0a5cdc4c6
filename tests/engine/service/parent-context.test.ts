import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgora, type Agora } from '../../../engine/boot.js';
import { DEFAULT_TENANT } from '../../../engine/boot-constants.js';
import type { Actor } from '../../../engine/runtime/index.js';

const staff: Actor = { id: '00000000-0000-4000-8000-000000000001', username: 'staff', roles: ['staff'], tenantId: DEFAULT_TENANT };
const maxRule = { '<': [{ var: 'case.parent.data.kurs.max' }, 100] };

const kurs = {
  key: 'kurs', version: 1, title: { de: 'Kurs' }, roles: ['staff'], retention: { afterClose: 'P1M' },
  forms: { kurs: { title: { de: 'Kurs' }, schema: { type: 'object', properties: { max: { type: 'integer', title: 'Plätze' }, leitung: { type: 'string', title: 'Leitung (Name)' } } } } },
  machine: { id: 'kurs', initial: 'planung', states: {
    planung: { meta: { title: { de: 'Planung' }, task: { roles: ['staff'], form: 'kurs' } }, on: { SUBMIT: 'offen' } },
    offen: { meta: { title: { de: 'Offen' }, events: { ENDE: { label: { de: 'Ende' }, roles: ['staff'] } } }, on: { ENDE: 'ende' } },
    ende: { type: 'final', meta: { title: { de: 'Ende' } } },
  } },
};
const anmeldung = {
  key: 'kurs-anmeldung', version: 1, title: { de: 'Anmeldung' }, roles: ['staff'], parent: { definition: 'kurs', required: true },
  forms: { a: { title: { de: 'Anmeldung' }, schema: { type: 'object', properties: { name: { type: 'string', title: 'Name' } } } } },
  machine: { id: 'kurs-anmeldung', initial: 'neu', states: {
    neu: { meta: { title: { de: 'Neu' }, task: { roles: ['staff'], form: 'a' } }, on: { SUBMIT: [{ guard: { type: 'formula', params: { rule: maxRule } }, target: 'ok' }, { target: 'voll' }] } },
    ok: { type: 'final', meta: { title: { de: 'Angenommen' } } },
    voll: { type: 'final', meta: { title: { de: 'Voll' } } },
  } },
};

/** A child's event log keeps only what its rules read of the parent, and loses that with the parent's data (#9). */
describe('the parent context in a child case\'s events', () => {
  let agora: Agora;
  let now = new Date('2026-01-10T09:00:00Z');

  beforeAll(async () => {
    agora = await startAgora({ memory: true, scheduler: false, definitionsDir: 'tests/fixtures/empty-definitions', rt: { now: () => now } });
    for (const d of [kurs, anmeldung]) {
      await agora.services.definitions.import(DEFAULT_TENANT, d);
      await agora.services.definitions.publish(DEFAULT_TENANT, d.key, 1);
    }
  });
  afterAll(async () => agora?.close());

  it('stores the parent fields a guard reads, not the parent\'s other data, and purges them with the parent', async () => {
    const { cases, knex } = agora.services;
    const parent = await cases.start(staff, { definition: 'kurs' });
    await cases.send(staff, parent.id, { type: 'SUBMIT', data: { max: 12, leitung: 'Erika Muster' }, expectedVersion: 1 });
    const child = await cases.start(staff, { definition: 'kurs-anmeldung', parentId: parent.id });
    const done = await cases.send(staff, child.id, { type: 'SUBMIT', data: { name: 'Teilnehmerin' }, expectedVersion: 1 });
    expect(done.state).toBe('ok');
    const contexts = (await knex('events').where({ case_id: child.id }).orderBy('seq')).map((e: any) => e.context);
    expect(contexts.map((c: any) => c.parent?.data)).toEqual([{ kurs: { max: 12 } }, { kurs: { max: 12 } }]);
    expect(JSON.stringify(contexts)).not.toContain('Erika');

    await cases.send(staff, parent.id, { type: 'ENDE', expectedVersion: 2 });
    now = new Date('2026-03-01T09:00:00Z');
    await agora.services.retention.purgeExpired(DEFAULT_TENANT);
    const after = (await knex('events').where({ case_id: child.id })).map((e: any) => e.context);
    expect(after.every((c: any) => c.parent && c.parent.data === undefined)).toBe(true);
  });

  it('deletes a finished bulk start\'s report with the rejected values after a week', async () => {
    const { knex, retention } = agora.services;
    const user = await agora.services.auth.createUser(DEFAULT_TENANT, 'importeur', 'Lange-Nacht-der-Bildung-2026', ['staff']);
    const at = (d: Date) => d.toISOString();
    await knex('imports').insert([
      { id: '00000000-0000-4000-8000-0000000000a1', tenant_id: DEFAULT_TENANT, user_id: user.id, definition_key: 'kurs', definition_version: 1, status: 'rejected', total: 1, processed: 1, created: 0, rejected: JSON.stringify([{ row: 2, problems: [{ path: '/name', message: 'Mia Beispiel ist zu lang' }] }]), created_at: at(now), updated_at: at(now) },
    ]);
    now = new Date(now.getTime() + 6 * 86_400_000);
    await retention.purgeExpired(DEFAULT_TENANT);
    expect(await knex('imports').count({ n: '*' }).then((r: any) => Number(r[0].n))).toBe(1);
    now = new Date(now.getTime() + 2 * 86_400_000);
    await retention.purgeExpired(DEFAULT_TENANT);
    expect(await knex('imports').count({ n: '*' }).then((r: any) => Number(r[0].n))).toBe(0);
  });
});
