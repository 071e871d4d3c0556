import { WorkAssignment, WorkAssignmentReport } from '../../src/logbook';
import { type Placement, PlacementStatus } from '../../src/placements';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { day, Factories, gid } from '../support/factories';
import { graphql, ofType } from '../support/graphql';

let api: TestApi;
let given: Factories;
let ineu: string;
let welding: string;
beforeAll(async () => {
  api = await startTestApi();
  given = new Factories(api);
  ineu = await api.keyFor(BIN.INEU, 'WRITER');
  welding = await api.keyFor(BIN.WELDING_CENTRE, 'WRITER');
});
afterAll(() => api.close());

const REPORT = graphql(`
  mutation ($input: ReportOnWorkAssignmentInput!) {
    reportOnWorkAssignment(input: $input) {
      report {
        id
        report
        hoursSpent
        completed
      }
      userErrors {
        field
        code
      }
    }
  }
`);

/** A task set by the mentor of a new ACTIVE placement, stated as a fact. */
async function givenTask(): Promise<{ placement: Placement; task: WorkAssignment }> {
  const placement = await given.givenPlacement({ status: PlacementStatus.ACTIVE });
  const em = api.system().em.fork();
  const task = em.create(WorkAssignment, {
    placement: placement.id,
    hei: placement.hei.id,
    employer: placement.employer.id,
    setBy: placement.mentor!.id,
    title: { kk: 'Датчиктерді тексеру', ru: 'Проверка датчиков', en: 'Check the sensors' },
    plannedHours: 12,
    dueDate: day(10),
  });
  await em.flush();
  return { placement, task };
}

test('the student reports on a task, then completes it; the task lists its reports', async () => {
  const { placement, task } = await givenTask();
  const input = {
    assignmentId: gid('WorkAssignment', task),
    studentId: gid('Person', placement.student.id),
    report: 'Half the sensors checked',
    hoursSpent: 5,
    completed: false,
  };
  expect((await api.gql(ineu, REPORT, { input })).data!.reportOnWorkAssignment.userErrors).toEqual([]);
  const done = await api.gql(ineu, REPORT, { input: { ...input, report: 'All sensors checked and labelled', hoursSpent: 6.5, completed: true } });
  expect(done.data!.reportOnWorkAssignment.report).toEqual(expect.objectContaining({ hoursSpent: 6.5, completed: true }));
  const listed = await api.gql(
    ineu,
    graphql(`
      query ($id: ID!) {
        node(id: $id) {
          ... on Placement {
            workAssignments {
              nodes {
                reports {
                  report
                  completed
                }
              }
            }
          }
        }
      }
    `),
    {
      id: gid('Placement', placement),
    },
  );
  expect(ofType(listed.data!.node, 'Placement').workAssignments.nodes[0].reports).toEqual([
    { report: 'Half the sensors checked', completed: false },
    { report: 'All sensors checked and labelled', completed: true },
  ]);
});

test('refuses another person than the student, an empty report and impossible hours, naming the field and writing nothing; an outsider gets NOT_FOUND', async () => {
  const { placement, task } = await givenTask();
  const input = { assignmentId: gid('WorkAssignment', task), studentId: gid('Person', placement.student.id), report: 'Done', hoursSpent: 2, completed: true };
  const cases: [Record<string, unknown>, string, string[]][] = [
    [{ studentId: gid('Person', placement.mentor!.id) }, 'NOT_THE_STUDENT', ['input', 'studentId']],
    [{ report: '  ' }, 'TEXT_REQUIRED', ['input', 'report']],
    [{ hoursSpent: -1 }, 'INVALID_HOURS', ['input', 'hoursSpent']],
  ];
  for (const [overrides, code, field] of cases) {
    const res = await api.gql(ineu, REPORT, { input: { ...input, ...overrides } });
    expect(res.data!.reportOnWorkAssignment).toEqual({ report: null, userErrors: [expect.objectContaining({ code, field })] });
  }
  expect((await api.gql(welding, REPORT, { input })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  expect(await api.system().em.fork().count(WorkAssignmentReport, { assignment: task.id })).toBe(0);
});
