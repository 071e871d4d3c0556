import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { DestinationStream } from 'pino';
import { startDualHub, type DualHub } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createContext } from '../../src/db/context';
import { createLogger } from '../../src/logger';
import type { AppModule } from '../../src/module';
import { ApiKeyRole, Organization, PersonRole } from '../../src/organizations';
import type { Clock } from '../../src/shared/clock';
import type { RequestContext } from '../../src/shared/request-context';
import { createTestDatabase } from './database';
import { type AnyDocument, type ResultOf, sourceOf, type VariablesArg } from './graphql';

/** A GraphQL response as the client saw it. */
export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
}

/**
 * What the product runs with that the harness turns off by default (the response cache, on for
 * 1 s as deployed): the end-to-end suites pass it, so the console and the lab are tested as
 * deployed.
 */
export const AS_DEPLOYED: Readonly<Record<string, string>> = { RESPONSE_CACHE_TTL_MS: '1000' };

/** A DualHub API on its own database and a free port, seeded with the fixtures. */
export interface TestApi {
  url: string;
  orm: MikroORM;
  hub: DualHub;
  /** Every SQL statement the server ran since the last `resetQueries()`. */
  queries: string[];
  resetQueries(): void;
  /** Issues a key for the organisation with this BIN (fixtures) and returns its secret. */
  /** `role` as the enum or its plain name (`'WRITER'`); default ADMIN. */
  keyFor(bin: string, role?: ApiKeyRole | `${ApiKeyRole}`): Promise<string>;
  /** Row id of the organisation with this BIN. */
  orgId(bin: string): Promise<string>;
  /** A system context on the test database, for factories and assertions. */
  system(): RequestContext;
  /**
   * Signs a new person in with a membership of the organisation with this BIN whose role maps to
   * `role` (READER: STUDENT, WRITER: MENTOR, ADMIN: STAFF) and returns the session cookie
   * (`dh_session=…`). `gql` takes it wherever it takes a key, so a suite can run with either.
   */
  sessionFor(bin: string, role?: 'ADMIN' | 'WRITER' | 'READER'): Promise<string>;
  /**
   * POSTs a typed GraphQL operation (`graphql(\`…\`)` from `./graphql`) with a bearer key, a
   * session cookie (`dh_session=…`), or neither; `data` and the variables are typed from it.
   */
  gql<D extends AnyDocument>(
    key: string | undefined,
    document: D,
    ...args: [...VariablesArg<D>, headers?: Record<string, string>]
  ): Promise<GraphQLResponse<ResultOf<D>>>;
  /**
   * @deprecated A string document is not checked against the schema: wrap it in `graphql(\`…\`)`
   * from tests/support/graphql (or use `rawGql` for a document the API must refuse).
   */
  gql<T = Record<string, any>>(
    key: string | undefined,
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  /**
   * POSTs a document as a plain string, unchecked: only for documents the API must refuse or
   * that no schema can type (invalid syntax, unknown fields, limits, masking).
   */
  rawGql(key: string | undefined, query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse>;
  close(): Promise<void>;
}

/** Well-known fixture organisations by BIN. */
export const BIN = {
  INEU: '990140000017',
  WKATU: '990140000027',
  KEEU: '990140000037',
  COLLEGE: '990140000047',
  COORDINATOR: '990240000010',
  AUTHORITY: '990240000020',
  COUNCIL: '990240000030',
  AGENCY: '990240000040',
  STEEL_PLANT: '010340000011',
  OIL_GAS_PLANT: '020440000027',
  AGRI_PLANT: '030540000032',
  WELDING_CENTRE: '040640000048',
} as const;

/** Starts the API for one test file. Call `close()` in afterAll. */
export async function startTestApi(
  options: {
    clock?: Clock;
    env?: Record<string, string>;
    databaseUrl?: string;
    modules?: readonly AppModule[];
    /** Where the server's log lines go (with `env.LOG_LEVEL`), e.g. to assert what is never logged; default nowhere (silent). */
    logDestination?: DestinationStream;
  } = {},
): Promise<TestApi> {
  // A given database (e.g. reached through a proxy) belongs to the caller; otherwise the file gets its own.
  const database = options.databaseUrl ? { url: options.databaseUrl, drop: async () => undefined } : await createTestDatabase();
  // READ_PATH=orm in the environment runs a suite against the ORM read path instead of the compiled one.
  const readPath = process.env.READ_PATH ? { READ_PATH: process.env.READ_PATH } : {};
  // The response cache is off unless a suite turns it on (response-cache.test.ts, the end-to-end
  // suites with AS_DEPLOYED): suites write through factories, not mutations, and read again at once.
  // RESPONSE_CACHE_TTL_MS in the environment runs any suite with it on.
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    START_SIMULATORS: 'false',
    NODE_ENV: 'test',
    RESPONSE_CACHE_TTL_MS: process.env.RESPONSE_CACHE_TTL_MS ?? '0',
    ...readPath,
    ...options.env,
  });
  const log = createLogger(config.LOG_LEVEL, options.logDestination);
  const queries: string[] = [];
  const hub = await startDualHub(config, log, {
    databaseUrl: database.url,
    clock: options.clock,
    modules: options.modules,
    onQuery: (sql) => queries.push(sql),
  });
  const apiKeys = hub.app.services.apiKeys;
  const system = () => createContext({ orm: hub.orm, caller: 'system', log, clock: options.clock });
  const orgId = async (bin: string) => (await system().em.findOneOrFail(Organization, { bin })).id;
  const post = async (
    key: string | undefined,
    query: string,
    variables?: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse<any>> => {
    const credential = key?.startsWith('dh_session=') ? { cookie: key } : key ? { authorization: `Bearer ${key}` } : {};
    const response = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...credential, ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphQLResponse, 'status'>;
    return { status: response.status, ...body };
  };
  // One implementation of both overloads (typed documents, and the deprecated strings).
  const gql: TestApi['gql'] = (
    key: string | undefined,
    document: string | AnyDocument,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ) => post(key, sourceOf(document), variables, headers);
  const testApi: Omit<TestApi, 'gql'> = {
    url: hub.url,
    orm: hub.orm,
    hub,
    queries,
    resetQueries: () => {
      queries.length = 0;
    },
    orgId,
    system,
    keyFor: async (bin, role = ApiKeyRole.ADMIN) => {
      const issued = await apiKeys.issue(system(), { organizationId: await orgId(bin), role: role as ApiKeyRole, label: `test ${role}` });
      if (!issued.ok) throw new Error(JSON.stringify(issued.violations));
      return issued.value.secret;
    },
    sessionFor: async (bin, role = 'ADMIN') => {
      const personRole = { READER: PersonRole.STUDENT, WRITER: PersonRole.MENTOR, ADMIN: PersonRole.STAFF }[role];
      const email = `session.${randomUUID().slice(0, 8)}@students.ineu.kz`;
      const password = 'session test passphrase';
      const identity = hub.app.services.identity;
      const invited = await identity.invite(system(), { organizationId: await orgId(bin), email, fullName: 'Session Tester', role: personRole });
      if (!invited.ok) throw new Error(JSON.stringify(invited.violations));
      const accepted = await identity.acceptInvitation(system(), { token: invited.value.token, password });
      if (!accepted.ok) throw new Error(JSON.stringify(accepted.violations));
      const response = await fetch(hub.url.replace(/\/graphql$/, '/auth/sign-in'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      const cookie = response.headers.getSetCookie().find((c) => c.startsWith('dh_session='));
      if (!cookie) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
      return cookie.split(';')[0];
    },
    rawGql: (key, query, variables, headers) => post(key, query, variables, headers),
    close: async () => {
      await hub.close();
      await database.drop();
    },
  };
  return Object.assign(testApi, { gql });
}
