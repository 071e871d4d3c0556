import { randomUUID } from 'node:crypto';
import { AuditAction, type AuditService } from '../audit';
import { runMutation } from '../db/mutation';
import { type Organization, Person } from '../organizations';
import { Competency, Program } from '../programs';
import { type CredentialRegistry, type CredentialRegistryEntry, openBadgePayload, type SigningKey, type SigningKeyService } from '../readiness';
import { NotFoundError } from '../shared/errors';
import { callerOf, requireRole, WRITE_ROLES } from '../shared/permissions';
import { type Outcome, refuse, succeed } from '../shared/rule-violation';
import { actorOf, type RequestContext } from '../shared/request-context';
import { AssessmentErrorCode, assessmentViolation } from './assessment.messages';
import { CompetenceCertificate } from './competence-certificate.entity';
import type { ExamResult } from './exam-result.entity';
import { CommissionSide, ExamCommissionMember, type ProductionExam } from './production-exam.entity';

/**
 * Certificates of professional competence: issued by a passed production exam, signed as an Open
 * Badges 3.0 VC-JWT with the HEI's key on readiness's one signing path (`SigningKeyService`),
 * verified by readiness's verifier (this service is its registry for these ids: the
 * `credentialRegistries` of the assessment module), revocable by the HEI.
 */
export class CompetenceCertificateService implements CredentialRegistry {
  constructor(
    private readonly audit: AuditService,
    private readonly keys: SigningKeyService,
  ) {}

  /** The HEI's signing key, made on first use: taken before the result's transaction, so that transaction never nests the key's. */
  signingKeyOf(ctx: RequestContext, hei: Organization): Promise<SigningKey> {
    return this.keys.activeKey(ctx, hei);
  }

  /**
   * Issues the certificate of a passed result, in the result's transaction (`tx`): qualification
   * (the programme), level, the programme's competences, the grade and the commission, signed by
   * the exam's HEI with `key`.
   */
  async issue(tx: RequestContext, exam: ProductionExam, result: ExamResult, key: SigningKey): Promise<CompetenceCertificate> {
    const program = await tx.em.findOneOrFail(Program, { id: exam.program.id }, { filters: false });
    const competences = (await tx.em.find(Competency, { program: program.id }, { filters: false, orderBy: { code: 'asc' } })).map((c) => ({
      code: c.code,
      description: c.description,
    }));
    const members = await tx.em.find(
      ExamCommissionMember,
      { exam: exam.id },
      { filters: false, populate: ['person', 'organization'], orderBy: { side: 'asc' } },
    );
    const commission = members.map((m) => ({ name: m.person.fullName, organization: m.organization.name.en, side: m.side }));
    const student = await tx.em.findOneOrFail(Person, { id: result.student.id }, { filters: false });
    const now = tx.clock.now();
    const id = randomUUID();
    const grade = { score: result.finalScore, letter: result.letter, gpa: Number(result.gpa), scale: result.scale };
    const payload = openBadgePayload({
      id,
      issuer: exam.hei,
      holder: student,
      name: 'Certificate of professional competence',
      validFrom: now,
      subject: {
        activityEndDate: `${exam.examDate}T00:00:00Z`,
        achievement: {
          id: `urn:dualhub:qualification:${program.code}`,
          type: ['Achievement'],
          achievementType: 'Certificate',
          name: program.name.en,
          description: 'Certificate of professional competence: production exam of theory questions and a qualification work (KazDual stage 7).',
          criteria: {
            narrative: 'A passing final grade of the production exam, given by a commission of 50 % enterprise representatives and 50 % third-party experts.',
          },
          fieldOfStudy: program.code,
          // European Learning Model: the qualification's level.
          tag: [`level:${program.level}`],
          alignment: competences.map((c) => ({
            type: ['Alignment'],
            targetCode: c.code,
            targetName: c.description.en,
            targetType: 'Competency',
            targetUrl: `urn:dualhub:competency:${program.code}:${c.code}`,
          })),
        },
        result: [
          { type: ['Result'], resultDescription: `urn:dualhub:grading-scale:${grade.scale}:final`, value: String(grade.score), achievedLevel: grade.letter },
          { type: ['Result'], resultDescription: `urn:dualhub:grading-scale:${grade.scale}:gpa`, value: grade.gpa.toFixed(2) },
          { type: ['Result'], resultDescription: 'urn:dualhub:production-exam:theory', value: String(result.theoryScore) },
          { type: ['Result'], resultDescription: 'urn:dualhub:production-exam:qualification-work', value: String(result.qualificationWorkScore) },
        ],
      },
      extra: {
        evidence: [
          {
            type: ['Evidence'],
            name: 'Production exam commission',
            narrative: commission
              .map((m) => `${m.name} (${m.organization}, ${m.side === CommissionSide.ENTERPRISE ? 'enterprise' : 'third-party'})`)
              .join('; '),
          },
        ],
      },
    });
    const jwt = await this.keys.signCredential(key, exam.hei, payload);
    const certificate = tx.em.create(CompetenceCertificate, {
      id,
      exam,
      result,
      hei: exam.hei,
      employer: result.employer,
      student,
      signingKey: key,
      qualification: { code: program.code, name: program.name },
      level: program.level,
      competences,
      grade,
      commission,
      validFrom: now,
      jwt,
    });
    tx.log.info({ certificateId: id, studentId: student.id, examId: exam.id }, 'competence certificate issued');
    return certificate;
  }

