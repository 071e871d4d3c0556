/**
 * What a bounded context contributes to the application, as one plain value. Each context
 * exports one descriptor from `src/<context>/<context>.module.ts`; `src/modules.ts` lists them
 * in order and `src/app.ts` ({@link composeApp}) is the only place that wires them. Importing a
 * context registers nothing.
 */
import type { EntityClass } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Router } from 'express';
import type { Config } from './config';
import type { Logger } from './logger';
import type { DomainEventType } from './shared/domain-events';
import type { Clock } from './shared/clock';
import type { VisibilityRule, VisibilityRules } from './db/scope';
import type { NodeType } from './graphql/node';
import type { RelayChannel } from './graphql/notify-relay';
import type { SessionPassedHandler } from './lab/lab.events';
import type { Services } from './modules';
import type { ActivationGate, MentorAssignmentCheck, PlacementPlanningCheck } from './placements/placement.gates';
import type { CredentialRegistry } from './readiness/credential.service';
import type { Seeder } from './seed/seed';

/** One context's contributions. Every field is optional; a function field receives the app's services. */
export interface AppModule {
  /** Short name for logs and errors, e.g. `placements`. */
  readonly name: string;
  /** MikroORM entities (tables) of the context. */
  readonly entities?: readonly EntityClass<any>[];
  /** GraphQL resolvers, constructed with the services they use. */
  readonly resolvers?: (s: Services) => readonly object[];
  /** Types `node(id:)` can fetch, by GraphQL type name. */
  readonly nodeTypes?: Readonly<Record<string, NodeType<any, any>>>;
  /** Persons a caller may see beyond its own members (a subquery of `person_id`s per rule). */
  readonly personVisibility?: readonly VisibilityRule[];
  /** Workplaces a caller may see beyond its employer's and the region's (a subquery of `id`s per rule). */
  readonly workplaceVisibility?: readonly VisibilityRule[];
  /** Checks a placement must pass before it becomes ACTIVE (placements asks; e.g. readiness answers). */
  readonly activationGates?: (s: Services) => readonly ActivationGate[];
  /** Checks a person must pass to become a placement's mentor (placements asks; e.g. mentoring answers). */
  readonly mentorAssignmentChecks?: (s: Services) => readonly MentorAssignmentCheck[];
  /** Checks a placement must pass to be planned (placements asks; e.g. enrolment answers). */
  readonly placementPlanningChecks?: (s: Services) => readonly PlacementPlanningCheck[];
  /** Registries of credentials the context issues on readiness's signing path (verification asks them; e.g. assessment's certificates). */
  readonly credentialRegistries?: (s: Services) => readonly CredentialRegistry[];
  /** Handlers of a PASSED lab verdict, run inside the verdict's transaction. */
  readonly onSessionPassed?: (s: Services) => readonly SessionPassedHandler[];
  /** Fixture seeders, run in module order inside one transaction at start-up. */
  readonly seeders?: readonly Seeder[];
  /** HTTP routes beside `/graphql`, by mount path (e.g. `/credentials`). */
  readonly routes?: (s: Services, deps: RouteDeps) => Readonly<Record<string, Router>>;
  /**
   * HTTP routes that need a caller (API key or session, exactly as `/graphql`), by mount path (e.g.
   * `/exports`). A handler finds the request's context, scoped like a GraphQL request, in
   * `res.locals.ctx` ({@link RequestContext}).
   */
  readonly authenticatedRoutes?: (s: Services, deps: RouteDeps) => Readonly<Record<string, Router>>;
  /** Domain event types the context publishes (partners subscribe to them through webhooks). */
  readonly domainEvents?: readonly DomainEventType[];
  /**
   * Channels of the LISTEN/NOTIFY relay (`src/graphql/notify-relay.ts`): how the context's
   * subscription events reach subscribers on every API process sharing the database.
   */
  readonly relayChannels?: (s: Services, deps: RouteDeps) => readonly RelayChannel[];
  /** Background work started with the server (e.g. the webhook dispatcher); resolves to its stop function. */
  readonly workers?: (s: Services, deps: WorkerDeps) => Promise<() => Promise<void>>;
}

/** What a context's background workers get besides the services. */
export interface WorkerDeps extends RouteDeps {
  config: Config;
}

/** What a context's routes get besides the services. */
export interface RouteDeps {
  config: Config;
  /** The composed modules' visibility rules (a route that authenticates its caller builds the request scope with them). */
  visibility?: VisibilityRules;
  orm: MikroORM;
  log: Logger;
  clock: Clock;
}

/** Declares a context's descriptor (an identity function: it only checks the shape). */
export function defineModule<M extends AppModule>(module: M): M {
  return module;
}
