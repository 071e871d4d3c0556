import { setMaxListeners } from 'node:events';
import { createPubSub } from '@graphql-yoga/subscription';
import type { GraphQLResolveInfo } from 'graphql';

// The bus is shared by every context, so its topic map cannot be typed here without this module
// importing them all; these two types are the one place that widens its types.
type UntypedPublish = (topic: string, ...args: unknown[]) => void;
type UntypedSubscribe = (topic: string, ...args: unknown[]) => AsyncIterable<unknown>;

/**
 * In-process event bus for GraphQL subscriptions. Topics are declared by the contexts that
 * publish them (e.g. `placementChanged`). Across API processes the relay (`notify-relay.ts`)
 * feeds it from PostgreSQL LISTEN/NOTIFY, on one process as on many.
 *
 * One instance per app, made by the composition root (`composeApp`) and given to whoever
 * publishes or subscribes: services (via `createServices`), resolvers, the lab store port and
 * type-graphql (`pubSub`, for `@Subscription({ topics })`). No module holds a global bus.
 */
export class EventBus {
  /**
   * The EventTarget under the bus. Every subscription adds one listener to its topic, so thousands
   * of subscribers are expected: Node's leak warning (10 listeners per event type) would fire at
   * the 11th. Leaks are guarded by a test counting listeners instead (subscription-load.test.ts).
   */
  readonly target: EventTarget = EventBus.unlimitedTarget();

  /** The underlying pub/sub, in the shape type-graphql's `pubSub` option takes. */
  readonly pubSub = createPubSub({ eventTarget: this.target });

  private static unlimitedTarget(): EventTarget {
    const target = new EventTarget();
    setMaxListeners(0, target);
    return target;
  }

  /** Publishes `payload` on `topic`, or on the sub-topic `id` of it (e.g. one session's events). */
  publish<T>(topic: string, payload: T, id?: string): void {
    const send = this.pubSub.publish as unknown as UntypedPublish;
    if (id === undefined) send(topic, payload);
    else send(topic, id, payload);
  }

  /** The stream of payloads published on `topic` (or on its sub-topic `id`). */
  subscribe<T>(topic: string, id?: string): AsyncIterable<T> {
    const listen = this.pubSub.subscribe as unknown as UntypedSubscribe;
    return (id === undefined ? listen(topic) : listen(topic, id)) as AsyncIterable<T>;
  }
}

declare module 'graphql' {
  interface GraphQLSchemaExtensions {
    /** The app's bus, attached by `buildApiSchema` for subscription resolvers. */
    eventBus?: EventBus;
  }
}

/**
 * The bus of the schema a subscription runs on. type-graphql's `@Subscription({ subscribe })`
 * option is evaluated outside the resolver instance, so it reaches the app's bus through the
 * schema it was built into (see `buildApiSchema`), not through a module global.
 */
export function busOf(info: GraphQLResolveInfo): EventBus {
  const bus = info.schema.extensions.eventBus;
  if (!bus) throw new Error('busOf: the schema was built without an EventBus');
  return bus;
}
