import type { EntityClass, EntityManager } from '@mikro-orm/core';
import { SCOPE_FILTER, type ScopeParams, type VisibilityRules } from '../db/scope';
import { toGlobalId } from '../graphql/relay';
import type { Organization } from '../organizations';
import type { DomainEvent, DomainEventSink } from '../shared/domain-events';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint, WebhookEndpointStatus } from './webhook-endpoint.entity';

/** What the outbox needs from the composition root. */
export interface OutboxDeps {
  /** Who may see whom: the same rules every request's scope carries. */
  readonly visibility: VisibilityRules;
  /** The entity behind a GraphQL type name (the subject of an event), from the modules' node types. */
  readonly entityOf: (typeName: string) => EntityClass<{ id: string }> | undefined;
}

/** The JSON body partners receive (Standard Webhooks' `type` / `timestamp` / `data` shape). */
export function webhookBody(event: DomainEvent): string {
  return JSON.stringify({
    type: event.type,
    timestamp: event.occurredAt.toISOString(),
    data: { ...event.data, subject: { type: event.subject.type, id: toGlobalId(event.subject.type, event.subject.id) } },
  });
}

/**
 * The webhooks side of the domain-event port: for each ACTIVE endpoint subscribed to the event's
 * type whose organisation may see the event's subject, adds a PENDING delivery to the change's
 * own transaction. Visibility is decided by the `scope` filter with the endpoint organisation's
 * parameters, the same mechanism that scopes its API requests.
 */
export class WebhookOutbox implements DomainEventSink<EntityManager> {
  constructor(private readonly deps: OutboxDeps) {}

  async publish(em: EntityManager, event: DomainEvent): Promise<void> {
    const endpoints = await em.find(
      WebhookEndpoint,
      { status: WebhookEndpointStatus.ACTIVE, eventTypes: { $contains: [event.type] } },
      { filters: false, populate: ['organization'] },
    );
    if (endpoints.length === 0) return;
    const entity = this.deps.entityOf(event.subject.type);
    if (!entity) throw new Error(`WebhookOutbox: no entity for subject type ${event.subject.type}`);
    // The subject may have been created in this transaction: write it so the scope check sees it.
    await em.flush();
    const body = webhookBody(event);
    const seen = new Map<string, boolean>();
    for (const endpoint of endpoints) {
      const organization = endpoint.organization as Organization;
      let visible = seen.get(organization.id);
      if (visible === undefined) {
        visible = await this.visibleTo(em, entity, event.subject.id, organization);
        seen.set(organization.id, visible);
      }
      if (!visible) continue;
      em.create(WebhookDelivery, { endpoint, eventType: event.type, body });
    }
  }

  private async visibleTo(em: EntityManager, entity: EntityClass<{ id: string }>, id: string, organization: Organization): Promise<boolean> {
    const params: ScopeParams = { organizationId: organization.id, kind: organization.kind, region: organization.region, visibility: this.deps.visibility };
    return (await em.count(entity, { id }, { filters: { [SCOPE_FILTER]: params } })) > 0;
  }
}

/** Deliveries waiting to be sent (PENDING, whether due or backing off): the metrics gauge of the backlog. */
export function countWebhookBacklog(em: EntityManager): Promise<number> {
  return em.count(WebhookDelivery, { status: 'PENDING' as WebhookDelivery['status'] }, { filters: false });
}
