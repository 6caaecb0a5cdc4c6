import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { DEFAULT_TENANT } from '../../../engine/boot-constants.js';
import { AgoraError } from '../../../engine/errors.js';
import type { Actor } from '../../../engine/runtime/index.js';
import { createServices, type Services } from '../../../engine/service/index.js';
import { databaseKinds } from '../../helpers/databases.js';
import { testAgora } from '../../helpers/agora.js';

/**
 * A server process remembers the row it wrote last of each case it
 * commanded, so the next command on that case needs no read first (#16).
 * Another process (a second set of services on the same database) may have
 * moved the case since: these tests make sure a remembered row never
 * decides a command on its own.
 */
const antrag = {
  key: 'antrag-recent',
  version: 1,
  title: { de: 'Antrag', en: 'Application' },
  roles: ['team', 'aufsicht'],
  access: {
    team: {},
    aufsicht: { when: { '==': [{ var: 'data.antrag.freigabe' }, true] } },
  },
  forms: {
    antrag: {
      title: { de: 'Antrag' },
      schema: { type: 'object', properties: { name: { type: 'string', title: 'Name' }, freigabe: { type: 'boolean', title: 'Freigabe' } } },
    },
    pruefung: { title: { de: 'Prüfung' }, schema: { type: 'object', properties: { ergebnis: { type: 'string', title: 'Ergebnis' } } } },
    notiz: { title: { de: 'Notiz' }, schema: { type: 'object', properties: { text: { type: 'string', title: 'Text' } } } },
  },
  machine: {
    id: 'antrag-recent',
    initial: 'erfassen',
    states: {
      erfassen: {
        meta: { title: { de: 'Erfassen' }, task: { roles: ['team'], form: 'antrag' }, events: { NOTIZ: { label: { de: 'Notiz' }, roles: ['team'], form: 'notiz' } } },
        on: { SUBMIT: 'pruefen', NOTIZ: {} },
      },
      pruefen: {
        meta: {
          title: { de: 'Prüfen' },
          task: { roles: ['aufsicht'], form: 'pruefung' },
          events: { NOTIZ: { label: { de: 'Notiz' }, roles: ['team', 'aufsicht'], form: 'notiz' }, AENDERN: { label: { de: 'Antrag ändern' }, roles: ['team'], form: 'antrag' } },
        },
        on: { SUBMIT: 'fertig', NOTIZ: {}, AENDERN: {} },
      },
      fertig: { type: 'final', meta: { title: { de: 'Fertig' } } },
    },
  },
};

const team: Actor = { id: '00000000-0000-4000-8000-0000000000a1', username: 'team', roles: ['team'], tenantId: DEFAULT_TENANT };
const aufsicht: Actor = { id: '00000000-0000-4000-8000-0000000000a2', username: 'aufsicht', roles: ['aufsicht'], tenantId: DEFAULT_TENANT };

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return e instanceof AgoraError ? e.code : String(e);
  }
}

describe.each(databaseKinds())('commands after another process moved the case (%s)', (kind) => {
  let agora: Agora;
  let other: Services;

  beforeAll(async () => {
    agora = await testAgora(kind, { definitionsDir: 'tests/fixtures/empty-definitions' });
    await agora.services.definitions.import(DEFAULT_TENANT, antrag);
    await agora.services.definitions.publish(DEFAULT_TENANT, antrag.key, 1);
    // A second server process on the same database: its own services, its own memory.
    other = createServices(agora.services.knex);
  });
  afterAll(async () => agora?.close());

  it('decides on the stored case, not on the row this process wrote last', async () => {
    const { cases } = agora.services;
    const started = await cases.start(team, { definition: antrag.key });
    await cases.send(team, started.id, { type: 'NOTIZ', data: { text: 'erste Notiz' } });
    // The other process submits the application: the case is now in `pruefen`.
    await other.cases.send(team, started.id, { type: 'SUBMIT', data: { name: 'Erika', freigabe: true } });
    // This process last wrote the case in `erfassen`; a SUBMIT now must finish it from `pruefen`.
    const done = await cases.send(aufsicht, started.id, { type: 'SUBMIT', data: { ergebnis: 'bewilligt' } });
    expect(done.state).toBe('fertig');
    expect(done.version).toBe(4);
    // Nothing the other process wrote is lost.
    expect(done.data).toMatchObject({ antrag: { name: 'Erika', freigabe: true }, pruefung: { ergebnis: 'bewilligt' }, notiz: { text: 'erste Notiz' } });
    const events = await agora.services.knex('events').where({ case_id: started.id }).orderBy('seq').select('seq', 'type');
    expect(events.map((e: { seq: number; type: string }) => `${e.seq}:${e.type}`)).toEqual(['1:case.created', '2:NOTIZ', '3:SUBMIT', '4:SUBMIT']);
  });

  it('answers a stale expected version with the stored version, and a current one with success', async () => {
    const { cases } = agora.services;
    const started = await cases.start(team, { definition: antrag.key });
    await cases.send(team, started.id, { type: 'NOTIZ', data: { text: 'a' }, expectedVersion: 1 });
    await other.cases.send(team, started.id, { type: 'NOTIZ', data: { text: 'b' }, expectedVersion: 2 });
    const stale = await cases.send(team, started.id, { type: 'NOTIZ', data: { text: 'c' }, expectedVersion: 2 }).catch((e: AgoraError) => e);
    expect(stale).toBeInstanceOf(AgoraError);
    expect((stale as AgoraError).code).toBe('VERSION_CONFLICT');
    expect((stale as AgoraError).message).toMatch(/\b3\b/);
    const current = await cases.send(team, started.id, { type: 'NOTIZ', data: { text: 'c' }, expectedVersion: 3 });
    expect(current.version).toBe(4);
    expect(current.data).toMatchObject({ notiz: { text: 'c' } });
  });

  it('does not let a role act on a case whose access another process withdrew', async () => {
    const { cases } = agora.services;
    const started = await cases.start(team, { definition: antrag.key });
    await cases.send(team, started.id, { type: 'SUBMIT', data: { name: 'Max', freigabe: true } });
    // Released: the supervisor may write a note, and this process remembers the case as released.
    await cases.send(aufsicht, started.id, { type: 'NOTIZ', data: { text: 'gesehen' } });
    // The other process withdraws the release.
    await other.cases.send(team, started.id, { type: 'AENDERN', data: { name: 'Max', freigabe: false } });
    // The remembered row still says "released"; the stored one does not.
    expect(await codeOf(cases.send(aufsicht, started.id, { type: 'NOTIZ', data: { text: 'noch einmal' } }))).toBe('CASE_NOT_FOUND');
  });
});
