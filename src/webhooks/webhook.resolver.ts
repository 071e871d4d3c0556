import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, fromGlobalId } from '../graphql/relay';
import { payloadOf } from '../graphql/user-error';
import type { RequestContext } from '../shared/request-context';
import type { WebhookService } from './webhook.service';
import {
  CreateWebhookEndpointInput,
  CreateWebhookEndpointPayload,
  ReplayWebhookDeliveryInput,
  ReplayWebhookDeliveryPayload,
  SetWebhookEndpointStatusInput,
  SetWebhookEndpointStatusPayload,
  toWebhookDeliveryNode,
  toWebhookEndpointNode,
  toWebhookEventTypeNode,
  WebhookDeliveryConnection,
  WebhookDeliveryFilter,
  WebhookEndpointConnection,
  WebhookEndpointNode,
  WebhookEventTypeNode,
  WebhookUserError,
} from './webhook.types';

@Resolver(() => WebhookEndpointNode)
export class WebhookResolver {
  constructor(private readonly webhooks: WebhookService) {}

  @Query(() => [WebhookEventTypeNode], { description: 'Every event type a webhook endpoint may subscribe to.' })
  webhookEventTypes(): WebhookEventTypeNode[] {
    return this.webhooks.listEventTypes().map(toWebhookEventTypeNode);
  }

  @Query(() => WebhookEndpointConnection, { description: "Your organisation's webhook endpoints, newest first (needs an ADMIN key)." })
  webhookEndpoints(@Args() page: ConnectionArgs, @Ctx() ctx: RequestContext) {
    return this.webhooks.list(ctx, page, toWebhookEndpointNode);
  }

  @FieldResolver(() => WebhookDeliveryConnection, { description: 'The delivery log of this endpoint, newest first.' })
  deliveries(
    @Root() endpoint: WebhookEndpointNode,
    @Args() page: ConnectionArgs,
    @Arg('filter', () => WebhookDeliveryFilter, { nullable: true }) filter: WebhookDeliveryFilter | null,
    @Ctx() ctx: RequestContext,
  ) {
    return this.webhooks.deliveries(ctx, endpoint.rowId, filter?.statuses, page, toWebhookDeliveryNode);
  }

  @Mutation(() => CreateWebhookEndpointPayload, {
    description: 'Subscribes an HTTPS endpoint of your organisation to event types (needs an ADMIN key). The signing secret is returned once.',
  })
  async createWebhookEndpoint(@Arg('input') input: CreateWebhookEndpointInput, @Ctx() ctx: RequestContext): Promise<CreateWebhookEndpointPayload> {
    const outcome = await this.webhooks.create(ctx, { url: input.url, eventTypes: input.eventTypes, description: input.description });
    return payloadOf(outcome, WebhookUserError, ctx, (value) => ({ endpoint: toWebhookEndpointNode(value.endpoint), secret: value.secret }));
  }

  @Mutation(() => SetWebhookEndpointStatusPayload, { description: 'Turns an endpoint on (clearing its failure count) or off.' })
  async setWebhookEndpointStatus(@Arg('input') input: SetWebhookEndpointStatusInput, @Ctx() ctx: RequestContext): Promise<SetWebhookEndpointStatusPayload> {
    const outcome = await this.webhooks.setStatus(ctx, fromGlobalId(input.endpointId, 'WebhookEndpoint', 'input.endpointId'), input.status);
    return payloadOf(outcome, WebhookUserError, ctx, (value) => ({ endpoint: toWebhookEndpointNode(value) }));
  }

  @Mutation(() => ReplayWebhookDeliveryPayload, { description: 'Sends a delivery again (same `webhook-id`), e.g. after fixing the receiver.' })
  async replayWebhookDelivery(@Arg('input') input: ReplayWebhookDeliveryInput, @Ctx() ctx: RequestContext): Promise<ReplayWebhookDeliveryPayload> {
    const outcome = await this.webhooks.replay(ctx, fromGlobalId(input.deliveryId, 'WebhookDelivery', 'input.deliveryId'));
    return payloadOf(outcome, WebhookUserError, ctx, (value) => ({ delivery: toWebhookDeliveryNode(value) }));
  }
}
