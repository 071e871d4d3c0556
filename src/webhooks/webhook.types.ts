import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../graphql/node';
import { connectionType, toGlobalId } from '../graphql/relay';
import { userErrorType } from '../graphql/user-error';
import type { DomainEventType } from '../shared/domain-events';
import { type WebhookDelivery, WebhookDeliveryStatus } from './webhook-delivery.entity';
import { type WebhookEndpoint, WebhookEndpointStatus } from './webhook-endpoint.entity';
import { WebhookErrorCode } from './webhooks.messages';

registerEnumType(WebhookEndpointStatus, {
  name: 'WebhookEndpointStatus',
  description: 'Whether an endpoint is sent to.',
  valuesConfig: {
    ACTIVE: { description: 'Deliveries are sent.' },
    DISABLED: { description: 'Nothing is sent (turned off, or disabled automatically after repeated failure); deliveries wait until it is ACTIVE again.' },
  },
});

registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'Where a delivery stands.',
  valuesConfig: {
    PENDING: { description: 'Not yet delivered; sent at `nextAttemptAt` (retries back off exponentially, with jitter).' },
    DELIVERED: { description: 'The endpoint answered with a 2xx status.' },
    FAILED: { description: 'Every attempt failed; `replayWebhookDelivery` sends it again.' },
  },
});

export const WebhookUserError = userErrorType('WebhookUserError', WebhookErrorCode, 'Rules about webhook endpoints.');
type WebhookUserErrorType = InstanceType<typeof WebhookUserError>;

@ObjectType('WebhookEventType', { description: 'A kind of event an endpoint may subscribe to.' })
export class WebhookEventTypeNode {
  @Field({ description: 'The name to subscribe to and the `type` field of the delivered body, e.g. `placement.status_changed`.' }) type!: string;
  @Field({
    description:
      "GraphQL type of the event's subject (`data.subject.id` is its global id); you receive the event only if your organisation may see the subject.",
  })
  subjectType!: string;
  @Field({ description: 'What the event means.' }) description!: string;
}

/** API shape of a declared event type. */
export function toWebhookEventTypeNode(t: DomainEventType): WebhookEventTypeNode {
  return Object.assign(new WebhookEventTypeNode(), { type: t.type, subjectType: t.subject, description: t.description });
}

@ObjectType('WebhookEndpoint', {
  implements: Node,
  description:
    'An HTTPS endpoint of a partner system that receives events of your organisation, signed per the Standard Webhooks specification (headers `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`).',
})
export class WebhookEndpointNode extends Node {
  rowId!: string;
  @Field({ description: 'Where deliveries are POSTed (JSON body `{ type, timestamp, data }`).' }) url!: string;
  @Field(() => [String], { description: 'Event types it receives (see `webhookEventTypes`).' }) eventTypes!: string[];
  @Field(() => String, { nullable: true, description: 'Free text for your own bookkeeping.' }) description!: string | null;
  @Field(() => WebhookEndpointStatus, { description: 'Whether deliveries are sent.' }) status!: WebhookEndpointStatus;
  @Field(() => Int, { description: 'Failed attempts since the last success; at the configured limit the endpoint is DISABLED.' }) consecutiveFailures!: number;
  @Field(() => Date, { nullable: true, description: 'When it was last disabled.' }) disabledAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Why it was disabled.' }) disabledReason!: string | null;
  @Field({ description: 'When it was subscribed.' }) createdAt!: Date;
}

/** API shape of an endpoint (never its secret). */
export function toWebhookEndpointNode(row: WebhookEndpoint): WebhookEndpointNode {
  return Object.assign(new WebhookEndpointNode(), {
    id: toGlobalId('WebhookEndpoint', row.id),
    rowId: row.id,
    url: row.url,
    eventTypes: [...row.eventTypes],
    description: row.description ?? null,
    status: row.status,
    consecutiveFailures: row.consecutiveFailures,
    disabledAt: row.disabledAt ?? null,
    disabledReason: row.disabledReason ?? null,
    createdAt: row.createdAt,
  });
}

