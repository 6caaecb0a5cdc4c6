import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgora, type Agora, type StartOptions } from '../../../engine/boot.js';
import { DATA_KEY_FILE } from '../../../engine/store/index.js';
import { DataKey } from '../../../engine/service/index.js';
import { client, signIn, testAgora } from '../../helpers/agora.js';
import { TEST_DATABASE_URL } from '../../helpers/databases.js';

const kurs = {
  titel: 'Starke Eltern Herbst', programm: 'sesk', kinderalter_von: 3, kinderalter_bis: 10, ort: 'fz-zoberberg', stadtteil: 'zoberberg',
  termine: ['2027-03-02', '2027-03-09'], kursleitung: 'Frau Lehmann', kursleitung_qualifiziert: true,
  max_tn: 5, min_tn: 1, anmeldung_ab: '2027-01-15', anmeldeschluss: '2027-02-20', beschreibung: 'Acht Abende für Eltern.',
};
const PEOPLE = [
  { name: 'Wilhelmine Zwiebelhaupt', email: 'Wilhelmine.Zwiebelhaupt@Example.org' },
  { name: 'Konstantin Quellenberg', email: 'k.quellenberg@example.org' },
];
const clock = new Date('2027-01-20T09:00:00Z');

/** An open course on a fresh server, as the course team makes it. */
async function openCourse(agora: Agora): Promise<string> {
  const team = client(agora.app, await signIn(agora.app, 'kursleitung'));
  const c = (await team.post('/api/cases', { definition: 'elterntraining' })).json();
  let r = await team.post(`/api/cases/${c.id}/events`, { type: 'SUBMIT', data: kurs, expectedVersion: c.version });
  expect(r.statusCode, r.body).toBe(200);
  r = await team.post(`/api/cases/${c.id}/events`, { type: 'ANMELDUNG_OEFFNEN', expectedVersion: r.json().version });
  expect(r.statusCode, r.body).toBe(200);
  return c.id;
}

const register = (agora: Agora, offer: string, who: (typeof PEOPLE)[number]) =>
  agora.app.inject({ method: 'POST', url: `/api/public/offers/${offer}/registrations`, payload: { data: { name: who.name, kontakt: '0340 1234', email: who.email, einwilligung: true } } });
const confirm = (agora: Agora, token: string) => agora.app.inject({ method: 'POST', url: '/api/public/registrations/confirm', payload: { token } });

/** The confirmation token of the mail to `email`, read from the outbox (no SMTP server here). */
async function tokenFor(agora: Agora, email: string): Promise<string> {
  const row = await agora.db.knex('outbox').where({ recipient: email.trim().toLowerCase() }).orderBy('created_at').first('text_body');
  return /bestaetigen#([\w-]+)/.exec(row.text_body)![1];
}

/** Every value of every column of the pending requests, as text. */
async function storedText(agora: Agora): Promise<string> {
  const rows = await agora.db.knex('offer_requests').select('*');
  return JSON.stringify(rows).toLowerCase();
}

