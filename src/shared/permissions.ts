import { ForbiddenError } from './errors';
import type { Caller, RequestContext } from './request-context';

type Role = Caller['role'];

/** The caller of a request context; system contexts have none. */
export function callerOf(ctx: RequestContext): Caller | undefined {
  return ctx.caller === 'system' ? undefined : ctx.caller;
}

/**
 * Throws FORBIDDEN unless the caller's key has one of the roles. System contexts pass: they are
 * the seeder, the CLIs and the lab runtime, never a request.
 */
export function requireRole(ctx: RequestContext, roles: readonly Role[]): void {
  const caller = callerOf(ctx);
  if (caller && !roles.includes(caller.role)) {
    throw new ForbiddenError(`This needs an API key with role ${roles.join(' or ')}; yours is ${caller.role}`);
  }
}

/** Roles that may change records. */
export const WRITE_ROLES: readonly Role[] = ['ADMIN', 'WRITER'];

/**
 * Whether the caller may administer an organisation's own records (its people, its API keys):
 * its own organisation, or — for the regional coordinator — any organisation of its region.
 * System contexts may.
 */
export function mayAdminister(ctx: RequestContext, organization: { id: string; region: string }): boolean {
  const caller = callerOf(ctx);
  return !caller || caller.organizationId === organization.id || (caller.organizationKind === 'COORDINATOR' && caller.region === organization.region);
}
