import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CompetenceCertificate } from '../../src/assessment';
import { jose } from '../../src/readiness/jose';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { ExamFactories, RECORD_EXAM_RESULT } from '../support/exam-factories';
import { Factories } from '../support/factories';
import { graphql } from '../support/graphql';

const run = promisify(execFile);
const repoRoot = path.join(__dirname, '..', '..');

let api: TestApi;
let exams: ExamFactories;
let ineu: string;
let steel: string;
let keeu: string;
let base: string;
beforeAll(async () => {
  api = await startTestApi();
  ineu = await api.keyFor(BIN.INEU, 'WRITER');
  steel = await api.keyFor(BIN.STEEL_PLANT, 'WRITER');
  keeu = await api.keyFor(BIN.KEEU, 'WRITER');
  exams = new ExamFactories(api, new Factories(api), ineu);
  base = api.url.replace(/\/graphql$/, '');
});
afterAll(() => api.close());

const VERIFY = graphql(`
  query ($c: String!) {
    verifyCredential(credential: $c) {
      valid
      failure
      checks {
        check
        ok
        failure
      }
    }
  }
`);
const REVOKE = graphql(`
  mutation ($input: RevokeCompetenceCertificateInput!) {
    revokeCompetenceCertificate(input: $input) {
      certificate {
        id
        revokedAt
      }
      userErrors {
        field
        code
      }
    }
  }
`);

async function verifyPublic(body: string, contentType = 'application/json') {
  const response = await fetch(`${base}/credentials/verify`, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: response.status, body: (await response.json()) as { valid: boolean; failure: string | null } };
}

/** The JWS with one character of its payload changed. */
function tamper(jwt: string): string {
  const [h, p, s] = jwt.split('.') as [string, string, string];
  const i = Math.floor(p.length / 2);
  return `${h}.${p.slice(0, i)}${p[i] === 'A' ? 'B' : 'A'}${p.slice(i + 1)}.${s}`;
}

/** A passed result (final 88) and the certificate it issued. */
async function passed(finalScore = 88) {
  const exam = await exams.givenHeldExam();
  const placement = await exams.givenDecided(exam, true);
  const res = await api.gql(steel, RECORD_EXAM_RESULT, { input: exams.resultInput(exam, placement, { finalScore }) });
  expect(res.data!.recordExamResult.userErrors).toEqual([]);
  return { exam, placement, result: res.data!.recordExamResult.examResult };
}

