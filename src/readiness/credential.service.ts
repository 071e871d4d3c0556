/**
 * Readiness / clearance credentials: W3C Verifiable Credentials in the Open Badges 3.0 data
 * model (an `OpenBadgeCredential`), secured as a **JWT-VC** (compact JWS, `alg: EdDSA`, typ
 * `vc+jwt`, the credential itself as the payload plus the registered claims Open Badges 3.0
 * asks for: iss, sub, jti, nbf, exp).
 *
 * Why JWT-VC and not `eddsa-rdfc-2022` (Data Integrity):
 * - The signature covers the exact bytes of the payload, so "one byte changed" fails by
 *   construction; RDF canonicalisation signs the graph, so the verifier must re-canonicalise
 *   JSON-LD with a document loader, and a context it cannot load (offline employer laptop,
 *   changed remote context) turns a valid credential into an error.
 * - It needs only `jose` (already a dependency, well kept, CommonJS-friendly under jest). The
 *   Data Integrity stack (`@digitalbazaar/vc`, `eddsa-rdfc-2022-cryptosuite`, `jsonld`,
 *   `rdf-canonize`) declares Node >= 18 but ships ES modules only and needs bundled copies of the
 *   VC 2.0 and OB 3.0 contexts to run offline: three more moving parts for the same guarantee.
 * - Open Badges 3.0 names VC-JWT as one of its two proof formats and the VC 2.0 family has it as
 *   "Securing VCs using JOSE" (`EnvelopedVerifiableCredential` for the JSON form).
 * The JSON download is that envelope; the QR code (made only when asked for) carries the compact JWS itself, so a phone can
 * verify it with no other lookup than the issuer key and the revocation registry.
 */
import { randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import { type Page, type PageRequest, paginate } from '../db/pagination';
import { Membership, Organization, OrganizationKind, Person, PersonRole } from '../organizations';
import { callerOf, requireRole, WRITE_ROLES } from '../shared/permissions';
import { type Outcome, refuse, succeed } from '../shared/rule-violation';
import { actorOf, type RequestContext } from '../shared/request-context';
import { Workplace } from '../workplaces';
import { ClearanceService, ClearanceStatus } from './clearance.service';
import { ReadinessErrorCode, readinessViolation } from './readiness.messages';
import { type CredentialCategory, ReadinessCredential } from './readiness-credential.entity';
import { ReadinessKind, ReadinessRecord } from './readiness-record.entity';
import { ReadinessService } from './readiness.service';
import { CoverageStatus, coverageAt } from './readiness.rules';
import { CREDENTIAL_CONTEXTS, openBadgePayload } from './credential.document';
import { jose } from './jose';
import { issuerIdOf, SIGNING_ALG, SigningKeyService, VC_JWT_TYPE } from './signing-key.service';
import { HazardCategory } from '../hazards';

export { VC_JWT_TYPE };

/**
 * The registry entry behind a credential id, as the verifier needs it: which key signed it and
 * whether its issuer revoked it.
 */
export interface CredentialRegistryEntry {
  /** Row id of the signing key the credential was issued with. */
  signingKeyId: string;
  revokedAt: Date | null;
}

/**
 * A registry of credentials another context issues on this signing path (e.g. assessment's
 * certificates of professional competence), contributed by its module (`credentialRegistries`):
 * verification asks each in turn for an id the readiness registry does not hold.
 */
export interface CredentialRegistry {
  /** The entry of this credential id (a UUID), or null when this registry did not issue it. Unscoped: verification is public. */
  entry(ctx: RequestContext, credentialId: string): Promise<CredentialRegistryEntry | null>;
}

/** What `issue` asks for: the student, and either a workplace (clearance) or categories (readiness). */
export interface IssueCredentialCommand {
  studentId: string;
  /** A clearance credential for this workplace: every hazard category must be covered now. */
  workplaceId?: string | null;
  /** Only these categories (each must be covered); default every category the student holds now. */
  hazardCategoryCodes?: string[] | null;
}

/** An issued credential in every form the holder may download. */
export interface IssuedCredential {
  record: ReadinessCredential;
  /** Compact JWS. */
  jwt: string;
  /** The credential as signed (the JWS payload). */
  document: Record<string, unknown>;
  /** `EnvelopedVerifiableCredential` JSON, the file `npm run verify` reads. */
  json: string;
}

/** Largest JWS a QR code holds: version 40, error correction L, byte mode. */
export const QR_CAPACITY = 2953;

/**
 * PNG QR code of a compact JWS, as a data URL; `null` when the JWS is longer than a QR code can
 * hold (a credential with many categories: issue one per workplace, or hand over the JSON file).
 */
export async function credentialQrCode(jwt: string): Promise<string | null> {
  if (jwt.length > QR_CAPACITY) return null;
  return QRCode.toDataURL(jwt, { errorCorrectionLevel: 'L', margin: 2 });
}

/** Which check of a verification. */
export enum VerificationCheck {
  FORMAT = 'FORMAT',
  SIGNATURE = 'SIGNATURE',
  ISSUER = 'ISSUER',
  VALIDITY = 'VALIDITY',
  REVOCATION = 'REVOCATION',
}

/** Why a verification failed. */
export enum VerificationFailure {
  /** Not a compact JWS / envelope, or not a credential. */
  MALFORMED = 'MALFORMED',
  /** The key id names no key of any DualHub issuer. */
  UNKNOWN_KEY = 'UNKNOWN_KEY',
  /** The signature does not match the content: it was changed after signing. */
  SIGNATURE_INVALID = 'SIGNATURE_INVALID',
  /** The credential names another issuer than the key's organisation. */
  ISSUER_MISMATCH = 'ISSUER_MISMATCH',
  NOT_YET_VALID = 'NOT_YET_VALID',
  EXPIRED = 'EXPIRED',
  /** The issuer revoked the credential. */
  REVOKED = 'REVOKED',
  /** Readiness it rests on was revoked after it was issued. */
  READINESS_REVOKED = 'READINESS_REVOKED',
  /** Signed by a DualHub key, but not in the issuer's registry. */
  NOT_IN_REGISTRY = 'NOT_IN_REGISTRY',
}

/** One check's outcome. */
export interface CheckResult {
  check: VerificationCheck;
  ok: boolean;
  failure?: VerificationFailure;
  detail?: string;
}

/** The answer of {@link CredentialService.verify}. */
export interface CredentialVerification {
  valid: boolean;
  /** First failure, if any. */
  failure: VerificationFailure | null;
  checks: CheckResult[];
  /** The signed credential (only when the signature verified). */
  credential: Record<string, unknown> | null;
  issuer: { id: string; name: string } | null;
  verifiedAt: Date;
}

/** The JSON-LD contexts of a DualHub credential: VC 2.0 and Open Badges 3.0. */

/** Issues, lists, revokes and verifies readiness credentials. */
export class CredentialService {
  constructor(
    private readonly clearances: ClearanceService,
    private readonly readiness: ReadinessService,
    private readonly keys: SigningKeyService,
    /** Other contexts' registries (filled by the composition root once every service exists). */
    private readonly registries: readonly CredentialRegistry[] = [],
  ) {}

  /**
   * Issues a credential for a student who holds valid readiness now (or is cleared for the
   * workplace). The issuer is the caller's organisation: the student's HEI, or the coordinator
   * of the region; it signs with its own Ed25519 key.
   */
  async issue(ctx: RequestContext, input: IssueCredentialCommand): Promise<Outcome<IssuedCredential, ReadinessErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    const caller = callerOf(ctx);
    const student = await ctx.em.findOne(Person, { id: input.studentId });
    if (!student) return refuse(readinessViolation(['input', 'studentId'], ReadinessErrorCode.STUDENT_NOT_FOUND));
    const heiMemberships = await ctx.em.find(Membership, { person: student, role: PersonRole.STUDENT }, { filters: false, populate: ['organization'] });
    let issuer: Organization | undefined;
    if (!caller) issuer = heiMemberships[0]?.organization;
    else if (heiMemberships.some((m) => m.organization.id === caller.organizationId))
      issuer = heiMemberships.find((m) => m.organization.id === caller.organizationId)!.organization;
    else if (caller.organizationKind === OrganizationKind.COORDINATOR)
      issuer = await ctx.em.findOneOrFail(Organization, { id: caller.organizationId }, { filters: false });
    if (!issuer) return refuse(readinessViolation(['input', 'studentId'], ReadinessErrorCode.NOT_AN_ISSUER));

    const now = ctx.clock.now();
    let workplace: Workplace | null = null;
    let covered: CredentialCategory[];
    if (input.workplaceId) {
      workplace = await ctx.em.findOne(Workplace, { id: input.workplaceId });
      if (!workplace) return refuse(readinessViolation(['input', 'workplaceId'], ReadinessErrorCode.WORKPLACE_NOT_FOUND));
      const [clearance] = await this.clearances.compute(ctx.em, [{ studentId: student.id, workplaceId: workplace.id }], now);
      if (clearance.status !== ClearanceStatus.CLEARED || clearance.categories.length === 0) {
        const missing = clearance.categories
          .filter((c) => c.status !== CoverageStatus.COVERED)
          .map((c) => c.code)
          .join(', ');
        return refuse(readinessViolation(['input', 'workplaceId'], ReadinessErrorCode.NOT_CLEARED, missing));
      }
      covered = await this.categoriesOf(
        ctx,
        clearance.categories.map((c) => c.recordId!),
      );
    } else {
      const categories = await ctx.em.find(HazardCategory, input.hazardCategoryCodes?.length ? { code: { $in: input.hazardCategoryCodes } } : {});
      if (input.hazardCategoryCodes?.length && categories.length !== new Set(input.hazardCategoryCodes).size) {
        return refuse(readinessViolation(['input', 'hazardCategoryCodes'], ReadinessErrorCode.HAZARD_CATEGORY_NOT_FOUND));
      }
      const latest = await this.readiness.latestRecords(
        ctx.em,
        student.id,
        categories.map((c) => c.id),
        now,
      );
      const valid = [...latest.values()].filter((r) => coverageAt(r, now) === CoverageStatus.COVERED);
      if (valid.length === 0 || (input.hazardCategoryCodes?.length && valid.length !== categories.length)) {
        return refuse(
          readinessViolation(['input', input.hazardCategoryCodes?.length ? 'hazardCategoryCodes' : 'studentId'], ReadinessErrorCode.NO_VALID_READINESS),
        );
      }
      covered = await this.categoriesOf(
        ctx,
        valid.map((r) => r.id),
      );
    }

    const key = await this.keys.activeKey(ctx, issuer);
    const id = randomUUID();
    const validUntil = new Date(Math.min(...covered.map((c) => Date.parse(c.validUntil))));
    const payload = openBadgePayload({
      id,
      issuer,
      holder: student,
      name: workplace ? `Simulator clearance for workplace ${workplace.code}` : 'Simulator readiness for hazardous work',
      validFrom: now,
      validUntil,
      subject: {
        achievement: {
          id: workplace ? `urn:dualhub:clearance:workplace:${workplace.code}` : 'urn:dualhub:achievement:simulator-readiness',
          type: ['Achievement'],
          achievementType: 'License',
          name: workplace ? `Cleared for ${workplace.code}` : 'Simulator readiness',
          description: 'Simulator-classroom training before hazardous work (KazDual stage 6).',
          criteria: { narrative: 'Readiness under the DualHub policy of each listed hazard category.' },
        },
        result: covered.map((c) => ({
          type: ['Result'],
          resultDescription: `urn:dualhub:hazard-category:${c.code}`,
          status: 'Completed',
          validUntil: c.validUntil,
        })),
      },
    });
    const jwt = await this.keys.signCredential(key, issuer, payload);
    const record = ctx.em.create(ReadinessCredential, {
      id,
      student,
      issuer,
      signingKey: key,
      workplace: workplace ?? undefined,
      categories: covered,
      validFrom: now,
      validUntil,
      jwt,
      issuedBy: caller ? actorOf(caller) : 'system',
    });
    await ctx.em.flush();
    ctx.log.info({ credentialId: id, studentId: student.id, issuer: issuer.id }, 'readiness credential issued');
    return succeed(this.forms(record));
  }

  /** The downloadable forms of a stored credential. */
  forms(record: ReadinessCredential): IssuedCredential {
    return { record, ...credentialForms(record.jwt) };
  }

  /** A page of the credentials the caller may see (its own issues, and those of students it sees). */
  list<N>(ctx: RequestContext, query: { studentId?: string }, page: PageRequest, toNode: (row: ReadinessCredential) => N): Promise<Page<N>> {
    return paginate(ctx.em, ReadinessCredential, query.studentId ? { student: query.studentId } : {}, page, { createdAt: 'desc' }, toNode);
  }

  /** Revokes a credential (its issuer only); verification reports REVOKED from then on. */
  async revoke(ctx: RequestContext, credentialId: string, reason: string): Promise<Outcome<ReadinessCredential, ReadinessErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    const caller = callerOf(ctx);
    if (!reason.trim()) return refuse(readinessViolation(['input', 'reason'], ReadinessErrorCode.REASON_REQUIRED));
    const record = await ctx.em.findOne(ReadinessCredential, { id: credentialId });
    if (!record || (caller && record.issuer.id !== caller.organizationId)) {
      return refuse(readinessViolation(['input', 'credentialId'], ReadinessErrorCode.CREDENTIAL_NOT_FOUND));
    }
    if (record.revokedAt) return refuse(readinessViolation(['input', 'credentialId'], ReadinessErrorCode.ALREADY_REVOKED));
    record.revokedAt = ctx.clock.now();
    record.revokedReason = reason.trim();
    record.revokedBy = caller ? actorOf(caller) : 'system';
    await ctx.em.flush();
    ctx.log.info({ credentialId }, 'readiness credential revoked');
    return succeed(record);
  }

  /**
   * Verifies a credential: the compact JWS, its `EnvelopedVerifiableCredential` JSON, or an
   * object `{ jwt }`. Checks, in order: format, signature (the issuer's Ed25519 key by `kid`),
   * issuer (the key's organisation is the credential's issuer), validity window at `at`
   * (default now), revocation (the registry entry, and readiness revoked since issue). Needs no
   * caller: run it on a system context; it reads only keys and the registry.
   */
  async verify(ctx: RequestContext, input: unknown, at: Date = ctx.clock.now()): Promise<CredentialVerification> {
    const checks: CheckResult[] = [];
    const result = (credential: Record<string, unknown> | null, issuer: CredentialVerification['issuer']): CredentialVerification => {
      const failed = checks.find((c) => !c.ok);
      return { valid: !failed, failure: failed?.failure ?? null, checks, credential, issuer, verifiedAt: at };
    };
    const fail = (check: VerificationCheck, failure: VerificationFailure, detail: string) => checks.push({ check, ok: false, failure, detail });

    const jws = extractJws(input);
    let kid: string | undefined;
    try {
      const header = jws ? jose.decodeProtectedHeader(jws) : undefined;
      if (header?.alg === SIGNING_ALG && typeof header.kid === 'string') kid = header.kid;
    } catch {
      kid = undefined;
    }
    if (!jws || !kid) {
      fail(
        VerificationCheck.FORMAT,
        VerificationFailure.MALFORMED,
        'Not a DualHub credential: expected a compact JWS (EdDSA, with kid) or its EnvelopedVerifiableCredential JSON.',
      );
      return result(null, null);
    }
    checks.push({ check: VerificationCheck.FORMAT, ok: true });

    const [kidIssuer, keyId] = splitKid(kid);
    const key = keyId ? await this.keys.byKid(ctx, keyId) : null;
    if (!key) {
      fail(VerificationCheck.SIGNATURE, VerificationFailure.UNKNOWN_KEY, `No DualHub issuer has the key ${kid}.`);
      return result(null, null);
    }
    let credential: Record<string, unknown>;
    try {
      const verified = await jose.compactVerify(jws, await this.keys.publicKeyOf(key), { algorithms: [SIGNING_ALG] });
      credential = JSON.parse(new TextDecoder().decode(verified.payload)) as Record<string, unknown>;
    } catch {
      fail(
        VerificationCheck.SIGNATURE,
        VerificationFailure.SIGNATURE_INVALID,
        'The signature does not match the content: the credential was changed after it was signed.',
      );
      return result(null, null);
    }
    checks.push({ check: VerificationCheck.SIGNATURE, ok: true });

    const issuerId = issuerIdOf(key.organization);
    const issuer = { id: issuerId, name: key.organization.name.en };
    const claimed = (credential.issuer as { id?: string } | undefined)?.id;
    if (kidIssuer !== issuerId || credential.iss !== issuerId || claimed !== issuerId) {
      fail(
        VerificationCheck.ISSUER,
        VerificationFailure.ISSUER_MISMATCH,
        `Signed by ${issuerId}, but the credential names ${String(claimed ?? credential.iss)}.`,
      );
      return result(credential, issuer);
    }
    checks.push({ check: VerificationCheck.ISSUER, ok: true });

    const validFrom = Date.parse(String(credential.validFrom));
    // A credential without validUntil (a certificate of competence) does not expire.
    const validUntil = credential.validUntil === undefined ? Number.POSITIVE_INFINITY : Date.parse(String(credential.validUntil));
    if (Number.isNaN(validFrom) || Number.isNaN(validUntil)) fail(VerificationCheck.VALIDITY, VerificationFailure.MALFORMED, 'validFrom/validUntil missing.');
    else if (at.getTime() < validFrom) fail(VerificationCheck.VALIDITY, VerificationFailure.NOT_YET_VALID, `Valid from ${new Date(validFrom).toISOString()}.`);
    else if (at.getTime() >= validUntil) fail(VerificationCheck.VALIDITY, VerificationFailure.EXPIRED, `Expired at ${new Date(validUntil).toISOString()}.`);
    else checks.push({ check: VerificationCheck.VALIDITY, ok: true });

    const id = String(credential.jti ?? credential.id ?? '').replace(/^urn:uuid:/, '');
    const wellFormed = /^[0-9a-f-]{36}$/i.test(id);
    const record = wellFormed ? await ctx.em.findOne(ReadinessCredential, { id }, { filters: false }) : null;
    let entry: CredentialRegistryEntry | null = record ? { signingKeyId: record.signingKey.id, revokedAt: record.revokedAt ?? null } : null;
    for (const registry of wellFormed ? this.registries : []) entry ??= await registry.entry(ctx, id);
    if (!entry || entry.signingKeyId !== key.id) {
      fail(VerificationCheck.REVOCATION, VerificationFailure.NOT_IN_REGISTRY, 'The issuer has no record of this credential.');
    } else if (entry.revokedAt) {
      fail(VerificationCheck.REVOCATION, VerificationFailure.REVOKED, `Revoked by the issuer at ${entry.revokedAt.toISOString()}.`);
    } else if (record && (await this.readinessRevokedSince(ctx, record, at))) {
      fail(VerificationCheck.REVOCATION, VerificationFailure.READINESS_REVOKED, 'Readiness this credential rests on was revoked after it was issued.');
    } else {
      checks.push({ check: VerificationCheck.REVOCATION, ok: true });
    }
    return result(credential, issuer);
  }

  /** Categories and validity of the records a credential rests on. */
  private async categoriesOf(ctx: RequestContext, recordIds: string[]): Promise<CredentialCategory[]> {
    const records = await ctx.em.find(
      ReadinessRecord,
      { id: { $in: recordIds } },
      { populate: ['hazardCategory'], filters: false, orderBy: { hazardCategory: { code: 'asc' } } },
    );
    return records.map((r) => ({ code: r.hazardCategory.code, recordId: r.id, earnedAt: r.earnedAt.toISOString(), validUntil: r.validUntil!.toISOString() }));
  }

  /** True when a revocation was recorded, after the credential was issued, in one of its categories. */
  private async readinessRevokedSince(ctx: RequestContext, record: ReadinessCredential, at: Date): Promise<boolean> {
    const count = await ctx.em.count(
      ReadinessRecord,
      {
        student: record.student.id,
        kind: ReadinessKind.REVOCATION,
        hazardCategory: { code: { $in: record.categories.map((c) => c.code) } },
        earnedAt: { $gt: record.validFrom, $lte: at },
      },
      { filters: false },
    );
    return count > 0;
  }
}

