import { Entity, Enum, Filter, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { partiesVisibility, scopeConditionSql, visibilityFilter } from '../db/scope';
import type { Organization } from '../organizations/organization.entity';
import type { Person } from '../organizations/person.entity';
import { type Agreement, AgreementParty } from './agreement.entity';

/**
 * One party's signature of an agreement: which party, which organisation signed (the HEI records
 * the student's signature), with which API key and when. Scoped like its agreement.
 */
@Entity()
@Unique({ properties: ['agreement', 'party'] })
@Filter(
  visibilityFilter((caller, knex) => ({
    property: 'agreement',
    in: knex('agreement as a')
      .select('a.id')
      .where(scopeConditionSql(partiesVisibility(caller, knex), knex, 'a', (property) => `${property}_id`)),
  })),
)
export class AgreementSignature extends BaseEntity {
  @ManyToOne('Agreement', { deleteRule: 'cascade' })
  agreement!: Rel<Agreement>;

  @Enum({ items: () => AgreementParty, nativeEnumName: 'agreement_party' })
  party!: AgreementParty;

  /** Organisation whose key recorded the signature. */
  @ManyToOne('Organization')
  organization!: Rel<Organization>;

  /** The person who signed, when known (always the student for a STUDENT signature). */
  @ManyToOne('Person', { nullable: true })
  person?: Rel<Person>;

  /** API key that recorded it; null for fixtures and system work. */
  @Property({ type: 'uuid', nullable: true })
  apiKeyId?: string;

  @Property({ type: 'timestamptz' })
  signedAt!: Date;
}
