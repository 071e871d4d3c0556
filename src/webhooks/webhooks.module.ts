import { defineModule } from '../module';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookDispatcher } from './webhook.dispatcher';
import { WebhookResolver } from './webhook.resolver';
import { toWebhookDeliveryNode, toWebhookEndpointNode } from './webhook.types';

/** PostgreSQL channel the outbox NOTIFYs when a delivery is written PENDING. */
const WEBHOOK_DUE_CHANNEL = 'dualhub_webhook_due';

/**
 * Webhooks for partner systems: endpoints subscribed to the domain events the other modules
 * declare, an outbox written in each change's transaction (the `DomainEventSink` the composition
 * root gives the publishing services), and a dispatcher that signs and sends it at least once.
 */
export const webhooksModule = defineModule({
  name: 'webhooks',
  entities: [WebhookEndpoint, WebhookDelivery],
  resolvers: (s) => [new WebhookResolver(s.webhooks)],
  nodeTypes: {
    WebhookEndpoint: { entity: WebhookEndpoint, toNode: toWebhookEndpointNode },
    WebhookDelivery: { entity: WebhookDelivery, toNode: toWebhookDeliveryNode },
  },
  // The outbox's NOTIFY (migration 20261202161000): a delivery written PENDING wakes the dispatcher.
  relayChannels: (s) => [
    {
      channel: WEBHOOK_DUE_CHANNEL,
      deliver: async () => s.webhooks.deliveriesDue(),
      // Listening again after a lost connection: a notification may have been missed.
      resumed: async () => s.webhooks.deliveriesDue(),
    },
  ],
  workers: async (s, { config, orm, log }) => {
    s.webhooks.configure({ httpHosts: config.WEBHOOK_HTTP_HOSTS, allowedPrivateCidrs: config.WEBHOOK_ALLOW_PRIVATE_CIDRS });
    if (!config.WEBHOOK_DISPATCHER) return async () => undefined;
    const dispatcher = new WebhookDispatcher(orm, s.audit, log.child({ module: 'webhooks' }), {
      pollMs: config.WEBHOOK_POLL_MS,
      batchSize: config.WEBHOOK_BATCH_SIZE,
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      claimMs: Math.max(config.WEBHOOK_CLAIM_MS, config.WEBHOOK_TIMEOUT_MS + 1000),
      maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
      disableAfter: config.WEBHOOK_DISABLE_AFTER,
      backoff: { initialMs: config.WEBHOOK_BACKOFF_INITIAL_MS, maxMs: config.WEBHOOK_BACKOFF_MAX_MS },
      allowedPrivateCidrs: config.WEBHOOK_ALLOW_PRIVATE_CIDRS,
    });
    const unsubscribe = s.webhooks.onDeliveriesDue(() => dispatcher.wake());
    dispatcher.start();
    return async () => {
      unsubscribe();
      await dispatcher.stop();
    };
  },
});
