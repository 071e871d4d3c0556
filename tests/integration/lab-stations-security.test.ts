/**
 * Issue 12, the lab's stations: secrets (item 1) and addresses (item 2). Real API over HTTP on
 * the embedded PostgreSQL; the allow-list's DNS is injected where a test needs a name to move.
 */
import { Station, StationProtocol, toRunnableStation } from '../../src/lab';
import { LabNetwork } from '../../src/lab/lab.network';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { Factories, gid } from '../support/factories';
import { REGISTER_STATION, START_SESSION, exerciseGid } from '../support/lab-factories';
import { plcTagMap } from '../../simulators/plc-trainer/plc.registers';
import { robotTagMap } from '../../simulators/robot-cell/robot.tags';
import { graphql, type VariablesOf } from '../support/graphql';

type StationInput = VariablesOf<typeof REGISTER_STATION>['input'];

let api: TestApi;
let ineu: string;
let other: string;
let n = 0;

beforeAll(async () => {
  api = await startTestApi();
  ineu = await api.keyFor(BIN.INEU, 'WRITER');
  other = await api.keyFor(BIN.WKATU, 'WRITER');
});
afterAll(() => api.close());
afterEach(() => {
  api.hub.app.lab.network = new LabNetwork();
});

const plc = (extra: Partial<StationInput>): StationInput => ({
  code: `SEC-PLC-${++n}`,
  name: 'PLC',
  kind: 'PLC_TRAINER',
  protocol: 'MODBUS_TCP',
  host: '127.0.0.1',
  port: 16000 + n,
  tagMap: plcTagMap(),
  ...extra,
});
const robot = (extra: Partial<StationInput>): StationInput => ({
  code: `SEC-ROBOT-${++n}`,
  name: 'Robot',
  kind: 'ROBOT_CELL',
  protocol: 'OPC_UA',
  endpointUrl: `opc.tcp://127.0.0.1:${17000 + n}`,
  userName: 'operator',
  tagMap: robotTagMap(),
  ...extra,
});
async function register(key: string, input: StationInput) {
  const res = await api.gql(key, REGISTER_STATION, { input });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.registerStation as { station: { id: string } | null; userErrors: { code: string; field: string[] }[] };
}
const stored = (code: unknown) =>
  api
    .system()
    .em.fork()
    .count(Station, { code: code as string });

describe('station secrets: no tenant input makes the server disclose a secret or an environment value', () => {
  test('passwordEnv from a tenant is refused (PASSWORD_ENV_REFUSED), whatever it names; nothing is stored', async () => {
    const input = robot({ passwordEnv: 'DATABASE_URL' });
    const res = await register(ineu, input);
    expect(res.userErrors).toEqual([expect.objectContaining({ code: 'PASSWORD_ENV_REFUSED', field: ['input', 'passwordEnv'] })]);
    expect(await stored(input.code)).toBe(0);
  });

  test("a station names only a secret its own organisation registered: another lab's secret is SECRET_NOT_FOUND, its own is accepted", async () => {
    api.hub.app.labSecrets.set(await api.orgId(BIN.WKATU), 'CELL_PASSWORD', 'theirs');
    const refused = robot({ passwordSecret: 'CELL_PASSWORD' });
    expect((await register(ineu, refused)).userErrors).toEqual([expect.objectContaining({ code: 'SECRET_NOT_FOUND', field: ['input', 'passwordSecret'] })]);
    expect(await stored(refused.code)).toBe(0);
    api.hub.app.labSecrets.set(await api.orgId(BIN.INEU), 'CELL_PASSWORD', 'ours');
    const accepted = await register(ineu, robot({ passwordSecret: 'CELL_PASSWORD' }));
    expect(accepted.userErrors).toEqual([]);
    const row = await api
      .system()
      .em.fork()
      .findOneOrFail(Station, { id: Buffer.from(accepted.station!.id, 'base64url').toString().split(':')[1]! });
    const runnable = toRunnableStation(row, { secrets: api.hub.app.labSecrets });
    expect(runnable.address).toMatchObject({ user: { userName: 'operator', password: 'ours' } });
  });

  test('nothing resolves from process.env: a station row naming an environment variable gets no password', async () => {
    process.env.LABSEC_PROBE = 'server-environment-value';
    try {
      const em = api.system().em.fork();
      const row = await em.findOneOrFail(Station, { protocol: StationProtocol.OPC_UA }, { populate: ['organization'] });
      row.passwordEnv = 'LABSEC_PROBE';
      const runnable = toRunnableStation(row, { secrets: api.hub.app.labSecrets });
      expect(JSON.stringify(runnable)).not.toContain('server-environment-value');
    } finally {
      delete process.env.LABSEC_PROBE;
    }
  });
});

