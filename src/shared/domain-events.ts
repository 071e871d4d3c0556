/**
 * Domain events: what a context tells the outside world about a change, written in the change's
 * own transaction. A publishing context depends only on this port; the composition root gives it
 * the sink (today the webhooks outbox), so a publisher never imports its subscribers.
 */
/** A type of domain event a context publishes, declared in its module descriptor (`domainEvents`). */
export interface DomainEventType {
  /** Dotted name partners subscribe to, `<context>.<what happened>`, e.g. `placement.status_changed`. */
  readonly type: string;
  /** GraphQL type name of the event's subject (`Placement`): who may see the subject may receive the event. */
  readonly subject: string;
  /** One sentence for integrators. */
  readonly description: string;
}

/** One change, as partners are told of it. */
export interface DomainEvent {
  /** One of the declared {@link DomainEventType} names. */
  readonly type: string;
  /** The row the event is about: its GraphQL type name and row id. */
  readonly subject: { readonly type: string; readonly id: string };
  /** What changed (JSON); ids in it are row ids, the subject's global id is added by the sink. */
  readonly data: Readonly<Record<string, unknown>>;
  /** When the change happened. */
  readonly occurredAt: Date;
}

/**
 * Where domain events go: called inside the change's transaction with its unit of work `Tx` (the
 * ORM's EntityManager; a type parameter because src/shared depends on no framework).
 */
export interface DomainEventSink<Tx = unknown> {
  /** Adds the event to the transaction of `tx` (it is written with the change, or not at all). */
  publish(tx: Tx, event: DomainEvent): Promise<void>;
}

/** A sink that drops every event (apps composed without webhooks). */
export const noDomainEvents: DomainEventSink<never> = { publish: async () => undefined };
