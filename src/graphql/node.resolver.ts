import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../shared/request-context';
import { Node, type NodeTypes } from './node';
import { decodeGlobalId } from './relay';

/** Relay object identification: any object by its global id. */
@Resolver()
export class NodeResolver {
  constructor(private readonly nodeTypes: NodeTypes) {}

  @Query(() => Node, {
    nullable: true,
    description: 'Any object by its global id; null when it does not exist or you may not see it.',
  })
  node(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Node | null> {
    return loadNode(this.nodeTypes, ctx, id);
  }

  @Query(() => [Node], { nullable: 'items', description: 'Several objects by global id, in the order asked; null for each one not found.' })
  nodes(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: RequestContext): Promise<(Node | null)[]> {
    return Promise.all(ids.map((id) => loadNode(this.nodeTypes, ctx, id)));
  }
}

async function loadNode(nodeTypes: NodeTypes, ctx: RequestContext, globalId: string): Promise<Node | null> {
  const decoded = decodeGlobalId(globalId);
  const nodeType = decoded && nodeTypes.get(decoded.type);
  if (!decoded || !nodeType) return null;
  const row = await ctx.loaders.byId(nodeType.entity).load(decoded.id);
  return row ? (nodeType.toNode(row) as Node) : null;
}