describe('station addresses: unique across labs, and inside LAB_ALLOWED_HOSTS (default loopback)', () => {
  test('an address belongs to the lab that registered it first: another lab gets ADDRESS_TAKEN (Modbus host:port and OPC UA endpoint); the same lab may add a second station there', async () => {
    const first = plc({});
    expect((await register(ineu, first)).userErrors).toEqual([]);
    const theirs = plc({ port: first.port });
    expect((await register(other, theirs)).userErrors).toEqual([expect.objectContaining({ code: 'ADDRESS_TAKEN', field: ['input', 'host'] })]);
    expect(await stored(theirs.code)).toBe(0);
    expect((await register(ineu, plc({ port: first.port }))).userErrors).toEqual([]);
    const cell = robot({});
    expect((await register(ineu, cell)).userErrors).toEqual([]);
    const copy = robot({ endpointUrl: `${cell.endpointUrl}/UA/Other` });
    expect((await register(other, copy)).userErrors).toEqual([expect.objectContaining({ code: 'ADDRESS_TAKEN', field: ['input', 'endpointUrl'] })]);
  });

  test('an API-run station outside the allow-list is ADDRESS_NOT_ALLOWED (a private host, the cloud metadata address); nothing is stored', async () => {
    const lan = plc({ host: '10.1.2.3' });
    expect((await register(ineu, lan)).userErrors).toEqual([expect.objectContaining({ code: 'ADDRESS_NOT_ALLOWED', field: ['input', 'host'] })]);
    const metadata = robot({ endpointUrl: 'opc.tcp://169.254.169.254:4840' });
    expect((await register(ineu, metadata)).userErrors).toEqual([expect.objectContaining({ code: 'ADDRESS_NOT_ALLOWED', field: ['input', 'endpointUrl'] })]);
    expect(await stored(lan.code)).toBe(0);
    expect(await stored(metadata.code)).toBe(0);
  });

  test('checked again at connect time: a host name that now resolves outside the list is refused (ADDRESS_NOT_ALLOWED) and no session is made', async () => {
    let answer = ['127.0.0.1'];
    api.hub.app.lab.network = new LabNetwork('127.0.0.0/8', async (host) => (host === 'plc.lab.test' ? answer : []));
    const res = await register(ineu, plc({ host: 'plc.lab.test' }));
    expect(res.userErrors).toEqual([]);
    answer = ['10.20.30.40'];
    const pupil = await new Factories(api).givenStudent(BIN.INEU);
    const started = await api.gql(ineu, START_SESSION, {
      input: { studentId: gid('Person', pupil.id), exerciseId: await exerciseGid(api, 'plc.safe-start-up'), stationId: res.station!.id },
    });
    expect(started.data!.startSession.userErrors).toEqual([expect.objectContaining({ code: 'ADDRESS_NOT_ALLOWED' })]);
    expect(started.data!.startSession.session).toBeNull();
  });
});

