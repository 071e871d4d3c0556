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

const nodeTypes = new Map<string, NodeType>();

/** Registers a type for `node(id:)`; each context calls it for its node types at module load. */
export function registerNodeType<E extends { id: string }, N>(typeName: string, nodeType: NodeType<E, N>): void {
  nodeTypes.set(typeName, nodeType as unknown as NodeType);
}

/** The registration of a type name, if any. */
export function nodeTypeOf(typeName: string): NodeType | undefined {
  return nodeTypes.get(typeName);
}
