import { createPubSub } from '@graphql-yoga/subscription';

/**
 * In-process event bus for GraphQL subscriptions. Topics are declared by the contexts that
 * publish them (e.g. `placementChanged`). Several API processes would relay these through
 * PostgreSQL LISTEN/NOTIFY; one process needs no relay.
 */
export const pubSub = createPubSub();

// The bus is shared by every context, so its topic map cannot be typed here without this module
// importing them all; these two functions are the one place that widens its types.
type UntypedPublish = (topic: string, ...args: unknown[]) => void;
type UntypedSubscribe = (topic: string, ...args: unknown[]) => AsyncIterable<unknown>;

/** Publishes `payload` on `topic`, or on the sub-topic `id` of it (e.g. one session's events). */
export function publish<T>(topic: string, payload: T, id?: string): void {
  const send = pubSub.publish as unknown as UntypedPublish;
  if (id === undefined) send(topic, payload);
  else send(topic, id, payload);
}

/** The stream of payloads published on `topic` (or on its sub-topic `id`). */
export function subscribe<T>(topic: string, id?: string): AsyncIterable<T> {
  const listen = pubSub.subscribe as unknown as UntypedSubscribe;
  return (id === undefined ? listen(topic) : listen(topic, id)) as AsyncIterable<T>;
}
