import path from 'node:path';
import type { EntityClass } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Router } from 'express';
import type { GraphQLSchema } from 'graphql';
import { type Config, demoAccountsOn } from './config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded-postgres';
import { createOrm, type OrmOptions } from './db/orm';
import type { VisibilityRules } from './db/scope';
import type { NodeType } from './graphql/node';
import { NodeResolver } from './graphql/node.resolver';
import { setReadPath } from './db/read/connection';
import { Metrics } from './graphql/metrics';
import { NotifyRelay } from './graphql/notify-relay';
import { EventBus } from './graphql/pubsub';
import { responseCacheWiring } from './graphql/response-cache.relay';
import { buildApiSchema } from './graphql/schema';
import { startHttpServer } from './graphql/server';
import type { SessionPassedHandler } from './lab/lab.events';
import { STATION_HEALTH } from './lab/lab.events';
import { LabHost } from './lab/lab.host';
import { LabSecrets, secretBoxFor } from './lab/lab.secrets';
import { startLab } from './lab/host/lab.start';
import type { Logger } from './logger';
import type { AppModule, RouteDeps } from './module';
import { createServices, MODULES, type Services } from './modules';
import type { ActivationGate, MentorAssignmentCheck, PlacementPlanningCheck } from './placements/placement.gates';
import type { CredentialRegistry } from './readiness/credential.service';
import { PLACEMENT_CHANGED } from './placements/placement.events';
import { seedFixtures, type Seeder, type SeedResult } from './seed/seed';
import { type Clock, systemClock } from './shared/clock';

/**
 * The application as composed from its modules: what each part of the process (ORM, schema,
 * server, lab, seeder, CLIs, tests) is given. Built by {@link composeApp}; holds no connection.
 */
export interface App {
  readonly modules: readonly AppModule[];
  /** Every service, built once with its collaborators. */
  readonly services: Services;
  /** Every entity, in module order: the ORM, the migrator and the CLIs use this list. */
  readonly entities: readonly EntityClass<any>[];
  /** Every resolver instance (the Relay `node` resolver first). */
  readonly resolvers: readonly object[];
  /** Types `node(id:)` can fetch. */
  readonly nodeTypes: ReadonlyMap<string, NodeType>;
  /** Who may see whom beyond their own organisation, carried in every caller's scope. */
  readonly visibility: VisibilityRules;
  /** What must pass before a placement becomes ACTIVE. */
  readonly activationGates: readonly ActivationGate[];
  /** What runs, in the verdict's transaction, when a lab session passes. */
  readonly sessionPassed: readonly SessionPassedHandler[];
  /** Fixture seeders, in module order. */
  readonly seeders: readonly Seeder[];
  /** The lab's in-API state (runtime, store port, station health), started by `startLab`. */
  readonly lab: LabHost;
  /** Station passwords by name: set in-process, else read from the environment. */
  readonly labSecrets: LabSecrets;
  /** Key-less HTTP routes beside `/graphql`, by mount path. */
  routes(deps: RouteDeps): Record<string, Router>;
  /** Routes that need a caller (key or session), by mount path. */
  authenticatedRoutes(deps: RouteDeps): Record<string, Router>;
  /** The GraphQL schema of these resolvers (built once per app). */
  schema(): Promise<GraphQLSchema>;
  /** Connects to a database with this app's entities and runs pending migrations. */
  connect(options: Omit<OrmOptions, 'entities'>): Promise<MikroORM>;
}

/**
 * The composition root: wires the modules (default: all of {@link MODULES}) into one {@link App}.
 * This and `src/modules.ts` are the only places that know which context contributes what.
 */
