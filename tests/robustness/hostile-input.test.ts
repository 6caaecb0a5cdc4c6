import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../engine/boot.js';
import { ERRORS } from '../../engine/errors.js';
import { signIn, testAgora } from '../helpers/agora.js';
import { FIXTURES_DIR } from '../helpers/definitions.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Every route of the API with a valid address (`:id` filled in by the test). */
const ROUTES: Array<[Method, string]> = [
  ['GET', '/api/health'],
  ['GET', '/api/openapi.json'],
  ['POST', '/api/session'],
  ['GET', '/api/session'],
  ['DELETE', '/api/session'],
  ['GET', '/api/schemas/definition.json'],
  ['GET', '/api/definitions'],
  ['GET', '/api/definitions/kita-mini/1'],
  ['GET', '/api/definitions/kita-mini/1/graph'],
  ['GET', '/api/definitions/kita-mini/1/export'],
  ['POST', '/api/definitions'],
  ['POST', '/api/definitions/lint'],
  ['POST', '/api/definitions/kita-mini/1/publish'],
  ['POST', '/api/cases'],
  ['GET', '/api/cases'],
  ['GET', '/api/cases/export.csv'],
  ['GET', '/api/cases/:id'],
  ['POST', '/api/cases/:id/events'],
  ['GET', '/api/cases/:id/history'],
  ['GET', '/api/cases/:id/attachments/:attachment'],
  ['GET', '/api/cases/:id/draft'],
  ['PUT', '/api/cases/:id/draft'],
  ['DELETE', '/api/cases/:id/draft'],
  ['GET', '/api/tasks'],
  ['GET', '/api/board'],
  ['GET', '/api/catalogues'],
  ['GET', '/api/catalogues/:key'],
  ['PUT', '/api/catalogues/:key'],
  ['POST', '/api/imports'],
  ['GET', '/api/imports/:id'],
  ['GET', '/api/jobs/:id'],
  ['GET', '/api/board/durations'],
  ['GET', '/api/privacy/cases'],
  ['POST', '/api/privacy/export'],
  ['GET', '/api/users'],
  ['POST', '/api/users'],
  ['PATCH', '/api/users/:username'],
  ['GET', '/api/cases/:id/reads'],
  ['GET', '/api/organisations'],
  ['POST', '/api/organisations'],
  ['GET', '/api/organisations/:key'],
  ['PUT', '/api/organisations/:key'],
  ['PUT', '/api/users/:username/password'],
  ['PUT', '/api/session/password'],
  ['GET', '/api/tokens'],
  ['POST', '/api/tokens'],
  ['DELETE', '/api/tokens/:id'],
  ['GET', '/api/session/methods'],
  ['GET', '/api/session/oidc'],
  ['GET', '/api/session/oidc/callback'],
  ['POST', '/api/definitions/simulate'],
  ['POST', '/api/definitions/diff'],
  ['POST', '/api/definitions/:key/migrations'],
  ['GET', '/api/monitoring/indicators'],
  ['GET', '/api/monitoring/indicators/:key'],
  ['GET', '/api/monitoring/indicators/:key/export.csv'],
  ['PUT', '/api/monitoring/indicators/:key/band'],
  ['GET', '/api/monitoring/population'],
  ['PUT', '/api/monitoring/population'],
  ['GET', '/api/public/offers'],
  ['GET', '/api/public/offers.ics'],
  ['GET', '/api/public/offers/:id'],
  ['POST', '/api/public/offers/:id/registrations'],
  ['POST', '/api/public/registrations/confirm'],
  ['POST', '/api/public/registrations/withdraw'],
  ['GET', '/api/outbox'],
  ['GET', '/api/account/notifications'],
  ['PATCH', '/api/account/notifications'],
];
const WITH_BODY = ROUTES.filter(([m]) => m === 'POST' || m === 'PUT' || m === 'PATCH');

const HOSTILE_STRINGS = [
  "'; DROP TABLE cases; --",
  "' OR '1'='1",
  'x") OR 1=1 --',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '{{constructor.constructor("alert(1)")()}}',
  '${process.exit(1)}',
  '=HYPERLINK("http://example.org")',
  '../../../../etc/passwd',
  'Ünïcødé ✓ 🚸',
];

const TABLES = ['tenants', 'users', 'sessions', 'api_tokens', 'definitions', 'cases', 'events', 'tasks', 'timers', 'drafts', 'catalogues', 'imports', 'jobs', 'organisations', 'case_access', 'attachments'];
const CODES = new Set(Object.keys(ERRORS));

