import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PersonRole } from '../../src/organizations';
import { ReadinessCredential } from '../../src/readiness';
import { jose } from '../../src/readiness/jose';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { Factories, gid } from '../support/factories';
import { ReadinessFactories } from '../support/readiness-factories';
import { graphql, ofType } from '../support/graphql';

const run = promisify(execFile);
const repoRoot = path.join(__dirname, '..', '..');

let api: TestApi;
let given: Factories;
let readiness: ReadinessFactories;
let ineu: string;
let base: string;
beforeAll(async () => {
  api = await startTestApi();
  given = new Factories(api);
  readiness = new ReadinessFactories(api);
  ineu = await api.keyFor(BIN.INEU, 'WRITER');
  base = api.url.replace(/\/graphql$/, '');
});
afterAll(() => api.close());

const ISSUE = graphql(`
  mutation ($input: IssueReadinessCredentialInput!) {
    issueReadinessCredential(input: $input) {
      issued {
        json
        document
        credential {
          id
          jwt
          validUntil
          hazardCategories
        }
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`);
/** {@link ISSUE} asking for the QR code too. */
const ISSUE_WITH_QR = graphql(`
  mutation ($input: IssueReadinessCredentialInput!) {
    issueReadinessCredential(input: $input) {
      issued {
        qrCodePng
        json
        document
        credential {
          id
          jwt
          validUntil
          hazardCategories
        }
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`);
const VERIFY = graphql(`
  query ($c: String!, $at: DateTimeISO) {
    verifyCredential(credential: $c, at: $at) {
      valid
      failure
      checks {
        check
        ok
        failure
      }
      issuerId
    }
  }
`);

/** A student of INEU cleared for a robot-cell-only workplace, and a clearance credential for it. */
async function issued() {
  const student = await given.givenStudent(BIN.INEU);
  const cell = await readiness.givenWorkplace(BIN.WELDING_CENTRE, ['ROBOT_CELL']);
  await readiness.givenPass({ studentId: student.id, passedAt: new Date(Date.now() - 60_000) });
  const res = await api.gql(ineu, ISSUE, { input: { studentId: gid('Person', student), workplaceId: gid('Workplace', cell) } });
  expect(res.errors).toBeUndefined();
  expect(res.data!.issueReadinessCredential.userErrors).toEqual([]);
  return {
    student,
    cell,
    ...(res.data!.issueReadinessCredential.issued as {
      json: string;
      document: Record<string, any>;
      credential: { id: string; jwt: string; validUntil: string };
    }),
  };
}

async function verifyPublic(body: string, contentType = 'application/json') {
  const response = await fetch(`${base}/credentials/verify`, { method: 'POST', headers: { 'content-type': contentType }, body });
  return {
    status: response.status,
    body: (await response.json()) as { valid: boolean; failure: string | null; checks: Array<{ check: string; ok: boolean; failure?: string }> },
  };
}

/** The JWS with one character of its payload changed. */
function tamper(jwt: string): string {
  const [h, p, s] = jwt.split('.');
  const i = Math.floor(p.length / 2);
  return `${h}.${p.slice(0, i)}${p[i] === 'A' ? 'B' : 'A'}${p.slice(i + 1)}.${s}`;
}

