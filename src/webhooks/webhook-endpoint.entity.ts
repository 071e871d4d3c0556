import { Entity, Enum, Filter, Index, ManyToOne, type Opt, Property, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { scopeRule } from '../db/scope';
import type { Organization } from '../organizations/organization.entity';

/** Whether an endpoint is sent to. */
export enum WebhookEndpointStatus {
  ACTIVE = 'ACTIVE',
  /** Turned off by its organisation or after too many consecutive failed attempts. */
  DISABLED = 'DISABLED',
}

/**
 * A partner system's HTTPS endpoint, subscribed by an organisation's ADMIN key to event types.
 * Visible to its own organisation only.
 */
@Entity()
@Filter(scopeRule((caller) => ({ organization: caller.organizationId })))
export class WebhookEndpoint extends BaseEntity {
  @ManyToOne('Organization')
  @Index()
  organization!: Rel<Organization>;

  /** Where deliveries are POSTed. */
  @Property({ type: 'text' })
  url!: string;

  /** Event type names (see `DomainEventType.type`). */
  @Property({ type: 'text[]' })
  eventTypes!: string[];

  @Property({ type: 'text', nullable: true })
  description?: string;

  /** The Standard Webhooks secret, `whsec_<base64>`; shown once, at creation. */
  @Property({ type: 'text', lazy: true })
  secret!: string;

  @Enum({ items: () => WebhookEndpointStatus, nativeEnumName: 'webhook_endpoint_status' })
  status: WebhookEndpointStatus & Opt = WebhookEndpointStatus.ACTIVE;

  /** Failed attempts since the last success; at the configured limit the endpoint is disabled. */
  @Property()
  consecutiveFailures: number & Opt = 0;

  @Property({ type: 'timestamptz', nullable: true })
  disabledAt?: Date;

  @Property({ type: 'text', nullable: true })
  disabledReason?: string;
}