@ObjectType('WebhookDelivery', { implements: Node, description: 'One event sent (or to be sent) to one endpoint: the delivery log.' })
export class WebhookDeliveryNode extends Node {
  rowId!: string;
  endpointId!: string;
  @Field({ description: 'The `webhook-id` header: the same on every attempt, so receivers can drop duplicates (delivery is at least once).' })
  webhookId!: string;
  @Field({ description: 'Event type of the body.' }) eventType!: string;
  @Field({ description: 'The exact JSON body sent.' }) body!: string;
  @Field(() => WebhookDeliveryStatus, { description: 'Where the delivery stands.' }) status!: WebhookDeliveryStatus;
  @Field(() => Int, { description: 'Attempts made so far.' }) attempts!: number;
  @Field(() => Int, { nullable: true, description: 'HTTP status of the last answer; null when there was none (refused connection, timeout).' })
  lastResponseCode!: number | null;
  @Field(() => String, { nullable: true, description: 'Why the last attempt failed.' }) lastError!: string | null;
  @Field(() => Date, { nullable: true, description: 'When the last attempt started.' }) lastAttemptAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When a PENDING delivery is next tried.' }) nextAttemptAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the endpoint accepted it.' }) deliveredAt!: Date | null;
  @Field({ description: 'When the event was written to the outbox.' }) createdAt!: Date;
}

/** API shape of a delivery. */
export function toWebhookDeliveryNode(row: WebhookDelivery): WebhookDeliveryNode {
  return Object.assign(new WebhookDeliveryNode(), {
    id: toGlobalId('WebhookDelivery', row.id),
    rowId: row.id,
    endpointId: row.endpoint.id,
    webhookId: row.id,
    eventType: row.eventType,
    body: row.body,
    status: row.status,
    attempts: row.attempts,
    lastResponseCode: row.lastResponseCode ?? null,
    lastError: row.lastError ?? null,
    lastAttemptAt: row.lastAttemptAt ?? null,
    nextAttemptAt: row.status === WebhookDeliveryStatus.PENDING ? row.nextAttemptAt : null,
    deliveredAt: row.deliveredAt ?? null,
    createdAt: row.createdAt,
  });
}

export const WebhookEndpointConnection = connectionType(WebhookEndpointNode, 'WebhookEndpoint');
export const WebhookDeliveryConnection = connectionType(WebhookDeliveryNode, 'WebhookDelivery');

@InputType({ description: 'Narrows a delivery log.' })
export class WebhookDeliveryFilter {
  @Field(() => [WebhookDeliveryStatus], { nullable: true, description: 'Only deliveries in these statuses.' }) statuses?: WebhookDeliveryStatus[];
}

@InputType({ description: 'A new endpoint of your organisation (needs an ADMIN key).' })
export class CreateWebhookEndpointInput {
  @Field({ description: 'An https:// URL that resolves to a public address.' }) @MaxLength(2000) url!: string;
  @Field(() => [String], { description: 'Event types to receive (see `webhookEventTypes`).' }) @ArrayMaxSize(50) eventTypes!: string[];
  @Field({ nullable: true, description: 'Free text for your own bookkeeping.' }) @IsOptional() @MaxLength(500) description?: string;
}

@ObjectType({ description: 'What `createWebhookEndpoint` returns: the endpoint and its secret, or the rules it would break.' })
export class CreateWebhookEndpointPayload {
  @Field(() => WebhookEndpointNode, { nullable: true, description: 'The new endpoint; null when there are userErrors.' }) endpoint!: WebhookEndpointNode | null;
  @Field(() => String, { nullable: true, description: 'The signing secret, `whsec_<base64>`. Shown only here, once: store it to verify signatures.' }) secret!:
    string | null;
  @Field(() => [WebhookUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: WebhookUserErrorType[];
}

@InputType({ description: 'Turns an endpoint on or off.' })
export class SetWebhookEndpointStatusInput {
  @Field(() => ID, { description: 'Global id of the WebhookEndpoint.' }) endpointId!: string;
  @Field(() => WebhookEndpointStatus, { description: 'ACTIVE resumes sending (and clears the failure count); DISABLED stops it.' })
  status!: WebhookEndpointStatus;
}

@ObjectType({ description: 'What `setWebhookEndpointStatus` returns.' })
export class SetWebhookEndpointStatusPayload {
  @Field(() => WebhookEndpointNode, { nullable: true, description: 'The endpoint after the change.' }) endpoint!: WebhookEndpointNode | null;
  @Field(() => [WebhookUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: WebhookUserErrorType[];
}

@InputType({ description: 'Sends a delivery again.' })
export class ReplayWebhookDeliveryInput {
  @Field(() => ID, { description: 'Global id of the WebhookDelivery.' }) deliveryId!: string;
}

@ObjectType({ description: 'What `replayWebhookDelivery` returns.' })
export class ReplayWebhookDeliveryPayload {
  @Field(() => WebhookDeliveryNode, { nullable: true, description: 'The delivery, PENDING again and due now (same `webhook-id`).' })
  delivery!: WebhookDeliveryNode | null;
  @Field(() => [WebhookUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: WebhookUserErrorType[];
}