describe('issuing', () => {
  test('a passed exam issues an Open Badges 3.0 certificate: qualification, level, competencies, grade and commission, signed by the HEI', async () => {
    const { result, placement } = await passed();
    const certificate = result!.certificate;
    expect(certificate).toEqual(expect.objectContaining({ qualificationCode: '6B07101', score: 88, letter: 'B+', revokedAt: null }));
    expect(certificate!.competences.length).toBeGreaterThan(0);
    expect(certificate!.commission.map((m: any) => m.side)).toEqual(['ENTERPRISE', 'THIRD_PARTY']);
    const doc = certificate!.document;
    expect(doc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(doc.issuer).toMatchObject({ id: `urn:dualhub:issuer:bin:${BIN.INEU}`, type: ['Profile'] });
    expect(doc.validUntil).toBeUndefined();
    expect(doc.credentialSubject).toMatchObject({
      id: `urn:uuid:${placement.student.id}`,
      achievement: { achievementType: 'Certificate', fieldOfStudy: '6B07101', tag: [`level:${certificate!.level}`] },
    });
    expect(doc.credentialSubject.achievement.alignment.map((a: any) => a.targetCode)).toEqual(certificate!.competences.map((c: any) => c.code));
    expect(doc.credentialSubject.result[0]).toMatchObject({ value: '88', achievedLevel: 'B+' });
    expect(doc.evidence[0].narrative).toContain('third-party');
    const header = jose.decodeProtectedHeader(certificate!.jwt);
    expect(header).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt' });
    expect(String(header.kid)).toMatch(new RegExp(`^urn:dualhub:issuer:bin:${BIN.INEU}#`));
  });

  test('a failed exam issues no certificate', async () => {
    const { result } = await passed(40);
    expect(result!.passed).toBe(false);
    expect(result!.certificate).toBeNull();
    expect(
      await api
        .system()
        .em.fork()
        .count(CompetenceCertificate, { result: Buffer.from(result!.id, 'base64url').toString().split(':')[1] }),
    ).toBe(0);
  });
});

describe('verification', () => {
  test('valid on the public route, through verifyCredential, and offline with only the issuer’s published key', async () => {
    const { result } = await passed();
    const { jwt, json } = result!.certificate!;
    expect((await verifyPublic(json)).body).toMatchObject({ valid: true, failure: null });
    expect((await verifyPublic(jwt, 'text/plain')).body).toMatchObject({ valid: true });
    const viaGraphql = (await api.gql(keeu, VERIFY, { c: json })).data!.verifyCredential;
    expect(viaGraphql.valid).toBe(true);
    expect(viaGraphql.checks.map((c: any) => c.check)).toEqual(['FORMAT', 'SIGNATURE', 'ISSUER', 'VALIDITY', 'REVOCATION']);
    const jwks = (await (await fetch(`${base}/credentials/issuers/${BIN.INEU}/jwks.json`)).json()) as { keys: Record<string, string>[] };
    const jwk = jwks.keys.find((k) => k.kid === jose.decodeProtectedHeader(jwt).kid)!;
    await expect(jose.compactVerify(jwt, await jose.importJWK(jwk, 'EdDSA'))).resolves.toBeTruthy();
  });

  test('one changed byte fails with SIGNATURE_INVALID; a re-signed copy with another key is not in the registry', async () => {
    const { result } = await passed();
    const { jwt } = result!.certificate!;
    expect((await verifyPublic(tamper(jwt), 'text/plain')).body).toMatchObject({ valid: false, failure: 'SIGNATURE_INVALID' });
    const edited = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
    edited.credentialSubject.result[0].value = '100';
    const forged = `${jwt.split('.')[0]}.${Buffer.from(JSON.stringify(edited)).toString('base64url')}.${jwt.split('.')[2]}`;
    expect((await verifyPublic(forged, 'text/plain')).body).toMatchObject({ valid: false, failure: 'SIGNATURE_INVALID' });
  });

  test('npm run verify (the offline CLI on the database) reports a certificate VALID, then REVOKED after the HEI revokes it', async () => {
    const { result } = await passed();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-certificate-'));
    const file = path.join(dir, 'certificate.json');
    fs.writeFileSync(file, result!.certificate!.json);
    const cli = ['-r', './scripts/register.js', 'src/readiness/verify.cli.ts'];
    const env = { ...process.env, DATABASE_URL: api.orm.config.get('clientUrl') as string, LOG_LEVEL: 'silent' };
    expect((await run(process.execPath, [...cli, file], { cwd: repoRoot, env })).stdout).toMatch(/VALID/);
    const revoked = await api.gql(ineu, REVOKE, { input: { certificateId: result!.certificate!.id, reason: 'Issued on a wrong result' } });
    expect(revoked.data!.revokeCompetenceCertificate.userErrors).toEqual([]);
    const failed = await run(process.execPath, [...cli, file], { cwd: repoRoot, env }).catch((e) => e);
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stdout: string }).stdout).toMatch(/NOT VALID \(REVOKED\)/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('revocation', () => {
  test('only the issuing HEI revokes, with a reason, once; verification then reports REVOKED', async () => {
    const { result } = await passed();
    const input = { certificateId: result!.certificate!.id, reason: 'Exam annulled by the council' };
    expect((await api.gql(steel, REVOKE, { input })).data!.revokeCompetenceCertificate.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_THE_HEI', field: ['input', 'certificateId'] }),
    ]);
    expect((await api.gql(ineu, REVOKE, { input: { ...input, reason: ' ' } })).data!.revokeCompetenceCertificate.userErrors).toEqual([
      expect.objectContaining({ code: 'TEXT_REQUIRED', field: ['input', 'reason'] }),
    ]);
    expect((await verifyPublic(result!.certificate!.json)).body.valid).toBe(true);
    const done = await api.gql(ineu, REVOKE, { input });
    expect(done.data!.revokeCompetenceCertificate.certificate!.revokedAt).not.toBeNull();
    expect((await api.gql(ineu, REVOKE, { input })).data!.revokeCompetenceCertificate.userErrors).toEqual([
      expect.objectContaining({ code: 'ALREADY_REVOKED' }),
    ]);
    expect((await verifyPublic(result!.certificate!.json)).body).toMatchObject({ valid: false, failure: 'REVOKED' });
  });

  test('an organisation that may not see the exam cannot reach the certificate (NOT_FOUND), nor read it by node(id:)', async () => {
    const { result } = await passed();
    const welding = await api.keyFor(BIN.WELDING_CENTRE, 'WRITER');
    const res = await api.gql(welding, REVOKE, { input: { certificateId: result!.certificate!.id, reason: 'x' } });
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(
      (
        await api.gql(
          welding,
          graphql(`
            query ($id: ID!) {
              node(id: $id) {
                id
              }
            }
          `),
          { id: result!.certificate!.id },
        )
      ).data!.node,
    ).toBeNull();
    expect(
      (
        await api.gql(
          keeu,
          graphql(`
            query ($id: ID!) {
              node(id: $id) {
                id
              }
            }
          `),
          { id: result!.certificate!.id },
        )
      ).data!.node,
    ).toEqual({ id: result!.certificate!.id });
  });
});