describe('station secrets through the API: per organisation, sealed at rest, write-only', () => {
  const SET = graphql(`
    mutation ($input: SetStationSecretInput!) {
      setStationSecret(input: $input) {
        secret {
          name
          updatedAt
        }
        userErrors {
          code
          field
        }
      }
    }
  `);
  const DELETE = graphql(`
    mutation ($input: DeleteStationSecretInput!) {
      deleteStationSecret(input: $input) {
        secret {
          name
        }
        userErrors {
          code
          field
        }
      }
    }
  `);

  test('an organisation sets a secret; only its name comes back; the database holds it sealed; its stations may name it, another lab may not', async () => {
    const value = `pw-${Date.now()}-never-shown`;
    const set = await api.gql(ineu, SET, { input: { name: 'cell.api-secret', value } });
    expect(set.errors).toBeUndefined();
    expect(set.data!.setStationSecret.userErrors).toEqual([]);
    expect(set.data!.setStationSecret.secret!.name).toBe('cell.api-secret');
    expect(JSON.stringify(set)).not.toContain(value);

    const listed = await api.gql(
      ineu,
      graphql(`
        {
          stationSecrets {
            name
          }
        }
      `),
    );
    expect(listed.data!.stationSecrets).toContainEqual({ name: 'cell.api-secret' });
    expect(
      (
        await api.gql(
          other,
          graphql(`
            {
              stationSecrets {
                name
              }
            }
          `),
        )
      ).data!.stationSecrets,
    ).not.toContainEqual({ name: 'cell.api-secret' });
    // The value has no field in the schema at all.
    expect(
      (
        await api.rawGql(
          ineu,
          `
            {
              stationSecrets {
                name
                value
              }
            }
          `,
        )
      ).errors?.[0].extensions?.code,
    ).toBe('GRAPHQL_VALIDATION_FAILED');

    const [row] = (await api.system().em.getConnection().execute(`select sealed from station_secret where name = 'cell.api-secret'`)) as { sealed: string }[];
    expect(row!.sealed.startsWith('v1.')).toBe(true);
    expect(row!.sealed).not.toContain(value);

    expect((await register(other, robot({ passwordSecret: 'cell.api-secret' }))).userErrors).toEqual([expect.objectContaining({ code: 'SECRET_NOT_FOUND' })]);
    const accepted = await register(ineu, robot({ passwordSecret: 'cell.api-secret' }));
    expect(accepted.userErrors).toEqual([]);

    // What a session start does: load the stored secret, then the runnable station carries it.
    const secrets = api.hub.app.labSecrets;
    await secrets.load(api.system().em.fork(), await api.orgId(BIN.INEU), 'cell.api-secret');
    expect(secrets.get(await api.orgId(BIN.INEU), 'cell.api-secret')).toBe(value);

    const deleted = await api.gql(ineu, DELETE, { input: { name: 'cell.api-secret' } });
    expect(deleted.data!.deleteStationSecret.userErrors).toEqual([]);
    expect((await register(ineu, robot({ passwordSecret: 'cell.api-secret' }))).userErrors).toEqual([expect.objectContaining({ code: 'SECRET_NOT_FOUND' })]);
  });

  test('bad names and values are coded errors naming the field, and nothing is stored; deleting another lab’s secret is SECRET_NOT_FOUND', async () => {
    const bad = await api.gql(ineu, SET, { input: { name: 'no spaces allowed', value: '' } });
    expect(bad.data!.setStationSecret).toEqual({
      secret: null,
      userErrors: [
        expect.objectContaining({ code: 'SECRET_NAME_INVALID', field: ['input', 'name'] }),
        expect.objectContaining({ code: 'SECRET_VALUE_INVALID', field: ['input', 'value'] }),
      ],
    });
    const [{ count }] = (await api
      .system()
      .em.getConnection()
      .execute(`select count(*)::int as count from station_secret where name = 'no spaces allowed'`)) as { count: number }[];
    expect(count).toBe(0);

    await api.gql(other, SET, { input: { name: 'theirs', value: 'x' } });
    expect((await api.gql(ineu, DELETE, { input: { name: 'theirs' } })).data!.deleteStationSecret.userErrors).toEqual([
      expect.objectContaining({ code: 'SECRET_NOT_FOUND' }),
    ]);
    expect(
      (
        await api.gql(
          other,
          graphql(`
            {
              stationSecrets {
                name
              }
            }
          `),
        )
      ).data!.stationSecrets,
    ).toContainEqual({ name: 'theirs' });
  });
});

describe('station addresses under a race', () => {
  test('two labs registering the same address at once: exactly one gets it, the other ADDRESS_TAKEN', async () => {
    const port = 19500 + (Date.now() % 400);
    for (let round = 0; round < 5; round++) {
      const address = { host: '127.0.0.1', port: port + round };
      const [a, b] = await Promise.all([register(ineu, plc(address)), register(other, plc(address))]);
      const outcomes = [a, b].map((r) => (r.userErrors.length === 0 ? 'OK' : r.userErrors.map((e) => e.code).join(','))).sort();
      expect(outcomes).toEqual(['ADDRESS_TAKEN', 'OK']);
    }
  });
});
