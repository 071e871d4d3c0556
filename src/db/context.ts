import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Loaders } from '../shared/loaders';
import { applyScope, type VisibilityRules } from './scope';
import type { Logger } from '../logger';
import { type Clock, systemClock } from '../shared/clock';
import type { Language } from '../shared/localized';
import type { Caller, RequestContext } from '../shared/request-context';

/** Inputs of {@link createContext}. */
export interface ContextOptions {
  orm: MikroORM;
  caller: Caller | 'system';
  log: Logger;
  clock?: Clock;
  requestId?: string;
  lang?: Language;
  /**
   * The contexts' visibility rules, from the composition root (`App.visibility`). Required for a
   * caller: without them the scope would be narrower than the rules say, so it fails instead.
   */
  visibility?: VisibilityRules;
}

/** Forks the EntityManager, scopes it to the caller, and gives it fresh loaders. */
export function createContext(options: ContextOptions): RequestContext {
  const em = options.orm.em.fork({ useContext: false });
  const { caller } = options;
  if (caller !== 'system' && !options.visibility) throw new Error('createContext: a caller needs the visibility rules of the composition root');
  applyScope(
    em,
    caller === 'system'
      ? { system: true }
      : {
          organizationId: caller.organizationId,
          kind: caller.organizationKind,
          region: caller.region,
          visibility: options.visibility!,
          ...(caller.role === 'LAB_AGENT' ? { labAgent: true } : {}),
          ...(caller.personId ? { person: { id: caller.personId, reader: caller.role === 'READER' } } : {}),
        },
  );
  const requestId = options.requestId ?? randomUUID();
  return {
    requestId,
    caller,
    em,
    loaders: new Loaders(em),
    log: options.log.child({ requestId }),
    clock: options.clock ?? systemClock,
    lang: options.lang ?? 'en',
  };
}