/** A VC-JWT's downloadable forms: the JWS, the signed document, and the `EnvelopedVerifiableCredential` JSON `npm run verify` reads. */
export function credentialForms(jwt: string): { jwt: string; document: Record<string, unknown>; json: string } {
  const envelope = { '@context': [CREDENTIAL_CONTEXTS[0]], type: 'EnvelopedVerifiableCredential', id: `data:application/${VC_JWT_TYPE},${jwt}` };
  return {
    jwt,
    document: JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>,
    json: JSON.stringify(envelope, null, 2),
  };
}

/** The compact JWS inside whatever form the verifier was given. */
export function extractJws(input: unknown): string | undefined {
  let value = input;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('{')) {
      try {
        value = JSON.parse(text);
      } catch {
        return undefined;
      }
    } else {
      value = text;
    }
  }
  if (value && typeof value === 'object') {
    const o = value as { id?: unknown; jwt?: unknown; type?: unknown };
    if (typeof o.jwt === 'string') value = o.jwt;
    else if (typeof o.id === 'string' && o.id.startsWith(`data:application/${VC_JWT_TYPE},`)) value = o.id.slice(`data:application/${VC_JWT_TYPE},`.length);
    else return undefined;
  }
  return typeof value === 'string' && /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value) ? value : undefined;
}

function splitKid(kid: string): [string, string | undefined] {
  const hash = kid.lastIndexOf('#');
  return hash < 0 ? [kid, undefined] : [kid.slice(0, hash), kid.slice(hash + 1)];
}
