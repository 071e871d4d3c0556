import type { EntityManager } from '@mikro-orm/postgresql';
import type { Loaders } from './loaders';
import type { OrganizationKind } from './organization-kind';
import type { Logger } from 'pino';
import type { Clock } from './clock';
import type { Language } from './localized';

/**
 * Who is behind a request: which organisation, which role. Built in one place (the API's
 * authentication, `src/graphql/server.ts`) from either an API key (`keyId`) or a signed-in
 * person's session (`personId` + `sessionId`, organisation and role from the active membership).
 */
export interface Caller {
  /** The API key in use; absent when a person signed in. */
  keyId?: string;
  /** The signed-in person; absent for an API key (a partner system). */
  personId?: string;
  /** The person's session; absent for an API key. */
  sessionId?: string;
  organizationId: string;
  organizationKind: OrganizationKind;
  region: string;
  role: 'ADMIN' | 'WRITER' | 'READER' | 'LAB_AGENT';
}

/** What records "who did it" as one string: the key id, or `person:<id>` for a signed-in person. */
export function actorOf(caller: Caller): string {
  return caller.keyId ?? `person:${caller.personId}`;
}

/** Key of a caller in the per-caller rate limit: its key, or its session. */
export function limitKeyOf(caller: Caller): string {
  return caller.keyId ?? `session:${caller.sessionId}`;
}

/**
 * What every service method takes first. Built once per request (or per system job); the
 * EntityManager is a fork whose `scope` filter already limits it to what the caller may see.
 */
export interface RequestContext {
  requestId: string;
  /** The caller, or `system` for the seeder, CLIs and the lab runtime's own writes. */
  caller: Caller | 'system';
  em: EntityManager;
  loaders: Loaders;
  log: Logger;
  clock: Clock;
  /** Language for text meant for people, from Accept-Language; default en. */
  lang: Language;
}
