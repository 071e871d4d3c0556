import { Entity, Enum, Filter, Index, type Opt, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { isRegional, visibilityFilter, type RowVisibility } from '../db/scope';
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
/**
 * Who sees an organisation: public institutions everyone; an employer itself, HEIs (who look for
 * partners) and the regional bodies of its region.
 */
export const organizationVisibility: RowVisibility = (caller) => {
  if (isRegional(caller)) {
    return {
      or: [
        { property: 'region', equals: caller.region },
        { property: 'kind', equals: PUBLIC_KINDS },
        { property: 'id', equals: caller.organizationId },
      ],
    };
  }
  if (caller.kind === OrganizationKind.HEI) return { all: true };
  return {
    or: [
      { property: 'id', equals: caller.organizationId },
      { property: 'kind', equals: PUBLIC_KINDS },
    ],
  };
};

@Entity()
// Keyset pages walk this index in the list's default order (see the service's paginate call).
@Index({ name: 'organization_default_order', expression: `create index "organization_default_order" on "organization" (("name"->>'en'), "id")` })
@Filter(visibilityFilter(organizationVisibility))
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

  /** Branch of the economy: an OKED section code (`C` manufacturing…), for employers and industry councils. */
  @Property({ length: 2, nullable: true })
  @Index()
  industry?: string;

  /** Whether the organisation takes part; an organisation is deactivated, never deleted. */
  @Property({ default: true })
  active: boolean & Opt = true;

  @Property({ type: 'timestamptz', nullable: true })
  deactivatedAt?: Date;

  @Property({ type: 'text', nullable: true })
  deactivationReason?: string;
}
