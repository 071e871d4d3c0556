import path from 'node:path';
import type { Services } from '../modules';
import { Membership, Organization, Person, PersonRole } from '../organizations';
import { Program } from '../programs';
import { readFixtureFile } from '../seed/fixture-file';
import type { LocalizedText } from '../shared/localized';
import type { RequestContext } from '../shared/request-context';
import { Graduation } from './graduation.entity';
import { addMonths, type EmploymentStatus } from './graduates.rules';
import { CompetenceArea, SatisfactionSurvey } from './satisfaction-survey.entity';

/** The shape of `fixtures/outcomes.yaml` (validated by `outcomes.schema.json`). */
export interface OutcomesFixture {
  competenceAreas: { code: string; name: LocalizedText }[];
  graduations: {
    hei: string;
    program: string;
    qualification: string;
    monthsAgo: number;
    graduates: {
      email: string;
      fullName?: string;
      competenceCertificate?: string;
      checks: { monthsAfter: number; status: EmploymentStatus; employer?: string; employerName?: string; position?: string; workRegion?: string }[];
    }[];
  }[];
  surveys: { employer: string; program: string; programHei: string; yearsAgo: number; scores: Record<string, number>; comment?: string }[];
  accreditations: {
    hei: string;
    program: string;
    agency: string;
    kind: 'INSTITUTIONAL' | 'SPECIALISED' | 'DUAL_PROGRAMME';
    standard: string;
    outcome: 'ACCREDITED' | 'ACCREDITED_WITH_CONDITIONS' | 'REFUSED';
    decidedDaysAgo: number;
    validYears: number;
    conditions?: { text: string; dueDaysAfterDecision: number; fulfilledDaysAgo?: number; evidence?: string }[];
  }[];
}

/** Reads `outcomes.yaml` from the fixtures folder. */
export function readOutcomesFixture(fixturesDir: string): OutcomesFixture {
  return readFixtureFile<OutcomesFixture>(path.join(fixturesDir, 'outcomes.yaml'), 'outcomes.schema.json');
}

function must<T>(outcome: { ok: true; value: T } | { ok: false; violations: unknown[] }, what: string): T {
  if (!outcome.ok) throw new Error(`outcomes.yaml: ${what}: ${JSON.stringify(outcome.violations)}`);
  return outcome.value;
}

/**
 * Seeds competence areas, the graduated cohorts with their checks and the satisfaction surveys
 * through the service (adds only what is missing). Needs a system context.
 */
export async function seedGraduates(ctx: RequestContext, fixturesDir: string, services: Services): Promise<void> {
  const data = readOutcomesFixture(fixturesDir);
  const { em } = ctx;
  const today = ctx.clock.now().toISOString().slice(0, 10);
  for (const [position, area] of data.competenceAreas.entries()) {
    if (!(await em.findOne(CompetenceArea, { code: area.code }))) em.create(CompetenceArea, { code: area.code, name: area.name, position });
  }
  await em.flush();
  for (const cohort of data.graduations) {
    const hei = await em.findOneOrFail(Organization, { bin: cohort.hei });
    const program = await em.findOne(Program, { hei, code: cohort.program });
    if (!program) throw new Error(`outcomes.yaml: HEI ${cohort.hei} has no programme ${cohort.program}`);
    const graduatedOn = addMonths(today, -cohort.monthsAgo);
    for (const g of cohort.graduates) {
      let person = await em.findOne(Person, { email: g.email });
      if (!person) {
        person = em.create(Person, { email: g.email, fullName: g.fullName ?? g.email });
        await em.flush();
      }
      if ((await em.count(Membership, { person, organization: hei, role: PersonRole.STUDENT })) === 0) {
        em.create(Membership, { person, organization: hei, role: PersonRole.STUDENT, position: `Graduate ${cohort.program}` });
        await em.flush();
      }
      if ((await em.count(Graduation, { student: person, program })) > 0) continue;
      const graduation = must(
        await services.graduates.recordGraduation(ctx, {
          heiId: hei.id,
          studentId: person.id,
          programId: program.id,
          graduatedOn,
          qualification: cohort.qualification,
          competenceCertificate: g.competenceCertificate,
        }),
        `graduation of ${g.email}`,
      );
      for (const c of g.checks) {
        const employer = c.employer ? await em.findOneOrFail(Organization, { bin: c.employer }) : null;
        must(
          await services.graduates.recordCheck(ctx, {
            graduationId: graduation.id,
            checkedOn: addMonths(graduatedOn, c.monthsAfter),
            status: c.status,
            employerId: employer?.id,
            employerName: c.employerName,
            position: c.position,
            workRegion: c.workRegion,
          }),
          `check of ${g.email} at ${c.monthsAfter} months`,
        );
      }
    }
  }
  const year = ctx.clock.now().getUTCFullYear();
  for (const s of data.surveys) {
    const employer = await em.findOneOrFail(Organization, { bin: s.employer });
    const program = await em.findOneOrFail(Program, { hei: { bin: s.programHei }, code: s.program });
    if ((await em.count(SatisfactionSurvey, { employer, program, year: year - s.yearsAgo })) > 0) continue;
    must(
      await services.graduates.recordSurvey(ctx, {
        employerId: employer.id,
        programId: program.id,
        year: year - s.yearsAgo,
        scores: Object.entries(s.scores).map(([area, score]) => ({ area, score })),
        comment: s.comment,
      }),
      `survey of ${s.employer} on ${s.program}`,
    );
  }
}