export function composeApp(modules: readonly AppModule[] = MODULES): App {
  const names = new Set<string>();
  for (const m of modules) {
    if (names.has(m.name)) throw new Error(`composeApp: module ${m.name} is listed twice`);
    names.add(m.name);
  }
  const activationGates: ActivationGate[] = [];
  const mentorAssignmentChecks: MentorAssignmentCheck[] = [];
  const placementPlanningChecks: PlacementPlanningCheck[] = [];
  const credentialRegistries: CredentialRegistry[] = [];
  const lab = new LabHost();
  const labSecrets = new LabSecrets();
  // One bus per app: whoever publishes or subscribes is given this one (no module global).
  const bus = new EventBus();
  const nodeTypes = new Map<string, NodeType>();
  for (const m of modules) {
    for (const [typeName, nodeType] of Object.entries(m.nodeTypes ?? {})) {
      if (nodeTypes.has(typeName)) throw new Error(`composeApp: node type ${typeName} is contributed twice`);
      nodeTypes.set(typeName, nodeType as NodeType);
    }
  }
  const visibility: VisibilityRules = {
    persons: modules.flatMap((m) => m.personVisibility ?? []),
    workplaces: modules.flatMap((m) => m.workplaceVisibility ?? []),
  };
  const services = createServices({
    lab,
    labSecrets,
    activationGates,
    mentorAssignmentChecks,
    placementPlanningChecks,
    credentialRegistries,
    bus,
    visibility,
    moduleNames: names,
    domainEventTypes: modules.flatMap((m) => m.domainEvents ?? []),
    entityOf: (typeName) => nodeTypes.get(typeName)?.entity as EntityClass<{ id: string }> | undefined,
  });
  // Gates and checks are asked by the placement service, which exists before the gates that use other services.
  activationGates.push(...modules.flatMap((m) => m.activationGates?.(services) ?? []));
  mentorAssignmentChecks.push(...modules.flatMap((m) => m.mentorAssignmentChecks?.(services) ?? []));
  placementPlanningChecks.push(...modules.flatMap((m) => m.placementPlanningChecks?.(services) ?? []));
  credentialRegistries.push(...modules.flatMap((m) => m.credentialRegistries?.(services) ?? []));
  const entities = modules.flatMap((m) => m.entities ?? []);
  const resolvers = [new NodeResolver(nodeTypes), ...modules.flatMap((m) => m.resolvers?.(services) ?? [])];
  let schema: Promise<GraphQLSchema> | undefined;
  return {
    modules,
    services,
    entities,
    resolvers,
    nodeTypes,
    visibility,
    activationGates,
    sessionPassed: modules.flatMap((m) => m.onSessionPassed?.(services) ?? []),
    seeders: modules.flatMap((m) => m.seeders ?? []),
    lab,
    labSecrets,
    routes: (deps) => Object.assign({}, ...modules.map((m) => m.routes?.(services, deps) ?? {})),
    authenticatedRoutes: (deps) => Object.assign({}, ...modules.map((m) => m.authenticatedRoutes?.(services, deps) ?? {})),
    schema: () => (schema ??= buildApiSchema(resolvers, bus)),
    connect: (options) => createOrm({ ...options, entities }),
  };
}

/** A running DualHub: database, API, and what else the configuration turns on. */
export interface DualHub {
  /** GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql */
  url: string;
  orm: MikroORM;
  /** The composed application (services, modules) this hub runs. */
  app: App;
  seed: SeedResult;
  /** Whether this process started its own embedded PostgreSQL. */
  embeddedDatabase: boolean;
  /** Stops everything this process started, in reverse order. */
  close(): Promise<void>;
}

/** Options beyond the environment, for tests and benchmarks. */
export interface StartOptions {
  clock?: Clock;
  /** The modules to run; default all of `src/modules.ts` (tests may leave some out). */
  modules?: readonly AppModule[];
  /** Database URL to use instead of config (tests give each file its own database). */
  databaseUrl?: string;
  /** Receives every SQL statement; tests count them. */
  onQuery?: (sql: string) => void;
}