describe('pending registrations are sealed under the data key (#15)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'agora-sealed-'));
  let offer = '';
  const tokens: string[] = [];
  let saved = process.env.AGORA_DATA_KEY;
  const start = (options: StartOptions = {}) => startAgora({ dataDir: dir, seedDemo: true, scheduler: false, rt: { now: () => clock }, ...options });

  beforeAll(() => {
    saved = process.env.AGORA_DATA_KEY;
    delete process.env.AGORA_DATA_KEY;
  });
  afterAll(() => {
    if (saved !== undefined) process.env.AGORA_DATA_KEY = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps neither the name nor the e-mail in clear in any column, under a key file made once with mode 0600', async () => {
    const agora = await start();
    try {
      const keyFile = path.join(dir, DATA_KEY_FILE);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      offer = await openCourse(agora);
      for (const who of PEOPLE) expect((await register(agora, offer, who)).statusCode).toBe(202);
      const stored = await storedText(agora);
      for (const who of PEOPLE) {
        for (const part of [who.email.toLowerCase(), ...who.name.toLowerCase().split(' '), who.email.split('@')[0].toLowerCase()]) expect(stored).not.toContain(part);
        // Nor the unkeyed hash of the address, which anyone with a list of addresses could match.
        expect(stored).not.toContain(createHash('sha256').update(`default:${who.email.toLowerCase()}`).digest('hex'));
      }
      const rows = await agora.db.knex('offer_requests').select('data', 'sealed');
      expect(rows.every((r: { data: unknown; sealed: string }) => r.data === null && /^v1\./.test(r.sealed))).toBe(true);
      // The duplicate check and the per-address limit still find the address through its keyed hash.
      const dup = await register(agora, offer, { ...PEOPLE[0], email: PEOPLE[0].email.toUpperCase() });
      expect(dup.json().error.code).toBe('REGISTRATION_DUPLICATE');
      for (const who of PEOPLE) tokens.push(await tokenFor(agora, who.email));
    } finally {
      await agora.close();
    }
  }, 240_000);

  it('refuses to confirm under another key with a clear error, and loses nothing', async () => {
    const agora = await start({ dataKey: DataKey.generate() });
    try {
      const before = await agora.db.knex('offer_requests').orderBy('id').select('*');
      const res = await confirm(agora, tokens[0]);
      expect(res.statusCode).toBe(500);
      expect(res.json().error.code).toBe('DATA_KEY_MISMATCH');
      expect(res.json().error.message).toMatch(/AGORA_DATA_KEY/);
      expect(await agora.db.knex('offer_requests').orderBy('id').select('*')).toEqual(before);
      // The rest of the office works on: the public list, and the sign-in.
      expect((await agora.app.inject({ url: '/api/public/offers' })).statusCode).toBe(200);
      expect(await signIn(agora.app, 'kursleitung')).toContain('agora_session=');
    } finally {
      await agora.close();
    }
  }, 240_000);

  it('confirms with the key of the folder after a restart, and keeps no personal data in the request afterwards', async () => {
    const agora = await start();
    try {
      for (const token of tokens) {
        const res = await confirm(agora, token);
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json()).toMatchObject({ status: 'confirmed', offer, seat: 'place' });
      }
      const team = client(agora.app, await signIn(agora.app, 'kursleitung'));
      const regs = (await team.get('/api/cases?definition=elterntraining-anmeldung')).json().items.map((r: { title: string }) => r.title);
      expect(regs.sort()).toEqual(PEOPLE.map((p) => p.name).sort());
      expect(Number((await agora.db.knex('offer_requests').whereNotNull('sealed').count({ n: '*' }))[0].n)).toBe(0);
    } finally {
      await agora.close();
    }
  }, 240_000);
});

describe('a data key', () => {
  it('opens only what it sealed, for the same row', () => {
    const key = DataKey.fromBase64(randomBytes(32).toString('base64'));
    const sealed = key.seal({ name: 'Erika' }, 'row-1');
    expect(key.open(sealed, 'row-1')).toEqual({ name: 'Erika' });
    expect(() => key.open(sealed, 'row-2')).toThrow(/authentication tag/);
    const tampered = sealed.slice(0, -3) + (sealed.endsWith('AAA') ? 'BBB' : 'AAA');
    expect(() => key.open(tampered, 'row-1')).toThrow();
  });

  it('stops the start with a clear message when AGORA_DATA_KEY is not 32 bytes of base64', () => {
    expect(() => DataKey.fromBase64('kurz')).toThrow(/AGORA_DATA_KEY: expected base64 of 32 random bytes/);
    expect(() => DataKey.fromBase64(randomBytes(16).toString('base64'))).toThrow(/got 16 bytes/);
  });
});

describe.skipIf(!TEST_DATABASE_URL)('PostgreSQL without AGORA_DATA_KEY', () => {
  let agora: Agora;
  beforeAll(async () => {
    agora = await testAgora('postgres', { dataKey: undefined, rt: { now: () => clock } });
  }, 240_000);
  afterAll(() => agora?.close());

  it('refuses self-registration with DATA_KEY_MISSING instead of storing it in clear or under a key only one process knows', async () => {
    const offer = await openCourse(agora);
    const res = await register(agora, offer, PEOPLE[0]);
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('DATA_KEY_MISSING');
    expect(Number((await agora.db.knex('offer_requests').count({ n: '*' }))[0].n)).toBe(0);
  });
});
