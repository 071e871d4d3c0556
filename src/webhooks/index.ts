export { webhooksModule } from './webhooks.module';
export { WebhookService, WebhookErrorCode } from './webhook.service';
export { WebhookOutbox, countWebhookBacklog, type OutboxDeps } from './webhook.outbox';
export { WebhookEndpoint, WebhookEndpointStatus } from './webhook-endpoint.entity';
export { WebhookDelivery, WebhookDeliveryStatus } from './webhook-delivery.entity';
export { signWebhook, webhookHeaders } from './webhook.rules';
