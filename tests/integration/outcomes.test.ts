/**
 * Graduates, employment follow-up, satisfaction surveys and accreditation over HTTP on the real
 * PostgreSQL: every rule refused with its code and field, the due list and the expiring list
 * against the fixtures (fixtures/outcomes.yaml, dates relative to today), and scoping.
 */
import { addMonths, EmploymentCheck, Graduation } from '../../src/graduates';
import { Program } from '../../src/programs';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { Factories, gid } from '../support/factories';
import { graphql } from '../support/graphql';

let api: TestApi;
let given: Factories;
const keys: Record<string, string> = {};
const TODAY = new Date().toISOString().slice(0, 10);
let ineuProgram: string;
let collegeProgram: string;

beforeAll(async () => {
  api = await startTestApi();
  given = new Factories(api);
  const orgs = {
    INEU: BIN.INEU,
    COLLEGE: BIN.COLLEGE,
    KEEU: BIN.KEEU,
    COORDINATOR: BIN.COORDINATOR,
    AGENCY: BIN.AGENCY,
    STEEL: BIN.STEEL_PLANT,
    OIL: BIN.OIL_GAS_PLANT,
    AGRI: BIN.AGRI_PLANT,
  };
  for (const [name, bin] of Object.entries(orgs)) keys[name] = await api.keyFor(bin);
  ineuProgram = gid('Program', await api.system().em.findOneOrFail(Program, { code: '6B07101' }));
  collegeProgram = gid('Program', await api.system().em.findOneOrFail(Program, { code: '07140100' }));
});
afterAll(() => api.close());

const codes = (errors: { field: string[]; code: string }[]) => errors.map((e) => `${e.field.join('.')}:${e.code}`);
const GRADUATE = graphql(`
  mutation ($input: RecordGraduationInput!) {
    recordGraduation(input: $input) {
      graduation {
        id
        graduatedOn
      }
      userErrors {
        field
        code
      }
    }
  }
`);
const CHECK = graphql(`
  mutation ($input: RecordEmploymentCheckInput!) {
    recordEmploymentCheck(input: $input) {
      check {
        id
        status
        atTrainingEmployer
        employerName
      }
      userErrors {
        field
        code
      }
    }
  }
`);
const DUE = graphql(`
  query ($hei: ID) {
    followUpsDue(heiId: $hei) {
      graduationId
      milestoneMonths
      dueOn
      overdue
    }
  }
`);
const GRADUATIONS = graphql(`
  {
    graduations(first: 100) {
      totalCount
      nodes {
        id
        graduatedOn
        student {
          email
        }
        checks {
          checkedOn
          status
          atTrainingEmployer
        }
      }
    }
  }
`);

