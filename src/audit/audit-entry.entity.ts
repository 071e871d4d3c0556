import { Entity, Enum, Filter, Index, Property } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { isRegional, scopeRule } from '../db/scope';

/** What happened to an audited object. */
export enum AuditAction {
  CREATED = 'CREATED',
  STATUS_CHANGED = 'STATUS_CHANGED',
  SIGNED = 'SIGNED',
  MENTOR_ASSIGNED = 'MENTOR_ASSIGNED',
  CURATOR_ASSIGNED = 'CURATOR_ASSIGNED',
  HAZARDS_CHANGED = 'HAZARDS_CHANGED',
}

/**
 * One change that matters (a status change, a signature, an assignment), kept with who made it,
 * when, and the object before and after. Entries are only ever added, never changed.
 *
 * Visibility is stored with the entry (`visibleTo`: the parties of the object when it changed,
 * `regions`: their regions), so the scope filter needs no join to the audited table. The
 * `history` fields read entries through their (already scoped) parent object.
 */
@Entity()
// Keyset pages walk this index in the list's default order (see the service's paginate call).
@Index({
  name: 'audit_entry_default_order',
  expression: `create index "audit_entry_default_order" on "audit_entry" ("object_type", "object_id", "at", "created_at", "id")`,
})
@Index({ properties: ['objectType', 'objectId', 'at'] })
@Filter(
  scopeRule((caller) =>
    isRegional(caller)
      ? { $or: [{ regions: { $contains: [caller.region] } }, { visibleTo: { $contains: [caller.organizationId] } }] }
      : { visibleTo: { $contains: [caller.organizationId] } },
  ),
)
export class AuditEntry extends BaseEntity {
  /** GraphQL type name of the object, e.g. `Placement`, `Agreement`, `Workplace`. */
  @Property({ length: 40 })
  objectType!: string;

  @Property({ type: 'uuid' })
  objectId!: string;

  @Enum({ items: () => AuditAction, nativeEnumName: 'audit_action' })
  action!: AuditAction;

  @Property({ type: 'timestamptz' })
  at!: Date;

  /** API key that made the change; null for system work (seed, lab runtime). */
  @Property({ type: 'uuid', nullable: true })
  actorKeyId?: string;

  /** Organisation of that key. */
  @Property({ type: 'uuid', nullable: true })
  actorOrganizationId?: string;

  /** The person acting, when known (e.g. the student whose signature an HEI records). */
  @Property({ type: 'uuid', nullable: true })
  actorPersonId?: string;

  @Property({ type: 'jsonb', nullable: true })
  before?: Record<string, unknown>;

  @Property({ type: 'jsonb', nullable: true })
  after?: Record<string, unknown>;

  @Property({ type: 'text', nullable: true })
  reason?: string;

  /** Organisations that may read this entry (the object's parties). */
  @Property({ type: 'text[]' })
  visibleTo!: string[];

  /** Regions whose regional bodies may read this entry. */
  @Property({ type: 'text[]' })
  regions!: string[];
}
