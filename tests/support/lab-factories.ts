/**
 * Lab test helpers: stations on stand-ins, sessions through the API, waiting for verdicts.
 */
import { plcTagMap } from '../../simulators/plc-trainer/plc.registers';
import { robotTagMap } from '../../simulators/robot-cell/robot.tags';
import { Exercise } from '../../src/lab';
import { gid } from './factories';
import type { TestApi } from './api';
import { graphql, ofType } from './graphql';

export const REGISTER_STATION = graphql(`
  mutation ($input: RegisterStationInput!) {
    registerStation(input: $input) {
      station {
        id
        code
        kind
        protocol
        host
        port
        endpointUrl
        userName
        organization {
          bin
        }
        health {
          connected
        }
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`);

export const START_SESSION = graphql(`
  mutation ($input: StartSessionInput!) {
    startSession(input: $input) {
      session {
        id
        status
        startedAt
        station {
          code
        }
        exercise {
          exerciseId
          version
        }
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`);

export const ABORT_SESSION = graphql(`
  mutation ($input: AbortSessionInput!) {
    abortSession(input: $input) {
      session {
        id
        status
        verdict
        reasons {
          code
          message
        }
      }
      userErrors {
        code
        field
      }
    }
  }
`);

export const SESSION = graphql(`
  query ($id: ID!) {
    node(id: $id) {
      ... on TrainingSession {
        id
        status
        verdict
        score
        maxScore
        passMark
        lastSeq
        startedAt
        runStartedAt
        endedAt
        reasons {
          code
          stepId
          invariantId
          title {
            kk
            ru
            en
          }
          message
        }
        exercise {
          exerciseId
          version
          title {
            kk
            ru
            en
          }
          instructions {
            en
          }
          hazardCategories
        }
        station {
          code
          health {
            connected
            errorCount
          }
        }
        student {
          id
          fullName
        }
        events(first: 100) {
          totalCount
          edges {
            node {
              seq
              at
              type
              tag
              value
              details
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
`);

let counter = 0;

/** Registers a PLC trainer station at `port` for the key's lab; returns its global id. */
export async function givenPlcStation(api: TestApi, key: string, port: number, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await api.gql(key, REGISTER_STATION, {
    input: {
      code: `T-PLC-${process.pid}-${++counter}`,
      name: 'Test PLC trainer',
      kind: 'PLC_TRAINER',
      protocol: 'MODBUS_TCP',
      host: '127.0.0.1',
      port,
      tagMap: plcTagMap(),
      ...extra,
    },
  });
  if (res.errors || res.data!.registerStation.userErrors.length) throw new Error(JSON.stringify(res.errors ?? res.data!.registerStation.userErrors));
  return res.data!.registerStation.station!.id as string;
}

/** Registers a robot cell station at `endpointUrl` whose password is the lab's secret named `passwordSecret` (set it on `api.hub.app.labSecrets` first). */
export async function givenRobotStation(
  api: TestApi,
  key: string,
  endpointUrl: string,
  passwordSecret: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const res = await api.gql(key, REGISTER_STATION, {
    input: {
      code: `T-ROBOT-${process.pid}-${++counter}`,
      name: 'Test robot cell',
      kind: 'ROBOT_CELL',
      protocol: 'OPC_UA',
      endpointUrl,
      userName: 'operator',
      passwordSecret,
      tagMap: robotTagMap(),
      ...extra,
    },
  });
  if (res.errors || res.data!.registerStation.userErrors.length) throw new Error(JSON.stringify(res.errors ?? res.data!.registerStation.userErrors));
  return res.data!.registerStation.station!.id as string;
}

/** Global id of the newest catalogue version of an exercise id (e.g. `plc.safe-start-up`). */
export async function exerciseGid(api: TestApi, exerciseId: string): Promise<string> {
  const row = await api.system().em.findOneOrFail(Exercise, { code: exerciseId }, { orderBy: { version: 'desc' } });
  return gid('Exercise', row.id);
}

/** Polls the session until it has a verdict (no fixed sleeps in assertions; bounded by jest's timeout). */
export async function waitForVerdict(api: TestApi, key: string, sessionId: string): Promise<Record<string, any>> {
  for (;;) {
    const res = await api.gql(key, SESSION, { id: sessionId });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    const node = res.data!.node;
    if (node && ofType(node, 'TrainingSession').status !== 'RUNNING') return node;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Polls until the session has at least `n` stored events. A session that ends with fewer is a
 * failure named as such (its status and reasons), not a wait until jest's timeout.
 */
export async function waitForEvents(api: TestApi, key: string, sessionId: string, n: number): Promise<void> {
  for (;;) {
    const res = await api.gql(key, SESSION, { id: sessionId });
    // Not there yet (null) is a reason to poll again, not a failure.
    const node = res.data?.node ? ofType(res.data.node, 'TrainingSession') : null;
    if (node && node.events.totalCount >= n) return;
    if (node && node.status !== 'RUNNING') {
      throw new Error(`session ended ${node.status} with ${node.events.totalCount} of ${n} events: ${JSON.stringify(node.reasons)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const STATION_HEALTH = graphql(`
  query ($id: ID!) {
    node(id: $id) {
      ... on Station {
        health {
          connected
        }
      }
    }
  }
`);

/** Polls until the runtime's link to the station is up again (after a drop its poller reconnects with backoff). */
export async function waitForStationLinked(api: TestApi, key: string, stationId: string): Promise<void> {
  for (;;) {
    const res = await api.gql(key, STATION_HEALTH, { id: stationId });
    const node = res.data?.node;
    if (node && ofType(node, 'Station').health.connected) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
