import { Writable } from 'node:stream';
import { createLogger } from './logger';

test('secrets never reach the log: keys, passwords and authorization headers are redacted', () => {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  const log = createLogger('info', sink);
  log.info(
    { apiKey: 'dh_abc_secret1', station: { password: 'pw-secret2' }, headers: { authorization: 'Bearer dh_x_secret3' }, secret: 'secret4' },
    'something happened',
  );
  expect(lines.join('')).toContain('something happened');
  // Sign-in (issue 15): passwords, invitation and session tokens, the session cookie.
  log.info(
    { body: { email: 'a@b.kz', password: 'pw-secret5', token: 'dhi_secret6' }, headers: { cookie: 'dh_session=dhs_secret7' }, token: 'dhs_secret8' },
    'sign-in',
  );
  // TOTP secrets, OIDC client secrets and PKCE verifiers (issue 15).
  log.info(
    {
      account: { totpSecret: 'JBSWY3DPsecret9' },
      provider: { clientSecret: 'secret10' },
      oidcClientSecrets: { INEU: 'secret11' },
      pending: { codeVerifier: 'secret12' },
    },
    'sso',
  );
  const text = lines.join('');
  for (const secret of ['secret1', 'secret2', 'secret3', 'secret4', 'secret5', 'secret6', 'secret7', 'secret8', 'secret9', 'secret10', 'secret11', 'secret12'])
    expect(text).not.toContain(secret);
  expect(text).toContain('[redacted]');
});
