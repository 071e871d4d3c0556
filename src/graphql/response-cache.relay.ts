import type { RelayChannel } from './notify-relay';
import type { EventBus } from './pubsub';

/** Bus topic of "a mutation ran here": forwarded to the other API processes by the relay. */
export const RESPONSES_INVALIDATED = 'responsesInvalidated';

/** PostgreSQL channel of {@link RESPONSES_INVALIDATED}. */
export const RESPONSES_INVALIDATED_CHANNEL = 'dualhub_responses_invalidated';

/**
 * How a process's response cache hears of changes: its own mutations (which it also tells the
 * other processes, over the relay channel this returns), the other processes' mutations, and the
 * change events the product publishes on the bus (`changeTopics`, e.g. `placementChanged`,
 * which the database's triggers feed on every process).
 */
export function responseCacheWiring(
  bus: EventBus,
  changeTopics: readonly string[],
): { channel: RelayChannel; connect: (invalidate: () => void) => () => void } {
  let invalidate: () => void = () => undefined;
  const channel: RelayChannel = {
    channel: RESPONSES_INVALIDATED_CHANNEL,
    forwardTopic: RESPONSES_INVALIDATED,
    deliver: async () => invalidate(),
    // A lost connection may have missed notifications: forget everything once listening again.
    resumed: async () => invalidate(),
  };
  const connect = (given: () => void) => {
    invalidate = given;
    for (const topic of changeTopics) {
      void (async () => {
        for await (const _event of bus.subscribe(topic)) invalidate();
      })();
    }
    return () => bus.publish(RESPONSES_INVALIDATED, { at: Date.now() });
  };
  return { channel, connect };
}