describe('follow-up of graduates', () => {
  test('the due list: per HEI, checks expected at 6/12/24/36 months and not made, overdue after the grace month', async () => {
    const graduatedOn = addMonths(TODAY, -14);
    const due = (await api.gql(keys.INEU, DUE)).data!.followUpsDue;
    // Zhanna has no check (6 and 12 due), Aliya none at 12; Daniyar and Bekzat are complete.
    expect(due.map((d) => d.milestoneMonths)).toEqual([6, 12, 12]);
    expect(due.every((d) => d.overdue)).toBe(true);
    expect(due[0].dueOn).toBe(addMonths(graduatedOn, 6));
    // The college's cohort (26 months ago) has its 6, 12 and 24-month checks; 36 is not open yet.
    expect((await api.gql(keys.COLLEGE, DUE)).data!.followUpsDue).toEqual([]);
    expect((await api.gql(keys.COORDINATOR, DUE)).data!.followUpsDue).toHaveLength(3);
    expect((await api.gql(keys.STEEL, DUE)).data!.followUpsDue).toEqual([]);
  });

  test('the training employer is found from the placements, not told', async () => {
    const list = (await api.gql(keys.INEU, GRADUATIONS)).data!.graduations.nodes;
    const daniyar = list.find((g) => g.student!.email === 'daniyar.omarov@students.ineu.kz');
    expect(daniyar!.checks.map((c) => c.atTrainingEmployer)).toEqual([true, true]);
    const bekzat = list.find((g) => g.student!.email === 'bekzat.serikov@alumni.ineu.kz');
    expect(bekzat!.checks.map((c) => `${c.status}:${c.atTrainingEmployer}`)).toEqual(['EMPLOYED_IN_PROFESSION:false', 'FURTHER_STUDY:false']);
  });

  test('graduation: every rule refused naming the field', async () => {
    const other = await given.givenPerson(BIN.COLLEGE, 'STUDENT');
    const bad = await api.gql(keys.INEU, GRADUATE, {
      input: { studentId: gid('Person', other), programId: collegeProgram, graduatedOn: addMonths(TODAY, 1), qualification: ' ' },
    });
    expect(codes(bad.data!.recordGraduation.userErrors)).toEqual([
      'input.programId:PROGRAM_NOT_AT_HEI',
      'input.studentId:STUDENT_NOT_AT_HEI',
      'input.graduatedOn:DATE_IN_FUTURE',
      'input.qualification:QUALIFICATION_REQUIRED',
    ]);
    const employer = await api.gql(keys.STEEL, GRADUATE, {
      input: { studentId: gid('Person', other), programId: ineuProgram, graduatedOn: TODAY, qualification: 'X' },
    });
    expect(codes(employer.data!.recordGraduation.userErrors)).toEqual(['input.programId:NOT_AN_HEI']);
    const student = await given.givenStudent(BIN.INEU);
    const input = { studentId: gid('Person', student), programId: ineuProgram, graduatedOn: addMonths(TODAY, -40), qualification: 'Bachelor' };
    expect((await api.gql(keys.INEU, GRADUATE, { input })).data!.recordGraduation.userErrors).toEqual([]);
    expect(codes((await api.gql(keys.INEU, GRADUATE, { input })).data!.recordGraduation.userErrors)).toEqual(['input.programId:ALREADY_GRADUATED']);
    expect(await api.system().em.count(Graduation, { student: student.id })).toBe(1);
  });

  test('employment checks: FOLLOW_UP_ENDED after three years, and the other rules', async () => {
    const student = await given.givenStudent(BIN.INEU);
    const graduatedOn = addMonths(TODAY, -40);
    const made = await api.gql(keys.INEU, GRADUATE, {
      input: { studentId: gid('Person', student), programId: ineuProgram, graduatedOn, qualification: 'Bachelor' },
    });
    const graduationId = made.data!.recordGraduation.graduation!.id;
    const check = (extra: Record<string, unknown>, key = keys.INEU) =>
      api.gql(key, CHECK, { input: { graduationId, checkedOn: addMonths(graduatedOn, 12), status: 'NOT_EMPLOYED', ...extra } });
    expect(codes((await check({ checkedOn: addMonths(graduatedOn, 37) })).data!.recordEmploymentCheck.userErrors)).toEqual(['input.checkedOn:FOLLOW_UP_ENDED']);
    expect(codes((await check({ checkedOn: addMonths(graduatedOn, -1) })).data!.recordEmploymentCheck.userErrors)).toEqual([
      'input.checkedOn:CHECK_BEFORE_GRADUATION',
    ]);
    expect(codes((await check({ status: 'EMPLOYED_IN_PROFESSION' })).data!.recordEmploymentCheck.userErrors)).toEqual(['input.employerName:EMPLOYER_REQUIRED']);
    expect(
      codes(
        (await check({ status: 'EMPLOYED_IN_PROFESSION', employerId: gid('Organization', await api.orgId(BIN.COLLEGE)) })).data!.recordEmploymentCheck
          .userErrors,
      ),
    ).toEqual(['input.employerId:NOT_AN_EMPLOYER']);
    expect(codes((await check({}, keys.COLLEGE)).data!.recordEmploymentCheck.userErrors)).toEqual(['input.graduationId:GRADUATION_NOT_FOUND']);
    expect(await api.system().em.count(EmploymentCheck, { graduation: { student: student.id } })).toBe(0);
    const last = await check({ checkedOn: addMonths(graduatedOn, 36), status: 'EMPLOYED_OUTSIDE_PROFESSION', employerName: 'Ekibastuz GRES-1' });
    expect(last.data!.recordEmploymentCheck.check).toMatchObject({
      status: 'EMPLOYED_OUTSIDE_PROFESSION',
      atTrainingEmployer: false,
      employerName: 'Ekibastuz GRES-1',
    });
    const future = await api.gql(keys.INEU, GRADUATE, {
      input: { studentId: gid('Person', await given.givenStudent(BIN.INEU)), programId: ineuProgram, graduatedOn: TODAY, qualification: 'B' },
    });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const ahead = await api.gql(keys.INEU, CHECK, {
      input: { graduationId: future.data!.recordGraduation.graduation!.id, checkedOn: tomorrow, status: 'UNKNOWN' },
    });
    expect(codes(ahead.data!.recordEmploymentCheck.userErrors)).toEqual(['input.checkedOn:DATE_IN_FUTURE']);
  });

  test("a graduate's record is never deleted", async () => {
    const em = api.system().em;
    await expect(em.getConnection().execute(`delete from employment_check`)).rejects.toThrow(/never deleted/);
    await expect(em.getConnection().execute(`delete from graduation`)).rejects.toThrow(/never deleted/);
    expect(await em.count(Graduation, {})).toBeGreaterThanOrEqual(6);
  });
});

