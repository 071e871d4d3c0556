import { randomBytes } from 'node:crypto';
import { Agreement, AgreementKind, AgreementParty } from '../../src/agreements';
import { toGlobalId } from '../../src/graphql/relay';
import { DualGroup, Enrolment, InstructionLanguage } from '../../src/enrolment';
import { LogbookEntry, LogbookEntryStatus } from '../../src/logbook';
import { MentorTraining } from '../../src/mentoring';
import { Membership, Organization, Person, PersonRole } from '../../src/organizations';
import { Placement, PlacementStatus, TimeModel } from '../../src/placements';
import { Program, ProgramLevel } from '../../src/programs';
import { Workplace } from '../../src/workplaces';
import { BIN, type TestApi } from './api';
import { graphql } from './graphql';

/** Confirms a placement (PLANNED → CONFIRMED): the change the subscription and webhook suites watch. */
export const CONFIRM_PLACEMENT = graphql(`
  mutation ($input: PlacementTransitionInput!) {
    confirmPlacement(input: $input) {
      placement {
        id
        status
      }
      userErrors {
        code
      }
    }
  }
`);

/** `activatePlacement` with what the gate's tests read: the status, `clearanceExpiresAt` and the refusals. */
export const ACTIVATE_PLACEMENT = graphql(`
  mutation ($input: PlacementTransitionInput!) {
    activatePlacement(input: $input) {
      placement {
        status
        clearanceExpiresAt
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`);

/** The UTC day `offset` days from now, YYYY-MM-DD. */
export function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

function unique(): string {
  return randomBytes(4).toString('hex');
}

/** Options of {@link Factories.givenAgreement}. */
export interface AgreementOptions {
  heiBin?: string;
  employerBin?: string;
  kind?: AgreementKind;
  studentId?: string;
  validFrom?: string;
  validTo?: string;
  /** Parties that have signed; default every required party. */
  signedBy?: AgreementParty[];
}

/** Options of {@link Factories.givenPlacement}. */
export interface PlacementOptions {
  status?: PlacementStatus | `${PlacementStatus}`;
  heiBin?: string;
  employerBin?: string;
  workplaceCode?: string;
  studentId?: string;
  /** A mentor id, `null` for none; default a new mentor of the employer. */
  mentorId?: string | null;
  agreementId?: string;
  startDate?: string;
  endDate?: string;
}

/**
 * Builds test data through the services on a system context, so the data obeys the same rules
 * the API enforces. Statuses beyond PLANNED are set directly: a factory states a fact, it does
 * not replay a history.
 */
export class Factories {
  constructor(private readonly api: TestApi) {}

  /** A new person with one role in the organisation with this BIN. */
  async givenPerson(bin: string, role: PersonRole | `${PersonRole}`, name = `Test ${role.toLowerCase()}`): Promise<Person> {
    const em = this.api.system().em;
    const organization = await em.findOneOrFail(Organization, { bin });
    const person = em.create(Person, { fullName: `${name} ${unique()}`, email: `${role.toLowerCase()}.${unique()}@test.dualhub.kz` });
    em.create(Membership, { person, organization, role: role as PersonRole });
    await em.flush();
    return person;
  }

  /**
   * A new STUDENT of the HEI, by default enrolled there (a placement is planned only for an
   * enrolled student; see {@link givenEnrolment}); `enrolled: false` for a member not enrolled.
   */
  async givenStudent(heiBin: string = BIN.INEU, options: { enrolled?: boolean } = {}): Promise<Person> {
    const student = await this.givenPerson(heiBin, PersonRole.STUDENT, 'Student');
    if (options.enrolled ?? true) await this.givenEnrolment(student.id, heiBin);
    return student;
  }

