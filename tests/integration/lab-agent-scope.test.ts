/**
 * Issue 12 item 12: a LAB_AGENT key reads its lab's stations, exercises and the sessions on its
 * agent-run stations, nothing else — on every road: node(id:), a connection, a nested field.
 */
import { BIN, startTestApi, type TestApi } from '../support/api';
import { Factories, gid } from '../support/factories';
import { START_SESSION, exerciseGid, givenPlcStation } from '../support/lab-factories';
import { graphql, ofType } from '../support/graphql';

let api: TestApi;
let given: Factories;
let instructor: string;
let agentKey: string;
let studentGid: string;
let placementGid: string;
let agentSessionGid: string;
let apiStationGid: string;
let agentStationGid: string;

beforeAll(async () => {
  api = await startTestApi({ env: { START_LAB_RUNTIME: 'false' } });
  given = new Factories(api);
  instructor = await api.keyFor(BIN.INEU, 'WRITER');
  agentKey = await api.keyFor(BIN.INEU, 'LAB_AGENT');
  const placement = await given.givenPlacement({ heiBin: BIN.INEU });
  placementGid = gid('Placement', placement.id);
  studentGid = gid('Person', placement.student.id);
  apiStationGid = await givenPlcStation(api, instructor, 15021);
  agentStationGid = await givenPlcStation(api, instructor, 15022, { runner: 'AGENT' });
  const started = await api.gql(instructor, START_SESSION, {
    input: { studentId: studentGid, exerciseId: await exerciseGid(api, 'plc.safe-start-up'), stationId: agentStationGid },
  });
  expect(started.data!.startSession.userErrors).toEqual([]);
  agentSessionGid = started.data!.startSession.session!.id;
});
afterAll(() => api.close());

describe('LAB_AGENT keys: least privilege', () => {
  test("node(id:) gives an agent its lab's stations and agent sessions, but no person or placement", async () => {
    const res = await api.gql(
      agentKey,
      graphql(`
        query ($ids: [ID!]!) {
          nodes(ids: $ids) {
            __typename
            id
          }
        }
      `),
      {
        ids: [apiStationGid, agentStationGid, agentSessionGid, studentGid, placementGid],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.nodes).toEqual([
      { __typename: 'Station', id: apiStationGid },
      { __typename: 'Station', id: agentStationGid },
      { __typename: 'TrainingSession', id: agentSessionGid },
      null,
      null,
    ]);
    // The same ids are visible to the lab's WRITER: the agent's view is narrower, not the data missing.
    const writer = await api.gql(
      instructor,
      graphql(`
        query ($ids: [ID!]!) {
          nodes(ids: $ids) {
            id
          }
        }
      `),
      { ids: [studentGid, placementGid] },
    );
    expect(writer.data!.nodes).toEqual([{ id: studentGid }, { id: placementGid }]);
  });

  test('connections: people, placements and readiness credentials are empty for an agent; stations and exercises are listed', async () => {
    const res = await api.gql(
      agentKey,
      graphql(`
        {
          people(first: 50) {
            nodes {
              id
              email
            }
          }
          placements(first: 50) {
            nodes {
              id
            }
          }
          readinessCredentials(first: 50) {
            nodes {
              id
            }
          }
          stations(first: 50) {
            nodes {
              id
            }
          }
          exercises(first: 5) {
            nodes {
              id
            }
          }
        }
      `),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.people.nodes).toEqual([]);
    expect(res.data!.placements.nodes).toEqual([]);
    expect(res.data!.readinessCredentials.nodes).toEqual([]);
    expect(res.data!.stations.nodes.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining([apiStationGid, agentStationGid]));
    expect(res.data!.exercises.nodes.length).toBeGreaterThan(0);
    const writer = await api.gql(
      instructor,
      graphql(`
        {
          people(first: 50) {
            nodes {
              id
            }
          }
          placements(first: 50) {
            nodes {
              id
            }
          }
        }
      `),
    );
    expect(writer.data!.people.nodes.length).toBeGreaterThan(0);
    expect(writer.data!.placements.nodes.length).toBeGreaterThan(0);
  });

  test("nested fields: the agent's session shows no student (e-mail, phone) and its lab shows no people", async () => {
    const res = await api.gql(
      agentKey,
      graphql(`
        query ($id: ID!) {
          node(id: $id) {
            ... on TrainingSession {
              id
              student {
                email
                phone
              }
              lab {
                id
              }
            }
          }
        }
      `),
      {
        id: agentSessionGid,
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.node).toMatchObject({ id: agentSessionGid, student: null });
    const writer = await api.gql(
      instructor,
      graphql(`
        query ($id: ID!) {
          node(id: $id) {
            ... on TrainingSession {
              student {
                email
              }
            }
          }
        }
      `),
      { id: agentSessionGid },
    );
    expect(ofType(writer.data!.node, 'TrainingSession').student!.email).toEqual(expect.any(String));
  });
});