describe('scoping of outcomes', () => {
  const ids = async (key: string) =>
    (
      await api.gql(
        key,
        graphql(`
          {
            graduations(first: 100) {
              nodes {
                id
                programId
              }
            }
          }
        `),
      )
    ).data!.graduations.nodes;

  test('an HEI sees its own graduates, the region its own, an employer none, an agency those of programmes it was asked to accredit', async () => {
    const ineu = await ids(keys.INEU);
    const college = await ids(keys.COLLEGE);
    expect(college).toHaveLength(2);
    expect(ineu.every((g) => g.programId === ineuProgram)).toBe(true);
    expect(await ids(keys.COORDINATOR)).toHaveLength(ineu.length + college.length);
    expect(await ids(keys.STEEL)).toEqual([]);
    expect(await ids(keys.KEEU)).toEqual([]);
    expect(await ids(keys.AGENCY)).toHaveLength(ineu.length + college.length);
    for (const key of [keys.COLLEGE, keys.STEEL, keys.KEEU]) {
      expect(
        (
          await api.gql(
            key,
            graphql(`
              query ($id: ID!) {
                node(id: $id) {
                  id
                }
              }
            `),
            { id: ineu[0].id },
          )
        ).data!.node,
      ).toBeNull();
    }
    // Nested: the graduate (a person) reached through the HEI's own graduation only.
    const nested = await api.gql(
      keys.COLLEGE,
      graphql(`
        query ($id: ID!) {
          node(id: $id) {
            ... on Graduation {
              checks {
                status
              }
            }
          }
        }
      `),
      { id: ineu[0].id },
    );
    expect(nested.data!.node).toBeNull();
  });

  test("withdrawing the HEI's request ends the agency's access to the programme's outcomes", async () => {
    const requests = (
      await api.gql(
        keys.COLLEGE,
        graphql(`
          {
            accreditationRequests(first: 10) {
              nodes {
                id
                programId
              }
            }
          }
        `),
      )
    ).data!.accreditationRequests.nodes;
    expect(requests).toHaveLength(1);
    const before = (await ids(keys.AGENCY)).length;
    const withdrawn = await api.gql(
      keys.COLLEGE,
      graphql(`
        mutation ($id: ID!) {
          withdrawAccreditationRequest(requestId: $id) {
            request {
              withdrawnAt
            }
            userErrors {
              code
            }
          }
        }
      `),
      {
        id: requests[0].id,
      },
    );
    expect(withdrawn.data!.withdrawAccreditationRequest.userErrors).toEqual([]);
    const after = await ids(keys.AGENCY);
    expect(after).toHaveLength(before - 2);
    expect(after.every((g) => g.programId === ineuProgram)).toBe(true);
  });
});

