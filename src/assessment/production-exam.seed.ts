import path from 'node:path';
import type { Services } from '../modules';
import { Organization, Person } from '../organizations';
import { Placement } from '../placements';
import { Program } from '../programs';
import { readFixtureFile } from '../seed/fixture-file';
import type { RequestContext } from '../shared/request-context';
import { ExamResult } from './exam-result.entity';
import { GradeBand } from './grading.entity';
import { bandOf } from './grading.rules';
import { NATIONAL_SCALE } from './grading.seed';
import { CommissionSide, ExamAdmission, ExamCommissionMember, ProductionExam } from './production-exam.entity';
import { commissionBalance, materialsInTime } from './production-exam.rules';

interface ExamFixture {
  exams: {
    programCode: string;
    heiBin: string;
    employerBin: string;
    examDate: string;
    materialsApprovedOn: string;
    theory: string;
    qualificationWork: string;
    commission: { email: string; bin: string }[];
    admissions?: {
      placementCode: string;
      councilDate: string;
      admitted: boolean;
      reason: string;
      exception?: string;
      mentorsInvited?: string[];
      mentorsPresent?: string[];
      signedHours: number;
      requiredHours?: number;
    }[];
    results?: { placementCode: string; theoryScore: number; qualificationWorkScore: number; finalScore: number; recordedBy: string }[];
  }[];
}

/**
 * Seeds `fixtures/production-exams.yaml`: each exam missing (by programme, enterprise and day) with
 * its commission, council decisions and results; a passed result gets its certificate of
 * professional competence, signed by the HEI's key through the certificate service. The rules the
 * API enforces (materials a month ahead, 50/50, only admitted students examined) are checked here
 * too, so the fixture cannot state what the API would refuse. Never changes what exists.
 */
export async function seedProductionExams(ctx: RequestContext, fixturesDir: string, services: Services): Promise<void> {
  const data = readFixtureFile<ExamFixture>(path.join(fixturesDir, 'production-exams.yaml'), 'production-exams.schema.json');
  const { em } = ctx;
  const fail = (why: string) => {
    throw new Error(`production-exams.yaml: ${why}`);
  };
  const person = async (email: string) => (await em.findOne(Person, { email })) ?? fail(`unknown person ${email}`);
  const organization = async (bin: string) => (await em.findOne(Organization, { bin })) ?? fail(`unknown organisation ${bin}`);
  const bands = await em.find(GradeBand, { scale: NATIONAL_SCALE });
  for (const f of data.exams) {
    const hei = await organization(f.heiBin);
    const employer = await organization(f.employerBin);
    const program = (await em.findOne(Program, { code: f.programCode, hei })) ?? fail(`no programme ${f.programCode} at ${f.heiBin}`);
    if ((await em.count(ProductionExam, { program, employer, examDate: f.examDate })) > 0) continue;
    if (!materialsInTime(f.materialsApprovedOn, f.examDate)) fail(`${f.programCode} ${f.examDate}: materials approved too late`);
    const exam = em.create(ProductionExam, {
      program,
      hei,
      employer,
      examDate: f.examDate,
      materialsApprovedOn: f.materialsApprovedOn,
      theory: f.theory,
      qualificationWork: f.qualificationWork,
    });
    const sides = f.commission.map(
      (m) => (m.bin === f.employerBin ? 'ENTERPRISE' : m.bin === f.heiBin ? 'OWN_HEI' : 'THIRD_PARTY') as 'ENTERPRISE' | 'THIRD_PARTY' | 'OWN_HEI',
    );
    if (!commissionBalance(sides).balanced) fail(`${f.programCode} ${f.examDate}: the commission is not 50/50`);
    const members = [];
    for (const [i, m] of f.commission.entries()) {
      members.push(
        em.create(ExamCommissionMember, {
          exam,
          hei,
          employer,
          person: await person(m.email),
          organization: await organization(m.bin),
          side: sides[i] === 'ENTERPRISE' ? CommissionSide.ENTERPRISE : CommissionSide.THIRD_PARTY,
        }),
      );
    }
    const placementOf = async (code: string) =>
      (await em.findOne(Placement, { code, hei, employer })) ?? fail(`no placement ${code} of ${f.heiBin} at ${f.employerBin}`);
    for (const a of f.admissions ?? []) {
      em.create(ExamAdmission, {
        exam,
        hei,
        employer,
        placement: await placementOf(a.placementCode),
        councilDate: a.councilDate,
        admitted: a.admitted,
        reason: a.reason,
        exception: a.exception,
        mentorsInvited: await Promise.all((a.mentorsInvited ?? []).map(async (e) => (await person(e)).id)),
        mentorsPresent: await Promise.all((a.mentorsPresent ?? []).map(async (e) => (await person(e)).id)),
        hoursAtDecision: { signed: a.signedHours, required: a.requiredHours ?? null },
      });
    }
    for (const r of f.results ?? []) {
      if (!f.admissions?.some((a) => a.placementCode === r.placementCode && a.admitted))
        fail(`${r.placementCode} is not admitted to the exam of ${f.examDate}`);
      const recorder = await person(r.recordedBy);
      if (!members.some((m) => m.person.id === recorder.id)) fail(`${r.recordedBy} is not on the commission`);
      const band = bandOf(r.finalScore, bands) ?? fail(`no band of ${NATIONAL_SCALE} for ${r.finalScore}`);
      const placement = await placementOf(r.placementCode);
      const result = em.create(ExamResult, {
        exam,
        placement,
        hei,
        employer,
        student: placement.student,
        theoryScore: r.theoryScore,
        qualificationWorkScore: r.qualificationWorkScore,
        finalScore: r.finalScore,
        scale: NATIONAL_SCALE,
        letter: band.letter,
        gpa: Number(band.gpa),
        passed: band.passing,
        recordedBy: recorder,
        recordedByActor: 'fixture',
        recordedAt: new Date(`${f.examDate}T15:00:00Z`),
      });
      await em.flush();
      if (result.passed) await services.certificates.issue(ctx, exam, result, await services.certificates.signingKeyOf(ctx, hei));
    }
  }
  await em.flush();
}