/**
 * Starts DualHub: an embedded PostgreSQL unless a database URL is given, migrations, fixtures,
 * the HTTP/GraphQL server. Anything that fails on the way is stopped before the error is rethrown.
 */
export async function startDualHub(config: Config, log: Logger, options: StartOptions = {}): Promise<DualHub> {
  const stops: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const stop of stops.reverse()) await stop().catch((error) => log.warn({ err: error }, 'error while stopping'));
  };
  const app = composeApp(options.modules);
  const clock = options.clock ?? systemClock;
  try {
    let url = options.databaseUrl ?? config.DATABASE_URL;
    let embedded: EmbeddedDatabase | undefined;
    if (!url) {
      embedded = await startEmbeddedPostgres({
        dataDir: path.join(config.DATA_DIR, 'postgres'),
        port: config.EMBEDDED_PG_PORT,
        onLog: (line) => log.debug({ postgres: line }),
        onWarning: (message) => log.warn(message),
        // This hub stops the server itself, last (below), after every stop that still writes.
        stopOnSignals: false,
      });
      stops.push(async () => {
        await embedded!.stop();
        log.info('embedded PostgreSQL stopped');
      });
      url = embedded.url;
      log.info({ dataDir: path.join(config.DATA_DIR, 'postgres') }, 'embedded PostgreSQL started');
    }
    const orm = await app.connect({ url, logger: log, onQuery: options.onQuery });
    stops.push(() => orm.close());
    // One box seals station secrets and credential signing keys (KEK from SECRET_KEY or DATA_DIR/secret.key);
    // seeding signs fixture credentials, so it comes first.
    const box = secretBoxFor(config);
    app.labSecrets.useBox(box);
    app.services.signingKeys.useBox(box);
    const responses = responseCacheWiring(app.services.bus, [PLACEMENT_CHANGED]);
    const relay = new NotifyRelay({
      url,
      log: log.child({ context: 'relay' }),
      bus: app.services.bus,
      channels: [
        ...app.modules.flatMap((m) => m.relayChannels?.(app.services, { config, orm, log, clock }) ?? []),
        ...(config.RESPONSE_CACHE_TTL_MS > 0 ? [responses.channel] : []),
      ],
    });
    // Subscriptions on this process are fed from the database, whichever process made the change.
    await relay.start();
    stops.push(() => relay.close());
    const seed = config.SEED_FIXTURES ? await seedFixtures(app, orm, log, { demoPassword: demoAccountsOn(config) ? config.DEMO_PASSWORD : undefined }) : {};
    stops.push(
      await startLab(config, {
        orm,
        log,
        host: app.lab,
        secrets: app.labSecrets,
        sessionPassed: app.sessionPassed,
        bus: app.services.bus,
        events: app.services.domainEvents,
      }),
    );
    setReadPath(config.READ_PATH);
    const metrics = new Metrics({
      orm,
      bus: { target: app.services.bus.target, topics: [PLACEMENT_CHANGED, STATION_HEALTH] },
      stationReports: () => app.services.lab.healthBoard.all(),
      relay: () => relay,
    });
    const server = await startHttpServer({
      metrics,
      config,
      orm,
      schema: await app.schema(),
      log,
      clock,
      apiKeys: app.services.apiKeys,
      sessions: app.services.identity,
      visibility: app.visibility,
      routes: app.routes({ config, orm, log, clock, visibility: app.visibility }),
      authenticatedRoutes: app.authenticatedRoutes({ config, orm, log, clock, visibility: app.visibility }),
      responseCacheInvalidation: config.RESPONSE_CACHE_TTL_MS > 0 ? responses.connect : undefined,
    });
    stops.push(() => server.close());
    for (const m of app.modules) {
      if (m.workers) stops.push(await m.workers(app.services, { config, orm, log, clock }));
    }
    return { url: server.url, orm, app, seed, embeddedDatabase: Boolean(embedded), close };
  } catch (error) {
    await close();
    throw error;
  }
}