describe('satisfaction surveys', () => {
  const SURVEY = graphql(`
    mutation ($input: RecordSatisfactionSurveyInput!) {
      recordSatisfactionSurvey(input: $input) {
        survey {
          id
          year
        }
        userErrors {
          field
          code
        }
      }
    }
  `);
  const YEAR = new Date().getUTCFullYear();

  test('competence areas are data; scores, areas, hosting and one survey a year are rules', async () => {
    expect(
      (
        await api.gql(
          keys.STEEL,
          graphql(`
            {
              competenceAreas {
                code
              }
            }
          `),
        )
      ).data!.competenceAreas.map((a) => a.code),
    ).toEqual(['TECHNICAL', 'DIGITAL', 'SAFETY', 'TEAMWORK', 'COMMUNICATION']);
    const bad = await api.gql(keys.STEEL, SURVEY, {
      input: {
        programId: ineuProgram,
        year: YEAR + 1,
        scores: [
          { area: 'MAGIC', score: 3 },
          { area: 'SAFETY', score: 6 },
        ],
      },
    });
    expect(codes(bad.data!.recordSatisfactionSurvey.userErrors)).toEqual([
      'input.year:DATE_IN_FUTURE',
      'input.scores.0.area:UNKNOWN_COMPETENCE_AREA',
      'input.scores.1.score:SCORE_OUT_OF_RANGE',
    ]);
    const none = await api.gql(keys.STEEL, SURVEY, { input: { programId: ineuProgram, year: YEAR - 1, scores: [] } });
    expect(codes(none.data!.recordSatisfactionSurvey.userErrors)).toEqual(['input.scores:SCORES_REQUIRED']);
    const notHosted = await api.gql(keys.AGRI, SURVEY, { input: { programId: ineuProgram, year: YEAR, scores: [{ area: 'SAFETY', score: 4 }] } });
    expect(codes(notHosted.data!.recordSatisfactionSurvey.userErrors)).toEqual(['input.programId:NO_GRADUATES_HOSTED']);
    const hei = await api.gql(keys.INEU, SURVEY, { input: { programId: ineuProgram, year: YEAR, scores: [{ area: 'SAFETY', score: 4 }] } });
    expect(codes(hei.data!.recordSatisfactionSurvey.userErrors)).toEqual(['input.programId:NOT_AN_EMPLOYER']);
    const again = await api.gql(keys.STEEL, SURVEY, { input: { programId: ineuProgram, year: YEAR, scores: [{ area: 'SAFETY', score: 4 }] } });
    expect(codes(again.data!.recordSatisfactionSurvey.userErrors)).toEqual(['input.year:SURVEY_TAKEN']);
    const ok = await api.gql(keys.STEEL, SURVEY, {
      input: { programId: ineuProgram, year: YEAR - 1, scores: [{ area: 'SAFETY', score: 4 }], comment: 'Good' },
    });
    expect(ok.data!.recordSatisfactionSurvey.userErrors).toEqual([]);
  });

  test('an employer sees its own surveys, an HEI those on its programmes', async () => {
    const LIST = graphql(`
      {
        satisfactionSurveys(first: 50) {
          nodes {
            programId
            year
            scores {
              area
              score
            }
            employer {
              bin
            }
          }
        }
      }
    `);
    const of = async (key: string) => (await api.gql(key, LIST)).data!.satisfactionSurveys.nodes;
    expect((await of(keys.STEEL)).length).toBe(3);
    expect(await of(keys.OIL)).toEqual([]);
    const college = await of(keys.COLLEGE);
    expect(college).toHaveLength(1);
    expect(college[0].scores).toEqual([
      { area: 'TECHNICAL', score: 3 },
      { area: 'DIGITAL', score: 2 },
      { area: 'SAFETY', score: 4 },
      { area: 'TEAMWORK', score: 5 },
      { area: 'COMMUNICATION', score: 4 },
    ]);
    expect(await of(keys.INEU)).toHaveLength(2);
  });
});

