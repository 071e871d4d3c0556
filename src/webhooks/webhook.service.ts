import { LockMode } from '@mikro-orm/core';
import { AuditAction, type AuditService } from '../audit';
import { runMutation } from '../db/mutation';
import { type Page, type PageRequest, paginate } from '../db/pagination';
import { NotFoundError, UnauthenticatedError } from '../shared/errors';
import type { DomainEventType } from '../shared/domain-events';
import { callerOf, requireRole } from '../shared/permissions';
import type { RequestContext } from '../shared/request-context';
import { type Outcome, refuse, succeed } from '../shared/rule-violation';
import { WebhookDelivery, WebhookDeliveryStatus } from './webhook-delivery.entity';
import { WebhookEndpoint, WebhookEndpointStatus } from './webhook-endpoint.entity';
import { newWebhookSecret, type TargetPolicy, urlRefusal } from './webhook.rules';
import { hostAllowed } from './webhook.sender';
import { WebhookErrorCode, webhookViolation } from './webhooks.messages';

export { WebhookErrorCode };

/** Input of {@link WebhookService.create}. */
export interface CreateEndpointCommand {
  url: string;
  eventTypes: readonly string[];
  description?: string | null;
}

/** Strict by default: public HTTPS only, until the worker start configures the exceptions. */
const STRICT: TargetPolicy = { httpHosts: [], allowedPrivateCidrs: [] };

/**
 * Webhook endpoints and their delivery logs: who may subscribe what, where deliveries may go,
 * replay and turning endpoints on and off. An organisation's ADMIN key manages its own endpoints;
 * scoping (the `scope` filter) keeps other organisations' endpoints and deliveries out of sight.
 */
export class WebhookService {
  private policy: TargetPolicy = STRICT;
  private readonly dueListeners = new Set<() => void>();

  /**
   * @param audit where status changes are recorded
   * @param eventTypes the event types the modules declare (`domainEvents`)
   */
  constructor(
    private readonly audit: AuditService,
    private readonly eventTypes: readonly DomainEventType[],
  ) {}

  /** Calls `listener` whenever deliveries may have come due (the outbox's NOTIFY); returns how to stop. */
  onDeliveriesDue(listener: () => void): () => void {
    this.dueListeners.add(listener);
    return () => this.dueListeners.delete(listener);
  }

  /** Deliveries were written PENDING (or notifications may have been missed): tells the dispatcher. */
  deliveriesDue(): void {
    for (const listener of this.dueListeners) listener();
  }

  /** Sets the exceptions to "public HTTPS only" from the configuration (done once at start). */
  configure(policy: TargetPolicy): void {
    this.policy = policy;
  }

  /** The target policy in force. */
  targetPolicy(): TargetPolicy {
    return this.policy;
  }

  /** Every event type an endpoint may subscribe to, by name. */
  listEventTypes(): readonly DomainEventType[] {
    return [...this.eventTypes].sort((a, b) => a.type.localeCompare(b.type));
  }

  /**
   * Subscribes an endpoint of the caller's organisation. Refused when the URL is not https (or an
   * allowed http host), resolves to a refused address, or names unknown event types. Returns the
   * secret once; it is never shown again.
   */
  async create(ctx: RequestContext, input: CreateEndpointCommand): Promise<Outcome<{ endpoint: WebhookEndpoint; secret: string }, WebhookErrorCode>> {
    requireRole(ctx, ['ADMIN']);
    const caller = callerOf(ctx);
    if (!caller) throw new UnauthenticatedError();
    const urlCode = urlRefusal(input.url, this.policy);
    if (urlCode) return refuse(webhookViolation(['input', 'url'], WebhookErrorCode[urlCode]));
    if (!(await hostAllowed(new URL(input.url).hostname, this.policy.allowedPrivateCidrs))) {
      return refuse(webhookViolation(['input', 'url'], WebhookErrorCode.PRIVATE_ADDRESS));
    }
    const types = [...new Set(input.eventTypes)];
    if (types.length === 0) return refuse(webhookViolation(['input', 'eventTypes'], WebhookErrorCode.NO_EVENT_TYPES));
    const known = new Set(this.eventTypes.map((t) => t.type));
    if (types.some((t) => !known.has(t))) return refuse(webhookViolation(['input', 'eventTypes'], WebhookErrorCode.UNKNOWN_EVENT_TYPE));
    const secret = newWebhookSecret();
    return runMutation(ctx, async (tx) => {
      const endpoint = tx.em.create(WebhookEndpoint, {
        organization: caller.organizationId,
        url: input.url,
        eventTypes: types,
        description: input.description?.trim() || undefined,
        secret,
      });
      this.audit.record(tx, tx.em, {
        objectType: 'WebhookEndpoint',
        objectId: endpoint.id,
        action: AuditAction.CREATED,
        after: { url: input.url, eventTypes: types, status: endpoint.status },
        visibleTo: [caller.organizationId],
        regions: [],
      });
      return succeed({ endpoint, secret });
    });
  }

