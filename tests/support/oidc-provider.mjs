// A real OpenID Connect provider (panva's oidc-provider) for the single sign-on tests, run in a
// child process because it is an ES module (jest's runtime is CommonJS). Protocol on stdio:
//   stdout: {"port": N}            once listening on 127.0.0.1 (issuer http://127.0.0.1:N)
//   stdin:  {"clientId", "clientSecret", "redirectUri", "accounts": [{ "id", "email", "email_verified", "name" }], "tamperNonce"?: bool}
//   stdout: {"ready": true}        once the provider serves
// Log in at the dev interaction form with `login` = an account id (any password).
// With tamperNonce, the token endpoint answers an ID token re-signed with another nonce (as an
// attacker replaying a token from another sign-in would), to test the relying party's check.
import http from 'node:http';
import readline from 'node:readline';
import { generateKeyPair, exportJWK, decodeJwt, SignJWT } from 'jose';
import Provider from 'oidc-provider';

let app;
const server = http.createServer((req, res) => {
  if (!app) {
    res.statusCode = 503;
    return res.end('not ready');
  }
  app(req, res);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n'));

const lines = readline.createInterface({ input: process.stdin });
lines.once('line', async (line) => {
  const options = JSON.parse(line);
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    async findAccount(_ctx, id) {
      const account = options.accounts.find((a) => a.id === id);
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: account.email, email_verified: account.email_verified, name: account.name };
        },
      };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['oidc-provider test cookie key'] },
    jwks: { keys: [jwk] },
    features: { devInteractions: { enabled: true } },
    async loadExistingGrant(ctx) {
      if (!ctx.oidc.session?.accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  if (options.tamperNonce) {
    provider.use(async (ctx, next) => {
      await next();
      if (ctx.path === '/token' && ctx.body && ctx.body.id_token) {
        const claims = decodeJwt(ctx.body.id_token);
        ctx.body = {
          ...ctx.body,
          id_token: await new SignJWT({ ...claims, nonce: 'a-nonce-of-another-sign-in' })
            .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
            .sign(privateKey),
        };
      }
    });
  }
  app = provider.callback();
  process.stdout.write(JSON.stringify({ ready: true }) + '\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
