import { Entity, Enum, Filter, Index, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { scopeRule } from '../db/scope';
import { OrganizationKind } from '../shared/organization-kind';
import type { Organization } from './organization.entity';

/** What a key may do inside what its organisation may see. */
export enum ApiKeyRole {
  /** Everything, including issuing and revoking keys of its organisation (and, for the coordinator, of its region). */
  ADMIN = 'ADMIN',
  /** Read and change records of its organisation. */
  WRITER = 'WRITER',
  /** Read only. */
  READER = 'READER',
  /** A lab agent on a campus network: reports training sessions and station health. */
  LAB_AGENT = 'LAB_AGENT',
}

/**
 * An API key. Only a SHA-256 hash of the secret is stored: keys are 256-bit random values, so a
 * slow password hash would add latency to every request without adding safety.
 */
@Entity()
// Keyset pages walk this index in the list's default order (see the service's paginate call).
@Index({ name: 'api_key_default_order', expression: `create index "api_key_default_order" on "api_key" ("created_at" desc, "id")` })
// Keys are seen by their own organisation; only the coordinator, which administers the region's
// keys, sees the keys of the region's organisations. Other regional bodies (authority, industry
// council) oversee records, not credentials.
@Filter(
  scopeRule((caller) => (caller.kind === OrganizationKind.COORDINATOR ? { organization: { region: caller.region } } : { organization: caller.organizationId })),
)
export class ApiKey extends BaseEntity {
  @ManyToOne('Organization')
  @Index()
  organization!: Rel<Organization>;

  @Enum({ items: () => ApiKeyRole, nativeEnumName: 'api_key_role' })
  role!: ApiKeyRole;

  /** Public part of the key, shown in lists to tell keys apart. */
  @Property({ length: 16 })
  @Unique()
  prefix!: string;

  /** Hex SHA-256 of the whole key. */
  @Property({ length: 64, hidden: true })
  secretHash!: string;

  @Property()
  label!: string;

  /** Who issued it: `cli`, `seed`, or the id of the issuing key. */
  @Property()
  issuedBy!: string;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date;

  @Property({ nullable: true })
  revokedBy?: string;

  @Property({ type: 'timestamptz', nullable: true })
  lastUsedAt?: Date;
}
