import { Entity, Enum, Filter, Index, ManyToOne, type Opt, Property, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { scopeRule } from '../db/scope';
import type { WebhookEndpoint } from './webhook-endpoint.entity';

/** Where a delivery stands. */
export enum WebhookDeliveryStatus {
  /** Waiting for its next attempt (`nextAttemptAt`). */
  PENDING = 'PENDING',
  /** The endpoint answered 2xx. */
  DELIVERED = 'DELIVERED',
  /** Every attempt failed; replay sends it again. */
  FAILED = 'FAILED',
}

/**
 * One event for one endpoint: the outbox row written in the change's transaction, then claimed
 * by a dispatcher (`FOR UPDATE SKIP LOCKED`) and sent at least once. Its id is the
 * `webhook-id` header, the same on every attempt, so receivers can drop duplicates.
 */
@Entity()
@Index({ name: 'webhook_delivery_due_index', properties: ['status', 'nextAttemptAt'] })
@Filter(scopeRule((caller) => ({ endpoint: { organization: caller.organizationId } })))
export class WebhookDelivery extends BaseEntity {
  @ManyToOne('WebhookEndpoint')
  @Index()
  endpoint!: Rel<WebhookEndpoint>;

  @Property({ type: 'text' })
  eventType!: string;

  /** The exact body sent (a JSON text, so the signature covers the same bytes on every attempt). */
  @Property({ type: 'text' })
  body!: string;

  @Enum({ items: () => WebhookDeliveryStatus, nativeEnumName: 'webhook_delivery_status' })
  status: WebhookDeliveryStatus & Opt = WebhookDeliveryStatus.PENDING;

  /** Attempts made so far. */
  @Property()
  attempts: number & Opt = 0;

  /** When a dispatcher may next claim it; while an attempt runs, the end of its claim. */
  @Property({ type: 'timestamptz' })
  nextAttemptAt: Date & Opt = new Date();

  @Property({ nullable: true })
  lastResponseCode?: number;

  @Property({ type: 'text', nullable: true })
  lastError?: string;

  @Property({ type: 'timestamptz', nullable: true })
  lastAttemptAt?: Date;

  @Property({ type: 'timestamptz', nullable: true })
  deliveredAt?: Date;
}