  /** The certificate of a (visible) result, if any. */
  ofResults(ctx: RequestContext, resultIds: readonly string[]): Promise<CompetenceCertificate[]> {
    return ctx.em.find(CompetenceCertificate, { result: { $in: [...resultIds] } });
  }

  /** Revokes a certificate, by its issuing HEI with a reason; verification reports REVOKED from then on. */
  async revoke(ctx: RequestContext, certificateId: string, reason: string): Promise<Outcome<CompetenceCertificate, AssessmentErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    if (!(await ctx.em.findOne(CompetenceCertificate, { id: certificateId }))) throw new NotFoundError('CompetenceCertificate');
    return runMutation(ctx, async (tx) => {
      const certificate = await tx.em.findOneOrFail(
        CompetenceCertificate,
        { id: certificateId },
        { filters: false, populate: ['hei', 'employer'], refresh: true },
      );
      const caller = callerOf(tx);
      if (caller && caller.organizationId !== certificate.hei.id)
        return refuse(assessmentViolation(['input', 'certificateId'], AssessmentErrorCode.NOT_THE_HEI));
      if (!reason.trim()) return refuse(assessmentViolation(['input', 'reason'], AssessmentErrorCode.TEXT_REQUIRED));
      if (certificate.revokedAt) return refuse(assessmentViolation(['input', 'certificateId'], AssessmentErrorCode.ALREADY_REVOKED));
      certificate.revokedAt = tx.clock.now();
      certificate.revokedReason = reason.trim();
      certificate.revokedBy = caller ? actorOf(caller) : 'system';
      this.audit.record(tx, tx.em, {
        objectType: 'CompetenceCertificate',
        objectId: certificate.id,
        action: AuditAction.STATUS_CHANGED,
        after: { revokedAt: certificate.revokedAt.toISOString() },
        reason: certificate.revokedReason,
        visibleTo: [certificate.hei.id, certificate.employer.id],
        regions: [certificate.hei.region, certificate.employer.region],
      });
      return succeed(certificate);
    });
  }

  /** The registry entry of a certificate id, for readiness's verifier (unscoped: verification is public). */
  async entry(ctx: RequestContext, credentialId: string): Promise<CredentialRegistryEntry | null> {
    const row = await ctx.em.findOne(CompetenceCertificate, { id: credentialId }, { filters: false });
    return row ? { signingKeyId: row.signingKey.id, revokedAt: row.revokedAt ?? null } : null;
  }
}