  /** A page of the caller's endpoints, newest first. */
  list<N>(ctx: RequestContext, page: PageRequest, toNode: (row: WebhookEndpoint) => N): Promise<Page<N>> {
    requireRole(ctx, ['ADMIN']);
    return paginate(ctx.em, WebhookEndpoint, {}, page, { createdAt: 'desc' }, toNode);
  }

  /** The delivery log of one endpoint, newest first. */
  async deliveries<N>(
    ctx: RequestContext,
    endpointId: string,
    statuses: readonly WebhookDeliveryStatus[] | undefined,
    page: PageRequest,
    toNode: (row: WebhookDelivery) => N,
  ): Promise<Page<N>> {
    requireRole(ctx, ['ADMIN']);
    return paginate(
      ctx.em,
      WebhookDelivery,
      { endpoint: endpointId, ...(statuses?.length ? { status: { $in: [...statuses] } } : {}) },
      page,
      { createdAt: 'desc' },
      toNode,
    );
  }

  /** Turns an endpoint on (clearing its failure count) or off; recorded in the audit trail. */
  async setStatus(ctx: RequestContext, endpointId: string, status: WebhookEndpointStatus): Promise<Outcome<WebhookEndpoint, WebhookErrorCode>> {
    requireRole(ctx, ['ADMIN']);
    if (!(await ctx.em.findOne(WebhookEndpoint, { id: endpointId }))) throw new NotFoundError('WebhookEndpoint');
    return runMutation(ctx, async (tx) => {
      const endpoint = await tx.em.findOneOrFail(WebhookEndpoint, { id: endpointId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      const before = endpoint.status;
      if (before !== status) {
        endpoint.status = status;
        endpoint.consecutiveFailures = 0;
        endpoint.disabledAt = status === WebhookEndpointStatus.DISABLED ? ctx.clock.now() : endpoint.disabledAt;
        endpoint.disabledReason = status === WebhookEndpointStatus.DISABLED ? 'turned off by its organisation' : endpoint.disabledReason;
        this.audit.record(tx, tx.em, {
          objectType: 'WebhookEndpoint',
          objectId: endpoint.id,
          action: AuditAction.STATUS_CHANGED,
          before: { status: before },
          after: { status },
          visibleTo: [endpoint.organization.id],
          regions: [],
        });
      }
      return succeed(endpoint);
    });
  }

  /** Makes a delivery PENDING and due now (same `webhook-id`), whatever its status; its attempts keep counting. */
  async replay(ctx: RequestContext, deliveryId: string): Promise<Outcome<WebhookDelivery, WebhookErrorCode>> {
    requireRole(ctx, ['ADMIN']);
    if (!(await ctx.em.findOne(WebhookDelivery, { id: deliveryId }))) throw new NotFoundError('WebhookDelivery');
    return runMutation(ctx, async (tx) => {
      const delivery = await tx.em.findOneOrFail(
        WebhookDelivery,
        { id: deliveryId },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true, populate: ['endpoint'] },
      );
      this.audit.record(tx, tx.em, {
        objectType: 'WebhookDelivery',
        objectId: delivery.id,
        action: AuditAction.STATUS_CHANGED,
        reason: 'replay',
        before: { status: delivery.status },
        after: { status: WebhookDeliveryStatus.PENDING },
        visibleTo: [delivery.endpoint.organization.id],
        regions: [],
      });
      delivery.status = WebhookDeliveryStatus.PENDING;
      delivery.nextAttemptAt = new Date();
      delivery.deliveredAt = undefined;
      return succeed(delivery);
    });
  }
}
