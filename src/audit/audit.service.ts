import type { EntityManager } from '@mikro-orm/core';
import { type Page, type PageRequest, paginate } from '../db/pagination';
import { applyScope } from '../db/scope';
import type { RequestContext } from '../shared/request-context';
import { AuditAction, AuditEntry } from './audit-entry.entity';

/** What {@link AuditService.record} writes. */
export interface AuditRecord {
  objectType: string;
  objectId: string;
  action: AuditAction;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  reason?: string | null;
  /** The person acting, when known. */
  actorPersonId?: string | null;
  /** Organisations that may read the entry: the object's parties. */
  visibleTo: string[];
  /** Regions whose regional bodies may read the entry. */
  regions: string[];
}

/** The audit trail: who changed what, when, from what to what, and why. */
export class AuditService {
  /**
   * Adds an entry to the unit of work of `em` (the caller's transaction), so it is written in
   * the same flush as the change it records, or not at all. The actor comes from `ctx`.
   */
  record(ctx: RequestContext, em: EntityManager, entry: AuditRecord): AuditEntry {
    const caller = ctx.caller === 'system' ? undefined : ctx.caller;
    return em.create(AuditEntry, {
      objectType: entry.objectType,
      objectId: entry.objectId,
      action: entry.action,
      at: ctx.clock.now(),
      actorKeyId: caller?.keyId,
      actorOrganizationId: caller?.organizationId,
      actorPersonId: entry.actorPersonId ?? caller?.personId,
      before: entry.before ?? undefined,
      after: entry.after ?? undefined,
      reason: entry.reason ?? undefined,
      visibleTo: [...new Set(entry.visibleTo)],
      regions: [...new Set(entry.regions)],
    });
  }

  /**
   * A page of the history of one object, oldest first. Call it only for an object the caller
   * has already loaded through its scoped EntityManager: seeing the object means seeing its history,
   * so the entries are read without the audit filter (a party that joined later sees earlier entries too).
   */
  history<N>(ctx: RequestContext, objectType: string, objectId: string, page: PageRequest, toNode: (e: AuditEntry) => N): Promise<Page<N>> {
    const em = applyScope(ctx.em.fork({ clear: true }), { system: true });
    return paginate(em, AuditEntry, { objectType, objectId }, page, { at: 'asc', createdAt: 'asc' }, toNode);
  }
}
