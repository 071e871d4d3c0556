import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { RequestContext } from '../shared/request-context';
import { withEntityManager } from './context';
import { type Outcome, refuse, type RuleViolation } from '../shared/rule-violation';

/** Options of {@link runMutation}. */
export interface MutationOptions<Code extends string> {
  /**
   * What a unique constraint (or unique index) means when the database, not the service's own
   * check, settles a race: constraint name → the refusal to return. A violation of a constraint
   * not named here is unexpected and rethrown (the error-masking plugin logs it).
   */
  unique?: Readonly<Record<string, () => RuleViolation<Code>>>;
}

/** Carries a refusal out of the transaction so that it rolls back. */
class Refusal<Code extends string> extends Error {
  constructor(readonly outcome: Outcome<never, Code>) {
    super('refused');
  }
}

/**
 * The one frame every mutation runs in: `work` gets a context whose EntityManager is a fresh
 * transaction; the transaction commits (flushing what `work` changed) only when `work` succeeds.
 * A refusal rolls back everything `work` wrote before it refused; a unique-constraint violation
 * named in `options.unique` becomes that refusal instead of an error.
 */
export async function runMutation<T, Code extends string>(
  ctx: RequestContext,
  work: (tx: RequestContext) => Promise<Outcome<T, Code>>,
  options: MutationOptions<Code> = {},
): Promise<Outcome<T, Code>> {
  try {
    return await ctx.em.transactional(async (em) => {
      const outcome = await work(withEntityManager(ctx, em));
      if (!outcome.ok) throw new Refusal(outcome);
      return outcome;
    });
  } catch (error) {
    if (error instanceof Refusal) return error.outcome as Outcome<never, Code>;
    const refusal = error instanceof UniqueConstraintViolationException ? options.unique?.[constraintOf(error) ?? ''] : undefined;
    if (refusal) return refuse(refusal());
    throw error;
  }
}

/** Name of the constraint or unique index PostgreSQL reported, if any. */
export function constraintOf(error: unknown): string | undefined {
  const constraint = (error as { constraint?: unknown }).constraint;
  return typeof constraint === 'string' ? constraint : undefined;
}
