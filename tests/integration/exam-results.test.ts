import { ExamResult } from '../../src/assessment';
import { type Placement, PlacementStatus } from '../../src/placements';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { ExamFactories, type GivenExam as Exam } from '../support/exam-factories';
import { day, Factories, gid } from '../support/factories';
import { graphql, ofType } from '../support/graphql';

let api: TestApi;
let given: Factories;
let ineu: string;
let steel: string;
let keeu: string;
let welding: string;
let wkatu: string;
let coordinator: string;
let exams: ExamFactories;
beforeAll(async () => {
  api = await startTestApi();
  given = new Factories(api);
  ineu = await api.keyFor(BIN.INEU, 'WRITER');
  steel = await api.keyFor(BIN.STEEL_PLANT, 'WRITER');
  keeu = await api.keyFor(BIN.KEEU, 'WRITER');
  welding = await api.keyFor(BIN.WELDING_CENTRE, 'WRITER');
  wkatu = await api.keyFor(BIN.WKATU, 'WRITER');
  coordinator = await api.keyFor(BIN.COORDINATOR, 'READER');
  exams = new ExamFactories(api, given, ineu);
});
afterAll(() => api.close());

const RESULT = graphql(`
  mutation ($input: RecordExamResultInput!) {
    recordExamResult(input: $input) {
      examResult {
        id
        theoryScore
        qualificationWorkScore
        finalScore
        scale
        letter
        gpa
        passed
        recordedBy {
          id
        }
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);
const FINAL_GRADE = graphql(`
  query ($id: ID!) {
    node(id: $id) {
      ... on Placement {
        practiceFinalGrade {
          id
          finalScore
          letter
          passed
        }
      }
    }
  }
`);

async function resultCount(placement: Placement): Promise<number> {
  return api.system().em.fork().count(ExamResult, { placement: placement.id });
}

describe('recording results', () => {
  test('the commission records an admitted student’s result: letter and GPA from the national scale, and it becomes the placement’s final practice grade', async () => {
    const exam = await exams.givenHeldExam();
    const placement = await exams.givenDecided(exam, true);
    const res = await api.gql(steel, RESULT, { input: exams.resultInput(exam, placement) });
    expect(res.data!.recordExamResult.userErrors).toEqual([]);
    expect(res.data!.recordExamResult.examResult).toEqual(
      expect.objectContaining({
        theoryScore: 82,
        qualificationWorkScore: 91,
        finalScore: 88,
        scale: 'KZ-100',
        letter: 'B+',
        gpa: 3.33,
        passed: true,
        recordedBy: { id: exam.enterprise },
      }),
    );
    const shown = await api.gql(ineu, FINAL_GRADE, { id: gid('Placement', placement) });
    expect(ofType(shown.data!.node, 'Placement').practiceFinalGrade).toEqual({
      id: res.data!.recordExamResult.examResult!.id,
      finalScore: 88,
      letter: 'B+',
      passed: true,
    });
  });

  test('a final grade below 50 fails (F, GPA 0)', async () => {
    const exam = await exams.givenHeldExam();
    const placement = await exams.givenDecided(exam, true);
    const res = await api.gql(keeu, RESULT, { input: exams.resultInput(exam, placement, { finalScore: 42, recordedById: exam.expert }) });
    expect(res.data!.recordExamResult.examResult).toEqual(expect.objectContaining({ letter: 'F', gpa: 0, passed: false }));
  });

  test('refuses a student the council did not admit, and one with no decision (NOT_ADMITTED), writing nothing', async () => {
    const exam = await exams.givenHeldExam();
    const refused = await exams.givenDecided(exam, false);
    const undecided = await given.givenPlacement({ status: PlacementStatus.ACTIVE });
    for (const placement of [refused, undecided]) {
      const res = await api.gql(steel, RESULT, { input: exams.resultInput(exam, placement) });
      expect(res.data!.recordExamResult).toEqual({
        examResult: null,
        userErrors: [expect.objectContaining({ code: 'NOT_ADMITTED', field: ['input', 'placementId'] })],
      });
      expect(await resultCount(placement)).toBe(0);
    }
  });

  test('only a member of the commission records, with a key of the member’s own organisation (NOT_ON_COMMISSION)', async () => {
    const exam = await exams.givenHeldExam();
    const placement = await exams.givenDecided(exam, true);
    const outsider = gid('Person', await given.givenPerson(BIN.STEEL_PLANT, 'STAFF', 'Not on the commission'));
    for (const [key, recordedById] of [
      [steel, outsider],
      [ineu, exam.enterprise],
      [keeu, exam.enterprise],
    ] as const) {
      const res = await api.gql(key, RESULT, { input: exams.resultInput(exam, placement, { recordedById }) });
      expect(res.data!.recordExamResult.userErrors).toEqual([expect.objectContaining({ code: 'NOT_ON_COMMISSION', field: ['input', 'recordedById'] })]);
    }
    expect(await resultCount(placement)).toBe(0);
  });

  test('a signed-in commission member records as themselves', async () => {
    const exam = await exams.givenHeldExam();
    const placement = await exams.givenDecided(exam, true);
    const cookie = await api.sessionFor(BIN.STEEL_PLANT, 'WRITER');
    const me = (
      await api.gql(
        cookie,
        graphql(`
          {
            viewer {
              person {
                id
              }
            }
          }
        `),
      )
    ).data!.viewer.person!.id as string;
    const notYet = await api.gql(cookie, RESULT, { input: exams.resultInput(exam, placement, { recordedById: null }) });
    expect(notYet.data!.recordExamResult.userErrors).toEqual([expect.objectContaining({ code: 'NOT_ON_COMMISSION', field: ['input', 'examId'] })]);
    await exams.setCommission(exam.id, [
      [me, BIN.STEEL_PLANT],
      [exam.expert, BIN.KEEU],
    ]);
    // A named member is ignored for a session: the person records as themselves.
    const res = await api.gql(cookie, RESULT, { input: exams.resultInput(exam, placement, { recordedById: exam.expert }) });
    expect(res.data!.recordExamResult.examResult!.recordedBy).toEqual({ id: me });
  });

  test('scores are whole numbers 0–100; an exam not yet held; a result is recorded once', async () => {
    const exam = await exams.givenHeldExam();
    const placement = await exams.givenDecided(exam, true);
    const bad = await api.gql(steel, RESULT, { input: exams.resultInput(exam, placement, { theoryScore: 101, finalScore: -1 }) });
    expect(bad.data!.recordExamResult.userErrors.map((e: any) => [e.code, e.field.join('.')])).toEqual([
      ['INVALID_SCORE', 'input.theoryScore'],
      ['INVALID_SCORE', 'input.finalScore'],
    ]);
    expect(await resultCount(placement)).toBe(0);
    expect((await api.gql(steel, RESULT, { input: exams.resultInput(exam, placement) })).data!.recordExamResult.userErrors).toEqual([]);
    const again = await api.gql(steel, RESULT, { input: exams.resultInput(exam, placement, { finalScore: 99 }) });
    expect(again.data!.recordExamResult.userErrors).toEqual([expect.objectContaining({ code: 'RESULT_ALREADY_RECORDED' })]);
    expect((await api.system().em.fork().findOneOrFail(ExamResult, { placement: placement.id })).finalScore).toBe(88);

    const future = await exams.givenHeldExam(day(20));
    const early = await exams.givenDecided(future, true);
    const res = await api.gql(steel, RESULT, { input: exams.resultInput(future, early) });
    expect(res.data!.recordExamResult.userErrors).toEqual([expect.objectContaining({ code: 'EXAM_NOT_HELD_YET', field: ['input', 'examId'] })]);
    expect(res.data!.recordExamResult.userErrors[0].message).toContain(day(20));
  });
});

describe('scoping of exam records', () => {
  let exam: Exam;
  let placement: Placement;
  let resultId: string;
  beforeAll(async () => {
    exam = await exams.givenHeldExam();
    placement = await exams.givenDecided(exam, true);
    resultId = (await api.gql(steel, RESULT, { input: exams.resultInput(exam, placement) })).data!.recordExamResult.examResult!.id;
  });

  const NODE = graphql(`
    query ($id: ID!) {
      node(id: $id) {
        id
      }
    }
  `);
  const LIST = graphql(`
    {
      productionExams(first: 100) {
        nodes {
          id
          results {
            nodes {
              id
              placement {
                id
              }
            }
          }
        }
      }
    }
  `);

  test('node(id:): the HEI, the employer, a commission member’s organisation and the region’s coordinator see the exam and the result; others do not', async () => {
    for (const key of [ineu, steel, keeu, coordinator]) {
      expect((await api.gql(key, NODE, { id: exam.id })).data!.node).toEqual({ id: exam.id });
      expect((await api.gql(key, NODE, { id: resultId })).data!.node).toEqual({ id: resultId });
    }
    for (const key of [welding, wkatu]) {
      expect((await api.gql(key, NODE, { id: exam.id })).data!.node).toBeNull();
      expect((await api.gql(key, NODE, { id: resultId })).data!.node).toBeNull();
    }
  });

  test('connection: productionExams lists the exam to those who may see it, and not to others', async () => {
    for (const key of [ineu, steel, keeu, coordinator]) {
      const ids = (await api.gql(key, LIST)).data!.productionExams.nodes.map((n: any) => n.id);
      expect(ids).toContain(exam.id);
    }
    for (const key of [welding, wkatu]) {
      const ids = (await api.gql(key, LIST)).data!.productionExams.nodes.map((n: any) => n.id);
      expect(ids).not.toContain(exam.id);
    }
  });

  test('nested: the commission’s third-party organisation sees the results, but not the student’s placement it is no party to', async () => {
    const nodes = (await api.gql(keeu, LIST)).data!.productionExams.nodes;
    const mine = nodes.find((n: any) => n.id === exam.id);
    expect(mine!.results.nodes).toEqual([{ id: resultId, placement: null }]);
    const steelNodes = (await api.gql(steel, LIST)).data!.productionExams.nodes;
    expect(steelNodes.find((n: any) => n.id === exam.id)!.results.nodes).toEqual([{ id: resultId, placement: { id: gid('Placement', placement) } }]);
  });

  test('nested: a placement shows its final grade only to those who may see the exam; a write attempt by an outsider is NOT_FOUND', async () => {
    expect(ofType((await api.gql(coordinator, FINAL_GRADE, { id: gid('Placement', placement) })).data!.node, 'Placement').practiceFinalGrade).toEqual(
      expect.objectContaining({ id: resultId }),
    );
    const res = await api.gql(welding, RESULT, { input: exams.resultInput(exam, placement) });
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