  /**
   * An enrolment of the student at the HEI, written directly (a fact, not a request): in the
   * HEI's test group of `intakeYear` (default three years ago, so placements dated up to three
   * years back still see it), made on the HEI's first programme (one is made if it has none).
   */
  async givenEnrolment(studentId: string, heiBin: string = BIN.INEU, intakeYear = new Date().getUTCFullYear() - 3): Promise<Enrolment> {
    const em = this.api.system().em;
    const hei = await em.findOneOrFail(Organization, { bin: heiBin });
    const code = `TEST-${intakeYear}`;
    let group = await em.findOne(DualGroup, { hei, code });
    if (!group) {
      const text = { kk: 'Сынақ бағдарламасы', ru: 'Тестовая программа', en: 'Test programme' };
      const program =
        (await em.findOne(Program, { hei }, { orderBy: { code: 'asc' } })) ??
        em.create(Program, { hei, code: `T${unique().toUpperCase()}`, level: ProgramLevel.BACHELOR, name: text });
      group = em.create(DualGroup, { hei, region: hei.region, program, code, intakeYear, language: InstructionLanguage.RU, places: 500 });
    }
    const enrolment = em.create(Enrolment, {
      student: em.getReference(Person, studentId),
      hei,
      region: hei.region,
      program: group.program,
      group,
      intakeYear,
    });
    await em.flush();
    return enrolment;
  }

  /**
   * A new mentor of the employer, by default with a pedagogical training valid from a year ago to
   * two years ahead (assigning a mentor needs one); `trained: false` for none.
   */
  async givenMentor(employerBin: string = BIN.STEEL_PLANT, options: { trained?: boolean } = {}): Promise<Person> {
    const mentor = await this.givenPerson(employerBin, PersonRole.MENTOR, 'Mentor');
    if (options.trained ?? true) await this.givenMentorTraining(mentor.id, employerBin, { completedOn: day(-365), validUntil: day(730) });
    return mentor;
  }

  /** A pedagogical training of a mentor, written directly (a fact, not a request). */
  async givenMentorTraining(mentorId: string, employerBin: string, period: { completedOn: string; validUntil: string }): Promise<MentorTraining> {
    const em = this.api.system().em;
    const training = em.create(MentorTraining, {
      mentor: em.getReference(Person, mentorId),
      employer: await em.findOneOrFail(Organization, { bin: employerBin }),
      course: 'Pedagogical foundations of mentoring',
      provider: 'Test training centre',
      hours: 72,
      ...period,
    });
    await em.flush();
    return training;
  }

  /** An agreement, by default a network contract INEU–steel plant valid a year around today and signed by all. */
  async givenAgreement(options: AgreementOptions = {}): Promise<Agreement> {
    const ctx = this.api.system();
    const kind = options.kind ?? (options.studentId ? AgreementKind.TRIPARTITE : AgreementKind.NETWORK_INTERACTION);
    const created = await this.api.hub.app.services.agreements.create(ctx, {
      number: `T-${unique()}`,
      kind,
      heiId: await this.api.orgId(options.heiBin ?? BIN.INEU),
      employerId: await this.api.orgId(options.employerBin ?? BIN.STEEL_PLANT),
      studentId: options.studentId,
      validFrom: options.validFrom ?? day(-180),
      validTo: options.validTo ?? day(365),
      remunerationAmount: 150_000,
    });
    if (!created.ok) throw new Error(`givenAgreement: ${JSON.stringify(created.violations)}`);
    const parties =
      options.signedBy ??
      (kind === AgreementKind.TRIPARTITE
        ? [AgreementParty.HEI, AgreementParty.EMPLOYER, AgreementParty.STUDENT]
        : [AgreementParty.HEI, AgreementParty.EMPLOYER]);
    for (const party of parties) {
      const signed = await this.api.hub.app.services.agreements.sign(this.api.system(), created.value.id, party);
      if (!signed.ok) throw new Error(`givenAgreement: ${JSON.stringify(signed.violations)}`);
    }
    return created.value;
  }

  /** A fixture workplace by code. */
  async workplace(code: string): Promise<Workplace> {
    return this.api.system().em.findOneOrFail(Workplace, { code });
  }

