import { Collection, Entity, Enum, Filter, Index, ManyToOne, OneToMany, type Opt, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { isRegional, scopeRule } from '../db/scope';
import type { Organization } from '../organizations';
import { OrganizationKind } from '../shared/organization-kind';
import { NOTHING, ordersPlacedWith } from './demand.scope';
import { LineDecision, OrderStatus } from './demand.rules';

export { LineDecision, OrderStatus };

/**
 * The coordinator's consolidated order for training personnel of a region and year, formed from
 * the industry councils' agreed orders and the employers' demand: DRAFT → AGREED (every line
 * agreed by its industry council) → APPROVED (by the authority, with its order number and date) →
 * PLACED (lines placed with HEIs, which accept or decline them). The regional bodies see their
 * region's orders; an HEI sees a PLACED order that has a line placed with it (and only its lines).
 */
@Entity()
@Unique({ properties: ['region', 'year'] })
@Filter(
  scopeRule((caller, em) => {
    if (isRegional(caller)) return { region: caller.region };
    if (caller.kind === OrganizationKind.HEI) return { id: { $in: ordersPlacedWith(em, caller) } };
    return NOTHING;
  }),
)
export class ConsolidatedOrder extends BaseEntity {
  @Property()
  region!: string;

  /** The admission year the order is for. */
  @Property({ type: 'smallint' })
  year!: number;

  @ManyToOne('Organization')
  coordinator!: Rel<Organization>;

  @Enum({ items: () => OrderStatus, nativeEnumName: 'order_status', default: OrderStatus.DRAFT })
  status: OrderStatus & Opt = OrderStatus.DRAFT;

  /** The authority's approving order: number and date; set at APPROVED. */
  @Property({ length: 60, nullable: true })
  approvalNumber?: string;

  @Property({ type: 'date', nullable: true })
  approvalDate?: string;

  @Property({ type: 'uuid', nullable: true })
  approvedById?: string;

  @OneToMany('OrderLine', 'order')
  lines = new Collection<OrderLine>(this);
}

/**
 * One line of a consolidated order: a qualification, an admission year, a count and the HEI or
 * college that executes it, with the industry council's agreement and the HEI's decision.
 */
@Entity()
@Index({ properties: ['executor'] })
@Filter(
  scopeRule((caller, em) => {
    if (isRegional(caller)) return { region: caller.region };
    if (caller.kind === OrganizationKind.HEI) return { executor: caller.organizationId, order: { $in: ordersPlacedWith(em, caller) } };
    return NOTHING;
  }),
)
export class OrderLine extends BaseEntity {
  @ManyToOne('ConsolidatedOrder', { deleteRule: 'cascade' })
  @Index()
  order!: Rel<ConsolidatedOrder>;

  /** Region of the order (copied for the scope filter). */
  @Property()
  region!: string;

  @Property({ length: 20 })
  qualificationCode!: string;

  @Property({ length: 2 })
  industry!: string;

  @Property({ type: 'smallint' })
  year!: number;

  @Property({ type: 'integer' })
  count!: number;

  /** The HEI or college that trains the line; required before approval. */
  @ManyToOne('Organization', { nullable: true })
  executor?: Rel<Organization>;

  /** Why the count exceeds the submitted demand, when it does. */
  @Property({ type: 'text', nullable: true })
  justification?: string;

  /** The industry council that agreed the line, and when. */
  @Property({ type: 'uuid', nullable: true })
  agreedByCouncilId?: string;

  @Property({ type: 'timestamptz', nullable: true })
  agreedAt?: Date;

  @Enum({ items: () => LineDecision, nativeEnumName: 'order_line_decision', default: LineDecision.PENDING })
  decision: LineDecision & Opt = LineDecision.PENDING;

  @Property({ type: 'text', nullable: true })
  decisionReason?: string;
}
