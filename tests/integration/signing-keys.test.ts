import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { jose } from '../../src/readiness/jose';
import { secretBoxFor } from '../../src/shared/secret-box';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { createTestDatabase } from '../support/database';
import { Factories, gid } from '../support/factories';
import { ReadinessFactories } from '../support/readiness-factories';
import { graphql } from '../support/graphql';

/**
 * Credential signing keys at rest: sealed with the app's SecretBox (KEK from SECRET_KEY here),
 * plaintext keys of an older version sealed at the next start, rotation by `npm run keys -- rotate`.
 */
const run = promisify(execFile);
const repoRoot = path.join(__dirname, '..', '..');
const SECRET_KEY = randomBytes(32).toString('base64url');
const env = { START_LAB_RUNTIME: 'false', SECRET_KEY };

let database: { url: string; drop(): Promise<void> };
let api: TestApi;
let ineu: string;
let ineuOrg: string;
beforeAll(async () => {
  database = await createTestDatabase();
  api = await startTestApi({ databaseUrl: database.url, env });
  ineu = await api.keyFor(BIN.INEU, 'WRITER');
  ineuOrg = await api.orgId(BIN.INEU);
});
afterAll(async () => {
  await api.close();
  await database.drop();
});

const ISSUE = graphql(`
  mutation ($input: IssueReadinessCredentialInput!) {
    issueReadinessCredential(input: $input) {
      issued {
        json
        credential {
          id
          jwt
        }
      }
      userErrors {
        code
      }
    }
  }
`);

/** A clearance credential of INEU for a fresh cleared student. */
async function issued(): Promise<{ id: string; jwt: string; json: string; kid: string }> {
  const student = await new Factories(api).givenStudent(BIN.INEU);
  const readiness = new ReadinessFactories(api);
  const cell = await readiness.givenWorkplace(BIN.WELDING_CENTRE, ['ROBOT_CELL']);
  await readiness.givenPass({ studentId: student.id, passedAt: new Date(Date.now() - 60_000) });
  const res = await api.gql(ineu, ISSUE, { input: { studentId: gid('Person', student), workplaceId: gid('Workplace', cell) } });
  expect(res.data!.issueReadinessCredential.userErrors).toEqual([]);
  const { json, credential } = res.data!.issueReadinessCredential.issued as { json: string; credential: { id: string; jwt: string } };
  const header = JSON.parse(Buffer.from(credential.jwt.split('.')[0]!, 'base64url').toString()) as { kid: string };
  return { ...credential, json, kid: header.kid.split('#')[1]! };
}

async function verify(json: string): Promise<{ valid: boolean; failure: string | null }> {
  const response = await fetch(api.url.replace(/\/graphql$/, '/credentials/verify'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: json,
  });
  return (await response.json()) as { valid: boolean; failure: string | null };
}

interface KeyRow {
  kid: string;
  status: string;
  private_key_pem: string | null;
  private_key_sealed: string | null;
  public_jwk: Record<string, string>;
}
const keyRows = async (): Promise<KeyRow[]> =>
  (await api
    .system()
    .em.execute(`select kid, status, private_key_pem, private_key_sealed, public_jwk from signing_key where organization_id = ? order by created_at`, [
      ineuOrg,
    ])) as KeyRow[];

/** The private key a sealed value holds, opened with the KEK the API runs with, checked against its public key. */
async function openedMatches(row: KeyRow): Promise<boolean> {
  const pem = await secretBoxFor({ SECRET_KEY, DATA_DIR: '/nonexistent' }).open(row.private_key_sealed!, `signing-key:${row.kid}`);
  const signed = await new jose.CompactSign(new TextEncoder().encode('probe')).setProtectedHeader({ alg: 'EdDSA' }).sign(await jose.importPKCS8(pem, 'EdDSA'));
  return Boolean(await jose.compactVerify(signed, await jose.importJWK(row.public_jwk, 'EdDSA')));
}