describe('hostile input against every route', () => {
  let agora: Agora;
  let admin: string;
  let kita: string;
  let caseId: string;
  let counts: Record<string, number>;

  const call = (method: Method, url: string, options: { cookie?: string; payload?: string | object; headers?: Record<string, string> } = {}) =>
    agora.app.inject({
      method,
      url: url.replace(':id', caseId).replace('organisations/:key', 'organisations/kita-sonnenschein').replace(':key', 'stadtteile').replace(':username', 'kita').replace(':attachment', '0a0a0a0a-0000-4000-8000-00000000000a'),
      headers: { ...(options.cookie ? { cookie: options.cookie } : {}), ...options.headers },
      ...(options.payload === undefined ? {} : { payload: options.payload }),
    });

  /** A clear 4xx with a stable catalogue code. */
  const expectClear4xx = (res: LightMyRequestResponse, label: string) => {
    expect(res.statusCode, `${label}: ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, `${label}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
    const code = res.json().error?.code;
    expect(CODES.has(code), `${label}: code ${code}`).toBe(true);
    expect(ERRORS[code as keyof typeof ERRORS].status).toBe(res.statusCode);
  };

  /**
   * The lint route reports problems as its answer (200, `ok: false`); publish
   * takes no body, ignores one and is a no-op for a published version; every
   * other route refuses with a 4xx.
   */
  const expectRefused = (res: LightMyRequestResponse, url: string, label: string) => {
    if (url === '/api/definitions/lint' && res.statusCode === 200) expect(res.json().ok, label).toBe(false);
    else if (url.endsWith('/publish') && res.statusCode === 200) expect(res.json().status, label).toBe('published');
    else expectClear4xx(res, label);
  };

  const countRows = async () => {
    const out: Record<string, number> = {};
    for (const t of TABLES) out[t] = Number((await agora.services.knex(t).count({ n: '*' }))[0].n);
    return out;
  };

  beforeAll(async () => {
    agora = await testAgora('pglite', { definitionsDir: FIXTURES_DIR });
    admin = await signIn(agora.app, 'admin');
    kita = await signIn(agora.app, 'kita');
    await agora.services.catalogues.put('default', 'stadtteile', { de: 'Stadtteile' }, [{ value: 'nord', label: { de: 'Nord' } }], new Date());
    const res = await call('POST', '/api/cases', { cookie: kita, payload: { definition: 'kita-mini' } });
    caseId = res.json().id;
    counts = await countRows();
  });

  afterAll(async () => {
    // Nothing that was refused left a row behind, and the server still answers.
    expect(await countRows()).toEqual(counts);
    expect((await call('GET', '/api/health')).statusCode).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    await agora?.close();
  });

  it('lists every route the server has', async () => {
    const spec = (await call('GET', '/api/openapi.json')).json();
    const served = Object.entries<Record<string, unknown>>(spec.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const known = new Set(ROUTES.map(([m, p]) => `${m} ${p.replace('kita-mini/1', ':key/:version')}`));
    expect(served.filter((r) => !known.has(r) && !r.startsWith('GET /api/docs'))).toEqual([]);
  });

  it('answers malformed JSON with 400 BAD_REQUEST on every route that takes a body', async () => {
    for (const [method, url] of WITH_BODY) {
      const res = await call(method, url, { cookie: admin, payload: '{"definition": "kita-mini",', headers: { 'content-type': 'application/json' } });
      expect(res.statusCode, `${method} ${url}`).toBe(400);
      expect(res.json().error.code).toBe('BAD_REQUEST');
    }
  });

  it('answers a wrong content type with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    for (const [method, url] of WITH_BODY) {
      for (const type of ['application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const res = await call(method, url, { cookie: admin, payload: 'a=1', headers: { 'content-type': type } });
        expect(res.statusCode, `${method} ${url} ${type}`).toBe(415);
        expect(res.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      }
      // fastify parses text/plain as a string; the route's schema then refuses it.
      expectRefused(await call(method, url, { cookie: admin, payload: 'hello', headers: { 'content-type': 'text/plain' } }), url, `${method} ${url} text/plain`);
    }
  });

  it('answers a 10 MB body with 413 BODY_TOO_LARGE', async () => {
    const big = JSON.stringify({ type: 'NOTIZ', expectedVersion: 1, data: { text: 'x'.repeat(10 * 1024 * 1024) } });
    for (const [method, url] of WITH_BODY) {
      const res = await call(method, url, { cookie: admin, payload: big, headers: { 'content-type': 'application/json' } });
      expect(res.statusCode, `${method} ${url}`).toBe(413);
      expect(res.json().error.code).toBe('BODY_TOO_LARGE');
    }
  });

  it('survives deeply nested JSON on every route that takes a body', async () => {
    const deepArray = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const deepObject = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    for (const [method, url] of WITH_BODY) {
      for (const nested of [deepArray, deepObject]) {
        for (const payload of [nested, `{"type":"NOTIZ","expectedVersion":1,"definition":"kita-mini","data":${nested}}`]) {
          const res = await call(method, url, { cookie: admin, payload, headers: { 'content-type': 'application/json' } });
          expectRefused(res, url, `${method} ${url} nested`);
        }
      }
    }
  });

  it('refuses __proto__ and constructor keys, and nothing gets polluted', async () => {
    const bodies = [
      '{"__proto__": {"polluted": "yes"}}',
      '{"definition": "kita-mini", "data": {"__proto__": {"polluted": "yes"}}}',
      '{"type": "NOTIZ", "expectedVersion": 1, "data": {"text": "a", "__proto__": {"polluted": "yes"}}}',
      '{"type": "NOTIZ", "expectedVersion": 1, "data": {"text": "a", "constructor": {"prototype": {"polluted": "yes"}}}}',
      '{"constructor": {"prototype": {"polluted": "yes"}}}',
    ];
    for (const [method, url] of WITH_BODY) {
      for (const payload of bodies) {
        expectRefused(await call(method, url, { cookie: admin, payload, headers: { 'content-type': 'application/json' } }), url, `${method} ${url} ${payload}`);
      }
    }
    for (const q of ['__proto__[polluted]=yes', 'constructor[prototype][polluted]=yes', '__proto__.polluted=yes']) {
      const res = await call('GET', `/api/cases?${q}`, { cookie: admin });
      expect(res.statusCode).toBeLessThan(500);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers unknown, impossible and engine-only events with their codes', async () => {
    const send = (type: string, cookie = kita) => call('POST', `/api/cases/${caseId}/events`, { cookie, payload: { type, expectedVersion: 1 } });
    const cases: Array<[string, string, string?]> = [
      ['NOPE', 'EVENT_UNKNOWN'],
      ['__proto__', 'EVENT_UNKNOWN'],
      ['constructor', 'EVENT_UNKNOWN'],
      ['toString', 'EVENT_UNKNOWN'],
      ['case.created', 'EVENT_UNKNOWN'],
      ['xstate.after.P21D.kita-mini.erfassung', 'EVENT_FORBIDDEN'],
      ['ABBRECHEN', 'EVENT_FORBIDDEN'],
      ['SUBMIT', 'FORM_REQUIRED'],
    ];
    for (const [type, code] of cases) {
      const res = await send(type);
      expectClear4xx(res, type);
      expect(res.json().error.code, type).toBe(code);
    }
    const stale = await call('POST', `/api/cases/${caseId}/events`, { cookie: kita, payload: { type: 'NOPE', expectedVersion: 0 } });
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
  });

  it('refuses invalid ids, paging values and oversized query strings with 400', async () => {
    for (const [method, url] of ROUTES.filter(([, u]) => u.includes(':id'))) {
      for (const bad of ['not-a-uuid', '1', "'; DROP TABLE cases; --", '00000000-0000-0000-0000-00000000000g', 'x'.repeat(5000)]) {
        const res = await call(method, url.replace(':id', encodeURIComponent(bad)), { cookie: admin, payload: method === 'GET' || method === 'DELETE' ? undefined : {} });
        expectClear4xx(res, `${method} ${url} ${bad.slice(0, 20)}`);
      }
    }
    for (const url of ['/api/cases', '/api/tasks']) {
      for (const q of ['limit=-1', 'limit=0', 'limit=201', 'limit=99999999999999999999', 'limit=abc', 'cursor=-5', 'cursor=1e9', 'cursor=9999999999', 'cursor=abc', `q=${'x'.repeat(10_000)}`, 'sort=id;drop', 'order=sideways', 'unknown=1']) {
        const res = await call('GET', `${url}?${q}`, { cookie: admin });
        expectClear4xx(res, `${url}?${q.slice(0, 30)}`);
      }
    }
    const far = await call('GET', '/api/cases?cursor=999999999', { cookie: admin });
    expect(far.statusCode).toBe(200);
    expect(far.json().items).toEqual([]);
  });

  it('treats SQL- and script-like strings in every query parameter as plain text', async () => {
    const reference = (await call('GET', `/api/cases/${caseId}`, { cookie: admin })).json().reference;
    expect((await call('GET', `/api/cases?q=${encodeURIComponent(reference)}`, { cookie: admin })).json().items.map((c: { id: string }) => c.id)).toEqual([caseId]);
    for (const s of HOSTILE_STRINGS) {
      for (const param of ['definition', 'state']) {
        const res = await call('GET', `/api/cases?${param}=${encodeURIComponent(s)}`, { cookie: admin });
        expect(res.statusCode, `${param}=${s}`).toBe(200);
        expect(res.json().items).toEqual([]);
      }
      // q finds cases whose reference and title words begin with every word given; these begin none.
      const found = await call('GET', `/api/cases?q=${encodeURIComponent(s)}`, { cookie: admin });
      expect(found.statusCode).toBe(200);
      expect(found.json().items).toEqual([]);
      for (const param of ['definition', 'fieldOfAction']) {
        const res = await call('GET', `/api/tasks?${param}=${encodeURIComponent(s)}`, { cookie: kita });
        expect(res.statusCode).toBe(200);
        expect(res.json().items).toEqual([]);
      }
      expectClear4xx(await call('GET', `/api/definitions?status=${encodeURIComponent(s)}`, { cookie: admin }), `status=${s}`);
      expectClear4xx(await call('GET', `/api/catalogues/${encodeURIComponent(s)}`, { cookie: admin }), `catalogue ${s}`);
      expectClear4xx(await call('GET', `/api/definitions/${encodeURIComponent(s)}/1`, { cookie: admin }), `definition ${s}`);
    }
  });

  it('refuses NUL characters and unpaired surrogates anywhere with 400 BAD_REQUEST', async () => {
    const payloads = ['{"type":"NOTIZ","expectedVersion":1,"data":{"text":"a\\u0000b"}}', '{"type":"NOTIZ","expectedVersion":1,"data":{"text":"\\ud800"}}', '{"definition":"kita\\u0000"}'];
    for (const [method, url] of WITH_BODY) {
      for (const payload of payloads) {
        const res = await call(method, url, { cookie: admin, payload, headers: { 'content-type': 'application/json' } });
        expect(res.statusCode, `${method} ${url}`).toBe(400);
        expect(res.json().error.code).toBe('BAD_REQUEST');
      }
    }
    for (const q of ['state=a%00b', 'definition=a%00b', 'q=%00']) expect((await call('GET', `/api/cases?${q}`, { cookie: admin })).json().error.code).toBe('BAD_REQUEST');
  });

  it('stores SQL- and script-like form input verbatim, and huge strings within the body limit', async () => {
    const { queries } = agora.services;
    const fresh = await call('POST', '/api/cases', { cookie: kita, payload: { definition: 'kita-mini' } });
    expect(fresh.statusCode).toBe(201);
    let version = 1;
    const texts = [...HOSTILE_STRINGS, 'ä'.repeat(500_000)];
    for (const text of texts) {
      const res = await call('POST', `/api/cases/${fresh.json().id}/events`, { cookie: kita, payload: { type: 'NOTIZ', expectedVersion: version, data: { text } } });
      expect(res.statusCode, text.slice(0, 30)).toBe(200);
      version++;
    }
    const res = await call('POST', `/api/cases/${fresh.json().id}/events`, { cookie: kita, payload: { type: 'SUBMIT', expectedVersion: version, data: { vorname: HOSTILE_STRINGS[0], einwilligung: true } } });
    expect(res.statusCode).toBe(200);
    const row = await queries.loadCase('default', fresh.json().id);
    expect((row!.data.notiz as Array<{ value: { text: string } }>).map((n) => n.value.text)).toEqual(texts);
    expect((row!.data.stammdaten as { vorname: string }).vorname).toBe(HOSTILE_STRINGS[0]);
    // These rows were meant to be written; the before/after count covers only what was refused.
    await agora.services.knex('tasks').where({ case_id: fresh.json().id }).delete();
    await agora.services.knex('timers').where({ case_id: fresh.json().id }).delete();
    await agora.services.knex('events').where({ case_id: fresh.json().id }).delete();
    await agora.services.knex('case_access').where({ case_id: fresh.json().id }).delete();
    await agora.services.knex('case_reads').where({ case_id: fresh.json().id }).delete();
    await agora.services.knex('case_search').where({ case_id: fresh.json().id }).delete();
    await agora.services.knex('cases').where({ id: fresh.json().id }).delete();
    expect(await agora.services.knex('cases').count({ n: '*' })).toEqual([{ n: counts.cases }]);
  });
});
