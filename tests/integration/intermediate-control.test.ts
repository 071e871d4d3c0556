import { IntermediateControlResult } from '../../src/assessment';
import { type Placement, PlacementStatus } from '../../src/placements';
import { Discipline, DisciplineCycle, Program } from '../../src/programs';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { day, Factories, gid } from '../support/factories';
import { graphql } from '../support/graphql';

let api: TestApi;
let given: Factories;
let ineu: string;
let steel: string;
let keeu: string;
let welding: string;
let coordinator: string;
let practice: Discipline;
let lecture: Discipline;
let examiner: string;
beforeAll(async () => {
  api = await startTestApi();
  given = new Factories(api);
  ineu = await api.keyFor(BIN.INEU, 'WRITER');
  steel = await api.keyFor(BIN.STEEL_PLANT, 'READER');
  keeu = await api.keyFor(BIN.KEEU, 'WRITER');
  welding = await api.keyFor(BIN.WELDING_CENTRE, 'READER');
  coordinator = await api.keyFor(BIN.COORDINATOR, 'READER');
  const program = await api.system().em.findOneOrFail(Program, { code: '6B07101', hei: { bin: BIN.INEU } });
  practice = await api.system().em.findOneOrFail(Discipline, { program, cycle: DisciplineCycle.PP }, { populate: ['module'] });
  lecture = await api.system().em.findOneOrFail(Discipline, { program, cycle: DisciplineCycle.BD }, { populate: ['module'] });
  examiner = gid('Person', await given.givenPerson(BIN.INEU, 'STAFF', 'Examiner'));
});
afterAll(() => api.close());

const RECORD = graphql(`
  mutation ($input: RecordIntermediateControlInput!) {
    recordIntermediateControl(input: $input) {
      result {
        id
        score
        letter
        gpa
        passed
        heldOn
        mentorIds
        discipline {
          code
        }
        examiner {
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
const LIST = graphql(`
  query ($s: ID) {
    intermediateControlResults(first: 100, studentId: $s) {
      nodes {
        id
      }
    }
  }
`);
const NODE = graphql(`
  query ($id: ID!) {
    node(id: $id) {
      id
    }
  }
`);

function input(placement: Placement, overrides: Record<string, unknown> = {}) {
  return {
    studentId: gid('Person', placement.student.id),
    disciplineId: gid('Discipline', lecture),
    score: 77,
    heldOn: day(-2),
    examinerId: examiner,
    ...overrides,
  };
}

async function count(placement: Placement): Promise<number> {
  return api.system().em.fork().count(IntermediateControlResult, { student: placement.student.id });
}

test('the HEI records a discipline result: the letter and GPA come from the national scale', async () => {
  const placement = await given.givenPlacement({ status: PlacementStatus.ACTIVE });
  const res = await api.gql(ineu, RECORD, { input: input(placement) });
  expect(res.data!.recordIntermediateControl.userErrors).toEqual([]);
  expect(res.data!.recordIntermediateControl.result).toEqual(
    expect.objectContaining({
      score: 77,
      letter: 'B-',
      gpa: 2.67,
      passed: true,
      heldOn: day(-2),
      mentorIds: [],
      discipline: { code: lecture.code },
      examiner: { id: examiner },
    }),
  );
});

test('the student’s mentor takes part in a practice discipline, and the mentor’s employer then sees the result; the whole module may be assessed too', async () => {
  const placement = await given.givenPlacement({ status: PlacementStatus.ACTIVE });
  const mentor = gid('Person', placement.mentor!.id);
  const res = await api.gql(ineu, RECORD, { input: input(placement, { disciplineId: gid('Discipline', practice), mentorIds: [mentor], score: 95 }) });
  expect(res.data!.recordIntermediateControl.userErrors).toEqual([]);
  expect(res.data!.recordIntermediateControl.result).toEqual(expect.objectContaining({ letter: 'A', mentorIds: [mentor] }));
  const id = res.data!.recordIntermediateControl.result!.id;
  expect((await api.gql(steel, NODE, { id })).data!.node).toEqual({ id });
  const wholeModule = await api.gql(ineu, RECORD, {
    input: input(placement, { disciplineId: null, moduleId: gid('ProgramModule', practice.module), mentorIds: [mentor] }),
  });
  expect(wholeModule.data!.recordIntermediateControl.result).toEqual(expect.objectContaining({ discipline: null }));
});

test('mentors only for practice, and only the student’s own; each refusal names its field and writes nothing', async () => {
  const placement = await given.givenPlacement({ status: PlacementStatus.ACTIVE });
  const other = await given.givenPlacement({ status: PlacementStatus.ACTIVE });
  const cases: [Record<string, unknown>, string, string[]][] = [
    [{ mentorIds: [gid('Person', placement.mentor!.id)] }, 'MENTOR_ONLY_FOR_PRACTICE', ['input', 'mentorIds']],
    [{ disciplineId: gid('Discipline', practice), mentorIds: [gid('Person', other.mentor!.id)] }, 'NOT_THE_STUDENTS_MENTOR', ['input', 'mentorIds', '0']],
    [{ moduleId: gid('ProgramModule', lecture.module) }, 'DISCIPLINE_OR_MODULE', ['input', 'disciplineId']],
    [{ disciplineId: null }, 'DISCIPLINE_OR_MODULE', ['input', 'disciplineId']],
    [{ score: 101 }, 'INVALID_SCORE', ['input', 'score']],
    [{ heldOn: day(3) }, 'DATE_IN_FUTURE', ['input', 'heldOn']],
    [{ examinerId: gid('Person', placement.mentor!.id) }, 'EXAMINER_NOT_AT_HEI', ['input', 'examinerId']],
    [{ studentId: examiner }, 'STUDENT_NOT_OF_HEI', ['input', 'studentId']],
  ];
  for (const [overrides, code, field] of cases) {
    const res = await api.gql(ineu, RECORD, { input: input(placement, overrides) });
    expect(res.data!.recordIntermediateControl).toEqual({ result: null, userErrors: [expect.objectContaining({ code, field })] });
  }
  const elsewhere = await api.gql(keeu, RECORD, { input: input(placement) });
  expect(elsewhere.data!.recordIntermediateControl.userErrors).toEqual([expect.objectContaining({ code: 'PROGRAM_NOT_OF_HEI' })]);
  expect(await count(placement)).toBe(0);
});

test('scoping: the HEI and its region’s coordinator see a result (node, connection); another HEI and an employer with no mentor in it do not', async () => {
  const placement = await given.givenPlacement({ status: PlacementStatus.ACTIVE });
  const id = (await api.gql(ineu, RECORD, { input: input(placement) })).data!.recordIntermediateControl.result!.id;
  const student = gid('Person', placement.student.id);
  for (const key of [ineu, coordinator]) {
    expect((await api.gql(key, NODE, { id })).data!.node).toEqual({ id });
    expect((await api.gql(key, LIST, { s: student })).data!.intermediateControlResults.nodes).toEqual([{ id }]);
  }
  for (const key of [keeu, welding, steel]) {
    expect((await api.gql(key, NODE, { id })).data!.node).toBeNull();
    expect((await api.gql(key, LIST, { s: student })).data!.intermediateControlResults.nodes).toEqual([]);
  }
});