describe('issuing', () => {
  test('an HEI issues an Open Badges 3.0 clearance credential for its cleared student, as JSON and as a QR code', async () => {
    const { document, json, credential, student } = await issued();
    expect(document['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']);
    expect(document.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(document.issuer).toMatchObject({ id: `urn:dualhub:issuer:bin:${BIN.INEU}`, type: ['Profile'] });
    expect(document.credentialSubject).toMatchObject({
      id: `urn:uuid:${student.id}`,
      type: ['AchievementSubject'],
      result: [expect.objectContaining({ resultDescription: 'urn:dualhub:hazard-category:ROBOT_CELL' })],
    });
    expect(JSON.stringify(document)).not.toContain(student.email);
    expect(document.validUntil).toBe(credential.validUntil);
    const envelope = JSON.parse(json);
    expect(envelope).toEqual({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: 'EnvelopedVerifiableCredential',
      id: `data:application/vc+jwt,${credential.jwt}`,
    });
    const header = JSON.parse(Buffer.from(credential.jwt.split('.')[0], 'base64url').toString());
    expect(header).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt' });
    const qr = await api.gql(
      ineu,
      graphql(`
        query ($id: ID!) {
          node(id: $id) {
            ... on ReadinessCredential {
              jwt
            }
          }
        }
      `),
      { id: credential.id },
    );
    expect(ofType(qr.data!.node, 'ReadinessCredential').jwt).toBe(credential.jwt);
    const withQr = await api.gql(ineu, ISSUE_WITH_QR, {
      input: { studentId: gid('Person', student), hazardCategoryCodes: ['ROBOT_CELL'] },
    });
    const qrCodePng = withQr.data!.issueReadinessCredential.issued!.qrCodePng as string;
    expect(qrCodePng).toMatch(/^data:image\/png;base64,/);
    expect(Buffer.from(qrCodePng.split(',')[1], 'base64').subarray(1, 4).toString()).toBe('PNG');
  });

  test('refuses an uncleared student (NOT_CLEARED, naming the category) and an employer as issuer (NOT_AN_ISSUER), storing nothing', async () => {
    const student = await given.givenStudent(BIN.INEU);
    const cell = await readiness.givenWorkplace(BIN.WELDING_CENTRE, ['ROBOT_CELL']);
    const input = { studentId: gid('Person', student), workplaceId: gid('Workplace', cell) };
    const notCleared = await api.gql(ineu, ISSUE, { input });
    expect(notCleared.data!.issueReadinessCredential.userErrors).toEqual([expect.objectContaining({ code: 'NOT_CLEARED', field: ['input', 'workplaceId'] })]);
    expect(notCleared.data!.issueReadinessCredential.userErrors[0].message).toMatch(/ROBOT_CELL/);
    await readiness.givenPass({ studentId: student.id });
    // The coordinator sees the student, but the student's HEI is INEU; an employer never issues.
    const employer = await api.keyFor(BIN.WELDING_CENTRE, 'WRITER');
    const byEmployer = await api.gql(employer, ISSUE, { input });
    expect(byEmployer.data!.issueReadinessCredential.userErrors.map((e) => e.code)).toEqual([expect.stringMatching(/NOT_AN_ISSUER|STUDENT_NOT_FOUND/)]);
    expect(await api.system().em.count(ReadinessCredential, { student: student.id })).toBe(0);
  });
});

test('a credential too large for a QR code (seven categories) has no QR image, and its JSON still verifies', async () => {
  const student = await given.givenStudent(BIN.INEU);
  const instructor = await given.givenPerson(BIN.INEU, PersonRole.LAB_INSTRUCTOR, 'Instructor');
  for (const code of ['ROTATING_MACHINERY', 'ROBOT_CELL', 'ELECTRICAL_UP_TO_1KV', 'LIFTING_EQUIPMENT', 'HOT_WORK', 'PRESSURE_EQUIPMENT', 'WORK_AT_HEIGHT']) {
    const res = await api.gql(
      ineu,
      graphql(`
        mutation ($input: RecordManualReadinessInput!) {
          recordManualReadiness(input: $input) {
            userErrors {
              code
            }
          }
        }
      `),
      {
        input: {
          studentId: gid('Person', student),
          hazardCategoryCode: code,
          instructorId: gid('Person', instructor),
          evidence: { description: 'Practical training on site' },
        },
      },
    );
    expect(res.data!.recordManualReadiness.userErrors).toEqual([]);
  }
  const res = await api.gql(ineu, ISSUE_WITH_QR, { input: { studentId: gid('Person', student) } });
  const issuedAll = res.data!.issueReadinessCredential.issued;
  expect(issuedAll!.credential.hazardCategories).toHaveLength(7);
  expect(issuedAll!.qrCodePng).toBeNull();
  expect((await verifyPublic(issuedAll!.json)).body.valid).toBe(true);
});

describe('verifying', () => {
  test('the public route verifies a genuine credential without an API key: signature, issuer, validity, revocation', async () => {
    const { json, credential } = await issued();
    const res = await verifyPublic(json);
    expect(res.status).toBe(200);
    expect(res.body.valid).toBe(true);
    expect(res.body.checks.map((c) => `${c.check}:${c.ok}`)).toEqual(['FORMAT:true', 'SIGNATURE:true', 'ISSUER:true', 'VALIDITY:true', 'REVOCATION:true']);
    expect((await verifyPublic(credential.jwt, 'text/plain')).body.valid).toBe(true);
    expect((await verifyPublic(JSON.stringify({ jwt: credential.jwt }))).body.valid).toBe(true);
  });

  test('one changed byte, or an edited and re-encoded payload, fails with SIGNATURE_INVALID', async () => {
    const { credential } = await issued();
    expect((await verifyPublic(tamper(credential.jwt), 'text/plain')).body).toMatchObject({ valid: false, failure: 'SIGNATURE_INVALID' });
    const [h, p, s] = credential.jwt.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    payload.validUntil = '2099-01-01T00:00:00.000Z';
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    expect((await verifyPublic(forged, 'text/plain')).body).toMatchObject({ valid: false, failure: 'SIGNATURE_INVALID' });
  });

  test('garbage is refused as MALFORMED (400); a key no issuer has as UNKNOWN_KEY', async () => {
    expect(await verifyPublic('{"hello": "world"}')).toMatchObject({ status: 400, body: { valid: false, failure: 'MALFORMED' } });
    const { credential } = await issued();
    const header = JSON.parse(Buffer.from(credential.jwt.split('.')[0], 'base64url').toString());
    header.kid = `${header.kid.split('#')[0]}#00000000-0000-4000-8000-000000000000`;
    const otherKey = [Buffer.from(JSON.stringify(header)).toString('base64url'), ...credential.jwt.split('.').slice(1)].join('.');
    expect((await verifyPublic(otherKey, 'text/plain')).body).toMatchObject({ valid: false, failure: 'UNKNOWN_KEY' });
  });

  test('outside its validity window it fails with EXPIRED or NOT_YET_VALID', async () => {
    const { credential } = await issued();
    const after = new Date(Date.parse(credential.validUntil) + 1000).toISOString();
    const expired = await api.gql(ineu, VERIFY, { c: credential.jwt, at: after });
    expect(expired.data!.verifyCredential).toMatchObject({ valid: false, failure: 'EXPIRED' });
    const before = await api.gql(ineu, VERIFY, { c: credential.jwt, at: '2020-01-01T00:00:00Z' });
    expect(before.data!.verifyCredential).toMatchObject({ valid: false, failure: 'NOT_YET_VALID' });
  });

  test('a credential revoked by its issuer fails with REVOKED; one whose readiness was revoked with READINESS_REVOKED', async () => {
    const first = await issued();
    const revoke = await api.gql(
      ineu,
      graphql(`
        mutation ($input: RevokeReadinessCredentialInput!) {
          revokeReadinessCredential(input: $input) {
            credential {
              revokedAt
            }
            userErrors {
              code
            }
          }
        }
      `),
      {
        input: { credentialId: first.credential.id, reason: 'Issued to the wrong group' },
      },
    );
    expect(revoke.data!.revokeReadinessCredential.credential!.revokedAt).toBeTruthy();
    expect((await verifyPublic(first.json)).body).toMatchObject({ valid: false, failure: 'REVOKED' });

    const second = await issued();
    const revokeReadiness = await api.gql(
      ineu,
      graphql(`
        mutation ($input: RevokeReadinessInput!) {
          revokeReadiness(input: $input) {
            readiness {
              kind
              reason
            }
            userErrors {
              code
            }
          }
        }
      `),
      {
        input: {
          studentId: gid('Person', second.student),
          hazardCategoryCode: 'ROBOT_CELL',
          reason: 'Entered the cell while the robot moved (incident report 17)',
        },
      },
    );
    expect(revokeReadiness.data!.revokeReadiness.readiness).toEqual({
      kind: 'REVOCATION',
      reason: 'Entered the cell while the robot moved (incident report 17)',
    });
    expect((await verifyPublic(second.json)).body).toMatchObject({ valid: false, failure: 'READINESS_REVOKED' });
  });

  test("the issuer's public keys are published as a JWK Set; the signature checks with them alone", async () => {
    const { credential } = await issued();
    const response = await fetch(`${base}/credentials/issuers/${BIN.INEU}/jwks.json`);
    expect(response.status).toBe(200);
    const jwks = (await response.json()) as { keys: Array<Record<string, string>> };
    const header = JSON.parse(Buffer.from(credential.jwt.split('.')[0], 'base64url').toString());
    const jwk = jwks.keys.find((k) => k.kid === header.kid)!;
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(jwk.d).toBeUndefined();
    const key = await jose.importJWK(jwk, 'EdDSA');
    await expect(jose.compactVerify(credential.jwt, key)).resolves.toBeTruthy();
    expect((await fetch(`${base}/credentials/issuers/000000000000/jwks.json`)).status).toBe(404);
  });

  test('/graphql still needs a key, even for verifyCredential', async () => {
    const res = await api.gql(undefined, VERIFY, { c: 'x.y.z' });
    expect(res.status).toBe(401);
  });

  test('npm run verify: valid file → exit 0 (database); tampered file → exit 1 naming SIGNATURE_INVALID (public route)', async () => {
    const { json, credential } = await issued();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-verify-'));
    const good = path.join(dir, 'credential.json');
    const bad = path.join(dir, 'tampered.json');
    fs.writeFileSync(good, json);
    fs.writeFileSync(bad, JSON.stringify({ ...JSON.parse(json), id: `data:application/vc+jwt,${tamper(credential.jwt)}` }));
    const cli = ['-r', './scripts/register.js', 'src/readiness/verify.cli.ts'];
    const env = { ...process.env, DATABASE_URL: api.orm.config.get('clientUrl') as string, LOG_LEVEL: 'silent' };
    const ok = await run(process.execPath, [...cli, good], { cwd: repoRoot, env });
    expect(ok.stdout).toMatch(/VALID/);
    expect(ok.stdout).toMatch(/ok\s+SIGNATURE/);
    const failed = await run(process.execPath, [...cli, bad, '--api', base], { cwd: repoRoot, env }).catch((e) => e);
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stdout: string }).stdout).toMatch(/NOT VALID \(SIGNATURE_INVALID\)/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