describe('accreditation', () => {
  const REQUEST = graphql(`
    mutation ($input: RequestAccreditationInput!) {
      requestAccreditation(input: $input) {
        request {
          id
        }
        userErrors {
          field
          code
        }
      }
    }
  `);
  const DECIDE = graphql(`
    mutation ($input: RecordAccreditationDecisionInput!) {
      recordAccreditationDecision(input: $input) {
        decision {
          id
          outcome
          conditions {
            id
            dueDate
          }
        }
        userErrors {
          field
          code
        }
      }
    }
  `);
  const FULFIL = graphql(`
    mutation ($input: FulfilAccreditationConditionInput!) {
      fulfilAccreditationCondition(input: $input) {
        condition {
          fulfilledOn
        }
        userErrors {
          field
          code
        }
      }
    }
  `);
  const DUE_ACCR = graphql(`
    query ($days: Int!) {
      accreditationsDue(withinDays: $days) {
        expiring {
          programId
          validUntil
          outcome
        }
        overdueConditions {
          text
          dueDate
        }
      }
    }
  `);

  test('expiring within N days and overdue conditions, from the fixtures', async () => {
    const due = (await api.gql(keys.COORDINATOR, DUE_ACCR, { days: 90 })).data!.accreditationsDue;
    expect(due.expiring.map((d) => d.programId)).toEqual([collegeProgram]);
    expect(due.overdueConditions.map((c) => c.text)).toEqual(['Sign network agreements with at least two more host enterprises.']);
    expect((await api.gql(keys.COORDINATOR, DUE_ACCR, { days: 10 })).data!.accreditationsDue.expiring).toEqual([]);
    expect((await api.gql(keys.STEEL, DUE_ACCR, { days: 90 })).data!.accreditationsDue).toEqual({ expiring: [], overdueConditions: [] });
    expect((await api.gql(keys.INEU, DUE_ACCR, { days: 90 })).data!.accreditationsDue.overdueConditions).toHaveLength(1);
  });

  test('requests, decisions and conditions: every rule refused naming the field', async () => {
    const agencyId = gid('Organization', await api.orgId(BIN.AGENCY));
    const notAgency = await api.gql(keys.KEEU, REQUEST, {
      input: { programId: ineuProgram, agencyId: gid('Organization', await api.orgId(BIN.STEEL_PLANT)), kind: 'SPECIALISED' },
    });
    expect(codes(notAgency.data!.requestAccreditation.userErrors)).toEqual(['input.programId:PROGRAM_NOT_AT_HEI', 'input.agencyId:AGENCY_NOT_FOUND']);
    const open = await api.gql(keys.INEU, REQUEST, { input: { programId: ineuProgram, agencyId, kind: 'SPECIALISED' } });
    expect(codes(open.data!.requestAccreditation.userErrors)).toEqual(['input.agencyId:REQUEST_OPEN']);
    expect(
      codes((await api.gql(keys.STEEL, REQUEST, { input: { programId: ineuProgram, agencyId, kind: 'SPECIALISED' } })).data!.requestAccreditation.userErrors),
    ).toEqual(['input.programId:NOT_AN_HEI']);
    const keeuProgram = gid('Program', await api.system().em.findOneOrFail(Program, { code: '6B07105' }));
    const made = await api.gql(keys.KEEU, REQUEST, { input: { programId: keeuProgram, agencyId, kind: 'DUAL_PROGRAMME' } });
    const requestId = made.data!.requestAccreditation.request!.id;
    const decide = (extra: Record<string, unknown>, key = keys.AGENCY) =>
      api.gql(key, DECIDE, { input: { requestId, standard: 'ACQUIN', outcome: 'ACCREDITED', decidedOn: TODAY, conditions: [], ...extra } });
    expect(codes((await decide({}, keys.KEEU)).data!.recordAccreditationDecision.userErrors)).toEqual(['input.requestId:NOT_AN_AGENCY']);
    expect(codes((await decide({ standard: ' ' })).data!.recordAccreditationDecision.userErrors)).toEqual([
      'input.standard:STANDARD_REQUIRED',
      'input.validUntil:VALIDITY_REQUIRED',
    ]);
    const until = addMonths(TODAY, 60);
    expect(codes((await decide({ validFrom: TODAY, validUntil: addMonths(TODAY, 120) })).data!.recordAccreditationDecision.userErrors)).toEqual([
      'input.validUntil:VALIDITY_INVALID',
    ]);
    expect(
      codes((await decide({ validFrom: TODAY, validUntil: until, outcome: 'ACCREDITED_WITH_CONDITIONS' })).data!.recordAccreditationDecision.userErrors),
    ).toEqual(['input.conditions:CONDITIONS_REQUIRED']);
    expect(
      codes((await decide({ validFrom: TODAY, validUntil: until, conditions: [{ text: 'x', dueDate: TODAY }] })).data!.recordAccreditationDecision.userErrors),
    ).toEqual(['input.conditions:CONDITIONS_NOT_ALLOWED']);
    const outside = await decide({
      validFrom: TODAY,
      validUntil: until,
      outcome: 'ACCREDITED_WITH_CONDITIONS',
      conditions: [{ text: 'x', dueDate: addMonths(TODAY, 61) }],
    });
    expect(codes(outside.data!.recordAccreditationDecision.userErrors)).toEqual(['input.conditions.0.dueDate:CONDITION_DUE_OUTSIDE']);
    const ok = await decide({
      validFrom: TODAY,
      validUntil: until,
      outcome: 'ACCREDITED_WITH_CONDITIONS',
      conditions: [{ text: 'Mentor training for all mentors', dueDate: addMonths(TODAY, 6) }],
    });
    expect(ok.data!.recordAccreditationDecision.userErrors).toEqual([]);
    const conditionId = ok.data!.recordAccreditationDecision.decision!.conditions[0].id;
    expect(
      codes(
        (await api.gql(keys.AGENCY, FULFIL, { input: { conditionId, fulfilledOn: addMonths(TODAY, 1), evidence: ' ' } })).data!.fulfilAccreditationCondition
          .userErrors,
      ),
    ).toEqual(['input.fulfilledOn:DATE_IN_FUTURE', 'input.evidence:EVIDENCE_REQUIRED']);
    expect(
      codes((await api.gql(keys.KEEU, FULFIL, { input: { conditionId, fulfilledOn: TODAY, evidence: 'x' } })).data!.fulfilAccreditationCondition.userErrors),
    ).toEqual(['input.conditionId:CONDITION_NOT_FOUND']);
    expect(
      (await api.gql(keys.AGENCY, FULFIL, { input: { conditionId, fulfilledOn: TODAY, evidence: 'Certificates' } })).data!.fulfilAccreditationCondition
        .condition,
    ).toEqual({
      fulfilledOn: TODAY,
    });
    expect(
      codes((await api.gql(keys.AGENCY, FULFIL, { input: { conditionId, fulfilledOn: TODAY, evidence: 'x' } })).data!.fulfilAccreditationCondition.userErrors),
    ).toEqual(['input.conditionId:ALREADY_FULFILLED']);
    // The decision is visible to the HEI and the agency, not to another HEI or an employer.
    const LIST = graphql(`
      {
        accreditationDecisions(first: 20) {
          nodes {
            id
          }
        }
      }
    `);
    expect((await api.gql(keys.KEEU, LIST)).data!.accreditationDecisions.nodes).toHaveLength(1);
    expect((await api.gql(keys.AGENCY, LIST)).data!.accreditationDecisions.nodes).toHaveLength(3);
    expect((await api.gql(keys.STEEL, LIST)).data!.accreditationDecisions.nodes).toEqual([]);
    expect((await api.gql(keys.INEU, LIST)).data!.accreditationDecisions.nodes).toHaveLength(1);
  });
});
