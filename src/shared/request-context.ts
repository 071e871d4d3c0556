import type { EntityManager } from '@mikro-orm/postgresql';
import type { Loaders } from './loaders';
import type { OrganizationKind } from './organization-kind';
import type { Logger } from 'pino';
import type { Clock } from './clock';
import type { Language } from './localized';

/** The API key behind a request: which organisation, which role. */
export interface Caller {
  keyId: string;
  organizationId: string;
  organizationKind: OrganizationKind;
  region: string;
  role: 'ADMIN' | 'WRITER' | 'READER' | 'LAB_AGENT';
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
