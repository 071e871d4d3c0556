import type { EntityClass } from '@mikro-orm/core';
import { Field, ID, InterfaceType } from 'type-graphql';

@InterfaceType({ description: 'An object with a global id: fetch any of them again with `node(id:)`.' })
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global id.' })
  id!: string;
}

/** How `node(id:)` finds and shows one type. */
export interface NodeType<E extends { id: string } = { id: string }, N = unknown> {
  entity: EntityClass<E>;
  toNode: (row: E) => N;
}

/** The types `node(id:)` can fetch, by GraphQL type name; built by the composition root from the modules. */
export type NodeTypes = ReadonlyMap<string, NodeType>;
