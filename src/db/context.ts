import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
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

/**
 * The request's context: the caller's scoped EntityManager, fresh loaders and a child logger.
 * The three are made on first use, so an operation that never touches the database (e.g.
 * `{ __typename }`) pays for no `em.fork`, no loaders and no logger child.
 */
export function createContext(options: ContextOptions): RequestContext {
  const { caller } = options;
  if (caller !== 'system' && !options.visibility) throw new Error('createContext: a caller needs the visibility rules of the composition root');
  const requestId = options.requestId ?? randomUUID();
  let em: EntityManager | undefined;
  let loaders: Loaders | undefined;
  let log: Logger | undefined;
  const scopedEm = (): EntityManager => {
    const forked = options.orm.em.fork({ useContext: false });
    applyScope(
      forked,
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
    return forked;
  };
  return {
    requestId,
    caller,
    get em() {
      return (em ??= scopedEm());
    },
    get loaders() {
      return (loaders ??= new Loaders(this.em));
    },
    get log() {
      return (log ??= options.log.child({ requestId }));
    },
    clock: options.clock ?? systemClock,
    lang: options.lang ?? 'en',
  };
}