describe('credential signing keys at rest', () => {
  test('the database holds no plaintext private key: the key is sealed under the KEK and bound to its kid', async () => {
    const credential = await issued();
    const rows = await keyRows();
    expect(rows).toHaveLength(1);
    const [row] = rows as [KeyRow];
    expect(row.kid).toBe(credential.kid);
    expect(row.private_key_pem).toBeNull();
    expect(row.private_key_sealed).toMatch(/^v1\.env\./);
    expect(row.private_key_sealed).not.toContain('PRIVATE KEY');
    expect(await openedMatches(row)).toBe(true);
    // Bound to its row: under another key's id it does not open.
    await expect(secretBoxFor({ SECRET_KEY, DATA_DIR: '/nonexistent' }).open(row.private_key_sealed!, 'signing-key:another')).rejects.toThrow();
    expect(await verify(credential.json)).toMatchObject({ valid: true });
  });

  test('a key an older version stored in plaintext is sealed at the next start, and goes on signing', async () => {
    const before = await issued();
    // The row as the previous version left it: the PEM in plaintext, nothing sealed.
    const [row] = (await keyRows()) as [KeyRow];
    const pem = await secretBoxFor({ SECRET_KEY, DATA_DIR: '/nonexistent' }).open(row.private_key_sealed!, `signing-key:${row.kid}`);
    await api.system().em.execute(`update signing_key set private_key_pem = ?, private_key_sealed = null where kid = ?`, [pem, row.kid]);
    await api.close();
    api = await startTestApi({ databaseUrl: database.url, env });
    const [sealed] = (await keyRows()) as [KeyRow];
    expect(sealed.kid).toBe(row.kid);
    expect(sealed.private_key_pem).toBeNull();
    expect(sealed.private_key_sealed).toMatch(/^v1\.env\./);
    expect(await openedMatches(sealed)).toBe(true);
    const after = await issued();
    expect(after.kid).toBe(row.kid);
    expect(await verify(before.json)).toMatchObject({ valid: true });
    expect(await verify(after.json)).toMatchObject({ valid: true });
  });

  test('npm run keys -- rotate: new credentials carry the new kid, old ones still verify until revoked, the JWK Set publishes both', async () => {
    const old = await issued();
    const cli = await run(process.execPath, ['-r', './scripts/register.js', 'src/organizations/keys.cli.ts', 'rotate', '--org', BIN.INEU], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: database.url, SECRET_KEY, LOG_LEVEL: 'silent' },
    });
    const rows = await keyRows();
    const active = rows.find((r) => r.status === 'ACTIVE')!;
    expect(rows.find((r) => r.kid === old.kid)!.status).toBe('RETIRED');
    expect(active.kid).not.toBe(old.kid);
    expect(cli.stdout).toContain(active.kid);
    expect(active.private_key_pem).toBeNull();
    expect(await openedMatches(active)).toBe(true);

    const fresh = await issued();
    expect(fresh.kid).toBe(active.kid);
    expect(await verify(old.json)).toMatchObject({ valid: true });
    expect(await verify(fresh.json)).toMatchObject({ valid: true });
    const jwks = (await (await fetch(api.url.replace(/\/graphql$/, `/credentials/issuers/${BIN.INEU}/jwks.json`))).json()) as {
      keys: { kid: string; d?: string }[];
    };
    const kids = jwks.keys.map((k) => k.kid.split('#')[1]);
    expect(kids).toEqual(expect.arrayContaining([old.kid, fresh.kid]));
    expect(jwks.keys.every((k) => k.d === undefined)).toBe(true);

    const revoke = await api.gql(
      ineu,
      graphql(`
        mutation ($input: RevokeReadinessCredentialInput!) {
          revokeReadinessCredential(input: $input) {
            userErrors {
              code
            }
          }
        }
      `),
      { input: { credentialId: old.id, reason: 'Signed with the retired key' } },
    );
    expect(revoke.data!.revokeReadinessCredential.userErrors).toEqual([]);
    expect(await verify(old.json)).toMatchObject({ valid: false, failure: 'REVOKED' });
    expect(await verify(fresh.json)).toMatchObject({ valid: true });
  });
});