  /**
   * A placement in the given status (default PLANNED) of a new student of INEU at the steel
   * plant's engineering office (no hazard categories, so no clearance is needed to start), with a new mentor, under a new fully signed agreement; the period runs
   * from 30 days ago to 90 days ahead, so it may start today.
   */
  async givenPlacement(options: PlacementOptions = {}): Promise<Placement> {
    const heiBin = options.heiBin ?? BIN.INEU;
    const employerBin = options.employerBin ?? BIN.STEEL_PLANT;
    const studentId = options.studentId ?? (await this.givenStudent(heiBin)).id;
    const mentorId = options.mentorId === undefined ? (await this.givenMentor(employerBin)).id : options.mentorId;
    const agreementId = options.agreementId ?? (await this.givenAgreement({ heiBin, employerBin })).id;
    const workplaceCode = options.workplaceCode ?? (employerBin === BIN.STEEL_PLANT ? 'PMZ-ENGINEERING-OFFICE' : undefined);
    const workplace = workplaceCode
      ? await this.workplace(workplaceCode)
      : await this.api.system().em.findOneOrFail(Workplace, { employer: { bin: employerBin } }, { orderBy: { code: 'asc' } });
    const created = await this.api.hub.app.services.placements.create(this.api.system(), {
      studentId,
      heiId: await this.api.orgId(heiBin),
      employerId: await this.api.orgId(employerBin),
      workplaceId: workplace.id,
      agreementId,
      mentorId,
      startDate: options.startDate ?? day(-30),
      endDate: options.endDate ?? day(90),
      timeModel: TimeModel.DAYS_PER_WEEK,
      daysPerWeek: 3,
    });
    if (!created.ok) throw new Error(`givenPlacement: ${JSON.stringify(created.violations)}`);
    const status = options.status as PlacementStatus | undefined;
    if (status && status !== PlacementStatus.PLANNED) {
      await this.api.system().em.nativeUpdate(Placement, { id: created.value.id }, { status });
      created.value.status = status;
    }
    return created.value;
  }

  /** A logbook entry (5 days ago, 6 h, SUBMITTED unless told) of a new ACTIVE placement, stated as a fact. */
  async givenLogbookEntry(status: LogbookEntryStatus = LogbookEntryStatus.SUBMITTED): Promise<{ placement: Placement; entry: LogbookEntry }> {
    const placement = await this.givenPlacement({ status: PlacementStatus.ACTIVE });
    const em = this.api.system().em.fork();
    const entry = em.create(LogbookEntry, {
      placement: placement.id,
      hei: placement.hei.id,
      employer: placement.employer.id,
      student: placement.student.id,
      date: day(-5),
      hours: 6,
      activity: 'Wired the conveyor sensors',
      status,
    });
    await em.flush();
    return { placement, entry };
  }
}

/**
 * `count` placements of new INEU students at the steel plant's rolling mill under one signed
 * agreement, with one mentor, written in one flush (for list and statement-count tests).
 */
export async function givenManyPlacements(api: TestApi, count: number): Promise<void> {
  const given = new Factories(api);
  const agreement = await given.givenAgreement();
  const mentor = await given.givenMentor();
  const workplace = await given.workplace('PMZ-ROLLING-MILL');
  const em = api.system().em;
  const hei = await em.findOneOrFail(Organization, { bin: BIN.INEU });
  const employer = await em.findOneOrFail(Organization, { bin: BIN.STEEL_PLANT });
  for (let i = 0; i < count; i++) {
    const student = em.create(Person, { fullName: `Bulk student ${i} ${unique()}`, email: `bulk.${i}.${unique()}@test.dualhub.kz` });
    em.create(Membership, { person: student, organization: hei, role: PersonRole.STUDENT });
    em.create(Placement, {
      code: `BULK-${unique()}`.toUpperCase(),
      student,
      hei,
      employer,
      workplace,
      agreement: em.getReference(Agreement, agreement.id),
      mentor: em.getReference(Person, mentor.id),
      startDate: day(-30 + (i % 20)),
      endDate: day(90),
      timeModel: TimeModel.BLOCK,
      status: PlacementStatus.PLANNED,
    });
  }
  await em.flush();
}

/** Global id of a row, for GraphQL variables. */
export function gid(type: string, row: { id: string } | string): string {
  return toGlobalId(type, typeof row === 'string' ? row : row.id);
}
