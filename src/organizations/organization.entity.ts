import { Entity, Enum, Filter, Index, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { isRegional, scopeRule } from '../db/scope';
import { OrganizationKind } from '../shared/organization-kind';
import type { LocalizedText } from '../shared/localized';

export { OrganizationKind };

/** Kinds of organisation every caller may see: public institutions. Employers are private. */
const PUBLIC_KINDS = Object.values(OrganizationKind).filter((kind) => kind !== OrganizationKind.EMPLOYER);

/** Type of a higher-education institution, for HEIs only. */
export enum HeiType {
  UNIVERSITY = 'UNIVERSITY',
  COLLEGE = 'COLLEGE',
}

/**
 * A stakeholder organisation. Public institutions are visible to every caller; an employer is
 * visible to itself, to HEIs (who look for partners) and to the regional bodies of its region.
 */
@Entity()
@Filter(
  scopeRule((caller) => {
    if (isRegional(caller)) return { $or: [{ region: caller.region }, { kind: { $in: PUBLIC_KINDS } }, { id: caller.organizationId }] };
    if (caller.kind === OrganizationKind.HEI) return {};
    return { $or: [{ id: caller.organizationId }, { kind: { $in: PUBLIC_KINDS } }] };
  }),
)
export class Organization extends BaseEntity {
  @Enum({ items: () => OrganizationKind, nativeEnumName: 'organization_kind' })
  @Index()
  kind!: OrganizationKind;

  @Enum({ items: () => HeiType, nullable: true })
  heiType?: HeiType;

  /** Region code, e.g. `PAVLODAR`, `WEST_KAZAKHSTAN`, `KOSTANAY`. */
  @Property()
  @Index()
  region!: string;

  /** Kazakh business identification number: 12 digits. */
  @Property({ length: 12 })
  @Unique()
  bin!: string;

  @Property({ type: 'jsonb' })
  name!: LocalizedText;

  @Property({ nullable: true })
  shortName?: string;

  @Property({ nullable: true })
  city?: string;

  @Property({ nullable: true })
  website?: string;
}
