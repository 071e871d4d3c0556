import { fromGlobalId } from '../../src/graphql/relay';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { Factories, gid } from '../support/factories';
import { graphql, type ResultOf } from '../support/graphql';
import { ReadinessFactories } from '../support/readiness-factories';

// A student signed in with a session reads its HEI's catalogue like a READER key, but of the
// records about students only its own: on every road (connection, node, nested field, the
// compiled read path and the ORM path).
let api: TestApi;
let given: Factories;
let readerKey: string;

beforeAll(async () => {
  api = await startTestApi();
  given = new Factories(api);
  readerKey = await api.keyFor(BIN.INEU, 'READER');
});
afterAll(() => api.close());

const VIEWER = graphql(`
  {
    viewer {
      person {
        id
      }
    }
  }
`);
const PLACEMENTS = graphql(`
  {
    placements(first: 100) {
      totalCount
      nodes {
        id
        student {
          id
        }
      }
    }
  }
`);
const RECORDS = graphql(`
  query ($studentId: ID!) {
    readinessRecords(studentId: $studentId, first: 100) {
      totalCount
      nodes {
        id
      }
    }
  }
`);
/** Every credential the caller may see (no student filter). */
const CREDENTIALS = graphql(`
  {
    readinessCredentials(first: 100) {
      totalCount
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
      ... on Placement {
        student {
          id
        }
      }
    }
  }
`);
const NESTED = graphql(`
  {
    workplaces(first: 20) {
      nodes {
        placements(first: 20) {
          totalCount
          nodes {
            id
          }
        }
      }
    }
  }
`);
const ISSUE = graphql(`
  mutation ($input: IssueReadinessCredentialInput!) {
    issueReadinessCredential(input: $input) {
      userErrors {
        code
      }
    }
  }
`);

async function studentSession(): Promise<{ cookie: string; personId: string }> {
  const cookie = await api.sessionFor(BIN.INEU, 'READER');
  const viewer = await api.gql(cookie, VIEWER);
  expect(viewer.errors).toBeUndefined();
  // A session always acts as a person (only an API key has none).
  return { cookie, personId: viewer.data!.viewer.person!.id };
}

describe("a student's session sees only the student records that are its own", () => {
  test('placements: a READER key sees the HEI’s, a student only its own (connection, node, nested)', async () => {
    const byKey = await api.gql(readerKey, PLACEMENTS);
    expect(byKey.data!.placements.totalCount).toBeGreaterThan(1);
    const classmates = byKey.data!.placements.nodes;

    const me = await studentSession();
    const studentId = fromGlobalId(me.personId, 'Person');
    await given.givenEnrolment(studentId);
    const mine = await given.givenPlacement({ studentId });
    const own = await api.gql(me.cookie, PLACEMENTS);
    expect(own.errors).toBeUndefined();
    expect(own.data!.placements).toEqual({ totalCount: 1, nodes: [{ id: gid('Placement', mine.id), student: { id: me.personId } }] });

    const other = await api.gql(me.cookie, NODE, { id: classmates[0]!.id });
    expect(other.errors).toBeUndefined();
    expect(other.data!.node).toBeNull();

    const sum = (res: { data?: ResultOf<typeof NESTED> }) => res.data!.workplaces.nodes.map((w) => w.placements.totalCount).reduce((a, b) => a + b, 0);
    expect(sum(await api.gql(readerKey, NESTED))).toBeGreaterThan(1);
    const nested = await api.gql(me.cookie, NESTED);
    expect(nested.errors).toBeUndefined();
    expect(sum(nested)).toBeLessThanOrEqual(1);
  });

  test('readiness records and credentials of a classmate are not visible to a student', async () => {
    // A classmate who passed a robot-cell exercise and holds a credential for a robot-cell workplace.
    const readiness = new ReadinessFactories(api);
    const classmate = await given.givenStudent(BIN.INEU);
    const cell = await readiness.givenWorkplace(BIN.WELDING_CENTRE, ['ROBOT_CELL']);
    await readiness.givenPass({ studentId: classmate.id, passedAt: new Date(Date.now() - 60_000) });
    const writer = await api.keyFor(BIN.INEU, 'WRITER');
    const issued = await api.gql(writer, ISSUE, { input: { studentId: gid('Person', classmate), workplaceId: gid('Workplace', cell) } });
    expect(issued.data!.issueReadinessCredential.userErrors).toEqual([]);
    const studentId = gid('Person', classmate);

    const byKey = { records: await api.gql(readerKey, RECORDS, { studentId }), credentials: await api.gql(readerKey, CREDENTIALS) };
    expect([byKey.records.errors, byKey.credentials.errors]).toEqual([undefined, undefined]);
    expect(byKey.records.data!.readinessRecords.totalCount).toBeGreaterThan(0);
    expect(byKey.credentials.data!.readinessCredentials.totalCount).toBeGreaterThan(0);
    const me = await studentSession();
    const own = { records: await api.gql(me.cookie, RECORDS, { studentId }), credentials: await api.gql(me.cookie, CREDENTIALS) };
    expect([own.records.errors, own.credentials.errors]).toEqual([undefined, undefined]);
    expect(own.records.data!.readinessRecords).toEqual({ totalCount: 0, nodes: [] });
    expect(own.credentials.data!.readinessCredentials).toEqual({ totalCount: 0, nodes: [] });
  });

  test('exports: a student downloads only its own placements and readiness records', async () => {
    const base = api.url.replace(/\/graphql$/, '/exports');
    const rows = async (path: string, credential: string) => {
      const headers = credential.startsWith('dh_session=') ? { cookie: credential, 'x-dualhub-csrf': '1' } : { authorization: `Bearer ${credential}` };
      const response = await fetch(`${base}${path}`, { headers });
      expect(response.status).toBe(200);
      return (
        (await response.text())
          .replace(/^\uFEFF/, '')
          .trimEnd()
          .split('\r\n').length - 1
      );
    };
    expect(await rows('/lists/PLACEMENTS.csv?columns=code', readerKey)).toBeGreaterThan(1);
    expect(await rows('/lists/READINESS_RECORDS.csv?columns=studentId', readerKey)).toBeGreaterThan(0);
    const me = await studentSession();
    expect(await rows('/lists/PLACEMENTS.csv?columns=code', me.cookie)).toBe(0);
    expect(await rows('/lists/READINESS_RECORDS.csv?columns=studentId', me.cookie)).toBe(0);
    const studentId = fromGlobalId(me.personId, 'Person');
    await given.givenEnrolment(studentId);
    await given.givenPlacement({ studentId });
    expect(await rows('/lists/PLACEMENTS.csv?columns=code', me.cookie)).toBe(1);
  });

  test('a staff member’s session of the same HEI still sees every student’s records', async () => {
    const staff = await api.sessionFor(BIN.INEU, 'ADMIN');
    const byKey = await api.gql(readerKey, PLACEMENTS);
    const bySession = await api.gql(staff, PLACEMENTS);
    expect(bySession.data!.placements.totalCount).toBe(byKey.data!.placements.totalCount);
  });
});
