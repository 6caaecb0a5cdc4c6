import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { client, signIn, testAgora } from '../../helpers/agora.js';
import { startOidcProvider } from '../../helpers/oidc-provider.js';

const PUBLIC_URL = 'http://agora.test';
const CALLBACK = `${PUBLIC_URL}/api/session/oidc/callback`;

/** Cookies of one browser at the provider, kept by hand (fetch keeps none). */
class Jar {
  private cookies = new Map<string, string>();
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** Signs in at the provider's development pages as `login` and returns the URL it sends the browser back to. */
async function atProvider(start: string, login: string, jar = new Jar()): Promise<string> {
  let url = start;
  let method = 'GET';
  let body: string | undefined;
  for (let step = 0; step < 12; step++) {
    const res = await fetch(url, { method, body, redirect: 'manual', headers: { cookie: jar.header(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) } });
    jar.take(res);
    const location = res.headers.get('location');
    if (location) {
      const next = new URL(location, url).href;
      if (next.startsWith(CALLBACK)) return next;
      [url, method, body] = [next, 'GET', undefined];
      continue;
    }
    // A sign-in or consent page: send its form with the hidden fields, the login and any password.
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form at ${url}: ${html.slice(0, 300)}`);
    const fields = new URLSearchParams();
    for (const m of html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) fields.set(m[1], m[2]);
    if (/name="login"/.test(html)) fields.set('login', login);
    if (/name="password"/.test(html)) fields.set('password', 'any');
    [url, method, body] = [new URL(action.replace(/&amp;/g, '&'), url).href, 'POST', fields.toString()];
  }
  throw new Error('the provider did not send the browser back');
}

/** Follows the provider's end-session URL in the browser of `jar`, confirms the sign-out, and returns where it sends the browser. */
async function logoutAtProvider(start: string, jar: Jar): Promise<string> {
  let res = await fetch(start, { redirect: 'manual', headers: { cookie: jar.header() } });
  jar.take(res);
  expect(res.status, 'the provider accepts id_token_hint and post_logout_redirect_uri').toBe(200);
  const html = await res.text();
  const action = /<form[^>]*id="op.logoutForm"[^>]*action="([^"]+)"|<form[^>]*action="([^"]+)"[^>]*id="op.logoutForm"/.exec(html);
  const fields = new URLSearchParams();
  for (const m of html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) fields.set(m[1], m[2]);
  fields.set('logout', 'yes');
  let url = new URL((action?.[1] ?? action?.[2])!.replace(/&amp;/g, '&'), start).href;
  res = await fetch(url, { method: 'POST', body: fields.toString(), redirect: 'manual', headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' } });
  for (let step = 0; step < 5 && res.headers.get('location'); step++) {
    jar.take(res);
    url = new URL(res.headers.get('location')!, url).href;
    if (!url.startsWith(provider.issuer)) return url;
    res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
  }
  throw new Error(`the provider did not send the browser back (${res.status})`);
}

let provider: Awaited<ReturnType<typeof startOidcProvider>>;

const pendingOf = (setCookie: string | string[] | undefined) => {
  const line = [setCookie ?? []].flat().find((c) => c.startsWith('agora_oidc='))!;
  return line.split(';')[0].slice('agora_oidc='.length);
};

describe('sign-in through the identity provider (#15)', () => {
  let agora: Agora;

  beforeAll(async () => {
    provider = await startOidcProvider({
      erika: { name: 'Erika Muster', roles: ['kita', 'koordination'], organisations: ['kita-sonnenschein', 'gibt-es-nicht'] },
      // Roles the provider knows, but no process or office role of Agora.
      gast: { name: 'Gustav Gast', roles: ['sharepoint-leser', 'vpn'], organisations: [] },
    });
    provider.accept(CALLBACK);
    agora = await testAgora('pglite', { oidc: provider.settings, publicUrl: PUBLIC_URL, seedDefinitions: false });
    const admin = client(agora.app, await signIn(agora.app, 'admin'));
    expect((await admin.post('/api/organisations', { key: 'kita-sonnenschein', title: { de: 'Kita Sonnenschein' }, kind: 'kita' })).statusCode).toBe(201);
  });
  afterAll(async () => {
    await agora?.close();
    await provider?.close();
  });

  /** Starts a sign-in: the provider URL and the pending cookie. */
  const start = async () => {
    const res = await agora.app.inject({ url: '/api/session/oidc' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toMatch(new RegExp(`^${provider.issuer}/`));
    expect(new URL(res.headers.location as string).searchParams.get('code_challenge_method')).toBe('S256');
    return { location: res.headers.location as string, pending: pendingOf(res.headers['set-cookie']) };
  };
  const callback = (url: string, pending?: string) =>
    agora.app.inject({ url: new URL(url).pathname + new URL(url).search, headers: pending ? { cookie: `agora_oidc=${pending}` } : {} });

  it('tells the login page that the identity provider is offered', async () => {
    expect((await agora.app.inject({ url: '/api/session/methods' })).json()).toEqual({ password: true, oidc: true });
  });

  it('signs a person in with roles and known organisations from the claims, and refreshes them at the next sign-in', async () => {
    const { location, pending } = await start();
    const back = await atProvider(location, 'erika');
    const res = await callback(back, pending);
    expect(res.statusCode, res.body).toBe(302);
    expect(res.headers.location).toBe('/');
    const session = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('agora_session='))!.split(';')[0];
    const me = (await agora.app.inject({ url: '/api/session', headers: { cookie: session } })).json().user;
    expect(me).toMatchObject({ username: 'erika', roles: ['kita', 'koordination'], organisations: ['kita-sonnenschein'], displayName: 'Erika Muster' });

    // The provider's word counts at every sign-in: an administrator's local change does not survive the next one.
    const admin = client(agora.app, await signIn(agora.app, 'admin'));
    expect((await admin.patch('/api/users/erika', { roles: ['admin'] })).statusCode).toBe(200);
    const again = await start();
    expect((await callback(await atProvider(again.location, 'erika'), again.pending)).statusCode).toBe(302);
    const users = (await admin.get('/api/users')).json().items;
    expect(users.find((u: { username: string }) => u.username === 'erika').roles).toEqual(['kita', 'koordination']);
  });

  /** A failed sign-in sends the browser to the login page with the code only, and starts no session. */
  const expectBackToLogin = (res: { statusCode: number; headers: Record<string, unknown> }, code: string) => {
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`/login?error=${code}`);
    expect(String(res.headers['set-cookie'] ?? '')).not.toContain('agora_session=s_');
  };

  it('sends an answer without the sign-in started in this browser, or with another state, back to the login page', async () => {
    const { location, pending } = await start();
    const back = await atProvider(location, 'erika');
    expectBackToLogin(await callback(back), 'OIDC_STATE_INVALID');
    const forged = new URL(back);
    forged.searchParams.set('state', 'forged-state');
    expectBackToLogin(await callback(forged.href, pending), 'OIDC_STATE_INVALID');
  });

  it('sends a code redeemed with another PKCE verifier (the provider says invalid_grant) back to the login page', async () => {
    const a = await start();
    const b = await start();
    const back = await atProvider(a.location, 'erika');
    const decode = (v: string) => JSON.parse(Buffer.from(v, 'base64url').toString('utf8'));
    const mixed = Buffer.from(JSON.stringify({ ...decode(a.pending), verifier: decode(b.pending).verifier })).toString('base64url');
    expectBackToLogin(await callback(back, mixed), 'OIDC_SIGN_IN_FAILED');
  });

  it('tells a person who cancelled at the provider so, without the provider\'s words in the URL', async () => {
    const { pending } = await start();
    const state = JSON.parse(Buffer.from(pending, 'base64url').toString('utf8')).state;
    const res = await callback(`${CALLBACK}?error=access_denied&error_description=${encodeURIComponent('Erika Muster aborted')}&state=${state}`, pending);
    expectBackToLogin(res, 'OIDC_SIGN_IN_CANCELLED');
    const other = await callback(`${CALLBACK}?error=server_error&error_description=boom&state=${state}`, pending);
    expectBackToLogin(other, 'OIDC_SIGN_IN_FAILED');
  });

  it('refuses a person whose claims name no role this office knows, and creates no account', async () => {
    const { location, pending } = await start();
    expectBackToLogin(await callback(await atProvider(location, 'gast'), pending), 'OIDC_NO_ROLE');
    const admin = client(agora.app, await signIn(agora.app, 'admin'));
    expect((await admin.get('/api/users')).json().items.map((u: { username: string }) => u.username)).not.toContain('gast');
  });

  it('sends the browser back to the login page when the provider cannot be reached', async () => {
    const away = await testAgora('pglite', { oidc: { ...provider.settings, issuer: 'http://127.0.0.1:9' }, publicUrl: PUBLIC_URL, seedDefinitions: false, seedDemo: false });
    try {
      const res = await away.app.inject({ url: '/api/session/oidc' });
      expectBackToLogin(res, 'OIDC_PROVIDER_UNAVAILABLE');
    } finally {
      await away.close();
    }
  });

  it('signs out at the provider too: the session ends here, the browser ends the sign-in there and comes back to /login', async () => {
    const jar = new Jar();
    const { location, pending } = await start();
    const res = await callback(await atProvider(location, 'erika', jar), pending);
    expect(res.statusCode).toBe(302);
    const session = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('agora_session='))!.split(';')[0];

    const out = await agora.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie: session } });
    expect(out.statusCode, out.body).toBe(200);
    const end = new URL(out.json().endSessionUrl);
    expect(end.href.startsWith(`${provider.issuer}/`)).toBe(true);
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${PUBLIC_URL}/login`);
    expect(end.searchParams.get('id_token_hint')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    // The local session is over at once, whatever the browser does next.
    expect((await agora.app.inject({ url: '/api/session', headers: { cookie: session } })).statusCode).toBe(401);
    expect(await logoutAtProvider(end.href, jar)).toBe(`${PUBLIC_URL}/login`);

    // The provider's sign-in is over too: the next sign-in asks for the login again instead of passing silently.
    const again = await start();
    const first = await fetch(again.location, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(first);
    const page = await fetch(new URL(first.headers.get('location')!, again.location), { headers: { cookie: jar.header() } });
    expect(await page.text()).toContain('name="login"');
  });

  it('signs a password session out locally only (204)', async () => {
    const cookie = await signIn(agora.app, 'admin');
    const out = await agora.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect((await agora.app.inject({ url: '/api/session', headers: { cookie } })).statusCode).toBe(401);
  });

  it('answers OIDC_NOT_CONFIGURED where no provider is set up, and keeps passwords', async () => {
    const plain = await testAgora('pglite', { oidc: null, seedDefinitions: false });
    try {
      expect((await plain.app.inject({ url: '/api/session/methods' })).json()).toEqual({ password: true, oidc: false });
      const res = await plain.app.inject({ url: '/api/session/oidc' });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('OIDC_NOT_CONFIGURED');
      expect(await signIn(plain.app, 'admin')).toContain('agora_session=');
    } finally {
      await plain.close();
    }
  });
});
