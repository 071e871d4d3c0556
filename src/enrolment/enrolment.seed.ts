import path from 'node:path';
import type { Services } from '../modules';
import { AuditAction } from '../audit';
import { Membership, Organization, Person, PersonRole } from '../organizations';
import { Program } from '../programs';
import { readFixtureFile } from '../seed/fixture-file';
import type { RequestContext } from '../shared/request-context';
import { Application } from './application.entity';
import { DualGroup, type InstructionLanguage } from './dual-group.entity';
import { Enrolment } from './enrolment.entity';
import type { Decision } from './enrolment.rules';

interface DualGroupFixture {
  dualGroups: {
    hei: string;
    program: string;
    code: string;
    intakeYearOffset: number;
    language: InstructionLanguage;
    curator?: string;
    places: number;
    minScore?: number;
    applicants: { email: string; fullName: string; score: number; documents: { kind: string; number: string }[]; decision?: Decision; reason?: string }[];
  }[];
  /** Past intakes enrolled before DualHub (the fixture students on placement). */
  enrolledGroups?: {
    hei: string;
    program: string;
    code: string;
    intakeYear: number;
    language: InstructionLanguage;
    curator?: string;
    places: number;
    students: string[];
  }[];
}

function must<T>(outcome: { ok: true; value: T } | { ok: false; violations: unknown[] }, what: string): T {
  if (!outcome.ok) throw new Error(`dual-groups.yaml: ${what}: ${JSON.stringify(outcome.violations)}`);
  return outcome.value;
}

/** Seeds dual groups with applicants and decisions through the service; adds only what is missing. Needs a system context. */
export async function seedEnrolment(ctx: RequestContext, fixturesDir: string, services: Services): Promise<void> {
  const { dualGroups, enrolledGroups = [] } = readFixtureFile<DualGroupFixture>(path.join(fixturesDir, 'dual-groups.yaml'), 'dual-groups.schema.json');
  const { em } = ctx;
  const year = ctx.clock.now().getUTCFullYear();
  for (const data of dualGroups) {
    const hei = await em.findOneOrFail(Organization, { bin: data.hei });
    let group = await em.findOne(DualGroup, { hei, code: data.code });
    if (!group) {
      const program = await em.findOne(Program, { hei, code: data.program });
      if (!program) throw new Error(`dual-groups.yaml: HEI ${data.hei} has no programme ${data.program}`);
      const curator = data.curator ? await em.findOne(Person, { email: data.curator }) : null;
      group = must(
        await services.enrolment.createGroup(ctx, {
          heiId: hei.id,
          programId: program.id,
          code: data.code,
          intakeYear: year + data.intakeYearOffset,
          language: data.language,
          curatorId: curator?.id,
          places: data.places,
          minScore: data.minScore,
        }),
        `group ${data.code}`,
      );
    }
    for (const applicant of data.applicants) {
      let person = await em.findOne(Person, { email: applicant.email });
      if (!person) {
        person = em.create(Person, { email: applicant.email, fullName: applicant.fullName });
        await em.flush();
      }
      if ((await em.count(Application, { group, student: person })) > 0) continue;
      const application = must(
        await services.enrolment.apply(ctx, { groupId: group.id, studentId: person.id, documents: applicant.documents, score: applicant.score }),
        applicant.email,
      );
      if (applicant.decision)
        must(
          await services.enrolment.decide(ctx, application.id, { decision: applicant.decision, reason: applicant.reason }),
          `decision on ${applicant.email}`,
        );
    }
  }
  await seedEnrolledGroups(ctx, services, enrolledGroups);
}

/**
 * Past intakes: their groups and enrolments predate DualHub, so they are written as facts (the
 * service refuses intake years in the past), with one CREATED audit entry per enrolment the first
 * time. Adds only what is missing: groups by HEI + code, enrolments by student + intake year.
 */
async function seedEnrolledGroups(
  ctx: RequestContext,
  { audit }: Pick<Services, 'audit'>,
  groups: NonNullable<DualGroupFixture['enrolledGroups']>,
): Promise<void> {
  const { em } = ctx;
  for (const data of groups) {
    const hei = await em.findOneOrFail(Organization, { bin: data.hei });
    let group = await em.findOne(DualGroup, { hei, code: data.code });
    if (!group) {
      const program = await em.findOne(Program, { hei, code: data.program });
      if (!program) throw new Error(`dual-groups.yaml: HEI ${data.hei} has no programme ${data.program}`);
      const curator = data.curator ? await em.findOne(Person, { email: data.curator }) : null;
      group = em.create(DualGroup, {
        hei,
        region: hei.region,
        program,
        code: data.code,
        intakeYear: data.intakeYear,
        language: data.language,
        curator: curator ?? undefined,
        places: data.places,
      });
    }
    for (const email of data.students) {
      const student = await em.findOne(Person, { email });
      if (!student || (await em.count(Membership, { person: student, organization: hei, role: PersonRole.STUDENT })) === 0) {
        throw new Error(`dual-groups.yaml: ${email} is not a STUDENT of ${data.hei} (people.yaml)`);
      }
      if ((await em.count(Enrolment, { student, intakeYear: data.intakeYear })) > 0) continue;
      const enrolment = em.create(Enrolment, { student, hei, region: hei.region, program: group.program, group, intakeYear: data.intakeYear });
      audit.record(ctx, em, {
        objectType: 'Enrolment',
        objectId: enrolment.id,
        action: AuditAction.CREATED,
        after: { group: data.code, intakeYear: data.intakeYear },
        reason: 'fixtures',
        visibleTo: [hei.id],
        regions: [hei.region],
      });
    }
  }
  await em.flush();
}
