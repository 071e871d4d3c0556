import { Entity, Enum, Filter, Index, ManyToOne, type Opt, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { scopeRule } from '../db/scope';
import type { Organization, Person } from '../organizations';
import type { DualGroup } from './dual-group.entity';
import { ApplicationStatus } from './enrolment.rules';

export { ApplicationStatus };

/** A document attached to an application (e.g. the 11th-grade certificate, an apprenticeship contract). */
export interface ApplicationDocument {
  kind: string;
  number: string;
}

/**
 * A student's application to a dual group: documents, test score, and the HEI's decision.
 * Applicants' personal data: visible only to the HEI applied to (not even to the regional bodies)
 * and to the applicant, signed in as themselves. A student's session at an HEI sees only their
 * own applications, never the other applicants'.
 */
@Entity()
@Unique({ properties: ['group', 'student'] })
@Filter(
  scopeRule((caller) => {
    if (!caller.person) return { hei: caller.organizationId };
    if (caller.person.reader) return { student: caller.person.id };
    return { $or: [{ hei: caller.organizationId }, { student: caller.person.id }] };
  }),
)
export class Application extends BaseEntity {
  @ManyToOne('DualGroup')
  @Index()
  group!: Rel<DualGroup>;

  @ManyToOne('Organization')
  hei!: Rel<Organization>;

  @ManyToOne('Person')
  @Index()
  student!: Rel<Person>;

  @Property({ type: 'smallint' })
  intakeYear!: number;

  @Property({ type: 'jsonb' })
  documents!: ApplicationDocument[];

  @Property({ type: 'integer' })
  score!: number;

  @Enum({ items: () => ApplicationStatus, nativeEnumName: 'application_status', default: ApplicationStatus.SUBMITTED })
  status: ApplicationStatus & Opt = ApplicationStatus.SUBMITTED;

  @Property({ type: 'text', nullable: true })
  decisionReason?: string;
}
