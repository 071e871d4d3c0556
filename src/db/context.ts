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
  if (options.caller === 'system') return systemContext(options);
  if (!options.visibility) throw new Error('createContext: a caller needs the visibility rules of the composition root');
  return new LazyRequestContext(options);
}

/**
 * The same context on another EntityManager (e.g. a transaction's): the request's loaders and
 * logger stay those of `ctx`. Use this, not a spread: a caller's context keeps its lazy parts on
 * its prototype, which `{ ...ctx }` does not copy.
 */
export function withEntityManager(ctx: RequestContext, em: EntityManager): RequestContext {
  return {
    requestId: ctx.requestId,
    caller: ctx.caller,
    clock: ctx.clock,
    lang: ctx.lang,
    em,
    get loaders() {
      return ctx.loaders;
    },
    get log() {
      return ctx.log;
    },
  };
}

/** The seeder's, CLIs' and lab runtime's context: own getters, so `{ ...ctx, em }` copies it whole. */
function systemContext(options: ContextOptions): RequestContext {
  const requestId = options.requestId ?? randomUUID();
  let em: EntityManager | undefined;
  let loaders: Loaders | undefined;
  let log: Logger | undefined;
  return {
    requestId,
    caller: 'system',
    get em() {
      if (!em) {
        em = options.orm.em.fork({ useContext: false });
        applyScope(em, { system: true });
      }
      return em;
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

/**
 * A caller's {@link RequestContext}: its EntityManager, loaders and logger are prototype getters
 * over plain fields. Apollo Server copies the context value of every operation with
 * `Object.assign`, which invokes own getters (an `em.fork`, loaders and a logger child for every
 * `{ __typename }`); a copy of this one keeps the prototype and stays lazy. Copy it onto another
 * EntityManager with {@link withEntityManager}, not with a spread.
 */
class LazyRequestContext implements RequestContext {
  readonly requestId: string;
  readonly caller: Caller | 'system';
  readonly clock: Clock;
  readonly lang: Language;
  private madeEm?: EntityManager;
  private madeLoaders?: Loaders;
  private madeLog?: Logger;

  constructor(private readonly options: ContextOptions) {
    this.caller = options.caller;
    this.requestId = options.requestId ?? randomUUID();
    this.clock = options.clock ?? systemClock;
    this.lang = options.lang ?? 'en';
  }

  get em(): EntityManager {
    return (this.madeEm ??= this.scopedEm());
  }

  get loaders(): Loaders {
    return (this.madeLoaders ??= new Loaders(this.em));
  }

  get log(): Logger {
    return (this.madeLog ??= this.options.log.child({ requestId: this.requestId }));
  }

  private scopedEm(): EntityManager {
    const caller = this.caller as Caller;
    const forked = this.options.orm.em.fork({ useContext: false });
    applyScope(forked, {
      organizationId: caller.organizationId,
      kind: caller.organizationKind,
      region: caller.region,
      visibility: this.options.visibility!,
      ...(caller.role === 'LAB_AGENT' ? { labAgent: true } : {}),
      ...(caller.personId ? { person: { id: caller.personId, reader: caller.role === 'READER' } } : {}),
    });
    return forked;
  }
}
