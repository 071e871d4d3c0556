import type { EntityManager } from '@mikro-orm/core';
import { Organization } from './organization.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Of the organisations a command names as parties, those that have been deactivated. What
 * deactivation means across DualHub (SECURITY.md, "Deactivated organisations"):
 *
 * - the organisation's API keys and the sessions of people acting for it stop authenticating
 *   (401 `UNAUTHENTICATED` with `extensions.reason: ORGANIZATION_INACTIVE`; open sockets close);
 * - no new key is issued for it and no person is invited into it;
 * - it cannot be named as a party of anything new — agreements, placements, demand, orders and
 *   their executors, control figures, dual groups; each context refuses with its own
 *   `ORGANIZATION_INACTIVE` code on the field naming it, asking this one function;
 * - what exists stays, readable by those who could read it, and is never deleted.
 *
 * Reads unscoped (the parties are named by the caller; the answer is one fact about each) in one
 * statement; ids that are not UUIDs are skipped (they are the caller's other refusals).
 */
export async function inactiveAmong(em: EntityManager, ids: readonly (string | null | undefined)[]): Promise<Set<string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id && UUID.test(id)))];
  if (wanted.length === 0) return new Set();
  const rows = await em.find(Organization, { id: { $in: wanted }, active: false }, { filters: false, fields: ['id'] });
  return new Set(rows.map((row) => row.id));
}

/** The reason an authentication failure carries when the credentials' organisation is deactivated. */
export const ORGANIZATION_INACTIVE = 'ORGANIZATION_INACTIVE';
