import { createPubSub } from '@graphql-yoga/subscription';

/**
 * In-process event bus for GraphQL subscriptions. Topics are declared by the contexts that
 * publish them (e.g. `placementChanged`). Several API processes would relay these through
 * PostgreSQL LISTEN/NOTIFY; one process needs no relay.
 */
export const pubSub = createPubSub();
export type ApiPubSub = typeof pubSub;
