import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** A person the test identity provider knows, with the claims it vouches for. */
export interface TestAccount {
  name: string;
  roles: string[];
  organisations: string[];
}

export const TEST_CLIENT = { id: 'agora', secret: 'agora-test-client-secret' };

/**
 * A local OpenID Connect provider (the `oidc-provider` package) for tests:
 * its development sign-in pages accept any password for the given accounts.
 * The port is taken first (Agora needs the issuer), the client with its
 * redirect URI is registered once Agora's address is known.
 */
export async function startOidcProvider(accounts: Record<string, TestAccount>) {
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const server = createServer((req, res) => {
    if (handler) handler(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    settings: { issuer, clientId: TEST_CLIENT.id, clientSecret: TEST_CLIENT.secret, rolesClaim: 'roles', organisationsClaim: 'organisations' },
    /**
     * Registers Agora as a client with this redirect URI and starts
     * answering; the sign-out returns to Agora's `/login` on the same origin
     * (RP-initiated logout, enabled by default in oidc-provider).
     */
    accept(redirectUri: string) {
      const postLogout = new URL('/login', redirectUri).href;
      const provider = new Provider(issuer, {
        clients: [{ client_id: TEST_CLIENT.id, client_secret: TEST_CLIENT.secret, redirect_uris: [redirectUri], post_logout_redirect_uris: [postLogout], token_endpoint_auth_method: 'client_secret_post' }],
        claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'roles', 'organisations'] },
        findAccount: async (_ctx, id) => {
          const account = accounts[id];
          if (!account) return undefined;
          return { accountId: id, claims: async () => ({ sub: id, preferred_username: id, name: account.name, roles: account.roles, organisations: account.organisations }) };
        },
        cookies: { keys: ['agora-test-provider-cookie-key'] },
        features: { devInteractions: { enabled: true } },
      });
      handler = provider.callback();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
